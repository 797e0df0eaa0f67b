#include "core/consistency/wgl_search.h"

#include <algorithm>
#include <cstdint>

#include "core/consistency/linearized_set.h"
#include "core/consistency/model.h"
#include "core/consistency/visited_memo.h"

namespace archlab::consistency {

namespace {

constexpr std::size_t kMaxTriedValues = 6;  // values kept per call for the explanation
constexpr std::size_t kTailCalls = 8;       // calls kept from the deepest attempt for the window
constexpr int kNone = -1;

/// Call and completion events in real-time order, as a doubly linked list whose nodes can be
/// taken out and put back (dancing links).
class EventList {
public:
    explicit EventList(const std::vector<Call>& calls) : call_node_(calls.size()), return_node_(calls.size(), kNone) {
        struct Event {
            std::size_t at;
            int call;
            bool is_return;
        };
        std::vector<Event> events;
        for (std::size_t i = 0; i < calls.size(); ++i) {
            events.push_back({calls[i].invoke_at, static_cast<int>(i), false});
            if (calls[i].definite) events.push_back({calls[i].return_at, static_cast<int>(i), true});
        }
        std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
        // Between two completions the invocations may be tried in any order: earliest
        // completion first finds a linearization sooner (calls that may never complete last).
        for (auto run = events.begin(); run != events.end();) {
            auto end = std::find_if(run, events.end(), [](const Event& e) { return e.is_return; });
            std::stable_sort(run, end, [&](const Event& a, const Event& b) {
                return calls[static_cast<std::size_t>(a.call)].return_at < calls[static_cast<std::size_t>(b.call)].return_at;
            });
            run = end == events.end() ? end : end + 1;
        }
        nodes_.resize(events.size() + 1);  // node 0 is the head
        for (std::size_t n = 0; n < events.size(); ++n) {
            Node& node = nodes_[n + 1];
            node.call = events[n].call;
            node.is_return = events[n].is_return;
            (node.is_return ? return_node_ : call_node_)[static_cast<std::size_t>(node.call)] = static_cast<int>(n + 1);
        }
        for (std::size_t n = 0; n < nodes_.size(); ++n) {
            nodes_[n].prev = static_cast<int>(n) - 1;
            nodes_[n].next = n + 1 < nodes_.size() ? static_cast<int>(n + 1) : kNone;
        }
    }

    int first() const { return nodes_[0].next; }
    int next(int node) const { return nodes_[static_cast<std::size_t>(node)].next; }
    int call(int node) const { return nodes_[static_cast<std::size_t>(node)].call; }
    bool is_return(int node) const { return nodes_[static_cast<std::size_t>(node)].is_return; }
    int call_node(std::size_t call) const { return call_node_[call]; }

    /// Takes a linearized call (and its completion) out of the list.
    void lift(std::size_t call) {
        unlink(call_node_[call]);
        if (return_node_[call] != kNone) unlink(return_node_[call]);
    }
    /// Puts it back, in the reverse order of lift().
    void unlift(std::size_t call) {
        if (return_node_[call] != kNone) relink(return_node_[call]);
        relink(call_node_[call]);
    }

private:
    struct Node {
        int call = kNone;
        bool is_return = false;
        int prev = kNone;
        int next = kNone;
    };
    std::vector<Node> nodes_;
    std::vector<int> call_node_;
    std::vector<int> return_node_;

    void unlink(int n) {
        const Node& node = nodes_[static_cast<std::size_t>(n)];
        nodes_[static_cast<std::size_t>(node.prev)].next = node.next;
        if (node.next != kNone) nodes_[static_cast<std::size_t>(node.next)].prev = node.prev;
    }
    void relink(int n) {
        const Node& node = nodes_[static_cast<std::size_t>(n)];
        nodes_[static_cast<std::size_t>(node.prev)].next = n;
        if (node.next != kNone) nodes_[static_cast<std::size_t>(node.next)].prev = n;
    }
};

}  // namespace

SearchOutcome search_linearization(const KeyCalls& key, const Value& initial, SearchBudget& budget) {
    const std::vector<Call>& calls = key.calls;
    EventList list(calls);
    SearchOutcome out;

    std::size_t definite_total = 0;
    for (const Call& c : calls) definite_total += c.definite ? 1 : 0;
    std::size_t definite_left = definite_total;

    struct Frame {
        std::size_t call;
        std::uint32_t state_before;
        bool forced;  ///< a call without effect placed as soon as it fit: no other choice needs trying here
    };
    std::vector<Frame> stack;
    LinearizedSet linearized(calls);
    ValueTable values;
    VisitedMemo visited;
    std::vector<std::vector<Value>> tried(calls.size());  // values each call did not fit, for the explanation
    std::vector<bool> ever_fit(calls.size(), false);
    bool have_stuck = false;
    out.definite = definite_total;

    std::uint32_t state = values.intern(initial);
    int entry = list.first();
    std::uint64_t iterations = 0;
    for (;;) {
        if (definite_left == 0) {
            out.verdict = Verdict::linearizable;
            return out;
        }
        ++budget.steps;
        if (budget.max_steps > 0 && budget.steps > budget.max_steps) {
            out.why_unknown = "the step budget ran out";
            return out;
        }
        if ((++iterations & 0xFFF) == 0) {
            if (budget.max_steps == 0 && std::chrono::steady_clock::now() > budget.deadline) {
                out.why_unknown = "the time budget ran out";
                return out;
            }
            if (visited.bytes() + values.bytes() > budget.memory_bytes) {
                out.why_unknown = "the memory budget ran out (too many partial orders)";
                return out;
            }
        }
        bool dead_end = false;  // this configuration is known to fail
        if (entry != kNone && !list.is_return(entry)) {
            const auto c = static_cast<std::size_t>(list.call(entry));
            const Call& call = calls[c];
            // Reads, and cas [v v], leave the value as it is wherever they fit.
            const bool no_effect = call.f == OpFunction::read || call.f == OpFunction::get ||
                                   (call.f == OpFunction::cas && call.arg == call.arg2);
            if (std::optional<Value> next = step(call, values.at(state))) {
                ever_fit[c] = true;
                const std::uint32_t next_state = no_effect ? state : values.intern(*next);
                linearized.insert(c);
                if (visited.insert(linearized, next_state)) {
                    // A call without effect that fits now can always go now: any order placing
                    // it later can move it here. So when this fails, the configuration before
                    // it fails too.
                    stack.push_back({c, state, no_effect});
                    state = next_state;
                    list.lift(c);
                    if (call.definite) --definite_left;
                    entry = list.first();
                    continue;
                }
                linearized.erase(c);
                // Here with this call placed was explored and failed; by the same argument
                // as above, so does here without it.
                dead_end = no_effect;
            } else if (tried[c].size() < kMaxTriedValues &&
                       std::find(tried[c].begin(), tried[c].end(), values.at(state)) == tried[c].end()) {
                tried[c].push_back(values.at(state));
            }
            if (!dead_end) {
                entry = list.next(entry);
                continue;
            }
        }
        // A completion whose call is not linearized (or the end of the list), or a known dead
        // end: back up.
        if (entry != kNone && !dead_end) {
            const std::size_t linearized_definite = definite_total - definite_left;
            if (!have_stuck || linearized_definite > out.deepest) {
                have_stuck = true;
                out.deepest = linearized_definite;
                out.stuck_call = static_cast<std::size_t>(list.call(entry));
                out.deepest_tail.clear();
                for (std::size_t f = stack.size() > kTailCalls ? stack.size() - kTailCalls : 0; f < stack.size(); ++f) {
                    out.deepest_tail.push_back(stack[f].call);
                }
            }
        }
        bool forced = true;
        while (forced && !stack.empty()) {
            const Frame top = stack.back();
            stack.pop_back();
            state = top.state_before;
            linearized.erase(top.call);
            list.unlift(top.call);
            if (calls[top.call].definite) ++definite_left;
            entry = list.next(list.call_node(top.call));
            forced = top.forced;
        }
        if (forced) break;  // every choice tried
    }
    out.verdict = Verdict::not_linearizable;
    if (out.stuck_call != Call::kOpen) {
        out.stuck_tried = tried[out.stuck_call];
        out.stuck_ever_fit = ever_fit[out.stuck_call];
    }
    return out;
}

}  // namespace archlab::consistency
