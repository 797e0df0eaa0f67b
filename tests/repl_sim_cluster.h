#pragma once
// Test helper: a replication cluster on the deterministic simulated runtime, wired like the live
// lab (one SQLite file per data node in a temporary folder), and the lab's own verdicts on it.
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/runtime/sim_runtime.h"
#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "labs/replication/repl_topology.h"

struct SimCluster {
    std::shared_ptr<archlab::replication::ReplConfig> cfg = std::make_shared<archlab::replication::ReplConfig>();
    std::shared_ptr<archlab::replication::ReplMetrics> m;
    std::vector<std::shared_ptr<archlab::SqlitePool>> dbs;  ///< by data-node ordinal; a restart reopens the same one
    std::unique_ptr<archlab::SimRuntime> rt;
    QTemporaryDir dir;

    SimCluster() {
        cfg->arrival_rps = 300;
        cfg->keys = 5;
        cfg->link_latency_ms = 1.0;
    }
    void build(std::uint64_t seed = 1) {
        using namespace archlab::replication;
        m = std::make_shared<ReplMetrics>(cfg->data_nodes());
        for (int i = 0; i < cfg->data_nodes(); ++i) {
            dbs.push_back(std::make_shared<archlab::SqlitePool>((dir.path() + "/" + QString::number(i) + ".sqlite3").toStdString()));
            kv_prepare(*dbs.back());
        }
        rt = std::make_unique<archlab::SimRuntime>(seed, std::chrono::microseconds(50));
        add_replication_nodes(*rt, cfg, m, dbs);
        rt->start();
        apply_link_latency(*rt, cfg->link_latency_ms);
    }
    archlab::NodeIndex node(int ordinal) const { return rt->lookup(archlab::replication::data_node_name(ordinal)); }
    /// Stops the workload and lets every operation end (answer or timeout).
    void finish() {
        cfg->stopping = true;
        rt->run_for(archlab::from_ms(cfg->op_timeout_ms() + 100));
    }
    /// Write values the database holding the truth applied, as the lab reads them: the current
    /// primary's (quorum: every node's).
    std::set<std::int64_t> current_values() const {
        using namespace archlab::replication;
        if (cfg->mode != Mode::Quorum) return kv_applied_values(*dbs.at(std::size_t(m->primary_now.load())));
        std::set<std::int64_t> all;
        for (const auto& db : dbs) all.merge(kv_applied_values(*db));
        return all;
    }
    std::uint64_t lost_writes() const {
        return archlab::replication::count_lost_writes(m->ops.snapshot(), current_values(), m->last_failover_ns.load());
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
