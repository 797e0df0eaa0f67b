#include "labs/replication/repl_messages.h"

namespace archlab::replication {

static_assert(std::has_unique_object_representations_v<LogEntry>, "log entries travel as raw bytes: no padding");
static_assert(std::has_unique_object_representations_v<StoreRow>, "snapshot rows travel as raw bytes: no padding");
static_assert(std::has_unique_object_representations_v<ValueRange>, "ledger ranges travel as raw bytes: no padding");
static_assert(std::has_unique_object_representations_v<SnapshotHeader>, "snapshot headers travel as raw bytes: no padding");

std::string pack_append(AppendHeader h, const LogEntry* entries, std::size_t count) {
    h.count = static_cast<std::uint32_t>(count);
    return pack(h, std::string_view(reinterpret_cast<const char*>(entries), count * sizeof(LogEntry)));
}

bool unpack_append(std::string_view body, AppendHeader& h, std::vector<LogEntry>& entries) {
    std::string_view tail;
    if (!unpack(body, h, &tail) || tail.size() != std::size_t(h.count) * sizeof(LogEntry)) return false;
    entries.resize(h.count);
    if (h.count) std::memcpy(entries.data(), tail.data(), tail.size());
    return true;
}

std::string pack_snapshot(SnapshotHeader h, const StoreSnapshot& s) {
    h.keys = static_cast<std::uint32_t>(s.keys.size());
    h.ranges = static_cast<std::uint32_t>(s.ledger.size());
    std::string rows(reinterpret_cast<const char*>(s.keys.data()), s.keys.size() * sizeof(StoreRow));
    rows.append(reinterpret_cast<const char*>(s.ledger.data()), s.ledger.size() * sizeof(ValueRange));
    return pack(h, rows);
}

bool unpack_snapshot(std::string_view body, SnapshotHeader& h, StoreSnapshot& s) {
    std::string_view tail;
    if (!unpack(body, h, &tail) || tail.size() != h.keys * sizeof(StoreRow) + h.ranges * sizeof(ValueRange)) return false;
    s.keys.resize(h.keys);
    s.ledger.resize(h.ranges);
    const std::size_t key_bytes = s.keys.size() * sizeof(StoreRow);
    if (h.keys) std::memcpy(s.keys.data(), tail.data(), key_bytes);
    if (h.ranges) std::memcpy(s.ledger.data(), tail.data() + key_bytes, s.ledger.size() * sizeof(ValueRange));
    return true;
}

}  // namespace archlab::replication
