#pragma once
// The app node's side of discovery: register on start, then a heartbeat every heartbeat_ms.
// A node owns one and forwards its start() and timers to it.
#include <cstdint>

#include "core/runtime/context.h"

namespace archlab::lb {

class DiscoveryMember {
public:
    static constexpr std::uint64_t kHeartbeatTimer = 0x6ea7'0000'0000ULL;  ///< timer tag it owns

    explicit DiscoveryMember(Nanos heartbeat) : heartbeat_(heartbeat) {}
    /// Registers with the node named "discovery" and arms the heartbeat.
    void start(Context& ctx);
    /// True when the tag was the heartbeat's (it is sent and re-armed).
    bool on_timer(Context& ctx, std::uint64_t tag);

private:
    Nanos heartbeat_;            ///< interval between heartbeats
    NodeIndex discovery_ = kNoNode;
};

}  // namespace archlab::lb
