#include "labs/partitioning/part_messages.h"

#include <cstring>

namespace archlab::partlab {

namespace {
template <class T>
void put(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
bool take(std::string_view& in, T& v) {
    if (in.size() < sizeof v) return false;
    std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(sizeof v);
    return true;
}

void put_key(std::string& out, const std::string& key) {
    put(out, static_cast<std::uint16_t>(key.size()));
    out += key;
}

bool take_key(std::string_view& in, std::string& key) {
    std::uint16_t n = 0;
    if (!take(in, n) || in.size() < n) return false;
    key.assign(in.data(), n);
    in.remove_prefix(n);
    return true;
}
}  // namespace

std::string encode_rows(const std::vector<Row>& rows) {
    std::string out;
    for (const Row& r : rows) {
        put_key(out, r.key);
        put(out, r.value);
        put(out, r.version);
    }
    return out;
}

bool decode_rows(std::string_view in, std::vector<Row>& rows) {
    while (!in.empty()) {
        Row r;
        if (!take_key(in, r.key) || !take(in, r.value) || !take(in, r.version)) return false;
        rows.push_back(std::move(r));
    }
    return true;
}

std::string encode_keys(const std::vector<std::string>& keys) {
    std::string out;
    for (const std::string& k : keys) put_key(out, k);
    return out;
}

bool decode_keys(std::string_view in, std::vector<std::string>& keys) {
    while (!in.empty()) {
        std::string k;
        if (!take_key(in, k)) return false;
        keys.push_back(std::move(k));
    }
    return true;
}

}  // namespace archlab::partlab
