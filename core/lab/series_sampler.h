#pragma once
// Turns a lab's SeriesTable into one row of values per tick: the interval bookkeeping (previous
// counter values and histogram snapshots) lives here, once, instead of in every lab.
#include <cstdint>
#include <map>
#include <vector>

#include "core/lab/series_table.h"
#include "core/runtime/runtime.h"

namespace archlab {

class SeriesSampler {
public:
    /// runtime may be null (no column is then blanked for a down node).
    SeriesSampler(const SeriesTable& table, const Runtime* runtime);

    /// Fills one value per column for the interval since the previous call (or since t = 0).
    void sample(double t_s, std::vector<double>& values);

private:
    struct HistState {
        HistogramSnapshot prev;      ///< at the previous tick
        HistogramSnapshot interval;  ///< recorded during this tick's interval
    };
    double counters_delta(const std::vector<const Counter*>& counters);

    const SeriesTable& table_;
    const Runtime* runtime_;
    std::vector<NodeIndex> node_of_;                   ///< per column: node whose death blanks it, or kNoNode
    std::map<const Counter*, std::uint64_t> prev_;     ///< counter values at the previous tick
    std::map<const Counter*, std::uint64_t> now_;      ///< counter values read this tick
    std::map<const Histogram*, HistState> hists_;
    double prev_t_s_ = 0.0;
};

}  // namespace archlab
