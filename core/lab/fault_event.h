#pragma once
// One entry of a fault timeline: at a time, an action on a target (node or link).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/runtime/clock.h"

namespace archlab {

/// Actions: kill, restart, pause, resume, slow, unslow, partition, heal (node targets);
/// delay, jitter, drop, duplicate, heal-link (link targets "a->b" or "a<->b").
struct FaultEvent {
    Nanos at{0};             ///< since run start
    std::string action;
    std::string target;      ///< node id ("worker-2") or link ("lb->worker-1", "lb<->worker-1")
    std::string value;       ///< optional: "10ms" for slow/delay/jitter, "0.2" for drop/duplicate

    /// "5s:kill:worker-2", "4s:slow:db:20ms", "2.5s:delay:lb->worker-1:5ms", "3s:add-shard".
    /// Throws InputError naming the part that is wrong.
    static FaultEvent parse(const std::string& text);
    /// Builds and checks an event from its parts (a scenario's object form); errors start with `context`.
    static FaultEvent from_parts(const std::string& at, std::string action, std::string target, std::string value,
                                 const std::string& context);
    std::string to_string() const;
    nlohmann::json to_json() const;
};

/// Parses "10s", "250ms", "1.5s", "1m", "500us"; throws InputError with `what` in the message.
Nanos parse_duration(const std::string& text, const std::string& what);
/// The shortest exact text parse_duration reads back: "5s", "2.5s", "250ms", "500us".
std::string format_duration(Nanos d);

/// True for actions whose target may be left out ("3s:add-shard"): the target is then "".
bool takes_no_target(const std::string& action);
/// True for actions that take a link target.
bool is_link_action(const std::string& action);
const std::vector<std::string>& node_actions();
const std::vector<std::string>& link_actions();

}  // namespace archlab
