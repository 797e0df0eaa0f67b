#pragma once
// One run of the caching lab: builds the cluster on the live runtime, samples its series and
// writes its summary. Hit ratio, stale reads and latency come from the client's records; the
// caches' own counters (hits, misses, evictions, expirations, memory) from their stores.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/metrics/histogram.h"
#include "core/resp/resp_server.h"
#include "labs/caching/caching_topology.h"

namespace archlab::caching {

/// Reads a run's settings into a config (the lab's knobs, checked by Settings).
std::shared_ptr<CachingConfig> config_from(const Settings& settings);

/// The caches' counters summed over the tier.
cache::CacheStoreStats tier_stats(const std::vector<StorePtr>& stores);

class CachingRun : public LabRun {
public:
    CachingRun(const Settings& settings, std::uint64_t seed);
    ~CachingRun() override;

    Runtime& runtime() override { return *runtime_; }
    void start() override;
    void stop() override;
    std::vector<std::string> series_columns() const override;
    void sample(double t_s, std::vector<double>& values) override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    bool apply_fault(const FaultEvent& fault) override;
    std::vector<ServiceEndpoint> endpoints() const override;
    std::vector<ChartSpec> charts() const override;

    static std::vector<ChartSpec> chart_specs(int nodes);

private:
    void reconfigure_stores(const std::string& policy);
    /// The node id whose cache store i is: "cache" (shared) or "app-N" (exclusive).
    std::string store_node(std::size_t i) const;
    /// Store of a node id, or null when that node keeps no cache.
    StorePtr store_of(const std::string& node) const;
    void stop_servers();

    std::filesystem::path data_dir_;          ///< the run's database
    CachingParts parts_;
    std::unique_ptr<Runtime> runtime_;
    std::vector<std::unique_ptr<resp::RespServer>> servers_;  ///< one per store, as parts_.stores
    bool stopped_ = false;
    double stop_s_ = 0.0;                      ///< run time when the workload stopped
    std::string policy_;                       ///< current eviction policy

    // Sampler state: the previous tick's cumulative values.
    double prev_t_s_ = 0.0;
    HistogramSnapshot prev_read_, prev_hit_, prev_miss_, prev_write_;
    std::uint64_t prev_reads_ = 0, prev_writes_ = 0, prev_hits_ = 0, prev_misses_ = 0, prev_bypasses_ = 0;
    std::uint64_t prev_stale_ = 0, prev_errors_ = 0;
    std::uint64_t prev_node_hits_ = 0, prev_node_misses_ = 0, prev_evicted_ = 0, prev_expired_ = 0;
    std::vector<std::uint64_t> prev_app_hits_, prev_app_lookups_;
};

}  // namespace archlab::caching
