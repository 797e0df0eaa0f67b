// Least response time: the node whose moving average of observed response times, scaled by the
// requests already waiting on it, promises the quickest answer (ewma * (in_flight + 1), as
// Finagle's and Linkerd's "peak EWMA" balancers do). Scaling by in-flight keeps one fast node
// from taking every request; a node never measured yet scores 0, so it is tried first.
// Ties go to fewer in flight, then at random.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class LeastResponseTime : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64& random) override {
        auto score = [](const Candidate& c) { return c.ewma_ms * (c.in_flight + 1); };
        std::size_t best = 0;
        std::size_t ties = 1;
        for (std::size_t i = 1; i < alive.size(); ++i) {
            const double s = score(alive[i]), b = score(alive[best]);
            if (s < b || (s == b && alive[i].in_flight < alive[best].in_flight)) {
                best = i;
                ties = 1;
            } else if (s == b && alive[i].in_flight == alive[best].in_flight &&
                       std::uniform_int_distribution<std::size_t>(0, ties++)(random) == 0) {
                best = i;
            }
        }
        return best;
    }
};

}  // namespace

std::unique_ptr<Strategy> make_least_response_time() { return std::make_unique<LeastResponseTime>(); }

}  // namespace archlab::lb
