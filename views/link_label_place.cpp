#include "views/link_label_place.h"

#include <algorithm>

namespace archlab {

std::optional<QRectF> place_link_label(const QPainterPath& path, double t, QSizeF size, const std::vector<QRectF>& boxes,
                                       const std::vector<QRectF>& placed) {
    const auto covers = [&](const QRectF& c) {
        for (const QRectF& r : boxes) {
            if (c.intersects(r.adjusted(-2, -2, 2, 2))) return true;
        }
        return std::any_of(placed.begin(), placed.end(), [&](const QRectF& r) { return c.intersects(r); });
    };
    const double h = size.height();
    for (double lift : {0.0, h / 2 + 3, -(h / 2 + 3), h + 5, -(h + 5)}) {
        for (double shift : {0.0, -0.12, 0.12, -0.24, 0.2, -0.34, 0.3}) {
            QRectF candidate(QPointF(0, 0), size);
            candidate.moveCenter(path.pointAtPercent(std::clamp(t + shift, 0.1, 0.9)) - QPointF(0, lift));
            if (!covers(candidate)) return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace archlab
