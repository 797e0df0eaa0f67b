#pragma once
// One run of the queueing lab: builds the cluster on the live runtime, samples its series
// and writes its summary. Everything measured comes from the client's records and from the
// operating system, never from the dispatch strategy itself.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/metrics/histogram.h"
#include "core/storage/sqlite_pool.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"
#include "labs/queueing/queueing_prediction.h"
#include "labs/queueing/request_work.h"

namespace archlab::queueing {

class QueueingRun : public LabRun {
public:
    QueueingRun(const Settings& settings, std::uint64_t seed);
    ~QueueingRun() override;

    Runtime& runtime() override { return *runtime_; }
    void start() override;
    void stop() override;
    std::vector<std::string> series_columns() const override;
    void sample(double t_s, std::vector<double>& values) override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    std::vector<ChartSpec> charts() const override;

    static std::vector<ChartSpec> chart_specs(int workers, const std::string& model_note);

private:
    ModelInputs model_inputs() const;
    double path_overhead_ms() const;

    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> metrics_;
    std::filesystem::path data_dir_;             ///< the run's database and request log
    std::shared_ptr<SqlitePool> db_;
    std::shared_ptr<RequestWork> work_;
    std::unique_ptr<Runtime> runtime_;
    bool stopped_ = false;
    double stop_s_ = 0.0;                        ///< run time when the workload stopped

    // Sampler state: the previous tick's cumulative values.
    HistogramSnapshot prev_latency_, prev_service_;
    std::uint64_t prev_ok_ = 0, prev_errors_ = 0;
    std::vector<std::uint64_t> prev_busy_;
    long prev_ctx_switches_ = 0;
    double prev_t_s_ = 0.0;
    double ctx_switches_total_ = 0.0;
};

/// Voluntary + involuntary context switches of this process so far (getrusage).
long process_context_switches();

}  // namespace archlab::queueing
