#pragma once
// Accurate short waits that never make a busy host busier: sleep until shortly before the
// deadline, then spin to it, but spin at most kMaxSpin and only while sleeps wake up on time.
// The margin follows how late this thread's sleeps actually wake up:
//  - sleeps wake a little late (an idle host, tens of µs): spin that margin, so the wait ends
//    within a few µs of its deadline;
//  - sleeps wake later than kMaxSpin (a loaded host): a spin cannot fix that and would only take
//    a core from the threads that are already short of one, so the wait just sleeps to the
//    deadline and ends late; the lateness shows in HostLoad's hold figures.
// No real-time scheduling class is used: a wait never preempts the client, balancer or GUI.
#include <chrono>
#include <cstdint>
#include <thread>

namespace archlab::live {

/// Asks the kernel to wake this thread's timers within ~1 ns of the asked time instead of the
/// default 50 µs (Linux timer slack). No effect on other systems.
void use_fine_timer_slack();

/// Waits for deadlines with microsecond accuracy on an idle host. One per thread; not thread-safe.
class PreciseWaiter {
public:
    using Clock = std::chrono::steady_clock;

    /// Longest spin before a deadline.
    static constexpr std::chrono::nanoseconds kMaxSpin = std::chrono::microseconds(200);

    /// Waits until deadline. sleep(until) sleeps until at most `until` and returns false when
    /// the wait must be abandoned (then wait_until returns false at once).
    template <class Sleep>
    bool wait_until(Clock::time_point deadline, Sleep&& sleep) {
        const Clock::time_point wake = deadline - margin();
        if (Clock::now() < wake) {
            if (!sleep(wake)) return false;
            learn(Clock::now() - wake);
        }
        spin_until(deadline);  // returns at once when the sleep already woke past the deadline
        return true;
    }

    /// Waits until deadline with a plain sleep.
    void wait_until(Clock::time_point deadline) {
        wait_until(deadline, [](Clock::time_point t) {
            std::this_thread::sleep_until(t);
            return true;
        });
    }

    /// Current spin margin: how long before a deadline the sleep ends (0: sleep only).
    std::chrono::nanoseconds margin() const { return std::chrono::nanoseconds(margin_ns_); }

    /// Folds one observed oversleep (wake-up minus asked time) into the margin.
    void learn(std::chrono::nanoseconds late);

private:
    static void spin_until(Clock::time_point deadline);

    double late_mean_ns_ = 30'000.0;  ///< running mean of how late a sleep woke, ns
    double late_dev_ns_ = 20'000.0;   ///< running mean absolute deviation of that, ns
    std::int64_t margin_ns_ = 120'000;///< spin margin now in use, ns
};

}  // namespace archlab::live
