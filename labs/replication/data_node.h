#pragma once
// A data node: primary or replica (the role moves, the id stays), each with its own SQLite
// database. The primary orders writes in a log, applies them, and ships the log to the
// replicas; when it answers depends on the replication mode. Each node holds the last
// backlog_entries of its log (repl_backlog.h); a replica that needs older entries gets a
// snapshot of the primary's store instead (a full resync). In quorum mode every node is
// alike: it keeps the highest version of each key it is sent and answers reads.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/replication/repl_backlog.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_messages.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

class DataNode : public Node {
public:
    /// first_boot: this is the node's first instance. A restarted one reads its log back from its
    /// database and rejoins as a replica; it leads again only when the monitor promotes it anew.
    DataNode(int ordinal, std::shared_ptr<ReplConfig> cfg, std::shared_ptr<ReplMetrics> metrics,
             std::shared_ptr<SqlitePool> db, bool first_boot);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    /// The primary's view of one replica.
    struct Follower {
        std::uint64_t acked = 0;        ///< last position it reported applied
        std::uint64_t next = 1;         ///< next position to send it
        std::int64_t last_ack_ns = 0;   ///< when it last answered (in sync while recent)
        std::int64_t last_send_ns = 0;  ///< when we last sent it anything
        bool snapshotting = false;      ///< a snapshot for it is being read from the database
        std::int64_t snapshot_sent_ns = -1;  ///< when the last snapshot went out (-1 never)
        bool answered = false;          ///< it acknowledged something since this node became primary
        int ordinal = 0;                ///< its data node ordinal (bit of the in-sync set)
    };
    /// A client write waiting for enough replicas.
    struct PendingWrite {
        std::uint64_t pos = 0;
        NodeIndex client = kNoNode;
        std::uint64_t id = 0;
        std::uint64_t version = 0;
    };
    struct KeyState {
        std::int64_t value = 0;
        std::uint64_t version = 0;
    };

    // Primary side
    void on_client_write(Context& ctx, const Message& msg);
    void on_append_ack(Context& ctx, const Message& msg);
    void ship(Context& ctx, NodeIndex to, Follower& f);
    /// Full resync: f needs an entry older than the backlog holds, so it gets the whole store as
    /// of the log's head, read from the database on the worker (after every queued apply).
    void send_snapshot(Context& ctx, NodeIndex to, Follower& f);
    /// Acknowledges the pending writes up to replicated_pos(), then serves the reads waiting
    /// for them and tells the replicas how far that is.
    void try_commit(Context& ctx);
    bool in_sync(const Context& ctx, const Follower& f) const;
    /// Primary: the highest log position its mode counts as replicated, the position a write
    /// must reach before it is acknowledged (async: what it applied itself). The one commit
    /// rule: try_commit and the reads (data_node_reads.cpp) both use it.
    std::uint64_t replicated_pos(const Context& ctx) const;
    /// The answer to the monitor's heartbeat `l`: where this node stands, and, from a sync
    /// primary, its proposal of the in-sync set (data_node_isr.cpp).
    void answer_heartbeat(Context& ctx, const Message& msg, const Leadership& l);
    /// Sync mode: the in-sync set this primary proposes now (itself, and every replica that
    /// answers and has applied every write it acknowledged), numbered anew when it changes;
    /// returns (number, set).
    std::pair<std::uint64_t, std::uint64_t> propose_isr(const Context& ctx);
    /// Sync mode: the monitor sent back proposal `seq`: the older ones bind no more.
    void isr_confirmed(std::uint64_t seq);
    /// Sync mode: every replica of a proposal still binding (bit i: ordinal i).
    std::uint64_t isr_bound() const;
    void become_primary(Context& ctx);
    // Replica side
    void on_append(Context& ctx, const Message& msg);
    /// Replaces its store with the primary's snapshot, then goes on from the snapshot's position.
    void on_snapshot(Context& ctx, const Message& msg);
    void demote(Context& ctx);
    void adopt(Context& ctx, std::uint64_t term, NodeIndex primary);
    /// A restarted node: reads the log it applied back from its database, then takes part again.
    void recover(Context& ctx);
    /// Term of the last applied entry (0 when none).
    std::uint64_t applied_term() const { return applied_version_ >> 32; }
    /// Position `pos`, whose entry has version `version`, is now applied (never goes back).
    /// applied_ stops below the first apply the runtime shed until that one has run again.
    void note_applied(std::uint64_t pos, std::uint64_t version);
    /// Ship tick: applies the runtime shed run again, and a shed wipe or snapshot is redone.
    void retry_shed(Context& ctx);
    // Both
    void on_read(Context& ctx, const Message& msg, std::uint16_t reply_type);
    /// A read waiting at a sync or semi-sync node (see on_read).
    struct WaitingRead {
        NodeIndex from = kNoNode;
        std::uint64_t id = 0;
        std::uint16_t reply_type = 0;
        std::uint32_t key = 0;
    };
    /// Queues the read's database job when no write to its key is beyond replicated_pos();
    /// false (not queued) otherwise.
    bool read_replicated(Context& ctx, const WaitingRead& r);
    void serve_waiting_reads(Context& ctx);
    void queue_read(Context& ctx, const WaitingRead& r);   ///< the database read and its reply
    void on_quorum_write(Context& ctx, const Message& msg);
    /// The store is about to be replaced (a snapshot, a wipe): queued jobs void, nothing applied,
    /// lag not counted for what is copied. The caller resets the log and publishes.
    void begin_rebuild(Context& ctx);
    void append_to_log(const LogEntry& e);
    /// The data node's name of node n ("replica-2"), for event lines.
    std::string name_of(NodeIndex n) const;
    /// Applies entries to the database on the worker thread; done() runs after, unless the
    /// node was wiped in between.
    void apply(Context& ctx, std::vector<LogEntry> entries, std::function<void()> done);
    void publish();
    /// How often the ship timer fires: every repl_batch_ms (async), else often enough to resend.
    double ship_period_ms() const;

    int ordinal_;
    std::shared_ptr<ReplConfig> cfg_;
    std::shared_ptr<ReplMetrics> m_;
    std::shared_ptr<SqlitePool> db_;
    bool first_boot_;

    NodeIndex self_ = kNoNode;
    std::vector<NodeIndex> data_;              ///< every data node, by ordinal
    bool is_primary_ = false;
    std::uint64_t term_ = 0;                   ///< leadership term this node knows
    NodeIndex primary_ = kNoNode;              ///< who it thinks is primary
    ReplBacklog log_;                          ///< the last backlog_entries entries of the log
    std::uint64_t applied_ = 0;                ///< last position applied to the database
    std::uint64_t applied_version_ = 0;        ///< version of the entry at applied_ (0 when none)
    bool rebuilding_ = false;                  ///< wiped, nothing applied since: copying the primary's store from nothing
    bool check_tail_ = false;                  ///< next append decides whether entries past it are stale
    std::uint64_t generation_ = 0;             ///< bumped by a wipe: older jobs' results are void
    std::int64_t copying_before_ns_ = 0;       ///< entries committed before this (last wipe) are a rebuild, not lag
    bool recovering_ = false;                  ///< restarted, reading its log back: ignores the cluster meanwhile
    /// Leads only a term above this. A restarted node may have led any term up to the one current
    /// when it came back, and lost what it held in memory then (unanswered writes, where each
    /// replica stands, entries not yet applied): it waits for the monitor to pick it anew.
    std::uint64_t lead_after_term_ = 0;
    bool heard_term_ = true;                   ///< false after a restart until a term is first heard
    std::unordered_map<std::uint32_t, KeyState> keys_;  ///< latest value per key in log order
    std::map<NodeIndex, Follower> followers_;  ///< primary: every other data node
    std::deque<PendingWrite> pending_;         ///< primary: writes not yet answered, by position
    std::deque<WaitingRead> waiting_reads_;    ///< sync/semi-sync: reads of a key with a write not yet replicated
    std::uint64_t replicated_sent_ = 0;        ///< primary: the highest AppendHeader::replicated sent
    std::uint64_t known_replicated_ = 0;       ///< replica: replicated position the primary last sent (AppendHeader::replicated)
    /// Primary, sync mode: its proposals of the in-sync set (monitor_node.h) from the one the
    /// monitor last sent back on, by number -> set (bit i: ordinal i). The monitor holds one of
    /// them, so a replica in any of them must acknowledge a write before it is acknowledged.
    std::map<std::uint64_t, std::uint64_t> isr_proposals_;
    static constexpr std::size_t kMaxIsrProposals = 32;  ///< beyond: the oldest two merge (data_node_isr.cpp)
    static constexpr std::size_t kMaxWaitingReads = 10000;   ///< beyond: dropped, the client times out
    /// Client writes this node has seen, (client, request id), oldest first: a delivery the
    /// network duplicated is dropped, not applied twice or refused as a compare-and-set mismatch
    /// after the original took effect (the client would record :fail for an applied write).
    /// Bounded: the last kRememberedWrites requests, far more than arrive within an op timeout.
    std::set<std::pair<NodeIndex, std::uint64_t>> seen_writes_;
    std::deque<std::pair<NodeIndex, std::uint64_t>> seen_order_;
    /// Primary: last position whose write was acknowledged, or that a predecessor may have
    /// acknowledged (the whole log when it took over); what a safe promotion must hold.
    std::uint64_t acked_pos_ = 0;
    /// Applies the runtime shed (the node's job queue was full), by first position: their
    /// entries are in the log but not in the database, so applied_ stays below the first until
    /// it has run again (later applies may have finished: their positions wait in done_pos_).
    struct Unapplied {
        std::vector<LogEntry> entries;
        std::function<void()> done;
        bool retrying = false;  ///< queued again, not finished
    };
    std::map<std::uint64_t, Unapplied> unapplied_;
    std::uint64_t done_pos_ = 0;      ///< highest position whose apply finished since the last rebuild
    std::uint64_t done_version_ = 0;  ///< version of the entry at done_pos_
    /// A wipe or snapshot install was shed: the store is not what the log says, so the next
    /// ship tick wipes it and asks the primary for everything again.
    bool resync_ = false;
    std::uint64_t apply_sheds_ = 0;   ///< applies and installs shed since start (a read queued before one is not answered)
};

}  // namespace archlab::replication
