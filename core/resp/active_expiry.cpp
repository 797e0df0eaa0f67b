#include "core/resp/active_expiry.h"

namespace archlab::resp {

std::size_t active_expire_cycle(cache::CacheStore& store, Nanos now, std::size_t keys_per_round,
                                std::size_t max_rounds) {
    std::size_t total = 0;
    for (std::size_t round = 0; round < max_rounds; ++round) {
        const std::size_t expired = store.expire_some(keys_per_round, now);
        total += expired;
        if (expired * 4 <= keys_per_round) break;  // 25% or fewer were due: enough for now
    }
    return total;
}

}  // namespace archlab::resp
