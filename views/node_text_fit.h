#pragma once
// How a topology node's text fits its box: its name, and under it when the box is tall enough
// its detail (on one line the role goes beside the name when it fits). The detail is what goes under the node's name:
// its role, its state, "no messages" when idle, and the lab's note ("2 waiting for locks"). The
// longest form that fits is chosen (the role in its short form last), then the same a little
// smaller, then wrapped over two lines where the box is tall enough; only what fits nowhere is
// cut short (the tooltip has it all).
#include <QFont>
#include <QRectF>
#include <QString>

namespace archlab {

/// The parts of a node's detail, each "" when it has none.
struct NodeDetailParts {
    QString role;   ///< "primary", "draining" ...
    QString role_short;  ///< the role where room is short ("out of pool"), or "" (the role itself)
    QString state;  ///< "up", "down" ... (the box's colour says it too, so it goes first)
    QString quiet;  ///< "no messages" for an idle node
    QString note;   ///< the lab's note
};

/// The detail as it is drawn.
struct NodeDetailText {
    QString text;
    QFont font;
    bool wrapped = false;  ///< over two lines (draw with Qt::TextWordWrap)
    double height = 0.0;   ///< pixels
    bool elided = false;   ///< cut short: nothing fitted whole
};

/// The detail in `font` (its size the largest tried) fitted to `width` x `height` pixels;
/// `min_pt` is the smallest point size it may shrink to.
NodeDetailText fit_node_detail(const NodeDetailParts& parts, QFont font, double width, double height, double min_pt);

/// A node's text laid out in its box, ready to draw.
struct NodeTextLayout {
    QString name;           ///< the name line as drawn (with the role beside it on one line)
    QRectF name_rect;       ///< centred in it
    bool with_detail = false;
    NodeDetailText detail;  ///< when with_detail
    QRectF detail_rect;     ///< centred in it, wrapped when detail.wrapped
    int elided = 0;         ///< texts cut short (name, detail)
};

/// Width a box needs, pixels, for the node's name on one line and its role and note (what the
/// room reads) on one line under it, each 3 px clear of the sides plus a little air.
double node_text_width(const QString& name, const NodeDetailParts& parts, const QFont& name_font,
                       const QFont& detail_font);

/// Lays out the node `name` and its detail in `box` (pixels), 3 px clear of each side.
NodeTextLayout lay_out_node_text(const QString& name, const NodeDetailParts& parts, const QFont& name_font,
                                 const QFont& detail_font, const QRectF& box, double min_detail_pt);

}  // namespace archlab
