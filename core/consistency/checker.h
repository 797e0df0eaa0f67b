#pragma once
// Linearizability checker for register and key-value histories (Wing & Gong / Lowe's search,
// as Knossos and Porcupine do it), key by key, within a time budget or a step budget.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/consistency/history.h"

namespace archlab::consistency {

/// register_: read/write/cas of one value per key (ints or nil; initial nil unless set).
/// kv: the same per key, plus get/put/append over strings starting at "".
enum class Model { register_, kv };
enum class Verdict { linearizable, not_linearizable, unknown };

struct CheckOptions {
    Model model = Model::kv;
    std::chrono::milliseconds timeout{10000};  ///< budget for the whole history; past it -> unknown
    /// >0: a budget of search steps for the whole history instead of `timeout`, so the verdict
    /// depends on the history alone, never on how fast the machine is (virtual-time runs).
    std::uint64_t max_steps = 0;
    std::optional<Value> initial;              ///< every key's value before the first operation
    std::size_t memory_budget_mb = 1024;       ///< memo of visited configurations per key; past it -> unknown
};

struct CheckResult {
    Verdict verdict = Verdict::unknown;
    std::string explanation;          ///< one line: why not linearizable, or why unknown
    std::vector<Operation> window;    ///< not linearizable: the operations around the failure point
    std::size_t operations = 0;       ///< operations checked (invocations)
    std::size_t keys = 0;             ///< keys checked independently
    double elapsed_s = 0;             ///< wall time of the check, seconds
    std::uint64_t steps = 0;          ///< search steps taken, every key together
};

/// Checks the history. Throws InputError when an operation does not fit the model
/// (e.g. append in a register history) or a completion has no invocation.
CheckResult check(const History& history, const CheckOptions& options);

const char* to_string(Model model);
const char* to_string(Verdict verdict);
/// "register" or "kv"; InputError otherwise.
Model parse_model(std::string_view name);

}  // namespace archlab::consistency
