#include "labs/queueing/queueing_lab.h"

#include "labs/queueing/queueing_run.h"

namespace archlab::queueing {

namespace {
using knobs::choice;
using knobs::max_live;
using knobs::num;

KnobSpec flag(std::string name, bool def, std::string help) {
    KnobSpec k;
    k.name = std::move(name);
    k.type = KnobType::Bool;
    k.def = def;
    k.help = std::move(help);
    return k;
}
}  // namespace

QueueingLab::QueueingLab() {
    info_.id = "queueing";
    info_.title = "Queueing and latency";
    info_.summary = "Why systems slow down: a queue builds in front of some resource. "
                    "Client -> balancer -> workers -> database, with the M/M/c prediction beside the measurement.";
    info_.explain = queueing_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        max_live(num("arrival_rps", D, 1000, 1, 200000, "req/s",
                     "Requests per second the client sends (Poisson arrivals, open loop; up to 20,000 live)", true), 20000),
        num("service_ms", D, 2, 0.05, 1000, "ms", "Mean time one request holds a worker thread (its service time)"),
        choice("service_dist", {"exp", "const", "lognormal"}, "exp",
               "Distribution of service times: exponential (M/M/c), constant, or lognormal (long tail)"),
        max_live(num("workers", I, 4, 1, 200, "", "Number of app workers behind the balancer (up to 32 live, 200 in virtual time)"), 32),
        num("threads_per_worker", I, 1, 1, 16, "", "Thread-pool size of each worker: requests it serves at once"),
        choice("dispatch", {"shared-queue", "round-robin", "random", "least-connections"}, "shared-queue",
               "How the balancer picks a worker: one shared queue, in turn, at random, or the least busy", true),
        flag("db_lock", false, "One lock around the database: queries run one at a time (a serial resource)"),
        num("db_batch", I, 1, 1, 64, "items", "Items per database query: 1 = one query per item, N = batched"),
        num("db_items", I, 1, 0, 64, "items", "Database items each request reads"),
        num("db_ms", D, 0.1, 0, 100, "ms", "Time one database query takes (parse, plan, disk); in live time SQLite's own time, when longer"),
        choice("log_mode", {"async", "sync"}, "async",
               "Request log: async hands lines to a background writer; sync writes and fdatasyncs on the worker thread"),
        choice("compression", {"none", "zlib", "zstd"}, "none", "Compress each response body on the worker thread"),
        num("payload_bytes", I, 1024, 0, 1048576, "bytes", "Response body size before compression"),
        flag("static_cache", true, "Serve static-data requests from the worker's memory instead of the database"),
        num("static_share", D, 0.3, 0, 1, "", "Share of requests that ask for static data"),
        num("timeout_ms", D, 1000, 10, 60000, "ms", "The balancer gives up on a request after this long (counted as an error)"),
        num("queue_limit", I, 1000, 1, 1000000, "requests",
            "Most requests that may wait in one queue (the balancer's shared queue, each worker's); "
            "one more is shed at once and counted as an error", true),
        num("queue_timeout_ms", D, 1000, 1, 60000, "ms",
            "Admission timeout: a request that waited longer than this in a queue is dropped unserved (counted)", true),
        num("link_delay_ms", D, 0, 0, 1000, "ms",
            "One-way delay of each link on the request path (client-lb-worker), on top of the transport's own; the prediction adds 4 hops"),
    };
}

std::unique_ptr<LabRun> QueueingLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<QueueingRun>(env, settings);
}

}  // namespace archlab::queueing
