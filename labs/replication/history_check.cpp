#include "labs/replication/history_check.h"

#include <algorithm>
#include <exception>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include <fmt/format.h>

namespace archlab::replication {

namespace {
using consistency::History;
using consistency::OpFunction;
using consistency::Operation;
using consistency::OpType;
using consistency::Value;

/// Synthetic processes (initial-state writes of a window) get ids far above the clients'.
constexpr std::int64_t kSyntheticProcess = 1'000'000'000;

Value int_or_nil(bool present, std::int64_t v) { return present ? Value(v) : Value(std::monostate{}); }

Operation event(const OpRecord& op, bool completion) {
    Operation o;
    o.process = op.process;
    o.key = std::to_string(op.key);
    o.time_ns = completion ? op.complete_ns : op.invoke_ns;
    o.f = op.f == OpF::Read ? OpFunction::read : op.f == OpF::Write ? OpFunction::write : OpFunction::cas;
    if (!completion) o.type = OpType::invoke;
    else if (op.status == OpStatus::Ok) o.type = OpType::ok;
    else if (op.status == OpStatus::Fail) o.type = OpType::fail;
    else o.type = OpType::info;
    switch (op.f) {
        case OpF::Read: o.value = completion && op.status == OpStatus::Ok ? int_or_nil(op.found, op.value) : Value{}; break;
        case OpF::Write: o.value = op.value; break;
        case OpF::Cas:
            o.value = int_or_nil(op.expected != 0, op.expected);
            o.cas_to = op.value;
            break;
    }
    return o;
}

/// Appends op's events to `events` as (sequence, completion?, operation).
void add_events(std::vector<std::tuple<std::uint64_t, int, Operation>>& events, const OpRecord& op) {
    events.emplace_back(op.invoke_seq, 0, event(op, false));
    if (op.status != OpStatus::Pending) events.emplace_back(op.complete_seq, 1, event(op, true));
}

History sorted(std::vector<std::tuple<std::uint64_t, int, Operation>>& events, const char* source) {
    // Stable: the synthetic events share their sequence number and keep the order they were made in.
    std::stable_sort(events.begin(), events.end(),
              [](const auto& a, const auto& b) { return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b)); });
    History h;
    h.source = source;
    for (auto& e : events) h.ops.push_back(std::move(std::get<2>(e)));
    return h;
}

}  // namespace

History to_history(const std::vector<OpRecord>& ops) {
    std::vector<std::tuple<std::uint64_t, int, Operation>> events;
    events.reserve(ops.size() * 2);
    for (const OpRecord& op : ops) add_events(events, op);
    return sorted(events, "replication history");
}

namespace {
/// The window [from, to) of the records `window(i)` gives, with what came before it:
/// for_each_earlier(f) calls f(index, record) for every earlier record that may matter (the
/// records of a key the window does not touch may be skipped).
template <class Window, class Earlier>
History window_history_of(std::size_t from, std::size_t to, Window&& window, Earlier&& for_each_earlier) {
    std::vector<std::tuple<std::uint64_t, int, Operation>> events;
    if (from >= to) return sorted(events, "replication window");
    const std::int64_t t0 = window(from).invoke_ns;
    const std::uint64_t seq0 = window(from).invoke_seq;
    // Keys the window touches -> acknowledged writes on them completed before the window opened,
    // (index, record). (Ordered: synthetic writes get their process numbers in key order, then
    // index order, the same in every run.)
    std::map<std::uint32_t, std::vector<std::pair<std::size_t, const OpRecord*>>> done_writes;
    // (key, value) pairs the window observes: values its reads returned, values its successful
    // compare-and-sets found.
    std::set<std::pair<std::uint32_t, std::int64_t>> observed;
    for (std::size_t i = from; i < to; ++i) {
        const OpRecord& op = window(i);
        done_writes[op.key];
        add_events(events, op);
        if (op.status != OpStatus::Ok) continue;
        if (op.f == OpF::Read && op.found) observed.emplace(op.key, op.value);
        if (op.f == OpF::Cas && op.expected != 0) observed.emplace(op.key, op.expected);
    }
    // Earlier ops on those keys: those still open at t0 join as they were, and so do writes of
    // unknown outcome whose value the window observes; acknowledged writes completed before t0
    // decide the possible initial values. An unknown write nothing in the window observes is
    // left out: the checker may always take it as never done, and when it did take effect no
    // operation of the window saw the register hold its value (a read would have returned it,
    // a successful compare-and-set found it; a failed one did not happen), so dropping it changes
    // no verdict. Kept, every such write of the run would join every later window on its key, and
    // the search grew with the run until the windows ran out of budget.
    for_each_earlier([&](std::size_t index, const OpRecord& op) {
        auto it = done_writes.find(op.key);
        if (it == done_writes.end()) return;
        const bool open_at_t0 = op.status == OpStatus::Pending || op.complete_seq > seq0;
        const bool unknown_write = op.status == OpStatus::Info && is_write(op);
        if (open_at_t0 || (unknown_write && observed.count({op.key, op.value}))) add_events(events, op);
        else if (is_acked_write(op)) it->second.emplace_back(index, &op);
    });
    std::int64_t synthetic = kSyntheticProcess;
    for (auto& [key, writes] : done_writes) {
        if (writes.empty()) continue;  // nothing acknowledged yet: the key starts nil
        std::sort(writes.begin(), writes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        const OpRecord* last = std::max_element(writes.begin(), writes.end(), [](const auto& a, const auto& b) {
                                   return a.second->complete_seq < b.second->complete_seq;
                               })->second;
        for (const auto& [index, w] : writes) {
            if (w != last && w->complete_seq < last->invoke_seq) continue;  // certainly before `last`
            Operation o;
            o.process = synthetic++;
            o.key = std::to_string(key);
            o.f = OpFunction::write;
            o.value = w->value;
            o.time_ns = t0;
            o.type = OpType::invoke;
            events.emplace_back(0, 0, o);  // every synthetic write opens before anything else ...
            o.type = OpType::ok;
            events.emplace_back(0, 1, o);  // ... and all of them close together, before the window
        }
    }
    return sorted(events, "replication window");
}
}  // namespace

History window_history(const std::vector<OpRecord>& ops, std::size_t from, std::size_t to) {
    to = std::min(to, ops.size());
    return window_history_of(
        from, to, [&](std::size_t i) -> const OpRecord& { return ops[i]; },
        [&](auto&& f) {
            for (std::size_t i = 0; i < from && i < to; ++i) f(i, ops[i]);
        });
}

History window_history(const RecorderView& view, std::size_t from, std::size_t to) {
    return window_history_of(
        from, to, [&](std::size_t i) -> const OpRecord& { return view.live.at(i); },
        [&](auto&& f) {
            for (auto it = view.live.begin(); it != view.live.end() && it->first < from; ++it) f(it->first, it->second);
            for (const auto& [key, r] : view.retired) {
                for (const auto& [index, op] : r.acked) f(index, op);
                for (const auto& [index, op] : r.unknown) f(index, op);
            }
        });
}

std::optional<bool> verdict_of(const consistency::CheckResult& r) {
    if (r.verdict == consistency::Verdict::linearizable) return true;
    if (r.verdict == consistency::Verdict::not_linearizable) return false;
    return std::nullopt;
}

consistency::CheckResult check_register(const History& history, std::chrono::milliseconds budget,
                                        std::uint64_t max_steps) {
    consistency::CheckOptions o;
    o.model = consistency::Model::register_;
    o.timeout = budget;
    o.max_steps = max_steps;
    try {
        return consistency::check(history, o);
    } catch (const std::exception& e) {  // a history the client built wrongly: say so, do not guess
        consistency::CheckResult r;
        r.verdict = consistency::Verdict::unknown;
        r.explanation = std::string("history rejected: ") + e.what();
        return r;
    }
}

void agree_with_lost_writes(consistency::CheckResult& r, const std::vector<const OpRecord*>& lost) {
    if (lost.empty() || r.verdict == consistency::Verdict::not_linearizable) return;
    // The clients' history alone can look linearizable (each lost write overwritten before any
    // read missed it), but the final database is one more observation: no order in which every
    // acknowledged write took effect ends in a database that never applied one of them.
    const OpRecord& first = *lost.front();
    const bool undecided = r.verdict == consistency::Verdict::unknown;
    r.verdict = consistency::Verdict::not_linearizable;
    r.explanation = fmt::format(
        "{} acknowledged write{} not in the final primary's database (the first: value {} to key {}, acknowledged at "
        "{:.3f} s); the clients' history alone {}, but no order in which every acknowledged write took effect ends "
        "in that database",
        lost.size(), lost.size() == 1 ? " is" : "s are", first.value, first.key, double(first.complete_ns) / 1e9,
        undecided ? "was not decided in the budget" : "is consistent");
    r.window.clear();
}

void write_history(std::ostream& out, const History& history) {
    // jepsen.independent's form, one map per line: :value [key value], cas [key [from to]].
    for (const Operation& op : history.ops) {
        std::string value = consistency::to_edn(op.value);
        if (op.f == OpFunction::cas) value = "[" + value + " " + consistency::to_edn(op.cas_to) + "]";
        out << "{:process " << op.process << ", :type :" << consistency::to_string(op.type) << ", :f :"
            << consistency::to_string(op.f) << ", :value [" << op.key << " " << value << "]";
        if (op.time_ns) out << ", :time " << *op.time_ns;
        out << "}\n";
    }
}

}  // namespace archlab::replication
