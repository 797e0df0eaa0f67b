#pragma once
// Virtual-time runs paced together (the two sides of an A/B run): each member's run thread
// reports its clock after every advance and goes no further than the slowest other member's
// clock plus a lead (one sample period), so on the window's every frame both sides show the
// same stretch of virtual time, whatever the CPU gives each. Pacing only bounds how far a
// side may run ahead; it never changes what a side computes, so each side's fingerprint is the
// one it has alone.
//
// Threading: every method is safe from any thread. A member that has finished (or never
// started) must leave(), or the others would wait for it.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "core/runtime/runtime.h"

namespace archlab {

class PaceGroup {
public:
    /// members: how many runs are paced together; lead: how far one may run ahead of the slowest other, ns.
    PaceGroup(std::size_t members, Nanos lead);

    std::size_t members() const { return clocks_.size(); }
    Nanos lead() const { return lead_; }

    /// The member's virtual clock is now `vt` (never goes back).
    void report(std::size_t member, Nanos vt);
    /// The furthest virtual instant the member may reach now (Nanos::max() when it is alone).
    Nanos limit(std::size_t member) const;
    /// The member's run ended: it holds nobody back any more.
    void leave(std::size_t member);
    /// Blocks until another member reports or leaves, at most `max_wait`.
    void wait(std::size_t member, std::chrono::duration<double> max_wait);
    /// Wakes every waiting member (a stop was asked).
    void wake_all();

private:
    Nanos limit_locked(std::size_t member) const;

    const Nanos lead_;
    mutable std::mutex mu_;
    std::condition_variable moved_;
    std::vector<Nanos> clocks_;         ///< each member's virtual clock, ns (mu_)
    std::vector<bool> left_;            ///< members that no longer hold the others back (mu_)
    std::size_t moves_ = 0;             ///< bumped on every report and leave (mu_)
};

}  // namespace archlab
