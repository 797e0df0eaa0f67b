#include "labs/caching/caching_lab.h"

namespace archlab::caching {

const char* caching_explain() {
    return R"(A cache keeps copies of hot data close to the code that needs it, so most reads skip the slow database. This lab runs cache-aside for real: a client sends reads and writes to a load balancer, app nodes ask the cache first, and on a miss read a real SQLite database (db_latency_ms per query) and fill the cache with what they read. Every value carries the version the database gave it.

Two numbers tell the story. Hit ratio is the share of reads the cache answered. A stale read is a read that returned an older version than the database had already committed when the read was made; the client checks every read against the database's commit history, so nothing is taken on the cache's word.

Placement: exclusive puts a cache inside every app node, shared puts one cache node in the middle (one more network hop). With the same total memory, exclusive caches each hold a quarter of it and, with round-robin routing, each sees every key, so the hot set is stored four times and each copy fits less. Key-affinity routing sends a key always to the same app, so the exclusive caches split the keys instead of duplicating them.

Writes: invalidate deletes the cached copy after the database commits, write-through overwrites it with the new version, ttl-only leaves it until it expires. With ttl-only every cached copy stays stale until its TTL runs out: a longer TTL means more hits and more stale reads. With exclusive placement, invalidation reaches only the app that took the write; the other apps keep their copies.

Even invalidate leaves one race, the classic one of cache-aside: a read misses and reads version v from the database; before it fills the cache, a write commits v+1 and deletes the cached copy; then the read's fill stores v, which stays stale until the next write to that key or the TTL ends. It needs a read and a write of one key within one database round trip, so it is rare; a lost invalidation (a cut link, a cache that was down) leaves an old copy the same way.

Things to try:
- Raise capacity_entries from 100 to 1000 to 5000 and watch the hit ratio climb and miss latency disappear from p50. Zipf keys make a small cache go a long way; key_dist=uniform does not.
- Set write_policy=ttl-only and ttl_ms=500, then 5000: stale reads rise with the TTL. Switch back to invalidate: they fall to about zero.
- Compare placement=exclusive and shared with round-robin routing, then switch routing to key-affinity while exclusive runs.
- Change policy while the run goes (lru, lfu, arc, s3fifo...) and compare hit ratios at a small capacity.
- Kill the cache (--fault 4s:kill:cache --fault 7s:restart:cache): reads fall back to the database (bypasses), latency jumps, and after the restart the cache refills from empty. flush:cache empties it without stopping it.
- Cut one app from the cache (--fault 3s:cut:app-1<->cache): only app-1's hit ratio drops, and stale reads appear on the other apps: app-1's invalidations no longer reach the cache.
- Slow the database (--fault 3s:slow:db:x4): misses get four times slower, hits do not.
- In virtual time (--time virtual) the run is exact and repeatable, and nodes goes up to 1000: try nodes=1000 with placement=exclusive and compare round-robin, random and key-affinity. The network there costs only what link_delay_ms says: set it to 0.5 and the shared cache's extra hop shows in hit latency.
)";
}

}  // namespace archlab::caching
