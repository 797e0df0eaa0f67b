// A topology node's text fitted to its box (views/node_text_fit): the longest form that fits,
// the role in its short form before anything is cut short, and the width a box needs for its
// name and its role and note.
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QTest>

#include "views/node_text_fit.h"

using namespace archlab;

namespace {
QFont detail_font() {
    QFont f = QGuiApplication::font();
    f.setPointSizeF(9.0);
    return f;
}

NodeDetailParts removed() {
    NodeDetailParts parts;
    parts.role = QStringLiteral("removed from the pool");
    parts.role_short = QStringLiteral("out of pool");
    parts.state = QStringLiteral("down");
    return parts;
}
}  // namespace

class TestViewNodeTextFit : public QObject {
    Q_OBJECT
private slots:
    void roleWholeWhereItFits() {
        const QFontMetricsF fm(detail_font());
        const double width = fm.horizontalAdvance(QStringLiteral("removed from the pool")) + 2;
        const NodeDetailText d = fit_node_detail(removed(), detail_font(), width, fm.height(), 9.0);
        QCOMPARE(d.text, QStringLiteral("removed from the pool"));
        QVERIFY(!d.elided);
    }

    void roleShortRatherThanCut() {
        // Room for the short form only, one line high, no smaller than 9 pt: "out of pool".
        const QFontMetricsF fm(detail_font());
        const double width = fm.horizontalAdvance(QStringLiteral("out of pool")) + 2;
        const NodeDetailText d = fit_node_detail(removed(), detail_font(), width, fm.height(), 9.0);
        QCOMPARE(d.text, QStringLiteral("out of pool"));
        QVERIFY(!d.elided);
        QCOMPARE(d.font.pointSizeF(), 9.0);
    }

    void cutOnlyWhereNothingFits() {
        const QFontMetricsF fm(detail_font());
        const double width = fm.horizontalAdvance(QStringLiteral("out")) + 1;
        const NodeDetailText d = fit_node_detail(removed(), detail_font(), width, fm.height(), 9.0);
        QVERIFY(d.elided);
        QVERIFY(fm.horizontalAdvance(d.text) <= width);
    }

    void oneLineBoxTakesTheShortRoleBesideTheName() {
        QFont name_font = detail_font();
        name_font.setBold(true);
        const QFontMetricsF nfm(name_font);
        const QString with_short = QStringLiteral("node-3 · out of pool");
        // Too low for two lines, wide enough for the name and the short role only.
        const QRectF box(0, 0, nfm.horizontalAdvance(with_short) + 8, nfm.height() + 2);
        const NodeTextLayout t = lay_out_node_text(QStringLiteral("node-3"), removed(), name_font, detail_font(), box, 9.0);
        QVERIFY(!t.with_detail);
        QCOMPARE(t.name, with_short);
        QCOMPARE(t.elided, 0);
    }

    void boxWidthCoversNameAndRole() {
        QFont name_font = detail_font();
        name_font.setBold(true);
        NodeDetailParts parts = removed();
        parts.note = QStringLiteral("2 waiting");
        const double w = node_text_width(QStringLiteral("coordinator"), parts, name_font, detail_font());
        QVERIFY(w >= QFontMetricsF(name_font).horizontalAdvance(QStringLiteral("coordinator")) + 6);
        QVERIFY(w >= QFontMetricsF(detail_font()).horizontalAdvance(QStringLiteral("removed from the pool · 2 waiting")) + 6);
        // No role nor note: the name alone sets it.
        QCOMPARE(node_text_width(QStringLiteral("db"), {}, name_font, detail_font()),
                 QFontMetricsF(name_font).horizontalAdvance(QStringLiteral("db")) + 10.0);
    }
};

QTEST_MAIN(TestViewNodeTextFit)
#include "test_view_node_text_fit.moc"
