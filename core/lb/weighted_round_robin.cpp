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
        if (!same_nodes(alive)) carry_scores(alive);
        long long total = 0;
        std::size_t best = 0;
        for (std::size_t i = 0; i < alive.size(); ++i) {
            const long long w = alive[i].weight < 1 ? 1 : alive[i].weight;
            scores_[i] += w;
            total += w;
            if (i == 0 || scores_[i] > scores_[best]) best = i;
        }
        scores_[best] -= total;
        return best;
    }

private:
    bool same_nodes(const std::vector<Candidate>& alive) const {
        if (alive.size() != ids_.size()) return false;
        for (std::size_t i = 0; i < alive.size(); ++i) {
            if (alive[i].id != ids_[i]) return false;
        }
        return true;
    }
    /// The alive set changed: nodes still alive keep their score, new ones start at 0, gone ones drop theirs.
    void carry_scores(const std::vector<Candidate>& alive) {
        std::map<std::string, long long> old;
        for (std::size_t i = 0; i < ids_.size(); ++i) old[ids_[i]] = scores_[i];
        ids_.clear();
        scores_.clear();
        for (const Candidate& c : alive) {
            ids_.push_back(c.id);
            const auto it = old.find(c.id);
            scores_.push_back(it == old.end() ? 0 : it->second);
        }
    }

    std::vector<std::string> ids_;   ///< the alive nodes at the last pick, in the balancer's order
    std::vector<long long> scores_;  ///< running score of each, same order
};

}  // namespace

std::unique_ptr<Strategy> make_weighted_round_robin() { return std::make_unique<WeightedRoundRobin>(); }

}  // namespace archlab::lb
