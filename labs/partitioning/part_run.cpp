#include "labs/partitioning/part_run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/lab/fault_apply.h"
#include "core/partition/partitioner_registry.h"
#include "labs/partitioning/outside_keyspace.h"
#include "labs/partitioning/part_topology.h"
#include "labs/partitioning/router_node.h"
#include "labs/partitioning/shard_store.h"

namespace archlab::partlab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json percentiles_ms(const HistogramSnapshot& h) {
    if (h.count() == 0) return nullptr;
    return {{"p50", double(h.percentile(0.50)) / 1e6}, {"p99", double(h.percentile(0.99)) / 1e6},
            {"max", double(h.max()) / 1e6}};
}

/// null for NaN (JSON has no NaN).
nlohmann::json number_or_null(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

/// max / mean of the values, NaN when they sum to 0.
double skew(const std::vector<double>& v) {
    double sum = 0.0, max = 0.0;
    for (double x : v) {
        sum += x;
        max = std::max(max, x);
    }
    return v.empty() || sum <= 0.0 ? kNaN : max / (sum / double(v.size()));
}
}  // namespace

std::shared_ptr<PartConfig> config_from(const Settings& s) {
    auto cfg = std::make_shared<PartConfig>();
    cfg->strategy = s.get_enum("strategy");
    cfg->shards = static_cast<int>(s.get_int("shards"));
    cfg->spare_shards = static_cast<int>(s.get_int("spare_shards"));
    cfg->vnodes = static_cast<int>(s.get_int("vnodes"));
    cfg->keys = static_cast<int>(s.get_int("keys"));
    cfg->key_dist = parse_key_dist(s.get_enum("key_dist"));
    cfg->zipf_s = s.get_double("zipf_s");
    cfg->read_ratio = s.get_double("read_ratio");
    cfg->range_ratio = s.get_double("range_ratio");
    cfg->range_len = static_cast<int>(s.get_int("range_len"));
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->migrate_rate = s.get_double("migrate_rate");
    cfg->routing = parse_routing(s.get_enum("routing"));
    cfg->link_latency_ms = s.get_double("link_latency_ms");
    cfg->db_queue_limit = static_cast<int>(s.get_int("db_queue_limit"));
    if (cfg->strategy == "range" && cfg->keys < 2 * cfg->shards) {
        throw InputError("keys " + std::to_string(cfg->keys) + ": range needs at least 2 keys per shard to split at (" +
                         std::to_string(2 * cfg->shards) + ")");
    }
    return cfg;
}

PartitioningRun::PartitioningRun(const RunEnv& env, const Settings& s) : runtime_(env.runtime), mode_(env.mode), data_dir_(env.data_dir) {
    cfg_ = config_from(s);
    metrics_ = std::make_shared<PartMetrics>(cfg_->shard_nodes());
    book_ = std::make_shared<MapBook>(cfg_->strategy, cfg_->vnodes, initial_map_ops(*cfg_));
    for (int i = 1; i <= cfg_->shard_nodes(); ++i) {
        auto db = std::make_shared<SqlitePool>((data_dir_ / (shard_name(i) + ".sqlite3")).string());
        store_prepare(*db);
        outside_prepare(*db);
        dbs_.push_back(std::move(db));
    }
    load_keys();
    add_partitioning_nodes(runtime_, cfg_, metrics_, book_, dbs_);
    set_link_latency(runtime_, cfg_->link_latency_ms);
    last_requests_.assign(std::size_t(cfg_->shard_nodes()), 0);
    declare_series();
}

void PartitioningRun::load_keys() {
    // The starting keys, each on its owner in the first map, version 0 (acknowledged: the audit
    // expects every one of them at the end).
    const MapPtr first = book_->committed();
    std::vector<std::vector<Row>> rows(dbs_.size());
    for (int i = 0; i < cfg_->keys; ++i) {
        Row r{key_name(std::uint64_t(i)), 0, 0};
        rows[std::size_t(shard_ordinal(first->owner(r.key)) - 1)].push_back(r);
        metrics_->acked.acknowledge(r.key, 0);
    }
    for (std::size_t i = 0; i < dbs_.size(); ++i) {
        dbs_[i]->with([&](sqlite3* conn) { store_upsert(conn, rows[i]); });
        metrics_->shards[i].keys = std::int64_t(rows[i].size());
    }
    metrics_->next_key = std::uint64_t(cfg_->keys);
}

void PartitioningRun::declare_series() {
    PartMetrics& m = *metrics_;
    SeriesTable& t = table_;
    t.chart("keys", "Keys per shard", "keys", "Rows in each shard's database; a spare shard holds none until it joins")
        .chart("load", "Requests per shard", "req/s", "Operations each shard served from its own data (redirects not counted)")
        .chart("skew", "Skew (max / mean)", "ratio",
               "Over the shards in the map: 1 is perfectly even. Keys from the databases, load per sample")
        .chart("rebalance", "Rebalancing", "keys/s", "Keys handed over per second (acknowledged by their new owner)")
        .chart("latency", "Latency (client-measured)", "ms", "Single-key operations and range scans, answered ones")
        .chart("fanout", "Range-scan fan-out", "shards", "Shards one range scan asked, mean per sample")
        .chart("errors", "Errors and redirects", "1/s",
               "Operations given up (no answer in time, too many redirects) and redirects followed (Moved, Ask)");
    for (int i = 1; i <= cfg_->shard_nodes(); ++i) {
        const std::string id = shard_name(i);
        const auto& g = m.shards[std::size_t(i - 1)];
        t.value("keys_" + id, "keys", "keys", [&g] { return double(g.keys.load()); }).of_node(id);
    }
    for (int i = 1; i <= cfg_->shard_nodes(); ++i) {
        const std::string id = shard_name(i);
        t.rate("requests_" + id, "req/s", "load", m.shards[std::size_t(i - 1)].requests).of_node(id);
    }
    t.value("load_skew", "ratio", "skew", [this] { return load_skew_now(); })
        .value("key_skew", "ratio", "skew", [this] { return key_skew_now(); })
        .rate("keys_moved_per_s", "keys/s", "rebalance", m.keys_moved)
        .value("rebalancing", "", "", [&m] { return m.rebalancing ? 1.0 : 0.0; })
        .value("map_epoch", "", "", [&m] { return double(m.epoch.load()); })
        .percentile_ms("key_p50_ms", "latency", m.key_latency_ns, 0.50)
        .percentile_ms("key_p99_ms", "latency", m.key_latency_ns, 0.99)
        .percentile_ms("scan_p99_ms", "latency", m.scan_latency_ns, 0.99)
        .ratio("scan_fanout_mean", "fanout", {&m.scan_shards}, {&m.scans})
        .rate("ok_per_s", "ops/s", "", m.ok)
        .rate("timeouts_per_s", "1/s", "errors", m.err_timeout)
        .rate("redirect_failures_per_s", "1/s", "errors", m.err_redirects)
        .rate("moved_per_s", "1/s", "errors", m.moved)
        .rate("ask_per_s", "1/s", "errors", m.asked)
        .rate("read_misses_per_s", "1/s", "errors", m.read_misses)
        .headline({&m.ok, &m.failed, &m.latency_ns})
        .status({.rate_column = "ok_per_s",
                 .rate_unit = "ops/s",
                 .rate_tip = "Key operations and scans answered per second in the last sample",
                 .p99_column = "key_p99_ms",
                 .p99_tip = "99th percentile latency of single-key operations in the last sample"});
}

double PartitioningRun::load_skew_now() {
    const MapPtr map = book_->committed();
    std::vector<double> served;
    for (std::size_t i = 0; i < last_requests_.size(); ++i) {
        const std::uint64_t now = metrics_->shards[i].requests.value();
        const std::uint64_t delta = now - last_requests_[i];
        last_requests_[i] = now;
        if (map->has(shard_name(int(i) + 1))) served.push_back(double(delta));
    }
    return skew(served);
}

double PartitioningRun::key_skew_now() const {
    const MapPtr map = book_->committed();
    std::vector<double> keys;
    for (const std::string& s : map->shards()) keys.push_back(double(metrics_->shards[std::size_t(shard_ordinal(s) - 1)].keys.load()));
    return skew(keys);
}

void PartitioningRun::started() {
    // Redis Cluster clients need slots, so only hash-slot opens the doors; outside doors exist in
    // live time only.
    if (mode_ != TimeMode::Live || cfg_->strategy != "hash-slot") return;
    door_ = std::make_unique<ClusterDoor>(runtime_, book_, dbs_);
    door_->start();
    std::lock_guard lock(endpoints_mu_);
    endpoints_ = door_->endpoints();
}

void PartitioningRun::close_door() {
    {
        std::lock_guard lock(endpoints_mu_);
        endpoints_.clear();
    }
    if (door_) door_->stop();
}

std::vector<ServiceEndpoint> PartitioningRun::endpoints() const {
    std::lock_guard lock(endpoints_mu_);
    return endpoints_;
}

void PartitioningRun::stop_workload() {
    cfg_->stopping = true;
    close_door();
}

bool PartitioningRun::drained() const {
    // The client's last operations are answered or timed out, and any rebalance finished.
    return metrics_->ok.value() + metrics_->failed.value() >= metrics_->issued.value() && book_->target_epoch() == 0;
}

void PartitioningRun::stopped() {
    close_door();
    if (audited_) return;
    audited_ = true;
    std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>> dumps;
    for (std::size_t i = 0; i < dbs_.size(); ++i) dumps.emplace_back(shard_name(int(i) + 1), store_dump(*dbs_[i]));
    const std::uint64_t target = book_->target_epoch();
    const MapPtr t = target ? book_->version(target) : nullptr;
    audit_ = audit_shards(dumps, metrics_->acked.snapshot(), *book_->committed(), t.get());
}

nlohmann::json PartitioningRun::rebalances_json() const {
    nlohmann::json out = nlohmann::json::array();
    std::lock_guard lock(metrics_->log_mu);
    for (const RebalanceRecord& r : metrics_->rebalances) {
        nlohmann::json j = {{"action", r.action}, {"status", r.status}, {"at_s", r.started_s}};
        if (r.status == "rejected") {
            j["reason"] = r.reason;
            out.push_back(j);
            continue;
        }
        const std::uint64_t moved = metrics_->moved_into(r.to_epoch);
        j["op"] = r.op;
        j["epoch"] = r.to_epoch;
        j["keys_moved"] = moved;
        j["keys_before"] = r.keys_before;
        j["moved_fraction"] = r.keys_before ? nlohmann::json(double(moved) / double(r.keys_before)) : nlohmann::json(nullptr);
        j["expected_fraction"] = number_or_null(r.expected_fraction);
        j["duration_ms"] = number_or_null((r.ended_s - r.started_s) * 1e3);
        out.push_back(j);
    }
    return out;
}

nlohmann::json PartitioningRun::summary() {
    using nlohmann::json;
    stopped();
    const PartMetrics& m = *metrics_;
    const MapPtr map = book_->committed();
    json s;
    s["strategy"] = cfg_->strategy;
    s["routing"] = cfg_->routing == Routing::Router ? "router" : "client";
    s["map_epoch"] = map->epoch();
    s["map_shards"] = map->shards();
    json per_shard = json::array();
    std::vector<double> keys_in_map, requests_in_map;
    for (std::size_t i = 0; i < dbs_.size(); ++i) {
        const std::string id = shard_name(int(i) + 1);
        const std::uint64_t requests = m.shards[i].requests.value();
        per_shard.push_back({{"id", id}, {"keys", audit_.per_shard[i]}, {"requests", requests}, {"in_map", map->has(id)}});
        if (!map->has(id)) continue;
        keys_in_map.push_back(double(audit_.per_shard[i]));
        requests_in_map.push_back(double(requests));
    }
    s["per_shard"] = per_shard;
    s["load_skew"] = number_or_null(skew(requests_in_map));
    s["key_skew"] = number_or_null(skew(keys_in_map));
    s["rebalances"] = rebalances_json();
    s["rebalance_running"] = book_->target_epoch() != 0;
    s["keys_moved"] = m.keys_moved.value();
    s["migration_batches"] = m.migration_batches.value();
    s["migration_jobs_shed"] = m.migration_jobs_shed.value();
    s["lost_keys"] = audit_.lost;
    s["duplicate_keys"] = audit_.duplicate;
    s["misplaced_keys"] = audit_.misplaced;
    s["keys_in_transit"] = audit_.in_transit;
    s["lost_examples"] = audit_.lost_examples;
    s["keys_stored"] = audit_.keys;
    s["read_misses"] = m.read_misses.value();
    s["reads"] = m.reads.value();
    s["writes_acked"] = m.writes.value();
    s["scans"] = m.scans.value();
    s["scan_fanout_mean"] = m.scans.value() ? json(double(m.scan_shards.value()) / double(m.scans.value())) : json(nullptr);
    s["scan_latency_ms"] = percentiles_ms(m.scan_latency_ns.snapshot());
    s["key_latency_ms"] = percentiles_ms(m.key_latency_ns.snapshot());
    s["latency_rebalance_ms"] = percentiles_ms(m.latency_rebalance_ns.snapshot());
    s["latency_steady_ms"] = percentiles_ms(m.latency_steady_ns.snapshot());
    s["errors_by_cause"] = {{"timeout", m.err_timeout.value()}, {"too_many_redirects", m.err_redirects.value()}};
    s["redirects"] = {{"moved", m.moved.value()}, {"ask", m.asked.value()}};
    return s;
}

bool PartitioningRun::apply_fault(const FaultEvent& f) {
    const bool shard_target = f.target.rfind("shard-", 0) == 0;
    if (f.action == "add-shard") {
        // A spare shard as target brings in that one; any other node, the first spare.
    } else if (f.action == "remove-shard" || f.action == "split" || f.action == "move-slots") {
        if (!shard_target) throw InputError(f.action + ": " + f.target + " is not a shard (give shard-K)");
        if (f.action == "split" && cfg_->strategy != "range") {
            throw InputError("split: only the range strategy splits a shard (this run is " + cfg_->strategy + ")");
        }
        if (f.action == "move-slots" && cfg_->strategy != "hash-slot") {
            throw InputError("move-slots: only the hash-slot strategy has slots (this run is " + cfg_->strategy + ")");
        }
    } else {
        return false;
    }
    book_->push_request({f.action, shard_target ? f.target : std::string()});
    // The router starts it now if it is up and idle; a router that is down finds it in the
    // config store when it restarts.
    runtime_.post(runtime_.lookup("router"), [](Node& n, Context& ctx) { static_cast<RouterNode&>(n).kick(ctx); });
    return true;
}

std::string PartitioningRun::node_note(const std::string& node) const {
    if (node.rfind("shard-", 0) != 0) return {};
    const MapPtr map = book_->committed();
    const std::uint64_t target = book_->target_epoch();
    const MapPtr next = target ? book_->version(target) : nullptr;
    const bool named = map->has(node) || (next && next->has(node));
    double total = 0.0;
    for (const ShardGauges& g : metrics_->shards) total += double(g.keys.load());
    const double mine = double(metrics_->shards[std::size_t(shard_ordinal(node) - 1)].keys.load());
    if (!named && mine == 0.0) return "spare";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%% of keys", total > 0.0 ? 100.0 * mine / total : 0.0);
    return buf;
}

bool PartitioningRun::apply_live(const std::string& knob, const KnobValue& value) {
    const auto* real = std::get_if<double>(&value);
    if (knob == "arrival_rps" && real) {
        cfg_->arrival_rps = *real;
        return true;
    }
    return false;
}

}  // namespace archlab::partlab
