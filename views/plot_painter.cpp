#include "views/plot_painter.h"

#include <algorithm>

#include <QBuffer>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace archlab {

namespace {
const QColor kMarker(0xb0, 0x2a, 0x1a);
const QColor kGrid(0xe3, 0xe3, 0xe3);
const QColor kFrame(0x99, 0x99, 0x99);
const QColor kText(0x33, 0x33, 0x33);
const QColor kCursor(0x22, 0x22, 0x22);

Qt::PenStyle pen_style(PlotLine::Dash d) {
    switch (d) {
        case PlotLine::Dash::Dashed: return Qt::DashLine;
        case PlotLine::Dash::Dotted: return Qt::DotLine;
        case PlotLine::Dash::Solid: break;
    }
    return Qt::SolidLine;
}
}  // namespace

void paint_chart_plot(QPainter& p, const QRectF& area, const ChartPlot& plot, double until_s, double cursor_s) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, Qt::white);
    QFont font = p.font();
    font.setBold(false);
    font.setPixelSize(std::max(10, static_cast<int>(area.height() / 26)));
    p.setFont(font);
    const QFontMetricsF fm(font);
    QFont title_font = font;
    title_font.setBold(true);
    title_font.setPixelSize(font.pixelSize() + 2);

    // Room on the left for the widest tick label (an index's names are words: "replica-2").
    double left_px = 60;
    for (std::size_t i = 0; i < plot.y.ticks.size(); ++i) {
        left_px = std::max(left_px, fm.horizontalAdvance(QString::fromStdString(plot.y.tick_label(i))) + 14);
    }
    // Legend rows at the bottom, laid out first so the plot gets what is left.
    std::vector<QPointF> legend;
    double lx = area.left() + left_px;
    int rows = plot.lines.empty() ? 0 : 1;
    for (const PlotLine& l : plot.lines) {
        const double w = 30 + fm.horizontalAdvance(QString::fromStdString(l.label)) + 14;
        if (lx + w > area.right() - 10 && lx > area.left() + left_px) {
            lx = area.left() + left_px;
            ++rows;
        }
        legend.emplace_back(lx, rows - 1);
        lx += w;
    }
    const double row_h = fm.height() + 4;
    // The note under the title, wrapped at word breaks to the chart's width.
    QStringList note_lines;
    for (const QString& word : QString::fromStdString(plot.note).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = note_lines.isEmpty() ? word : note_lines.back() + QLatin1Char(' ') + word;
        if (!note_lines.isEmpty() && fm.horizontalAdvance(longer) <= area.right() - 10 - (area.left() + left_px)) {
            note_lines.back() = longer;
        } else {
            note_lines << word;
        }
    }
    const double top = area.top() + fm.height() * (1.6 + 1.1 * static_cast<double>(note_lines.size()));
    const QRectF box(area.left() + left_px, top, area.width() - left_px - 16,
                     area.bottom() - 4 - top - 2.4 * fm.height() - rows * row_h);
    if (box.height() < 20 || box.width() < 40) {
        p.restore();
        return;
    }
    const auto sx = [&](double t) { return box.left() + (t - plot.x.min) / std::max(plot.x.max - plot.x.min, 1e-12) * box.width(); };
    const auto sy = [&](double v) { return box.bottom() - (v - plot.y.min) / std::max(plot.y.max - plot.y.min, 1e-12) * box.height(); };

    p.setPen(Qt::black);
    p.setFont(title_font);
    p.drawText(QPointF(box.left(), area.top() + fm.height()), QString::fromStdString(plot.title));
    p.setFont(font);
    p.setPen(QColor(0x55, 0x55, 0x55));
    for (int i = 0; i < note_lines.size(); ++i) {
        p.drawText(QPointF(box.left(), area.top() + fm.height() * (2.1 + 1.1 * i)), note_lines[i]);
    }
    for (std::size_t i = 0; i < plot.y.ticks.size(); ++i) {
        const double v = plot.y.ticks[i];
        p.setPen(kGrid);
        p.drawLine(QPointF(box.left(), sy(v)), QPointF(box.right(), sy(v)));
        p.setPen(kText);
        const QString text = QString::fromStdString(plot.y.tick_label(i));
        p.drawText(QPointF(box.left() - 6 - fm.horizontalAdvance(text), sy(v) + fm.ascent() / 2 - 1), text);
    }
    const double xstep = plot.x.ticks.size() > 1 ? plot.x.ticks[1] - plot.x.ticks[0] : 1.0;
    for (double t : plot.x.ticks) {
        p.setPen(kFrame);
        p.drawLine(QPointF(sx(t), box.bottom()), QPointF(sx(t), box.bottom() + 4));
        p.setPen(kText);
        const QString text = QString::fromStdString(tick_text(t, xstep));
        p.drawText(QPointF(sx(t) - fm.horizontalAdvance(text) / 2, box.bottom() + 4 + fm.ascent()), text);
    }
    p.setPen(kFrame);
    p.drawRect(box);
    p.setPen(kText);
    const QString xlabel = QStringLiteral("time (s)");
    p.drawText(QPointF(box.center().x() - fm.horizontalAdvance(xlabel) / 2, box.bottom() + 4 + fm.height() + fm.ascent()), xlabel);
    if (!plot.unit.empty()) {
        p.save();
        p.translate(area.left() + fm.ascent(), box.center().y());
        p.rotate(-90);
        const QString unit = QString::fromStdString(plot.unit);
        p.drawText(QPointF(-fm.horizontalAdvance(unit) / 2, 0), unit);
        p.restore();
    }

    p.save();
    p.setClipRect(box.adjusted(-1, -1, 1, 1));
    for (const PlotLine& l : plot.lines) {
        QPen pen(QColor(QString::fromStdString(l.colour)));
        pen.setWidthF(2.0);
        pen.setStyle(pen_style(l.dash));
        p.setPen(pen);
        for (const auto& seg : l.segments) {
            QPainterPath path;
            int n = 0;
            for (const auto& [t, v] : seg) {
                if (t > until_s) break;
                const QPointF at(sx(t), sy(v));
                if (n++ == 0) path.moveTo(at);
                else path.lineTo(at);
            }
            if (n == 1) {
                p.setBrush(pen.color());
                p.drawEllipse(path.currentPosition(), 2.5, 2.5);
                p.setBrush(Qt::NoBrush);
            } else if (n > 1) {
                p.drawPath(path);
            }
        }
    }
    p.restore();
    for (const PlotMarker& m : plot.markers) {
        if (m.t_s < plot.x.min || m.t_s > plot.x.max || m.t_s > until_s) continue;
        QPen pen(kMarker);
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(sx(m.t_s), box.top()), QPointF(sx(m.t_s), box.bottom()));
        p.save();
        p.translate(sx(m.t_s) + fm.ascent() + 1, box.top() + 4);
        p.rotate(90);
        p.drawText(QPointF(0, 0), QString::fromStdString(m.label));
        p.restore();
    }
    if (std::isfinite(cursor_s) && cursor_s >= plot.x.min && cursor_s <= plot.x.max) {
        QPen pen(kCursor);
        pen.setWidthF(1.0);
        p.setPen(pen);
        p.drawLine(QPointF(sx(cursor_s), box.top()), QPointF(sx(cursor_s), box.bottom()));
    }
    for (std::size_t i = 0; i < plot.lines.size(); ++i) {
        const PlotLine& l = plot.lines[i];
        const double x = legend[i].x(), y = box.bottom() + 2.4 * fm.height() + legend[i].y() * row_h + row_h / 2;
        QPen pen(QColor(QString::fromStdString(l.colour)));
        pen.setWidthF(2.5);
        pen.setStyle(pen_style(l.dash));
        p.setPen(pen);
        p.drawLine(QPointF(x, y), QPointF(x + 24, y));
        p.setPen(Qt::black);
        p.drawText(QPointF(x + 30, y + fm.ascent() / 2 - 1), QString::fromStdString(l.label));
    }
    p.restore();
}

QByteArray chart_plot_png(const ChartPlot& plot, int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        paint_chart_plot(p, QRectF(0, 0, width, height), plot);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

std::vector<std::uint32_t> plot_colours(const ChartPlot& plot) {
    std::vector<std::uint32_t> out = {0xFFFFFF, 0x000000, kMarker.rgb() & 0xFFFFFFu, kGrid.rgb() & 0xFFFFFFu,
                                 kFrame.rgb() & 0xFFFFFFu, kText.rgb() & 0xFFFFFFu};
    for (const PlotLine& l : plot.lines) {
        const std::uint32_t c = QColor(QString::fromStdString(l.colour)).rgb() & 0xFFFFFFu;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

}  // namespace archlab
