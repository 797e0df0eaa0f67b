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
        if (!same_ids(alive)) {  // rebuilt only when the alive set changes
            std::vector<std::string> ids;
            ids.reserve(alive.size());
            for (const Candidate& c : alive) ids.push_back(c.id);
            ring_.assign(ids);
        }
        // The ring holds exactly the alive ids, in their order: its index is theirs.
        const std::size_t i = ring_.owner_index(key);
        return i < alive.size() ? i : 0;
    }

private:
    /// True when the ring was built for exactly these ids, in this order (no copy per request).
    bool same_ids(const std::vector<Candidate>& alive) const {
        const std::vector<std::string>& ring = ring_.nodes();
        if (ring.size() != alive.size()) return false;
        for (std::size_t i = 0; i < alive.size(); ++i) {
            if (ring[i] != alive[i].id) return false;
        }
        return true;
    }

    HashRing ring_;
};

}  // namespace

std::unique_ptr<Strategy> make_consistent_hash() { return std::make_unique<ConsistentHash>(); }

}  // namespace archlab::lb
