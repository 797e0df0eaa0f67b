#include "core/runtime/live/host_load_meter.h"

#include <algorithm>
#include <thread>

#include "core/platform/process_usage.h"

#if defined(__linux__)
#include <sched.h>
#endif

namespace archlab::live {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

std::uint64_t non_negative_ns(Nanos d) { return d.count() > 0 ? static_cast<std::uint64_t>(d.count()) : 0; }

/// Raises `max` to at least `value`.
void raise_to(std::atomic<std::uint64_t>& max, std::uint64_t value) {
    std::uint64_t seen = max.load(kRelaxed);
    while (value > seen && !max.compare_exchange_weak(seen, value, kRelaxed)) {
    }
}

}  // namespace

void HostLoadMeter::timer_fired(Nanos late) {
    const std::uint64_t ns = non_negative_ns(late);
    timers_fired_.fetch_add(1, kRelaxed);
    timer_late_ns_sum_.fetch_add(ns, kRelaxed);
    if (late > kLateTimer) timers_late_.fetch_add(1, kRelaxed);
    raise_to(timer_late_max_ns_, ns);
}

void HostLoadMeter::hold_done(Nanos asked, Nanos actual) {
    holds_.fetch_add(1, kRelaxed);
    hold_asked_ns_sum_.fetch_add(non_negative_ns(asked), kRelaxed);
    hold_actual_ns_sum_.fetch_add(non_negative_ns(actual), kRelaxed);
}

void HostLoadMeter::add_to(HostLoad& sum) const {
    sum.timers_fired += timers_fired_.load(kRelaxed);
    sum.timer_late_ns_sum += timer_late_ns_sum_.load(kRelaxed);
    sum.timers_late += timers_late_.load(kRelaxed);
    sum.timer_late_max_ns = std::max(sum.timer_late_max_ns, timer_late_max_ns_.load(kRelaxed));
    sum.holds += holds_.load(kRelaxed);
    sum.hold_asked_ns_sum += hold_asked_ns_sum_.load(kRelaxed);
    sum.hold_actual_ns_sum += hold_actual_ns_sum_.load(kRelaxed);
}

std::uint64_t process_cpu_ns() {
    const platform::CpuTimes t = platform::process_cpu_times();
    return t.user_ns + t.system_ns;
}

int usable_cores() {
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
#endif
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace archlab::live
