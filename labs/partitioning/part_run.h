#pragma once
// One run of the partitioning lab on the runtime it is given (live or virtual time): the
// shards' databases loaded with the starting keys, the cluster, the declared series, the
// rebalances asked for from the timeline or the window, and at the end the audit of every
// shard's database against the acknowledged writes.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/lab/lab.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/cluster_door.h"
#include "labs/partitioning/part_audit.h"
#include "labs/partitioning/part_config.h"
#include "labs/partitioning/part_metrics.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

/// Reads the knobs into a config; throws InputError for combinations that cannot work.
std::shared_ptr<PartConfig> config_from(const Settings& settings);

class PartitioningRun : public LabRun {
public:
    PartitioningRun(const RunEnv& env, const Settings& settings);

    const SeriesTable& series() const override { return table_; }
    /// hash-slot in live time: opens every shard's Redis Cluster door (cluster_door.h).
    void started() override;
    /// Also closes the doors (before the runtime stops).
    void stop_workload() override;
    /// No operation in flight and no rebalance running (the drain lets a running one finish).
    bool drained() const override;
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_fault(const FaultEvent& fault) override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    /// A shard's share of the keys ("31% of keys"), or "spare" when the map does not name it.
    std::string node_note(const std::string& node) const override;
    /// Every shard's RESP port while the doors are open (hash-slot, live time); none otherwise.
    std::vector<ServiceEndpoint> endpoints() const override;

    const PartMetrics& metrics() const { return *metrics_; }
    const MapBook& book() const { return *book_; }
    /// The cluster door, nullptr unless open (hash-slot, live time).
    const ClusterDoor* door() const { return door_.get(); }

private:
    void load_keys();
    void declare_series();
    /// max/mean of the requests each shard in the map served since the last sample.
    double load_skew_now();
    double key_skew_now() const;
    nlohmann::json rebalances_json() const;

    void close_door();

    Runtime& runtime_;
    TimeMode mode_;
    std::filesystem::path data_dir_;
    std::shared_ptr<PartConfig> cfg_;
    std::shared_ptr<PartMetrics> metrics_;
    std::shared_ptr<MapBook> book_;
    std::vector<std::shared_ptr<SqlitePool>> dbs_;  ///< by shard ordinal - 1
    std::vector<std::uint64_t> last_requests_;      ///< per shard at the last sample (load_skew_now)
    bool audited_ = false;
    AuditResult audit_;
    SeriesTable table_;
    std::unique_ptr<ClusterDoor> door_;
    mutable std::mutex endpoints_mu_;          ///< guards endpoints_ (read from any thread)
    std::vector<ServiceEndpoint> endpoints_;   ///< the doors while they are open
};

}  // namespace archlab::partlab
