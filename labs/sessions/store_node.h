#pragma once
// The shared session store: a cache node speaking RESP (Redis' protocol) over the cluster
// transport. App nodes send it "SET sid user" and "GET sid" as RESP commands, run by the same
// command executor as the caching lab's Redis door, so redis-cli sees exactly these sessions.
// Its data lives in memory: a restart starts it empty, as a restarted cache process would.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/resp/command_executor.h"
#include "core/resp/server_counters.h"
#include "core/resp/shared_cache_store.h"
#include "core/runtime/node.h"

namespace archlab::sessions {

enum StoreMsgType : std::uint16_t {
    kStoreCommand = 120,  ///< app -> store: one RESP command (an array of bulk strings)
    kStoreReply = 122,    ///< store -> app: its RESP reply
};

using SessionStorePtr = std::shared_ptr<resp::SharedCacheStore>;

/// A store for the session cache: LRU, large enough to never evict a lab's sessions.
SessionStorePtr make_session_store(std::function<Nanos()> clock);

/// The RESP bytes of a command: {"GET", "k"} -> "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".
std::string resp_command(std::initializer_list<std::string_view> words);

/// What a GET/SET reply says: ok (+OK, or a bulk string: value holds it), missing ($-1), or an
/// error (-ERR ..., or bytes that are not one whole reply).
struct StoreAnswer {
    enum class Kind { ok, missing, error } kind = Kind::error;
    std::string value;
};
StoreAnswer read_store_reply(std::string_view reply);

class StoreNode : public Node {
public:
    explicit StoreNode(SessionStorePtr store) : store_(std::move(store)), executor_(*store_, counters_) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;

private:
    SessionStorePtr store_;
    resp::ServerCounters counters_;  ///< what INFO would say about the commands run here
    resp::CommandExecutor executor_;
};

}  // namespace archlab::sessions
