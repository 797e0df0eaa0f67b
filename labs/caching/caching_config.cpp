#include "labs/caching/caching_config.h"

#include <stdexcept>

namespace archlab::caching {

Placement parse_placement(const std::string& s) {
    if (s == "exclusive") return Placement::Exclusive;
    if (s == "shared") return Placement::Shared;
    throw std::invalid_argument("unknown placement '" + s + "'");
}

WritePolicy parse_write_policy(const std::string& s) {
    if (s == "invalidate") return WritePolicy::Invalidate;
    if (s == "write-through") return WritePolicy::WriteThrough;
    if (s == "ttl-only") return WritePolicy::TtlOnly;
    throw std::invalid_argument("unknown write_policy '" + s + "'");
}

Routing parse_routing(const std::string& s) {
    const auto& names = routing_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == s) return static_cast<Routing>(i);
    }
    throw std::invalid_argument("unknown routing '" + s + "'");
}

const std::vector<std::string>& routing_names() {
    static const std::vector<std::string> names = {"round-robin", "random", "key-affinity"};
    return names;
}

const char* routing_strategy(Routing r) {
    switch (r) {
        case Routing::RoundRobin: return "round-robin";
        case Routing::Random: return "random";
        case Routing::KeyAffinity: return "consistent-hash";
    }
    return "round-robin";
}

KeyDist parse_key_dist(const std::string& s) {
    if (s == "uniform") return KeyDist::Uniform;
    if (s == "zipf") return KeyDist::Zipf;
    throw std::invalid_argument("unknown key_dist '" + s + "'");
}

const char* to_string(WritePolicy w) {
    switch (w) {
        case WritePolicy::Invalidate: return "invalidate";
        case WritePolicy::WriteThrough: return "write-through";
        case WritePolicy::TtlOnly: return "ttl-only";
    }
    return "?";
}

std::string key_name(std::uint32_t key) { return "k:" + std::to_string(key); }

}  // namespace archlab::caching
