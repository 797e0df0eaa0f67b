#pragma once
// A shard: its rows in its own SQLite database, its own view of the map (the committed epoch,
// and the epoch a migration moves to), and the two jobs a shard has. It serves the keys the map
// gives it and redirects the rest (Moved: your map is old; Ask: this key is migrating, ask the
// new owner once). And during a rebalance it moves the keys it loses to their new owners in
// batches over the transport, at its share of migrate_rate, while it goes on serving: a key is
// served here until its batch is acknowledged (writes to a key in flight wait for the
// acknowledgement), and asked for there after. A restarted shard reads its keys back from its
// database and the map epochs from the config store before it serves anything.
//
// serve() is the keyspace interface: the lab's messages come through it, and any other front
// (a RESP server posting onto this node's thread) can use it the same way.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/part_config.h"
#include "labs/partitioning/part_messages.h"
#include "labs/partitioning/part_metrics.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

class ShardNode : public Node {
public:
    /// How serve() answers: the reply header and, for scans, the rows encoded (encode_rows).
    using Reply = std::function<void(Context&, const OpReply&, std::string rows)>;

    ShardNode(int ordinal, std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics,
              std::shared_ptr<MapBook> book, std::shared_ptr<SqlitePool> db);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

    /// One operation on this shard: key (and, for a scan, the end of the range, exclusive).
    /// Answers through reply, now or later, on this node's thread.
    void serve(Context& ctx, const OpRequest& req, const std::string& key, const std::string& end, Reply reply);
    /// False while a restarted shard is still reading its database (serve() holds requests then).
    bool ready() const { return !recovering_; }
    const std::string& id() const { return id_; }

private:
    /// A write waiting for its key's batch to be acknowledged.
    struct Parked {
        OpRequest req;
        std::string key;
        Reply reply;
    };
    /// A batch sent and not yet acknowledged.
    struct BatchOut {
        NodeIndex to = kNoNode;
        std::vector<std::string> keys;   ///< the keys it carries (rows: those the database had)
        std::vector<Row> rows;
        std::int64_t sent_ns = 0;
    };

    // Serving (shard_node.cpp)
    void serve_scan(Context& ctx, const OpRequest& req, const std::string& lo, const std::string& hi, Reply reply);
    void serve_local(Context& ctx, const OpRequest& req, const std::string& key, Reply reply);
    void redirect(Context& ctx, OpStatus how, const std::string& shard, const Reply& reply) const;
    void adopt_commit(std::uint64_t epoch);
    void publish();
    // Migrating (shard_migration.cpp)
    void on_begin(Context& ctx, const Message& msg);
    void start_migration(Context& ctx, std::uint64_t to, double rate_keys_per_s);
    void send_batches(Context& ctx);
    void send_batch(Context& ctx, std::uint64_t id, BatchOut& b);
    void on_batch(Context& ctx, const Message& msg);
    void on_batch_ack(Context& ctx, const Message& msg);
    void on_stats_query(Context& ctx, const Message& msg);
    /// A key now in this shard's data: it leaves with the migration when its new owner is elsewhere.
    void note_key(const std::string& key);
    void maybe_done(Context& ctx);
    bool moving_away(const std::string& key) const;

    int ordinal_;
    std::string id_;
    std::shared_ptr<PartConfig> cfg_;
    std::shared_ptr<PartMetrics> m_;
    std::shared_ptr<MapBook> book_;
    std::shared_ptr<SqlitePool> db_;
    NodeIndex coordinator_ = kNoNode;

    bool recovering_ = true;              ///< reading its keys back; requests wait in held_
    std::deque<std::function<void(Context&)>> held_;  ///< what came while recovering, in order
    std::uint64_t committed_ = 1;         ///< the map epoch it serves by
    MapPtr cmap_;
    std::uint64_t target_ = 0;            ///< the epoch a migration moves to, 0 = none
    MapPtr tmap_;
    std::set<std::string> index_;         ///< keys in its database

    // Migration, source side.
    double rate_keys_per_s_ = 0.0;        ///< its share of migrate_rate
    double budget_ = 0.0;                 ///< keys it may send now (accumulates at the rate)
    std::uint64_t keys_before_ = 0;       ///< keys it held when the migration began
    std::set<std::string> outgoing_;      ///< keys to move, not yet in a batch
    std::map<std::string, std::uint64_t> in_flight_;   ///< key -> batch carrying it
    std::map<std::uint64_t, BatchOut> batches_;         ///< by batch number
    std::uint64_t next_batch_ = 1;
    std::map<std::string, std::vector<Parked>> parked_; ///< writes to keys in flight
    std::uint64_t done_sent_ = 0;         ///< target epoch whose Done it sent last
    int writes_pending_ = 0;              ///< write jobs not finished (their keys may still have to leave)
    bool batch_timer_on_ = false;
};

}  // namespace archlab::partlab
