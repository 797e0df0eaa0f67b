#include "core/lb/discovery_member.h"

#include "core/lb/discovery_protocol.h"

namespace archlab::lb {

void DiscoveryMember::start(Context& ctx) {
    discovery_ = ctx.lookup("discovery");
    if (discovery_ == kNoNode) return;  // a cluster without discovery: nothing to tell
    ctx.send(discovery_, kRegister, 0, {});
    ctx.set_timer(heartbeat_, kHeartbeatTimer);
}

bool DiscoveryMember::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kHeartbeatTimer) return false;
    ctx.send(discovery_, kHeartbeat, 0, {});
    ctx.set_timer(heartbeat_, kHeartbeatTimer);
    return true;
}

}  // namespace archlab::lb
