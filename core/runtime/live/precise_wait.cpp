#include "core/runtime/live/precise_wait.h"

#include <algorithm>
#include <cmath>

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#endif

#include "core/runtime/live/runtime_log.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace archlab::live {
namespace {

constexpr double kMinMarginNs = 60'000.0;     ///< never spin less than this before a deadline, ns
constexpr double kMaxMarginNs = 1'500'000.0;  ///< never spin more than this, ns
constexpr double kLearnRate = 1.0 / 16.0;     ///< weight of the newest observation

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

/// -1 unknown, 0 refused or turned off, 1 applied.
std::atomic<int> g_rt_state{-1};

bool rt_turned_off() {
    const char* v = std::getenv("ARCHLAB_RT_HOLDS");
    return v && (std::strcmp(v, "0") == 0 || std::strcmp(v, "off") == 0);
}

}  // namespace

RealtimeBoost::RealtimeBoost() {
#if defined(__linux__)
    int state = g_rt_state.load(std::memory_order_relaxed);
    if (state == 0) return;
    if (state < 0 && rt_turned_off()) {
        g_rt_state.store(0);
        return;
    }
    sched_param p{};
    p.sched_priority = 1;
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &p) == 0) {
        raised_ = true;
        g_rt_state.store(1, std::memory_order_relaxed);
    } else if (g_rt_state.exchange(0) != 0) {
        runtime_log().info("job holds run without real-time priority (not permitted); under heavy CPU load "
                           "their emulated service time can run long");
    }
#endif
}

RealtimeBoost::~RealtimeBoost() {
#if defined(__linux__)
    if (!raised_) return;
    sched_param p{};
    p.sched_priority = 0;
    pthread_setschedparam(pthread_self(), SCHED_OTHER, &p);
#endif
}

bool RealtimeBoost::available() { return g_rt_state.load(std::memory_order_relaxed) != 0; }

void use_fine_timer_slack() {
#if defined(__linux__)
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
#endif
}

void PreciseWaiter::learn(std::chrono::nanoseconds late) {
    const double x = static_cast<double>(std::max<std::int64_t>(late.count(), 0));
    late_mean_ns_ += (x - late_mean_ns_) * kLearnRate;
    late_dev_ns_ += (std::abs(x - late_mean_ns_) - late_dev_ns_) * kLearnRate;
    // Mean plus four deviations covers nearly every wake-up; a few µs extra for the clock read.
    const double m = late_mean_ns_ + 4.0 * late_dev_ns_ + 10'000.0;
    margin_ns_ = static_cast<std::int64_t>(std::clamp(m, kMinMarginNs, kMaxMarginNs));
}

void PreciseWaiter::spin_until(Clock::time_point deadline) {
    while (Clock::now() < deadline) cpu_relax();
}

}  // namespace archlab::live
