#include "core/runtime/live/worker_pool.h"

#include <algorithm>
#include <exception>

#if defined(__linux__)
#include <pthread.h>
#endif

#include "core/runtime/emulated_time.h"
#include "core/runtime/live/precise_wait.h"
#include "core/runtime/live/runtime_log.h"

namespace archlab::live {

WorkerPool::WorkerPool(std::string name, int threads, Finish finish, HostLoadMeter& meter, std::size_t max_queued)
    : name_(std::move(name)),
      threads_(threads > 0 ? threads : 1),
      finish_(std::move(finish)),
      meter_(meter),
      max_queued_(max_queued) {}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::submit(Job job, std::uint64_t incarnation) {
    std::function<void()> shed;
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        if (queue_.size() >= max_queued_) {
            shed_.fetch_add(1, std::memory_order_relaxed);
            shed = std::move(job.shed);
        } else {
            if (workers_.empty()) {
                workers_.reserve(static_cast<std::size_t>(threads_));
                for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { run(); });
            }
            queue_.push_back(Item{std::move(job), incarnation});
        }
    }
    if (!shed) {
        ready_.notify_one();
        return;
    }
    // The node hears of it on its own thread, as of a finished job (not from inside execute()).
    finish_(incarnation, [s = std::move(shed)](Nanos) { s(); }, Nanos{0});
}

void WorkerPool::set_paused(bool paused) {
    {
        std::lock_guard lock(mu_);
        paused_ = paused;
    }
    ready_.notify_all();
}

void WorkerPool::discard_queued() {
    std::deque<Item> dropped;
    {
        std::lock_guard lock(mu_);
        dropped.swap(queue_);
    }
    // dropped (and the callbacks it captures) is destroyed here, outside the lock.
}

void WorkerPool::set_work_factor(double factor) {
    work_factor_.store(factor > 0.0 ? factor : 1.0, std::memory_order_relaxed);
}

void WorkerPool::stop() {
    std::vector<std::thread> workers;
    std::deque<Item> dropped;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        dropped.swap(queue_);
        workers.swap(workers_);
    }
    {
        std::lock_guard lock(stop_mu_);
        stop_holds_ = true;
    }
    ready_.notify_all();
    stop_cv_.notify_all();
    for (auto& t : workers) t.join();
}

void WorkerPool::run() {
    use_fine_timer_slack();
#if defined(__linux__)
    pthread_setname_np(pthread_self(), ("w:" + name_).substr(0, 15).c_str());
#endif
    for (;;) {
        Item item;
        {
            std::unique_lock lock(mu_);
            ready_.wait(lock, [this] { return stopping_ || (!paused_ && !queue_.empty()); });
            if (stopping_) return;
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        serve(item);
    }
}

void WorkerPool::serve(Item& item) {
    // One waiter per thread: its margin learns this thread's own wake-up lateness.
    thread_local PreciseWaiter waiter;
    using Clock = PreciseWaiter::Clock;
    const Clock::time_point start = Clock::now();
    if (item.job.compute) {
        try {
            item.job.compute();
        } catch (const std::exception& e) {
            runtime_log().error("{}: a job's compute threw: {}", name_, e.what());
        }
    }
    const Nanos hold = scaled_hold(item.job.hold, work_factor());
    const Clock::time_point deadline = start + hold;
    Clock::time_point end = Clock::now();
    const Nanos computed = std::chrono::duration_cast<Nanos>(end - start);
    if (end < deadline) {
        const bool held = waiter.wait_until(deadline, [this](Clock::time_point until) {
            std::unique_lock lock(stop_mu_);
            return !stop_cv_.wait_until(lock, until, [this] { return stop_holds_; });
        });
        if (!held) return;  // stopping: the runtime is gone, nobody wants the result
        end = Clock::now();
    }
    const Nanos busy = std::chrono::duration_cast<Nanos>(end - start);
    // The host keeps up when the job ends at the later of its hold and its own compute: a
    // compute longer than the hold is the live run's real work (SQLite on this machine taking
    // 0.2 ms where the model asks 0.05), shown as it is, not the host falling behind; a starved
    // host shows in its timers and CPU share. Only the wait past that point counts as stretch.
    if (hold.count() > 0) meter_.hold_done(std::max(hold, computed), busy);
    if (item.job.done) finish_(item.incarnation, std::move(item.job.done), busy);
}

}  // namespace archlab::live
