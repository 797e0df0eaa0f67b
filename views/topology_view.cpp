#include "views/topology_view.h"

#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace archlab {

namespace {
constexpr double kLegendHeight_px = 22.0;
constexpr double kMaxNodeWidth_px = 120.0;
constexpr double kMaxNodeHeight_px = 36.0;
/// A stage whose rows are thinner than this (hundreds of nodes) is crowded: its links are drawn as
/// hairlines without labels, its nodes as plain bars without names.
constexpr double kCrowdedRow_px = 6.0;

/// "950/s", "12.3k/s".
QString rate_text(double per_s) {
    if (per_s >= 10000.0) return QStringLiteral("%1k/s").arg(per_s / 1000.0, 0, 'f', 0);
    if (per_s >= 1000.0) return QStringLiteral("%1k/s").arg(per_s / 1000.0, 0, 'f', 1);
    if (per_s >= 10.0) return QStringLiteral("%1/s").arg(per_s, 0, 'f', 0);
    return QStringLiteral("%1/s").arg(per_s, 0, 'f', 1);
}

const NodeState kStates[] = {NodeState::Up, NodeState::Down, NodeState::Paused, NodeState::Slow,
                             NodeState::Partitioned};
}  // namespace

TopologyView::TopologyView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(false);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xfb, 0xfb, 0xfd));
    setPalette(pal);
    hint_ = tr("Start the lab to see its cluster.");
}

QColor TopologyView::stateColour(NodeState s) {
    switch (s) {
        case NodeState::Up: return {0x3a, 0x9a, 0x4a};
        case NodeState::Down: return {0xc0, 0x39, 0x2b};
        case NodeState::Paused: return {0x2e, 0x6d, 0xb4};
        case NodeState::Slow: return {0xe6, 0x7e, 0x22};
        case NodeState::Partitioned: return {0x8e, 0x44, 0xad};
    }
    return Qt::gray;
}

void TopologyView::setSnapshot(TopologySnapshot snapshot) {
    snap_ = std::move(snapshot);
    update();
}

void TopologyView::clear(const QString& hint) {
    snap_ = {};
    hint_ = hint;
    update();
}

void TopologyView::setSelectedNode(const std::string& name) {
    if (selected_ == name) return;
    selected_ = name;
    update();
}

QRectF TopologyView::diagramArea() const {
    return QRectF(rect()).adjusted(8, 8, -8, -8 - kLegendHeight_px);
}

std::vector<QRectF> TopologyView::nodeRects() const {
    std::vector<QRectF> out;
    if (snap_.stages == 0) return out;
    const QRectF area = diagramArea();
    const double col_w = area.width() / snap_.stages;
    const double node_w = std::min(kMaxNodeWidth_px, col_w * 0.5);
    out.reserve(snap_.nodes.size());
    for (const TopologyNode& n : snap_.nodes) {
        const int count = snap_.stage_sizes[static_cast<std::size_t>(n.stage)];
        const double row_h = area.height() / count;
        const double node_h = std::min(kMaxNodeHeight_px, row_h * 0.8);
        const double cx = area.left() + col_w * (n.stage + 0.5);
        const double cy = area.top() + row_h * (n.slot + 0.5);
        out.emplace_back(cx - node_w / 2, cy - node_h / 2, node_w, node_h);
    }
    return out;
}

int TopologyView::nodeAt(QPointF pos) const {
    const std::vector<QRectF> rects = nodeRects();
    for (std::size_t i = 0; i < rects.size(); ++i) {
        if (rects[i].adjusted(-3, -3, 3, 3).contains(pos)) return static_cast<int>(i);
    }
    return -1;
}

void TopologyView::paintLink(QPainter& p, const TopologyLink& link, const std::vector<QRectF>& rects, bool labels,
                             std::vector<QRectF>& placed) const {
    const QRectF& ra = rects[static_cast<std::size_t>(link.a)];
    const QRectF& rb = rects[static_cast<std::size_t>(link.b)];
    const bool same_stage = snap_.nodes[static_cast<std::size_t>(link.a)].stage ==
                            snap_.nodes[static_cast<std::size_t>(link.b)].stage;
    const QPointF a = same_stage ? QPointF(ra.center().x(), ra.bottom()) : QPointF(ra.right(), ra.center().y());
    const QPointF b = same_stage ? QPointF(rb.center().x(), rb.top()) : QPointF(rb.left(), rb.center().y());

    const auto& na = snap_.nodes[static_cast<std::size_t>(link.a)];
    const auto& nb = snap_.nodes[static_cast<std::size_t>(link.b)];
    const int size_a = snap_.stage_sizes[static_cast<std::size_t>(na.stage)];
    const int size_b = snap_.stage_sizes[static_cast<std::size_t>(nb.stage)];
    // Into a stage of hundreds of nodes the lines fan out closer than a label or a wide pen:
    // hairlines there (and no labels, whose placing costs the square of their number).
    const bool crowded = diagramArea().height() / std::max(size_a, size_b) < kCrowdedRow_px;

    if (!labels) {
        const double rate = link.forward_per_s + link.backward_per_s;
        QPen pen(link.faulty ? QColor(0xc0, 0x39, 0x2b) : QColor(0x70, 0x78, 0x88));
        pen.setWidthF(crowded ? 0.0 : std::clamp(1.0 + 1.6 * std::log10(1.0 + rate), 1.0, 8.0));
        if (link.faulty) pen.setStyle(Qt::DashLine);
        else if (link.delayed) pen.setStyle(Qt::DotLine);
        pen.setCapStyle(Qt::RoundCap);
        p.setPen(pen);
        p.setRenderHint(QPainter::Antialiasing, !crowded);  // a thousand antialiased lines take half a second
        p.drawLine(a, b);
        p.setRenderHint(QPainter::Antialiasing, true);
        return;
    }
    if (crowded) return;

    // Label: the busier direction's rate (requests, or one-way traffic such as heartbeats that
    // flow against the layout), and losses when there are any. Where links fan out
    // (one node to many) the label sits toward the many, where the lines are further apart.
    const double t = size_a < size_b ? 0.62 : size_a > size_b ? 0.38 : 0.5;
    const bool lossy = link.dropped_per_s >= 0.05;
    QString label = rate_text(std::max(link.forward_per_s, link.backward_per_s));
    if (lossy) label += tr(", %1 lost").arg(rate_text(link.dropped_per_s));
    QFont f = font();
    f.setPointSizeF(7.0);
    p.setFont(f);
    const QFontMetricsF fm(f);
    const QRectF text = fm.boundingRect(QRectF(0, 0, 400, 100), Qt::AlignCenter, label);
    QRectF box(0, 0, text.width() + 6, text.height() + 2);
    // Where several links meet (two services fanning out to the same nodes), slide the label
    // along its line to the first spot no other label covers; keep the preferred one otherwise.
    box.moveCenter(a + (b - a) * t);
    for (double shift : {0.0, -0.12, 0.12, -0.24, 0.2, -0.34}) {
        QRectF candidate = box;
        candidate.moveCenter(a + (b - a) * std::clamp(t + shift, 0.15, 0.85));
        const bool free = std::none_of(placed.begin(), placed.end(),
                                       [&](const QRectF& r) { return r.intersects(candidate); });
        if (free) {
            box = candidate;
            break;
        }
    }
    placed.push_back(box);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(box, 3, 3);
    p.setPen(lossy || link.faulty ? QColor(0xa0, 0x20, 0x20) : QColor(0x33, 0x33, 0x33));
    p.drawText(box, Qt::AlignCenter, label);
}

void TopologyView::paintLegend(QPainter& p) const {
    QFont f = font();
    f.setPointSizeF(8.0);
    p.setFont(f);
    const QFontMetricsF fm(f);
    double x = 10.0;
    const double y = height() - kLegendHeight_px + 4;
    for (NodeState s : kStates) {
        p.setPen(Qt::NoPen);
        p.setBrush(stateColour(s));
        p.drawRoundedRect(QRectF(x, y + 3, 12, 12), 3, 3);
        x += 16;
        p.setPen(QColor(0x33, 0x33, 0x33));
        const QString text = QString::fromLatin1(to_string(s));
        p.drawText(QPointF(x, y + 13), text);
        x += fm.horizontalAdvance(text) + 14;
    }
    p.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DashLine));
    p.drawLine(QPointF(x, y + 9), QPointF(x + 22, y + 9));
    x += 26;
    p.setPen(QColor(0x33, 0x33, 0x33));
    p.drawText(QPointF(x, y + 13), tr("link fault"));
    x += fm.horizontalAdvance(tr("link fault")) + 14;
    p.setPen(QPen(QColor(0x70, 0x78, 0x88), 1.5, Qt::DotLine));
    p.drawLine(QPointF(x, y + 9), QPointF(x + 22, y + 9));
    x += 26;
    p.setPen(QColor(0x33, 0x33, 0x33));
    p.drawText(QPointF(x, y + 13), tr("delayed"));
    x += fm.horizontalAdvance(tr("delayed")) + 14;
    p.setPen(QColor(0x66, 0x66, 0x66));
    p.drawText(QPointF(x, y + 13), tr("numbers: messages/s · click a node to pick it"));
}

void TopologyView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    paintLegend(p);
    if (snap_.nodes.empty()) {
        p.setPen(QColor(0x77, 0x77, 0x77));
        p.drawText(diagramArea(), Qt::AlignCenter, hint_);
        return;
    }
    const std::vector<QRectF> rects = nodeRects();
    std::vector<QRectF> placed;
    for (const TopologyLink& l : snap_.links) paintLink(p, l, rects, false, placed);
    for (const TopologyLink& l : snap_.links) paintLink(p, l, rects, true, placed);

    QFont name_font = font();
    name_font.setBold(true);
    name_font.setPointSizeF(8.5);
    QFont kind_font = font();
    kind_font.setPointSizeF(7.0);
    for (std::size_t i = 0; i < snap_.nodes.size(); ++i) {
        const TopologyNode& n = snap_.nodes[i];
        const QRectF& r = rects[i];
        const bool selected = n.name == selected_;
        if (selected) {
            p.setPen(QPen(QColor(0x11, 0x11, 0x11), 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(-4, -4, 4, 4), 8, 8);
        }
        const int stage_size = snap_.stage_sizes[static_cast<std::size_t>(n.stage)];
        if (diagramArea().height() / stage_size < kCrowdedRow_px) {
            // Too thin for a frame or a name: the colour says its state.
            p.setRenderHint(QPainter::Antialiasing, false);
            p.fillRect(r, stateColour(n.state));
            p.setRenderHint(QPainter::Antialiasing, true);
            continue;
        }
        p.setPen(QPen(stateColour(n.state).darker(130), 1.0));
        p.setBrush(stateColour(n.state));
        p.drawRoundedRect(r, 6, 6);
        p.setPen(Qt::white);
        const bool two_lines = r.height() >= 28;
        p.setFont(name_font);
        const QRectF top = two_lines ? QRectF(r.left(), r.top() + 2, r.width(), r.height() * 0.55) : r;
        p.drawText(top, Qt::AlignCenter, QFontMetricsF(name_font).elidedText(QString::fromStdString(n.name), Qt::ElideRight, r.width() - 6));
        if (two_lines) {
            p.setFont(kind_font);
            p.drawText(QRectF(r.left(), r.top() + r.height() * 0.52, r.width(), r.height() * 0.45), Qt::AlignCenter,
                       QString::fromLatin1(to_string(n.state)));
        }
    }
}

void TopologyView::mousePressEvent(QMouseEvent* event) {
    const int i = nodeAt(event->position());
    if (i < 0) return QWidget::mousePressEvent(event);
    selected_ = snap_.nodes[static_cast<std::size_t>(i)].name;
    update();
    emit nodeSelected(QString::fromStdString(selected_));
}

bool TopologyView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = nodeAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const TopologyNode& n = snap_.nodes[static_cast<std::size_t>(i)];
        QString tip = tr("<b>%1</b><br>kind: %2<br>state: %3").arg(QString::fromStdString(n.name).toHtmlEscaped(),
                                                                  QString::fromStdString(n.kind).toHtmlEscaped(),
                                                                  QString::fromLatin1(to_string(n.state)));
        tip += n.endpoint.empty() ? tr("<br>endpoint: none") : tr("<br>endpoint: %1").arg(QString::fromStdString(n.endpoint));
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace archlab
