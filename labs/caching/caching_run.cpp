#include "labs/caching/caching_run.h"

#include <algorithm>
#include <limits>

namespace archlab::caching {

namespace {
constexpr double kMaxDatabaseBytes = 512.0 * 1024 * 1024;  ///< values the db is filled with, at most

double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }
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

CachingParts make_parts(const RunEnv& env, const Settings& settings) {
    Runtime* rt = &env.runtime;
    // The commit log's stamps and the stores' expiry run on the runtime's clock, as the nodes do.
    return make_caching_parts(config_from(settings), env.data_dir / "kv.sqlite3", env.seed, [rt] { return rt->now(); });
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

CachingRun::CachingRun(const RunEnv& env, const Settings& settings)
    : runtime_(env.runtime), mode_(env.mode), parts_(make_parts(env, settings)), tier_(parts_.stores) {
    policy_ = parts_.cfg->policy;
    add_caching_nodes(runtime_, parts_);
    const double link_delay_ms = settings.get_double("link_delay_ms");
    if (link_delay_ms > 0) set_link_latency(runtime_, from_ms(link_delay_ms));
    declare_series();
}

CachingRun::~CachingRun() { close_servers(); }

void CachingRun::declare_series() {
    const CachingMetrics& m = *parts_.metrics;
    const bool shared = parts_.cfg->placement == Placement::Shared;
    const int nodes = parts_.cfg->nodes;
    SeriesTable& t = table_;
    t.chart("hit_ratio", "Hit ratio: client records and the caches' own counters", "share",
            "hits / reads: a bypass (cache unreachable) counts as a miss; where the two agree, one line covers the other")
        .chart("stale", "Stale-read ratio", "share",
               "reads that returned a version older than the db had committed when they were invoked")
        .chart("latency", "Latency: all requests, and by outcome", "ms",
               "hits are fast, misses and writes pay the db: near a 50% hit ratio the p50 jumps between the two")
        .chart("evictions", "Evictions and expirations per second", "1/s")
        .chart("per_app", "Hit ratio per app node", "share",
               nodes > kPerAppColumns ? "the first " + std::to_string(kPerAppColumns) + " of " + std::to_string(nodes) +
                                            " app nodes; summary.json's per_node lists every one"
                                      : std::string())
        .chart("memory", "Memory held by the cache tier", "bytes", "keys and values")
        .chart("throughput", "Throughput, errors and cache bypasses", "1/s");
    // A column of the shared cache's own state is blank while that node is down.
    const auto of_cache = [&t, shared] {
        if (shared) t.of_node("cache");
    };
    t.rate("throughput_rps", "req/s", "throughput", m.ok)
        .rate("errors_per_s", "1/s", "throughput", m.errors)
        .rate("bypasses_per_s", "1/s", "throughput", m.bypasses)
        .ratio("hit_ratio", "hit_ratio", {&m.hits}, {&m.hits, &m.misses, &m.bypasses});
    // The first column over the tier's own counters reads them; the later ones in the row reuse it.
    t.value("cache_hit_ratio", "share", "hit_ratio", [this] { return tier_.sample(runtime_.now()).hit_ratio(); });
    of_cache();
    t.ratio("stale_read_ratio", "stale", {&m.stale}, {&m.reads})
        .percentile_ms("latency_p50_ms", "latency", m.latency_ns, 0.50)
        .percentile_ms("latency_p95_ms", "latency", m.latency_ns, 0.95)
        .percentile_ms("latency_p99_ms", "latency", m.latency_ns, 0.99)
        .percentile_ms("hit_p50_ms", "latency", m.hit_ns, 0.50)
        .percentile_ms("hit_p99_ms", "latency", m.hit_ns, 0.99)
        .percentile_ms("miss_p50_ms", "latency", m.miss_ns, 0.50)
        .percentile_ms("miss_p99_ms", "latency", m.miss_ns, 0.99)
        .percentile_ms("write_p50_ms", "latency", m.write_ns, 0.50);
    t.value("evictions_per_s", "1/s", "evictions", [this] {
        const TierWindow::Interval& w = tier_.last();
        return w.per_s(w.evicted);
    });
    of_cache();
    t.value("expirations_per_s", "1/s", "evictions", [this] {
        const TierWindow::Interval& w = tier_.last();
        return w.per_s(w.expired);
    });
    of_cache();
    t.value("memory_bytes", "bytes", "memory",
            [this] { return static_cast<double>(tier_.last().level.used_memory); });
    of_cache();
    t.value("cache_keys", "keys", "", [this] { return static_cast<double>(tier_.last().level.keys); });
    of_cache();
    for (int i = 1; i <= std::min(nodes, kPerAppColumns); ++i) {
        const AppCounters& a = m.per_app[static_cast<std::size_t>(i - 1)];
        const std::string id = "app-" + std::to_string(i);
        t.ratio("hit_ratio_" + id, "per_app", {&a.hits}, {&a.hits, &a.misses, &a.bypasses}).of_node(id);
    }
    t.headline({&m.ok, &m.errors, &m.latency_ns});
}

void CachingRun::set_script(std::vector<ScriptedOp> script) { parts_.cfg->script = std::move(script); }

void CachingRun::started() {
    if (mode_ != TimeMode::Live) return;  // outside doors exist in live time only
    std::vector<ServiceEndpoint> eps;
    for (std::size_t i = 0; i < parts_.stores.size(); ++i) {
        servers_.push_back(std::make_unique<resp::RespServer>(*parts_.stores[i], resp::RespServerOptions{}));
        servers_.back()->start();
        const std::string port = std::to_string(servers_.back()->port());
        eps.push_back({store_node(i), "redis", "127.0.0.1:" + port, "redis-cli -p " + port});
    }
    std::lock_guard lock(endpoints_mu_);
    endpoints_ = std::move(eps);
}

void CachingRun::stop_workload() {
    parts_.cfg->stopping = true;
    stop_s_ = to_s(runtime_.now());
}

bool CachingRun::drained() const {
    const CachingMetrics& m = *parts_.metrics;
    return m.sent.value() <= m.ok.value() + m.errors.value();
}

void CachingRun::stopped() { close_servers(); }

void CachingRun::close_servers() {
    {
        std::lock_guard lock(endpoints_mu_);
        endpoints_.clear();
    }
    for (auto& server : servers_) server->stop();
    servers_.clear();  // before the stores they serve
}

std::vector<ServiceEndpoint> CachingRun::endpoints() const {
    std::lock_guard lock(endpoints_mu_);
    return endpoints_;
}

std::string CachingRun::store_node(std::size_t i) const {
    return parts_.cfg->placement == Placement::Shared ? std::string("cache") : "app-" + std::to_string(i + 1);
}

StorePtr CachingRun::store_of(const std::string& node) const {
    if (parts_.cfg->placement == Placement::Shared) return node == "cache" ? parts_.stores.at(0) : nullptr;
    if (node.rfind("app-", 0) != 0) return nullptr;
    std::size_t n = 0;
    try {
        n = std::stoul(node.substr(4));
    } catch (const std::exception&) {
        return nullptr;
    }
    return n >= 1 && n <= parts_.stores.size() && store_node(n - 1) == node ? parts_.stores[n - 1] : nullptr;
}

nlohmann::json CachingRun::summary() {
    using nlohmann::json;
    const CachingMetrics& m = *parts_.metrics;
    const cache::CacheStoreStats tier = tier_stats(parts_.stores);
    const double end = stop_s_ >= 0 ? stop_s_ : to_s(runtime_.now());
    const double span = std::max(1e-9, end);
    const std::uint64_t hits = m.hits.value(), misses = m.misses.value(), bypasses = m.bypasses.value();
    json s;
    s["sent"] = m.sent.value();
    s["reads"] = m.reads.value();
    s["writes"] = m.writes.value();
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
    s["latency_by_outcome_ms"] = {{"read", percentiles(m.read_ns.snapshot())},
                                  {"hit", percentiles(m.hit_ns.snapshot())},
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
    if (f.action == "flush") {
        if (!store) {
            throw InputError("flush:" + f.target + ": that node keeps no cache (" +
                             (parts_.cfg->placement == Placement::Shared ? "placement=shared: flush the node 'cache'"
                                                                         : "placement=exclusive: flush an app node") +
                             ")");
        }
        flush_store(*store);
        return true;
    }
    if (!store) return false;
    // The runtime kills and restarts the node; its RESP door answers "down" meanwhile, and
    // what the dead process held is gone (the restarted node starts empty too).
    if (f.action == "kill") {
        store->set_available(false);
        flush_store(*store);
    }
    if (f.action == "restart") store->set_available(true);
    return false;
}

}  // namespace archlab::caching
