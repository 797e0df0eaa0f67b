#include "views/topology_legend.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStringList>

#include "views/topology_view.h"

namespace archlab {

namespace {
QString legend_tr(const char* text, int n = -1) { return QCoreApplication::translate("TopologyView", text, nullptr, n); }
}  // namespace

QColor primary_ring_colour() { return {0xd4, 0xa0, 0x17}; }

void paint_topology_legend(QPainter& p, const QRectF& band, QFont font, const TopologyLegendFacts& facts) {
    font.setPointSizeF(kTopologyLegendFont_pt);
    p.setFont(font);
    const QFontMetricsF fm(font);
    const QColor ink(0x33, 0x33, 0x33);
    double x = band.left() + 10.0;
    const double y = band.bottom() - kTopologyLegendHeight_px + 5;
    // A word after its swatch, then a gap before the next.
    const auto word = [&](const QString& text) {
        p.setPen(ink);
        p.drawText(QPointF(x, y + 13), text);
        x += fm.horizontalAdvance(text) + 14;
    };
    for (NodeState s : {NodeState::Up, NodeState::Down, NodeState::Paused, NodeState::Slow, NodeState::Partitioned}) {
        p.setPen(Qt::NoPen);
        p.setBrush(TopologyView::stateColour(s));
        p.drawRoundedRect(QRectF(x, y + 3, 12, 12), 3, 3);
        x += 16;
        word(QString::fromLatin1(to_string(s)));
    }
    p.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DashLine));
    p.drawLine(QPointF(x, y + 9), QPointF(x + 22, y + 9));
    x += 26;
    word(legend_tr("link fault"));
    p.setPen(QPen(QColor(0x70, 0x78, 0x88), 1.5, Qt::DotLine));
    p.drawLine(QPointF(x, y + 9), QPointF(x + 22, y + 9));
    x += 26;
    word(legend_tr("delayed"));
    if (facts.primaries) {
        p.setPen(QPen(primary_ring_colour(), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(x, y + 3, 14, 12), 3, 3);
        x += 18;
        word(legend_tr("primary"));
    }
    if (facts.out_of_pool) {  // the hatching topology_view draws over a node the balancer no longer sends to
        const QRectF swatch(x, y + 3, 12, 12);
        p.setPen(QPen(TopologyView::stateColour(NodeState::Up).darker(130), 1.0));
        p.setBrush(TopologyView::stateColour(NodeState::Up).lighter(135));
        p.drawRoundedRect(swatch, 3, 3);
        p.setBrush(QBrush(QColor(255, 255, 255, 150), Qt::BDiagPattern));  // as paintNode hatches
        p.drawRoundedRect(swatch, 3, 3);
        x += 16;
        word(legend_tr("out of pool"));  // as the charts' legends say it
    }
    // The hints, most needed first, as many as fit whole.
    QStringList hints;
    if (facts.hidden_labels > 0) hints << legend_tr("%n rate(s) hidden for room: zoom in", facts.hidden_labels);
    hints << legend_tr("numbers: messages/s");
    hints << (facts.groups ? legend_tr("×N: a group of N nodes") : legend_tr("click a node to pick it"));
    hints << (facts.zoomed ? legend_tr("drag to move, double-click to fit") : legend_tr("wheel to zoom"));
    const double room = std::max(0.0, band.right() - x - 6);
    QString hint;
    for (const QString& h : hints) {
        const QString longer = hint.isEmpty() ? h : hint + QStringLiteral(" · ") + h;
        if (fm.horizontalAdvance(longer) > room) break;
        hint = longer;
    }
    // Not even the first whole: the hidden rates' count said shorter, or nothing (a word cut
    // short, "1 rat…", says nothing either).
    if (hint.isEmpty() && facts.hidden_labels > 0) {
        for (const QString& h : {legend_tr("%n rate(s) hidden", facts.hidden_labels), legend_tr("%n hidden", facts.hidden_labels)}) {
            if (hint.isEmpty() && fm.horizontalAdvance(h) <= room) hint = h;
        }
    }
    p.setPen(QColor(0x66, 0x66, 0x66));
    p.drawText(QPointF(x, y + 13), hint);
}

}  // namespace archlab
