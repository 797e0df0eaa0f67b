#pragma once
// The sequential specifications the checker compares against, one value per key:
//   read/get  returns the current value
//   write/put sets it
//   cas       sets `to` when the value is `from`; a cas that completed :ok needs `from` there
//   append    concatenates a string (nil counts as "")
#include <optional>

#include "core/consistency/calls.h"
#include "core/consistency/checker.h"

namespace archlab::consistency {

/// The value after `call` takes effect on `state`, or nullopt when it cannot happen there.
std::optional<Value> step(const Call& call, const Value& state);

/// Every key's value before the first operation: options.initial; else "" for a key-value
/// key that sees get/put/append (the kv/ reference form); else nil.
Value initial_value(const KeyCalls& key, const CheckOptions& options);

/// Throws InputError "SOURCE:LINE: ..." when an operation does not belong to the model
/// (get/put/append in a register history, append of a non-string).
void check_fits_model(const History& history, Model model);

}  // namespace archlab::consistency
