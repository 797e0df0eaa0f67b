#pragma once
// A finished run held for scrubbing, on the live page: which run, its summary, the times of its
// samples and its recorded topology, read back at any of those times.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/topology_record.h"
#include "views/topology_model.h"

namespace archlab {

class RunStore;

class RunReview {
public:
    /// store may be null (then no topology); run_id 0 = not recorded.
    RunReview(RunStore* store, std::int64_t run_id, nlohmann::json summary, std::vector<double> times_s);

    std::int64_t runId() const { return run_id_; }
    const nlohmann::json& summary() const { return summary_; }
    const std::vector<double>& times() const { return times_s_; }
    bool hasTopology() const { return !topology_.empty(); }
    /// Why the topology could not be read ("" when it was, or was never recorded).
    const std::string& topologyError() const { return error_; }
    /// The cluster at the last sample at or before t_s, link rates averaged over the second
    /// before it; empty when no topology was recorded.
    TopologySnapshot topologyAt(double t_s) const;

    static constexpr double kRateWindow_s = 1.0;   ///< link rates: messages over this much run time

private:
    std::int64_t run_id_;
    nlohmann::json summary_;
    std::vector<double> times_s_;
    TopologyTimeline topology_;
    std::string error_;
};

}  // namespace archlab
