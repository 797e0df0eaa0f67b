#pragma once
// One run of the replication lab on the runtime it is given (live or virtual time): its cluster,
// its declared series, and at the end its summary and the operation history (EDN). Every figure
// comes from the clients' records and the nodes' log positions, never from what the replication
// code claims.
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/consistency/checker.h"
#include "core/lab/lab.h"
#include "core/metrics/histogram.h"
#include "core/storage/sqlite_pool.h"
#include "labs/replication/lost_write_count.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

/// Reads the knobs into a config; throws InputError for combinations that cannot work.
std::shared_ptr<ReplConfig> config_from(const Settings& settings);

class ReplicationRun : public LabRun {
public:
    ReplicationRun(const RunEnv& env, const Settings& settings);
    ~ReplicationRun() override;

    const SeriesTable& series() const override { return table_; }
    void stop_workload() override;
    bool drained() const override;
    /// The end-of-run checks: lost writes against the final primary's database, the history
    /// file, the whole-history linearizability verdict.
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_fault(const FaultEvent& fault) override;
    /// The monitor's event-log lines (a promotion by hand it refused).
    std::vector<LabEvent> take_events() override;
    /// "primary" for the node the monitor made primary last, "replica" for the other data
    /// nodes; none in quorum mode (every node takes writes).
    std::string node_role(const std::string& node) const override;

    /// Where the history is written (inside the run's data folder).
    std::filesystem::path history_path() const { return data_dir_ / "history.edn"; }
    /// What the clients recorded and the nodes published (tests look inside with these).
    const ReplMetrics& metrics() const { return *metrics_; }
    /// A data node's database, by ordinal (0 = "primary", N = "replica-N").
    SqlitePool& database(int ordinal) const { return *dbs_.at(static_cast<std::size_t>(ordinal)); }

private:
    void declare_series();
    /// Write values applied by the database that holds the truth now: the current primary's
    /// (quorum: any node's).
    std::set<std::int64_t> current_values() const;
    /// Write values applied by any data node's database but the current primary's.
    std::set<std::int64_t> replica_values() const;
    /// The register check within the time mode's budget: wall time live, search steps virtual.
    consistency::CheckResult check(const consistency::History& history, bool whole_run) const;
    /// Series values computed at a sample.
    double lost_writes_now();
    double window_verdict();
    double lag_ms(int ordinal);
    /// Drops the commit times no lag figure can need any more (DataNodeGauges::log_forget_through).
    void forget_commit_times();
    double lag_ops(int ordinal) const;

    Runtime& runtime_;
    TimeMode mode_;
    std::filesystem::path data_dir_;                 ///< the databases and the history (removed after the run)
    std::shared_ptr<ReplConfig> cfg_;
    std::shared_ptr<ReplMetrics> metrics_;
    std::vector<std::shared_ptr<SqlitePool>> dbs_;   ///< by data-node ordinal
    std::vector<NodeIndex> data_nodes_;              ///< by data-node ordinal
    bool checked_ = false;                           ///< the end-of-run checks ran
    /// The current primary's state when the workload stopped ("up", "paused", "down"...): the
    /// runtime forgets faults once the cluster stops.
    std::string primary_state_at_end_;
    nlohmann::json final_;                           ///< their results
    /// Every sample's lag (ms column, the worst of the window) of each replica that is up: the
    /// summary's replication_lag_ms, so it covers writes a replica never applied as the chart does.
    Histogram sampled_lag_ns_;
    LostWriteCount lost_count_;                      ///< the lost_writes column, kept up to date
    SeriesTable table_;
};

}  // namespace archlab::replication
