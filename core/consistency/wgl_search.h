#pragma once
// Wing & Gong's search with Lowe's memoisation (as Knossos' "wgl" and Porcupine do): walk the
// calls in real-time order, linearize a call whose invocation has come, backtrack at a
// completion whose call is not yet linearized, and never revisit a (linearized set, value)
// pair. Calls that may or may not have happened need not be linearized at all.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/consistency/calls.h"
#include "core/consistency/checker.h"

namespace archlab::consistency {

struct SearchOutcome {
    Verdict verdict = Verdict::unknown;
    std::string why_unknown;                 ///< unknown: which budget ran out
    std::size_t deepest = 0;                 ///< most definite calls linearized at once (longest prefix)
    std::size_t definite = 0;                ///< definite calls in all
    // Not linearizable: where the deepest attempt stopped.
    std::size_t stuck_call = Call::kOpen;    ///< the call whose completion came before it could be placed
    std::vector<std::size_t> deepest_tail;   ///< the last calls linearized in the deepest attempt, in order
    std::vector<Value> stuck_tried;          ///< values the stuck call was tried on and did not fit (distinct, capped)
    bool stuck_ever_fit = false;             ///< it fitted some order, but none of those went on
};

/// What the searches of one check may spend, shared by its keys.
struct SearchBudget {
    std::chrono::steady_clock::time_point deadline;  ///< wall budget (not looked at when max_steps > 0)
    std::uint64_t max_steps = 0;                     ///< >0: step budget instead of the deadline
    std::uint64_t steps = 0;                         ///< steps taken so far
    std::size_t memory_bytes = 0;                    ///< memo of visited configurations, per key

    /// True once the time or step budget is spent.
    bool spent() const {
        return max_steps > 0 ? steps >= max_steps : std::chrono::steady_clock::now() > deadline;
    }
    /// "time" or "step", for the explanation.
    const char* kind() const { return max_steps > 0 ? "step" : "time"; }
};

/// Searches a linearization of one key's calls, starting from `initial`; once the budget is
/// spent, or when the memo of visited configurations outgrows budget.memory_bytes, the verdict is
/// unknown. Adds the steps it takes to budget.steps.
SearchOutcome search_linearization(const KeyCalls& key, const Value& initial, SearchBudget& budget);

}  // namespace archlab::consistency
