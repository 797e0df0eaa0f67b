#pragma once
// An app worker with a fixed thread pool (threads_per_worker). A request holds a thread from
// the moment it starts until its reply: reading the database (unless the static cache has
// it), writing its log line, compressing the response, and the emulated CPU work whose total
// is the sampled service time. Requests beyond the pool wait in the worker's own queue.
#include <deque>
#include <memory>
#include <unordered_map>

#include "core/runtime/node.h"
#include "labs/queueing/messages.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"
#include "labs/queueing/request_work.h"

namespace archlab::queueing {

class WorkerNode : public Node {
public:
    /// number: 1-based worker number ("worker-3" is 3).
    WorkerNode(int number, std::shared_ptr<QueueingConfig> cfg, std::shared_ptr<QueueingMetrics> metrics,
               std::shared_ptr<RequestWork> work)
        : number_(number), cfg_(std::move(cfg)), m_(std::move(metrics)), work_(std::move(work)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;

private:
    struct Request {
        std::uint64_t id = 0;
        NodeIndex from = kNoNode;
        RequestHeader header;
        Nanos arrived{0};
        Nanos started{0};
        Nanos submitted{0};      ///< when the CPU part was handed to a worker thread
        Nanos service{0};        ///< sampled total service time
        int db_pending = 0;      ///< database replies still awaited
    };

    void try_start(Context& ctx);
    void begin(Context& ctx, Request& r);
    void run_cpu_part(Context& ctx, std::uint64_t id);
    void finish(Context& ctx, std::uint64_t id, std::string payload, Nanos busy);
    Nanos sample_service(Context& ctx);

    int number_;
    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> m_;
    std::shared_ptr<RequestWork> work_;
    NodeIndex db_ = kNoNode;
    int busy_ = 0;                                     ///< threads holding a request
    std::deque<Request> queue_;                        ///< waiting for a thread
    std::unordered_map<std::uint64_t, Request> active_;
    std::uint32_t next_item_ = 0;                      ///< rotates which rows are read
};

}  // namespace archlab::queueing
