#include "labs/replication/lost_write_count.h"

#include "labs/replication/kv_store.h"

namespace archlab::replication {

std::vector<std::int64_t> LostWriteCount::missing_from(const std::vector<Source>& sources, std::vector<std::int64_t> values) {
    for (const Source& s : sources) {
        if (values.empty()) break;
        values = kv_missing_values(*s.db, std::move(values));
    }
    return values;
}

}  // namespace archlab::replication
