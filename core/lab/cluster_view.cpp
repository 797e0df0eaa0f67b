#include "core/lab/cluster_view.h"

namespace archlab {

ClusterView capture_cluster(const Runtime& rt, double t_s) {
    ClusterView v;
    v.t_s = t_s;
    v.nodes.reserve(rt.node_count());
    for (NodeIndex i = 0; i < rt.node_count(); ++i) {
        const NodeSpec& spec = rt.spec(i);
        v.nodes.push_back({spec.name, spec.kind.empty() ? spec.name : spec.kind, rt.endpoint(i), rt.state(i), {}, {}});
    }
    for (const LinkStats& ls : rt.link_stats()) v.links.push_back({ls, rt.link_faults(ls.from, ls.to)});
    return v;
}

}  // namespace archlab
