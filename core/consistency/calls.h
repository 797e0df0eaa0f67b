#pragma once
// Pairs each invocation with its completion and keeps what the check needs: calls with a
// real-time interval, grouped by key.
//   :ok         a definite call: it happened between its invocation and its completion
//   :fail       dropped: it did not happen
//   :info, or no completion at all: it may or may not have happened; open to the end
//   a read/get that is not :ok: dropped (no effect, no value constraint)
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "core/consistency/history.h"

namespace archlab::consistency {

/// One operation as the checker sees it.
struct Call {
    OpFunction f = OpFunction::read;
    Value arg;                  ///< written/put/appended value, cas from
    Value arg2;                 ///< cas to
    Value result;               ///< what a read/get returned (definite reads only)
    bool definite = true;       ///< completed :ok; false = :info or never completed
    std::size_t invoke_at = 0;        ///< real-time position of the invocation among all lines
    std::size_t return_at = kOpen;    ///< real-time position of the :ok completion; kOpen when open to the end
    std::size_t invoke_op = 0;        ///< index of the invocation in History::ops
    std::size_t complete_op = kOpen;  ///< index of the completion in History::ops (also :info), kOpen if none

    static constexpr std::size_t kOpen = std::numeric_limits<std::size_t>::max();
};

/// The calls on one key, in invocation order.
struct KeyCalls {
    std::string key;
    std::vector<Call> calls;
};

struct PairedHistory {
    std::vector<KeyCalls> keys;     ///< in order of first appearance
    std::size_t invocations = 0;    ///< every invocation, dropped ones included
};

/// Real-time order is the order of History::ops (as Knossos takes it; :time is not used).
/// Pairs completions with the last open invocation of the same process. Throws InputError
/// "SOURCE:LINE: ..." for a completion without an invocation or of another function.
PairedHistory pair_calls(const History& history);

}  // namespace archlab::consistency
