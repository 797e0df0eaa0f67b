#pragma once
// One service of the vertical layout: users, orders or catalog, with its domain's table in its
// own SQLite database. It answers calls on its own data, and where a request needs another
// domain it calls that domain's service over the transport, as a service that owns no one
// else's tables must:
//   users:   get-user (its own row)
//   catalog: get-product, get-products (prices of several products, for order-history)
//   orders:  place-order  = call users (get-user) and catalog (get-product) at once, then write
//                           the order with the price the catalog gave: 2 cross-service calls
//            order-history = the user's latest orders from its own table, then one call to
//                           catalog (get-products) for their prices: 1 cross-service call
// A call unanswered for op_timeout_ms fails the request that waits for it (answer Failed).
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/vertical_messages.h"
#include "labs/partitioning/vertical_metrics.h"

namespace archlab::partlab {

class ServiceNode : public Node {
public:
    ServiceNode(Domain domain, std::shared_ptr<VerticalConfig> cfg, std::shared_ptr<VerticalMetrics> metrics,
                std::shared_ptr<SqlitePool> db);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    /// A request waiting for the calls it made.
    struct Flow {
        NodeIndex from = kNoNode;      ///< who asked (the api, or another service)
        std::uint64_t from_id = 0;
        VCall call;
        int waiting = 0;               ///< calls not yet answered
        std::uint16_t calls = 0;       ///< cross-service calls made for it (theirs included)
        VStatus status = VStatus::Ok;  ///< the worst answer so far
        std::int64_t price = 0;        ///< place-order: from the catalog
        std::int64_t started_ns = 0;
    };

    void serve(Context& ctx, NodeIndex from, std::uint64_t id, const VCall& call, std::string_view tail);
    /// Runs fn on the worker thread (the database), then answer on the node's thread.
    void run_db(Context& ctx, std::function<void(sqlite3*, VReply&)> fn, NodeIndex to, std::uint64_t id);
    void place_order(Context& ctx, std::uint64_t flow);
    void order_history(Context& ctx, std::uint64_t flow);
    /// Sends a call to another service for this flow (counted as a cross-service call).
    void call(Context& ctx, std::uint64_t flow, Domain to, const VCall& c, std::string tail = {});
    void on_call_reply(Context& ctx, const Message& msg);
    void finish(Context& ctx, std::uint64_t flow, VReply r);
    /// A flow whose own database job was shed (the job queue was full): answered failed.
    void fail_shed(Context& ctx, std::uint64_t flow);

    Domain domain_;
    std::shared_ptr<VerticalConfig> cfg_;
    std::shared_ptr<VerticalMetrics> m_;
    std::shared_ptr<SqlitePool> db_;
    std::map<std::uint64_t, Flow> flows_;            ///< by flow number (grows with time)
    std::map<std::uint64_t, std::uint64_t> calls_;   ///< outgoing call id -> flow
    std::uint64_t next_flow_ = 1;
    std::uint64_t next_call_ = 1;
};

}  // namespace archlab::partlab
