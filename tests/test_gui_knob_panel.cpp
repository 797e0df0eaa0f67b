// The knob panel's line edit for text knobs, offscreen: typing a list and pressing Enter sets
// the knob; a bad list is shown in red with the reason, stays as typed, and changes nothing.
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

#include "core/lab/lab_registry.h"
#include "labs/register_labs.h"
#include "views/knob_panel.h"

namespace {
// Runs before QTEST_MAIN's QApplication: no display is needed, even outside CTest.
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();

/// Replaces the edit's text as a person would and presses Enter.
void type_and_enter(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}
}  // namespace

class GuiKnobPanelTest : public QObject {
    Q_OBJECT
private slots:
    void weightsAreTypedIntoALineEdit() {
        QVERIFY(kOffscreen);
        archlab::LabRegistry labs;
        archlab::register_all_labs(labs);
        const archlab::Lab* lab = labs.find("load-balancing");
        QVERIFY(lab != nullptr);

        archlab::KnobPanel panel;
        panel.setLab(lab->info());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* edit = panel.findChild<QLineEdit*>();  // weights is the lab's only text knob
        QVERIFY(edit != nullptr);
        QCOMPARE(edit->text(), QStringLiteral("equal"));
        QVERIFY2(edit->toolTip().contains(QStringLiteral("weighted-round-robin")), qPrintable(edit->toolTip()));
        QVERIFY2(edit->toolTip().contains(QStringLiteral("5,1,1,2")), qPrintable(edit->toolTip()));
        QVERIFY(edit->placeholderText().contains(QStringLiteral("per node")));

        QSignalSpy changed(&panel, &archlab::KnobPanel::knobChanged);
        type_and_enter(edit, QStringLiteral("5,1,1,2"));
        QCOMPARE(panel.settings().get_text("weights"), std::string("5,1,1,2"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("weights"));
        QVERIFY(panel.errorText().isEmpty());

        // A bad list: the reason is shown, the text stays to be fixed, the knob keeps its value.
        type_and_enter(edit, QStringLiteral("5,x,1,1"));
        QCOMPARE(panel.settings().get_text("weights"), std::string("5,1,1,2"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(edit->text(), QStringLiteral("5,x,1,1"));
        QVERIFY2(panel.errorText().contains(QStringLiteral("item 2 'x' is not a positive whole number")),
                 qPrintable(panel.errorText()));
        QVERIFY2(panel.errorText().contains(QStringLiteral("still 5,1,1,2")), qPrintable(panel.errorText()));
        bool shown = false;
        for (const QLabel* l : panel.findChildren<QLabel*>()) shown = shown || (l->isVisible() && l->text() == panel.errorText());
        QVERIFY(shown);

        // Fixed: the error goes, the value is taken trimmed.
        type_and_enter(edit, QStringLiteral(" 3,1,1,1 "));
        QCOMPARE(panel.settings().get_text("weights"), std::string("3,1,1,1"));
        QCOMPARE(edit->text(), QStringLiteral("3,1,1,1"));
        QVERIFY(panel.errorText().isEmpty());
        QCOMPARE(changed.count(), 2);

        // Leaving the field without a change sets nothing again.
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(changed.count(), 2);

        // Set from text the way the window's callers do, and back to the default.
        QString why;
        QVERIFY2(panel.setKnobText("weights", "equal", &why), qPrintable(why));
        QCOMPARE(edit->text(), QStringLiteral("equal"));
        QVERIFY(!panel.setKnobText("weights", "1,2,0", &why));
        QVERIFY2(why.contains(QStringLiteral("item 3 '0'")), qPrintable(why));
        type_and_enter(edit, QStringLiteral("2,2,1,1"));
        panel.resetToDefaults();
        QCOMPARE(edit->text(), QStringLiteral("equal"));
        QCOMPARE(panel.settings().get_text("weights"), std::string("equal"));

        // Another lab while a half-typed list has the focus: nothing of the old lab is reported.
        const int before = changed.count();
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral(",7"));
        panel.setLab(labs.find("queueing")->info());
        QCOMPARE(changed.count(), before);
        QVERIFY(panel.errorText().isEmpty());
        // The panel closes with the focus in a line edit again (it must not report into itself).
        panel.setLab(lab->info());
        panel.findChild<QLineEdit*>()->setFocus();
        QTest::keyClicks(panel.findChild<QLineEdit*>(), QStringLiteral("x"));
    }
};

QTEST_MAIN(GuiKnobPanelTest)
#include "test_gui_knob_panel.moc"
