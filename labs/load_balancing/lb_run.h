#pragma once
// One run of the load-balancing lab on the runtime it is given: its cluster, its declared series
// and its summary. Shares, latency and errors come from the client's records; detection delay
// from the lab's own fault times and the balancer's routing changes. Live runs also open the
// HTTP front door (curl, wrk) into the same balancer.
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/lb/balancer_config.h"
#include "core/net/lab_front_door.h"
#include "labs/load_balancing/detection_log.h"
#include "labs/load_balancing/lb_config.h"
#include "labs/load_balancing/lb_metrics.h"
#include "labs/load_balancing/served_spread.h"

namespace archlab::lblab {

/// Reads the lab's knobs into a config; throws InputError for settings that do not fit together
/// (slow_node beyond nodes, detect_after_ms not above heartbeat_ms ...).
std::shared_ptr<LbLabConfig> config_from(const Settings& settings);

class LbRun : public LabRun {
public:
    LbRun(const RunEnv& env, const Settings& settings);
    ~LbRun() override;

    const SeriesTable& series() const override { return table_; }
    void started() override;
    void stop_workload() override;
    bool drained() const override;
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    bool apply_fault(const FaultEvent& fault) override;
    std::vector<ServiceEndpoint> endpoints() const override;
    /// "removed from the pool" for an app node the balancer took out (discovery lost it), else "".
    std::string node_role(const std::string& node) const override;

    /// What the client measured and what the balancer published (for tests).
    const LbMetrics& metrics() const { return *metrics_; }
    const lb::BalancerWatch& watch() const { return *watch_; }

private:
    void declare_series();
    void declare_node_columns();
    /// Alive nodes as the balancer sees them, from its membership changes so far.
    int alive_nodes() const;

    Runtime& runtime_;
    std::shared_ptr<LbLabConfig> cfg_;
    std::shared_ptr<LbMetrics> metrics_;
    std::shared_ptr<lb::BalancerConfig> balancer_;
    std::shared_ptr<lb::BalancerWatch> watch_;
    DetectionLog detection_;
    std::unique_ptr<net::LabFrontDoor> door_;  ///< live only: curl and wrk come in here, through the same lb
    std::unique_ptr<ServedSpread> spread_;     ///< above kNodeColumnsUpTo nodes: the shares' spread
    SeriesTable table_;
};

}  // namespace archlab::lblab
