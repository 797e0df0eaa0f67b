#pragma once
// Where the labels of a chart's fault and knob marks go, worked out without a window: marks at
// the same place (closer than kSamePlace_px) in the same colour share one label, their words
// merged ("kill worker-1, worker-2, worker-3"); labels hang from the top of the plot in up to
// `rows` rows so none covers another; a label with no free row joins the one before it rather
// than print over it; a label wider than it may be is cut short with "…" (the tooltip, built
// from full_text, says it all).
#include <cstddef>
#include <functional>
#include <vector>

#include <QString>

namespace archlab {

/// Marks closer than this, pixels, are at the same place: one label for them.
inline constexpr double kSamePlace_px = 3.0;

/// One mark inside the plot, as the chart puts it.
struct MarkLabelInput {
    double x_px = 0.0;       ///< where its line is drawn
    QString text;            ///< "kill worker-1", "arrival_rps = 2000"
    bool knob = false;       ///< a knob change (else a fault)
    unsigned colour = 0;     ///< marks share a label only when drawn in the same colour (an RGB value)
};

/// Where the labels may go.
struct MarkLabelArea {
    double left_px = 0.0;    ///< plot's left edge
    double right_px = 0.0;   ///< plot's right edge
    int rows = 3;            ///< rows of labels below the plot's top
    double max_width_px = 0.0;  ///< widest a label may be (0 = the plot's width)
};

/// One label as drawn.
struct MarkLabel {
    std::vector<std::size_t> marks;  ///< indices into the input it speaks for, in x order
    QString text;                    ///< the words drawn, cut short with "…" when too wide
    QString full_text;               ///< the words in full
    double left_px = 0.0;            ///< its left edge
    double width_px = 0.0;           ///< its text's width
    int row = 0;                     ///< 0 = the top row
};

/// The words of marks that share a label: a common leading part said once ("kill worker-1",
/// "kill worker-2" -> "kill worker-1, worker-2"), else all of them ("kill a; slow db 20ms").
QString merged_mark_text(const std::vector<QString>& texts);

/// Places the labels of `marks`; text_width_px measures a text as it will be drawn.
std::vector<MarkLabel> place_mark_labels(const std::vector<MarkLabelInput>& marks, const MarkLabelArea& area,
                                         const std::function<double(const QString&)>& text_width_px);

}  // namespace archlab
