// Least connections: the node with the fewest requests in flight; ties broken at random so no
// node is favoured by its position.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class LeastConnections : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64& random) override {
        std::size_t best = 0;
        std::size_t ties = 1;
        for (std::size_t i = 1; i < alive.size(); ++i) {
            if (alive[i].in_flight < alive[best].in_flight) {
                best = i;
                ties = 1;
            } else if (alive[i].in_flight == alive[best].in_flight &&
                       std::uniform_int_distribution<std::size_t>(0, ties++)(random) == 0) {
                best = i;  // reservoir choice: each tied node equally likely
            }
        }
        return best;
    }
};

}  // namespace

std::unique_ptr<Strategy> make_least_connections() { return std::make_unique<LeastConnections>(); }

}  // namespace archlab::lb
