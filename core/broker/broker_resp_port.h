#pragma once
// A broker node's Redis port: an AsyncRespServer on 127.0.0.1 whose commands run on the broker
// node's own thread (each one Runtime::post-ed into BrokerNode::run_command), whose SUBSCRIBE /
// PSUBSCRIBE messages reach the right client through its session's pusher, and which tells the
// broker when a client goes (connection_closed). So redis-cli, pointed at port(), reads and
// writes the broker's topics (XADD, XRANGE, XREADGROUP ...) and watches its events
// (PSUBSCRIBE 'orders.*') while the cluster runs.
//
//   BrokerRespPort port;                                         // before the broker exists ...
//   auto broker = add_broker(rt, dir, "broker", cfg, port.push_fn());  // ... it takes the pushes
//   rt.start();
//   port.start(rt, broker.node);                                 // throws when it cannot listen
//   ... redis-cli -p port.port() PSUBSCRIBE 'orders.*' ...
//   port.stop();                                                 // before the runtime goes
//
// While the broker node is down (killed, or the runtime stopped) every command, a blocked
// XREADGROUP included, is answered "-ERR broker node is down". A restarted broker starts with no
// subscriptions: clients subscribed to the old instance stay connected but hear nothing more.
#include <cstdint>
#include <memory>

#include "core/broker/pubsub_registry.h"
#include "core/runtime/runtime.h"

namespace archlab::resp {
class AsyncRespServer;
}

namespace archlab::broker {

/// The reply to a command the broker node never ran (it was down).
inline constexpr const char* kBrokerDownReply = "-ERR broker node is down\r\n";

class BrokerRespPort {
public:
    BrokerRespPort();
    ~BrokerRespPort();  ///< stops the server
    BrokerRespPort(const BrokerRespPort&) = delete;
    BrokerRespPort& operator=(const BrokerRespPort&) = delete;

    /// The broker's path to this port's clients: give it to add_broker (or BrokerNode). Safe to
    /// call after the port is gone (pushes are then dropped).
    PushFn push_fn() const;

    /// Listens on 127.0.0.1:listen_port (0: any free port) and serves the BrokerNode at `broker`
    /// of rt, which must outlive the port (or its stop()). Throws std::runtime_error when it
    /// cannot listen. Call once.
    void start(Runtime& rt, NodeIndex broker, std::uint16_t listen_port = 0);
    /// Closes every client connection (the broker forgets them) and the listener. Idempotent.
    void stop();

    /// The listening port (after start()).
    std::uint16_t port() const;
    /// Client connections open now.
    std::size_t connections() const;

    struct Routes;  ///< connection id -> the client's pusher (broker_resp_port.cpp)

private:
    std::shared_ptr<Routes> routes_;
    std::unique_ptr<resp::AsyncRespServer> server_;
};

}  // namespace archlab::broker
