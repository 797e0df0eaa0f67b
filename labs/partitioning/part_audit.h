#pragma once
// The end-of-run audit: every shard's database against the client's record of acknowledged
// writes. A key is lost when no shard holds its last acknowledged version (or a newer one),
// duplicated when two shards hold it, misplaced when a shard holds it that the final map does
// not name. A run that ends in the middle of a migration (the drain gives one 2 s to finish)
// may hold a key on its old owner and its new one, as a copy not yet erased from the old: such
// keys are counted as in transit, not as duplicated, and the new owner counts as named.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

struct AuditResult {
    std::uint64_t lost = 0;
    std::uint64_t duplicate = 0;
    std::uint64_t misplaced = 0;
    std::uint64_t in_transit = 0;            ///< on exactly its old and its new owner, mid-migration
    std::uint64_t keys = 0;                  ///< distinct keys stored on any shard
    std::vector<std::uint64_t> per_shard;    ///< rows per shard database, as `dumps`
    std::vector<std::string> lost_examples;  ///< the first few lost keys
};

/// dumps: each shard's key -> version, with its id; acked: key -> last acknowledged version.
AuditResult audit_shards(const std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>>& dumps,
                         const std::map<std::string, std::uint64_t>& acked, const MapVersion& committed,
                         const MapVersion* target);

}  // namespace archlab::partlab
