#include "labs/partitioning/part_audit.h"

namespace archlab::partlab {

namespace {
constexpr std::size_t kExamples = 5;
}

AuditResult audit_shards(const std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>>& dumps,
                         const std::map<std::string, std::uint64_t>& acked, const MapVersion& committed,
                         const MapVersion* target) {
    AuditResult out;
    struct Seen {
        int copies = 0;
        std::uint64_t newest = 0;
        int on_owners = 0;       ///< copies on its committed owner or its target owner
    };
    std::map<std::string, Seen> seen;
    for (const auto& [shard, rows] : dumps) {
        out.per_shard.push_back(rows.size());
        for (const auto& [key, version] : rows) {
            Seen& s = seen[key];
            if (s.copies == 0 || version > s.newest) s.newest = version;
            ++s.copies;
            const bool named = committed.owner(key) == shard || (target && target->owner(key) == shard);
            if (!named) ++out.misplaced;
            s.on_owners += named;
        }
    }
    out.keys = seen.size();
    for (const auto& [key, s] : seen) {
        if (s.copies < 2) continue;
        const bool moving = target && s.copies == 2 && s.on_owners == 2 && committed.owner(key) != target->owner(key);
        ++(moving ? out.in_transit : out.duplicate);
    }
    for (const auto& [key, version] : acked) {
        auto it = seen.find(key);
        if (it != seen.end() && it->second.newest >= version) continue;
        ++out.lost;
        if (out.lost_examples.size() < kExamples) out.lost_examples.push_back(key);
    }
    return out;
}

}  // namespace archlab::partlab
