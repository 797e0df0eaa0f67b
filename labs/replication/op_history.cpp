#include "labs/replication/op_history.h"

#include <algorithm>
#include <limits>

namespace archlab::replication {

std::size_t OpRecorder::invoke(const OpRecord& op) {
    std::lock_guard lock(mu_);
    const std::size_t index = next_index_++;
    OpRecord& r = live_[index] = op;
    r.invoke_seq = next_seq_++;
    last_invoke_ns_ = std::max(last_invoke_ns_, op.invoke_ns);
    return index;
}

std::uint64_t OpRecorder::newest_acked_before(std::uint32_t key, std::int64_t t) const {
    auto it = acked_.find(key);
    if (it == acked_.end()) return 0;
    const auto& v = it->second;
    // Acknowledgements are appended in time order; find the last one strictly before t.
    auto pos = std::lower_bound(v.begin(), v.end(), t, [](const auto& e, std::int64_t x) { return e.first < x; });
    return pos == v.begin() ? 0 : std::prev(pos)->second;
}

void OpRecorder::complete(std::size_t index, OpStatus status, std::int64_t now_ns, bool found, std::int64_t value,
                          std::uint64_t version, int node) {
    std::lock_guard lock(mu_);
    auto it = live_.find(index);
    if (it == live_.end()) return;  // retired: completed long ago, this is a late reply
    OpRecord& op = it->second;
    if (op.status != OpStatus::Pending) return;  // a late reply after a timeout
    op.status = status;
    op.complete_ns = now_ns;
    op.node = node;
    op.complete_seq = next_seq_++;
    ++completed_;
    const auto latency = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ns - op.invoke_ns));
    if (status == OpStatus::Info) {
        ++totals_.info;
        unknown_.add();
        return;
    }
    answered_.add();
    answered_latency_.record(latency);
    if (op.f == OpF::Read) {
        if (status != OpStatus::Ok) return;
        op.found = found;
        op.value = found ? value : 0;
        op.version = found ? version : 0;
        op.stale = op.version < newest_acked_before(op.key, op.invoke_ns);
        ++totals_.reads_ok;
        reads_ok_.add();
        if (op.stale) {
            ++totals_.stale_reads;
            stale_reads_.add();
        }
        read_latency_.record(latency);
        return;
    }
    if (status != OpStatus::Ok) {
        ++totals_.writes_fail;
        return;
    }
    op.version = version;
    spill_.add_acked_value(op.value);
    auto& acks = acked_[op.key];
    const std::uint64_t prev_max = acks.empty() ? 0 : acks.back().second;
    acks.emplace_back(now_ns, std::max(prev_max, version));
    ++totals_.writes_ok;
    write_latency_.record(latency);
}

void OpRecorder::retire() {
    // Completed before the next window can open (its first invocation comes after every event
    // so far): what window_history needs of them is fixed now.
    std::set<std::uint32_t> touched;
    for (auto it = live_.begin(); it != live_.end() && it->first < window_from_;) {
        const OpRecord& op = it->second;
        if (op.status == OpStatus::Pending) {
            ++it;
            continue;
        }
        spill_.add(it->first, op);
        if (is_acked_write(op)) {
            retired_[op.key].acked.emplace_back(it->first, op);
            touched.insert(op.key);
        } else if (is_write(op) && op.status == OpStatus::Info) {
            retired_[op.key].unknown.emplace_back(it->first, op);
        }
        it = live_.erase(it);
    }
    // A window's initial values are the last write acknowledged before it (L, the latest to
    // complete) and the writes overlapping L (completed after L began). A later L begins no
    // earlier than the last one does, or than a write still open, or than now: writes completed
    // before the earliest of those can never be picked again.
    std::uint64_t open_write_seq = std::numeric_limits<std::uint64_t>::max();
    std::int64_t open_read_ns = last_invoke_ns_;
    for (const auto& [index, op] : live_) {
        if (is_write(op)) open_write_seq = std::min(open_write_seq, op.invoke_seq);
        else open_read_ns = std::min(open_read_ns, op.invoke_ns);
    }
    for (std::uint32_t key : touched) {
        auto& acked = retired_[key].acked;
        const auto last = std::max_element(acked.begin(), acked.end(), [](const auto& a, const auto& b) {
            return a.second.complete_seq < b.second.complete_seq;
        });
        const std::uint64_t keep_from = std::min(last->second.invoke_seq, open_write_seq);
        const std::uint64_t last_seq = last->second.complete_seq;
        std::erase_if(acked, [&](const auto& w) { return w.second.complete_seq != last_seq && w.second.complete_seq < keep_from; });
    }
    // Stale-read checks ask for acknowledgements before a read's invocation: reads still open, or
    // any read yet to begin. Of the acknowledgements before the earliest such time, the last one
    // (it carries the running maximum) answers for all.
    for (auto& [key, acks] : acked_) {
        while (acks.size() >= 2 && acks[1].first < open_read_ns) acks.pop_front();
    }
}

std::vector<OpRecord> OpRecorder::snapshot() const {
    std::lock_guard lock(mu_);
    std::vector<OpRecord> out(next_index_);
    for (const auto& [index, op] : spill_.read_all()) out[index] = op;
    for (const auto& [index, op] : live_) out[index] = op;
    return out;
}

std::size_t OpRecorder::acked_writes() const {
    std::lock_guard lock(mu_);
    return spill_.acked_values();
}

std::size_t OpRecorder::size() const {
    std::lock_guard lock(mu_);
    return next_index_;
}

std::size_t OpRecorder::pending() const {
    std::lock_guard lock(mu_);
    return next_index_ - completed_;
}

std::size_t OpRecorder::in_memory() const {
    std::lock_guard lock(mu_);
    std::size_t n = live_.size();
    for (const auto& [key, r] : retired_) n += r.acked.size() + r.unknown.size();
    for (const auto& [key, acks] : acked_) n += acks.size();
    return n;
}

OpRecorder::Totals OpRecorder::totals() const {
    std::lock_guard lock(mu_);
    return totals_;
}

std::vector<const OpRecord*> lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values) {
    std::vector<const OpRecord*> lost;
    for (const OpRecord& op : ops) {
        if (is_acked_write(op) && !final_values.count(op.value)) lost.push_back(&op);
    }
    return lost;
}

std::uint64_t count_lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values) {
    return lost_writes(ops, final_values).size();
}

std::uint64_t count_unreplicated_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& primary_values,
                                        const std::set<std::int64_t>& replica_values) {
    std::uint64_t only_on_primary = 0;
    for (const OpRecord& op : ops) {
        if (!is_acked_write(op)) continue;
        if (primary_values.count(op.value) && !replica_values.count(op.value)) ++only_on_primary;
    }
    return only_on_primary;
}

}  // namespace archlab::replication
