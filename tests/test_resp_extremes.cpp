// Commands at the edges of their number ranges (expiry times near and past LLONG_MAX in s and ms,
// absolute and relative, negative; increments that overflow; floats at DBL_MAX) against the
// executor, each reply compared byte for byte with redis-server 7.0.15's, captured by
// scripts/capture-resp-extremes into tests/golden/resp_extremes.jsonl. Under the asan preset
// this is also where UndefinedBehaviorSanitizer watches the expiry arithmetic for overflow.
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

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
};

QTEST_APPLESS_MAIN(TestRespExtremes)
#include "test_resp_extremes.moc"
