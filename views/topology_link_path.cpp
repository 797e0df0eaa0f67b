// Where a topology link is drawn: straight between columns, level through a column wrapped into
// sub-columns, and round out of the right edges between boxes of the same column.
#include <algorithm>
#include <cmath>

#include <QPainterPath>

#include "views/topology_view.h"

namespace archlab {

QPainterPath TopologyView::linkPath(const TopologyLink& link, const std::vector<QRectF>& rects) const {
    const QRectF& ra = rects[static_cast<std::size_t>(link.a)];
    const QRectF& rb = rects[static_cast<std::size_t>(link.b)];
    const TopologyBox& box_a = snap_.boxes[static_cast<std::size_t>(link.a)];
    const TopologyBox& box_b = snap_.boxes[static_cast<std::size_t>(link.b)];
    QPainterPath path;
    if (box_a.stage != box_b.stage) {
        // Into (or out of) a column wrapped into sub-columns, the link runs level through the
        // column's own width: every other sub-column sits half a row lower, so a level line
        // passes between the boxes it would otherwise cross on a slant.
        const QRectF area = diagramArea();
        const double col_w = area.width() / std::max(1, snap_.stages);
        const auto wrapped = [this](const TopologyBox& box) {
            return box.group < 0 && subColumns(snap_.stage_sizes[static_cast<std::size_t>(box.stage)]) > 1;
        };
        const bool out_level = wrapped(box_a), in_level = wrapped(box_b);
        const QPointF from(ra.right(), ra.center().y()), to(rb.left(), rb.center().y());
        const QPointF leave = out_level ? QPointF(area.left() + col_w * (box_a.stage + 1) - 4, from.y()) : from;
        const QPointF arrive = in_level ? QPointF(area.left() + col_w * box_b.stage + 4, to.y()) : to;
        path.moveTo(from);
        if (out_level) path.lineTo(leave);
        if (out_level || in_level) {
            const double dx = std::max(0.0, arrive.x() - leave.x()) * 0.5;
            path.cubicTo(leave + QPointF(dx, 0), arrive - QPointF(dx, 0), arrive);
        } else {
            path.lineTo(arrive);
        }
        if (in_level) path.lineTo(to);
        return path;
    }
    // Same column: out of the right edges and round, bulging more the further apart they are,
    // so links between a primary and each replica nest instead of running behind the boxes.
    const QPointF a(ra.right(), ra.center().y()), b(rb.right(), rb.center().y());
    const double col_w = diagramArea().width() / std::max(1, snap_.stages);
    const double bulge = std::clamp(std::abs(b.y() - a.y()) * 0.45, 18.0 * scale(), std::max(18.0, col_w * 0.3));
    path.moveTo(a);
    path.cubicTo(a + QPointF(bulge, 0), b + QPointF(bulge, 0), b);
    return path;
}

}  // namespace archlab
