#include "core/consistency/wgl_search.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

#include "core/consistency/model.h"

namespace archlab::consistency {

namespace {

constexpr std::size_t kMaxCacheEntries = 2'000'000;  // memory budget: roughly 250 MB of visited configurations
constexpr std::size_t kMaxTriedValues = 6;           // values kept per call for the explanation
constexpr int kNone = -1;

/// A fixed random 64-bit word per call (splitmix64), XORed into the hash of the linearized set.
std::uint64_t zobrist(std::uint64_t i) {
    std::uint64_t z = (i + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// A visited configuration: which calls are linearized and the value they leave.
struct Visited {
    std::vector<std::uint64_t> bits;
    Value state;
    std::uint64_t hash = 0;
    bool operator==(const Visited& o) const { return hash == o.hash && bits == o.bits && state == o.state; }
};
struct VisitedHash {
    std::size_t operator()(const Visited& v) const { return v.hash; }
};

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

SearchOutcome search_linearization(const KeyCalls& key, const Value& initial,
                                   std::chrono::steady_clock::time_point deadline) {
    const std::vector<Call>& calls = key.calls;
    EventList list(calls);
    SearchOutcome out;

    std::size_t definite_total = 0;
    for (const Call& c : calls) definite_total += c.definite ? 1 : 0;
    std::size_t definite_left = definite_total;

    struct Frame {
        std::size_t call;
        Value state_before;
    };
    std::vector<Frame> stack;
    std::vector<std::uint64_t> bits((calls.size() + 63) / 64, 0);
    std::uint64_t bits_hash = 0;
    std::unordered_set<Visited, VisitedHash> visited;
    std::vector<std::vector<Value>> tried(calls.size());  // values each call did not fit, for the explanation
    std::vector<bool> ever_fit(calls.size(), false);
    std::size_t deepest = 0;
    bool have_stuck = false;

    Value state = initial;
    int entry = list.first();
    std::uint64_t iterations = 0;
    for (;;) {
        if (definite_left == 0) {
            out.verdict = Verdict::linearizable;
            return out;
        }
        if ((++iterations & 0xFFF) == 0 && std::chrono::steady_clock::now() > deadline) {
            out.why_unknown = "the time budget ran out";
            return out;
        }
        if (entry != kNone && !list.is_return(entry)) {
            const auto c = static_cast<std::size_t>(list.call(entry));
            if (std::optional<Value> next = step(calls[c], state)) {
                ever_fit[c] = true;
                bits[c / 64] |= std::uint64_t(1) << (c % 64);
                bits_hash ^= zobrist(c);
                Visited v{bits, *next, bits_hash ^ (std::hash<Value>{}(*next) * 0x9E3779B97F4A7C15ULL)};
                if (visited.insert(std::move(v)).second) {
                    if (visited.size() > kMaxCacheEntries) {
                        out.why_unknown = "the memory budget ran out (too many partial orders)";
                        return out;
                    }
                    stack.push_back({c, std::move(state)});
                    state = std::move(*next);
                    list.lift(c);
                    if (calls[c].definite) --definite_left;
                    entry = list.first();
                    continue;
                }
                bits[c / 64] &= ~(std::uint64_t(1) << (c % 64));
                bits_hash ^= zobrist(c);
            } else if (tried[c].size() < kMaxTriedValues &&
                       std::find(tried[c].begin(), tried[c].end(), state) == tried[c].end()) {
                tried[c].push_back(state);
            }
            entry = list.next(entry);
            continue;
        }
        // A completion whose call is not linearized (or the end of the list): back up.
        if (entry != kNone) {
            const std::size_t linearized_definite = definite_total - definite_left;
            if (!have_stuck || linearized_definite > deepest) {
                have_stuck = true;
                deepest = linearized_definite;
                out.stuck_call = static_cast<std::size_t>(list.call(entry));
                out.deepest_order.clear();
                for (const Frame& f : stack) out.deepest_order.push_back(f.call);
            }
        }
        if (stack.empty()) break;
        Frame top = std::move(stack.back());
        stack.pop_back();
        state = std::move(top.state_before);
        bits[top.call / 64] &= ~(std::uint64_t(1) << (top.call % 64));
        bits_hash ^= zobrist(top.call);
        list.unlift(top.call);
        if (calls[top.call].definite) ++definite_left;
        entry = list.next(list.call_node(top.call));
    }
    out.verdict = Verdict::not_linearizable;
    if (out.stuck_call != Call::kOpen) {
        out.stuck_tried = tried[out.stuck_call];
        out.stuck_ever_fit = ever_fit[out.stuck_call];
    }
    return out;
}

}  // namespace archlab::consistency
