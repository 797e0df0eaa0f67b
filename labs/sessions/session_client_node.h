#pragma once
// The login-then-browse workload and its observer: open-loop Poisson requests from a pool of
// users; a user without a credential logs in, one with it browses and sends it back (a session
// cookie, or a bearer token in jwt mode) with whatever cookies the balancer set. In jwt mode a
// share of browses carries a forged token (payload changed, or alg "none") to check refusals.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/node.h"
#include "labs/sessions/session_config.h"
#include "labs/sessions/session_metrics.h"
#include "labs/sessions/user_picker.h"

namespace archlab::sessions {

class SessionClientNode : public Node {
public:
    SessionClientNode(std::shared_ptr<SessionConfig> cfg, std::shared_ptr<SessionMetrics> metrics)
        : cfg_(std::move(cfg)), m_(std::move(metrics)),
          picker_(static_cast<std::size_t>(std::max(1, cfg_->users)), cfg_->user_skew) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

    /// A forged copy of a genuine token: kind 0 changes the user in the payload and keeps the
    /// signature; kind 1 claims alg "none" and drops the signature.
    static std::string forge(const std::string& token, int kind);

private:
    enum Timer : std::uint64_t { kArrival = 1, kTimeoutScan = 2 };
    enum class Kind { Login, Browse, Attack };
    struct User {
        std::string credential;    ///< session id or token; "" = logged out
        std::string sticky;        ///< the balancer's cookie pair, "" = none
    };
    struct Outstanding {
        Nanos intended{0};
        std::size_t user = 0;
        Kind kind = Kind::Browse;
        std::string credential;    ///< what was sent (a stale answer must not clear a newer login)
    };

    void send_one(Context& ctx, Nanos intended);
    void send_due_arrivals(Context& ctx);
    void scan_timeouts(Context& ctx);

    std::shared_ptr<SessionConfig> cfg_;
    std::shared_ptr<SessionMetrics> m_;
    NodeIndex lb_ = kNoNode;
    std::uint64_t next_id_ = 1;
    UserPicker picker_;
    std::vector<User> users_;
    std::map<std::uint64_t, Outstanding> outstanding_;
    Nanos next_arrival_{0};
    int next_forgery_ = 0;
};

}  // namespace archlab::sessions
