#include "core/lab/host_watch.h"

#include <fmt/format.h>

#include <algorithm>

namespace archlab {
namespace {

constexpr double kNsPerMs = 1e6;
constexpr double kNsPerS = 1e9;
constexpr const char* kAdvice = "; the host, not the model, is the limit \u2014 try virtual time";

/// True when any cumulative counter of `now` is below `before`: the readings come from a new runtime.
bool went_backwards(const HostLoad& before, const HostLoad& now) {
    return now.timers_fired < before.timers_fired || now.timer_late_ns_sum < before.timer_late_ns_sum ||
           now.timers_late < before.timers_late || now.holds < before.holds ||
           now.hold_asked_ns_sum < before.hold_asked_ns_sum || now.hold_actual_ns_sum < before.hold_actual_ns_sum ||
           now.process_cpu_ns < before.process_cpu_ns || now.wall_ns < before.wall_ns;
}

double ratio(double a, double b) { return b > 0.0 ? a / b : 0.0; }

}  // namespace

HostWatch::HostWatch(HostLimits limits) : limits_(limits) {}

void HostWatch::observe(double t_s, const HostLoad& now) {
    if (!now.measured) return;
    if (went_backwards(prev_, now)) {
        prev_ = HostLoad{};
        prev_t_s_ = 0.0;
    }
    const std::uint64_t timers = now.timers_fired - prev_.timers_fired;
    const std::uint64_t late = now.timers_late - prev_.timers_late;
    const std::uint64_t holds = now.holds - prev_.holds;
    const auto late_ns = static_cast<double>(now.timer_late_ns_sum - prev_.timer_late_ns_sum);
    const auto asked_ns = static_cast<double>(now.hold_asked_ns_sum - prev_.hold_asked_ns_sum);
    const auto actual_ns = static_cast<double>(now.hold_actual_ns_sum - prev_.hold_actual_ns_sum);
    const auto cpu_ns = static_cast<double>(now.process_cpu_ns - prev_.process_cpu_ns);
    const auto wall_ns = static_cast<double>(now.wall_ns - prev_.wall_ns);

    HostFigures f;
    f.timer_late_mean_ms = ratio(late_ns, static_cast<double>(timers)) / kNsPerMs;
    f.timer_late_max_ms = static_cast<double>(now.timer_late_max_ns) / kNsPerMs;
    f.late_share = ratio(static_cast<double>(late), static_cast<double>(timers));
    f.hold_stretch = asked_ns > 0.0 ? actual_ns / asked_ns - 1.0 : 0.0;
    f.cpu_share = ratio(cpu_ns, wall_ns * std::max(now.host_cores, 0));

    const bool timers_enough = timers >= limits_.min_timers;
    const bool holds_enough = holds >= limits_.min_holds;
    const bool cpu_enough = now.host_cores > 0 && wall_ns >= limits_.min_cpu_interval_s * kNsPerS;
    const Excess excess = judge(f, timers_enough, holds_enough, cpu_enough, now.host_cores);
    f.overloaded = excess.ratio > 1.0 ? 1.0 : 0.0;

    verdict_.measured = true;
    ++verdict_.intervals;
    fold_worst(f, timers_enough, holds_enough, cpu_enough);
    if (f.overloaded != 0.0) {
        ++verdict_.overloaded_intervals;
        if (!verdict_.overloaded) {
            verdict_.overloaded = true;
            verdict_.overloaded_since_s = prev_t_s_;  // the interval's start
        }
        if (excess.ratio > worst_ratio_) {
            worst_ratio_ = excess.ratio;
            verdict_.reason = excess.what + kAdvice;
        }
    }
    last_ = f;
    prev_ = now;
    prev_t_s_ = t_s;
}

HostWatch::Excess HostWatch::judge(const HostFigures& f, bool timers_enough, bool holds_enough, bool cpu_enough,
                                   int cores) const {
    // The ratio is the worst over every rule; the words come from the first rule over its limit,
    // in this order: a mean lateness in ms says more to a person than a share or a CPU figure.
    Excess e;
    auto consider = [&e](bool enough, double figure, double limit, auto&& words) {
        if (!enough || limit <= 0.0) return;
        const double r = figure / limit;
        if (r > 1.0 && e.what.empty()) e.what = words();
        e.ratio = std::max(e.ratio, r);
    };
    consider(timers_enough, f.timer_late_mean_ms, limits_.timer_late_mean_ms,
             [&] { return fmt::format("timers fire {:.1f} ms late on average", f.timer_late_mean_ms); });
    consider(timers_enough, f.late_share, limits_.late_share,
             [&] { return fmt::format("{:.0f}% of timers fire more than 2 ms late", f.late_share * 100.0); });
    consider(holds_enough, f.hold_stretch, limits_.hold_stretch,
             [&] { return fmt::format("job holds take {:.0f}% longer than asked", f.hold_stretch * 100.0); });
    consider(cpu_enough, f.cpu_share, limits_.cpu_share, [&] {
        return fmt::format("the process uses {:.0f}% of {} core{}", f.cpu_share * 100.0, cores, cores == 1 ? "" : "s");
    });
    return e;
}

void HostWatch::fold_worst(const HostFigures& f, bool timers_enough, bool holds_enough, bool cpu_enough) {
    HostFigures& w = verdict_.worst;
    if (timers_enough) {
        w.timer_late_mean_ms = std::max(w.timer_late_mean_ms, f.timer_late_mean_ms);
        w.late_share = std::max(w.late_share, f.late_share);
    }
    w.timer_late_max_ms = std::max(w.timer_late_max_ms, f.timer_late_max_ms);
    if (holds_enough) w.hold_stretch = std::max(w.hold_stretch, f.hold_stretch);
    if (cpu_enough) w.cpu_share = std::max(w.cpu_share, f.cpu_share);
    w.overloaded = std::max(w.overloaded, f.overloaded);
}

}  // namespace archlab
