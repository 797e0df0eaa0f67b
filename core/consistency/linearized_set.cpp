#include "core/consistency/linearized_set.h"

namespace archlab::consistency {

namespace {

/// A fixed random 64-bit word per call (splitmix64).
std::uint64_t zobrist(std::uint64_t i) {
    std::uint64_t z = (i + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

LinearizedSet::LinearizedSet(const std::vector<Call>& calls) : slot_(calls.size()), maybe_(calls.size()) {
    std::uint32_t definite = 0;
    std::uint32_t maybe = 0;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        maybe_[i] = !calls[i].definite;
        slot_[i] = calls[i].definite ? definite++ : maybe++;
    }
    definite_.assign((definite + 63) / 64, 0);
    maybe_bits_.assign((maybe + 63) / 64, 0);
}

void LinearizedSet::insert(std::size_t call) {
    word(call) |= std::uint64_t(1) << (slot_[call] % 64);
    hash_ ^= zobrist(call);
}

void LinearizedSet::erase(std::size_t call) {
    word(call) &= ~(std::uint64_t(1) << (slot_[call] % 64));
    hash_ ^= zobrist(call);
}

void LinearizedSet::encode(std::vector<std::uint64_t>& out) const {
    std::size_t first = 0;
    while (first < definite_.size() && definite_[first] == ~std::uint64_t(0)) ++first;
    std::size_t end = definite_.size();
    while (end > first && definite_[end - 1] == 0) --end;
    std::size_t maybe_end = maybe_bits_.size();
    while (maybe_end > 0 && maybe_bits_[maybe_end - 1] == 0) --maybe_end;
    out.clear();
    out.push_back((static_cast<std::uint64_t>(first) << 32) | (end - first));  // where the definite words sit
    out.insert(out.end(), definite_.begin() + static_cast<std::ptrdiff_t>(first),
               definite_.begin() + static_cast<std::ptrdiff_t>(end));
    out.insert(out.end(), maybe_bits_.begin(), maybe_bits_.begin() + static_cast<std::ptrdiff_t>(maybe_end));
}

}  // namespace archlab::consistency
