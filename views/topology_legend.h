#pragma once
// The legend line under the topology: a swatch per node state, the two link styles, the
// primary's ring where a node has that role, then as many of the hints as fit whole (none is
// cut off mid-word).
#include <QColor>
#include <QFont>
#include <QRectF>

class QPainter;

namespace archlab {

/// Height of the legend line, pixels.
inline constexpr double kTopologyLegendHeight_px = 24.0;
/// Size of the legend's text, points.
inline constexpr double kTopologyLegendFont_pt = 9.0;

/// The ring drawn round a node whose role is "primary" (gold).
QColor primary_ring_colour();

/// What the legend says besides the fixed swatches.
struct TopologyLegendFacts {
    bool primaries = false;  ///< some node is a primary: its ring is explained
    bool out_of_pool = false;  ///< some node is removed from the pool or draining: its hatching is explained
    int hidden_labels = 0;   ///< rate labels left out for room at the last paint
    bool groups = false;     ///< some column is drawn as a group box
    bool zoomed = false;     ///< the diagram is zoomed in
};

/// Paints the legend along the bottom of `band` (kTopologyLegendHeight_px high) in `font`
/// (its size set to kTopologyLegendFont_pt here).
void paint_topology_legend(QPainter& p, const QRectF& band, QFont font, const TopologyLegendFacts& facts);

}  // namespace archlab
