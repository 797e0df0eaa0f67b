// Consistent hash: the request key (or, without one, the cookie) picks a point on a ring with
// virtual nodes, so the same key keeps landing on the same node and a node joining or leaving
// moves only its share of keys. A request with neither goes to a random node.
#include "core/lb/hash_ring.h"
#include "core/lb/strategies.h"

namespace archlab::lb {
namespace {

class ConsistentHash : public Strategy {
public:
    std::size_t choose(const std::vector<Candidate>& alive, const RouteKey& request, std::mt19937_64& random) override {
        const std::string_view key = !request.key.empty() ? request.key : request.cookie;
        if (key.empty()) return std::uniform_int_distribution<std::size_t>(0, alive.size() - 1)(random);
        std::vector<std::string> ids;
        ids.reserve(alive.size());
        for (const Candidate& c : alive) ids.push_back(c.id);
        if (ids != ring_.nodes()) ring_.assign(ids);  // rebuilt only when the alive set changes
        const std::string& owner = ring_.owner(key);
        for (std::size_t i = 0; i < alive.size(); ++i) {
            if (alive[i].id == owner) return i;
        }
        return 0;  // unreachable: the ring holds exactly the alive ids
    }

private:
    HashRing ring_;
};

}  // namespace

std::unique_ptr<Strategy> make_consistent_hash() { return std::make_unique<ConsistentHash>(); }

}  // namespace archlab::lb
