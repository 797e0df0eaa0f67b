// Smooth weighted round robin, as nginx does it: every pick adds each node's weight to its
// running score, the highest score wins and pays back the total. Weights 5,1,1 give
// a a b a c a a rather than a a a a a b c, so a heavy node never gets a burst.
#include <map>
#include <string>

#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class WeightedRoundRobin : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64&) override {
        long long total = 0;
        std::size_t best = 0;
        std::map<std::string, long long> kept;  // only alive nodes keep a score
        for (std::size_t i = 0; i < alive.size(); ++i) {
            const long long w = alive[i].weight < 1 ? 1 : alive[i].weight;
            long long& score = kept[alive[i].id];
            score = current_[alive[i].id] + w;
            total += w;
            if (i == 0 || score > kept[alive[best].id]) best = i;
        }
        kept[alive[best].id] -= total;
        current_ = std::move(kept);
        return best;
    }

private:
    std::map<std::string, long long> current_;  ///< running score per node id
};

}  // namespace

std::unique_ptr<Strategy> make_weighted_round_robin() { return std::make_unique<WeightedRoundRobin>(); }

}  // namespace archlab::lb
