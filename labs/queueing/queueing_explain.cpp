#include "labs/queueing/queueing_lab.h"

namespace archlab::queueing {

const char* queueing_explain() {
    return R"(A system slows down when a queue builds in front of some resource: worker threads, a lock, the database, the disk. This lab runs a real pipeline on your machine: a client sends requests at random moments (a Poisson stream), a load balancer hands them to app workers, and each worker reads a real SQLite database, writes a log line and answers.

Utilisation is the share of time the workers are busy: arrival rate x service time / threads. Latency stays almost flat while utilisation is low and then climbs steeply. With the defaults (4 workers, 2 ms exponential service, one shared queue) theory gives a mean of 2.2 ms at 1000 req/s (utilisation 0.5), 2.7 ms at 1400 (0.7) and 5.9 ms at 1800 (0.9): the same 2 ms of work, almost three times slower. That knee is queueing, not slow code.

The dashed lines are queueing theory. With one shared queue in front of c threads and exponential service times the system is M/M/c, and Erlang's C formula gives the mean wait; with random dispatch every worker is its own M/M/1 (or M/G/1) queue. The prediction adds the path's own no-load cost, measured before the workload starts by sending probes one at a time. Where no closed form fits (round-robin, least-connections, several threads with non-exponential service) the chart says so instead of drawing a wrong curve.

No queue here grows without bound. Each queue (the balancer's shared queue, each worker's own) holds at most queue_limit requests: one more is shed at once, answered as an error, rather than waiting behind work that cannot finish in time. A request that has waited longer than queue_timeout_ms is dropped before it is served. Both show on the errors chart (shed_per_s, queue_timeouts_per_s) and in the summary (shed, queue_timeouts). Beyond capacity the lab then serves what it can at a bounded latency instead of growing its queues, and its memory, until the machine swaps.

Things to try:
- Raise arrival_rps from 1000 to 1400 and then 1800 (utilisation 0.5, 0.7, 0.9 with the defaults) and watch p99 bend upwards long before throughput stops growing.
- Switch dispatch from shared-queue to random at the same load: every worker now has its own queue, and a request can wait behind a busy worker while another sits idle. At 1800 req/s theory gives 20 ms instead of 5.9 ms.
- Set service_dist to const: the same mean work with no variance queues half as much (Pollaczek-Khinchine).
- Turn db_lock on with db_items 8 and db_batch 1: the single lock becomes the bottleneck; db_batch 8 fixes it with one query per request.
- Set log_mode to sync: every request waits for the disk. Compare context switches per second with threads_per_worker 1 and 8.
- Drive it past capacity: arrival_rps 6000 (three times what 4 workers at 2 ms can serve). Throughput stays at about 2000 req/s, the queues sit at queue_limit, and the rest is shed. Lower queue_limit to 100: latency falls (a short queue waits less) while the shed rate hardly changes.
- Kill a worker (fault panel or --fault 5s:kill:worker-2): the others absorb its share, utilisation rises and so does latency.
)";
}

}  // namespace archlab::queueing
