#pragma once
// One run of the replication lab on the live runtime: builds the cluster, samples its series
// and writes its summary and the operation history (EDN). Every figure comes from the clients'
// records and the nodes' log positions, never from what the replication code claims.
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/metrics/histogram.h"
#include "core/storage/sqlite_pool.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

/// Reads the knobs into a config; throws InputError for combinations that cannot work.
std::shared_ptr<ReplConfig> config_from(const Settings& settings);

class ReplicationRun : public LabRun {
public:
    ReplicationRun(const Settings& settings, std::uint64_t seed);
    ~ReplicationRun() override;

    Runtime& runtime() override { return *runtime_; }
    void start() override;
    void stop() override;
    std::vector<std::string> series_columns() const override;
    void sample(double t_s, std::vector<double>& values) override;
    nlohmann::json summary() override;
    bool apply_fault(const FaultEvent& fault) override;
    /// The lab's charts, less those quorum mode has nothing for (no primary, no log to lag behind).
    std::vector<ChartSpec> charts() const override;

    static std::vector<ChartSpec> chart_specs(int replicas);

private:
    /// Write values applied by the database that holds the truth now: the current primary's
    /// (quorum: any node's).
    std::set<std::int64_t> current_values() const;

    std::shared_ptr<ReplConfig> cfg_;
    std::shared_ptr<ReplMetrics> metrics_;
    std::filesystem::path data_dir_;                 ///< the data nodes' databases (removed at the end)
    std::vector<std::shared_ptr<SqlitePool>> dbs_;   ///< by data-node ordinal
    std::unique_ptr<Runtime> runtime_;
    bool stopped_ = false;
    double stop_s_ = 0.0;                            ///< run time when the workload stopped
    nlohmann::json final_;                           ///< computed once at stop()

    // Sampler state: the previous tick's cumulative values.
    HistogramSnapshot prev_read_, prev_write_;
    std::uint64_t prev_reads_ = 0, prev_stale_ = 0, prev_done_ = 0, prev_info_ = 0;
    double prev_t_s_ = 0.0;
    /// Every sample's lag (ms column, the worst of the window) of each replica that is up: the
    /// summary's replication_lag_ms, so it covers writes a replica never applied as the chart does.
    Histogram sampled_lag_ns_;
    std::size_t window_from_ = 0;                    ///< first op of the next verdict window
};

}  // namespace archlab::replication
