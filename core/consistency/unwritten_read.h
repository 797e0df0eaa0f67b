#pragma once
// A quick test before the search: a read that returned a value nothing could have put there.
// Such a read makes a history not linearizable however the rest is ordered, and finding it
// takes one pass, even where the search would run out of time.
#include <cstddef>
#include <optional>

#include "core/consistency/calls.h"

namespace archlab::consistency {

/// The definite read (read/get) of `key` that completed first among those whose value is
/// neither `initial` nor written (write, put, or cas to) by a call invoked before the read
/// completed. Keys with append are skipped (their values are built up), giving nullopt.
std::optional<std::size_t> find_unwritten_read(const KeyCalls& key, const Value& initial);

}  // namespace archlab::consistency
