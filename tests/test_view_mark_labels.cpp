// Where a chart's fault and knob labels go (views/mark_labels), with a fixed width per character:
// marks at one time share one label whose words say every node; marks apart get a label each,
// stacked in rows so none covers another; more marks than rows join a label rather than print
// over one; a merged label too wide is cut short, saying how many it holds, with its full words
// kept for the tooltip.
#include <QTest>

#include "views/mark_labels.h"

using namespace archlab;

namespace {
constexpr double kChar_px = 6.0;
double width_of(const QString& t) { return kChar_px * static_cast<double>(t.size()); }

MarkLabelInput fault(double x_px, const char* text) { return {x_px, QString::fromUtf8(text), false, 0xb03a2eu}; }

/// No two labels in one row overlap, and each lies within the plot.
bool apart(const std::vector<MarkLabel>& labels, const MarkLabelArea& area) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].left_px < area.left_px || labels[i].left_px + labels[i].width_px > area.right_px) return false;
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            if (labels[i].row != labels[j].row) continue;
            const bool overlap = labels[i].left_px < labels[j].left_px + labels[j].width_px &&
                                 labels[j].left_px < labels[i].left_px + labels[i].width_px;
            if (overlap) return false;
        }
    }
    return true;
}
}  // namespace

class TestViewMarkLabels : public QObject {
    Q_OBJECT
private slots:
    void mergedWordsSayEveryNode() {
        QCOMPARE(merged_mark_text({QStringLiteral("kill worker-1")}), QStringLiteral("kill worker-1"));
        QCOMPARE(merged_mark_text({QStringLiteral("kill worker-1"), QStringLiteral("kill worker-2"), QStringLiteral("kill worker-3")}),
                 QStringLiteral("kill worker-1, worker-2, worker-3"));
        QCOMPARE(merged_mark_text({QStringLiteral("B: kill worker-1"), QStringLiteral("B: kill worker-2")}),
                 QStringLiteral("B: kill worker-1, worker-2"));
        QCOMPARE(merged_mark_text({QStringLiteral("kill worker-1"), QStringLiteral("slow db 20ms")}),
                 QStringLiteral("kill worker-1; slow db 20ms"));
        // The shared part stops before a text's last word: no text is left with nothing of its own.
        QCOMPARE(merged_mark_text({QStringLiteral("pause lb"), QStringLiteral("pause lb 2s")}), QStringLiteral("pause lb, lb 2s"));
    }

    void marksAtOneTimeShareOneLabel() {
        const MarkLabelArea area{50.0, 450.0, 3, 240.0};
        const std::vector<MarkLabelInput> marks{fault(120.0, "kill worker-1"), fault(120.0, "kill worker-2"), fault(121.0, "kill worker-3")};
        const std::vector<MarkLabel> labels = place_mark_labels(marks, area, width_of);
        QCOMPARE(labels.size(), std::size_t{1});
        QCOMPARE(labels[0].text, QStringLiteral("kill worker-1, worker-2, worker-3"));
        QCOMPARE(labels[0].marks, (std::vector<std::size_t>{0, 1, 2}));
        QCOMPARE(labels[0].left_px, 122.0);  // just right of the line
        QCOMPARE(labels[0].row, 0);
    }

    void colouredRunsKeepTheirOwnLabels() {
        // An overlay of two runs aligned by their first fault: the same time, two colours.
        const MarkLabelArea area{0.0, 400.0, 3, 240.0};
        std::vector<MarkLabelInput> marks{fault(10.0, "#1 promote replica-2"), fault(10.0, "#2 promote replica-2")};
        marks[1].colour = 0x1f77b4u;
        const std::vector<MarkLabel> labels = place_mark_labels(marks, area, width_of);
        QCOMPARE(labels.size(), std::size_t{2});
        QCOMPARE(labels[0].row, 0);
        QCOMPARE(labels[1].row, 1);
        QVERIFY(apart(labels, area));
    }

    void nearbyMarksStackInRows() {
        const MarkLabelArea area{0.0, 600.0, 3, 300.0};
        const std::vector<MarkLabelInput> marks{fault(100.0, "kill worker-1"), fault(110.0, "pause db"), fault(300.0, "kill lb")};
        const std::vector<MarkLabel> labels = place_mark_labels(marks, area, width_of);
        QCOMPARE(labels.size(), std::size_t{3});
        QCOMPARE(labels[0].row, 0);
        QCOMPARE(labels[1].row, 1);  // 10 px on: its own label, below
        QCOMPARE(labels[2].row, 0);  // far enough: the top row again
        QVERIFY(apart(labels, area));
    }

    void moreMarksThanRowsJoinALabel() {
        const MarkLabelArea area{0.0, 600.0, 3, 360.0};
        std::vector<MarkLabelInput> marks;
        for (int i = 0; i < 5; ++i) marks.push_back(fault(100.0 + 8.0 * i, qPrintable(QStringLiteral("kill worker-%1").arg(i + 1))));
        const std::vector<MarkLabel> labels = place_mark_labels(marks, area, width_of);
        QCOMPARE(labels.size(), std::size_t{3});
        QVERIFY(apart(labels, area));
        QCOMPARE(labels[2].text, QStringLiteral("kill worker-3, worker-4, worker-5"));
        QCOMPARE(labels[2].marks, (std::vector<std::size_t>{2, 3, 4}));
        std::size_t spoken = 0;
        for (const MarkLabel& l : labels) spoken += l.marks.size();
        QCOMPARE(spoken, marks.size());  // every mark has a label
    }

    void tooWideIsCutShortSayingHowMany() {
        const MarkLabelArea area{0.0, 300.0, 3, 120.0};  // 20 characters at most
        const std::vector<MarkLabelInput> marks{fault(20.0, "kill worker-1"), fault(20.0, "kill worker-2"), fault(20.0, "kill worker-3")};
        const std::vector<MarkLabel> labels = place_mark_labels(marks, area, width_of);
        QCOMPARE(labels.size(), std::size_t{1});
        QVERIFY2(labels[0].text.startsWith(QStringLiteral("3 faults: ")), qPrintable(labels[0].text));
        QVERIFY(labels[0].text.endsWith(QStringLiteral("…")));
        QVERIFY(labels[0].width_px <= 120.0);
        QCOMPARE(labels[0].full_text, QStringLiteral("kill worker-1, worker-2, worker-3"));
    }

    void labelAtTheRightEdgeStaysInside() {
        const MarkLabelArea area{40.0, 400.0, 3, 200.0};
        const std::vector<MarkLabel> labels = place_mark_labels({fault(399.0, "promote replica-2")}, area, width_of);
        QCOMPARE(labels.size(), std::size_t{1});
        QVERIFY(apart(labels, area));
        QVERIFY(place_mark_labels({}, area, width_of).empty());
    }
};

QTEST_APPLESS_MAIN(TestViewMarkLabels)
#include "test_view_mark_labels.moc"
