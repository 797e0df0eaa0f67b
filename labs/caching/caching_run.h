#pragma once
// One run of the caching lab on the runtime it is given: its cluster, its declared series and
// its summary. Hit ratio, stale reads and latency come from the client's records; the caches'
// own counters (hits, misses, evictions, expirations, memory) from their stores. Live runs also
// open a Redis-protocol door on every cache store, so redis-cli sees what the lab measures.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/resp/resp_server.h"
#include "labs/caching/caching_topology.h"
#include "labs/caching/tier_window.h"

namespace archlab::caching {

/// Reads a run's settings into a config (the lab's knobs, checked by Settings).
std::shared_ptr<CachingConfig> config_from(const Settings& settings);

class CachingRun : public LabRun {
public:
    CachingRun(const RunEnv& env, const Settings& settings);
    ~CachingRun() override;

    const SeriesTable& series() const override { return table_; }
    void started() override;
    void stop_workload() override;
    bool drained() const override;
    void stopped() override;
    nlohmann::json summary() override;
    bool apply_live(const std::string& knob, const KnobValue& value) override;
    bool apply_fault(const FaultEvent& fault) override;
    std::vector<ServiceEndpoint> endpoints() const override;

    /// Before the runtime starts: the client sends exactly these operations instead of Poisson
    /// arrivals (tests, crafted scenarios).
    void set_script(std::vector<ScriptedOp> script);
    /// The cluster's parts: config, the client's metrics, the commit log, the stores (tests).
    const CachingParts& parts() const { return parts_; }

    /// Per-app hit-ratio columns are drawn for the first this many apps (summary.json lists all).
    static constexpr int kPerAppColumns = 16;

private:
    void declare_series();
    void reconfigure_stores(const std::string& policy);
    /// The node id whose cache store i is: "cache" (shared) or "app-N" (exclusive).
    std::string store_node(std::size_t i) const;
    /// Store of a node id, or null when that node keeps no cache.
    StorePtr store_of(const std::string& node) const;
    void close_servers();

    Runtime& runtime_;
    TimeMode mode_;
    CachingParts parts_;
    TierWindow tier_;
    std::vector<std::unique_ptr<resp::RespServer>> servers_;  ///< live only: one per store, as parts_.stores
    double stop_s_ = -1.0;                     ///< run time the workload stopped, s
    std::string policy_;                       ///< current eviction policy
    SeriesTable table_;
    mutable std::mutex endpoints_mu_;          ///< guards endpoints_ (read from any thread)
    std::vector<ServiceEndpoint> endpoints_;   ///< the RESP doors while they are open
};

}  // namespace archlab::caching
