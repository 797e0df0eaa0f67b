#include "views/node_text_fit.h"

#include <algorithm>

#include <QFontMetricsF>
#include <QStringList>

namespace archlab {

namespace {
QString joined(QStringList parts) {
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}
}  // namespace

NodeDetailText fit_node_detail(const NodeDetailParts& parts, QFont font, double width, double height, double min_pt) {
    // Shortest last: the state goes first (the colour says it), then "no messages" (drawn paler);
    // the role and the lab's note are what the room reads.
    const QString full = joined({parts.role, parts.state, parts.quiet, parts.note});
    const QString no_state = joined({parts.role, parts.quiet, parts.note});
    const QString essential = parts.note.isEmpty() && parts.role.isEmpty() ? full : joined({parts.role, parts.note});
    const QString role_short = parts.role_short.isEmpty() ? parts.role : parts.role_short;
    const QString short_essential = parts.note.isEmpty() && role_short.isEmpty() ? full : joined({role_short, parts.note});
    // Each line at the detail size, then a little smaller (down to 80%, never below min_pt),
    // then wrapped over two lines where the box is tall enough.
    const double base_pt = font.pointSizeF();
    for (const double shrink : {1.0, 0.9, 0.8}) {
        const double pt = base_pt * shrink;
        if (shrink < 1.0 && pt < min_pt) break;
        font.setPointSizeF(pt);
        const QFontMetricsF fm(font);
        for (const QString& line : {full, no_state, essential, short_essential}) {
            if (fm.horizontalAdvance(line) <= width) return {line, font, false, fm.height(), false};
        }
        for (const QString& line : {no_state, essential, short_essential}) {
            const int flags = static_cast<int>(Qt::TextWordWrap) | static_cast<int>(Qt::AlignHCenter);
            const QRectF need = fm.boundingRect(QRectF(0, 0, width, 1e6), flags, line);
            if (need.width() <= width + 0.5 && need.height() <= height) return {line, font, true, need.height(), false};
        }
    }
    // The role wins over the note where both cannot show: a failover must show even when small.
    font.setPointSizeF(base_pt);
    const QFontMetricsF fm(font);
    const QString shown = parts.role.isEmpty()                                  ? essential
                          : fm.horizontalAdvance(parts.role) <= width ? parts.role
                                                                      : role_short;
    const bool cut = fm.horizontalAdvance(shown) > width;
    return {fm.elidedText(shown, Qt::ElideRight, width), font, false, fm.height(), cut};
}

double node_text_width(const QString& name, const NodeDetailParts& parts, const QFont& name_font,
                       const QFont& detail_font) {
    constexpr double kSides_px = 10.0;  ///< 3 px each side, as laid out, and 2 px of air each side
    const double name_w = QFontMetricsF(name_font).horizontalAdvance(name);
    const double detail_w = QFontMetricsF(detail_font).horizontalAdvance(joined({parts.role, parts.note}));
    return std::max(name_w, detail_w) + kSides_px;
}

NodeTextLayout lay_out_node_text(const QString& name, const NodeDetailParts& parts, const QFont& name_font,
                                 const QFont& detail_font, const QRectF& box, double min_detail_pt) {
    const QFontMetricsF name_fm(name_font), detail_fm(detail_font);
    const double room = box.width() - 6;
    NodeTextLayout out;
    out.with_detail = box.height() >= name_fm.height() + detail_fm.height() + 2;
    QString line = name;
    if (!out.with_detail) {
        // On one line the role goes beside the name when it fits: a failover must show even when small.
        for (const QString& role : {parts.role, parts.role_short}) {
            const QString with_role = name + QStringLiteral(" · ") + role;
            if (!role.isEmpty() && line == name && name_fm.horizontalAdvance(with_role) <= room) line = with_role;
        }
        out.elided += name_fm.horizontalAdvance(line) > room ? 1 : 0;
        out.name = name_fm.elidedText(line, Qt::ElideRight, room);
        out.name_rect = box;
        return out;
    }
    // The name and the detail under it, centred together in the box.
    out.elided += name_fm.horizontalAdvance(line) > room ? 1 : 0;
    out.name = name_fm.elidedText(line, Qt::ElideRight, room);
    out.detail = fit_node_detail(parts, detail_font, room, box.height() - 4 - name_fm.height(), min_detail_pt);
    out.elided += out.detail.elided ? 1 : 0;
    const double top = box.top() + (box.height() - name_fm.height() - out.detail.height) / 2;
    out.name_rect = QRectF(box.left(), top, box.width(), name_fm.height());
    out.detail_rect = QRectF(box.left() + 3, top + name_fm.height(), room, out.detail.height);
    return out;
}

}  // namespace archlab
