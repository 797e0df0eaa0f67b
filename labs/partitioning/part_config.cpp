#include "labs/partitioning/part_config.h"

#include <cstdio>
#include <stdexcept>

namespace archlab::partlab {

KeyDist parse_key_dist(const std::string& s) {
    if (s == "uniform") return KeyDist::Uniform;
    if (s == "zipf") return KeyDist::Zipf;
    if (s == "sequential") return KeyDist::Sequential;
    throw std::invalid_argument("unknown key_dist '" + s + "'");
}

Routing parse_routing(const std::string& s) {
    if (s == "router") return Routing::Router;
    if (s == "client") return Routing::Client;
    throw std::invalid_argument("unknown routing '" + s + "'");
}

std::string shard_name(int ordinal) { return "shard-" + std::to_string(ordinal); }

int shard_ordinal(const std::string& shard) { return std::stoi(shard.substr(shard.rfind('-') + 1)); }

std::string key_name(std::uint64_t n) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "k%010llu", static_cast<unsigned long long>(n));
    return buf;
}

}  // namespace archlab::partlab
