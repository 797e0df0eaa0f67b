#pragma once
// Which key numbers the workload touches: uniform or Zipf(s) over the keys that exist (Zipf:
// key 0 most popular, over the keys loaded at the start), and with key_dist=sequential, writes
// that always create a key larger than any before (reads pick uniformly among existing keys).
#include <atomic>
#include <cstdint>
#include <random>
#include <vector>

#include "labs/partitioning/part_config.h"

namespace archlab::partlab {

class KeyChooser {
public:
    /// next_key: shared counter of the next new key's number (sequential), kept outside the client.
    KeyChooser(KeyDist dist, std::uint64_t keys, double zipf_s, std::atomic<std::uint64_t>& next_key);
    /// A key to read, or to start a range scan at.
    std::uint64_t read_key(std::mt19937_64& rng) const;
    /// A key to write: sequential makes a new one.
    std::uint64_t write_key(std::mt19937_64& rng);

private:
    KeyDist dist_;
    std::uint64_t keys_;
    std::vector<double> cdf_;  ///< Zipf: cumulative probability up to each key
    std::atomic<std::uint64_t>& next_key_;
};

}  // namespace archlab::partlab
