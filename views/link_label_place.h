#pragma once
// Where a link's rate label goes on the topology: slid along its line, then lifted off it, to
// the first spot that covers no node and no label placed before it.
#include <optional>
#include <vector>

#include <QPainterPath>
#include <QRectF>
#include <QSizeF>

namespace archlab {

/// The spot for a label of `size` (pixels) on `path`, tried first at `t` (0..1 along the path),
/// clear of `boxes` (the nodes) and `placed` (labels already drawn); none when every spot tried
/// covers one (a fan of many links: the label is left out rather than drawn over another).
std::optional<QRectF> place_link_label(const QPainterPath& path, double t, QSizeF size, const std::vector<QRectF>& boxes,
                                       const std::vector<QRectF>& placed);

}  // namespace archlab
