// Random: a uniformly random alive node.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class RandomChoice : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64& random) override {
        return std::uniform_int_distribution<std::size_t>(0, alive.size() - 1)(random);
    }
};

}  // namespace

std::unique_ptr<Strategy> make_random() { return std::make_unique<RandomChoice>(); }

}  // namespace archlab::lb
