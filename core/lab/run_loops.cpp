// The run thread of RunController: the live and the virtual loop and the drain at the end of a
// run. The rest of the controller (commands from other threads, sampling, recording, finish())
// is in run_controller.cpp.
#include "core/lab/run_controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/lab/ab_pace.h"
#include "core/lab/fault_apply.h"
#include "core/lab/host_watch.h"
#include "core/lab/memory_release.h"
#include "core/lab/series_sampler.h"
#include "core/platform/process_id.h"
#include "core/runtime/live_runtime.h"
#include "core/runtime/sim_runtime.h"
#include "core/store/run_store.h"
#include "core/store/topology_record.h"

namespace archlab {

namespace {
constexpr double kFlushEvery_s = 1.0;        ///< wall seconds between run-store commits
constexpr double kReleaseMemoryEvery_s = 5.0;  ///< live: seconds between handing freed memory back
constexpr double kDrainStep_s = 0.01;
constexpr double kPacedWakeMax_s = 0.01;     ///< a paced virtual run looks at its commands this often
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

void RunController::run_loop() {
    if (sim_) virtual_loop();
    else live_loop();
    if (request_.pace) request_.pace->leave(request_.pace_member);  // the partner runs on alone
    drain_and_stop();
    finish();
}

void RunController::live_loop() {
    const double period = 1.0 / std::max(0.5, request_.sample_hz);
    const double duration = request_.duration.count() > 0 ? to_s(request_.duration) : kNever;
    double next_sample = period;
    double next_flush = kFlushEvery_s;
    double next_release = kReleaseMemoryEvery_s;
    for (;;) {
        if (run_commands()) break;
        // The run's clock is the runtime's: what the nodes see as now().
        const Nanos now_ns = runtime_->now();
        const double now = to_s(now_ns);
        elapsed_ns_ = now_ns.count();
        apply_due(now_ns);
        if (now >= next_sample) {
            take_sample(now);
            next_sample += period;
            if (next_sample <= now) next_sample = now + period;  // fell behind: do not burst
        }
        if (now >= next_flush) {
            record_rows();
            next_flush = now + kFlushEvery_s;
        }
        if (now >= next_release) {  // a burst's freed memory goes back: resident memory stays flat
            release_free_memory();
            next_release = now + kReleaseMemoryEvery_s;
        }
        if (now >= duration) break;
        double wake = std::min(next_sample, duration);
        if (next_due() != Nanos::max()) wake = std::min(wake, to_s(next_due()));
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::duration<double>(std::max(0.0, wake - to_s(runtime_->now()))),
                     [this] { return stop_requested_ || !commands_.empty(); });
    }
}

void RunController::virtual_loop() {
    // Virtual instants are whole nanoseconds, so samples and faults land on exactly the same
    // events in every run; doubles appear only at the edges (pacing, series times).
    const Nanos period(std::llround(1e9 / std::max(0.5, request_.sample_hz)));
    const Nanos never = Nanos::max();
    const Nanos duration = request_.duration.count() > 0 ? request_.duration : never;
    std::int64_t samples = 0;
    double next_flush_wall = kFlushEvery_s;
    // Pacing: virtual time follows vt_base + (wall - wall_base) * speed, rebased on every change.
    Nanos vt{0}, vt_base{0};
    double wall_base = 0.0, paced_speed = speed();
    bool held_logged = false;
    for (;;) {
        {
            // Reached the pause point: hold here. Before the commands, so a speed asked for once
            // the clock stands there (a resume right after a step) is not undone by the hold.
            std::lock_guard lock(mu_);
            if (vt >= pause_at_) {
                pause_at_ = never;
                speed_ = 0.0;
            }
        }
        if (run_commands()) break;
        double speed = 0.0;
        Nanos pause_at = never;
        {
            std::lock_guard lock(mu_);
            speed = speed_;
            pause_at = pause_at_;
        }
        if (speed != paced_speed) {
            paced_speed = speed;
            vt_base = vt;
            wall_base = wall_s();
        }
        if (speed == 0.0) {
            if (!held_logged) log_event(to_s(vt), fmt::format("held at {:.3f} s", to_s(vt)));
            held_logged = true;
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_requested_ || !commands_.empty(); });
            continue;
        }
        held_logged = false;
        const Nanos next_sample = period * (samples + 1);
        Nanos limit = std::min({next_sample, duration, pause_at});
        limit = std::min(limit, next_due());
        if (request_.pace) {
            // Paced with a partner run: no further than it lets this one; wait for it when that is here.
            const Nanos partner = request_.pace->limit(request_.pace_member);
            if (partner <= vt) {
                request_.pace->wait(request_.pace_member, std::chrono::duration<double>(kPacedWakeMax_s));
                continue;
            }
            limit = std::min(limit, partner);
        }
        Nanos target = limit;
        if (speed > 0) {
            const double paced_ns = static_cast<double>(vt_base.count()) + (wall_s() - wall_base) * speed * 1e9;
            if (paced_ns < static_cast<double>(limit.count())) target = Nanos(static_cast<std::int64_t>(paced_ns));
        }
        if (target > vt) {
            sim_->run_until(target);
            vt = target;
            elapsed_ns_ = vt.count();
            if (request_.pace) request_.pace->report(request_.pace_member, vt);
        }
        if (vt >= limit) {
            // The row at t covers the interval that ends at t, so it is taken before what is due
            // at t: a step's last row does not show the next step's faults and knob changes, and
            // a hold at t (a guided step's end) comes before them too, so they happen when the
            // next step is played. Held or not, the run does the same things in the same order.
            if (vt >= next_sample) {
                take_sample(to_s(next_sample));
                ++samples;
            }
            if (vt >= pause_at && vt < duration) continue;  // hold first; what is due here follows the hold
            apply_due(vt);
            if (vt >= duration) break;
        } else {
            // Ahead of the wall clock: wait for it (or a command), at most a short while.
            const double wait_s = std::min(kPacedWakeMax_s, to_s(limit - vt) / speed);
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, std::chrono::duration<double>(wait_s),
                         [this] { return stop_requested_ || !commands_.empty(); });
        }
        if (wall_s() >= next_flush_wall) {
            record_rows();
            next_flush_wall = wall_s() + kFlushEvery_s;
        }
    }
}

void RunController::drain_and_stop() {
    const std::int64_t stopped_at = elapsed_ns_.load();
    run_->stop_workload();
    const LabRun::DrainLimits limits = run_->drain_limits();
    bool at_rest = run_->drained();
    if (sim_) {
        // Give operations in flight a moment of virtual time to come back, so the tail is not cut off.
        double t = 0;
        for (; !at_rest && t < limits.settle_s; t += kDrainStep_s) {
            sim_->run_for(from_ms(kDrainStep_s * 1e3));
            at_rest = run_->drained();
        }
        drain_ = {at_rest, t, at_rest ? "at rest" : fmt::format("still busy at the {:g} s limit", limits.settle_s)};
        elapsed_ns_ = stopped_at;
    } else {
        // Wait while the cluster makes progress; one that has stopped (a frozen or very slow
        // node) is not waited for beyond a short stall.
        const HeadlineMetrics& head = run_->series().headline();
        // Successes only, unless the lab counts its own: the client's timeouts of a stuck
        // cluster are no sign it is answering.
        const auto answered = [&head, this] {
            if (const auto p = run_->drain_progress()) return *p;
            return head.ok ? head.ok->value() : std::uint64_t{0};
        };
        const double start = wall_s();
        const double give_up = start + limits.settle_s;
        double last_progress = start;
        std::uint64_t seen = answered();
        while (!at_rest && wall_s() < give_up && wall_s() - last_progress < limits.stall_s) {
            std::this_thread::sleep_for(std::chrono::duration<double>(kDrainStep_s));
            if (const std::uint64_t now_answered = answered(); now_answered != seen) {
                seen = now_answered;
                last_progress = wall_s();
            }
            at_rest = run_->drained();
        }
        const double waited = wall_s() - start;
        drain_ = {at_rest, waited,
                  at_rest                      ? std::string("at rest")
                  : wall_s() >= give_up        ? fmt::format("still busy at the {:g} s limit", limits.settle_s)
                                               : fmt::format("no progress for {:g} s", limits.stall_s)};
    }
    runtime_->stop();
    run_->stopped();
    elapsed_ns_ = stopped_at;
}

}  // namespace archlab
