#include "core/consistency/checker.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/consistency/calls.h"
#include "core/consistency/model.h"
#include "core/consistency/unwritten_read.h"
#include "core/consistency/wgl_search.h"
#include "core/lab/settings.h"

namespace archlab::consistency {

namespace {

constexpr std::size_t kWindowCalls = 10;   // calls shown around the failure point
constexpr std::size_t kContextCalls = 3;   // of them, calls that completed before the stuck one began

std::string key_name(const std::string& key) { return key.empty() ? "the register" : "key " + to_edn(Value(key)); }

std::string line_of(const History& h, std::size_t op) {
    return op < h.ops.size() && h.ops[op].line != 0 ? fmt::format(" (line {})", h.ops[op].line) : "";
}

/// "read of key "x" returned 3 (line 12)".
std::string describe(const Call& c, const std::string& key, const History& h) {
    const std::string where = line_of(h, c.complete_op != Call::kOpen ? c.complete_op : c.invoke_op);
    const std::string status = c.definite ? "" : " (may or may not have happened)";
    switch (c.f) {
        case OpFunction::read:
        case OpFunction::get:
            return fmt::format("{} of {} returned {}{}", to_string(c.f), key_name(key), to_edn(c.result), where);
        case OpFunction::write:
        case OpFunction::put:
            return fmt::format("{} {} to {}{}{}", to_string(c.f), to_edn(c.arg), key_name(key), status, where);
        case OpFunction::cas:
            return fmt::format("cas [{} {}] on {} succeeded{}{}", to_edn(c.arg), to_edn(c.arg2), key_name(key), status,
                               where);
        case OpFunction::append:
            return fmt::format("append {} to {}{}{}", to_edn(c.arg), key_name(key), status, where);
    }
    return "?";
}

std::string explain(const KeyCalls& key, const SearchOutcome& o, const History& h) {
    if (o.stuck_call == Call::kOpen) return fmt::format("no order of the operations on {} fits", key_name(key.key));
    const Call& stuck = key.calls[o.stuck_call];
    const std::string what = describe(stuck, key.key, h);
    if (!o.stuck_ever_fit && !o.stuck_tried.empty()) {
        std::vector<std::string> values;
        for (const Value& v : o.stuck_tried) values.push_back(to_edn(v));
        const bool cas = stuck.f == OpFunction::cas;
        return fmt::format("{} but every valid order of the operations before it {} {}", what, cas ? "leaves it at" : "gives",
                           fmt::join(values, " or "));
    }
    return fmt::format("{}: it fits some orders, but none of them can place the operations that completed later "
                       "(longest linearizable prefix: {} operations)",
                       what, o.deepest);
}

/// The invocation and completion lines of one call.
std::vector<Operation> lines_of_call(const Call& c, const History& h) {
    std::vector<Operation> lines{h.ops[c.invoke_op]};
    if (c.complete_op != Call::kOpen) lines.push_back(h.ops[c.complete_op]);
    return lines;
}

/// The history lines of the calls around the failure: the ones concurrent with the stuck call
/// and the last few linearized before it began.
std::vector<Operation> window_of(const KeyCalls& key, const SearchOutcome& o, const History& h) {
    std::vector<Operation> window;
    if (o.stuck_call == Call::kOpen) return window;
    const Call& stuck = key.calls[o.stuck_call];
    std::vector<std::size_t> chosen;
    std::size_t context = 0;
    for (auto it = o.deepest_tail.rbegin(); it != o.deepest_tail.rend() && context < kContextCalls; ++it) {
        if (key.calls[*it].return_at < stuck.invoke_at) {
            chosen.push_back(*it);
            ++context;
        }
    }
    std::vector<std::size_t> overlapping;
    for (std::size_t i = 0; i < key.calls.size(); ++i) {
        const Call& c = key.calls[i];
        const bool overlaps = c.invoke_at <= stuck.return_at && c.return_at >= stuck.invoke_at;
        if (overlaps && i != o.stuck_call) overlapping.push_back(i);
    }
    // The calls that began closest to the stuck one matter most.
    std::sort(overlapping.begin(), overlapping.end(), [&](std::size_t a, std::size_t b) {
        const auto distance = [&](std::size_t i) {
            const std::size_t at = key.calls[i].invoke_at;
            return at > stuck.invoke_at ? at - stuck.invoke_at : stuck.invoke_at - at;
        };
        return distance(a) < distance(b);
    });
    chosen.push_back(o.stuck_call);
    for (std::size_t i = 0; i < overlapping.size() && chosen.size() < kWindowCalls; ++i) chosen.push_back(overlapping[i]);
    std::vector<std::size_t> lines;
    for (const std::size_t i : chosen) {
        lines.push_back(key.calls[i].invoke_op);
        if (key.calls[i].complete_op != Call::kOpen) lines.push_back(key.calls[i].complete_op);
    }
    std::sort(lines.begin(), lines.end());  // file order
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    for (const std::size_t op : lines) window.push_back(h.ops[op]);
    return window;
}

}  // namespace

CheckResult check(const History& history, const CheckOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SearchBudget budget;
    budget.deadline = start + options.timeout;
    budget.max_steps = options.max_steps;
    budget.memory_bytes = options.memory_budget_mb * 1024 * 1024;
    check_fits_model(history, options.model);
    const PairedHistory paired = pair_calls(history);

    CheckResult result;
    result.operations = paired.invocations;
    result.keys = paired.keys.size();
    result.verdict = Verdict::linearizable;

    // Small keys first: a violation in a small key is found before a large key eats the budget.
    std::vector<std::size_t> order(paired.keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return paired.keys[a].calls.size() < paired.keys[b].calls.size();
    });
    // One quick pass over every key first: a read of a value nothing wrote needs no search.
    for (const KeyCalls& key : paired.keys) {
        const Value initial = initial_value(key, options);
        if (const auto read = find_unwritten_read(key, initial)) {
            const Call& c = key.calls[*read];
            result.verdict = Verdict::not_linearizable;
            result.explanation = fmt::format("{} but neither the initial value ({}) nor any write invoked before it "
                                             "completed gives {}",
                                             describe(c, key.key, history), to_edn(initial), to_edn(c.result));
            result.window = lines_of_call(c, history);
            result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return result;
        }
    }

    std::size_t unknown = 0;
    std::string first_unknown;
    for (const std::size_t k : order) {
        const KeyCalls& key = paired.keys[k];
        if (budget.spent()) {
            ++unknown;
            if (first_unknown.empty()) first_unknown = fmt::format("{}: the {} budget ran out", key_name(key.key), budget.kind());
            continue;
        }
        const SearchOutcome o = search_linearization(key, initial_value(key, options), budget);
        if (o.verdict == Verdict::not_linearizable) {
            result.verdict = Verdict::not_linearizable;
            result.explanation = explain(key, o, history);
            result.window = window_of(key, o, history);
            break;
        }
        if (o.verdict == Verdict::unknown) {
            ++unknown;
            if (first_unknown.empty()) {
                first_unknown = fmt::format("{} ({} operations): {} (longest linearizable prefix found: {} of {} completed operations)",
                                            key_name(key.key), key.calls.size(), o.why_unknown, o.deepest, o.definite);
            }
        }
    }
    if (result.verdict != Verdict::not_linearizable && unknown > 0) {
        result.verdict = Verdict::unknown;
        result.explanation = fmt::format("{} of {} keys undecided; first: {}", unknown, paired.keys.size(), first_unknown);
    }
    result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.steps = budget.steps;
    return result;
}

const char* to_string(Model model) { return model == Model::register_ ? "register" : "kv"; }

const char* to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::linearizable: return "linearizable";
        case Verdict::not_linearizable: return "not linearizable";
        case Verdict::unknown: return "unknown";
    }
    return "?";
}

Model parse_model(std::string_view name) {
    if (name == "register") return Model::register_;
    if (name == "kv") return Model::kv;
    throw InputError(fmt::format("unknown model '{}' (expected register or kv)", name));
}

}  // namespace archlab::consistency
