#pragma once
// Accurate short waits: sleep until shortly before the deadline, then spin to it. The margin
// left for spinning adapts to how late this thread's sleeps actually wake up.
#include <chrono>
#include <cstdint>
#include <thread>

namespace archlab::live {

/// Asks the kernel to wake this thread's timers within ~1 ns of the asked time instead of the
/// default 50 µs (Linux timer slack). No effect on other systems.
void use_fine_timer_slack();

/// While alive, runs this thread at the lowest real-time priority (SCHED_FIFO 1) when the system
/// allows it, so a wake-up at a deadline preempts ordinary processes instead of queueing behind
/// them for a scheduler tick (milliseconds on a busy machine). Wrap only sleeps and short spins,
/// never real work. Without permission (RLIMIT_RTPRIO 0, no CAP_SYS_NICE) it does nothing;
/// ARCHLAB_RT_HOLDS=0 in the environment turns it off.
class RealtimeBoost {
public:
    RealtimeBoost();
    ~RealtimeBoost();
    RealtimeBoost(const RealtimeBoost&) = delete;
    RealtimeBoost& operator=(const RealtimeBoost&) = delete;

    /// Whether boosts are applied in this process (false after the first refusal).
    static bool available();

private:
    bool raised_ = false;  ///< this instance changed the policy and must restore it
};

/// Waits for deadlines with microsecond accuracy. One per thread; not thread-safe.
class PreciseWaiter {
public:
    using Clock = std::chrono::steady_clock;

    /// Waits until deadline. sleep(until) sleeps until at most `until` and returns false when
    /// the wait must be abandoned (then wait_until returns false at once).
    template <class Sleep>
    bool wait_until(Clock::time_point deadline, Sleep&& sleep) {
        const Clock::time_point wake = deadline - margin();
        if (Clock::now() < wake) {
            if (!sleep(wake)) return false;
            learn(Clock::now() - wake);
        }
        spin_until(deadline);
        return true;
    }

    /// Waits until deadline with a plain sleep.
    void wait_until(Clock::time_point deadline) {
        wait_until(deadline, [](Clock::time_point t) {
            std::this_thread::sleep_until(t);
            return true;
        });
    }

    /// Current spin margin: how long before a deadline the sleep ends.
    std::chrono::nanoseconds margin() const { return std::chrono::nanoseconds(margin_ns_); }

private:
    void learn(std::chrono::nanoseconds late);  ///< folds one observed oversleep into the margin
    static void spin_until(Clock::time_point deadline);

    double late_mean_ns_ = 30'000.0;  ///< running mean of how late a sleep woke, ns
    double late_dev_ns_ = 20'000.0;   ///< running mean absolute deviation of that, ns
    std::int64_t margin_ns_ = 150'000;///< spin margin now in use, ns
};

}  // namespace archlab::live
