#pragma once
// The load-balancing lab: client -> lb -> node-1..N, with a discovery service tracking which
// nodes are alive by heartbeats.
#include "core/lab/lab.h"

namespace archlab::lblab {

class LoadBalancingLab : public Lab {
public:
    LoadBalancingLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* load_balancing_explain();

}  // namespace archlab::lblab
