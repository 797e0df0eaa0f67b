#include "labs/sessions/store_node.h"

namespace archlab::sessions {

void StoreNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kStorePut) {
        const std::size_t nl = msg.body.find('\n');
        if (nl == std::string::npos) {
            ctx.send(msg.from, kStoreReply, msg.id, "0");
            return;
        }
        data_[msg.body.substr(0, nl)] = msg.body.substr(nl + 1);
        ctx.send(msg.from, kStoreReply, msg.id, "1");
    } else if (msg.type == kStoreGet) {
        auto it = data_.find(msg.body);
        ctx.send(msg.from, kStoreReply, msg.id, it == data_.end() ? std::string("0") : "1" + it->second);
    }
}

}  // namespace archlab::sessions
