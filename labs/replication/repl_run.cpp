#include "labs/replication/repl_run.h"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <thread>

#include "core/lab/fault_apply.h"
#include "core/runtime/live_runtime.h"
#include "core/store/run_store.h"
#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "labs/replication/repl_topology.h"

namespace archlab::replication {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::chrono::milliseconds kWholeRunBudget{10000};  ///< time the whole-history check may take
constexpr std::chrono::milliseconds kWindowBudget{100};      ///< per sampling window

/// Where a run's history is kept: a "histories" folder beside the run store (the CLI then moves
/// it into the report folder), so the path in summary.json stays valid after the run.
std::filesystem::path history_path() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::path(RunStore::default_path()).parent_path() / "histories";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) dir = std::filesystem::temp_directory_path();
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    return dir / ("replication-" + std::to_string(stamp) + "-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter++) + ".edn");
}

std::filesystem::path make_data_dir() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("archlab-replication-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    return dir;
}

double ns_to_ms(double ns) { return ns / 1e6; }

nlohmann::json percentiles_ms(const HistogramSnapshot& h) {
    if (h.count() == 0) return nullptr;
    return {{"p50", ns_to_ms(double(h.percentile(0.50)))},
            {"p99", ns_to_ms(double(h.percentile(0.99)))},
            {"max", ns_to_ms(double(h.max()))}};
}
}  // namespace

std::shared_ptr<ReplConfig> config_from(const Settings& s) {
    auto cfg = std::make_shared<ReplConfig>();
    cfg->mode = parse_mode(s.get_enum("replication"));
    cfg->sync_replicas = static_cast<int>(s.get_int("sync_replicas"));
    cfg->repl_batch_ms = s.get_double("repl_batch_ms");
    cfg->quorum_r = static_cast<int>(s.get_int("quorum_r"));
    cfg->quorum_w = static_cast<int>(s.get_int("quorum_w"));
    cfg->read_from = parse_read_from(s.get_enum("read_from"));
    cfg->replicas = static_cast<int>(s.get_int("replicas"));
    cfg->write_ratio = s.get_double("write_ratio");
    cfg->keys = static_cast<int>(s.get_int("keys"));
    cfg->clients = static_cast<int>(s.get_int("clients"));
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->link_latency_ms = s.get_double("link_latency_ms");
    cfg->detect_after_ms = s.get_double("detect_after_ms");
    cfg->heartbeat_ms = s.get_double("heartbeat_ms");
    const int n = cfg->data_nodes();
    if (cfg->mode == Mode::Quorum && (cfg->quorum_r > n || cfg->quorum_w > n)) {
        throw InputError("quorum_r " + std::to_string(cfg->quorum_r) + " / quorum_w " + std::to_string(cfg->quorum_w) +
                         ": each must be at most N = replicas + 1 = " + std::to_string(n));
    }
    if (cfg->mode == Mode::SemiSync && cfg->sync_replicas > cfg->replicas) {
        throw InputError("sync_replicas " + std::to_string(cfg->sync_replicas) + ": only " +
                         std::to_string(cfg->replicas) + " replicas (raise replicas or lower sync_replicas)");
    }
    if (cfg->heartbeat_ms >= cfg->detect_after_ms) {
        throw InputError("heartbeat_ms " + format_value(s.get("heartbeat_ms")) + " must be shorter than detect_after_ms " +
                         format_value(s.get("detect_after_ms")));
    }
    return cfg;
}

ReplicationRun::ReplicationRun(const Settings& s, std::uint64_t seed) {
    cfg_ = config_from(s);
    metrics_ = std::make_shared<ReplMetrics>(cfg_->data_nodes());
    data_dir_ = make_data_dir();
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        auto db = std::make_shared<SqlitePool>((data_dir_ / (data_node_name(i) + ".sqlite3")).string());
        kv_prepare(*db);
        dbs_.push_back(std::move(db));
    }
    runtime_ = std::make_unique<LiveRuntime>(seed);
    add_replication_nodes(*runtime_, cfg_, metrics_, dbs_);
}

ReplicationRun::~ReplicationRun() {
    runtime_->stop();
    runtime_.reset();
    dbs_.clear();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);  // the databases; the history lives elsewhere
}

void ReplicationRun::start() {
    runtime_->start();
    apply_link_latency(*runtime_, cfg_->link_latency_ms);
}

std::set<std::int64_t> ReplicationRun::current_values() const {
    if (cfg_->mode != Mode::Quorum) return kv_applied_values(*dbs_.at(std::size_t(metrics_->primary_now.load())));
    std::set<std::int64_t> all;
    for (const auto& db : dbs_) all.merge(kv_applied_values(*db));
    return all;
}

void ReplicationRun::stop() {
    if (stopped_) return;
    stopped_ = true;
    cfg_->stopping = true;
    stop_s_ = to_s(runtime_->now());
    // Operations in flight get their answer or their timeout, so none is left pending.
    const auto give_up = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(static_cast<long>(cfg_->op_timeout_ms()) + 200);
    while (metrics_->ops.pending() > 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    runtime_->stop();

    // The final state, read from the current primary's database once everything stopped.
    const std::vector<OpRecord> ops = metrics_->ops.snapshot();
    final_["lost_writes"] = count_lost_writes(ops, current_values(), metrics_->last_failover_ns.load());
    const consistency::History history = to_history(ops);
    const std::filesystem::path path = history_path();
    std::ofstream out(path);
    write_history(out, history);
    final_["history"] = path.string();
    const consistency::CheckResult r = check_register(history, kWholeRunBudget);
    const std::optional<bool> v = verdict_of(r);
    final_["linearizable"] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    nlohmann::json window = nlohmann::json::array();
    for (const consistency::Operation& op : r.window) window.push_back(consistency::to_edn(op));
    final_["linearizability"] = {{"verdict", consistency::to_string(r.verdict)},
                                 {"explanation", r.explanation},
                                 {"window", window},
                                 {"model", "register per key, every key nil at the start"},
                                 {"check_s", r.elapsed_s}};
}

std::vector<std::string> ReplicationRun::series_columns() const {
    std::vector<std::string> c = {"throughput_rps", "info_per_s",       "write_p50_ms", "write_p99_ms",
                                  "read_p50_ms",    "read_p99_ms",      "latency_p99_ms", "stale_read_ratio",
                                  "lost_writes",    "linearizable",     "primary"};
    for (int i = 0; i < cfg_->data_nodes(); ++i) c.push_back("lag_ms_" + data_node_name(i));
    for (int i = 0; i < cfg_->data_nodes(); ++i) c.push_back("lag_ops_" + data_node_name(i));
    return c;
}

void ReplicationRun::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-6, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    const HistogramSnapshot rd = metrics_->ops.read_latency(), wr = metrics_->ops.write_latency();
    const HistogramSnapshot drd = rd.since(prev_read_), dwr = wr.since(prev_write_);
    prev_read_ = rd;
    prev_write_ = wr;
    const OpRecorder::Totals t = metrics_->ops.totals();
    const std::uint64_t done = t.reads_ok + t.writes_ok + t.writes_fail;

    std::size_t k = 0;
    v[k++] = double(done - prev_done_) / dt;
    v[k++] = double(t.info - prev_info_) / dt;
    v[k++] = dwr.count() ? ns_to_ms(double(dwr.percentile(0.50))) : kNaN;
    v[k++] = dwr.count() ? ns_to_ms(double(dwr.percentile(0.99))) : kNaN;
    v[k++] = drd.count() ? ns_to_ms(double(drd.percentile(0.50))) : kNaN;
    v[k++] = drd.count() ? ns_to_ms(double(drd.percentile(0.99))) : kNaN;
    HistogramSnapshot all = drd;
    all.merge(dwr);
    v[k++] = all.count() ? ns_to_ms(double(all.percentile(0.99))) : kNaN;
    const std::uint64_t reads = t.reads_ok - prev_reads_;
    v[k++] = reads ? double(t.stale_reads - prev_stale_) / double(reads) : kNaN;
    prev_done_ = done;
    prev_info_ = t.info;
    prev_reads_ = t.reads_ok;
    prev_stale_ = t.stale_reads;
    // Acknowledged writes the current primary's database does not hold (and no read since the
    // last failover saw).
    const std::vector<OpRecord> ops = metrics_->ops.snapshot();
    v[k++] = double(count_lost_writes(ops, current_values(), metrics_->last_failover_ns.load()));
    // Verdict of the operations invoked since the previous sample (pending ones count as unknown).
    if (window_from_ < ops.size()) {
        const std::optional<bool> verdict = verdict_of(check_register(window_history(ops, window_from_, ops.size()), kWindowBudget));
        v[k++] = verdict ? double(*verdict) : kNaN;
    } else {
        v[k++] = kNaN;
    }
    window_from_ = ops.size();
    const int p = metrics_->primary_now.load();
    v[k++] = cfg_->mode == Mode::Quorum ? kNaN : p;  // leaderless: nobody is primary

    const int n = cfg_->data_nodes();
    const DataNodeGauges& pg = metrics_->nodes[std::size_t(p)];
    const std::int64_t now_ns = runtime_->now().count();
    std::vector<double> lag_ms(std::size_t(n), kNaN), lag_ops(std::size_t(n), kNaN);
    for (int i = 0; i < n && cfg_->mode != Mode::Quorum; ++i) {
        DataNodeGauges& g = metrics_->nodes[std::size_t(i)];
        const std::int64_t applied_max_ns = g.window_max_lag_ns.exchange(0);
        const NodeIndex node = runtime_->lookup(data_node_name(i));
        if (runtime_->state(node) == NodeState::Down) continue;
        const std::uint64_t head = pg.head.load(), applied = g.applied.load();
        const double behind = head > applied ? double(head - applied) : 0.0;
        lag_ops[std::size_t(i)] = behind;
        // The worst lag of the window: how long the oldest write this node has not applied has
        // been committed on the primary, or the longest a write it applied since the last sample
        // took (a sample alone would see an async batch's sawtooth always at the same phase).
        const std::int64_t oldest = behind > 0 ? pg.commit_at(applied + 1) : -1;
        const std::int64_t waiting_ns = oldest >= 0 ? std::max<std::int64_t>(0, now_ns - oldest) : 0;
        lag_ms[std::size_t(i)] = ns_to_ms(double(std::max(waiting_ns, applied_max_ns)));
        if (i != p) sampled_lag_ns_.record(static_cast<std::uint64_t>(lag_ms[std::size_t(i)] * 1e6));
    }
    for (double x : lag_ms) v[k++] = x;
    for (double x : lag_ops) v[k++] = x;
}

nlohmann::json ReplicationRun::summary() {
    using nlohmann::json;
    const OpRecorder::Totals t = metrics_->ops.totals();
    const HistogramSnapshot rd = metrics_->ops.read_latency(), wr = metrics_->ops.write_latency();
    const double span = std::max(1e-9, stopped_ ? stop_s_ : to_s(runtime_->now()));
    json s = final_;
    s["replication"] = to_string(cfg_->mode);
    s["requests"] = metrics_->ops.size();  // operations invoked
    s["errors"] = t.info;                   // operations with no answer in time (outcome unknown)
    s["throughput_rps"] = double(t.reads_ok + t.writes_ok + t.writes_fail) / span;
    s["reads_ok"] = t.reads_ok;
    s["writes_ok"] = t.writes_ok;
    s["writes_failed"] = t.writes_fail;
    s["ops_unknown"] = t.info;
    s["ops_skipped"] = metrics_->skipped.value();
    s["stale_reads"] = t.stale_reads;
    s["stale_read_ratio"] = t.reads_ok ? double(t.stale_reads) / double(t.reads_ok) : 0.0;
    s["write_latency_ms"] = percentiles_ms(wr);
    s["read_latency_ms"] = percentiles_ms(rd);
    // How far behind the replicas were at each sample (the lag chart), and how long each write a
    // replica did apply took to get there (blind to writes never applied).
    s["replication_lag_ms"] = cfg_->mode == Mode::Quorum ? json(nullptr) : percentiles_ms(sampled_lag_ns_.snapshot());
    s["apply_lag_ms"] = cfg_->mode == Mode::Quorum ? json(nullptr) : percentiles_ms(metrics_->apply_lag_ns.snapshot());
    s["failovers"] = metrics_->failovers.value();
    s["primary_now"] = cfg_->mode == Mode::Quorum ? json(nullptr) : json(data_node_name(metrics_->primary_now.load()));
    s["read_repairs"] = metrics_->read_repairs.value();
    if (!s.contains("linearizable")) s["linearizable"] = nullptr;
    return s;
}

bool ReplicationRun::apply_fault(const FaultEvent& f) {
    if (f.action != "promote") return false;
    if (cfg_->mode == Mode::Quorum) throw InputError("promote: " + f.target + ": quorum replication has no primary to promote");
    for (int i = 0; i < cfg_->data_nodes() && cfg_->mode != Mode::Quorum; ++i) {
        if (data_node_name(i) == f.target) {
            cfg_->promote_request = i;  // the monitor promotes it on its next heartbeat
            return true;
        }
    }
    archlab::apply_fault(*runtime_, f);  // throws "promote: X is not a replica in this lab"
    return true;
}

std::vector<ChartSpec> ReplicationRun::charts() const {
    std::vector<ChartSpec> all = chart_specs(cfg_->replicas);
    if (cfg_->mode == Mode::Quorum) {
        std::erase_if(all, [](const ChartSpec& c) { return c.id == "lag_ms" || c.id == "lag_ops" || c.id == "primary"; });
    }
    return all;
}

std::vector<ChartSpec> ReplicationRun::chart_specs(int replicas) {
    std::vector<std::string> lag_ms, lag_ops;
    for (int i = 0; i <= replicas; ++i) {
        lag_ms.push_back("lag_ms_" + data_node_name(i));
        lag_ops.push_back("lag_ops_" + data_node_name(i));
    }
    return {
        {"latency", "Latency (client-measured)", "ms",
         {"write_p50_ms", "write_p99_ms", "read_p50_ms", "read_p99_ms", "latency_p99_ms"}, {},
         "latency p99: every operation answered, reads and writes together"},
        {"lag_ms", "Replication lag", "ms", lag_ms, {},
         "Worst per sample: oldest write not yet applied, or slowest write applied; blank while down"},
        {"lag_ops", "Replication lag in operations", "ops", lag_ops, {},
         "Primary's log position minus each node's applied position"},
        {"stale", "Stale-read ratio", "share", {"stale_read_ratio"}, {},
         "Reads that returned a version older than a write acknowledged before the read began"},
        {"lost", "Acknowledged writes lost", "writes", {"lost_writes"}, {},
         "Not in the current primary's database and not read since the last failover"},
        {"linearizable", "Linearizable (1 yes, 0 no)", "",
         {"linearizable"}, {},
         "Ops invoked since the last sample; blank: none began (clients all waiting) or the check ran out of time"},
        {"throughput", "Throughput", "ops/s", {"throughput_rps", "info_per_s"}, {},
         "Operations answered, and operations that ended with no answer (outcome unknown)"},
        {"primary", "Primary", "", {"primary"}, {}, "Which node the monitor made primary: 0 = primary, N = replica-N"},
    };
}

}  // namespace archlab::replication
