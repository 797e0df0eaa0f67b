#pragma once
// A message between two nodes: what crosses the transport, framed on the wire.
#include <cstdint>
#include <string>

namespace archlab {

/// Index of a node in its cluster (stable for the run; names map to indexes).
using NodeIndex = std::uint16_t;
inline constexpr NodeIndex kNoNode = 0xffff;

struct Message {
    NodeIndex from = kNoNode;  ///< sender
    NodeIndex to = kNoNode;    ///< receiver
    std::uint16_t type = 0;    ///< meaning is the lab's: request, reply, query, ...
    std::uint64_t id = 0;      ///< correlation id chosen by the sender
    std::string body;          ///< opaque payload bytes
};

}  // namespace archlab
