#include "labs/partitioning/part_lab.h"

namespace archlab::partlab {

const char* partitioning_explain() {
    return R"(Partitioning splits the data over shards so each holds a part; rebalancing moves keys when shards come or go.

Range keeps keys in order: each shard owns a contiguous range, so a range scan asks one or two shards. The cost: ranges must follow the data. With sequential keys (time-ordered ids) every new key lands on the last shard, a hot spot that only a split fixes. A split moves half of one shard's keys.

Hash modulo N spreads keys evenly, but adding a fifth shard to four moves about 4/5 of all keys: a key stays only if hash mod 4 equals hash mod 5.

Consistent hashing (a ring with virtual nodes per shard), rendezvous (highest random weight) and jump hash move only about 1/(N+1) of the keys when a shard is added, all to the new shard. Consistent hashing needs enough virtual nodes for even shares; jump hash needs none but numbers its buckets, so only the last shard can leave cheaply. Redis Cluster's hash slots move whole slots: the map is 16384 entries, and resharding is moving slots by hand.

Every hash scheme scatters neighbouring keys, so a range scan asks every shard.

While keys move, requests keep flowing: a shard serves a key until its batch is acknowledged by the new owner, then answers Ask (go there, once); a router or client with an old map gets Moved and learns the new one. At the end the lab reads every shard's database: lost, duplicated and misplaced keys must all be 0.

That is horizontal partitioning: every shard holds rows of the same kind. layout=vertical splits the other way, by domain: users, orders and catalog become separate services, each with its own database, behind an api that sends each request to the service owning its domain. What it buys: each service is small, owns its schema and can be scaled, changed and deployed on its own, and a service's load is its domain's alone (get-user never touches the catalog). What it costs: a join becomes a call. Placing an order needs the user and the product, so the orders service calls users and catalog over the network (2 cross-service calls) before it writes; an order history reads the user's orders, then asks the catalog for their prices (1 call). Every call adds a network round trip to the latency, and if users or catalog is down, placing an order fails too. Nothing keeps the three databases consistent with one another: an order names a product only by its id.

Things to try:
- strategy=hash-mod, then consistent-hash, with the fault 3s:add-shard: compare moved_fraction with expected_fraction.
- key_dist=sequential with range, then hash-mod: watch Requests per shard and the write hot spot.
- range_ratio=0.5 with range, then jump: watch the range-scan fan-out and scan latency.
- vnodes=1 with consistent-hash: the key skew climbs; vnodes=500 flattens it.
- routing=client with an add-shard: the redirects chart shows Ask during the move and Moved after it.
- layout=vertical: compare the latency of get-user with place-order, and watch Cross-service calls per request follow the mix (mix=0,0,100,0 gives exactly 2).
- layout=vertical and kill catalog: get-user still works, while get-product, place-order and order-history fail.
- migrate_rate=200 and kill a shard during a move: the move waits for it and finishes after the restart, and the audit stays at 0.)";
}

}  // namespace archlab::partlab
