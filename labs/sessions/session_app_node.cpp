#include "labs/sessions/session_app_node.h"

#include <cstdio>
#include <cstdlib>
#include <random>

#include "core/lb/sticky_cookie.h"
#include "labs/sessions/store_node.h"

namespace archlab::sessions {

namespace {
constexpr std::uint64_t kStoreExpireTimer = 1;
constexpr Nanos kStoreExpireEvery = std::chrono::milliseconds(20);
}  // namespace

void SessionAppNode::start(Context& ctx) {
    member_.start(ctx);
    if (cfg_->mode == SessionMode::SharedStore) {
        store_ = ctx.lookup("store");
        ctx.set_timer(kStoreExpireEvery, kStoreExpireTimer);
    }
}

void SessionAppNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kStoreReply) {
        on_store_reply(ctx, msg);
        return;
    }
    if (msg.type != net::kWebRequest) return;
    auto request = net::decode_web_request(msg.body);
    if (!request) {
        answer(ctx, msg.from, msg.id, 400, "bad request\n", "bad-request");
        return;
    }
    // The request holds a worker thread for its service time, then is answered.
    Job job;
    job.hold = from_ms(std::exponential_distribution<double>(1.0 / cfg_->service_ms)(ctx.random()));
    const NodeIndex from = msg.from;
    const std::uint64_t id = msg.id;
    job.done = [this, &ctx, from, id, r = std::move(*request)](Nanos) { handle(ctx, from, id, r); };
    ctx.execute(std::move(job));
}

void SessionAppNode::handle(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& request) {
    if (request.target.rfind("/login", 0) == 0) login(ctx, from, id, request);
    else browse(ctx, from, id, request);
}

std::string SessionAppNode::new_session_id(Context& ctx) {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(ctx.random()()),
                  static_cast<unsigned long long>(ctx.random()()));
    return buf;
}

namespace {
/// The user logging in: the workload's id, or for a request from outside (curl through the
/// front door) the number in a "user=N" body; 0 when neither says.
std::uint64_t login_user(const net::WebRequest& request) {
    if (request.user != 0) return request.user;
    const std::size_t at = request.body.find("user=");
    if (at == std::string::npos) return 0;
    return std::strtoull(request.body.c_str() + at + 5, nullptr, 10);
}
}  // namespace

void SessionAppNode::login(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& raw) {
    net::WebRequest request = raw;
    request.user = login_user(raw);
    switch (cfg_->mode) {
        case SessionMode::Local:
        case SessionMode::Sticky: {
            const std::string sid = new_session_id(ctx);
            sessions_[sid] = request.user;
            answer(ctx, from, id, 200, sid);
            break;
        }
        case SessionMode::SharedStore: {
            const std::string sid = new_session_id(ctx);
            const std::uint64_t call = next_store_id_++;
            store_calls_[call] = StoreCall{from, id, true, sid, ctx.now()};
            ctx.send(store_, kStoreCommand, call, resp_command({"SET", sid, std::to_string(request.user)}));
            break;
        }
        case SessionMode::Jwt: {
            const std::int64_t now_s = cfg_->token_now_s(ctx.now());
            answer(ctx, from, id, 200, jwt_.issue(TokenClaims{request.user, now_s + cfg_->token_ttl_s, now_s}));
            break;
        }
    }
}

void SessionAppNode::browse(Context& ctx, NodeIndex from, std::uint64_t id, const net::WebRequest& request) {
    if (cfg_->mode == SessionMode::Jwt) {
        const std::string_view auth = request.authorization;
        const std::string_view token = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : std::string_view{};
        const TokenCheck check = jwt_.verify(token, cfg_->token_now_s(ctx.now()));
        if (check.verdict == TokenVerdict::Ok) answer(ctx, from, id, 200, "page for user " + std::to_string(check.claims.user) + "\n");
        else answer(ctx, from, id, 401, "refused\n", cause_of(check.verdict));
        return;
    }
    const std::string sid(lb::cookie_value(request.cookie, kSessionCookie));
    if (cfg_->mode == SessionMode::SharedStore && !sid.empty()) {
        const std::uint64_t call = next_store_id_++;
        store_calls_[call] = StoreCall{from, id, false, sid, ctx.now()};
        ctx.send(store_, kStoreCommand, call, resp_command({"GET", sid}));
        return;
    }
    auto it = sessions_.find(sid);
    if (it == sessions_.end()) answer(ctx, from, id, 401, "no session\n", "session-lost");
    else answer(ctx, from, id, 200, "page for user " + std::to_string(it->second) + "\n");
}

void SessionAppNode::on_store_reply(Context& ctx, const Message& msg) {
    auto it = store_calls_.find(msg.id);
    if (it == store_calls_.end()) return;  // timed out already
    const StoreCall call = std::move(it->second);
    store_calls_.erase(it);
    const StoreAnswer reply = read_store_reply(msg.body);
    if (reply.kind == StoreAnswer::Kind::error) {
        answer(ctx, call.from, call.id, 503, "store refused\n", "store-unavailable");
    } else if (call.login) {
        answer(ctx, call.from, call.id, 200, call.sid);
    } else if (reply.kind == StoreAnswer::Kind::ok) {
        answer(ctx, call.from, call.id, 200, "page for user " + reply.value + "\n");
    } else {
        answer(ctx, call.from, call.id, 401, "no session\n", "session-lost");
    }
}

void SessionAppNode::answer(Context& ctx, NodeIndex to, std::uint64_t id, std::uint16_t status, std::string body,
                            std::string cause) {
    net::WebResponse r;
    r.status = status;
    r.node = ctx.name(ctx.self());
    r.body = std::move(body);
    r.cause = std::move(cause);
    ctx.send(to, net::kWebResponse, id, net::encode(r));
}

void SessionAppNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (member_.on_timer(ctx, tag)) return;
    if (tag != kStoreExpireTimer) return;
    // A store that does not answer (dead, paused) makes the request fail, not hang.
    const Nanos now = ctx.now();
    for (auto it = store_calls_.begin(); it != store_calls_.end();) {
        if (now - it->second.sent > cfg_->store_timeout) {
            answer(ctx, it->second.from, it->second.id, 503, "store unavailable\n", "store-unavailable");
            it = store_calls_.erase(it);
        } else {
            ++it;
        }
    }
    ctx.set_timer(kStoreExpireEvery, kStoreExpireTimer);
}

}  // namespace archlab::sessions
