#include "views/run_review.h"

#include "core/store/run_store.h"

namespace archlab {

RunReview::RunReview(RunStore* store, std::int64_t run_id, nlohmann::json summary, std::vector<double> times_s)
    : run_id_(run_id), summary_(std::move(summary)), times_s_(std::move(times_s)) {
    if (!store || run_id <= 0) return;
    try {
        StoredTopology t = store->load_topology(run_id);
        topology_ = TopologyTimeline(std::move(t.nodes), std::move(t.rows));
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

TopologySnapshot RunReview::topologyAt(double t_s) const {
    if (topology_.empty()) return {};
    const std::size_t row = topology_.row_at(t_s + 1e-9);
    const TopologyFrame now = topology_.frame(row);
    const double from_s = now.t_s - kRateWindow_s;
    const TopologyFrame before = from_s < topology_.t_s(0) - 1e-9 ? topology_.start_frame()
                                                                  : topology_.frame(topology_.row_at(from_s + 1e-9));
    return snapshot_between(topology_.nodes(), before, now);
}

}  // namespace archlab
