#include "views/chart_marks.h"

#include <algorithm>
#include <array>

#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

namespace archlab {

namespace {
const QColor kFaultMark(0xb0, 0x3a, 0x2e);   ///< faults: red
const QColor kKnobMark(0x2e, 0x6d, 0xb4);    ///< knob changes: blue
constexpr std::size_t kMarkRows = 3;         ///< label rows before labels may overlap
constexpr double kLabelFont_pt = 7.0;
}  // namespace

ChartMarks::ChartMarks(QChart* chart, QAbstractSeries* anchor) : chart_(chart), anchor_(anchor) {}

ChartMarks::~ChartMarks() { clear(); }  // before the chart that holds the items goes

void ChartMarks::clear() {
    for (Item& m : items_) {
        delete m.line;
        delete m.box;
        delete m.text;
    }
    items_.clear();
}

void ChartMarks::set(const std::vector<RunMark>& marks, const std::vector<QColor>& colours) {
    const auto colour_of = [&](std::size_t i) {
        return i < colours.size() ? colours[i] : marks[i].knob ? kKnobMark : kFaultMark;
    };
    bool same = marks.size() == items_.size();
    for (std::size_t i = 0; same && i < marks.size(); ++i) {
        same = marks[i].t_s == items_[i].mark.t_s && marks[i].text == items_[i].mark.text && colour_of(i) == items_[i].colour;
    }
    if (same) return;
    clear();
    QFont f = chart_->font();
    f.setPointSizeF(kLabelFont_pt);
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const RunMark& mark = marks[i];
        const QColor colour = colour_of(i);
        auto* line = new QGraphicsLineItem(chart_);
        QPen pen(colour);
        pen.setWidthF(1.2);
        pen.setStyle(mark.knob ? Qt::DashDotLine : Qt::DashLine);
        line->setPen(pen);
        line->setZValue(5);
        auto* box = new QGraphicsRectItem(chart_);
        box->setPen(Qt::NoPen);
        box->setBrush(QColor(255, 255, 255, 215));
        box->setZValue(6);
        auto* text = new QGraphicsSimpleTextItem(QString::fromStdString(mark.text), chart_);
        text->setFont(f);
        text->setBrush(colour.darker(115));
        text->setZValue(7);
        text->setToolTip(QObject::tr("%1 at %2 s").arg(QString::fromStdString(mark.text)).arg(mark.t_s, 0, 'f', 2));
        items_.push_back({mark, colour, line, box, text});
    }
    place();
}

void ChartMarks::place() {
    if (items_.empty()) return;
    const QRectF plot = chart_->plotArea();
    // A label goes to the first row whose last label ends left of it.
    std::array<double, kMarkRows> row_end;
    row_end.fill(-1e9);
    for (Item& m : items_) {
        const double x = chart_->mapToPosition(QPointF(m.mark.t_s, 0.0), anchor_).x();
        const bool inside = plot.width() > 0 && x >= plot.left() - 0.5 && x <= plot.right() + 0.5;
        m.line->setVisible(inside);
        m.box->setVisible(inside);
        m.text->setVisible(inside);
        if (!inside) continue;
        m.line->setLine(QLineF(x, plot.top(), x, plot.bottom()));
        const QRectF tb = m.text->boundingRect();
        const double left = std::max(plot.left(), std::min(x + 2.0, plot.right() - tb.width() - 1.0));
        std::size_t row = 0;
        while (row + 1 < kMarkRows && row_end[row] > left) ++row;
        row_end[row] = left + tb.width() + 4.0;
        const double top = plot.top() + 1.0 + static_cast<double>(row) * (tb.height() + 1.0);
        m.text->setPos(left, top);
        m.box->setRect(QRectF(left - 1.0, top, tb.width() + 2.0, tb.height()));
    }
}

QStringList ChartMarks::shown() const {
    QStringList out;
    for (const Item& m : items_) {
        if (m.text->isVisible()) out << m.text->text();
    }
    return out;
}

}  // namespace archlab
