#include "core/lab/fault_storm.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace archlab {

namespace {

/// splitmix64: a small generator whose output is the same everywhere.
class StormRandom {
public:
    explicit StormRandom(std::uint64_t seed) : state_(seed ^ 0x5eed5707a11ce5ull) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// 0 .. n-1 (n > 0).
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    /// [0, 1) with 53 bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    template <typename T>
    const T& pick(const std::vector<T>& from) { return from[below(from.size())]; }

private:
    std::uint64_t state_;
};

/// What the storm has broken and not yet repaired, so it repairs what it broke and only that.
struct Damage {
    std::set<std::string> dead, paused, slowed, cut_off;   ///< node names
    std::set<std::string> links;                           ///< "a->b" with a link fault in force
    std::size_t nodes_hit() const { return dead.size() + paused.size() + slowed.size() + cut_off.size(); }
    bool any() const { return nodes_hit() > 0 || !links.empty(); }
    bool touched(const std::string& n) const {
        return dead.count(n) || paused.count(n) || slowed.count(n) || cut_off.count(n);
    }
};

FaultEvent event(Nanos at, std::string action, std::string target, std::string value = {}) {
    FaultEvent f;
    f.at = at;
    f.action = std::move(action);
    f.target = std::move(target);
    f.value = std::move(value);
    return f;
}

/// One repair of something the storm broke, chosen at random; false when nothing is broken.
bool repair_one(StormRandom& rng, Damage& d, Nanos at, std::vector<FaultEvent>& out) {
    std::vector<std::pair<std::string, std::string>> options;  // (action, target)
    for (const auto& n : d.dead) options.emplace_back("restart", n);
    for (const auto& n : d.paused) options.emplace_back("resume", n);
    for (const auto& n : d.slowed) options.emplace_back("unslow", n);
    for (const auto& n : d.cut_off) options.emplace_back("heal", n);
    for (const auto& l : d.links) options.emplace_back("heal-link", l);
    if (options.empty()) return false;
    const auto [action, target] = rng.pick(options);
    out.push_back(event(at, action, target));
    if (action == "restart") d.dead.erase(target);
    else if (action == "resume") d.paused.erase(target);
    else if (action == "unslow") d.slowed.erase(target);
    else if (action == "heal") d.cut_off.erase(target);
    else d.links.erase(target);
    return true;
}

/// Everything still broken, repaired at `at` (dead nodes last: they come back to a healed net).
void repair_all(Damage& d, Nanos at, std::vector<FaultEvent>& out) {
    for (const auto& l : d.links) out.push_back(event(at, "heal-link", l));
    for (const auto& n : d.cut_off) out.push_back(event(at, "heal", n));
    for (const auto& n : d.slowed) out.push_back(event(at, "unslow", n));
    for (const auto& n : d.paused) out.push_back(event(at, "resume", n));
    for (const auto& n : d.dead) out.push_back(event(at, "restart", n));
    d = Damage{};
}

std::string link_value(StormRandom& rng, const std::string& action) {
    if (action == "delay") return fmt::format("{}ms", 1 + rng.below(50));
    if (action == "jitter") return fmt::format("{}ms", 1 + rng.below(20));
    if (action == "drop") return fmt::format("{:.2f}", 0.05 + 0.05 * static_cast<double>(rng.below(6)));
    if (action == "duplicate") return fmt::format("{:.2f}", 0.05 + 0.05 * static_cast<double>(rng.below(4)));
    return {};
}

/// One new fault (never on a node the storm already broke); false when none fits.
bool disrupt_one(StormRandom& rng, const StormCast& cast, Damage& d, Nanos at, std::size_t node_cap,
                 std::vector<FaultEvent>& out) {
    std::vector<std::string> healthy;
    for (const auto& m : cast.nodes) {
        if (!d.touched(m.name)) healthy.push_back(m.name);
    }
    std::vector<std::string> kinds;  // of fault that fit now
    if (!healthy.empty() && d.nodes_hit() < node_cap) kinds.insert(kinds.end(), {"kill", "pause", "slow", "partition", "restart"});
    std::vector<std::pair<std::string, std::string>> free_links;
    for (const auto& [a, b] : cast.links) {
        if (!d.links.count(a + "->" + b)) free_links.emplace_back(a, b);
    }
    if (!free_links.empty() && d.links.size() < 3) kinds.push_back("link");
    if (!cast.actions.empty()) kinds.push_back("action");
    if (kinds.empty()) return false;
    const std::string kind = rng.pick(kinds);
    if (kind == "link") {
        static const std::vector<std::string> link_actions = {"delay", "jitter", "drop", "duplicate", "cut"};
        const std::string action = rng.pick(link_actions);
        const auto& [a, b] = rng.pick(free_links);
        const std::string target = a + "->" + b;
        out.push_back(event(at, action, target, link_value(rng, action)));
        d.links.insert(target);
        return true;
    }
    if (kind == "action") {
        const LabAction& a = rng.pick(cast.actions);
        std::vector<std::string> targets;
        for (const auto& m : cast.nodes) {
            const bool fits = a.kinds.empty() || std::find(a.kinds.begin(), a.kinds.end(), m.kind) != a.kinds.end();
            if (fits && !d.touched(m.name)) targets.push_back(m.name);
        }
        if (targets.empty()) return false;
        out.push_back(event(at, a.name, rng.pick(targets)));
        return true;
    }
    const std::string node = rng.pick(healthy);
    if (kind == "kill") d.dead.insert(node);
    else if (kind == "pause") d.paused.insert(node);
    else if (kind == "partition") d.cut_off.insert(node);
    else if (kind == "slow") d.slowed.insert(node);
    // A restart of a running node is a crash and an immediate start: nothing is left to repair.
    out.push_back(event(at, kind, node, kind == "slow" ? fmt::format("x{}", 2u << rng.below(3)) : std::string()));
    return true;
}

}  // namespace

std::vector<FaultEvent> fault_storm(const StormCast& cast, Nanos duration, std::uint64_t seed, const StormOptions& o) {
    std::vector<FaultEvent> out;
    const Nanos end = duration - o.settle;
    if (end <= o.min_gap || (cast.nodes.empty() && cast.links.empty() && cast.actions.empty())) return out;
    StormRandom rng(seed);
    Damage d;
    const std::size_t node_cap = std::max<std::size_t>(1, cast.nodes.size() / 3);
    const auto gap = [&] {
        const auto span = static_cast<std::uint64_t>((o.max_gap - o.min_gap).count());
        return o.min_gap + Nanos(static_cast<std::int64_t>(span ? rng.next() % (span + 1) : 0));
    };
    for (Nanos at = gap(); at < end; at += gap()) {
        // Millisecond instants read well in a timeline and are exact in both clocks.
        const Nanos t = std::chrono::duration_cast<std::chrono::milliseconds>(at);
        const bool repair = d.any() && (rng.unit() < 0.4 || d.nodes_hit() >= node_cap);
        if (repair ? repair_one(rng, d, t, out) : disrupt_one(rng, cast, d, t, node_cap, out)) continue;
        repair_one(rng, d, t, out);  // nothing new fits: mend something instead
    }
    repair_all(d, std::chrono::duration_cast<std::chrono::milliseconds>(end), out);
    return out;
}

}  // namespace archlab
