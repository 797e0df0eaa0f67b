#pragma once
// Shared by the transactions lab's tests: the three strategies as Qt Test data rows, and the
// check that every invariant held after a run (from its summary.json).
#include <QTest>

#include <nlohmann/json.hpp>

namespace txn_test {

inline QString dump(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

/// Data rows "2pc", "saga-orchestrated", "saga-choreography" in a QString column "strategy".
inline void add_strategy_rows() {
    QTest::addColumn<QString>("strategy");
    QTest::newRow("2pc") << "2pc";
    QTest::newRow("saga-orchestrated") << "saga-orchestrated";
    QTest::newRow("saga-choreography") << "saga-choreography";
}

/// Every invariant intact after the run: nothing stuck, nothing half done, money and stock
/// conserved, nothing applied twice, every order in the databases ended one way or the other.
inline void check_invariants(const nlohmann::json& s) {
    QVERIFY2(s["stuck"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["in_doubt_at_end"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["money"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["stock"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["half_done"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["double_applied"].get<int>() == 0, qPrintable(dump(s)));
    QCOMPARE(s["completed"].get<int>() + s["compensated"].get<int>(), s["orders"].get<int>());
}

}  // namespace txn_test
