// Power of two choices: two different random nodes, the one with fewer requests in flight wins
// (ties: the first drawn). Nearly as good as least-connections while looking at only two nodes.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class PowerOfTwo : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64& random) override {
        const std::size_t n = alive.size();
        if (n == 1) return 0;
        const std::size_t a = std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
        std::size_t b = std::uniform_int_distribution<std::size_t>(0, n - 2)(random);
        if (b >= a) ++b;  // a second, different node
        return alive[b].in_flight < alive[a].in_flight ? b : a;
    }
};

}  // namespace

std::unique_ptr<Strategy> make_power_of_two() { return std::make_unique<PowerOfTwo>(); }

}  // namespace archlab::lb
