#include "labs/caching/cache_node.h"

#include "labs/caching/caching_config.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

void CacheNode::start(Context& ctx) {
    flush_store(*store_);
    ctx.set_timer(kExpirySweepEvery, 0);
}

void CacheNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kCacheGet) {
        KeyHeader h;
        if (!unpack(msg.body, h)) return;
        const auto found = store_->locked([&](cache::CacheStore& s, Nanos t) { return s.get(key_name(h.key), t); });
        CacheValueHeader r;
        r.found = found ? 1 : 0;
        r.version = found ? found->version : 0;
        ctx.send(msg.from, kCacheValue, msg.id, pack(r, found ? std::string_view(found->value) : std::string_view()));
    } else if (msg.type == kCacheSet) {
        CacheSetHeader h;
        std::string_view value;
        if (!unpack(msg.body, h, &value)) return;
        store_->locked([&](cache::CacheStore& s, Nanos t) {
            return s.set(key_name(h.key), std::string(value), fill_options(h.version, Nanos(h.ttl_ns)), t);
        });
    } else if (msg.type == kCacheDel) {
        KeyHeader h;
        if (!unpack(msg.body, h)) return;
        store_->locked([&](cache::CacheStore& s, Nanos t) { return s.erase(key_name(h.key), t); });
    }
}

void CacheNode::on_timer(Context& ctx, std::uint64_t) {
    sweep_expired(*store_);
    ctx.set_timer(kExpirySweepEvery, 0);
}

}  // namespace archlab::caching
