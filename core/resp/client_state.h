#pragma once
// What every RESP connection keeps about its client, on the synchronous and the asynchronous
// server alike.
#include <cstdint>
#include <string>

namespace archlab::resp {

/// One connection's state.
struct ClientState {
    std::uint64_t id = 0;             ///< CLIENT ID
    std::string name;                 ///< CLIENT SETNAME
    bool close_after_reply = false;   ///< QUIT was sent
};

}  // namespace archlab::resp
