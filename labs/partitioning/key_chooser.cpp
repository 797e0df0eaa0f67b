#include "labs/partitioning/key_chooser.h"

#include <algorithm>
#include <cmath>

namespace archlab::partlab {

KeyChooser::KeyChooser(KeyDist dist, std::uint64_t keys, double zipf_s, std::atomic<std::uint64_t>& next_key)
    : dist_(dist), keys_(std::max<std::uint64_t>(1, keys)), next_key_(next_key) {
    if (dist_ != KeyDist::Zipf) return;
    cdf_.resize(keys_);
    double sum = 0.0;
    for (std::uint64_t i = 0; i < keys_; ++i) {
        sum += 1.0 / std::pow(double(i) + 1.0, zipf_s);
        cdf_[i] = sum;
    }
    for (double& c : cdf_) c /= sum;
}

std::uint64_t KeyChooser::read_key(std::mt19937_64& rng) const {
    if (dist_ == KeyDist::Zipf) {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
        return std::min<std::uint64_t>(std::uint64_t(it - cdf_.begin()), keys_ - 1);
    }
    const std::uint64_t n = dist_ == KeyDist::Sequential ? std::max<std::uint64_t>(1, next_key_.load()) : keys_;
    return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng);
}

std::uint64_t KeyChooser::write_key(std::mt19937_64& rng) {
    if (dist_ == KeyDist::Sequential) return next_key_.fetch_add(1);
    return read_key(rng);
}

}  // namespace archlab::partlab
