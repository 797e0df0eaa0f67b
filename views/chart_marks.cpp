#include "views/chart_marks.h"

#include <algorithm>

#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

#include "views/mark_labels.h"

namespace archlab {

namespace {
const QColor kFaultMark(0xb0, 0x3a, 0x2e);   ///< faults: red
const QColor kKnobMark(0x2e, 0x6d, 0xb4);    ///< knob changes: blue
constexpr int kMarkRows = 3;                 ///< label rows; more marks at once share labels
constexpr double kMaxLabelShare = 0.6;       ///< a label is at most this share of the plot's width
constexpr double kLabelFont_pt = 7.0;
}  // namespace

ChartMarks::ChartMarks(QChart* chart, QAbstractSeries* anchor) : chart_(chart), anchor_(anchor) {}

ChartMarks::~ChartMarks() { clear(); }  // before the chart that holds the items goes

void ChartMarks::clear() {
    for (Item& m : items_) delete m.line;
    items_.clear();
    for (Label& l : labels_) {
        delete l.box;
        delete l.text;
    }
    labels_.clear();
}

ChartMarks::Label& ChartMarks::label(std::size_t i) {
    while (labels_.size() <= i) {
        auto* box = new QGraphicsRectItem(chart_);
        box->setPen(Qt::NoPen);
        box->setBrush(QColor(255, 255, 255, 215));
        box->setZValue(6);
        auto* text = new QGraphicsSimpleTextItem(chart_);
        QFont f = chart_->font();
        f.setPointSizeF(kLabelFont_pt);
        text->setFont(f);
        text->setZValue(7);
        labels_.push_back({box, text});
    }
    return labels_[i];
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
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const RunMark& mark = marks[i];
        const QColor colour = colour_of(i);
        auto* line = new QGraphicsLineItem(chart_);
        QPen pen(colour);
        pen.setWidthF(1.2);
        pen.setStyle(mark.knob ? Qt::DashDotLine : Qt::DashLine);
        line->setPen(pen);
        line->setZValue(5);
        items_.push_back({mark, colour, line});
    }
    place();
}

void ChartMarks::place() {
    if (items_.empty()) return;
    const QRectF plot = chart_->plotArea();
    std::vector<MarkLabelInput> inputs;
    std::vector<std::size_t> item_of;  ///< inputs[k] is items_[item_of[k]]
    for (std::size_t i = 0; i < items_.size(); ++i) {
        Item& m = items_[i];
        const double x = chart_->mapToPosition(QPointF(m.mark.t_s, 0.0), anchor_).x();
        const bool inside = plot.width() > 0 && x >= plot.left() - 0.5 && x <= plot.right() + 0.5;
        m.line->setVisible(inside);
        if (!inside) continue;
        m.line->setLine(QLineF(x, plot.top(), x, plot.bottom()));
        inputs.push_back({x, QString::fromStdString(m.mark.text), m.mark.knob, m.colour.rgb()});
        item_of.push_back(i);
    }
    QFont f = chart_->font();
    f.setPointSizeF(kLabelFont_pt);
    const QFontMetricsF fm(f);
    const MarkLabelArea area{plot.left(), plot.right(), kMarkRows, plot.width() * kMaxLabelShare};
    const std::vector<MarkLabel> placed =
        place_mark_labels(inputs, area, [&fm](const QString& t) { return fm.horizontalAdvance(t); });
    for (std::size_t k = 0; k < placed.size(); ++k) {
        const MarkLabel& p = placed[k];
        Label& l = label(k);
        const Item& first = items_[item_of[p.marks.front()]];
        QStringList tip;
        for (std::size_t i : p.marks) {
            const Item& m = items_[item_of[i]];
            tip << QObject::tr("%1 at %2 s").arg(QString::fromStdString(m.mark.text)).arg(m.mark.t_s, 0, 'f', 2);
        }
        l.text->setText(p.text);
        l.text->setBrush(first.colour.darker(115));
        l.text->setToolTip(tip.join(QLatin1Char('\n')));
        const QRectF tb = l.text->boundingRect();
        const double top = plot.top() + 1.0 + static_cast<double>(p.row) * (tb.height() + 1.0);
        l.text->setPos(p.left_px, top);
        l.box->setRect(QRectF(p.left_px - 1.0, top, tb.width() + 2.0, tb.height()));
        l.text->setVisible(true);
        l.box->setVisible(true);
    }
    for (std::size_t k = placed.size(); k < labels_.size(); ++k) {
        labels_[k].text->setVisible(false);
        labels_[k].box->setVisible(false);
    }
}

QStringList ChartMarks::shown() const {
    QStringList out;
    for (const Label& l : labels_) {
        if (l.text->isVisible()) out << l.text->text();
    }
    return out;
}

QStringList ChartMarks::shownToolTips() const {
    QStringList out;
    for (const Label& l : labels_) {
        if (l.text->isVisible()) out << l.text->toolTip();
    }
    return out;
}

}  // namespace archlab
