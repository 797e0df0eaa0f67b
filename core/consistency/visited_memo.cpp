#include "core/consistency/visited_memo.h"

#include <algorithm>
#include <cstring>

namespace archlab::consistency {

std::uint32_t ValueTable::intern(const Value& value) {
    const auto [it, added] = ids_.emplace(value, static_cast<std::uint32_t>(values_.size()));
    if (added) {
        values_.push_back(value);
        const auto* s = std::get_if<std::string>(&value);
        bytes_ += 2 * (sizeof(Value) + 32 + (s != nullptr ? s->capacity() : 0));  // stored twice: map and vector
    }
    return it->second;
}

bool VisitedMemo::same(const Entry& e, std::uint64_t hash, std::uint32_t state) const {
    return e.hash == hash && e.state == state && e.length == scratch_.size() &&
           std::equal(scratch_.begin(), scratch_.end(), chunks_[e.chunk].get() + e.offset);
}

bool VisitedMemo::insert(const LinearizedSet& set, std::uint32_t state) {
    set.encode(scratch_);
    const std::uint64_t hash = set.hash() ^ ((std::uint64_t(state) + 1) * 0x9E3779B97F4A7C15ULL);
    if (table_.empty()) table_.assign(64, 0);
    const std::size_t mask = table_.size() - 1;
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    while (table_[slot] != 0) {
        if (same(entries_[table_[slot] - 1], hash, state)) return false;
        slot = (slot + 1) & mask;
    }
    // Store the words: in the last chunk if they fit, else in a new one.
    const std::size_t need = scratch_.size();
    if (chunks_.empty() || chunk_used_ + need > chunk_size_.back()) {
        // Chunks grow from small (most searches are tiny) to kChunkWords; left uninitialised.
        const std::size_t grown = chunk_size_.empty() ? kFirstChunkWords : std::min(kChunkWords, chunk_size_.back() * 2);
        const std::size_t size = std::max(grown, need);
        chunks_.push_back(std::unique_ptr<std::uint64_t[]>(new std::uint64_t[size]));
        chunk_size_.push_back(size);
        chunk_used_ = 0;
    }
    if (need > 0) std::memcpy(chunks_.back().get() + chunk_used_, scratch_.data(), need * sizeof(std::uint64_t));
    entries_.push_back(Entry{hash, static_cast<std::uint32_t>(chunks_.size() - 1), static_cast<std::uint32_t>(chunk_used_),
                             static_cast<std::uint32_t>(need), state});
    chunk_used_ += need;
    words_total_ += need;
    table_[slot] = static_cast<std::uint32_t>(entries_.size());
    if (entries_.size() * 2 > table_.size()) grow();
    return true;
}

void VisitedMemo::grow() {
    std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        std::size_t slot = static_cast<std::size_t>(entries_[i].hash) & mask;
        while (bigger[slot] != 0) slot = (slot + 1) & mask;
        bigger[slot] = static_cast<std::uint32_t>(i + 1);
    }
    table_ = std::move(bigger);
}

std::size_t VisitedMemo::bytes() const {
    std::size_t chunk_words = 0;
    for (const std::size_t s : chunk_size_) chunk_words += s;
    return chunk_words * sizeof(std::uint64_t) + entries_.capacity() * sizeof(Entry) +
           table_.capacity() * sizeof(std::uint32_t);
}

}  // namespace archlab::consistency
