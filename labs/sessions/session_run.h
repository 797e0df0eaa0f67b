#pragma once
// One run of the sessions lab on the live runtime. Session loss, refusals, load skew and
// latency come from the client's records of the answers.
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/net/lab_front_door.h"
#include "core/lb/balancer_config.h"
#include "core/metrics/histogram.h"
#include "core/resp/resp_server.h"
#include "labs/sessions/session_config.h"
#include "labs/sessions/session_metrics.h"
#include "labs/sessions/store_node.h"

namespace archlab::sessions {

/// Reads the lab's knobs; throws InputError for values that do not fit together.
std::shared_ptr<SessionConfig> session_config_from(const Settings& settings);

/// Summary fields computed from the metrics (shared by the run and the tests).
nlohmann::json session_summary(const SessionMetrics& m, double span_s);

class SessionRun : public LabRun {
public:
    SessionRun(const Settings& settings, std::uint64_t seed);
    ~SessionRun() override;

    Runtime& runtime() override { return *runtime_; }
    void start() override;
    void stop() override;
    std::vector<std::string> series_columns() const override;
    void sample(double t_s, std::vector<double>& values) override;
    nlohmann::json summary() override;
    std::vector<ServiceEndpoint> endpoints() const override;
    bool apply_fault(const FaultEvent& fault) override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    std::vector<ChartSpec> charts() const override { return chart_specs(cfg_->nodes); }

    static std::vector<ChartSpec> chart_specs(int nodes);

private:
    std::shared_ptr<SessionConfig> cfg_;
    std::shared_ptr<SessionMetrics> metrics_;
    std::shared_ptr<lb::BalancerConfig> balancer_;
    std::shared_ptr<lb::BalancerWatch> watch_;
    std::unique_ptr<Runtime> runtime_;
    net::LabFrontDoor door_;  ///< curl and wrk come in here, through the same lb
    SessionStorePtr store_;   ///< the store node's data, also served to redis-cli
    std::unique_ptr<resp::RespServer> store_door_;  ///< redis-cli -p PORT sees the sessions
    bool stopped_ = false;
    double stop_s_ = 0.0;

    HistogramSnapshot prev_latency_;
    std::uint64_t prev_ok_ = 0, prev_lost_ = 0, prev_errors_ = 0, prev_refused_ = 0;
    std::vector<std::uint64_t> prev_node_requests_;
    double prev_t_s_ = 0.0;
};

}  // namespace archlab::sessions
