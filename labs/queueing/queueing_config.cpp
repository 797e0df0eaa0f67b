#include "labs/queueing/queueing_config.h"

#include <stdexcept>

namespace archlab::queueing {

Dispatch parse_dispatch(const std::string& s) {
    if (s == "shared-queue") return Dispatch::SharedQueue;
    if (s == "round-robin") return Dispatch::RoundRobin;
    if (s == "random") return Dispatch::Random;
    if (s == "least-connections") return Dispatch::LeastConnections;
    throw std::invalid_argument("unknown dispatch '" + s + "'");
}

const char* to_string(Dispatch d) {
    switch (d) {
        case Dispatch::SharedQueue: return "shared-queue";
        case Dispatch::RoundRobin: return "round-robin";
        case Dispatch::Random: return "random";
        case Dispatch::LeastConnections: return "least-connections";
    }
    return "?";
}

ServiceDistKind parse_service_dist(const std::string& s) {
    if (s == "exp") return ServiceDistKind::Exponential;
    if (s == "const") return ServiceDistKind::Constant;
    if (s == "lognormal") return ServiceDistKind::Lognormal;
    throw std::invalid_argument("unknown service_dist '" + s + "'");
}

Compression parse_compression(const std::string& s) {
    if (s == "none") return Compression::None;
    if (s == "zlib") return Compression::Zlib;
    if (s == "zstd") return Compression::Zstd;
    throw std::invalid_argument("unknown compression '" + s + "'");
}

}  // namespace archlab::queueing
