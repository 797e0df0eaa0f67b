#pragma once
// Active expiry as Redis runs it: keys nobody reads again still leave once their TTL passes.
#include <cstddef>

#include "core/cache/cache_store.h"

namespace archlab::resp {

/// One cycle: expire up to keys_per_round due keys, and go on while more than a quarter of a
/// round was due, for at most max_rounds rounds. Returns how many keys expired.
std::size_t active_expire_cycle(cache::CacheStore& store, Nanos now, std::size_t keys_per_round = 20,
                                std::size_t max_rounds = 16);

}  // namespace archlab::resp
