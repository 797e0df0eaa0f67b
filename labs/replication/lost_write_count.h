#pragma once
// The lost-write figure of every sample: acknowledged writes whose value the database holding
// the truth lacks (the current primary's; quorum: every node's). A ledger only grows until its
// node wipes or replaces its store, so between such resets, and while the primary stays the
// same node, only the writes acknowledged since the last sample and the ones missing then need
// looking up. Any change of primary or reset looks every acknowledged write up again, a block at
// a time from the recorder's spill. Memory: the missing values only.
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/replication/op_history.h"

namespace archlab::replication {

class LostWriteCount {
public:
    /// A database whose ledger is part of the truth, with how many times it was reset so far.
    struct Source {
        SqlitePool* db = nullptr;
        int ordinal = 0;
        std::uint64_t resets = 0;
        bool operator==(const Source&) const = default;
    };

    /// The count now. `sources()` gives the truth's databases (read before and after the lookups:
    /// a reset meanwhile makes the next call look everything up again).
    template <class Sources>
    std::uint64_t update(const OpRecorder& ops, Sources&& sources) {
        const std::vector<Source> before = sources();
        if (before != checked_against_) {
            checked_ = 0;
            missing_.clear();
        }
        missing_ = missing_from(before, std::move(missing_));
        const std::size_t acked = ops.acked_writes();
        ops.for_each_acked_value_block(checked_, acked, [&](const std::vector<std::int64_t>& block) {
            const std::vector<std::int64_t> lost = missing_from(before, block);
            missing_.insert(missing_.end(), lost.begin(), lost.end());
        });
        checked_ = acked;
        checked_against_ = sources() == before ? before : std::vector<Source>{};
        return missing_.size();
    }

private:
    /// The values no source's ledger holds.
    static std::vector<std::int64_t> missing_from(const std::vector<Source>& sources, std::vector<std::int64_t> values);

    std::vector<Source> checked_against_;   ///< the sources the figures below were found against
    std::size_t checked_ = 0;               ///< acknowledged writes looked up so far
    std::vector<std::int64_t> missing_;     ///< their values no source held
};

}  // namespace archlab::replication
