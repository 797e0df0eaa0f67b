#pragma once
// Which user makes the next request: all alike, or Zipf-skewed so a few users are very busy
// (user of rank k is picked in proportion to 1 / k^skew). Busy users pinned to one node by a
// sticky cookie are what makes stickiness skew the load.
#include <cstddef>
#include <random>
#include <vector>

namespace archlab::sessions {

class UserPicker {
public:
    /// users >= 1; skew 0 = uniform.
    UserPicker(std::size_t users, double skew);
    /// A user index in [0, users).
    std::size_t pick(std::mt19937_64& random) const;

private:
    std::size_t users_;
    std::vector<double> cdf_;  ///< cumulative share by rank; empty when uniform
};

}  // namespace archlab::sessions
