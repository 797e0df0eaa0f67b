#pragma once
// One run of the queueing lab on the runtime it is given: its cluster, its declared series and
// its summary. Everything measured comes from the client's records (and, live, the operating
// system), never from the dispatch strategy itself.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/storage/sqlite_pool.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"
#include "labs/queueing/queueing_prediction.h"
#include "labs/queueing/request_work.h"

namespace archlab::queueing {

class QueueingRun : public LabRun {
public:
    QueueingRun(const RunEnv& env, const Settings& settings);
    ~QueueingRun() override;

    const SeriesTable& series() const override { return table_; }
    void stop_workload() override;
    bool drained() const override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;

    /// The prediction as drawn: in virtual time the textbook model of the configured service
    /// time plus the modelled path; live, the model fed what the workers really did.
    LabPrediction prediction() const;
    /// Cost of the path outside the workers' queue, ms (link delays virtual, probes live).
    double path_overhead_ms() const;

private:
    ModelInputs model_inputs() const;
    /// Workers up or slow now; once the workload stopped, as many as served then (the cluster
    /// shuts down after it, and the summary models the run as it ended).
    int serving_workers() const;
    void declare_series();

    Runtime& runtime_;
    TimeMode mode_;
    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> metrics_;
    std::shared_ptr<SqlitePool> db_;
    std::shared_ptr<RequestWork> work_;
    double link_delay_ms_ = 0.0;      ///< one-way delay of every link, ms
    double stop_s_ = -1.0;            ///< run time the workload stopped, s
    std::atomic<int> serving_at_stop_{-1};  ///< workers serving when the workload stopped; -1 before
    long ctx_switches_at_start_ = 0;  ///< live: the process's context switches when the run began; -1 unknown
    SeriesTable table_;
};

}  // namespace archlab::queueing
