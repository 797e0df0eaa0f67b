#pragma once
// One run of the partitioning lab with layout=vertical: client -> api -> users | orders |
// catalog, each service with its own SQLite database in the run's data folder, on the runtime it
// is given (live or virtual time). Measures requests per service, cross-service calls per
// request and latency by request type. Shard actions are refused: there are no shards.
#include <array>
#include <filesystem>
#include <memory>

#include "core/lab/lab.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/vertical_config.h"
#include "labs/partitioning/vertical_metrics.h"

namespace archlab::partlab {

/// Reads the knobs the vertical layout uses (layout_knobs.h has refused the others).
std::shared_ptr<VerticalConfig> vertical_config_from(const Settings& settings);

class VerticalRun : public LabRun {
public:
    VerticalRun(const RunEnv& env, const Settings& settings);

    const SeriesTable& series() const override { return table_; }
    void stop_workload() override;
    bool drained() const override;
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_fault(const FaultEvent& fault) override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    /// A service's rows ("1000 rows").
    std::string node_note(const std::string& node) const override;

    const VerticalMetrics& metrics() const { return *metrics_; }

private:
    void declare_series();

    Runtime& runtime_;
    std::shared_ptr<VerticalConfig> cfg_;
    std::shared_ptr<VerticalMetrics> metrics_;
    std::array<std::shared_ptr<SqlitePool>, kDomains> dbs_;  ///< by Domain
    std::array<std::int64_t, kDomains> rows_at_end_{};        ///< counted in the databases after the run
    bool counted_ = false;
    SeriesTable table_;
};

}  // namespace archlab::partlab
