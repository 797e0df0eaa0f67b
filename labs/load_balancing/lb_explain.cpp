#include "labs/load_balancing/lb_lab.h"

namespace archlab::lblab {

const char* load_balancing_explain() {
    return R"(A load balancer stands in front of several copies of the same app and picks one for each request. The client sends requests to "lb"; lb asks its strategy which alive node serves it, forwards the request, and passes the answer back. Every number here comes from the client: which node answered (the answer names it, as the X-Archlab-Node header does over HTTP), how long it took, and whether it failed.

Strategies. round-robin takes each node in turn. weighted-round-robin does the same by weight, spread evenly (nginx's smooth variant). random picks any. least-connections picks the node with the fewest requests in flight. least-response-time keeps a moving average of each node's answer time and picks the lowest (scaled by what is already waiting there). power-of-two draws two nodes at random and takes the less busy one. consistent-hash maps each user's key onto a ring, so a user keeps landing on the same node. sticky gives each new user a cookie naming its node.

Discovery. Each app node registers with "discovery" when it starts and then sends a heartbeat every heartbeat_ms. A node silent for detect_after_ms is taken out, and lb routes only to the nodes discovery lists. Between a crash and its removal, requests still go to the dead node and fail: the detection delay is that window, measured from the kill to the moment lb stops routing there. It is detect_after_ms minus the time since the node's last heartbeat, so it falls between detect_after_ms - heartbeat_ms and detect_after_ms.

Live or virtual time. Live, every node is a thread pool with its own 127.0.0.1 socket (up to 16 app nodes) and curl can reach lb through the front door. In virtual time the same nodes run on a simulated clock, up to 1000 app nodes, with no socket at all; the same seed gives the same run. Past 32 nodes the per-node chart gives way to the spread of the shares: the smallest, median and largest share any up node served in the last 5 s, beside the fair share 1/N.

Things to try:
- round-robin with 4 equal nodes: every node gets 25% of the requests (per_node in the summary).
- slow_node=node-2, slow_factor=10: round-robin still gives node-2 a quarter and its p99 climbs; switch strategy to least-response-time or power-of-two while it runs and watch node-2's share fall.
- --fault 5s:kill:node-2: errors appear, then stop once discovery takes node-2 out. Lower detect_after_ms and the error burst shortens, but set it near heartbeat_ms and a busy node that misses one heartbeat gets dropped by mistake (unprompted_removals).
- --fault 8s:restart:node-2 after a kill: the node registers again and gets traffic back.
- least-response-time with equal nodes: the node with the lowest average takes most requests until one slow answer lifts it, then another does (served per node flaps); the averages of nodes it does not use are not refreshed.
- --fault 4s:kill:discovery --fault 6s:restart:discovery: discovery comes back knowing no one and rebuilds its list from heartbeats, so for up to a heartbeat lb routes to only the nodes heard so far (counted in unprompted_removals).
- weights=3,1,1,1 with weighted-round-robin: node-1 serves half of the requests. weights takes any list, one whole number per node (5,1,1,2: node-1 gets 5/9).
- --time virtual --set nodes=1000 --set arrival_rps=5000: round-robin keeps every share at the fair 0.001; random spreads them (over 10 s from about 0.6 to 1.5 times the fair share); least-response-time piles most requests onto the few nodes that answered fastest.
- consistent-hash, then kill a node: only the users that lived on it move (user_moves); with round-robin nearly every request lands somewhere new.)";
}

}  // namespace archlab::lblab
