#include "labs/sessions/user_picker.h"

#include <algorithm>
#include <cmath>

namespace archlab::sessions {

UserPicker::UserPicker(std::size_t users, double skew) : users_(std::max<std::size_t>(1, users)) {
    if (skew <= 0.0) return;
    cdf_.resize(users_);
    double sum = 0.0;
    for (std::size_t k = 0; k < users_; ++k) {
        sum += 1.0 / std::pow(static_cast<double>(k + 1), skew);
        cdf_[k] = sum;
    }
    for (double& c : cdf_) c /= sum;
}

std::size_t UserPicker::pick(std::mt19937_64& random) const {
    if (cdf_.empty()) return std::uniform_int_distribution<std::size_t>(0, users_ - 1)(random);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), users_ - 1);
}

}  // namespace archlab::sessions
