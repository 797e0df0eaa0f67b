#pragma once
// A consistent-hash ring: each node owns `virtual_nodes` points on a 64-bit circle and a key
// belongs to the first point at or after its hash. Adding one node to N moves about 1/(N+1)
// of the keys, all of them to the new node.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archlab::lb {

/// Stable 64-bit hash of bytes (FNV-1a, then a mixing finaliser so near keys spread apart).
std::uint64_t stable_hash(std::string_view bytes);

class HashRing {
public:
    /// virtual_nodes: points per node on the ring (more points, more even shares).
    explicit HashRing(int virtual_nodes = 160) : virtual_nodes_(virtual_nodes) {}

    /// Rebuilds the ring for these node ids.
    void assign(const std::vector<std::string>& nodes);
    /// Id of the node owning the key; empty when the ring has no nodes.
    const std::string& owner(std::string_view key) const;
    /// Index into nodes() of the node owning the key; nodes().size() when the ring has none.
    std::size_t owner_index(std::string_view key) const;
    const std::vector<std::string>& nodes() const { return nodes_; }

private:
    int virtual_nodes_;
    std::vector<std::string> nodes_;                            ///< ids on the ring
    std::vector<std::pair<std::uint64_t, std::size_t>> points_; ///< (hash, index into nodes_), sorted
};

}  // namespace archlab::lb
