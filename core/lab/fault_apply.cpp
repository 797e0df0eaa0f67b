#include "core/lab/fault_apply.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/settings.h"

namespace archlab {

namespace {
struct LinkTarget {
    std::string from, to;
    bool both = false;
};

LinkTarget split_link(const std::string& target) {
    LinkTarget t;
    auto pos = target.find("<->");
    if (pos != std::string::npos) {
        t = {target.substr(0, pos), target.substr(pos + 3), true};
    } else if ((pos = target.find("->")) != std::string::npos) {
        t = {target.substr(0, pos), target.substr(pos + 2), false};
    } else {
        t = {target, "", false};
    }
    return t;
}

std::string node_list(const Runtime& rt) {
    std::string out;
    for (NodeIndex i = 0; i < rt.node_count(); ++i) out += (i ? ", " : "") + rt.spec(i).name;
    return out;
}

NodeIndex need_node(const Runtime& rt, const FaultEvent& f, const std::string& name) {
    const NodeIndex n = rt.lookup(name);
    if (n == kNoNode) {
        throw InputError("fault '" + f.to_string() + "': no node '" + name + "' in this lab (nodes: " +
                         node_list(rt) + ")");
    }
    return n;
}

double number_or(const std::string& text, double fallback) { return text.empty() ? fallback : std::stod(text); }
}  // namespace

bool is_runtime_action(const std::string& action) {
    static const std::vector<std::string> node = {"kill", "restart", "pause", "resume", "slow", "unslow", "partition", "heal"};
    return is_link_action(action) || std::find(node.begin(), node.end(), action) != node.end();
}

void check_fault_target(const Runtime& rt, const FaultEvent& f) {
    if (is_link_action(f.action)) {
        const LinkTarget t = split_link(f.target);
        need_node(rt, f, t.from);
        need_node(rt, f, t.to);
    } else if (!(f.target.empty() && takes_no_target(f.action))) {
        need_node(rt, f, f.target);
    }
}

void apply_fault(Runtime& rt, const FaultEvent& f) {
    if (is_link_action(f.action)) {
        const LinkTarget t = split_link(f.target);
        const NodeIndex a = need_node(rt, f, t.from), b = need_node(rt, f, t.to);
        std::vector<std::pair<NodeIndex, NodeIndex>> links = {{a, b}};
        if (t.both) links.emplace_back(b, a);
        for (auto [from, to] : links) {
            LinkFaults lf = rt.link_faults(from, to);
            if (f.action == "delay") lf.delay = f.value.empty() ? from_ms(5) : parse_duration(f.value, "delay");
            else if (f.action == "jitter") lf.jitter = f.value.empty() ? from_ms(5) : parse_duration(f.value, "jitter");
            else if (f.action == "drop") lf.drop = number_or(f.value, 0.1);
            else if (f.action == "duplicate") lf.duplicate = number_or(f.value, 0.1);
            else if (f.action == "cut") lf.drop = 1.0;
            else if (f.action == "heal-link") {
                const Nanos latency = lf.latency;  // the lab's own latency is no fault: it stays
                lf = LinkFaults{};
                lf.latency = latency;
            }
            rt.set_link_faults(from, to, lf);
        }
        return;
    }
    const NodeIndex n = need_node(rt, f, f.target);
    if (f.action == "kill") rt.kill(n);
    else if (f.action == "restart") rt.restart(n);
    else if (f.action == "pause") rt.pause(n);
    else if (f.action == "resume") rt.resume(n);
    else if (f.action == "partition") rt.partition(n, true);
    else if (f.action == "heal") rt.partition(n, false);
    else if (f.action == "flush") {
        throw InputError("flush: " + f.target + " keeps no cache that this lab can flush");
    } else if (f.action == "promote") {
        throw InputError("promote: " + f.target + " is not a replica in this lab");
    } else if (f.action == "unslow") rt.slow(n, Nanos(0), 1.0);
    else if (f.action == "slow") {
        if (f.value.empty()) rt.slow(n, Nanos(0), 4.0);
        else if (f.value[0] == 'x') rt.slow(n, Nanos(0), std::stod(f.value.substr(1)));
        else rt.slow(n, parse_duration(f.value, "slow"), 1.0);
    }
}

}  // namespace archlab
