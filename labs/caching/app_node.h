#pragma once
// An app node doing cache-aside. Read: ask the cache; a hit answers, a miss reads the db and
// fills the cache with the db's version. Write: the db commits a new version, then per
// write_policy the cache entry is deleted (invalidate), overwritten (write-through) or left
// to expire (ttl-only). The cache is its own store (exclusive placement) or the shared cache
// node, one hop away: if that does not answer within cache_timeout_ms the read goes to the db
// (a bypass) and the app skips the cache for cache_retry_ms before trying it again. An op whose
// database answer never comes (db dead, link cut) is forgotten once its client has given up
// (request_timeout_ms), so the table of ops stays bounded under any fault.
#include <memory>
#include <string>
#include <unordered_map>

#include "core/runtime/node.h"
#include "labs/caching/caching_config.h"
#include "labs/caching/cache_stores.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

class AppNode : public Node {
public:
    /// number: 1-based ("app-3" is 3). local: this node's own cache (exclusive), or null (shared).
    AppNode(int number, std::shared_ptr<CachingConfig> cfg, StorePtr local)
        : number_(number), cfg_(std::move(cfg)), local_(std::move(local)),
          value_(static_cast<std::size_t>(cfg_->value_bytes), 'w') {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    enum class Stage { cache, db };
    struct Op {
        std::uint64_t request = 0;   ///< the request's id (from the client)
        NodeIndex reply_to = kNoNode;
        RequestHeader header;
        Stage stage = Stage::db;
        Outcome outcome = Outcome::miss;
        TimerId timer = 0;           ///< cache timeout
        Nanos started{0};            ///< when the request arrived
    };
    /// Timer tag of the sweep that forgets ops whose client gave up (op ids and 0 are taken).
    static constexpr std::uint64_t kSweepTag = ~std::uint64_t{0};
    void sweep_abandoned(Context& ctx);

    void on_request(Context& ctx, const Message& msg);
    void on_cache_value(Context& ctx, const Message& msg);
    void on_db_value(Context& ctx, const Message& msg);
    void on_committed(Context& ctx, const Message& msg);
    void read_db(Context& ctx, std::uint64_t op_id, Op& op, Outcome outcome);
    void fill(Context& ctx, std::uint32_t key, std::uint64_t version, std::string_view value);
    void invalidate(Context& ctx, std::uint32_t key);
    void reply(Context& ctx, std::uint64_t op_id, Outcome outcome, std::uint64_t version);

    int number_;
    std::shared_ptr<CachingConfig> cfg_;
    StorePtr local_;
    std::string value_;                          ///< what writes store (value_bytes long)
    NodeIndex db_ = kNoNode;
    NodeIndex cache_ = kNoNode;                  ///< shared placement only
    std::uint64_t next_op_ = 1;
    std::unordered_map<std::uint64_t, Op> ops_;  ///< op id (used on cache and db messages) -> op
    Nanos skip_cache_until_{0};                  ///< after a cache timeout: go straight to the db
};

}  // namespace archlab::caching
