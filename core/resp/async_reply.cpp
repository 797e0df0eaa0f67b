#include "core/resp/async_reply.h"

#include <atomic>

#include "core/resp/async_resp_connection.h"
#include "core/resp/client_session.h"

namespace archlab::resp {

struct Reply::State {
    std::weak_ptr<AsyncRespConnection> connection;  ///< not kept alive by its replies
    const AsyncRespConnection* raw = nullptr;        ///< its address, to spot a reply made inside its dispatch
    std::shared_ptr<net::DoorGate> gate;             ///< the server's way in; closed at stop
    std::uint64_t seq = 0;                           ///< the command's number on the connection
    std::atomic<bool> used{false};                   ///< the first call happened

    ~State() {
        if (!used.exchange(true)) {
            AsyncRespConnection::deliver(connection, raw, *gate, seq, "-ERR command dropped without a reply\r\n");
        }
    }
};

Reply::Reply(std::weak_ptr<AsyncRespConnection> connection, std::shared_ptr<net::DoorGate> gate, std::uint64_t seq)
    : state_(std::make_shared<State>()) {
    state_->raw = connection.lock().get();
    state_->connection = std::move(connection);
    state_->gate = std::move(gate);
    state_->seq = seq;
}

void Reply::operator()(std::string resp_bytes) const {
    if (!state_ || state_->used.exchange(true)) return;
    AsyncRespConnection::deliver(state_->connection, state_->raw, *state_->gate, state_->seq, std::move(resp_bytes));
}

bool Reply::pending() const { return state_ && !state_->used.load(); }

bool SessionPusher::push(std::string resp_bytes) const {
    if (!gate_) return false;
    return AsyncRespConnection::deliver(connection_, nullptr, *gate_, AsyncRespConnection::kPush, std::move(resp_bytes));
}

}  // namespace archlab::resp
