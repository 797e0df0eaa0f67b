// Round robin: each alive node in turn.
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class RoundRobin : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey&, std::mt19937_64&) override {
        return next_++ % alive.size();
    }

private:
    std::size_t next_ = 0;  ///< turn counter; taken modulo the alive count, so a removal shifts it
};

}  // namespace

std::unique_ptr<Strategy> make_round_robin() { return std::make_unique<RoundRobin>(); }

}  // namespace archlab::lb
