#include "labs/caching/cache_node.h"

#include "labs/caching/caching_config.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

void CacheNode::start(Context& ctx) {
    store_->with([](cache::CacheStore& s) { s.flush(); });
    ctx.set_timer(kExpirySweepEvery, 0);
}

void CacheNode::on_message(Context& ctx, const Message& msg) {
    const Nanos now = ctx.now();
    if (msg.type == kCacheGet) {
        KeyHeader h;
        if (!unpack(msg.body, h)) return;
        const auto found = store_->with([&](cache::CacheStore& s) { return s.get(key_name(h.key), now); });
        CacheValueHeader r;
        r.found = found ? 1 : 0;
        r.version = found ? found->version : 0;
        ctx.send(msg.from, kCacheValue, msg.id, pack(r, found ? std::string_view(found->value) : std::string_view()));
    } else if (msg.type == kCacheSet) {
        CacheSetHeader h;
        std::string_view value;
        if (!unpack(msg.body, h, &value)) return;
        store_->with([&](cache::CacheStore& s) {
            return s.set(key_name(h.key), std::string(value), fill_options(h.version, Nanos(h.ttl_ns)), now);
        });
    } else if (msg.type == kCacheDel) {
        KeyHeader h;
        if (!unpack(msg.body, h)) return;
        store_->with([&](cache::CacheStore& s) { return s.erase(key_name(h.key), now); });
    }
}

void CacheNode::on_timer(Context& ctx, std::uint64_t) {
    sweep_expired(*store_, ctx.now());
    ctx.set_timer(kExpirySweepEvery, 0);
}

}  // namespace archlab::caching
