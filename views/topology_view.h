#pragma once
// The cluster drawn live: nodes in columns by kind (in order of first appearance), coloured by
// state, links as lines whose width and label follow the message rate. Click a node to select
// it for the fault panel; hover for its id, kind, state and endpoint. A column with more nodes
// than fit the height is drawn as one box per kind ("worker ×1000", its width split by state)
// with the links to it summed; hover it for its counts and the nodes that are not up. A column
// too tall for its nodes wraps into side-by-side sub-columns first. Text and boxes grow with the
// view; the wheel zooms around the pointer, dragging the background pans, a double click resets.
// A node's role (primary, replica, removed from the pool, draining) is written on it.
#include <string>
#include <vector>

#include <QPainterPath>
#include <QRectF>
#include <QTransform>
#include <QWidget>

#include "views/node_text_fit.h"
#include "views/topology_legend.h"
#include "views/topology_model.h"

namespace archlab {

class TopologyView : public QWidget {
    Q_OBJECT
public:
    explicit TopologyView(QWidget* parent = nullptr);

    /// Shows a new picture of the cluster (from the frame timer); groups columns that do not fit.
    void setSnapshot(TopologySnapshot snapshot);
    /// What is drawn now: the snapshot with columns grouped for the current height.
    const TopologySnapshot& drawn() const { return snap_; }
    /// Boxes a column may hold at the current height before it is grouped.
    int maxPerStage() const;
    /// Back to the empty state, with a hint in the middle.
    void clear(const QString& hint);
    /// Marks a node selected ("" for none) without emitting nodeSelected.
    void setSelectedNode(const std::string& name);
    const std::string& selectedNode() const { return selected_; }

    static QColor stateColour(NodeState s);
    /// Whether the legend line is drawn under the diagram (the presenter view shows its own).
    void setLegendShown(bool shown) {
        legend_shown_ = shown;
        update();
    }
    /// Zoom factor (1 = the whole cluster fits), for tests.
    double zoom() const { return zoom_; }
    /// Zooms to `factor` around a point of the widget (1 resets and re-centres).
    void zoomAt(double factor, QPointF at);
    /// Where each box is drawn before zoom, widget pixels (for tests).
    std::vector<QRectF> boxRects() const;
    /// Rate labels left out at the last paint for want of room (for tests).
    int hiddenLabels() const { return hidden_labels_; }
    /// Node names and details cut short (elided) at the last paint, for want of room (for tests).
    int elidedTexts() const { return elided_texts_; }
    /// What the legend explains besides its fixed swatches, for the snapshot shown.
    TopologyLegendFacts legendFacts() const;
    /// Smallest text drawn at the last paint, points as seen on screen (0 before the first paint).
    double smallestTextPt() const { return smallest_text_pt_; }
    /// Where each link's rate label was drawn at the last paint, before zoom (for tests).
    const std::vector<QRectF>& labelRects() const { return placed_; }
    /// Text size and box size factor for the current widget size (1 at 1366x768 and below).
    double scale() const;

    QSize sizeHint() const override { return {640, 220}; }
    /// As narrow as every column's node names allow to be shown whole (see namesWidth).
    QSize minimumSizeHint() const override { return {min_width_, 140}; }

signals:
    void nodeSelected(const QString& name);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// Groups full_ for the current height into snap_.
    void regroup();
    int boxAt(QPointF pos) const;
    /// Widget pixels -> diagram pixels (undoes zoom and pan).
    QTransform viewTransform() const;
    void clampPan();
    /// The line a link is drawn along: straight between columns, a curve out to the right of
    /// its column between two nodes of the same column (so it never runs behind a third node).
    QPainterPath linkPath(const TopologyLink& link, const std::vector<QRectF>& rects) const;
    /// Node names, bold, and the detail under them, at the current scale.
    QFont nameFont() const;
    QFont detailFont() const;
    /// What goes under a node's name; idle: no message reached or left it.
    NodeDetailParts detailParts(const TopologyNode& n, bool idle) const;
    /// idle: no message reached or left it (drawn paler, and says so).
    void paintNode(class QPainter& p, const TopologyNode& n, const QRectF& r, bool idle) const;
    void paintGroup(class QPainter& p, const TopologyGroup& g, const QRectF& r) const;
    QString groupTip(const TopologyGroup& g, int box) const;
    QRectF diagramArea() const;
    void paintLegend(class QPainter& p) const;
    /// Draws the link's line (labels == false) or its rate label, slid along the line off the
    /// labels already in `placed` (labels == true, after every line, so no line crosses a label).
    /// Returns false when a label found no free spot and was left out.
    bool paintLink(class QPainter& p, const TopologyLink& link, const std::vector<QRectF>& rects, bool labels,
                   std::vector<QRectF>& placed) const;
    /// Width, pixels, at which the widest node name of the drawn snapshot fits its box at scale 1
    /// (columns are equally wide), within kMinWidth_px .. kMaxMinWidth_px.
    int namesWidth() const;
    /// Sub-columns a column of `count` boxes wraps into at the current size.
    int subColumns(int count) const;

    TopologySnapshot full_;  ///< as set: one box per node
    TopologySnapshot snap_;  ///< as drawn: grouped for the height
    int grouped_for_ = -1;   ///< maxPerStage() snap_ was grouped for
    int min_width_ = 320;    ///< minimumSizeHint's width: namesWidth() of the last snapshot
    std::string selected_;   ///< selected node name, "" for none
    QString hint_;           ///< shown when there are no nodes
    /// Pixels under the diagram kept for the legend line (0 when it is hidden).
    double legendHeight() const;
    bool legend_shown_ = true;  ///< the legend line under the diagram
    std::vector<QRectF> placed_;  ///< rate labels of the last paint, diagram pixels
    int hidden_labels_ = 0;       ///< labels left out at the last paint for want of room
    mutable int elided_texts_ = 0;  ///< node texts cut short at the last paint (counted while painting)
    mutable double smallest_text_pt_ = 0.0;  ///< smallest text of the last paint, points on screen
    /// Counts text of `pt` points on screen into smallest_text_pt_.
    void noteTextSize(double pt) const;
    double zoom_ = 1.0;      ///< 1 .. kMaxZoom
    QPointF pan_;            ///< diagram offset after zoom, widget pixels
    bool dragging_ = false;  ///< the background is being dragged
    QPointF drag_from_;      ///< last mouse position of the drag
};

}  // namespace archlab
