#pragma once
// Where the client's completed operations go once no verdict window needs them in memory: two
// append-only files in the run's folder, one of records (read back whole for the end-of-run
// checks) and one of acknowledged write values in acknowledgement order (read a block at a time
// for the lost-write count).
// So the operation history costs disk, not memory, however long the run. Not thread-safe: the
// OpRecorder calls it under its own lock.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <utility>
#include <vector>

#include "labs/replication/op_record.h"

namespace archlab::replication {

class OpSpill {
public:
    /// Files ops.bin and acked-values.bin in `dir`; with no dir, anonymous temporary files.
    /// Throws std::runtime_error naming the file when one cannot be created.
    explicit OpSpill(const std::filesystem::path& dir = {});
    ~OpSpill();
    OpSpill(const OpSpill&) = delete;
    OpSpill& operator=(const OpSpill&) = delete;

    /// Appends record `index`. A record the disk refuses (full) is kept in memory instead: the
    /// checks stay exact, only the memory grows.
    void add(std::size_t index, const OpRecord& op);
    /// Every record added, as (index, record), in the order added.
    std::vector<std::pair<std::size_t, OpRecord>> read_all() const;
    /// Appends the value of a write just acknowledged (kept in memory if the disk refuses it).
    void add_acked_value(std::int64_t value);
    std::size_t acked_values() const { return values_ + kept_values_.size(); }
    /// Calls f(block) with the acknowledged values [from, to) in order, a block at a time.
    /// Values from `from` (at most a block, none at or past `to`) into `block`; false when none.
    bool read_values(std::size_t from, std::size_t to, std::vector<std::int64_t>& block) const;
    std::size_t size() const { return records_ + kept_.size(); }

private:

    std::FILE* records_file_ = nullptr;
    std::FILE* values_file_ = nullptr;
    std::size_t records_ = 0;      ///< records written to records_file_
    std::size_t values_ = 0;       ///< values written to values_file_
    std::vector<std::pair<std::size_t, OpRecord>> kept_;  ///< records the disk refused
    std::vector<std::int64_t> kept_values_;               ///< values the disk refused, after the values_ on disk
};

}  // namespace archlab::replication
