#include "core/broker/stream.h"

#include <algorithm>

namespace archlab::broker {

void Stream::record(JournalOp op) {
    if (!journal_) return;
    op.topic = topic_;
    journal_->record(std::move(op));
}

void Stream::record_pending(const std::string& group, StreamId id, const PendingEntry& p) {
    JournalOp op;
    op.kind = JournalOp::Kind::PutPending;
    op.group = group;
    op.id = id;
    op.consumer = p.consumer;
    op.time_ns = p.delivered_ns;
    op.count = p.deliveries;
    record(std::move(op));
}

AddError Stream::add(const AddIdSpec& spec, std::vector<std::string> fields, std::uint64_t unix_ms, StreamId& added) {
    // Redis' xaddCommand and streamAppendItem, in their order of checks.
    if (last_id_ == StreamId::max()) return AddError::Exhausted;
    StreamId id = spec.id;
    if (spec.pick_ms) {
        // streamNextID: the clock's ms, or the last id plus one when the clock is not ahead.
        if (unix_ms > last_id_.ms) {
            id = {unix_ms, 0};
        } else {
            id = last_id_;
            id.increment();
        }
    } else if (spec.pick_seq) {
        if (id.ms == last_id_.ms) {
            if (last_id_.seq == UINT64_MAX) return AddError::EqualOrSmaller;
            id.seq = last_id_.seq + 1;  // a new stream's last id is 0-0, so "0-*" gives 0-1
        }
    } else if (id == StreamId::min()) {
        return AddError::ZeroId;
    }
    if (id <= last_id_) return AddError::EqualOrSmaller;
    ++entries_added_;
    last_id_ = id;
    JournalOp put;
    put.kind = JournalOp::Kind::PutEntry;
    put.id = id;
    put.fields = fields;
    put.count = entries_added_;
    entries_[id] = StreamEntry{std::move(fields), entries_added_};
    record(std::move(put));
    JournalOp meta;
    meta.kind = JournalOp::Kind::PutStream;
    meta.id = last_id_;
    meta.count = entries_added_;
    record(std::move(meta));
    added = id;
    return AddError::None;
}

void Stream::erase_oldest() {
    JournalOp del;
    del.kind = JournalOp::Kind::DeleteEntry;
    del.id = entries_.begin()->first;
    record(std::move(del));
    entries_.erase(entries_.begin());
}

std::uint64_t Stream::trim(std::uint64_t maxlen, bool approx, std::uint64_t limit) {
    std::uint64_t removed = 0;
    while (entries_.size() > maxlen) {
        auto first = entries_.begin();
        if (approx) {
            // The oldest node: every entry whose ordinal falls in the same block of kEntriesPerNode.
            const std::uint64_t node = (first->second.ordinal - 1) / kEntriesPerNode;
            std::uint64_t in_node = 0;
            for (auto it = first; it != entries_.end() && (it->second.ordinal - 1) / kEntriesPerNode == node; ++it) ++in_node;
            if (entries_.size() - in_node < maxlen) break;
            if (limit != 0 && removed + in_node > limit) break;
            for (std::uint64_t k = 0; k < in_node; ++k) erase_oldest();
            removed += in_node;
            continue;
        }
        erase_oldest();
        ++removed;
    }
    return removed;
}

std::uint64_t Stream::trim_consumed(std::uint64_t keep) {
    if (entries_.size() <= keep) return 0;
    // The first id some group still needs: its oldest pending entry, or the one after its
    // last delivered id. Entries below the smallest of these are consumed by every group.
    StreamId needed = StreamId::max();
    for (const auto& [name, g] : groups_) {
        if (!g.pending.empty()) needed = std::min(needed, g.pending.begin()->first);
        StreamId next = g.last_delivered;
        if (next.increment()) needed = std::min(needed, next);
    }
    std::uint64_t removed = 0;
    while (entries_.size() > keep && entries_.begin()->first < needed) {
        erase_oldest();
        ++removed;
    }
    return removed;
}

std::vector<ReadItem> Stream::range(StreamId start, StreamId end, std::uint64_t count) const {
    std::vector<ReadItem> out;
    if (start > end) return out;
    for (auto it = entries_.lower_bound(start); it != entries_.end() && it->first <= end; ++it) {
        if (count != 0 && out.size() >= count) break;
        out.push_back({it->first, &it->second});
    }
    return out;
}

std::uint64_t Stream::count_after(StreamId after) const {
    std::uint64_t n = 0;
    for (auto it = entries_.upper_bound(after); it != entries_.end(); ++it) ++n;
    return n;
}

std::optional<StreamId> Stream::newest() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.rbegin()->first;
}

const StreamEntry* Stream::find(StreamId id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}

bool Stream::create_group(const std::string& group, StreamId last_delivered) {
    if (groups_.count(group) != 0) return false;
    groups_[group].last_delivered = last_delivered;
    JournalOp op;
    op.kind = JournalOp::Kind::PutGroup;
    op.group = group;
    op.id = last_delivered;
    record(std::move(op));
    return true;
}

ConsumerGroup* Stream::group(const std::string& name) {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : &it->second;
}

const ConsumerGroup* Stream::group(const std::string& name) const {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : &it->second;
}

std::vector<ReadItem> Stream::read_new(const std::string& group, const std::string& consumer, std::uint64_t count,
                                       bool noack, std::int64_t now_ns) {
    std::vector<ReadItem> out;
    ConsumerGroup* g = this->group(group);
    if (!g) return out;
    StreamId after = g->last_delivered;
    if (!after.increment()) return out;
    for (auto it = entries_.lower_bound(after); it != entries_.end(); ++it) {
        if (count != 0 && out.size() >= count) break;
        out.push_back({it->first, &it->second});
        g->last_delivered = it->first;
        if (noack) continue;
        PendingEntry& p = g->pending[it->first];
        p = PendingEntry{consumer, now_ns, 1};
        record_pending(group, it->first, p);
    }
    if (!out.empty()) {
        JournalOp op;
        op.kind = JournalOp::Kind::PutGroup;
        op.group = group;
        op.id = g->last_delivered;
        record(std::move(op));
    }
    return out;
}

std::vector<ReadItem> Stream::read_history(const std::string& group, const std::string& consumer, StreamId after,
                                           std::uint64_t count, std::int64_t now_ns) {
    std::vector<ReadItem> out;
    ConsumerGroup* g = this->group(group);
    if (!g || !after.increment()) return out;
    for (auto it = g->pending.lower_bound(after); it != g->pending.end(); ++it) {
        if (count != 0 && out.size() >= count) break;
        if (it->second.consumer != consumer) continue;
        const StreamEntry* e = find(it->first);
        out.push_back({it->first, e});
        if (!e) continue;  // trimmed: reported as nil, not delivered again
        it->second.delivered_ns = now_ns;
        ++it->second.deliveries;
        record_pending(group, it->first, it->second);
    }
    return out;
}

bool Stream::redeliver(const std::string& group, StreamId id, const std::string& consumer, std::int64_t now_ns) {
    ConsumerGroup* g = this->group(group);
    if (!g) return false;
    auto it = g->pending.find(id);
    if (it == g->pending.end()) return false;
    it->second.consumer = consumer;
    it->second.delivered_ns = now_ns;
    ++it->second.deliveries;
    record_pending(group, id, it->second);
    return true;
}

std::uint64_t Stream::ack(const std::string& group, const std::vector<StreamId>& ids) {
    ConsumerGroup* g = this->group(group);
    if (!g) return 0;
    std::uint64_t acked = 0;
    for (StreamId id : ids) {
        if (g->pending.erase(id) == 0) continue;
        ++acked;
        JournalOp op;
        op.kind = JournalOp::Kind::DeletePending;
        op.group = group;
        op.id = id;
        record(std::move(op));
    }
    return acked;
}

void Stream::restore_meta(StreamId last_id, std::uint64_t entries_added) {
    last_id_ = last_id;
    entries_added_ = entries_added;
}

void Stream::restore_entry(StreamId id, std::vector<std::string> fields, std::uint64_t ordinal) {
    entries_[id] = StreamEntry{std::move(fields), ordinal};
}

void Stream::restore_group(const std::string& group, StreamId last_delivered) { groups_[group].last_delivered = last_delivered; }

void Stream::restore_pending(const std::string& group, StreamId id, PendingEntry pending) {
    groups_[group].pending[id] = std::move(pending);
}

}  // namespace archlab::broker
