#include "labs/caching/caching_lab.h"

#include "core/cache/policy_registry.h"
#include "labs/caching/caching_run.h"

namespace archlab::caching {

namespace {
using knobs::choice;
using knobs::num;
}  // namespace

CachingLab::CachingLab() {
    info_.id = "caching";
    info_.title = "Caching";
    info_.summary = "Cache-aside in front of a slow database: placement, eviction, TTL and invalidation, "
                    "measured as hit ratio, stale reads and latency.";
    info_.explain = caching_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("placement", {"exclusive", "shared"}, "shared",
               "exclusive: a cache inside every app node; shared: one cache node, one more hop"),
        choice("policy", cache::builtin_policies().names(), "lru", "Eviction policy of every cache", true),
        num("capacity_entries", I, 1000, 1, 10000000, "entries",
            "Cache capacity in entries, total over the tier (exclusive: split evenly over the app nodes)", true),
        num("capacity_bytes", I, 0, 0, 1LL << 34, "bytes",
            "Cache capacity in bytes of keys and values, total over the tier; 0 = use capacity_entries"),
        num("ttl_ms", D, 0, 0, 3600000, "ms", "Expiry of every cache fill; 0 = no expiry", true),
        choice("write_policy", {"invalidate", "write-through", "ttl-only"}, "invalidate",
               "After a db write: delete the cached key, overwrite it, or leave it until it expires", true),
        num("nodes", I, 4, 1, 16, "", "App nodes behind the balancer"),
        choice("routing", {"round-robin", "key-affinity"}, "round-robin",
               "How the balancer picks an app: in turn, or by a hash of the key (same key, same app)", true),
        num("read_ratio", D, 0.9, 0, 1, "", "Share of requests that are reads (the rest write a new version)", true),
        choice("key_dist", {"uniform", "zipf"}, "zipf", "Key popularity: uniform, or Zipf (a few keys are hot)"),
        num("zipf_s", D, 0.9, 0.01, 3, "", "Zipf skew: the key of rank r is requested in proportion to 1/r^s"),
        num("keys", I, 10000, 1, 1000000, "keys", "Distinct keys in the database"),
        num("value_bytes", I, 100, 1, 1048576, "bytes", "Size of every value"),
        num("db_latency_ms", D, 5, 0, 1000, "ms", "Time each database query takes (network, queue, disk)"),
        num("arrival_rps", D, 1000, 1, 20000, "req/s", "Requests per second the client sends (Poisson, open loop)", true),
    };
    info_.charts = CachingRun::chart_specs(4);
}

std::unique_ptr<LabRun> CachingLab::create(const Settings& settings, std::uint64_t seed) const {
    return std::make_unique<CachingRun>(settings, seed);
}

}  // namespace archlab::caching
