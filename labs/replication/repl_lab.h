#pragma once
// The replication lab: a primary and replicas with sync, semi-sync, async or quorum replication,
// failover, stale reads, lost acknowledged writes and a linearizability verdict.
#include "core/lab/lab.h"

namespace archlab::replication {

class ReplicationLab : public Lab {
public:
    ReplicationLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* replication_explain();

}  // namespace archlab::replication
