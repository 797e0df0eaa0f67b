#pragma once
// One client operation as the replication lab's clients record it, Jepsen-style.
#include <cstdint>

namespace archlab::replication {

enum class OpF : std::uint8_t { Read, Write, Cas };
enum class OpStatus : std::uint8_t { Pending, Ok, Fail, Info };

struct OpRecord {
    std::int64_t process = 0;     ///< Jepsen process: a new one after an operation ends in :info
    OpF f = OpF::Read;
    std::uint32_t key = 0;
    std::int64_t value = 0;       ///< write: value written; cas: the new value; read: value returned
    std::int64_t expected = 0;    ///< cas: value the key had to hold (0 = absent)
    bool found = false;           ///< read: the key existed (false = nil)
    std::uint64_t version = 0;    ///< read: version returned; write/cas: version assigned (ok)
    std::int64_t invoke_ns = 0;   ///< client clock (run time) at invocation
    std::int64_t complete_ns = -1;///< at completion; -1 while pending
    OpStatus status = OpStatus::Pending;
    bool stale = false;           ///< read returned an older version than one acknowledged before it began
    int node = -1;                ///< data-node ordinal that answered (reads), -1 unknown
    std::uint64_t invoke_seq = 0;  ///< order of events as the client recorded them (ties in time)
    std::uint64_t complete_seq = 0;
};

inline bool is_write(const OpRecord& op) { return op.f != OpF::Read; }
/// A write or compare-and-set the client was told took effect.
inline bool is_acked_write(const OpRecord& op) { return is_write(op) && op.status == OpStatus::Ok; }

}  // namespace archlab::replication
