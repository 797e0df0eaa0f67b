#include "labs/sessions/session_lab.h"

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "labs/sessions/session_run.h"

namespace archlab::sessions {

namespace {
using knobs::choice;
using knobs::max_live;
using knobs::num;
}  // namespace

SessionsLab::SessionsLab() {
    info_.id = "sessions";
    info_.title = "Sessions across replicated nodes";
    info_.summary = "Users log in, then browse: where does the session live when the next request lands on "
                    "another node? Node memory, sticky cookie, shared store, or a signed token.";
    info_.explain = sessions_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("session_mode", {"local", "sticky", "shared-store", "jwt"}, "local",
               "Where sessions live: node memory, node memory + sticky cookie, the store node, or a signed token"),
        choice("strategy", lb::builtin_strategies().names(), "round-robin",
               "Balancing strategy (sticky mode always routes by its cookie)", true),
        max_live(num("nodes", I, 4, 1, 1000, "", "App nodes behind the balancer, node-1..N (up to 16 live, 1000 in virtual time)"), 16),
        num("users", I, 200, 1, 100000, "", "Distinct users; each logs in once, then browses"),
        num("user_skew", D, 0, 0, 3, "", "How unequal users are: Zipf exponent of how often each one asks (0 = all alike)"),
        num("arrival_rps", D, 200, 1, 5000, "req/s", "Requests per second from all users (Poisson, open loop)", true),
        num("service_ms", D, 2, 0.1, 1000, "ms", "Mean time an app node spends on one request (exponential)"),
        num("threads_per_node", I, 8, 1, 64, "", "Requests one app node serves at once"),
        num("token_ttl_s", I, 30, 1, 86400, "s", "jwt: how long a token is valid; expired ones are refused"),
        num("attack_share", D, 0.02, 0, 1, "", "jwt: share of browses sent with a forged token (tampered or alg none)"),
    };
    for (KnobSpec& k : lb::pool_knobs()) info_.knobs.push_back(std::move(k));  // heartbeat, detection, timeout
}

std::unique_ptr<LabRun> SessionsLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<SessionRun>(env, settings);
}

}  // namespace archlab::sessions
