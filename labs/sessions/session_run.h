#pragma once
// One run of the sessions lab on the runtime it is given. Session loss, refusals, load skew and
// latency come from the client's records of the answers. Live, two outside doors open: the HTTP
// front door into the same balancer, and (shared-store) the store's data over RESP for redis-cli.
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/lb/balancer_config.h"
#include "core/net/lab_front_door.h"
#include "core/resp/resp_server.h"
#include "labs/sessions/session_config.h"
#include "labs/sessions/session_metrics.h"
#include "labs/sessions/store_node.h"

namespace archlab::sessions {

/// Reads the lab's knobs (token clock and key per the run's time mode and seed); throws
/// InputError for values that do not fit together.
std::shared_ptr<SessionConfig> session_config_from(const Settings& settings, TimeMode mode, std::uint64_t seed);

class SessionRun : public LabRun {
public:
    /// App nodes above this many are charted as min / mean / max, not one column each.
    static constexpr int kPerNodeColumnsMax = 32;

    SessionRun(const RunEnv& env, const Settings& settings);
    ~SessionRun() override;

    const SeriesTable& series() const override { return table_; }
    void started() override;
    void stop_workload() override;
    bool drained() const override;
    void stopped() override;
    nlohmann::json summary() override;
    std::vector<ServiceEndpoint> endpoints() const override;
    /// "removed from the pool" for an app node the balancer took out (discovery lost it), else "".
    std::string node_role(const std::string& node) const override;
    bool apply_fault(const FaultEvent& fault) override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;

    /// What the client measured (tests read it directly).
    const SessionMetrics& metrics() const { return *metrics_; }
    /// The store node's data.
    const SessionStorePtr& store() const { return store_; }
    const SessionConfig& config() const { return *cfg_; }

private:
    void declare_series();
    void declare_per_node_series();
    nlohmann::json per_node_summary() const;

    Runtime& runtime_;
    TimeMode mode_;
    std::shared_ptr<SessionConfig> cfg_;
    std::shared_ptr<SessionMetrics> metrics_;
    std::shared_ptr<lb::BalancerConfig> balancer_;
    std::shared_ptr<lb::BalancerWatch> watch_;
    SessionStorePtr store_;                         ///< the store node's data, also served to redis-cli (live)
    std::unique_ptr<net::LabFrontDoor> door_;       ///< live: curl and wrk come in here, through the same lb
    std::unique_ptr<resp::RespServer> store_door_;  ///< live, shared-store: redis-cli -p PORT sees the sessions
    SeriesTable table_;
};

}  // namespace archlab::sessions
