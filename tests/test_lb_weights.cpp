// The load-balancing lab's `weights` knob: any comma list, one positive whole number per node,
// or "equal"; every bad item is named by its position, and a count that does not match `nodes`
// names both counts. Through the lab's own knob, so the CLI, scenarios and the window see the same.
#include <QTest>

#include "core/lab/lab_registry.h"
#include "core/runtime/sim_runtime.h"
#include "input_error.h"
#include "labs/load_balancing/lb_weights.h"
#include "labs/register_labs.h"

using namespace archlab;
using namespace archlab::lblab;

class TestLbWeights : public QObject {
    Q_OBJECT
private slots:
    void good_lists_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("weights");
        QTest::newRow("equal") << "equal" << QList<int>{};
        QTest::newRow("Equal, spaced") << "  Equal " << QList<int>{};
        QTest::newRow("empty") << "" << QList<int>{};
        QTest::newRow("four") << "5,1,1,2" << QList<int>{5, 1, 1, 2};
        QTest::newRow("spaces") << " 3 , 1,1 ,1 " << QList<int>{3, 1, 1, 1};
        QTest::newRow("one") << "7" << QList<int>{7};
        QTest::newRow("largest") << "1000,1" << QList<int>{1000, 1};
    }
    void good_lists() {
        QFETCH(QString, text);
        QFETCH(QList<int>, weights);
        const std::vector<int> got = parse_weight_list(text.toStdString());
        QCOMPARE(QList<int>(got.begin(), got.end()), weights);
    }

    void bad_items_are_named_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("letter") << "3,x,1" << "item 2 'x' is not a positive whole number (1 to 1000)";
        QTest::newRow("zero") << "0,1" << "item 1 '0' is not a positive whole number (1 to 1000)";
        QTest::newRow("negative") << "1,-2" << "item 2 '-2' is not a positive whole number (1 to 1000)";
        QTest::newRow("fraction") << "1,1,2.5" << "item 3 '2.5' is not a positive whole number (1 to 1000)";
        QTest::newRow("too big") << "1001" << "item 1 '1001' is not a positive whole number (1 to 1000)";
        QTest::newRow("overflow") << "99999999999" << "item 1 '99999999999' is not a positive whole number (1 to 1000)";
        QTest::newRow("plus sign") << "+3" << "item 1 '+3' is not a positive whole number (1 to 1000)";
        QTest::newRow("spaces inside") << "1 2,3" << "item 1 '1 2' is not a positive whole number (1 to 1000)";
        QTest::newRow("semicolons") << "3;1;1" << "item 1 '3;1;1' is not a positive whole number (1 to 1000)";
        QTest::newRow("empty item") << "3,,1" << "item 2 is empty (write weights as 5,1,1,2, or equal)";
        QTest::newRow("trailing comma") << "3,1," << "item 3 is empty (write weights as 5,1,1,2, or equal)";
        QTest::newRow("only a comma") << "," << "item 1 is empty (write weights as 5,1,1,2, or equal)";
    }
    void bad_items_are_named() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QCOMPARE(input_error([&] { parse_weight_list(text.toStdString()); }), message);
    }

    void one_weight_per_node() {
        const auto w = weights_for_nodes("5,1,1,2", 4);
        QCOMPARE(w.size(), std::size_t{4});
        QCOMPARE(w.at("node-1"), 5);
        QCOMPARE(w.at("node-4"), 2);
        QVERIFY(weights_for_nodes("equal", 3).empty());
        QCOMPARE(input_error([&] { weights_for_nodes("5,1,1", 4); }),
                 QStringLiteral("weights '5,1,1': 3 weights for 4 nodes (give one per node, or equal)"));
        QCOMPARE(input_error([&] { weights_for_nodes("5,1", 1); }),
                 QStringLiteral("weights '5,1': 2 weights for 1 node (give one per node, or equal)"));
    }

    void the_lab_knob_checks_each_item_and_the_run_the_count() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("load-balancing");
        QVERIFY(lab != nullptr);
        Settings s = lab->default_settings();
        QCOMPARE(s.spec("weights").type, KnobType::Text);
        QCOMPARE(s.get_text("weights"), std::string("equal"));
        s.set("weights", "5,1,1,2");
        QCOMPARE(s.get_text("weights"), std::string("5,1,1,2"));
        QCOMPARE(input_error([&] { s.set("weights", "3,x,1"); }),
                 QString::fromUtf8("knob 'weights': '3,x,1' \u2014 item 2 'x' is not a positive whole number (1 to 1000)"));
        QCOMPARE(s.get_text("weights"), std::string("5,1,1,2"));
        // The count depends on `nodes`, which may be set after `weights`: checked when the run is made.
        s.set("nodes", "3");
        SimRuntime sim(1);
        QVERIFY(input_error([&] { lab->build(RunEnv{sim, TimeMode::Virtual, 1, {}}, s); }).contains("4 weights for 3 nodes"));
    }
};

QTEST_GUILESS_MAIN(TestLbWeights)
#include "test_lb_weights.moc"
