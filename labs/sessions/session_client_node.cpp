#include "labs/sessions/session_client_node.h"

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "core/net/web_message.h"
#include "labs/sessions/jwt.h"
#include "labs/sessions/session_app_node.h"

namespace archlab::sessions {

namespace {
constexpr Nanos kScanEvery = std::chrono::milliseconds(50);
constexpr Nanos kWarmUp = std::chrono::milliseconds(300);  ///< nodes register with discovery first
}  // namespace

std::string SessionClientNode::forge(const std::string& token, int kind) {
    const std::size_t d1 = token.find('.'), d2 = token.rfind('.');
    if (kind == 0) {
        // Claim to be someone else, keeping the signature of the genuine token.
        const std::string payload = nlohmann::json{{"sub", "999999"}, {"exp", 4102444800LL}}.dump();
        return token.substr(0, d1) + "." + base64url_encode(payload) + token.substr(d2);
    }
    return base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + token.substr(d1 + 1, d2 - d1 - 1) + ".";
}

void SessionClientNode::start(Context& ctx) {
    lb_ = ctx.lookup("lb");
    users_.assign(static_cast<std::size_t>(std::max(1, cfg_->users)), User{});
    next_arrival_ = ctx.now() + kWarmUp;
    ctx.set_timer(kWarmUp, kArrival);
    ctx.set_timer(kScanEvery, kTimeoutScan);
}

void SessionClientNode::send_one(Context& ctx, Nanos intended) {
    const std::size_t u = picker_.pick(ctx.random());
    User& user = users_[u];
    net::WebRequest r;
    r.user = u + 1;
    r.key = "user-" + std::to_string(u + 1);  // affinity key, so consistent-hash keeps a user in place
    r.sent_ns = intended.count();
    Outstanding o{intended, u, Kind::Browse, user.credential};
    if (user.credential.empty()) {
        o.kind = Kind::Login;
        r.method = "POST";
        r.target = "/login";
        r.body = "user=" + std::to_string(u + 1);
        r.cookie = user.sticky;
    } else if (cfg_->mode == SessionMode::Jwt) {
        r.target = "/page";
        std::string token = user.credential;
        if (std::uniform_real_distribution<double>(0.0, 1.0)(ctx.random()) < cfg_->attack_share) {
            o.kind = Kind::Attack;
            token = forge(token, next_forgery_++ % 2);
            m_->attacks_sent.add();
        }
        r.authorization = "Bearer " + token;
        r.cookie = user.sticky;
    } else {
        r.target = "/page";
        r.cookie = std::string(kSessionCookie) + "=" + user.credential;
        if (!user.sticky.empty()) r.cookie += "; " + user.sticky;
    }
    const std::uint64_t id = next_id_++;
    outstanding_.emplace(id, std::move(o));
    m_->sent.add();
    ctx.send(lb_, net::kWebRequest, id, net::encode(r));
}

void SessionClientNode::send_due_arrivals(Context& ctx) {
    if (cfg_->stopping.load(std::memory_order_relaxed)) return;
    const Nanos now = ctx.now();
    while (next_arrival_ <= now) {
        send_one(ctx, next_arrival_);
        const double rate = std::max(1e-3, cfg_->arrival_rps.load(std::memory_order_relaxed));
        next_arrival_ += Nanos(static_cast<std::int64_t>(std::exponential_distribution<double>(rate)(ctx.random()) * 1e9));
    }
    ctx.set_timer(next_arrival_ - now, kArrival);
}

void SessionClientNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != net::kWebResponse) return;
    auto it = outstanding_.find(msg.id);
    if (it == outstanding_.end()) return;
    const Outstanding o = std::move(it->second);
    outstanding_.erase(it);
    m_->finished.add();
    auto resp = net::decode_web_response(msg.body);
    if (!resp) {
        m_->errors.add();
        m_->errors_by_cause.add("unreadable-response");
        return;
    }
    const auto latency_ns = static_cast<std::uint64_t>((ctx.now() - o.intended).count());
    int k = 0;
    if (resp->node.rfind("node-", 0) == 0) k = std::atoi(resp->node.c_str() + 5);
    const bool known = k >= 1 && k <= static_cast<int>(m_->node_requests.size());
    // lb names the node it gave up on (504 timeout, 502 unreadable answer); that node served
    // nothing, so it counts as that node's error, not as a request it handled.
    const bool made_by_lb = resp->status == 504 || resp->status == 502;
    if (known && !made_by_lb) m_->node_requests[k - 1].add();
    User& user = users_[o.user];
    if (!resp->set_cookie.empty()) user.sticky = resp->set_cookie.substr(0, resp->set_cookie.find(';'));
    const bool mine = user.credential == o.credential;  // no newer login since this was sent
    const bool refused = resp->cause.rfind("token-", 0) == 0;

    if (o.kind == Kind::Attack) {
        if (resp->status == 200) m_->attacks_accepted.add();
        else if (refused) m_->attacks_refused.add();
        if (refused) m_->refused_by_cause.add(resp->cause);
        else if (resp->status != 200) {
            m_->errors.add();
            m_->errors_by_cause.add(resp->cause);
            if (known) m_->node_errors[k - 1].add();
        }
        return;
    }
    if (resp->status == 200) {
        if (o.kind == Kind::Login) {
            user.credential = resp->body;
            m_->logins.add();
        } else {
            m_->browses_ok.add();
        }
        m_->latency_ns.record(latency_ns);
        m_->ok.add();
    } else if (resp->cause == "session-lost") {
        m_->session_lost.add();
        if (mine) user.credential.clear();  // log in again
    } else if (refused) {
        m_->refused_genuine.add();
        m_->refused_by_cause.add(resp->cause);
        if (mine) user.credential.clear();
    } else {
        m_->errors.add();
        m_->errors_by_cause.add(resp->cause.empty() ? "http-" + std::to_string(resp->status) : resp->cause);
        if (known) m_->node_errors[k - 1].add();
    }
}

void SessionClientNode::scan_timeouts(Context& ctx) {
    const Nanos now = ctx.now();
    while (!outstanding_.empty() && now - outstanding_.begin()->second.intended > cfg_->client_timeout()) {
        outstanding_.erase(outstanding_.begin());
        m_->finished.add();
        m_->errors.add();
        m_->errors_by_cause.add("no-answer");
    }
}

void SessionClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrival) {
        send_due_arrivals(ctx);
    } else if (tag == kTimeoutScan) {
        scan_timeouts(ctx);
        ctx.set_timer(kScanEvery, kTimeoutScan);
    }
}

}  // namespace archlab::sessions
