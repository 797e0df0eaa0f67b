#pragma once
// What the caching lab measures from outside the strategy code: the client's records of every
// request (latency by outcome, hits, misses, stale reads) and, per app node, what the replies
// said served them. The caches' own counters are read from their stores, not from here.
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::caching {

/// Per app node, from the client's records of the replies it sent.
struct AppCounters {
    Counter requests;  ///< replies (reads and writes)
    Counter hits;
    Counter misses;
    Counter bypasses;
};

struct CachingMetrics {
    explicit CachingMetrics(int apps) : per_app(static_cast<std::size_t>(apps)) {}

    Histogram latency_ns;          ///< every reply (reads and writes), invoke to reply
    Histogram read_ns;             ///< every read, invoke to reply
    Histogram hit_ns;              ///< reads served from the cache
    Histogram miss_ns;             ///< reads served from the db after a miss
    Histogram bypass_ns;           ///< reads served from the db without the cache
    Histogram write_ns;            ///< writes, invoke to reply
    Counter sent;                  ///< requests sent
    Counter ok;                    ///< replies (reads + writes)
    Counter reads;                 ///< read replies
    Counter writes;                ///< write replies
    Counter hits;                  ///< read replies that came from the cache
    Counter misses;                ///< the cache was asked and had nothing
    Counter bypasses;              ///< the cache did not answer in time
    Counter stale;                 ///< reads older than the version committed when they were invoked
    Counter errors;                ///< requests with no reply in time, or a malformed one
    std::vector<AppCounters> per_app;  ///< index: app number - 1
    Counter db_reads;              ///< db: reads served
    Counter db_writes;             ///< db: writes committed
};

}  // namespace archlab::caching
