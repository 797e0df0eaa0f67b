#pragma once
// One node's worker threads for Context::execute: a FIFO of jobs, each run as real work
// (compute) followed by emulated service time (hold x work factor) that keeps the thread busy.
// Every job with a hold reports asked vs actual service time to the node's HostLoadMeter.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/runtime/context.h"
#include "core/runtime/live/host_load_meter.h"
#include "core/runtime/node.h"

namespace archlab::live {

class WorkerPool {
public:
    /// Hands a finished job's done callback on (to the node's thread); runs on the worker thread.
    using Finish = std::function<void(std::uint64_t incarnation, std::function<void(Nanos)> done, Nanos busy)>;

    /// threads <= 0 still gets one thread. Threads start on the first submit(). meter outlives the pool.
    /// At most max_queued jobs wait; submit() sheds the rest.
    WorkerPool(std::string name, int threads, Finish finish, HostLoadMeter& meter,
               std::size_t max_queued = kDefaultMaxQueuedJobs);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues job; incarnation is handed back with its done so a dead node's results are dropped.
    /// With max_queued jobs already waiting the job is shed instead: dropped unrun, counted, and
    /// its Job::shed (if any) handed to finish as a done.
    void submit(Job job, std::uint64_t incarnation);
    /// Jobs shed since the pool was made.
    std::uint64_t shed() const { return shed_.load(std::memory_order_relaxed); }
    /// Paused: waiting jobs stay queued; jobs already running finish.
    void set_paused(bool paused);
    /// Drops every waiting job without calling its done.
    void discard_queued();
    /// Multiplies every job's hold from now on (slow CPU); values <= 0 and NaN mean 1, and a
    /// scaled hold is capped at kMaxEmulatedTime (core/runtime/emulated_time.h).
    void set_work_factor(double factor);
    double work_factor() const { return work_factor_.load(std::memory_order_relaxed); }
    /// Drops waiting jobs, cuts running holds short (their done is not called), joins the threads.
    void stop();

private:
    struct Item {
        Job job;                       ///< the work
        std::uint64_t incarnation = 0; ///< node incarnation that submitted it
    };
    void run();                        ///< one worker thread's loop
    void serve(Item& item);            ///< runs one job on this thread

    std::string name_;                      ///< thread name prefix
    int threads_;                           ///< number of worker threads
    Finish finish_;                         ///< where done callbacks go
    HostLoadMeter& meter_;                  ///< where hold figures go
    std::size_t max_queued_;                ///< bound of queue_
    std::atomic<std::uint64_t> shed_{0};    ///< jobs refused with queue_ full

    std::mutex mu_;                         ///< guards queue_, paused_, stopping_, workers_
    std::condition_variable ready_;         ///< a job is queued, or pause/stop changed
    std::deque<Item> queue_;                ///< jobs waiting for a thread, FIFO
    bool paused_ = false;                   ///< holds queue_ while set
    bool stopping_ = false;                 ///< stop() was called
    std::vector<std::thread> workers_;      ///< started lazily

    std::mutex stop_mu_;                    ///< pairs with stop_cv_
    std::condition_variable stop_cv_;       ///< wakes holds on stop(); nothing else signals it
    bool stop_holds_ = false;               ///< guarded by stop_mu_
    std::atomic<double> work_factor_{1.0};  ///< hold multiplier
};

}  // namespace archlab::live
