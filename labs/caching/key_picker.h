#pragma once
// Which key the next request touches: uniform over 0..keys-1, or Zipf(s) where key 0 is the
// most popular (rank r = key + 1 has weight 1/r^s). Sampled by binary search in the CDF.
#include <cstdint>
#include <random>
#include <vector>

#include "labs/caching/caching_config.h"

namespace archlab::caching {

class KeyPicker {
public:
    KeyPicker(KeyDist dist, std::uint32_t keys, double zipf_s);
    std::uint32_t next(std::mt19937_64& rng) const;
    /// Probability of key (for tests).
    double probability(std::uint32_t key) const;

private:
    KeyDist dist_;
    std::uint32_t keys_;
    std::vector<double> cdf_;  ///< Zipf only: cumulative probability up to each key
};

}  // namespace archlab::caching
