#include "labs/load_balancing/lb_client_node.h"

#include <algorithm>
#include <random>

#include "core/net/web_message.h"

namespace archlab::lblab {

namespace {
constexpr Nanos kScanEvery = std::chrono::milliseconds(50);
// Nodes register with discovery on start; the workload begins once they had a moment to.
constexpr Nanos kWarmUp = std::chrono::milliseconds(300);

/// "a=1; Path=/" -> "a=1": the pair a browser sends back.
std::string cookie_pair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }
}  // namespace

void LbClientNode::start(Context& ctx) {
    lb_ = ctx.lookup("lb");
    cookies_.assign(static_cast<std::size_t>(std::max(1, cfg_->users)), {});
    last_node_.assign(cookies_.size(), 0);
    next_arrival_ = ctx.now() + kWarmUp;
    ctx.set_timer(kWarmUp, kArrival);
    ctx.set_timer(kScanEvery, kTimeoutScan);
}

void LbClientNode::send_due_arrivals(Context& ctx) {
    if (cfg_->stopping.load(std::memory_order_relaxed)) return;
    const Nanos now = ctx.now();
    std::uniform_int_distribution<std::uint64_t> pick_user(0, cookies_.size() - 1);
    // Open loop: every request whose intended time has come is sent, even if the timer woke late.
    while (next_arrival_ <= now) {
        const std::uint64_t user = pick_user(ctx.random());
        net::WebRequest r;
        r.target = "/item?user=" + std::to_string(user + 1);
        r.key = "user-" + std::to_string(user + 1);
        r.cookie = cookies_[user];
        r.user = user + 1;
        r.sent_ns = next_arrival_.count();
        const std::uint64_t id = next_id_++;
        outstanding_.emplace(id, Outstanding{next_arrival_, user});
        m_->sent.add();
        ctx.send(lb_, net::kWebRequest, id, net::encode(r));

        const double rate = std::max(1e-3, cfg_->arrival_rps.load(std::memory_order_relaxed));
        next_arrival_ += Nanos(static_cast<std::int64_t>(std::exponential_distribution<double>(rate)(ctx.random()) * 1e9));
    }
    ctx.set_timer(next_arrival_ - now, kArrival);
}

void LbClientNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != net::kWebResponse) return;
    auto it = outstanding_.find(msg.id);
    if (it == outstanding_.end()) return;  // already given up on, or a duplicate
    const Outstanding o = it->second;
    outstanding_.erase(it);
    auto response = net::decode_web_response(msg.body);
    if (!response) {
        m_->errors.add();
        m_->error_cause("unreadable-response");
        return;
    }
    const auto latency = static_cast<std::uint64_t>((ctx.now() - o.intended).count());
    if (!response->set_cookie.empty()) cookies_[o.user] = cookie_pair(response->set_cookie);
    // The node that answered, by its own name "node-K"; anything else is not one of ours.
    int k = 0;
    if (response->node.rfind("node-", 0) == 0) k = std::atoi(response->node.c_str() + 5);
    const bool known = k >= 1 && k <= static_cast<int>(m_->node_requests.size());
    if (known) m_->node_requests[k - 1].add();
    if (response->status == 200) {
        m_->ok.add();
        m_->latency_ns.record(latency);
        if (known) {
            if (last_node_[o.user] != 0 && last_node_[o.user] != k) m_->user_moves.add();
            last_node_[o.user] = k;
            m_->node_served[k - 1].add();
            m_->node_latency_ns[k - 1].record(latency);
        }
    } else {
        m_->errors.add();
        m_->error_cause(response->cause.empty() ? "http-" + std::to_string(response->status) : response->cause);
        if (known) m_->node_errors[k - 1].add();
    }
}

void LbClientNode::scan_timeouts(Context& ctx) {
    // Ids grow with send time, so the oldest requests are at the front.
    const Nanos now = ctx.now();
    while (!outstanding_.empty() && now - outstanding_.begin()->second.intended > cfg_->client_timeout()) {
        outstanding_.erase(outstanding_.begin());
        m_->errors.add();
        m_->error_cause("no-answer");
    }
}

void LbClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrival) {
        send_due_arrivals(ctx);
    } else if (tag == kTimeoutScan) {
        scan_timeouts(ctx);
        ctx.set_timer(kScanEvery, kTimeoutScan);
    }
}

}  // namespace archlab::lblab
