#include "labs/replication/repl_messages.h"

namespace archlab::replication {

static_assert(std::has_unique_object_representations_v<LogEntry>, "log entries travel as raw bytes: no padding");

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

}  // namespace archlab::replication
