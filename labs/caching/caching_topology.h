#pragma once
// The caching lab's cluster: client, lb, app-1..N, cache (shared placement), db, added to any
// runtime (live or simulated), and the parts that live outside the nodes: the stores (so their
// counters survive restarts and observers can read them), the commit log and the database.
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"
#include "labs/caching/caching_config.h"
#include "labs/caching/caching_metrics.h"
#include "labs/caching/commit_log.h"
#include "labs/caching/key_picker.h"
#include "labs/caching/cache_stores.h"

namespace archlab::caching {

struct CachingParts {
    std::shared_ptr<CachingConfig> cfg;
    std::shared_ptr<CachingMetrics> metrics;
    std::shared_ptr<CommitLog> log;
    std::shared_ptr<const KeyPicker> keys;
    std::shared_ptr<SqlitePool> db;
    /// Shared placement: one store (the cache node's). Exclusive: one per app, index = number - 1.
    std::vector<StorePtr> stores;
};

/// Capacity of each store: the tier's total split evenly over the stores (at least 1).
std::uint64_t store_capacity(const CachingConfig& cfg, cache::CapacityUnit* unit);

/// Builds the parts: fills the database at db_path, makes the stores. clock: the runtime's now()
/// (the commit log's stamps and the stores' expiry run on it, as the nodes' Context::now() does).
/// Throws InputError for an unknown policy, std::runtime_error when the database cannot be made.
CachingParts make_caching_parts(std::shared_ptr<CachingConfig> cfg, const std::filesystem::path& db_path,
                                std::uint64_t seed, std::function<Nanos()> clock);

void add_caching_nodes(Runtime& runtime, const CachingParts& parts);

/// Gives every link the lab's messages take (client-lb, lb-app, app-cache, app-db, both ways) a
/// fixed one-way latency: the lab's own network, not a fault. In virtual time it is the only
/// network cost, so it is what makes the shared cache's extra hop show.
void set_link_latency(Runtime& runtime, Nanos one_way);

}  // namespace archlab::caching
