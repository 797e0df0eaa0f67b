#include "labs/replication/repl_run.h"

#include <algorithm>
#include <fstream>
#include <limits>

#include "core/lab/fault_apply.h"
#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "labs/replication/repl_topology.h"

namespace archlab::replication {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Live runs give the checker wall time; virtual runs give it search steps, so the verdict (and
// summary.json) is the same on any machine. About what the wall budgets allow on a desktop
// (the search takes 2 to 5 million steps a second there).
constexpr std::chrono::milliseconds kWholeRunBudget{10000};  ///< live: time the whole-history check may take
constexpr std::chrono::milliseconds kWindowBudget{100};      ///< live: per sampling window
constexpr std::uint64_t kWholeRunSteps = 20'000'000;         ///< virtual: search steps for the whole history
constexpr std::uint64_t kWindowSteps = 500'000;              ///< virtual: per sampling window

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
    cfg->backlog_entries = static_cast<int>(s.get_int("backlog_entries"));
    cfg->db_queue_limit = static_cast<int>(s.get_int("db_queue_limit"));
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

ReplicationRun::ReplicationRun(const RunEnv& env, const Settings& s)
    : runtime_(env.runtime), mode_(env.mode), data_dir_(env.data_dir) {
    cfg_ = config_from(s);
    metrics_ = std::make_shared<ReplMetrics>(cfg_->data_nodes(), data_dir_);
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        auto db = std::make_shared<SqlitePool>((data_dir_ / (data_node_name(i) + ".sqlite3")).string(), kNodeDbCacheKib);
        kv_prepare(*db);
        dbs_.push_back(std::move(db));
    }
    add_replication_nodes(runtime_, cfg_, metrics_, dbs_);
    for (int i = 0; i < cfg_->data_nodes(); ++i) data_nodes_.push_back(runtime_.lookup(data_node_name(i)));
    apply_link_latency(runtime_, cfg_->link_latency_ms);
    declare_series();
}

ReplicationRun::~ReplicationRun() = default;

void ReplicationRun::declare_series() {
    const OpRecorder& ops = metrics_->ops;
    const bool leaderless = cfg_->mode == Mode::Quorum;  // no primary to plot, no log to lag behind
    SeriesTable& t = table_;
    t.chart("latency", "Latency (client-measured)", "ms",
            "latency p99: every operation answered, reads and writes together");
    if (!leaderless) {
        t.chart("lag_ms", "Replication lag", "ms",
                "Worst per sample: oldest write not yet applied, or slowest write applied; blank while down")
            .chart("lag_ops", "Replication lag in operations", "ops",
                   "Primary's log position minus each node's applied position; blank while down");
        // A node back from a restart catches up from seconds behind for a sample or two: drawn
        // off the scale and named, so the replicas' steady lag stays readable.
        t.chart_spikes_off_scale("lag_ms");
    }
    t.chart("stale", "Stale-read ratio", "share",
            "Reads that returned a version older than a write acknowledged before the read began")
        .chart("lost", "Acknowledged writes lost", "writes",
               "Acknowledged, and not in the current primary's database")
        .chart("linearizable", "Linearizable", "",
               "Ops invoked since the last sample; blank: none began (clients all waiting) or the check ran out of budget")
        .chart("throughput", "Throughput", "ops/s",
               "Operations answered, and operations that ended with no answer (outcome unknown)");
    t.chart_levels("linearizable", {"no", "yes"});
    if (!leaderless) {
        t.chart("primary", "Primary", "", "Which node the monitor made primary");
        std::vector<std::string> names;
        for (int i = 0; i < cfg_->data_nodes(); ++i) names.push_back(data_node_name(i));
        t.chart_levels("primary", std::move(names));
    }

    t.rate("throughput_rps", "ops/s", "throughput", ops.answered())
        .rate("info_per_s", "ops/s", "throughput", ops.unknown())
        .percentile_ms("write_p50_ms", "latency", ops.write_latency_ns(), 0.50)
        .percentile_ms("write_p99_ms", "latency", ops.write_latency_ns(), 0.99)
        .percentile_ms("read_p50_ms", "latency", ops.read_latency_ns(), 0.50)
        .percentile_ms("read_p99_ms", "latency", ops.read_latency_ns(), 0.99)
        .percentile_ms("latency_p99_ms", "latency", ops.answered_latency_ns(), 0.99)
        .ratio("stale_read_ratio", "stale", {&ops.stale_reads()}, {&ops.reads_ok()})
        .value("lost_writes", "writes", "lost", [this] { return lost_writes_now(); })
        .value("linearizable", "", "linearizable", [this] { return window_verdict(); });
    // Answered = a definite outcome (ok, or a refused compare-and-set); errors = no answer in time.
    t.headline({&ops.answered(), &ops.unknown(), &ops.answered_latency_ns()});
    if (leaderless) return;
    t.value("primary", "", "primary", [this] { return double(metrics_->primary_now.load()); });
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        t.value("lag_ms_" + data_node_name(i), "ms", "lag_ms", [this, i] { return lag_ms(i); }).of_node(data_node_name(i));
    }
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        t.value("lag_ops_" + data_node_name(i), "ops", "lag_ops", [this, i] { return lag_ops(i); }).of_node(data_node_name(i));
    }
}

std::string ReplicationRun::node_role(const std::string& node) const {
    if (cfg_->mode == Mode::Quorum) return {};
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        if (data_node_name(i) == node) return i == metrics_->primary_now.load() ? kNodeRolePrimary : kNodeRoleReplica;
    }
    return {};
}

std::set<std::int64_t> ReplicationRun::replica_values() const {
    std::set<std::int64_t> all;
    const std::size_t primary = std::size_t(metrics_->primary_now.load());
    for (std::size_t i = 0; i < dbs_.size(); ++i) {
        if (i != primary) all.merge(kv_applied_values(*dbs_[i]));
    }
    return all;
}

std::set<std::int64_t> ReplicationRun::current_values() const {
    if (cfg_->mode != Mode::Quorum) return kv_applied_values(*dbs_.at(std::size_t(metrics_->primary_now.load())));
    std::set<std::int64_t> all;
    for (const auto& db : dbs_) all.merge(kv_applied_values(*db));
    return all;
}

consistency::CheckResult ReplicationRun::check(const consistency::History& history, bool whole_run) const {
    if (mode_ == TimeMode::Virtual) return check_register(history, kWholeRunBudget, whole_run ? kWholeRunSteps : kWindowSteps);
    return check_register(history, whole_run ? kWholeRunBudget : kWindowBudget);
}

double ReplicationRun::lost_writes_now() {
    // Acknowledged writes the current primary's database does not hold (quorum: no node's).
    return double(lost_count_.update(metrics_->ops, [this] {
        std::vector<LostWriteCount::Source> truth;
        const auto add = [&](int i) {
            truth.push_back({dbs_.at(std::size_t(i)).get(), i, metrics_->nodes[std::size_t(i)].ledger_resets.load()});
        };
        if (cfg_->mode != Mode::Quorum) add(metrics_->primary_now.load());
        else for (int i = 0; i < cfg_->data_nodes(); ++i) add(i);
        return truth;
    }));
}

double ReplicationRun::window_verdict() {
    // Verdict of the operations invoked since the previous sample (pending ones count as unknown).
    // The window's history is built under the recorder's lock from what it keeps in memory (no
    // copy of the records); the check runs outside it.
    std::optional<consistency::History> window;
    metrics_->ops.next_window([&](const RecorderView& view, std::size_t from, std::size_t to) {
        window = window_history(view, from, to);
    });
    if (!window) return kNaN;
    const std::optional<bool> v = verdict_of(check(*window, false));
    return v ? double(*v) : kNaN;
}

void ReplicationRun::forget_commit_times() {
    // A lag figure needs the commit time of the position after each node's applied one. Nodes
    // rebuilding from nothing show no lag, so they pin nothing; the backlog's own span is kept
    // (a replica that starts over replays from there). Older ones are dropped on every node.
    std::uint64_t floor = std::numeric_limits<std::uint64_t>::max();
    for (const DataNodeGauges& g : metrics_->nodes) {
        if (!g.rebuilding.load()) floor = std::min(floor, g.applied.load());
    }
    for (DataNodeGauges& g : metrics_->nodes) {
        const std::uint64_t head = g.log_head(), span = std::uint64_t(cfg_->backlog_entries);
        g.log_forget_through(std::min(floor, head > span ? head - span : 0));
    }
}

double ReplicationRun::lag_ms(int i) {
    forget_commit_times();
    DataNodeGauges& g = metrics_->nodes[std::size_t(i)];
    const std::int64_t applied_max_ns = g.window_max_lag_ns.exchange(0);  // the window ends here, up or down
    if (runtime_.state(data_nodes_[std::size_t(i)]) == NodeState::Down) return kNaN;
    // Still reading its own database after a restart, or copying the primary's store from
    // nothing: it has no lag to show yet, only a gap.
    if (g.recovering.load() || g.rebuilding.load()) return kNaN;
    const int p = metrics_->primary_now.load();
    const DataNodeGauges& pg = metrics_->nodes[std::size_t(p)];
    const std::uint64_t head = pg.head.load(), applied = g.applied.load();
    // The worst lag of the window: how long the oldest write this node has not applied has
    // been committed on the primary, or the longest a write it applied since the last sample
    // took (a sample alone would see an async batch's sawtooth always at the same phase).
    const std::int64_t oldest = head > applied ? pg.commit_at(applied + 1) : -1;
    // Not in the primary's log at all (it was itself rebuilt from a snapshot taken after that
    // position): the replica will be rebuilt too; no lag to show until then.
    if (head > applied && oldest < 0) return kNaN;
    const std::int64_t waiting_ns = oldest >= 0 ? std::max<std::int64_t>(0, runtime_.now().count() - oldest) : 0;
    const std::int64_t worst_ns = std::max(waiting_ns, applied_max_ns);
    if (i != p) sampled_lag_ns_.record(static_cast<std::uint64_t>(worst_ns));
    return ns_to_ms(double(worst_ns));
}

double ReplicationRun::lag_ops(int i) const {
    if (metrics_->nodes[std::size_t(i)].recovering.load()) return kNaN;
    const std::uint64_t head = metrics_->nodes[std::size_t(metrics_->primary_now.load())].head.load();
    const std::uint64_t applied = metrics_->nodes[std::size_t(i)].applied.load();
    return head > applied ? double(head - applied) : 0.0;
}

void ReplicationRun::stop_workload() {
    cfg_->stopping = true;
    primary_state_at_end_ = to_string(runtime_.state(data_nodes_.at(std::size_t(metrics_->primary_now.load()))));
}

bool ReplicationRun::drained() const { return metrics_->ops.pending() == 0; }

void ReplicationRun::stopped() {
    if (checked_) return;
    checked_ = true;
    // The final state, read from the current primary's database once everything stopped.
    const std::vector<OpRecord> ops = metrics_->ops.snapshot();
    // The rule for lost writes holds whatever state the final primary is in: paused, slowed or
    // cut off at the end, its database still holds what it acknowledged, so those writes are not
    // lost (the verdict agrees: what waited on it ends as :info). What only it holds is at risk,
    // and shown as unreplicated_writes: a failover now would lose them.
    const std::set<std::int64_t> held = current_values();
    const std::vector<const OpRecord*> lost = lost_writes(ops, held);
    final_["lost_writes"] = lost.size();
    if (cfg_->mode != Mode::Quorum) {
        final_["primary_state_at_end"] = primary_state_at_end_.empty() ? "up" : primary_state_at_end_;
        final_["unreplicated_writes"] = count_unreplicated_writes(ops, held, replica_values());
    } else {
        final_["primary_state_at_end"] = nullptr;
        final_["unreplicated_writes"] = nullptr;
    }
    const consistency::History history = to_history(ops);
    const std::filesystem::path path = history_path();
    {
        std::ofstream out(path);
        write_history(out, history);
    }
    final_["history"] = path.string();
    consistency::CheckResult r = check(history, true);
    agree_with_lost_writes(r, lost);
    const std::optional<bool> v = verdict_of(r);
    final_["linearizable"] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    nlohmann::json window = nlohmann::json::array();
    for (const consistency::Operation& op : r.window) window.push_back(consistency::to_edn(op));
    nlohmann::json lin = {{"verdict", consistency::to_string(r.verdict)},
                          {"explanation", r.explanation},
                          {"window", window},
                          {"model", "register per key, every key nil at the start"},
                          {"check_steps", r.steps}};
    if (mode_ == TimeMode::Virtual) lin["step_budget"] = kWholeRunSteps;
    else lin["check_s"] = r.elapsed_s;  // wall time: live runs only, where it means something
    final_["linearizability"] = lin;
}

std::vector<LabEvent> ReplicationRun::take_events() { return metrics_->take_events(); }

nlohmann::json ReplicationRun::summary() {
    using nlohmann::json;
    stopped();  // normally done already, right after the cluster stopped
    const OpRecorder::Totals t = metrics_->ops.totals();
    const bool leaderless = cfg_->mode == Mode::Quorum;
    json s = final_;
    s["replication"] = to_string(cfg_->mode);
    s["ops_invoked"] = metrics_->ops.size();
    s["ops_pending"] = metrics_->ops.pending();  // still open when the run ended (no answer, no timeout yet)
    s["reads_ok"] = t.reads_ok;
    s["writes_ok"] = t.writes_ok;
    s["writes_failed"] = t.writes_fail;
    s["ops_unknown"] = t.info;
    s["ops_skipped"] = metrics_->skipped.value();
    s["stale_reads"] = t.stale_reads;
    s["stale_read_ratio"] = t.reads_ok ? double(t.stale_reads) / double(t.reads_ok) : 0.0;
    s["write_latency_ms"] = percentiles_ms(metrics_->ops.write_latency());
    s["read_latency_ms"] = percentiles_ms(metrics_->ops.read_latency());
    // How far behind the replicas were at each sample (the lag chart), and how long each write a
    // replica did apply took to get there (blind to writes never applied).
    s["replication_lag_ms"] = leaderless ? json(nullptr) : percentiles_ms(sampled_lag_ns_.snapshot());
    s["apply_lag_ms"] = leaderless ? json(nullptr) : percentiles_ms(metrics_->apply_lag_ns.snapshot());
    s["failovers"] = metrics_->failovers.value();
    s["primary_now"] = leaderless ? json(nullptr) : json(data_node_name(metrics_->primary_now.load()));
    s["read_repairs"] = metrics_->read_repairs.value();
    s["full_resyncs"] = leaderless ? json(nullptr) : json(metrics_->full_resyncs.value());
    s["promotions_refused"] = leaderless ? json(nullptr) : json(metrics_->promotions_refused.value());
    return s;
}

bool ReplicationRun::apply_fault(const FaultEvent& f) {
    if (f.action != "promote") return false;
    if (cfg_->mode == Mode::Quorum) throw InputError("promote: " + f.target + ": quorum replication has no primary to promote");
    for (int i = 0; i < cfg_->data_nodes(); ++i) {
        if (data_node_name(i) == f.target) {
            cfg_->promote_request = i;  // the monitor promotes it on its next heartbeat
            return true;
        }
    }
    archlab::apply_fault(runtime_, f);  // throws "promote: X is not a replica in this lab"
    return true;
}

}  // namespace archlab::replication
