#pragma once
// Messages between app nodes, the discovery service and the balancer. Types sit away from the
// web path's (100, 101) and from labs' own small numbers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::lb {

enum DiscoveryMsgType : std::uint16_t {
    kRegister = 110,   ///< app -> discovery: "I am up" (on start, and so again after a restart)
    kHeartbeat = 111,  ///< app -> discovery: "still up", every heartbeat_ms
    kSubscribe = 112,  ///< balancer -> discovery: send me the alive list now and on every change
    kMembers = 113,    ///< discovery -> balancer: the alive list
};

/// The alive list as discovery sends it.
struct Members {
    std::uint64_t version = 0;       ///< grows with every change (restarts from 0 with discovery)
    std::vector<std::string> nodes;  ///< alive instance ids, in registration order
};

std::string encode(const Members& members);
/// nullopt when the bytes are not a whole encoding.
std::optional<Members> decode_members(std::string_view bytes);

}  // namespace archlab::lb
