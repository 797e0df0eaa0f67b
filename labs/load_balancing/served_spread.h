#pragma once
// How evenly the requests spread over many app nodes, in a few numbers instead of a line per
// node: over the last `window` of run time, each up node's share of the requests the up nodes
// served, as the smallest, the median and the largest share, beside the fair share 1/N.
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "core/metrics/counter.h"
#include "core/runtime/runtime.h"

namespace archlab::lblab {

class ServedSpread {
public:
    /// served: per node, the answers it served; nodes: their runtime indexes (same order).
    ServedSpread(const std::vector<Counter>& served, std::vector<NodeIndex> nodes, const Runtime& runtime,
                 Nanos window);

    /// Reads the counters at the runtime's time now; once per sample, before the getters.
    void refresh();
    double min() const { return min_; }        ///< smallest share of an up node (NaN: nothing served)
    double median() const { return median_; }  ///< median share
    double max() const { return max_; }        ///< largest share
    double fair() const { return fair_; }      ///< 1 / up nodes (NaN: none up)

private:
    struct Reading {
        Nanos at{0};                        ///< runtime time of the reading
        std::vector<std::uint64_t> served;  ///< per node
    };
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    const std::vector<Counter>& served_;
    std::vector<NodeIndex> nodes_;
    const Runtime& runtime_;
    Nanos window_;                   ///< how far back the shares reach
    std::deque<Reading> readings_;   ///< oldest first; the front is the window's base
    std::vector<double> shares_;     ///< scratch: this sample's shares of the up nodes
    double min_ = kNaN, median_ = kNaN, max_ = kNaN, fair_ = kNaN;
};

}  // namespace archlab::lblab
