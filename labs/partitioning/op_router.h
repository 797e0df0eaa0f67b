#pragma once
// Routes operations to shards by the map it knows, the way a cluster-aware router or client
// does: a key to its owner, a range scan to every shard whose part of the key space overlaps
// the range. It follows redirects: Moved (its map is old: learn the shard's epoch, route
// again) and Ask (the key is migrating: ask the named shard once, map unchanged); a scan that
// meets a migrating shard also asks the range's owners in the new map. It lives in the router
// node (routing=router) or in the client itself (routing=client).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/runtime/context.h"
#include "labs/partitioning/part_messages.h"
#include "labs/partitioning/part_metrics.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

class OpRouter {
public:
    /// The outcome: Ok / NotFound (rows, fanout, redirects filled in), or Failed with a cause.
    using Finish = std::function<void(Context&, const OpReply&)>;

    OpRouter(std::shared_ptr<MapBook> book, std::shared_ptr<PartMetrics> metrics);

    /// Starts an operation: key, or for a scan [key, end).
    void submit(Context& ctx, OpKind kind, std::string key, std::string end, std::int64_t value, Finish done);
    /// A shard's kOpReply; false when it answers nothing of this router's (a late reply).
    bool on_reply(Context& ctx, const Message& msg);
    /// A committed epoch heard of (commit broadcast, a Moved reply).
    void learn(std::uint64_t epoch);
    /// Forgets operations started more than `age` ago (their sender gave up on them).
    void expire(Context& ctx, Nanos age);
    std::uint64_t epoch() const { return map_->epoch(); }

private:
    struct Op {
        OpKind kind = OpKind::Read;
        std::string key, end;
        std::int64_t value = 0;
        Finish done;
        std::int64_t started_ns = 0;
        std::uint16_t redirects = 0;
        std::uint64_t round = 0;                    ///< scans: bumped on each (re)plan; older replies are void
        std::set<std::string> asked;                ///< scans: shards asked this round
        int outstanding = 0;                        ///< scans: replies still due this round
        std::map<std::string, std::uint64_t> rows;  ///< scans: key -> highest version seen
    };
    /// Sends the operation by the current map (a scan: plans it afresh).
    void dispatch(Context& ctx, std::uint64_t op_id);
    void send(Context& ctx, std::uint64_t op_id, const std::string& shard, bool asking);
    void finish(Context& ctx, std::uint64_t op_id, OpReply reply);
    void on_scan_reply(Context& ctx, std::uint64_t op_id, const OpReply& r, std::string_view tail);
    /// Counts a redirect; false (and the op failed) when there were too many.
    bool count_redirect(Context& ctx, std::uint64_t op_id);

    std::shared_ptr<MapBook> book_;
    std::shared_ptr<PartMetrics> m_;
    MapPtr map_;
    std::map<std::uint64_t, Op> ops_;  ///< by op number
    /// Request id sent to a shard -> {op number, scan round}.
    std::map<std::uint64_t, std::pair<std::uint64_t, std::uint64_t>> sent_;
    std::uint64_t next_op_ = 1, next_sent_ = 1;
};

}  // namespace archlab::partlab
