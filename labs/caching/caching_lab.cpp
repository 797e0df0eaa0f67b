#include "labs/caching/caching_lab.h"

#include "core/cache/policy_registry.h"
#include "labs/caching/caching_run.h"

namespace archlab::caching {

namespace {
using knobs::choice;
using knobs::max_live;
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
        max_live(num("nodes", I, 4, 1, 1000, "", "App nodes behind the balancer (up to 16 live, 1000 in virtual time)"), 16),
        choice("routing", routing_names(), "round-robin",
               "How the balancer picks an app: in turn, at random, or by the key on a consistent-hash ring "
               "(key-affinity: same key, same app)",
               true),
        num("read_ratio", D, 0.9, 0, 1, "", "Share of requests that are reads (the rest write a new version)", true),
        choice("key_dist", {"uniform", "zipf"}, "zipf", "Key popularity: uniform, or Zipf (a few keys are hot)"),
        num("zipf_s", D, 0.9, 0.01, 3, "", "Zipf skew: the key of rank r is requested in proportion to 1/r^s"),
        num("keys", I, 10000, 1, 1000000, "keys", "Distinct keys in the database"),
        num("value_bytes", I, 100, 1, 1048576, "bytes", "Size of every value"),
        num("db_latency_ms", D, 5, 0, 1000, "ms", "Time each database query takes (network, queue, disk)"),
        num("arrival_rps", D, 1000, 1, 20000, "req/s", "Requests per second the client sends (Poisson, open loop)", true),
        num("link_delay_ms", D, 0, 0, 1000, "ms",
            "One-way delay of each link (client-lb, lb-app, app-cache, app-db), on top of the transport's own; "
            "in virtual time the network's only cost"),
    };
    info_.actions = {{"flush", "Flush", "Empty the node's cache; the node keeps running", {"cache", "app"}}};
}

std::unique_ptr<LabRun> CachingLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<CachingRun>(env, settings);
}

}  // namespace archlab::caching
