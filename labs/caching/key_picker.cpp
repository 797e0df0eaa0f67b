#include "labs/caching/key_picker.h"

#include <algorithm>
#include <cmath>

namespace archlab::caching {

KeyPicker::KeyPicker(KeyDist dist, std::uint32_t keys, double zipf_s) : dist_(dist), keys_(std::max(1u, keys)) {
    if (dist_ != KeyDist::Zipf) return;
    cdf_.resize(keys_);
    double sum = 0.0;
    for (std::uint32_t i = 0; i < keys_; ++i) {
        sum += 1.0 / std::pow(static_cast<double>(i) + 1.0, zipf_s);
        cdf_[i] = sum;
    }
    for (double& c : cdf_) c /= sum;
}

std::uint32_t KeyPicker::next(std::mt19937_64& rng) const {
    if (dist_ == KeyDist::Uniform) return std::uniform_int_distribution<std::uint32_t>(0, keys_ - 1)(rng);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return static_cast<std::uint32_t>(std::min<std::ptrdiff_t>(it - cdf_.begin(), keys_ - 1));
}

double KeyPicker::probability(std::uint32_t key) const {
    if (key >= keys_) return 0.0;
    if (dist_ == KeyDist::Uniform) return 1.0 / keys_;
    return key == 0 ? cdf_[0] : cdf_[key] - cdf_[key - 1];
}

}  // namespace archlab::caching
