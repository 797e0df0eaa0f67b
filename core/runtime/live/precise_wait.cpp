#include "core/runtime/live/precise_wait.h"

#include <algorithm>
#include <cmath>

#if defined(__linux__)
#include <sys/prctl.h>
#endif
#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#include <immintrin.h>
#elif defined(_M_ARM64)
#include <intrin.h>
#endif

namespace archlab::live {
namespace {

constexpr double kMinMarginNs = 20'000.0;  ///< never spin less than this while spinning helps, ns
constexpr double kLearnRate = 1.0 / 16.0;  ///< weight of the newest observation

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
    _mm_pause();
#elif defined(_M_ARM64)
    __yield();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

}  // namespace

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
    const double wanted = late_mean_ns_ + 4.0 * late_dev_ns_ + 10'000.0;
    // Past kMaxSpin the host is busy: sleep only (see the header). Learning goes on meanwhile,
    // so spinning comes back once sleeps wake on time again.
    const double max_spin = static_cast<double>(kMaxSpin.count());
    margin_ns_ = wanted > max_spin ? 0 : static_cast<std::int64_t>(std::max(wanted, kMinMarginNs));
}

void PreciseWaiter::spin_until(Clock::time_point deadline) {
    while (Clock::now() < deadline) cpu_relax();
}

}  // namespace archlab::live
