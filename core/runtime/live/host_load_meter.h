#pragma once
// Counts how well one node host keeps up: how late its timers fire and how much longer its job
// holds take than asked. Written on hot paths (the node's thread, its worker threads), read by
// LiveRuntime::host_load() from any thread, so every counter is a relaxed atomic: no locks.
#include <atomic>
#include <cstdint>

#include "core/runtime/clock.h"
#include "core/runtime/runtime.h"

namespace archlab::live {

class HostLoadMeter {
public:
    /// A timer that fires later than this after it was due counts as late (HostLoad::timers_late).
    static constexpr Nanos kLateTimer = std::chrono::milliseconds(2);

    /// One timer fired `late` after it was due (negative counts as zero). Any thread.
    void timer_fired(Nanos late);
    /// One job hold asked for `asked` and really kept its thread busy `actual`. Any thread.
    void hold_done(Nanos asked, Nanos actual);
    /// Adds this meter's counters to `sum` (maximum for the worst lateness). Any thread.
    void add_to(HostLoad& sum) const;

private:
    // Timer counters are written by the node's thread, hold counters by the worker threads:
    // separate cache lines, so the two kinds of writer do not slow each other down.
    alignas(64) std::atomic<std::uint64_t> timers_fired_{0};  ///< timers fired
    std::atomic<std::uint64_t> timer_late_ns_sum_{0};         ///< summed lateness, ns
    std::atomic<std::uint64_t> timers_late_{0};               ///< fired more than kLateTimer late
    std::atomic<std::uint64_t> timer_late_max_ns_{0};         ///< worst lateness, ns
    alignas(64) std::atomic<std::uint64_t> holds_{0};         ///< holds completed
    std::atomic<std::uint64_t> hold_asked_ns_sum_{0};         ///< service time asked, ns
    std::atomic<std::uint64_t> hold_actual_ns_sum_{0};        ///< service time taken, ns
};

/// User + system CPU time of the whole process so far (platform::process_cpu_times), ns; 0 where unknown.
std::uint64_t process_cpu_ns();
/// Cores this process may run on (its CPU affinity mask where known, else the hardware's count).
int usable_cores();

}  // namespace archlab::live
