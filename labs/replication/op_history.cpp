#include "labs/replication/op_history.h"

#include <algorithm>

namespace archlab::replication {

std::size_t OpRecorder::invoke(const OpRecord& op) {
    std::lock_guard lock(mu_);
    ops_.push_back(op);
    ops_.back().invoke_seq = next_seq_++;
    return ops_.size() - 1;
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
    OpRecord& op = ops_.at(index);
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
    auto& acks = acked_[op.key];
    const std::uint64_t prev_max = acks.empty() ? 0 : acks.back().second;
    acks.emplace_back(now_ns, std::max(prev_max, version));
    ++totals_.writes_ok;
    write_latency_.record(latency);
}

std::vector<OpRecord> OpRecorder::snapshot() const {
    std::lock_guard lock(mu_);
    return {ops_.begin(), ops_.end()};
}

std::vector<OpRecord> OpRecorder::since(std::size_t from) const {
    std::lock_guard lock(mu_);
    if (from >= ops_.size()) return {};
    return {ops_.begin() + static_cast<std::ptrdiff_t>(from), ops_.end()};
}

std::size_t OpRecorder::size() const {
    std::lock_guard lock(mu_);
    return ops_.size();
}

std::size_t OpRecorder::pending() const {
    std::lock_guard lock(mu_);
    return ops_.size() - completed_;
}

OpRecorder::Totals OpRecorder::totals() const {
    std::lock_guard lock(mu_);
    return totals_;
}

std::vector<const OpRecord*> lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values) {
    std::vector<const OpRecord*> lost;
    for (const OpRecord& op : ops) {
        if (op.f != OpF::Read && op.status == OpStatus::Ok && !final_values.count(op.value)) lost.push_back(&op);
    }
    return lost;
}

std::uint64_t count_lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values) {
    return lost_writes(ops, final_values).size();
}

std::uint64_t count_lost_writes(const std::deque<OpRecord>& ops, const std::vector<std::int64_t>& sorted_values) {
    return static_cast<std::uint64_t>(std::count_if(ops.begin(), ops.end(), [&](const OpRecord& op) {
        return op.f != OpF::Read && op.status == OpStatus::Ok &&
               !std::binary_search(sorted_values.begin(), sorted_values.end(), op.value);
    }));
}

std::uint64_t count_unreplicated_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& primary_values,
                                        const std::set<std::int64_t>& replica_values) {
    std::uint64_t only_on_primary = 0;
    for (const OpRecord& op : ops) {
        if (op.f == OpF::Read || op.status != OpStatus::Ok) continue;
        if (primary_values.count(op.value) && !replica_values.count(op.value)) ++only_on_primary;
    }
    return only_on_primary;
}

}  // namespace archlab::replication
