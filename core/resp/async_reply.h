#pragma once
// The completion of one command on an AsyncRespServer connection. Call it once, from any
// thread, with the complete RESP reply bytes ("+OK\r\n"); the connection writes replies in
// command order whatever order they complete in. Copies share one completion: only the first
// call counts. A completion dropped without being called answers
// "-ERR command dropped without a reply" so the client is not left waiting; after the
// connection closed, or the server stopped, a call does nothing.
#include <cstdint>
#include <memory>
#include <string>

namespace archlab::net {
class DoorGate;
}

namespace archlab::resp {

class AsyncRespConnection;

class Reply {
public:
    Reply() = default;
    Reply(std::weak_ptr<AsyncRespConnection> connection, std::shared_ptr<net::DoorGate> gate, std::uint64_t seq);

    /// Completes the command with resp_bytes; later calls are ignored.
    void operator()(std::string resp_bytes) const;
    /// True until the first call.
    bool pending() const;

    struct State;  ///< shared by the copies (reply.cpp)

private:
    std::shared_ptr<State> state_;
};

}  // namespace archlab::resp
