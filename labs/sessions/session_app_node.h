#pragma once
// An app node of the sessions lab. /login makes a session for the user and answers with the
// credential (a session id, or a signed token in jwt mode); any other path needs that
// credential back: a session id found where this mode keeps sessions (its own memory, or the
// store), or a token that verifies. Otherwise 401 with the cause: "session-lost",
// "token-tampered", "token-expired", "token-alg-none" ...
#include <memory>
#include <string>
#include <unordered_map>

#include "core/lb/discovery_member.h"
#include "core/net/web_message.h"
#include "core/runtime/node.h"
#include "labs/sessions/jwt.h"
#include "labs/sessions/session_config.h"

namespace archlab::sessions {

inline constexpr std::string_view kSessionCookie = "session";

class SessionAppNode : public Node {
public:
    explicit SessionAppNode(std::shared_ptr<SessionConfig> cfg)
        : cfg_(std::move(cfg)), member_(cfg_->heartbeat), jwt_(cfg_->secret) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct StoreCall {
        NodeIndex from = kNoNode;   ///< who asked (the balancer)
        std::uint64_t id = 0;       ///< their message id
        bool login = false;         ///< a put for a login (else a get for a browse)
        std::string sid;
        Nanos sent{0};
    };

    void handle(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& request);
    void login(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& request);
    void browse(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& request);
    void on_store_reply(Context& ctx, const Message& msg);
    void answer(Context& ctx, NodeIndex to, std::uint64_t id, std::uint16_t status, std::string body,
                std::string cause = {});
    std::string new_session_id(Context& ctx);

    std::shared_ptr<SessionConfig> cfg_;
    lb::DiscoveryMember member_;
    JwtCodec jwt_;
    NodeIndex store_ = kNoNode;
    std::unordered_map<std::string, std::uint64_t> sessions_;  ///< local and sticky: session id -> user
    std::unordered_map<std::uint64_t, StoreCall> store_calls_; ///< shared-store: by our id to the store
    std::uint64_t next_store_id_ = 1;
};

}  // namespace archlab::sessions
