#pragma once
// The cluster drawn live: nodes in columns by kind (in order of first appearance), coloured by
// state, links as lines whose width and label follow the message rate. Click a node to select
// it for the fault panel; hover for its id, kind, state and endpoint. A column with more nodes
// than fit the height is drawn as one box per kind ("worker ×1000", its width split by state)
// with the links to it summed; hover it for its counts and the nodes that are not up.
#include <string>
#include <vector>

#include <QRectF>
#include <QWidget>

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

    QSize sizeHint() const override { return {640, 220}; }
    QSize minimumSizeHint() const override { return {320, 140}; }

signals:
    void nodeSelected(const QString& name);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// Groups full_ for the current height into snap_.
    void regroup();
    /// Where each box is drawn for the current size.
    std::vector<QRectF> boxRects() const;
    int boxAt(QPointF pos) const;
    void paintNode(class QPainter& p, const TopologyNode& n, const QRectF& r) const;
    void paintGroup(class QPainter& p, const TopologyGroup& g, const QRectF& r) const;
    QString groupTip(const TopologyGroup& g, int box) const;
    QRectF diagramArea() const;
    void paintLegend(class QPainter& p) const;
    /// Draws the link's line (labels == false) or its rate label, slid along the line off the
    /// labels already in `placed` (labels == true, after every line, so no line crosses a label).
    void paintLink(class QPainter& p, const TopologyLink& link, const std::vector<QRectF>& rects, bool labels,
                   std::vector<QRectF>& placed) const;

    TopologySnapshot full_;  ///< as set: one box per node
    TopologySnapshot snap_;  ///< as drawn: grouped for the height
    int grouped_for_ = -1;   ///< maxPerStage() snap_ was grouped for
    std::string selected_;   ///< selected node name, "" for none
    QString hint_;           ///< shown when there are no nodes
    bool legend_shown_ = true;  ///< the legend line under the diagram
};

}  // namespace archlab
