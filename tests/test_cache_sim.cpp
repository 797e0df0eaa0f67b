// Trace replay end to end: a trace loaded once and replayed per policy x capacity, the
// capacity and policy lists as typed on the command line, the table and the two CSV files,
// the cache-sim subcommand itself, and the real reference trace read as text and as
// oracleGeneral giving the same hits.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/cache/cache_sim.h"
#include "core/cache/sim_report.h"
#include "core/lab/settings.h"
#include "input_error.h"


using namespace archlab;
using namespace archlab::cache;

namespace {

std::string slurp(const QString& path) {
    std::ifstream in(path.toStdString());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs `archlab-cli cache-sim ARGS` (the built binary) with stdout and stderr captured.
int run_cli(const QStringList& args, std::string& out, std::string& err) {
    QProcess cli;
    cli.start(ARCHLAB_CLI_PATH, QStringList{"cache-sim"} + args);
    if (!cli.waitForFinished(120000)) return -1;
    out = cli.readAllStandardOutput().toStdString();
    err = cli.readAllStandardError().toStdString();
    return cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
}

}  // namespace

class TestCacheSim : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string write(const char* name, const std::string& text) {
        const std::string path = dir_.filePath(name).toStdString();
        std::ofstream(path) << text;
        return path;
    }

private slots:
    void load_and_replay_by_hand() {
        const auto reader = open_trace(write("t.txt", "a 10\nb 20\na 10\nc 30\na 10\nb 20\n"), TraceFormat::text);
        const LoadedTrace trace = load_trace(*reader, false);
        QCOMPARE(trace.requests(), std::size_t{6});
        QCOMPARE(trace.unique_keys, std::uint64_t{3});
        QCOMPARE(trace.total_bytes, std::uint64_t{100});
        QCOMPARE(trace.unique_bytes, std::uint64_t{60});
        // LRU, 2 entries: a M, b M, a H, c M (b leaves), a H, b M.
        const SimResult r = replay(trace, builtin_policies(), SimConfig{"lru", 2, CapacityUnit::entries, 1});
        QCOMPARE(r.requests, std::uint64_t{6});
        QCOMPARE(r.hits, std::uint64_t{2});
        QCOMPARE(r.misses, std::uint64_t{4});
        QCOMPARE(r.evictions, std::uint64_t{2});
        QCOMPARE(r.bytes_missed, std::uint64_t{80});
        QVERIFY(qFuzzyCompare(r.hit_ratio(), 2.0 / 6.0));
        QVERIFY(qFuzzyCompare(r.byte_miss_ratio(), 0.8));
    }

    void ignore_size_counts_every_object_one() {
        const auto reader = open_trace(write("s.txt", "a 10\nb 2000\n"), TraceFormat::text);
        const LoadedTrace trace = load_trace(*reader, true);
        QCOMPARE(trace.sizes, (std::vector<std::uint64_t>{1, 1}));
        QCOMPARE(trace.total_bytes, std::uint64_t{2});
    }

    void replay_all_is_policy_major() {
        LoadedTrace trace;
        trace.keys = {1, 2, 1, 3, 1};
        trace.sizes = {1, 1, 1, 1, 1};
        const auto results = replay_all(trace, builtin_policies(), {"lru", "fifo"}, {1, 2, 3}, CapacityUnit::entries);
        QCOMPARE(results.size(), std::size_t{6});
        QCOMPARE(results[0].policy, std::string("lru"));
        QCOMPARE(results[2].capacity, std::uint64_t{3});
        QCOMPARE(results[3].policy, std::string("fifo"));
        for (const SimResult& r : results) QCOMPARE(r.hits + r.misses, r.requests);
        QCOMPARE(results[2].hits, std::uint64_t{2});  // everything fits
    }

    void capacities_as_typed() {
        QCOMPARE(parse_capacities({"1000"}), std::vector<std::uint64_t>{1000});
        QCOMPARE(parse_capacities({"64K,1.5M", "2GiB", " 3kb "}),
                 (std::vector<std::uint64_t>{65536, 1572864, 2147483648ULL, 3072}));
        QCOMPARE(parse_capacities({"0.1,0.5"}, 48974), (std::vector<std::uint64_t>{4897, 24487}));
        QCOMPARE(parse_capacities({"0.001"}, 10), std::vector<std::uint64_t>{1});  // never below 1
        QVERIFY(input_error([] { parse_capacities({"0.1"}); }).contains("working set"));
        for (const char* bad : {"0", "-5", "abc", "1.5", "5X", ""}) {
            try {
                parse_capacities({bad});
                QFAIL(bad);
            } catch (const InputError& e) {
                if (bad[0] != '\0') QVERIFY2(QString(e.what()).contains(bad), e.what());
            }
        }
    }

    void policies_as_typed() {
        const PolicyRegistry r = builtin_policies();
        QCOMPARE(parse_policy_names({"lru,arc", "s3fifo"}, r), (std::vector<std::string>{"lru", "arc", "s3fifo"}));
        QCOMPARE(parse_policy_names({"all"}, r), r.names());
        try {
            parse_policy_names({"lru,clock"}, r);
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("'clock'") && QString(e.what()).contains("all"), e.what());
        }
    }

    void table_and_csv_files() {
        LoadedTrace trace;
        trace.keys = {1, 2, 1, 3, 1, 2};
        trace.sizes = {1, 1, 1, 1, 1, 1};
        const auto results = replay_all(trace, builtin_policies(), {"lru", "arc"}, {2, 1}, CapacityUnit::entries);

        const QStringList lines = QString::fromStdString(format_sim_table(results)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        for (const QString& line : lines) QCOMPARE(line.size(), lines.front().size());  // aligned
        QVERIFY(lines.front().startsWith("policy") && lines.front().contains("byte_miss_ratio"));

        const QString csv = dir_.filePath("cache-sim.csv");
        write_sim_csv(results, csv.toStdString());
        const QStringList rows = QString::fromStdString(slurp(csv)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.front(),
                 QString("policy,capacity,requests,hits,misses,hit_ratio,miss_ratio,byte_miss_ratio,requests_per_s"));
        QCOMPARE(rows.size(), 5);
        QVERIFY(rows[1].startsWith("lru,2,6,"));

        const QString mrc = dir_.filePath("mrc.csv");
        write_mrc_csv(results, mrc.toStdString());
        const QStringList curve = QString::fromStdString(slurp(mrc)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(curve.size(), 3);
        QCOMPARE(curve[0], QString("capacity,lru,arc"));
        QVERIFY(curve[1].startsWith("1,"));  // ascending capacity
        QVERIFY(curve[2].startsWith("2,"));
    }

    void subcommand_writes_table_and_files() {
        const std::string trace = write("cli.csv", "key,size\na,5\nb,5\na,5\nc,5\na,5\n");
        const QString out_dir = dir_.filePath("out");
        std::string out, err;
        QCOMPARE(run_cli({"--trace", QString::fromStdString(trace), "--csv-header", "--csv-size-col", "2", "--policy",
                          "lru,s3fifo", "--capacity", "10,15", "--bytes", "--out", out_dir},
                         out, err),
                 0);
        QVERIFY2(err.empty(), err.c_str());
        QVERIFY2(out.find("(csv): 5 requests, 3 objects") != std::string::npos, out.c_str());
        QVERIFY(out.find("s3fifo") != std::string::npos);
        QVERIFY(QFile::exists(out_dir + "/cache-sim.csv"));
        QVERIFY(QFile::exists(out_dir + "/mrc.csv"));
        // The curve is drawn, not just named: a PNG whose header gives a chart-sized image.
        const std::string png = slurp(out_dir + "/mrc.png");
        QVERIFY(png.size() > 1000);
        QCOMPARE(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n"));
        const auto be32 = [&](std::size_t at) {
            return (std::uint32_t(std::uint8_t(png[at])) << 24) | (std::uint32_t(std::uint8_t(png[at + 1])) << 16) |
                   (std::uint32_t(std::uint8_t(png[at + 2])) << 8) | std::uint32_t(std::uint8_t(png[at + 3]));
        };
        QCOMPARE(be32(16), 1000u);  // IHDR width
        QCOMPARE(be32(20), 560u);   // IHDR height
    }

    void subcommand_reports_bad_input_with_code_2() {
        const std::string cut = write("cut.oracleGeneral.bin", std::string(30, '\0'));  // one record and 6 bytes
        std::string out, err;
        QCOMPARE(run_cli({"--trace", QString::fromStdString(cut), "--policy", "lru", "--capacity", "10"}, out, err), 2);
        QVERIFY2(err.find("record 2 is truncated") != std::string::npos, err.c_str());

        const std::string ok = write("ok.txt", "a\n");
        QCOMPARE(run_cli({"--trace", QString::fromStdString(ok), "--policy", "nope", "--capacity", "10"}, out, err), 2);
        QVERIFY2(err.find("'nope'") != std::string::npos, err.c_str());
    }

    void reference_trace_text_and_binary_agree() {
        const std::string dir = ARCHLAB_SOURCE_DIR "/../shared/reference/traces/";
        if (!QFile::exists(QString::fromStdString(dir + "cloudPhysicsIO.txt"))) QSKIP("reference traces not present");
        const auto text = open_trace(dir + "cloudPhysicsIO.txt", TraceFormat::text);
        const auto binary = open_trace(dir + "cloudPhysicsIO.oracleGeneral.bin", TraceFormat::oracle_general);
        const LoadedTrace a = load_trace(*text, true);
        const LoadedTrace b = load_trace(*binary, true);
        QCOMPARE(a.requests(), std::size_t{113872});
        QCOMPARE(a.unique_keys, std::uint64_t{48974});
        QCOMPARE(b.unique_keys, a.unique_keys);
        const PolicyRegistry r = builtin_policies();
        for (const std::string& name : r.names()) {
            const SimResult x = replay(a, r, SimConfig{name, 2000, CapacityUnit::entries, 1});
            const SimResult y = replay(b, r, SimConfig{name, 2000, CapacityUnit::entries, 1});
            QCOMPARE(x.hits, y.hits);
        }
    }
};

QTEST_GUILESS_MAIN(TestCacheSim)
#include "test_cache_sim.moc"
