#pragma once
// An A/B run: two variants of one lab at once, same seed, workload and fault timeline, one or
// more knobs different. Each side is an ordinary RunController, recorded in the run store like
// any run (its summary says which side it was: "ab": {side, variant, other, differs}).
//
// Virtual time: both sides are paced together (core/lab/ab_pace.h), so they advance the same
// virtual time per tick, and each side is exactly the run it would be alone: the same
// fingerprint as a solo run with its knobs. Live time: both clusters run concurrently on this
// machine and share its CPU; sharing_text() says so, with each side's host-overload flag.
//
// Threading: start(), wait() from one thread (a worker in the window); stop() from any thread
// at any time (also while starting); set_speed(), run_to() and the accessors from any thread
// once start() returned (side() is null before).
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/lab/run_controller.h"

namespace archlab {

class PaceGroup;

enum class AbSide { A = 0, B = 1 };

inline const char* to_string(AbSide s) { return s == AbSide::A ? "A" : "B"; }

class AbRun {
public:
    /// a: side A as a solo run would be asked for; b_settings: B's knobs (same lab). Throws
    /// InputError when no knob differs. store may be null (nothing recorded).
    AbRun(RunRequest a, Settings b_settings, RunStore* store);
    ~AbRun();
    AbRun(const AbRun&) = delete;
    AbRun& operator=(const AbRun&) = delete;

    /// Starts A, then B. When B cannot start, A is stopped and B's error is thrown.
    void start();
    /// Blocks until both sides finished.
    void wait();
    /// Ends both sides (any thread).
    void stop();
    bool finished() const;

    /// Virtual time: both sides' speed (kMaxSpeed, 0 = hold).
    void set_speed(double speed);
    double speed() const;
    /// Virtual time: both sides run on until `at`, then hold.
    void run_to(Nanos at, double speed);
    TimeMode time_mode() const { return a_request_.time_mode; }
    const Lab& lab() const { return *a_request_.lab; }
    std::uint64_t seed() const { return a_request_.seed; }

    /// A side once start() returned, null before.
    RunController* side(AbSide s) { return runs_[static_cast<std::size_t>(s)].get(); }
    const RunController* side(AbSide s) const { return runs_[static_cast<std::size_t>(s)].get(); }
    /// The knobs in which B differs from A, in the lab's order.
    const std::vector<std::string>& differs() const { return differs_; }
    /// A side's name from its values of those knobs: "policy=lru" (several joined by ", ").
    const std::string& variant(AbSide s) const { return variants_[static_cast<std::size_t>(s)]; }
    /// Live time: that both sides share the machine, and whether its host kept up for each;
    /// virtual time: that they are paced together. One or two lines.
    std::string sharing_text() const;
    /// Run time the slower side has reached, seconds.
    double elapsed_s() const;

private:
    RunRequest side_request(AbSide s) const;

    RunRequest a_request_;
    Settings b_settings_;
    RunStore* store_;
    std::shared_ptr<PaceGroup> pace_;                      ///< virtual time: paces both sides
    mutable std::mutex mu_;                                ///< guards the setting of runs_ and stop_requested_
    std::array<std::unique_ptr<RunController>, 2> runs_;   ///< A, B once started; never replaced after
    bool stop_requested_ = false;                          ///< stop() came, perhaps while starting
    std::vector<std::string> differs_;
    std::array<std::string, 2> variants_;
};

/// The knobs whose values differ between two settings of one lab, in the lab's order.
std::vector<std::string> differing_knobs(const Settings& a, const Settings& b);
/// "policy=lru, capacity=100": those knobs' values in `s`.
std::string variant_name(const Settings& s, const std::vector<std::string>& knobs);

}  // namespace archlab
