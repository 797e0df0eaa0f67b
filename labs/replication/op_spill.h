#pragma once
// Where the client's completed operations go once no verdict window needs them in memory: two
// append-only files in the run's folder, one of records (read back whole for the end-of-run
// checks) and one of acknowledged write values (read at every sample for the lost-write count).
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

    /// Appends record `index` (and its value, when it is an acknowledged write). A record the disk
    /// refuses (full) is kept in memory instead: the checks stay exact, only the memory grows.
    void add(std::size_t index, const OpRecord& op);
    /// Every record added, as (index, record), in the order added.
    std::vector<std::pair<std::size_t, OpRecord>> read_all() const;
    /// Calls f(value) for the value of every acknowledged write added, a block at a time.
    template <class F>
    void for_each_acked_value(F&& f) const {
        std::vector<std::int64_t> block;
        for (std::size_t from = 0; read_values(from, block); from += block.size()) {
            for (std::int64_t v : block) f(v);
        }
        for (const auto& [index, op] : kept_) {
            if (is_acked_write(op)) f(op.value);
        }
    }
    std::size_t size() const { return records_ + kept_.size(); }

private:
    /// Values [from, from + block) into `block`; false when none are left.
    bool read_values(std::size_t from, std::vector<std::int64_t>& block) const;

    std::FILE* records_file_ = nullptr;
    std::FILE* values_file_ = nullptr;
    std::size_t records_ = 0;      ///< records written to records_file_
    std::size_t values_ = 0;       ///< values written to values_file_
    std::vector<std::pair<std::size_t, OpRecord>> kept_;  ///< records the disk refused
};

}  // namespace archlab::replication
