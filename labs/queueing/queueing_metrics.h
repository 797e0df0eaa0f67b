#pragma once
// What the queueing lab measures. The client (outside the strategy code) records latency,
// throughput and errors; nodes only publish their queue lengths and busy time.
#include <memory>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::queueing {

struct QueueingMetrics {
    explicit QueueingMetrics(int workers)
        : worker_queue(workers), worker_busy_ns(workers), worker_served(workers) {}

    Histogram latency_ns;          ///< client: end-to-end, from the intended send time
    Histogram service_ns;          ///< client: service delivered, reported with each reply
    Histogram slot_ns;             ///< client: time each request held its worker slot (service + hand-offs)
    Histogram wait_ns;             ///< client: queue wait reported with each reply (lb + worker)
    Counter sent;                  ///< client: requests sent (probes excluded)
    Counter ok;                    ///< client: replies received
    Counter errors;                ///< client: failed or timed out
    Gauge path_overhead_ms;        ///< client: mean no-load cost of the path (probes), ms
    Gauge workload_started_s;      ///< client: run time when the open-loop workload began, s

    Counter shed;                  ///< balancer and workers: requests refused at a full queue (queue_limit)
    Counter queue_timeouts;        ///< balancer and workers: requests dropped after waiting queue_timeout_ms
    Gauge lb_queue;                ///< balancer: requests waiting for a free worker thread
    std::vector<Gauge> worker_queue;      ///< per worker: requests waiting for a thread
    std::vector<Counter> worker_busy_ns;  ///< per worker: total thread-busy time, ns
    std::vector<Counter> worker_served;   ///< per worker: requests completed
    Gauge db_queue;                ///< database: queries waiting
    Counter db_queries;            ///< database: queries executed
};

}  // namespace archlab::queueing
