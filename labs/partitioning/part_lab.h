#pragma once
// The partitioning lab: range, hash-mod, consistent-hash, rendezvous, jump and hash-slot
// partitioning over shards with their own SQLite databases; shards added, removed and split
// while traffic runs, keys moved for real, and an end-of-run audit of every database.
#include "core/lab/lab.h"

namespace archlab::partlab {

class PartitioningLab : public Lab {
public:
    PartitioningLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* partitioning_explain();

}  // namespace archlab::partlab
