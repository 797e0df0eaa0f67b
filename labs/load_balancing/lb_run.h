#pragma once
// One run of the load-balancing lab on the live runtime: builds the cluster, samples its series
// and writes its summary. Shares, latency and errors come from the client's records; detection
// delay from the lab's own fault times and the balancer's routing changes.
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/lb/balancer_config.h"
#include "core/metrics/histogram.h"
#include "labs/load_balancing/detection_log.h"
#include "labs/load_balancing/lb_config.h"
#include "labs/load_balancing/lb_metrics.h"

namespace archlab::lblab {

/// Reads the lab's knobs into a config (and the balancer's weights); throws InputError for
/// settings that do not fit together (slow_node beyond nodes, weights longer than nodes ...).
std::shared_ptr<LbLabConfig> config_from(const Settings& settings);
std::map<std::string, int> weights_from(const std::string& text, int nodes);

class LbRun : public LabRun {
public:
    LbRun(const Settings& settings, std::uint64_t seed);
    ~LbRun() override;

    Runtime& runtime() override { return *runtime_; }
    void start() override;
    void stop() override;
    std::vector<std::string> series_columns() const override;
    void sample(double t_s, std::vector<double>& values) override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    bool apply_fault(const FaultEvent& fault) override;
    std::vector<ChartSpec> charts() const override { return chart_specs(cfg_->nodes); }

    static std::vector<ChartSpec> chart_specs(int nodes);

private:
    std::shared_ptr<LbLabConfig> cfg_;
    std::shared_ptr<LbMetrics> metrics_;
    std::shared_ptr<lb::BalancerConfig> balancer_;
    std::shared_ptr<lb::BalancerWatch> watch_;
    DetectionLog detection_;
    std::unique_ptr<Runtime> runtime_;
    bool stopped_ = false;
    double stop_s_ = 0.0;

    // Sampler state: the previous tick's cumulative values.
    HistogramSnapshot prev_latency_;
    std::uint64_t prev_ok_ = 0, prev_errors_ = 0, prev_moves_ = 0;
    std::vector<std::uint64_t> prev_node_served_;  ///< per node: answers 200 at the previous tick
    double prev_t_s_ = 0.0;
};

}  // namespace archlab::lblab
