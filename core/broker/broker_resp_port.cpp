#include "core/broker/broker_resp_port.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "core/broker/broker_node.h"
#include "core/resp/async_resp_server.h"
#include "core/resp/command_args.h"

namespace archlab::broker {

/// Which pusher reaches which connection. Shared with the broker's PushFn, so a push made after
/// the port is gone finds no route instead of a dangling port.
struct BrokerRespPort::Routes {
    std::mutex mu;
    std::map<std::uint64_t, resp::SessionPusher> pushers;  ///< by connection (client) id

    void add(std::uint64_t connection, resp::SessionPusher pusher) {
        std::lock_guard lock(mu);
        pushers[connection] = std::move(pusher);
    }
    void remove(std::uint64_t connection) {
        std::lock_guard lock(mu);
        pushers.erase(connection);
    }
    void push(std::uint64_t connection, std::string bytes) {
        resp::SessionPusher pusher;
        {
            std::lock_guard lock(mu);
            const auto it = pushers.find(connection);
            if (it == pushers.end()) return;
            pusher = it->second;
        }
        pusher.push(std::move(bytes));
    }
};

namespace {

/// One command's reply, shared by the task posted into the broker and the ReplyFn the broker
/// keeps: when the last of them goes without an answer (the node was down when the task came,
/// or was killed while holding a blocked read) the client hears that the broker is down rather
/// than a generic "command dropped".
struct ReplyOrDown {
    resp::Reply done;
    ReplyOrDown(const ReplyOrDown&) = delete;
    ReplyOrDown& operator=(const ReplyOrDown&) = delete;
    explicit ReplyOrDown(resp::Reply d) : done(std::move(d)) {}
    ~ReplyOrDown() { done(kBrokerDownReply); }  // ignored when the broker answered
};

}  // namespace

BrokerRespPort::BrokerRespPort() : routes_(std::make_shared<Routes>()) {}

BrokerRespPort::~BrokerRespPort() { stop(); }

PushFn BrokerRespPort::push_fn() const {
    return [routes = routes_](std::uint64_t connection, std::string bytes) { routes->push(connection, std::move(bytes)); };
}

void BrokerRespPort::start(Runtime& rt, NodeIndex broker, std::uint16_t listen_port) {
    if (server_) throw std::logic_error("BrokerRespPort::start called twice");
    resp::AsyncRespServerOptions options;
    options.port = listen_port;
    Runtime* runtime = &rt;
    auto server = std::make_unique<resp::AsyncRespServer>(
        options, [routes = routes_, runtime, broker](std::vector<std::string> args, resp::ClientSession& session,
                                                      resp::Reply done) {
            const std::uint64_t connection = session.id;
            // QUIT closes this connection whether or not the broker is up: answered here, as
            // the connection must know at once to stop reading.
            if (resp::equals_ci(args[0], "quit")) {
                session.close_after_reply = true;
                return done("+OK\r\n");
            }
            if (!session.on_close) {  // the connection's first command: route its pushes, and its end
                routes->add(connection, session.pusher);
                session.on_close = [routes, runtime, broker, connection] {
                    routes->remove(connection);
                    runtime->post(broker, [connection](Node& node, Context&) {
                        static_cast<BrokerNode&>(node).connection_closed(connection);
                    });
                };
            }
            auto reply = std::make_shared<ReplyOrDown>(std::move(done));
            runtime->post(broker, [connection, args = std::move(args), reply](Node& node, Context& ctx) {
                static_cast<BrokerNode&>(node).run_command(ctx, connection, args,
                                                           [reply](std::string bytes) { reply->done(std::move(bytes)); });
            });
        });
    server->start();
    server_ = std::move(server);
}

void BrokerRespPort::stop() {
    if (server_) server_->stop();
}

std::uint16_t BrokerRespPort::port() const { return server_ ? server_->port() : 0; }

std::size_t BrokerRespPort::connections() const { return server_ ? server_->connections() : 0; }

}  // namespace archlab::broker
