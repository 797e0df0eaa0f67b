#include "app/desktop/app_icon.h"

#include <QImageReader>
#include <QPainter>
#include <QPixmap>

namespace archlab {

namespace {
/// resources/icons/archlab.svg drawn with QPainter (same shapes, 64 x 64 design units).
QPixmap painted_icon(int size) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 64.0, size / 64.0);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x1f, 0x3b, 0x57));
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12);
    p.setPen(QPen(QColor(0x9f, 0xc5, 0xe8), 3));
    p.drawLine(QPointF(32, 16), QPointF(16, 44));
    p.drawLine(QPointF(32, 16), QPointF(48, 44));
    p.drawLine(QPointF(16, 44), QPointF(48, 44));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xf6, 0xb2, 0x6b));
    p.drawEllipse(QPointF(32, 16), 7, 7);
    p.setBrush(QColor(0x93, 0xc4, 0x7d));
    p.drawEllipse(QPointF(16, 44), 7, 7);
    p.drawEllipse(QPointF(48, 44), 7, 7);
    return pm;
}
}  // namespace

QIcon app_icon() {
    if (QImageReader::supportedImageFormats().contains("svg")) return QIcon(QStringLiteral(":/icons/archlab.svg"));
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128}) icon.addPixmap(painted_icon(size));
    return icon;
}

}  // namespace archlab
