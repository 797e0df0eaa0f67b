#pragma once
// Which calls a partial linearization holds, with an incremental hash and a compact canonical
// form for the visited-configuration memo. Definite calls are linearized roughly in order, so
// their bitset is stored without its leading all-ones words and trailing zero words; calls that
// may or may not have happened (often never linearized) get a bitset of their own.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/consistency/calls.h"

namespace archlab::consistency {

class LinearizedSet {
public:
    explicit LinearizedSet(const std::vector<Call>& calls);

    void insert(std::size_t call);
    void erase(std::size_t call);
    /// Hash of the set (XOR of a fixed random word per call).
    std::uint64_t hash() const { return hash_; }
    /// Replaces `out` with the compact form: the same set always gives the same words,
    /// different sets different words.
    void encode(std::vector<std::uint64_t>& out) const;

private:
    std::vector<std::uint32_t> slot_;     ///< call -> bit index within its group
    std::vector<bool> maybe_;             ///< call -> in the maybe-happened group
    std::vector<std::uint64_t> definite_; ///< bits of the definite calls
    std::vector<std::uint64_t> maybe_bits_;  ///< bits of the maybe-happened calls
    std::uint64_t hash_ = 0;

    std::uint64_t& word(std::size_t call) {
        return (maybe_[call] ? maybe_bits_ : definite_)[slot_[call] / 64];
    }
};

}  // namespace archlab::consistency
