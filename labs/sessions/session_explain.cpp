#include "labs/sessions/session_lab.h"

namespace archlab::sessions {

const char* sessions_explain() {
    return R"(A user logs in once, then browses. The login creates a session: who the user is. With several copies of the app behind a balancer, the next request may land on a copy that never saw the login. Four ways to keep the session, one knob (session_mode):

local: the session lives in the memory of the node that made it. With round-robin the next request usually lands elsewhere and the session is "lost" (the user is asked to log in again): with 4 nodes, about 3 browses in 4.
sticky: the same, but the balancer gives the user a cookie naming that node and keeps sending them there. Nothing is lost, until that node dies: its users lose their sessions. Stickiness also skews load when some users are busier than others.
shared-store: sessions live in the "store" node, a cache speaking Redis' protocol (RESP): app nodes send it SET and GET, and redis-cli -p PORT (the store's address is listed) shows the same keys; every node can find every session, so an app node dying loses nothing. The store is now the one thing that must not die: kill it and every session is gone.
jwt: the session travels with the user as a signed token (HMAC-SHA256, with an expiry). Any node checks it with the shared secret, no store needed. The cost: the server cannot take a token back before it expires. Tokens that were changed, that claim alg "none", or that expired are refused (refused_by_cause).

All numbers come from the client: session_lost_ratio is the share of browses answered "session not found"; load_skew is the busiest node's requests over the least busy one's.

Things to try:
- session_mode=local: session_lost_ratio near 0.75 with 4 nodes; nodes=1 makes it 0; strategy=consistent-hash (by user) brings it to 0 too, without a cookie.
- session_mode=sticky, then --fault 5s:kill:node-2: a quarter of the users lose their session once.
- session_mode=shared-store with --fault 5s:kill:node-2: nothing lost; then --fault 5s:kill:store: every session lost and errors until the store is back (--fault 6s:restart:store).
- session_mode=shared-store, then redis-cli -p PORT flushall while it runs: every user loses their session once and logs in again.
- session_mode=sticky with user_skew=1.2: a few busy users are pinned to their nodes and load_skew climbs; shared-store or jwt with round-robin keeps it near 1.
- session_mode=jwt with attack_share=0.1: every forged token is refused; token_ttl_s=2 shows expiry refusals as users are sent back to log in.

In virtual time the same nodes run on a simulated clock: tokens are dated from 2026-01-01 and signed with a key drawn from the seed, so the same seed and faults give the same run; nodes up to 1000 (16 live). The outside doors below exist in live time only.

Over HTTP (the lb URL): curl -X POST URL/login -d user=7 answers the session id in the body (jwt: the token). Send it back with -b "session=ID" (jwt: -H "Authorization: Bearer TOKEN") to GET URL/page; in sticky mode add the archlab_node cookie the login set. The X-Archlab-Node and X-Archlab-Cause headers say who answered and why a request was refused. These requests are counted under front_door, not in the client's figures.)";
}

}  // namespace archlab::sessions
