#pragma once
// Tells whether the host keeps up with a live run. It is fed one cumulative HostLoad reading per
// sampler tick, judges the interval since the previous reading, and keeps a verdict for the
// run's record: when the host first fell behind, why, and the worst figures seen.
//
// An interval is overloaded when any of these holds (each only with enough evidence, so an
// idle interval never flags):
//  - timers fire more than 2 ms late on average              (>= 20 timers in the interval)
//  - more than 5 % of timers fire more than 2 ms late        (>= 20 timers)
//  - job holds take more than 10 % longer than asked          (>= 20 holds)
//  - the process uses more than 95 % of all its cores' time   (>= 100 ms of wall time)
// Pure logic: no clock, no threads, no Qt. Not thread-safe; feed it from one thread.
#include <array>
#include <cstdint>
#include <string>

#include "core/runtime/runtime.h"

namespace archlab {

/// Keep-up figures of one interval; zeros where the interval had nothing to measure.
struct HostFigures {
    double timer_late_mean_ms = 0.0;  ///< mean lateness of the timers that fired (fire - due), ms
    double timer_late_max_ms = 0.0;   ///< worst lateness so far in the run, ms (HostLoad keeps a running maximum)
    double late_share = 0.0;          ///< share of timers that fired more than 2 ms late, 0..1
    double hold_stretch = 0.0;        ///< actual / asked service time of the holds, minus 1 (0.1: 10 % long)
    double cpu_share = 0.0;           ///< process CPU time / (wall time x cores), 0..1
    double overloaded = 0.0;          ///< 1 when the interval was judged overloaded, else 0

    /// Column names, in the order of row().
    static constexpr std::array<const char*, 6> kColumns{
        "timer_late_mean_ms", "timer_late_max_ms", "late_share", "hold_stretch", "cpu_share", "overloaded"};
    /// The figures in the order of kColumns.
    std::array<double, 6> row() const {
        return {timer_late_mean_ms, timer_late_max_ms, late_share, hold_stretch, cpu_share, overloaded};
    }
};

/// Where an interval stops keeping up, and the evidence an interval needs before it is judged.
struct HostLimits {
    double timer_late_mean_ms = 2.0;     ///< mean timer lateness above this is overloaded, ms
    double late_share = 0.05;            ///< share of timers more than 2 ms late above this is overloaded
    double hold_stretch = 0.10;          ///< holds stretched beyond this is overloaded
    double cpu_share = 0.95;             ///< process CPU share of all cores above this is overloaded
    std::uint64_t min_timers = 20;       ///< timers an interval needs for the timer rules
    std::uint64_t min_holds = 20;        ///< holds an interval needs for the hold rule
    double min_cpu_interval_s = 0.1;     ///< wall time an interval needs for the CPU rule, s
};

/// The run's verdict, for its record (`host_overloaded`, `overloaded_since_s`, figures).
struct HostVerdict {
    bool measured = false;             ///< some reading was measured (live runs only)
    bool overloaded = false;           ///< some interval was overloaded
    double overloaded_since_s = -1.0;  ///< run time when the first overloaded interval began, s; -1: never
    int intervals = 0;                 ///< intervals judged
    int overloaded_intervals = 0;      ///< of those, overloaded
    HostFigures worst;                 ///< each figure's worst over intervals with enough evidence for it
    std::string reason;                ///< one line for a person, from the worst overloaded interval; "" if none
};

class HostWatch {
public:
    explicit HostWatch(HostLimits limits = {});

    /// Judges the interval since the previous reading (since the start for the first one).
    /// t_s is the run time of this reading, s. Unmeasured readings (simulated runs) are ignored;
    /// counters that go backwards (a new runtime) start a fresh baseline.
    void observe(double t_s, const HostLoad& reading);

    /// Figures of the last interval judged.
    const HostFigures& figures() const { return last_; }
    /// Whether the last interval was overloaded.
    bool overloaded_now() const { return last_.overloaded != 0.0; }
    /// The verdict over every interval so far.
    const HostVerdict& verdict() const { return verdict_; }

private:
    /// How far an interval went over the limits, and what to tell a person.
    struct Excess {
        double ratio = 0.0;  ///< worst figure / its limit over every rule; > 1 is overloaded
        std::string what;    ///< the first rule over its limit, in words; "" if none
    };
    Excess judge(const HostFigures& f, bool timers_enough, bool holds_enough, bool cpu_enough, int cores) const;
    void fold_worst(const HostFigures& f, bool timers_enough, bool holds_enough, bool cpu_enough);

    HostLimits limits_;        ///< rules
    HostLoad prev_;            ///< the previous reading (zeros: the start of the run)
    double prev_t_s_ = 0.0;    ///< its run time, s
    HostFigures last_;         ///< the last interval's figures
    HostVerdict verdict_;      ///< over the run
    double worst_ratio_ = 0.0; ///< ratio of the interval the reason comes from
};

}  // namespace archlab
