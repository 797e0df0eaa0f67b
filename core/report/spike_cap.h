#pragma once
// Where a chart's axis should end when a few points tower over the rest: a replica back from a
// restart lags seconds for a sample or two while the others lag a few hundred milliseconds, and
// an axis up to the spike draws them all as flat zero. The chart then ends above the bulk of its
// points, draws the spike running off the top and names it (ChartSpec::spikes_off_scale).
#include <optional>
#include <vector>

namespace archlab {

/// The axis top for these values (every drawn point of every line), or nothing when no spike
/// stands out: fewer than 20 finite values, a 90th percentile of 0, or a highest value under 5
/// times the 90th percentile. The top is the highest value within 3 times the 90th percentile.
std::optional<double> spike_cap(std::vector<double> values);

}  // namespace archlab
