#include "core/report/spike_cap.h"

#include <algorithm>
#include <cmath>

namespace archlab {

std::optional<double> spike_cap(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
    constexpr std::size_t kMinValues = 20;
    if (values.size() < kMinValues) return std::nullopt;
    std::sort(values.begin(), values.end());
    // The 90th percentile: a spike may be up to a tenth of the points (two samples of twenty).
    const double q90 = values[values.size() * 90 / 100];
    if (q90 <= 0.0 || values.back() <= 5.0 * q90) return std::nullopt;
    const auto within = std::upper_bound(values.begin(), values.end(), 3.0 * q90);
    return *(within - 1);  // within - 1 >= the 90th percentile's place: never before begin
}

}  // namespace archlab
