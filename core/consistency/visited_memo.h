#pragma once
// The memo of Lowe's search: every (linearized set, model value) configuration visited, so no
// configuration is explored twice. Values are interned to small ids; set encodings live in
// large chunks and an open-addressing table indexes them, so millions of entries cost a few
// tens of bytes each and free at once.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/consistency/history.h"
#include "core/consistency/linearized_set.h"

namespace archlab::consistency {

/// Distinct model values, each with a small id.
class ValueTable {
public:
    std::uint32_t intern(const Value& value);
    const Value& at(std::uint32_t id) const { return values_[id]; }
    std::size_t bytes() const { return bytes_; }

private:
    std::unordered_map<Value, std::uint32_t> ids_;
    std::vector<Value> values_;
    std::size_t bytes_ = 0;
};

class VisitedMemo {
public:
    /// Adds the configuration; false when it was visited already.
    bool insert(const LinearizedSet& set, std::uint32_t state);
    /// Memory held, bytes (approximate).
    std::size_t bytes() const;

private:
    struct Entry {
        std::uint64_t hash;
        std::uint32_t chunk;   ///< which chunk of words_
        std::uint32_t offset;  ///< first word in the chunk
        std::uint32_t length;  ///< words
        std::uint32_t state;   ///< value id
    };
    static constexpr std::size_t kFirstChunkWords = 4096;
    static constexpr std::size_t kChunkWords = std::size_t(1) << 20;

    std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
    std::vector<std::size_t> chunk_size_;  ///< capacity of each chunk, words
    std::size_t chunk_used_ = 0;           ///< words used in the last chunk
    std::size_t words_total_ = 0;
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> table_;     ///< entry index + 1; 0 = empty slot
    std::vector<std::uint64_t> scratch_;   ///< the encoding being looked up

    bool same(const Entry& e, std::uint64_t hash, std::uint32_t state) const;
    void grow();
};

}  // namespace archlab::consistency
