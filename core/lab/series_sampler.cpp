#include "core/lab/series_sampler.h"

#include <algorithm>
#include <limits>

namespace archlab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

SeriesSampler::SeriesSampler(const SeriesTable& table, const Runtime* runtime) : table_(table), runtime_(runtime) {
    for (const SeriesColumn& c : table_.columns()) {
        node_of_.push_back(runtime_ && !c.node.empty() ? runtime_->lookup(c.node) : kNoNode);
        for (const Counter* k : c.num) prev_[k] = k->value();
        for (const Counter* k : c.den) prev_[k] = k->value();
        if (c.hist) hists_[c.hist].prev = c.hist->snapshot();
    }
}

double SeriesSampler::counters_delta(const std::vector<const Counter*>& counters) {
    double sum = 0.0;
    for (const Counter* k : counters) sum += static_cast<double>(now_[k] - prev_[k]);
    return sum;
}

void SeriesSampler::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-9, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    // Read every source once, so columns over the same counter or histogram agree.
    for (auto& [k, value] : prev_) now_[k] = k->value();
    for (auto& [h, st] : hists_) {
        HistogramSnapshot snap = h->snapshot();
        st.interval = snap.since(st.prev);
        st.prev = std::move(snap);
    }
    const auto& cols = table_.columns();
    v.resize(cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) {
        const SeriesColumn& c = cols[i];
        double x = kNaN;
        switch (c.kind) {
            case SeriesKind::Rate:
                x = counters_delta(c.num) / dt;
                break;
            case SeriesKind::Ratio: {
                const double den = counters_delta(c.den);
                if (den > 0) x = counters_delta(c.num) / den;
                break;
            }
            case SeriesKind::Percentile: {
                const HistogramSnapshot& h = hists_[c.hist].interval;
                if (h.count() > 0) x = static_cast<double>(h.percentile(c.q));
                break;
            }
            case SeriesKind::Mean: {
                const HistogramSnapshot& h = hists_[c.hist].interval;
                if (h.count() > 0) x = h.mean();
                break;
            }
            case SeriesKind::Max: {
                const HistogramSnapshot& h = hists_[c.hist].interval;
                if (h.count() > 0) x = static_cast<double>(h.max());
                break;
            }
            case SeriesKind::Gauge:
                x = c.gauge->value();
                break;
            case SeriesKind::Value:
                x = c.value ? c.value() : kNaN;
                break;
        }
        // A dead node has no level: a stale value would be a lie on the chart.
        if (node_of_[i] != kNoNode && runtime_->state(node_of_[i]) == NodeState::Down) x = kNaN;
        v[i] = x * c.scale;
    }
    for (auto& [k, value] : prev_) value = now_[k];
}

}  // namespace archlab
