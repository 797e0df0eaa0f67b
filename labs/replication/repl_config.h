#pragma once
// The replication lab's settings as the nodes read them, plus the few run-time requests
// the lab hands to nodes (stop the workload, promote a replica by hand).
#include <atomic>
#include <cstdint>
#include <string>

namespace archlab::replication {

/// How a write reaches the replicas before the client hears "ok".
enum class Mode : int {
    Sync,      ///< every in-sync replica applied it
    SemiSync,  ///< sync_replicas of them applied it
    Async,     ///< only the primary applied it; replicas follow from the log in batches
    Quorum,    ///< leaderless: the client writes to all N and waits for W, reads R and repairs
};
/// Where reads go (primary-based modes; quorum reads R of N nodes).
enum class ReadFrom : int { Primary, Replica, Any };

Mode parse_mode(const std::string& s);
const char* to_string(Mode m);
ReadFrom parse_read_from(const std::string& s);

struct ReplConfig {
    Mode mode = Mode::Async;
    int sync_replicas = 1;          ///< semi-sync: replicas that must apply a write before the ack
    double repl_batch_ms = 50.0;    ///< async: the primary ships its log every this many ms
    int quorum_r = 2;               ///< quorum: replies a read waits for
    int quorum_w = 2;               ///< quorum: acks a write waits for
    ReadFrom read_from = ReadFrom::Primary;
    int replicas = 2;               ///< replicas besides the primary (N = replicas + 1)
    double write_ratio = 0.5;       ///< share of operations that write (a fifth of them as compare-and-set)
    int keys = 10;                  ///< distinct keys the workload touches
    int clients = 8;                ///< logical client processes (each has one operation in flight at most)
    double arrival_rps = 200.0;     ///< open-loop operation rate, ops/s
    double link_latency_ms = 1.0;   ///< one-way delay added to every link, ms
    double detect_after_ms = 300.0; ///< the monitor fails over after the primary is silent this long, ms
    double heartbeat_ms = 50.0;     ///< monitor heartbeat period, ms
    int backlog_entries = 10000;    ///< log entries each data node keeps in memory (the replication backlog)
    int db_queue_limit = 10000;     ///< jobs waiting for a data node's database before more are shed
    double db_ms = 0.05;            ///< service time of one SQLite transaction, ms (live: SQLite's own time when longer)

    std::atomic<bool> stopping{false};       ///< clients start no new operations
    std::atomic<int> promote_request{-1};    ///< data-node ordinal the monitor should promote, -1 none

    int data_nodes() const { return replicas + 1; }
    /// Time after which a client gives up on an operation (recorded as :info), ms.
    double op_timeout_ms() const { return 2.0 * detect_after_ms + 500.0; }
};

/// "primary" for ordinal 0, "replica-N" for N >= 1: ids stay with nodes whatever their role.
std::string data_node_name(int ordinal);

}  // namespace archlab::replication
