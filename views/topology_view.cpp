#include "views/topology_view.h"

#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QResizeEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include "core/lab/node_role.h"
#include "views/link_label_place.h"
#include "views/node_text_fit.h"
#include "views/role_text.h"
#include "views/topology_legend.h"

namespace archlab {

namespace {
constexpr double kMaxNodeWidth_px = 120.0;  ///< at scale 1
constexpr double kMaxNodeHeight_px = 40.0;   ///< a name and a detail line at their sizes
constexpr double kMaxGroupWidth_px = 160.0;
constexpr double kMaxGroupHeight_px = 44.0;
constexpr double kMinRowHeight_px = 24.0;   ///< below this a column wraps, then groups (a name at kNameFont_pt)
constexpr double kMinSubColumn_px = 84.0;   ///< narrowest sub-column a wrapped column gets
constexpr int kMaxSubColumns = 4;
constexpr int kMaxBoxesPerStage = 48;       ///< beyond this many a column groups, however large the view
constexpr double kMaxZoom = 6.0;
constexpr double kWideBoxShare = 0.68;      ///< widest a single box gets of its column: the rest for links and rates
constexpr int kMinWidth_px = 320;
constexpr int kMaxMinWidth_px = 640;        ///< the names' claim on the window is capped: it must fit a laptop
// Readable from a desk at 1366x768: no text under 9 pt (the detail shrinks to fit only from
// a larger scale down to kMinText_pt).
constexpr double kNameFont_pt = 9.5;        ///< at scale 1, bold
constexpr double kDetailFont_pt = 9.0;
constexpr double kRateFont_pt = 9.0;
constexpr double kMinText_pt = 9.0;

/// "950/s", "12.3k/s".
QString rate_text(double per_s) {
    if (per_s >= 10000.0) return QStringLiteral("%1k/s").arg(per_s / 1000.0, 0, 'f', 0);
    if (per_s >= 1000.0) return QStringLiteral("%1k/s").arg(per_s / 1000.0, 0, 'f', 1);
    if (per_s >= 10.0) return QStringLiteral("%1/s").arg(per_s, 0, 'f', 0);
    return QStringLiteral("%1/s").arg(per_s, 0, 'f', 1);
}

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
    full_ = std::move(snapshot);
    grouped_for_ = -1;
    regroup();
    const int names = namesWidth();
    if (names != min_width_) {
        min_width_ = names;
        updateGeometry();  // beside the transactions table: the names whole, the table scrolls
    }
    update();
}

int TopologyView::namesWidth() const {
    if (snap_.stages == 0) return kMinWidth_px;
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(kNameFont_pt);
    const QFontMetricsF fm(f);
    double widest = 0.0;
    for (const TopologyBox& b : snap_.boxes) {
        if (b.node < 0) continue;
        widest = std::max(widest, node_text_width(QString::fromStdString(snap_.nodes[static_cast<std::size_t>(b.node)].name), {}, f, f));
    }
    const double need = snap_.stages * widest / kWideBoxShare + 16.0;  // diagramArea()'s margins
    return std::clamp(static_cast<int>(std::ceil(need)), kMinWidth_px, kMaxMinWidth_px);
}

void TopologyView::clear(const QString& hint) {
    full_ = {};
    snap_ = {};
    grouped_for_ = -1;
    hint_ = hint;
    update();
}

double TopologyView::scale() const {
    // 1 up to a laptop's topology pane; grows with a large screen's pane so text is not 8 px.
    return std::clamp(std::min(width() / 900.0, (height() - legendHeight()) / 190.0), 1.0, 1.8);
}

int TopologyView::subColumns(int count) const {
    const QRectF area = diagramArea();
    const int fit_rows = std::max(1, static_cast<int>(area.height() / (kMinRowHeight_px * scale())));
    return std::clamp((count + fit_rows - 1) / fit_rows, 1, kMaxSubColumns);
}

int TopologyView::maxPerStage() const {
    const QRectF area = diagramArea();
    const int fit_rows = std::max(1, static_cast<int>(area.height() / (kMinRowHeight_px * scale())));
    const int stages = std::max(1, full_.stages);
    const int subs = std::clamp(static_cast<int>(area.width() / stages / (kMinSubColumn_px * scale())), 1, kMaxSubColumns);
    return std::clamp(fit_rows * subs, 2, kMaxBoxesPerStage);
}

void TopologyView::regroup() {
    const int max = maxPerStage();
    if (max == grouped_for_) return;
    grouped_for_ = max;
    snap_ = group_stages(full_, max);
}

void TopologyView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    clampPan();
    regroup();
}

void TopologyView::setSelectedNode(const std::string& name) {
    if (selected_ == name) return;
    selected_ = name;
    update();
}

double TopologyView::legendHeight() const { return legend_shown_ ? kTopologyLegendHeight_px : 0.0; }

QRectF TopologyView::diagramArea() const {
    return QRectF(rect()).adjusted(8, 8, -8, -8 - legendHeight());
}

std::vector<QRectF> TopologyView::boxRects() const {
    std::vector<QRectF> out;
    if (snap_.stages == 0) return out;
    const QRectF area = diagramArea();
    const double k = scale();
    const double col_w = area.width() / snap_.stages;
    out.reserve(snap_.boxes.size());
    // A column of single boxes is half the column wide (at most kMaxNodeWidth_px), wider (up to
    // two thirds, leaving room for the links and their rates) where its text needs it:
    // "coordinator" in a narrow pane, or "removed from the pool" under a name, is shown whole
    // rather than cut short.
    const QFont name_font = nameFont(), detail_font = detailFont();
    std::vector<double> text_w(static_cast<std::size_t>(snap_.stages), 0.0);
    for (const TopologyBox& b : snap_.boxes) {
        if (b.node < 0) continue;
        const TopologyNode& n = snap_.nodes[static_cast<std::size_t>(b.node)];
        double& w = text_w[static_cast<std::size_t>(b.stage)];
        w = std::max(w, node_text_width(QString::fromStdString(n.name), detailParts(n, false), name_font, detail_font));
    }
    for (const TopologyBox& b : snap_.boxes) {
        // A column too tall for its boxes wraps into sub-columns, filled row by row, every other
        // sub-column half a row lower: a link into the right-hand boxes passes between the
        // left-hand ones instead of behind them.
        const int count = snap_.stage_sizes[static_cast<std::size_t>(b.stage)];
        const int subs = subColumns(count);
        const int rows = (count + subs - 1) / subs;
        const double sub_w = col_w / subs;
        const double row_h = area.height() / (rows + (subs > 1 ? 0.5 : 0.0));
        const bool group = b.group >= 0;
        const double w = group      ? std::min(kMaxGroupWidth_px * k, col_w * 0.7)
                         : subs > 1 ? std::min(kMaxNodeWidth_px * k, sub_w * 0.8)
                                    : std::max(std::min(kMaxNodeWidth_px * k, col_w * 0.5),
                                               std::min(col_w * kWideBoxShare, text_w[static_cast<std::size_t>(b.stage)]));
        const double h = std::min((group ? kMaxGroupHeight_px : kMaxNodeHeight_px) * k, row_h * (subs > 1 ? 0.62 : 0.8));
        const int sub = b.slot % subs, row = b.slot / subs;
        const double cx = area.left() + col_w * b.stage + sub_w * (sub + 0.5);
        const double cy = area.top() + row_h * (row + 0.5 + (sub % 2 == 1 ? 0.5 : 0.0));
        out.emplace_back(cx - w / 2, cy - h / 2, w, h);
    }
    return out;
}

QTransform TopologyView::viewTransform() const {
    QTransform t;
    t.translate(pan_.x(), pan_.y());
    t.scale(zoom_, zoom_);
    return t;
}

void TopologyView::clampPan() {
    // Keep the zoomed diagram covering the view: no panning it off into blank space.
    pan_.setX(std::clamp(pan_.x(), width() * (1.0 - zoom_), 0.0));
    pan_.setY(std::clamp(pan_.y(), (height() - legendHeight()) * (1.0 - zoom_), 0.0));
}

void TopologyView::zoomAt(double factor, QPointF at) {
    const double z = std::clamp(factor, 1.0, kMaxZoom);
    const QPointF world = viewTransform().inverted().map(at);
    zoom_ = z;
    pan_ = at - world * zoom_;
    clampPan();
    update();
}

int TopologyView::boxAt(QPointF widget_pos) const {
    const QPointF pos = viewTransform().inverted().map(widget_pos);
    const std::vector<QRectF> rects = boxRects();
    for (std::size_t i = 0; i < rects.size(); ++i) {
        if (rects[i].adjusted(-3, -3, 3, 3).contains(pos)) return static_cast<int>(i);
    }
    return -1;
}

bool TopologyView::paintLink(QPainter& p, const TopologyLink& link, const std::vector<QRectF>& rects, bool labels,
                             std::vector<QRectF>& placed) const {
    const QPainterPath path = linkPath(link, rects);
    const TopologyBox& box_a = snap_.boxes[static_cast<std::size_t>(link.a)];
    const TopologyBox& box_b = snap_.boxes[static_cast<std::size_t>(link.b)];
    const bool same_stage = box_a.stage == box_b.stage;

    if (!labels) {
        const double rate = link.forward_per_s + link.backward_per_s;
        QPen pen(link.faulty ? QColor(0xc0, 0x39, 0x2b) : QColor(0x70, 0x78, 0x88));
        pen.setWidthF(std::clamp(1.0 + 1.6 * std::log10(1.0 + rate), 1.0, 8.0));
        if (link.faulty) pen.setStyle(Qt::DashLine);
        else if (link.delayed) pen.setStyle(Qt::DotLine);
        pen.setCapStyle(Qt::RoundCap);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        return true;
    }

    // Label: the busier direction's rate (requests, or one-way traffic such as heartbeats that
    // flow against the layout), and losses when there are any. Where links fan out
    // (one node to many) the label sits toward the many, where the lines are further apart.
    const int size_a = snap_.stage_sizes[static_cast<std::size_t>(box_a.stage)];
    const int size_b = snap_.stage_sizes[static_cast<std::size_t>(box_b.stage)];
    const double t = same_stage ? 0.5 : size_a < size_b ? 0.62 : size_a > size_b ? 0.38 : 0.5;
    const bool lossy = link.dropped_per_s >= 0.05;
    QString label = rate_text(std::max(link.forward_per_s, link.backward_per_s));
    if (lossy) label += tr(", %1 lost").arg(rate_text(link.dropped_per_s));
    // Labels keep their size on screen when zoomed, so zooming in makes room for more of them.
    QFont f = font();
    f.setPointSizeF(kRateFont_pt * scale() / zoom_);
    p.setFont(f);
    noteTextSize(kRateFont_pt * scale());
    const QFontMetricsF fm(f);
    const QRectF text = fm.boundingRect(QRectF(0, 0, 400, 100), Qt::AlignCenter, label);
    const QSizeF size(text.width() + 6 / zoom_, text.height() + 2 / zoom_);
    // Nowhere free (a fan of many links): left out rather than drawn over another; the legend
    // says some are hidden, and zooming in makes room.
    const std::optional<QRectF> spot = place_link_label(path, t, size, rects, placed);
    if (!spot) return false;
    const QRectF box = *spot;
    placed.push_back(box);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(box, 3, 3);
    p.setPen(lossy || link.faulty ? QColor(0xa0, 0x20, 0x20) : QColor(0x33, 0x33, 0x33));
    p.drawText(box, Qt::AlignCenter, label);
    return true;
}

void TopologyView::paintLegend(QPainter& p) const {
    paint_topology_legend(p, QRectF(rect()), font(), legendFacts());
    noteTextSize(kTopologyLegendFont_pt);
}

TopologyLegendFacts TopologyView::legendFacts() const {
    TopologyLegendFacts facts;
    facts.primaries = std::any_of(snap_.nodes.begin(), snap_.nodes.end(),
                                  [](const TopologyNode& n) { return n.role == kNodeRolePrimary; });
    facts.out_of_pool = std::any_of(snap_.nodes.begin(), snap_.nodes.end(), [](const TopologyNode& n) {
        return n.role == kNodeRoleRemoved || n.role == kNodeRoleDraining;
    });
    facts.hidden_labels = hidden_labels_;
    facts.groups = !snap_.groups.empty();
    facts.zoomed = zoom_ > 1.0;
    return facts;
}

void TopologyView::noteTextSize(double pt) const {
    smallest_text_pt_ = smallest_text_pt_ > 0.0 ? std::min(smallest_text_pt_, pt) : pt;
}

void TopologyView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (snap_.nodes.empty()) {
        if (legend_shown_) paintLegend(p);
        p.setPen(QColor(0x77, 0x77, 0x77));
        p.drawText(diagramArea(), Qt::AlignCenter, hint_);
        return;
    }
    // The diagram zooms and pans; the legend above stays put. Labels are placed after every
    // line (so no line crosses a label) and before the boxes, which stay on top.
    p.save();
    p.setClipRect(QRectF(0, 0, width(), height() - legendHeight()));
    p.setTransform(viewTransform());
    const std::vector<QRectF> rects = boxRects();
    placed_.clear();
    elided_texts_ = 0;
    smallest_text_pt_ = 0.0;
    for (const TopologyLink& l : snap_.links) paintLink(p, l, rects, false, placed_);
    // The busiest links get their labels first: where a fan has no room, heartbeats give way.
    std::vector<const TopologyLink*> by_rate;
    for (const TopologyLink& l : snap_.links) by_rate.push_back(&l);
    std::stable_sort(by_rate.begin(), by_rate.end(), [](const TopologyLink* a, const TopologyLink* b) {
        return a->forward_per_s + a->backward_per_s + a->dropped_per_s > b->forward_per_s + b->backward_per_s + b->dropped_per_s;
    });
    hidden_labels_ = 0;
    for (const TopologyLink* l : by_rate) hidden_labels_ += paintLink(p, *l, rects, true, placed_) ? 0 : 1;

    // The selected node, or the group it is in, gets a ring.
    int selected_box = -1;
    if (!selected_.empty()) {
        for (const TopologyNode& n : snap_.nodes) {
            if (n.name == selected_) selected_box = n.box;
        }
    }
    // A node no message reached or left (a store the chosen mode does not use) says so.
    std::vector<bool> linked(snap_.boxes.size(), false);
    for (const TopologyLink& l : snap_.links) {
        if (l.forward_per_s + l.backward_per_s + l.dropped_per_s <= 0.0 && !l.faulty) continue;
        linked[static_cast<std::size_t>(l.a)] = linked[static_cast<std::size_t>(l.b)] = true;
    }
    for (std::size_t i = 0; i < snap_.boxes.size(); ++i) {
        const TopologyBox& b = snap_.boxes[i];
        const QRectF& r = rects[i];
        const bool idle = !linked[i] && snap_.t_s >= 1.0;
        const bool selected = static_cast<int>(i) == selected_box;
        if (selected) {
            p.setPen(QPen(QColor(0x11, 0x11, 0x11), 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(-4, -4, 4, 4), 8, 8);
        }
        if (b.node >= 0) {
            // A node that is down is quiet because it is dead: it says "down", not "no messages".
            const TopologyNode& n = snap_.nodes[static_cast<std::size_t>(b.node)];
            paintNode(p, n, r, idle && n.state != NodeState::Down);
        } else {
            paintGroup(p, snap_.groups[static_cast<std::size_t>(b.group)], r);
        }
    }
    p.restore();
    if (legend_shown_) paintLegend(p);  // after the labels: it says how many had no room
}

QFont TopologyView::nameFont() const {
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(kNameFont_pt * scale());
    return f;
}

QFont TopologyView::detailFont() const {
    QFont f = font();
    f.setPointSizeF(kDetailFont_pt * scale());
    return f;
}

NodeDetailParts TopologyView::detailParts(const TopologyNode& n, bool idle) const {
    NodeDetailParts parts;
    parts.role = QString::fromStdString(n.role);
    parts.role_short = short_role_text(n.role);
    parts.state = QString::fromLatin1(to_string(n.state));
    parts.quiet = idle ? tr("no messages") : QString();
    parts.note = QString::fromStdString(n.note);
    return parts;
}

void TopologyView::paintNode(QPainter& p, const TopologyNode& n, const QRectF& r, bool idle) const {
    const double k = scale();
    const QFont name_font = nameFont(), detail_font = detailFont();
    const bool out_of_pool = n.role == kNodeRoleRemoved || n.role == kNodeRoleDraining;
    p.setPen(QPen(stateColour(n.state).darker(130), 1.0));
    QColor fill = stateColour(n.state);
    if (out_of_pool || idle) fill = fill.lighter(135);  // running, but sent nothing (new)
    p.setBrush(fill);
    p.drawRoundedRect(r, 6, 6);
    if (out_of_pool) {
        p.setBrush(QBrush(QColor(255, 255, 255, 150), Qt::BDiagPattern));
        p.drawRoundedRect(r, 6, 6);
    }
    if (n.role == kNodeRolePrimary) {
        p.setPen(QPen(primary_ring_colour(), 3.0 * k));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(r.adjusted(-1.5, -1.5, 1.5, 1.5), 7, 7);
    }
    p.setPen(Qt::white);
    const NodeTextLayout text =
        lay_out_node_text(QString::fromStdString(n.name), detailParts(n, idle), name_font, detail_font, r, kMinText_pt);
    elided_texts_ += text.elided;
    noteTextSize(name_font.pointSizeF());
    if (text.with_detail) noteTextSize(text.detail.font.pointSizeF());
    p.setFont(name_font);
    p.drawText(text.name_rect, Qt::AlignCenter, text.name);
    if (!text.with_detail) return;
    p.setFont(text.detail.font);
    p.drawText(text.detail_rect,
               static_cast<int>(Qt::AlignCenter) | (text.detail.wrapped ? static_cast<int>(Qt::TextWordWrap) : 0),
               text.detail.text);
}

void TopologyView::paintGroup(QPainter& p, const TopologyGroup& g, const QRectF& r) const {
    // A small stack of cards, its face split by state: a single node down among a thousand
    // still shows as a sliver at least a few pixels wide.
    const QColor edge(0x55, 0x5f, 0x6d);
    for (int k = 2; k >= 1; --k) {
        p.setPen(QPen(edge, 1.0));
        p.setBrush(QColor(0xe4, 0xe8, 0xee));
        p.drawRoundedRect(r.translated(2.5 * k, -2.5 * k), 6, 6);
    }
    QPainterPath face;
    face.addRoundedRect(r, 6, 6);
    p.save();
    p.setClipPath(face);
    constexpr double kMinSlice_px = 4.0;
    int shown = 0;
    for (int c : g.states) shown += c > 0 ? 1 : 0;
    const double spare = std::max(0.0, r.width() - kMinSlice_px * shown);
    double x = r.left();
    for (std::size_t k = 0; k < g.states.size(); ++k) {
        if (g.states[k] == 0) continue;
        const double w = kMinSlice_px + spare * g.states[k] / std::max(1, g.size);
        p.fillRect(QRectF(x, r.top(), w + 0.5, r.height()), stateColour(static_cast<NodeState>(k)));
        x += w;
    }
    p.restore();
    p.setPen(QPen(edge, 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(r, 6, 6);

    const QFont title_font = nameFont(), count_font = detailFont();
    const QString title = tr("%1 ×%2").arg(QString::fromStdString(g.kind)).arg(g.size);
    QStringList counts;
    for (std::size_t k = 1; k < g.states.size(); ++k) {
        if (g.states[k] > 0) counts << tr("%1 %2").arg(g.states[k]).arg(QString::fromLatin1(to_string(static_cast<NodeState>(k))));
    }
    // The counts, in the longest form that fits: all of them, those not up, or how many are not up.
    const QFontMetricsF count_fm(count_font);
    QString line = tr("all up");
    if (!counts.isEmpty()) {
        const QString not_up = counts.join(tr(" · "));
        line = tr("%1 up · %2").arg(g.states[0]).arg(not_up);
        if (count_fm.horizontalAdvance(line) > r.width() - 6) line = not_up;
        if (count_fm.horizontalAdvance(line) > r.width() - 6) line = tr("%1 not up").arg(g.size - g.states[0]);
    }
    p.setPen(Qt::white);
    const bool two_lines = r.height() >= QFontMetricsF(title_font).height() + count_fm.height() + 2;
    noteTextSize(two_lines ? count_font.pointSizeF() : title_font.pointSizeF());
    p.setFont(title_font);
    const QRectF top = two_lines ? QRectF(r.left(), r.top() + 2, r.width(), r.height() * 0.55) : r;
    p.drawText(top, Qt::AlignCenter, QFontMetricsF(title_font).elidedText(title, Qt::ElideRight, r.width() - 6));
    if (two_lines) {
        p.setFont(count_font);
        p.drawText(QRectF(r.left(), r.top() + r.height() * 0.52, r.width(), r.height() * 0.45), Qt::AlignCenter,
                   count_fm.elidedText(line, Qt::ElideRight, r.width() - 6));
    }
}

QString TopologyView::groupTip(const TopologyGroup& g, int box) const {
    QString tip = tr("<b>%1 ×%2</b>").arg(QString::fromStdString(g.kind).toHtmlEscaped()).arg(g.size);
    for (std::size_t k = 0; k < g.states.size(); ++k) {
        if (g.states[k] > 0) tip += tr("<br>%1 %2").arg(g.states[k]).arg(QString::fromLatin1(to_string(static_cast<NodeState>(k))));
    }
    if (!g.not_up.empty()) {
        QStringList names;
        for (int i : g.not_up) {
            const TopologyNode& n = snap_.nodes[static_cast<std::size_t>(i)];
            names << tr("%1 (%2)").arg(QString::fromStdString(n.name).toHtmlEscaped(), QString::fromLatin1(to_string(n.state)));
        }
        const int not_up = g.size - g.states[0];
        tip += tr("<br>not up: %1%2").arg(names.join(QStringLiteral(", ")),
                                         not_up > static_cast<int>(names.size()) ? tr(" and %1 more").arg(not_up - static_cast<int>(names.size())) : QString());
    }
    double in = 0.0, out = 0.0;
    for (const TopologyLink& l : snap_.links) {
        if (l.b == box) { in += l.forward_per_s; out += l.backward_per_s; }
        if (l.a == box) { out += l.forward_per_s; in += l.backward_per_s; }
    }
    tip += tr("<br>in %1 · out %2").arg(rate_text(in), rate_text(out));
    if (g.internal_per_s > 0.0) tip += tr(" · among themselves %1").arg(rate_text(g.internal_per_s));
    tip += tr("<br><i>Too many to draw one by one at this height; pick a node in the Faults panel.</i>");
    return tip;
}

void TopologyView::mousePressEvent(QMouseEvent* event) {
    const int b = boxAt(event->position());
    const int i = b < 0 ? -1 : snap_.boxes[static_cast<std::size_t>(b)].node;
    if (i < 0) {
        // The background: drag to pan a zoomed diagram.
        dragging_ = zoom_ > 1.0 && event->button() == Qt::LeftButton;
        drag_from_ = event->position();
        if (dragging_) setCursor(Qt::ClosedHandCursor);
        return QWidget::mousePressEvent(event);
    }
    selected_ = snap_.nodes[static_cast<std::size_t>(i)].name;
    update();
    emit nodeSelected(QString::fromStdString(selected_));
}

void TopologyView::mouseMoveEvent(QMouseEvent* event) {
    if (!dragging_) return QWidget::mouseMoveEvent(event);
    pan_ += event->position() - drag_from_;
    drag_from_ = event->position();
    clampPan();
    update();
}

void TopologyView::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_) unsetCursor();
    dragging_ = false;
    QWidget::mouseReleaseEvent(event);
}

void TopologyView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (boxAt(event->position()) >= 0) return QWidget::mouseDoubleClickEvent(event);
    zoomAt(1.0, event->position());
}

void TopologyView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0 || snap_.nodes.empty()) return QWidget::wheelEvent(event);
    zoomAt(zoom_ * std::pow(1.25, steps), event->position());
    event->accept();
}

bool TopologyView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int b = boxAt(help->pos());
        if (b < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const TopologyBox& box = snap_.boxes[static_cast<std::size_t>(b)];
        if (box.group >= 0) {
            QToolTip::showText(help->globalPos(), groupTip(snap_.groups[static_cast<std::size_t>(box.group)], b), this);
            return true;
        }
        const int i = box.node;
        const TopologyNode& n = snap_.nodes[static_cast<std::size_t>(i)];
        QString tip = tr("<b>%1</b><br>kind: %2<br>state: %3").arg(QString::fromStdString(n.name).toHtmlEscaped(),
                                                                  QString::fromStdString(n.kind).toHtmlEscaped(),
                                                                  QString::fromLatin1(to_string(n.state)));
        tip += n.endpoint.empty() ? tr("<br>endpoint: none") : tr("<br>endpoint: %1").arg(QString::fromStdString(n.endpoint));
        if (!n.role.empty()) tip += tr("<br>role: %1").arg(QString::fromStdString(n.role).toHtmlEscaped());
        if (!n.note.empty()) tip += tr("<br>%1").arg(QString::fromStdString(n.note).toHtmlEscaped());
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace archlab
