#include "labs/replication/repl_lab.h"

#include "labs/replication/repl_run.h"

namespace archlab::replication {

namespace {
using knobs::choice;
using knobs::num;
}  // namespace

ReplicationLab::ReplicationLab() {
    info_.id = "replication";
    info_.title = "Replication and consistency";
    info_.summary = "A primary and replicas, each with its own SQLite database: sync, semi-sync, async or quorum "
                    "replication, failover, stale reads, lost acknowledged writes, and a linearizability verdict.";
    info_.explain = replication_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("replication", {"sync", "semi-sync", "async", "quorum"}, "async",
               "When a write is acknowledged: every replica applied it, sync_replicas did, only the primary did "
               "(replicas follow in batches), or W of N nodes did (leaderless)"),
        num("sync_replicas", I, 1, 1, 8, "", "semi-sync: replicas that must apply a write before it is acknowledged"),
        num("repl_batch_ms", D, 50, 1, 10000, "ms", "async: the primary ships its log to the replicas this often"),
        num("quorum_r", I, 2, 1, 9, "", "quorum: replies a read waits for (R)"),
        num("quorum_w", I, 2, 1, 9, "", "quorum: acknowledgements a write waits for (W); R + W > N reads the latest write"),
        choice("read_from", {"primary", "replica", "any"}, "primary",
               "Where reads go: the primary, a random replica, or any data node (quorum reads R of N)"),
        num("replicas", I, 2, 1, 8, "", "Replicas besides the primary (N = replicas + 1)"),
        num("write_ratio", D, 0.5, 0, 1, "", "Share of operations that write (a fifth of them as compare-and-set)"),
        num("keys", I, 10, 1, 100000, "", "Distinct keys the clients read and write"),
        num("clients", I, 8, 1, 256, "", "Client processes; each has at most one operation in flight"),
        num("arrival_rps", D, 200, 1, 20000, "ops/s", "Operations per second (Poisson arrivals, open loop)"),
        num("link_latency_ms", D, 1, 0, 1000, "ms", "One-way delay added to every link between nodes"),
        num("detect_after_ms", D, 300, 10, 60000, "ms",
            "The monitor promotes a replica after the primary has not answered heartbeats this long"),
        num("heartbeat_ms", D, 50, 1, 10000, "ms", "How often the monitor heartbeats every data node"),
        num("backlog_entries", I, 10000, 16, 1000000, "entries",
            "Replication backlog: log entries each data node keeps in memory (Redis's repl-backlog). A replica "
            "whose next entry is still in it catches up from there (partial resync); one further behind gets a "
            "snapshot of the whole store (full resync, counted in full_resyncs)"),
        num("db_queue_limit", I, 10000, 1, 1000000, "jobs",
            "Database jobs (applies, reads) waiting for a data node's database beyond this are shed unrun, counted as "
            "jobs_shed in the summary: a shed read goes unanswered (the client times out), a shed apply runs again on "
            "the next ship tick and the node reports nothing past it as applied meanwhile"),
    };
    info_.actions = {{"promote", "Promote", "Make this replica the primary (the monitor promotes it on its next heartbeat)",
                      {"db"}}};
}

std::unique_ptr<LabRun> ReplicationLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<ReplicationRun>(env, settings);
}

}  // namespace archlab::replication
