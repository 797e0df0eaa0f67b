#include "labs/partitioning/vertical_messages.h"

#include <cstring>

namespace archlab::partlab {

std::string encode_ids(const std::vector<std::uint64_t>& ids) {
    std::string out(ids.size() * sizeof(std::uint64_t), '\0');
    if (!ids.empty()) std::memcpy(out.data(), ids.data(), out.size());
    return out;
}

bool decode_ids(std::string_view bytes, std::vector<std::uint64_t>& ids) {
    if (bytes.size() % sizeof(std::uint64_t) != 0) return false;
    ids.resize(bytes.size() / sizeof(std::uint64_t));
    if (!ids.empty()) std::memcpy(ids.data(), bytes.data(), bytes.size());
    return true;
}

}  // namespace archlab::partlab
