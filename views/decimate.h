#pragma once
// Thins a series to what a chart can show: per pixel column, the lowest and the highest point
// (in time order), so spikes survive while the point count stays about twice the pixel width.
#include <algorithm>
#include <cmath>

#include <QList>
#include <QPointF>

#include "core/metrics/series.h"

namespace archlab {

/// Fills out (cleared first) with column `column` of the rows (any container of SeriesRow,
/// oldest first) whose time lies in [x0_s, x1_s], at most two points per bucket of `buckets`
/// equal time slices. A run of NaN values (no data: a dead node, no request in the interval)
/// becomes one NaN point, where Qt Charts breaks the line: no line is drawn across a time with
/// no data. Returns the largest value written (0 when none).
template <class Rows>
double decimate_minmax(const Rows& rows, int column, double x0_s, double x1_s, int buckets, QList<QPointF>& out) {
    out.clear();
    if (column < 0) return 0.0;
    const auto c = static_cast<std::size_t>(column);
    const double width = std::max(x1_s - x0_s, 1e-9);
    const int nb = std::max(buckets, 1);
    double ymax = 0.0;

    int bucket = -1;   // bucket of the points held in lo/hi
    QPointF lo, hi;    // lowest and highest point of that bucket
    bool have = false;
    const auto emit_bucket = [&] {
        if (!have) return;
        if (lo == hi) {
            out.append(lo);
        } else {
            out.append(lo.x() <= hi.x() ? lo : hi);
            out.append(lo.x() <= hi.x() ? hi : lo);
        }
        have = false;
    };

    bool gap = false;  // a NaN came after the last point written
    for (const SeriesRow& row : rows) {
        if (row.t_s < x0_s || row.t_s > x1_s || c >= row.values.size()) continue;
        const double v = row.values[c];
        if (!std::isfinite(v)) {
            emit_bucket();
            if (!out.isEmpty() && !gap) out.append(QPointF(row.t_s, std::nan("")));
            gap = true;
            bucket = -1;
            continue;
        }
        gap = false;
        ymax = std::max(ymax, v);
        const int b = std::min(nb - 1, static_cast<int>((row.t_s - x0_s) / width * nb));
        if (b != bucket) {
            emit_bucket();
            bucket = b;
        }
        const QPointF p(row.t_s, v);
        if (!have) {
            lo = hi = p;
            have = true;
        } else {
            if (v < lo.y()) lo = p;
            if (v > hi.y()) hi = p;
        }
    }
    emit_bucket();
    return ymax;
}

/// Indexes of points with no finite neighbour (a lone sample between gaps): a line series
/// draws nothing for them, so the chart shows them as dots.
inline QList<int> lone_points(const QList<QPointF>& points) {
    QList<int> lone;
    const auto finite = [&](int i) { return i >= 0 && i < points.size() && std::isfinite(points[i].y()); };
    for (int i = 0; i < points.size(); ++i) {
        if (finite(i) && !finite(i - 1) && !finite(i + 1)) lone.append(i);
    }
    return lone;
}

}  // namespace archlab
