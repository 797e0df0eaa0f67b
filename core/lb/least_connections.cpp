// Least connections: the node with the fewest requests in flight; ties broken at random so no
// node is favoured by its position.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class LeastConnections : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64& random) override {
        // Two passes and one random draw (not one per tie): with a thousand idle nodes every
        // node ties, and a draw per tie would cost more than the request.
        int least = alive[0].in_flight;
        std::size_t ties = 0;
        for (const Candidate& c : alive) {
            if (c.in_flight < least) {
                least = c.in_flight;
                ties = 0;
            }
            if (c.in_flight == least) ++ties;
        }
        std::size_t pick = ties > 1 ? std::uniform_int_distribution<std::size_t>(0, ties - 1)(random) : 0;
        for (std::size_t i = 0; i < alive.size(); ++i) {
            if (alive[i].in_flight == least && pick-- == 0) return i;  // each tied node equally likely
        }
        return 0;
    }
};

}  // namespace

std::unique_ptr<Strategy> make_least_connections() { return std::make_unique<LeastConnections>(); }

}  // namespace archlab::lb
