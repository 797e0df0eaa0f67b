#include "labs/caching/caching_run.h"

#include <unistd.h>

#include <atomic>
#include <limits>
#include <thread>

#include "core/runtime/live_runtime.h"

namespace archlab::caching {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxDatabaseBytes = 512.0 * 1024 * 1024;  ///< values the db is filled with, at most

std::filesystem::path make_data_dir() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("archlab-caching-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    return dir;
}

double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }
double ratio(std::uint64_t num, std::uint64_t den) {
    return den ? static_cast<double>(num) / static_cast<double>(den) : kNaN;
}
nlohmann::json ratio_json(std::uint64_t num, std::uint64_t den) {
    return den ? nlohmann::json(static_cast<double>(num) / static_cast<double>(den)) : nlohmann::json(nullptr);
}
nlohmann::json percentiles(const HistogramSnapshot& h) {
    if (!h.count()) {
        return {{"count", 0}, {"mean", nullptr}, {"p50", nullptr}, {"p95", nullptr}, {"p99", nullptr}, {"max", nullptr}};
    }
    return {{"count", h.count()},
            {"mean", h.mean() / 1e6},
            {"p50", ns_to_ms(h.percentile(0.50))},
            {"p95", ns_to_ms(h.percentile(0.95))},
            {"p99", ns_to_ms(h.percentile(0.99))},
            {"max", ns_to_ms(h.max())}};
}
}  // namespace

std::shared_ptr<CachingConfig> config_from(const Settings& s) {
    auto cfg = std::make_shared<CachingConfig>();
    cfg->placement = parse_placement(s.get_enum("placement"));
    cfg->policy = s.get_enum("policy");
    cfg->capacity_entries = static_cast<std::uint64_t>(s.get_int("capacity_entries"));
    cfg->capacity_bytes = static_cast<std::uint64_t>(s.get_int("capacity_bytes"));
    cfg->ttl_ms = s.get_double("ttl_ms");
    cfg->write_policy = static_cast<int>(parse_write_policy(s.get_enum("write_policy")));
    cfg->nodes = static_cast<int>(s.get_int("nodes"));
    cfg->routing = static_cast<int>(parse_routing(s.get_enum("routing")));
    cfg->read_ratio = s.get_double("read_ratio");
    cfg->key_dist = parse_key_dist(s.get_enum("key_dist"));
    cfg->zipf_s = s.get_double("zipf_s");
    cfg->keys = static_cast<std::uint32_t>(s.get_int("keys"));
    cfg->value_bytes = static_cast<int>(s.get_int("value_bytes"));
    cfg->db_latency_ms = s.get_double("db_latency_ms");
    cfg->arrival_rps = s.get_double("arrival_rps");
    const double db_bytes = static_cast<double>(cfg->keys) * cfg->value_bytes;
    if (db_bytes > kMaxDatabaseBytes) {
        throw InputError("keys x value_bytes = " + std::to_string(cfg->keys) + " x " + std::to_string(cfg->value_bytes) +
                         " bytes: the database would hold more than 512 MiB; lower keys or value_bytes");
    }
    return cfg;
}

cache::CacheStoreStats tier_stats(const std::vector<StorePtr>& stores) {
    cache::CacheStoreStats sum;
    for (const StorePtr& st : stores) {
        const cache::CacheStoreStats s = store_stats(*st);
        sum.hits += s.hits;
        sum.misses += s.misses;
        sum.evicted_keys += s.evicted_keys;
        sum.expired_keys += s.expired_keys;
        sum.keys += s.keys;
        sum.used_memory += s.used_memory;
        sum.capacity += s.capacity;
        sum.unit = s.unit;
        sum.policy = s.policy;
    }
    return sum;
}

CachingRun::CachingRun(const Settings& s, std::uint64_t seed) {
    auto cfg = config_from(s);
    policy_ = cfg->policy;
    data_dir_ = make_data_dir();
    runtime_ = std::make_unique<LiveRuntime>(seed);
    Runtime* rt = runtime_.get();
    parts_ = make_caching_parts(cfg, data_dir_ / "kv.sqlite3", seed, [rt] { return rt->now(); });
    add_caching_nodes(*runtime_, parts_);
    prev_app_hits_.assign(static_cast<std::size_t>(cfg->nodes), 0);
    prev_app_lookups_.assign(static_cast<std::size_t>(cfg->nodes), 0);
}

CachingRun::~CachingRun() {
    stop_servers();
    servers_.clear();  // they hold references to the stores
    runtime_->stop();
    runtime_.reset();
    parts_ = {};
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
}

void CachingRun::start() {
    runtime_->start();
    // A Redis-protocol door on every cache store, so redis-cli sees what the lab measures.
    for (const StorePtr& store : parts_.stores) {
        servers_.push_back(std::make_unique<resp::RespServer>(*store, resp::RespServerOptions{}));
        servers_.back()->start();
    }
}

void CachingRun::stop_servers() {
    for (auto& server : servers_) server->stop();
}

std::string CachingRun::store_node(std::size_t i) const {
    return parts_.cfg->placement == Placement::Shared ? std::string("cache") : "app-" + std::to_string(i + 1);
}

StorePtr CachingRun::store_of(const std::string& node) const {
    for (std::size_t i = 0; i < parts_.stores.size(); ++i) {
        if (store_node(i) == node) return parts_.stores[i];
    }
    return nullptr;
}

std::vector<ServiceEndpoint> CachingRun::endpoints() const {
    std::vector<ServiceEndpoint> out;
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        const std::string port = std::to_string(servers_[i]->port());
        out.push_back({store_node(i), "redis", "127.0.0.1:" + port, "redis-cli -p " + port});
    }
    return out;
}

void CachingRun::stop() {
    if (stopped_) return;
    stopped_ = true;
    parts_.cfg->stopping = true;
    stop_s_ = to_s(runtime_->now());
    const CachingMetrics& m = *parts_.metrics;
    // Give requests in flight a moment to come back, so the tail is not cut off.
    for (int i = 0; i < 200; ++i) {
        if (m.sent.value() <= m.reads.value() + m.writes.value() + m.errors.value()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    runtime_->stop();  // the RESP doors stay open until the run is destroyed, for a last look
}

std::vector<std::string> CachingRun::series_columns() const {
    std::vector<std::string> c = {"throughput_rps",   "errors_per_s",     "bypasses_per_s",  "hit_ratio",
                                  "cache_hit_ratio",  "stale_read_ratio", "latency_p50_ms",  "latency_p95_ms",
                                  "latency_p99_ms",      "hit_p50_ms",       "hit_p99_ms",      "miss_p50_ms",
                                  "miss_p99_ms",      "write_p50_ms",     "evictions_per_s", "expirations_per_s",
                                  "memory_bytes",     "cache_keys"};
    for (int i = 1; i <= parts_.cfg->nodes; ++i) c.push_back("hit_ratio_app-" + std::to_string(i));
    return c;
}

void CachingRun::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-6, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    CachingMetrics& m = *parts_.metrics;
    auto delta = [](std::uint64_t now, std::uint64_t& prev) {
        const std::uint64_t d = now - prev;
        prev = now;
        return d;
    };
    auto interval = [](const Histogram& h, HistogramSnapshot& prev) {
        const HistogramSnapshot now = h.snapshot();
        HistogramSnapshot d = now.since(prev);
        prev = now;
        return d;
    };
    auto pct = [](const HistogramSnapshot& h, double q) { return h.count() ? ns_to_ms(h.percentile(q)) : kNaN; };

    const std::uint64_t reads = delta(m.reads.value(), prev_reads_);
    const std::uint64_t writes = delta(m.writes.value(), prev_writes_);
    const std::uint64_t hits = delta(m.hits.value(), prev_hits_);
    const std::uint64_t misses = delta(m.misses.value(), prev_misses_);
    const std::uint64_t bypasses = delta(m.bypasses.value(), prev_bypasses_);
    const std::uint64_t stale = delta(m.stale.value(), prev_stale_);
    const std::uint64_t errors = delta(m.errors.value(), prev_errors_);
    const cache::CacheStoreStats tier = tier_stats(parts_.stores);
    const std::uint64_t node_hits = delta(tier.hits, prev_node_hits_);
    const std::uint64_t node_misses = delta(tier.misses, prev_node_misses_);
    const std::uint64_t evicted = delta(tier.evicted_keys, prev_evicted_);
    const std::uint64_t expired = delta(tier.expired_keys, prev_expired_);
    const HistogramSnapshot read = interval(m.read_ns, prev_read_);
    const HistogramSnapshot hit = interval(m.hit_ns, prev_hit_);
    const HistogramSnapshot miss = interval(m.miss_ns, prev_miss_);
    const HistogramSnapshot write = interval(m.write_ns, prev_write_);

    std::size_t k = 0;
    v[k++] = static_cast<double>(reads + writes) / dt;
    v[k++] = static_cast<double>(errors) / dt;
    v[k++] = static_cast<double>(bypasses) / dt;
    v[k++] = ratio(hits, hits + misses + bypasses);
    v[k++] = ratio(node_hits, node_hits + node_misses);
    v[k++] = ratio(stale, reads);
    v[k++] = pct(read, 0.50);
    v[k++] = pct(read, 0.95);
    v[k++] = pct(read, 0.99);
    v[k++] = pct(hit, 0.50);
    v[k++] = pct(hit, 0.99);
    v[k++] = pct(miss, 0.50);
    v[k++] = pct(miss, 0.99);
    v[k++] = pct(write, 0.50);
    v[k++] = static_cast<double>(evicted) / dt;
    v[k++] = static_cast<double>(expired) / dt;
    v[k++] = static_cast<double>(tier.used_memory);
    v[k++] = static_cast<double>(tier.keys);
    for (std::size_t i = 0; i < m.per_app.size(); ++i) {
        const AppCounters& a = m.per_app[i];
        const std::uint64_t h = delta(a.hits.value(), prev_app_hits_[i]);
        const std::uint64_t l = delta(a.hits.value() + a.misses.value() + a.bypasses.value(), prev_app_lookups_[i]);
        v[k++] = ratio(h, l);
    }
}

nlohmann::json CachingRun::summary() {
    using nlohmann::json;
    const CachingMetrics& m = *parts_.metrics;
    const cache::CacheStoreStats tier = tier_stats(parts_.stores);
    const double end = stopped_ ? stop_s_ : to_s(runtime_->now());
    const double span = std::max(1e-9, end);
    const std::uint64_t hits = m.hits.value(), misses = m.misses.value(), bypasses = m.bypasses.value();
    json s;
    s["requests"] = m.sent.value();
    s["reads"] = m.reads.value();
    s["writes"] = m.writes.value();
    s["errors"] = m.errors.value();
    s["throughput_rps"] = static_cast<double>(m.reads.value() + m.writes.value()) / span;
    s["hits"] = hits;
    s["misses"] = misses;
    s["bypasses"] = bypasses;
    s["hit_ratio"] = ratio_json(hits, hits + misses + bypasses);
    s["stale_reads"] = m.stale.value();
    s["stale_read_ratio"] = ratio_json(m.stale.value(), m.reads.value());
    s["evictions"] = tier.evicted_keys;
    s["expirations"] = tier.expired_keys;
    s["evictions_per_s"] = static_cast<double>(tier.evicted_keys) / span;
    s["expirations_per_s"] = static_cast<double>(tier.expired_keys) / span;
    s["memory_bytes"] = tier.used_memory;
    s["cache_keys"] = tier.keys;
    s["cache_counters"] = {{"hits", tier.hits},
                           {"misses", tier.misses},
                           {"hit_ratio", ratio_json(tier.hits, tier.hits + tier.misses)},
                           {"capacity", tier.capacity},
                           {"unit", cache::to_string(tier.unit)},
                           {"policy", tier.policy}};
    s["latency_ms"] = percentiles(m.read_ns.snapshot());  // every read, hit or not
    s["latency_by_outcome_ms"] = {{"hit", percentiles(m.hit_ns.snapshot())},
                       {"miss", percentiles(m.miss_ns.snapshot())},
                       {"bypass", percentiles(m.bypass_ns.snapshot())},
                       {"write", percentiles(m.write_ns.snapshot())}};
    s["db_reads"] = m.db_reads.value();
    s["db_writes"] = m.db_writes.value();
    json per_node = json::array();
    for (std::size_t i = 0; i < m.per_app.size(); ++i) {
        const AppCounters& a = m.per_app[i];
        const std::uint64_t h = a.hits.value();
        per_node.push_back({{"id", "app-" + std::to_string(i + 1)},
                            {"requests", a.requests.value()},
                            {"hit_ratio", ratio_json(h, h + a.misses.value() + a.bypasses.value())}});
    }
    s["per_node"] = per_node;
    return s;
}

void CachingRun::reconfigure_stores(const std::string& policy) {
    cache::CapacityUnit unit{};
    const std::uint64_t capacity = store_capacity(*parts_.cfg, &unit);
    for (const StorePtr& st : parts_.stores) {
        st->locked([&](cache::CacheStore& s, Nanos) { s.reconfigure(policy, capacity, unit); });
    }
    policy_ = policy;
}

bool CachingRun::apply_live(const std::string& knob, const KnobValue& value) {
    CachingConfig& cfg = *parts_.cfg;
    const auto* text = std::get_if<std::string>(&value);
    const auto* real = std::get_if<double>(&value);
    const auto* integer = std::get_if<long long>(&value);
    if (knob == "policy" && text) {
        reconfigure_stores(*text);
    } else if (knob == "capacity_entries" && integer && cfg.capacity_bytes == 0) {
        cfg.capacity_entries = static_cast<std::uint64_t>(*integer);
        reconfigure_stores(policy_);
    } else if (knob == "ttl_ms" && real) {
        cfg.ttl_ms = *real;
    } else if (knob == "write_policy" && text) {
        cfg.write_policy = static_cast<int>(parse_write_policy(*text));
    } else if (knob == "routing" && text) {
        cfg.routing = static_cast<int>(parse_routing(*text));
    } else if (knob == "read_ratio" && real) {
        cfg.read_ratio = *real;
    } else if (knob == "arrival_rps" && real) {
        cfg.arrival_rps = *real;
    } else {
        return false;
    }
    return true;
}

bool CachingRun::apply_fault(const FaultEvent& f) {
    const StorePtr store = store_of(f.target);
    if (!store) return false;
    if (f.action == "flush") {
        flush_store(*store);
        return true;
    }
    // The runtime kills and restarts the node; its RESP door answers "down" meanwhile, and
    // what the dead process held is gone (the restarted node starts empty too).
    if (f.action == "kill") {
        store->set_available(false);
        flush_store(*store);
    }
    if (f.action == "restart") store->set_available(true);
    return false;
}

std::vector<ChartSpec> CachingRun::chart_specs(int nodes) {
    std::vector<std::string> per_app;
    for (int i = 1; i <= nodes; ++i) per_app.push_back("hit_ratio_app-" + std::to_string(i));
    return {
        {"hit_ratio", "Hit ratio: client records and the caches' own counters", "share", {"hit_ratio", "cache_hit_ratio"}, {},
         "hits / reads: a bypass (cache unreachable) counts as a miss; where the two agree, one line covers the other"},
        {"stale", "Stale-read ratio", "share", {"stale_read_ratio"}, {},
         "reads that returned a version older than the db had committed when they were invoked"},
        {"latency", "Read latency: all reads, hits and misses", "ms",
         {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "hit_p50_ms", "hit_p99_ms", "miss_p50_ms", "miss_p99_ms",
          "write_p50_ms"},
         {}, "all reads mix fast hits and slow misses: near a 50% hit ratio their p50 jumps between the two"},
        {"evictions", "Evictions and expirations per second", "1/s", {"evictions_per_s", "expirations_per_s"}, {}, ""},
        {"per_app", "Hit ratio per app node", "share", per_app, {}, ""},
        {"memory", "Memory held by the cache tier", "bytes", {"memory_bytes"}, {}, "keys and values"},
        {"throughput", "Throughput, errors and cache bypasses", "1/s", {"throughput_rps", "errors_per_s", "bypasses_per_s"},
         {}, ""},
    };
}

std::vector<ChartSpec> CachingRun::charts() const { return chart_specs(parts_.cfg->nodes); }

}  // namespace archlab::caching
