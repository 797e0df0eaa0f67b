#include "core/lab/fault_event.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/lab/settings.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {

constexpr const char* kSpanHint = "use e.g. 5s or 250ms";

// Bounds checked at input, so the runtime never scales or adds an absurd number (a factor of
// 1e300 times a service time, or a delay that overflows a count of nanoseconds when added to now).
constexpr double kMaxSlowFactor = 1000.0;                  ///< slow xN: at most this many times the work
constexpr Nanos kMaxPerMessage = std::chrono::seconds(60);  ///< slow / delay / jitter: added per message, at most
constexpr Nanos kMaxFaultTime = std::chrono::hours(24);     ///< a fault's time from the run's start, at most

/// A duration unit as written after the number, and its length in nanoseconds.
struct Unit {
    const char* name;  ///< "ms"
    double ns;         ///< nanoseconds per unit
};
constexpr Unit kUnits[] = {{"ns", 1.0},  {"us", 1e3},  {"\xC2\xB5s", 1e3}, {"ms", 1e6},
                           {"s", 1e9},   {"m", 60e9},  {"min", 60e9},      {"h", 3600e9}};

/// Reads "1.5s", "250ms", "1m"... (zero or more). On failure returns nothing and says why in `hint`.
std::optional<Nanos> read_span(const std::string& text, std::string& hint) {
    const char* b = text.data();
    const char* e = b + text.size();
    double v = 0.0;
    const auto res = std::from_chars(b, e, v, std::chars_format::general);
    if (res.ec != std::errc() || res.ptr == b || !std::isfinite(v)) {
        hint = kSpanHint;
        return std::nullopt;
    }
    if (v < 0) {
        hint = "must not be negative";
        return std::nullopt;
    }
    const std::string unit(res.ptr, e);
    if (unit.empty()) {
        hint = "give a unit, e.g. " + text + "s or " + text + "ms";
        return std::nullopt;
    }
    for (const Unit& u : kUnits) {
        if (unit != u.name) continue;
        const double ns = v * u.ns;
        if (ns > 9.2e18) {
            hint = "too long";
            return std::nullopt;
        }
        return Nanos(std::llround(ns));
    }
    hint = kSpanHint;
    return std::nullopt;
}

/// Whole text is a finite number.
std::optional<double> read_number(const std::string& text) {
    const char* b = text.data();
    const char* e = b + text.size();
    double v = 0.0;
    const auto res = std::from_chars(b, e, v, std::chars_format::general);
    if (b == e || res.ec != std::errc() || res.ptr != e || !std::isfinite(v)) return std::nullopt;
    return v;
}

/// "a->b" or "a<->b" with two node names that are not themselves links.
bool is_link_target(const std::string& target) {
    std::size_t pos = target.find("<->"), len = 3;
    if (pos == std::string::npos) {
        pos = target.find("->");
        len = 2;
    }
    if (pos == std::string::npos) return false;
    const std::string from = target.substr(0, pos), to = target.substr(pos + len);
    const auto plain = [](const std::string& n) { return !n.empty() && n.find_first_of("<>") == std::string::npos; };
    return plain(from) && plain(to);
}

bool takes_value(const std::string& action) {
    return action == "slow" || action == "delay" || action == "jitter" || action == "drop" || action == "duplicate";
}

/// Checks the value for its action; throws InputError after `ctx`.
void check_value(const std::string& action, const std::string& value, const std::string& ctx) {
    if (value.empty()) return;  // every action with a value has a default
    if (!takes_value(action)) throw InputError(ctx + ": action '" + action + "' takes no value, got '" + value + "'");
    std::string hint;
    if (action == "drop" || action == "duplicate") {
        const auto p = read_number(value);
        if (!p || *p < 0.0 || *p > 1.0) {
            throw InputError(ctx + ": " + action + " needs a probability from 0 to 1, got '" + value + "'");
        }
    } else if (action == "slow") {
        if (value[0] == 'x') {
            const auto f = read_number(value.substr(1));
            if (!f || *f < 1.0 || *f > kMaxSlowFactor) {
                throw InputError(ctx + ": slow factor '" + value + "' must be a number from 1 to 1000, e.g. x3");
            }
        } else if (const auto d = read_span(value, hint); !d) {
            throw InputError(ctx + ": slow takes a duration such as 20ms or a factor such as x3, got '" + value + "'");
        } else if (*d > kMaxPerMessage) {
            throw InputError(ctx + ": slow adds at most 60s per message, got '" + value + "'");
        }
    } else if (const auto d = read_span(value, hint); !d) {
        throw InputError(ctx + ": " + action + " needs a duration such as 5ms, got '" + value + "' (" + hint + ")");
    } else if (*d > kMaxPerMessage) {
        throw InputError(ctx + ": " + action + " adds at most 60s per message, got '" + value + "'");
    }
}

/// "5s", "2.5s", "250ms", "500us": the shortest exact text for a time.
std::string format_span(Nanos d) {
    const long long n = d.count();
    if (n % 1000000 != 0) return n % 1000 == 0 ? std::to_string(n / 1000) + "us" : std::to_string(n) + "ns";
    const long long ms = n / 1000000;
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    if (ms < 1000) return std::to_string(ms) + "ms";
    std::string frac = std::to_string(1000 + ms % 1000).substr(1);  // three digits, leading zeros kept
    while (frac.back() == '0') frac.pop_back();
    return std::to_string(ms / 1000) + "." + frac + "s";
}

}  // namespace

std::string format_duration(Nanos d) { return format_span(d); }

const std::vector<std::string>& node_actions() {
    static const std::vector<std::string> a = {"kill",  "restart", "pause",   "resume",    "slow",
                                               "unslow", "partition", "heal", "flush", "promote",
                                               "add-shard", "remove-shard", "split", "move-slots"};
    return a;
}

bool takes_no_target(const std::string& action) { return action == "add-shard"; }

const std::vector<std::string>& link_actions() {
    static const std::vector<std::string> a = {"delay", "jitter", "drop", "duplicate", "cut", "heal-link"};
    return a;
}

bool is_link_action(const std::string& action) {
    const auto& l = link_actions();
    return std::find(l.begin(), l.end(), action) != l.end();
}

Nanos parse_duration(const std::string& text, const std::string& what) {
    std::string hint;
    if (auto d = read_span(text, hint)) return *d;
    throw InputError(what + ": bad duration '" + text + "' (" + hint + ")");
}

FaultEvent FaultEvent::parse(const std::string& text) {
    const std::string ctx = "fault '" + text + "'";
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (parts.size() == 2 && takes_no_target(parts[1])) return from_parts(parts[0], parts[1], "", "", ctx);
    if (parts.size() < 3 || parts.size() > 4) {
        throw InputError(ctx + ": expected TIME:ACTION:TARGET or TIME:ACTION:TARGET:VALUE, e.g. 5s:kill:worker-2");
    }
    return from_parts(parts[0], parts[1], parts[2], parts.size() == 4 ? parts[3] : "", ctx);
}

FaultEvent FaultEvent::from_parts(const std::string& at, std::string action, std::string target, std::string value,
                                  const std::string& context) {
    FaultEvent f;
    std::string hint;
    const auto t = read_span(at, hint);
    if (!t) throw InputError(context + ": bad time '" + at + "' (" + hint + ")");
    if (*t > kMaxFaultTime) throw InputError(context + ": bad time '" + at + "' (at most 24h into the run)");
    f.at = *t;
    if (!is_link_action(action)) {
        const auto& n = node_actions();
        if (std::find(n.begin(), n.end(), action) == n.end()) {
            std::vector<std::string> all = n;
            all.insert(all.end(), link_actions().begin(), link_actions().end());
            const auto near = closest_match(action, all);
            throw InputError(context + ": unknown action '" + action + "'" +
                             (near ? ", did you mean '" + *near + "'?" : "") + " (actions: " + join_names(all) + ")");
        }
    }
    if (target.empty() && !takes_no_target(action)) {
        throw InputError(context + ": no target (a node like worker-2 or a link like lb->worker-1)");
    }
    // The text form TIME:ACTION:TARGET:VALUE (run records, --fault) must read back as the same event.
    if (target.find(':') != std::string::npos || value.find(':') != std::string::npos) {
        throw InputError(context + ": a target or value cannot hold ':', got '" +
                         (target.find(':') != std::string::npos ? target : value) + "'");
    }
    if (is_link_action(action) && !is_link_target(target)) {
        throw InputError(context + ": action '" + action + "' needs a link target like 'a->b' or 'a<->b', got '" +
                         target + "'");
    }
    if (!is_link_action(action) && target.find_first_of("<>") != std::string::npos) {
        throw InputError(context + ": action '" + action + "' needs a node target like 'worker-2', got the link '" +
                         target + "'");
    }
    check_value(action, value, context);
    f.action = std::move(action);
    f.target = std::move(target);
    f.value = std::move(value);
    return f;
}

std::string FaultEvent::to_string() const {
    if (target.empty()) return format_span(at) + ":" + action;  // an action that needs no target
    return format_span(at) + ":" + action + ":" + target + (value.empty() ? "" : ":" + value);
}

nlohmann::json FaultEvent::to_json() const {
    return {{"at_s", to_s(at)}, {"action", action}, {"target", target}, {"value", value}};
}

}  // namespace archlab
