#pragma once
// The queueing lab: client -> load balancer -> workers -> SQLite database, and the
// queueing-theory prediction beside the measured latency.
#include "core/lab/lab.h"

namespace archlab::queueing {

class QueueingLab : public Lab {
public:
    QueueingLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* queueing_explain();

}  // namespace archlab::queueing
