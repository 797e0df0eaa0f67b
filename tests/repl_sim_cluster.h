#pragma once
// Test helper: the replication lab built by the lab itself on the deterministic simulated
// runtime (one SQLite file per data node in a temporary folder), and the lab's own verdicts on it.
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/runtime/sim_runtime.h"
#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "labs/replication/repl_run.h"
#include "labs/replication/repl_topology.h"
#include "lab_runs.h"

/// The replication lab as Lab::build makes it, on a simulated runtime the test steps by hand
/// (kill and restart at chosen instants, databases read directly). Knobs go in as text before
/// build(); cfg is the lab's own reading of them.
struct SimCluster {
    lab_test::Sets sets = {{"arrival_rps", "300"}, {"keys", "5"}, {"link_latency_ms", "1"}};
    std::shared_ptr<const archlab::replication::ReplConfig> cfg;  ///< after build()
    const archlab::replication::ReplMetrics* m = nullptr;         ///< after build()
    std::unique_ptr<archlab::SimRuntime> rt;
    std::unique_ptr<archlab::LabRun> run;
    archlab::replication::ReplicationRun* repl = nullptr;
    QTemporaryDir dir;

    void set(const std::string& knob, const std::string& value) { sets.emplace_back(knob, value); }
    void build(std::uint64_t seed = 1) {
        const archlab::Lab& lab = lab_test::lab("replication");
        archlab::Settings settings = lab.default_settings();
        for (const auto& [k, v] : sets) settings.set(k, v);
        cfg = archlab::replication::config_from(settings);
        rt = std::make_unique<archlab::SimRuntime>(seed, archlab::Nanos(0));  // as RunController makes it
        run = lab.build(archlab::RunEnv{*rt, archlab::TimeMode::Virtual, seed, dir.path().toStdString()}, settings);
        repl = dynamic_cast<archlab::replication::ReplicationRun*>(run.get());
        m = &repl->metrics();
        rt->start();
        run->started();
    }
    archlab::NodeIndex node(int ordinal) const { return rt->lookup(archlab::replication::data_node_name(ordinal)); }
    archlab::SqlitePool& db(int ordinal) const { return repl->database(ordinal); }
    /// Stops the workload and lets every operation end (answer or timeout).
    void finish() {
        run->stop_workload();
        rt->run_for(archlab::from_ms(cfg->op_timeout_ms() + 100));
    }
    /// Write values the database holding the truth applied, as the lab reads them: the current
    /// primary's (quorum: every node's).
    std::set<std::int64_t> current_values() const {
        using namespace archlab::replication;
        if (cfg->mode != Mode::Quorum) return kv_applied_values(db(m->primary_now.load()));
        std::set<std::int64_t> all;
        for (int i = 0; i < cfg->data_nodes(); ++i) all.merge(kv_applied_values(db(i)));
        return all;
    }
    std::uint64_t lost_writes() const {
        return archlab::replication::count_lost_writes(m->ops.snapshot(), current_values());
    }
    std::optional<bool> linearizable() const {
        using namespace archlab::replication;
        return verdict_of(check_register(to_history(m->ops.snapshot()), std::chrono::seconds(10)));
    }
    /// Acknowledged writes invoked at or after t.
    int writes_ok_after(archlab::Nanos t) const {
        using namespace archlab::replication;
        int n = 0;
        for (const OpRecord& op : m->ops.snapshot()) {
            n += op.f != OpF::Read && op.status == OpStatus::Ok && op.invoke_ns >= t.count();
        }
        return n;
    }
};

inline QString describe(const SimCluster& c) {
    const archlab::replication::OpRecorder::Totals t = c.m->ops.totals();
    return QString("reads %1 stale %2 writes ok %3 failed %4 info %5 failovers %6 primary %7 lost %8")
        .arg(t.reads_ok).arg(t.stale_reads).arg(t.writes_ok).arg(t.writes_fail).arg(t.info)
        .arg(c.m->failovers.value()).arg(c.m->primary_now.load()).arg(c.lost_writes());
}
