#pragma once
// A Redis stream entry id, "<ms>-<seq>", and the ways commands spell one: "-" and "+" for the
// smallest and largest, a bare "<ms>" (sequence 0 or the largest, by side), "(<id>" for an
// exclusive bound (XRANGE), "<ms>-*" and "*" for ids XADD picks.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archlab::broker {

struct StreamId {
    std::uint64_t ms = 0;   ///< milliseconds part (Unix ms when the broker picks it)
    std::uint64_t seq = 0;  ///< sequence within the millisecond

    static constexpr StreamId min() { return {0, 0}; }
    static constexpr StreamId max() { return {UINT64_MAX, UINT64_MAX}; }
    friend constexpr auto operator<=>(const StreamId&, const StreamId&) = default;

    /// "ms-seq"
    std::string text() const;
    /// The next id (false when this is max()).
    bool increment();
    /// The previous id (false when this is min()).
    bool decrement();
};

/// Which side of a range a bare "<ms>" fills in: sequence 0 (start) or the largest (end).
enum class MissingSeq { Zero, Max };

/// Parses an id as Redis' streamParseID does: "-" and "+" (unless strict), "<ms>" with the
/// missing sequence filled per `missing`, "<ms>-<seq>". Numbers as Redis' string2ull reads them.
/// nullopt when malformed; the caller answers "ERR Invalid stream ID ...".
std::optional<StreamId> parse_stream_id(std::string_view text, MissingSeq missing, bool strict = false);

/// An id for XADD: "*" (both parts picked), "<ms>-*" (sequence picked) or an explicit id.
struct AddIdSpec {
    StreamId id;               ///< the explicit part(s)
    bool pick_ms = false;      ///< "*": the broker picks the milliseconds and sequence
    bool pick_seq = false;     ///< "<ms>-*": the broker picks the sequence
};
std::optional<AddIdSpec> parse_add_id(std::string_view text);

inline constexpr const char* kInvalidStreamId = "ERR Invalid stream ID specified as stream command argument";

}  // namespace archlab::broker
