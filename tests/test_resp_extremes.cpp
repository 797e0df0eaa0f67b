// Commands at the edges of their number ranges (expiry times near and past LLONG_MAX in s and ms,
// absolute and relative, negative; increments that overflow; floats at DBL_MAX) against the
// executor, each reply compared byte for byte with redis-server 7.0.15's, captured by
// scripts/capture-resp-extremes into tests/golden/resp_extremes.jsonl; and the expiry
// arithmetic over every extreme time and clock. Under the asan preset UndefinedBehaviorSanitizer
// watches all of it for overflow.
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <string>

#include "core/resp/expire_time.h"

#include "resp_command_fixture.h"

using namespace resp_test;

class TestRespExtremes : public QObject {
    Q_OBJECT
private slots:
    void replies_match_redis_byte_for_byte() {
        std::ifstream in(ARCHLAB_SOURCE_DIR "/tests/golden/resp_extremes.jsonl");
        QVERIFY(in.good());
        Fixture f;  // one keyspace for the whole file, as the capture used one connection
        std::string line;
        int compared = 0;
        while (std::getline(in, line)) {
            const nlohmann::json row = nlohmann::json::parse(line);
            const Args args = row["cmd"].get<Args>();
            const std::string expected = row["reply"].get<std::string>();
            const std::string got = f.run(args);
            QVERIFY2(got == expected, qPrintable(QString("%1: redis %2, archlab %3")
                                                     .arg(QString::fromStdString(nlohmann::json(args).dump()),
                                                          QString::fromStdString(nlohmann::json(expected).dump()),
                                                          QString::fromStdString(nlohmann::json(got).dump()))));
            ++compared;
        }
        QVERIFY(compared > 250);
    }

    void expiry_arithmetic_refuses_every_sum_past_int64() {
        // Every combination of extreme times and clocks, including clocks no real run has
        // (before 1970): a deadline that does not fit is refused, never computed with an
        // overflow (UndefinedBehaviorSanitizer aborts the asan build's run on one).
        constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
        constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
        const std::int64_t times[] = {kMin, kMin + 1, kMin / 1000 - 1, -1, 0, 1, 9223372036854, kMax / 1000 + 1, kMax - 1, kMax};
        const std::int64_t clocks[] = {kMin, -1, 0, Fixture::kUnixAtZeroMs, kMax};
        for (const std::int64_t n : times) {
            for (const std::int64_t now : clocks) {
                for (const ExpireUnit unit : {ExpireUnit::seconds, ExpireUnit::milliseconds}) {
                    for (const bool relative : {false, true}) {
                        const auto set = set_deadline_ms(n, unit, relative, now);
                        const auto expire = expire_deadline_ms(n, unit, relative, now);
                        if (set) QVERIFY(time_until(*set, now) >= Nanos(0));
                        if (expire) QVERIFY(time_until(*expire, now) >= Nanos(0));
                    }
                }
            }
        }
        QVERIFY(!expire_deadline_ms(kMin, ExpireUnit::milliseconds, true, -1));  // below LLONG_MIN
        QVERIFY(!expire_deadline_ms(kMax, ExpireUnit::milliseconds, true, 1));   // past LLONG_MAX
        QCOMPARE(*expire_deadline_ms(-5, ExpireUnit::milliseconds, true, 10), std::int64_t{5});
    }
};

QTEST_APPLESS_MAIN(TestRespExtremes)
#include "test_resp_extremes.moc"
