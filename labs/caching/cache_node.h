#pragma once
// The shared cache node: GET / SET / DEL from the app nodes on its store, and active expiry on
// a timer. The store lives outside the node (a RESP server and the sampler read the same
// counters); a fresh instance after a restart starts empty, as a restarted process would.
#include <memory>

#include "core/runtime/node.h"
#include "labs/caching/cache_stores.h"

namespace archlab::caching {

class CacheNode : public Node {
public:
    explicit CacheNode(StorePtr store) : store_(std::move(store)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    StorePtr store_;
};

}  // namespace archlab::caching
