#pragma once
// What an AsyncRespServer keeps per connection: the client's id and name (ClientState, as the
// synchronous server has them), the cluster flags ASKING and READONLY, and the way to push
// messages to the client from any thread (a pub/sub broker's deliveries).
//
// A session lives on its connection's strand: the dispatch reads and changes it during its call
// only. Work handed to another thread copies what it needs (the ASKING flag) and keeps the
// SessionPusher, never a reference to the session.
#include <functional>
#include <memory>
#include <string>

#include "core/resp/client_state.h"

namespace archlab::net {
class DoorGate;
}

namespace archlab::resp {

class AsyncRespConnection;

/// Sends bytes to one client outside the reply order (server pushes). Copyable; any thread.
class SessionPusher {
public:
    SessionPusher() = default;
    SessionPusher(std::weak_ptr<AsyncRespConnection> connection, std::shared_ptr<net::DoorGate> gate)
        : connection_(std::move(connection)), gate_(std::move(gate)) {}

    /// Queues resp_bytes (one or more complete RESP values, e.g. a "message" array) behind the
    /// replies to every command read so far. False when the connection or the server is gone
    /// (the bytes are dropped).
    bool push(std::string resp_bytes) const;

private:
    std::weak_ptr<AsyncRespConnection> connection_;
    std::shared_ptr<net::DoorGate> gate_;
};

struct ClientSession : ClientState {
    bool asking = false;      ///< the previous command was ASKING: this one may use an importing slot
    bool readonly = false;    ///< READONLY was sent (READWRITE clears it)
    bool subscribed = false;  ///< the dispatch put the client in push mode (SUBSCRIBE); its own flag
    SessionPusher pusher;     ///< pushes to this client from any thread
    /// Called once on the connection's strand when the connection closes (a broker drops the
    /// client's subscriptions here). Set by the dispatch; may be empty.
    std::function<void()> on_close;
};

}  // namespace archlab::resp
