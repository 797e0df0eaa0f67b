// Scenario files: a good file reads back exactly (settings in file order, both fault forms);
// malformed JSON names the real line and column; wrong fields are named; unreadable files say why.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/lab/scenario.h"
#include <nlohmann/json.hpp>

#include "core/lab/lab_registry.h"
#include "core/lab/settings.h"
#include "input_error.h"
#include "labs/register_labs.h"

using namespace archlab;


class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void good_file_reads_back() {
        const std::string path = write("good.json", R"({
  "lab": "queueing",
  "seed": 7,
  "duration": "15s",
  "settings": {"workers": 4, "service_ms": 2.5, "arrival_rps": 1200, "dispatch": "round-robin", "db_lock": true},
  "faults": [
    {"at": "5s", "action": "kill", "target": "worker-2"},
    {"at": 2.5, "action": "drop", "target": "lb<->worker-1", "value": 0.2},
    "12s:delay:lb->worker-1:5ms",
    {"at": "10s", "action": "slow", "target": "db", "value": "x3"}
  ]
})");
        const Scenario s = Scenario::load_file(path);
        QCOMPARE(s.lab, std::string("queueing"));
        QCOMPARE(s.seed.value_or(0), std::uint64_t{7});
        QVERIFY(s.duration);
        QCOMPARE(to_s(*s.duration), 15.0);
        const std::vector<std::pair<std::string, std::string>> settings = {
            {"workers", "4"}, {"service_ms", "2.5"}, {"arrival_rps", "1200"}, {"dispatch", "round-robin"}, {"db_lock", "true"}};
        QCOMPARE(s.settings_text, settings);  // file order, not sorted
        QCOMPARE(s.faults.size(), std::size_t{4});
        QCOMPARE(s.faults[0].to_string(), std::string("5s:kill:worker-2"));
        QCOMPARE(s.faults[1].to_string(), std::string("2.5s:drop:lb<->worker-1:0.2"));
        QCOMPARE(s.faults[2].to_string(), std::string("12s:delay:lb->worker-1:5ms"));
        QCOMPARE(s.faults[3].to_string(), std::string("10s:slow:db:x3"));
        // What a scenario holds can be written out as fault strings and read back the same.
        for (const FaultEvent& f : s.faults) QCOMPARE(FaultEvent::parse(f.to_string()).to_string(), f.to_string());
        // The settings text is what Settings::set takes.
        Settings knobs({KnobSpec{"workers", KnobType::Int, 1LL, 1, 32, {}, "", "", false, "", {}}});
        knobs.set(s.settings_text[0].first, s.settings_text[0].second);
        QCOMPARE(knobs.get_int("workers"), 4LL);
    }

    void optional_fields_and_numeric_duration() {
        const Scenario minimal = Scenario::parse(R"({"lab": "queueing"})", "m.json");
        QVERIFY(!minimal.seed);
        QVERIFY(!minimal.duration);
        QVERIFY(minimal.settings_text.empty());
        QVERIFY(minimal.faults.empty());
        const Scenario numeric = Scenario::parse(R"({"lab": "x", "duration": 2.5, "seed": 0})", "n.json");
        QCOMPARE(numeric.duration->count(), std::int64_t{2500000000});
        QCOMPARE(numeric.seed.value_or(9), std::uint64_t{0});
        const Scenario big = Scenario::parse(R"({"lab": "x", "seed": 18446744073709551615})", "b.json");
        QCOMPARE(*big.seed, std::uint64_t{18446744073709551615ULL});
    }

    void text_knob_round_trips_through_a_scenario() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("load-balancing");
        QVERIFY(lab != nullptr);
        // A run's settings as the run store and summary.json keep them, written as a scenario ...
        Settings ran = lab->default_settings();
        ran.set("strategy", "weighted-round-robin");
        ran.set("weights", "5, 1,1,2");
        const nlohmann::json file = {{"lab", "load-balancing"}, {"settings", ran.to_json()}};
        QCOMPARE(file["settings"]["weights"].get<std::string>(), std::string("5, 1,1,2"));
        // ... reads back into the same settings.
        const Scenario sc = Scenario::parse(file.dump(2), "lb.json");
        Settings again = lab->default_settings();
        for (const auto& [knob, value] : sc.settings_text) again.set(knob, value);
        QCOMPARE(again.get_text("weights"), std::string("5, 1,1,2"));
        QVERIFY(again.to_json() == ran.to_json());
        // A bad list in a file is refused naming the item, like on the command line.
        const Scenario bad = Scenario::parse(R"({"lab": "load-balancing", "settings": {"weights": "2,0,1,1"}})", "b.json");
        Settings s = lab->default_settings();
        QCOMPARE(input_error([&] { s.set(bad.settings_text[0].first, bad.settings_text[0].second); }),
                 QString::fromUtf8("knob 'weights': '2,0,1,1' \u2014 item 2 '0' is not a positive whole number (1 to 1000)"));
        // A single weight written as a number reads as its text.
        const Scenario one = Scenario::parse(R"({"lab": "load-balancing", "settings": {"nodes": 1, "weights": 3}})", "o.json");
        for (const auto& [knob, value] : one.settings_text) s.set(knob, value);
        QCOMPARE(s.get_text("weights"), std::string("3"));
    }

    void shipped_presets_parse() {
        const QDir presets(QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios"));
        const QStringList files = presets.entryList({"*.json"}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& f : files) {
            const Scenario s = Scenario::load_file(presets.filePath(f).toStdString());
            QVERIFY2(!s.lab.empty(), qPrintable(f));
        }
    }

    void malformed_json_names_line_and_column_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("double comma") << "{\n  \"lab\": \"queueing\",\n  \"seed\": 1,,\n}\n" << 3 << 13;
        QTest::newRow("unterminated object") << "{\"lab\": \"q\"" << 1 << 12;
        QTest::newRow("empty file") << "" << 1 << 1;
        QTest::newRow("bad literal") << "{\n\t\"lab\": tru\n}" << 2 << 12;
        // The position is where the reader stopped: the last character of the offending token.
        QTest::newRow("missing colon") << "{\n\n   \"lab\" \"q\"}" << 3 << 12;
        QTest::newRow("trailing comma in array") << "{\"lab\": \"q\",\n \"faults\": [\"5s:kill:w\",]}" << 2 << 25;
        // Columns count characters, not bytes: the e-acute is two bytes and one column.
        QTest::newRow("after a multibyte character") << QString::fromUtf8("{\"lab\": \"\xC3\xA9\",, }") << 1 << 13;
        QTest::newRow("unterminated string") << "{\"lab\": \"q\n\"}" << 1 << 11;
    }
    void malformed_json_names_line_and_column() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        const std::string path = write("bad.json", text.toStdString());
        const QString msg = input_error([&] { Scenario::load_file(path); });
        const QString want = QString::fromStdString(path) + QString(":%1:%2: malformed JSON: ").arg(line).arg(column);
        QVERIFY2(msg.startsWith(want), qPrintable(msg + "  <- wanted " + want));
        QVERIFY2(!msg.contains("json.exception"), qPrintable(msg));  // nlohmann's own prefix is dropped
        QVERIFY2(!msg.contains('\n'), qPrintable(msg));
    }

    void wrong_fields_are_named_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<int>("column");  // on line 1: where the value at fault starts (a field's key when unknown)
        QTest::newRow("unknown field") << R"({"lab": "q", "sed": 1})"
                                       << QStringList{"unknown field 'sed'", "did you mean 'seed'?", "fields: lab, seed"} << 14;
        QTest::newRow("not an object") << R"(["lab"])" << QStringList{"JSON object", "an array"} << 1;
        QTest::newRow("lab missing") << R"({"seed": 1})" << QStringList{"field 'lab' is required"} << 1;
        QTest::newRow("lab not a string") << R"({"lab": 3})" << QStringList{"field 'lab'"} << 9;
        QTest::newRow("negative seed") << R"({"lab": "q", "seed": -1})" << QStringList{"field 'seed' must be a non-negative integer"} << 22;
        QTest::newRow("fractional seed") << R"({"lab": "q", "seed": 1.5})" << QStringList{"field 'seed' must be a non-negative integer"} << 22;
        QTest::newRow("seed as text") << R"({"lab": "q", "seed": "1"})" << QStringList{"field 'seed' must be a non-negative integer"} << 22;
        QTest::newRow("duration without unit") << R"({"lab": "q", "duration": "20"})"
                                               << QStringList{"field 'duration'", "'20'", "unit"} << 26;
        QTest::newRow("duration bool") << R"({"lab": "q", "duration": true})" << QStringList{"field 'duration'", "a boolean"} << 26;
        QTest::newRow("duration negative") << R"({"lab": "q", "duration": -1})" << QStringList{"field 'duration'", "more than zero"} << 26;
        QTest::newRow("duration zero") << R"({"lab": "q", "duration": "0s"})" << QStringList{"field 'duration'", "more than zero"} << 26;
        QTest::newRow("settings not an object") << R"({"lab": "q", "settings": [1]})" << QStringList{"field 'settings' must be an object"} << 26;
        QTest::newRow("setting null") << R"({"lab": "q", "settings": {"workers": null}})" << QStringList{"setting 'workers'", "null"} << 38;
        QTest::newRow("setting array") << R"({"lab": "q", "settings": {"w": [1]}})" << QStringList{"setting 'w'", "an array"} << 32;
        QTest::newRow("faults not an array") << R"({"lab": "q", "faults": {}})" << QStringList{"field 'faults' must be an array"} << 24;
        QTest::newRow("fault a number") << R"({"lab": "q", "faults": [3]})" << QStringList{"fault 1 must be an object"} << 25;
        QTest::newRow("fault string bad action") << R"({"lab": "q", "faults": ["5s:explode:db"]})"
                                                 << QStringList{"fault '5s:explode:db'", "unknown action 'explode'"} << 25;
        QTest::newRow("fault without target") << R"({"lab": "q", "faults": [{"at": "5s", "action": "kill"}]})"
                                              << QStringList{"fault 1", "field 'target' is required"} << 25;
        QTest::newRow("fault unknown field") << R"({"lab": "q", "faults": ["1s:kill:a", {"at": "5s", "action": "kill", "target": "w", "when": 1}]})"
                                             << QStringList{"fault 2", "unknown field 'when'"} << 84;
        QTest::newRow("fault bad time") << R"({"lab": "q", "faults": [{"at": "5x", "action": "kill", "target": "w"}]})"
                                        << QStringList{"fault 1", "bad time '5x'"} << 25;
        QTest::newRow("fault bad value") << R"({"lab": "q", "faults": [{"at": 1, "action": "drop", "target": "a->b", "value": 2}]})"
                                         << QStringList{"fault 1", "from 0 to 1", "got '2'"} << 25;
        QTest::newRow("fault action not a string") << R"({"lab": "q", "faults": [{"at": 1, "action": 5, "target": "w"}]})"
                                                   << QStringList{"field 'action' must be a string"} << 45;
    }
    void wrong_fields_are_named() {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QFETCH(int, column);
        const QString msg = input_error([&] { Scenario::parse(text.toStdString(), "s.json"); });
        QVERIFY2(msg.startsWith(QString("s.json:1:%1: ").arg(column)), qPrintable(msg));
        QVERIFY2(!msg.contains('\n'), qPrintable(msg));
        for (const QString& w : words) QVERIFY2(msg.contains(w), qPrintable(msg + "  <- lacks: " + w));
    }

    void out_of_range_numbers_are_named_with_their_position_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("want");  // the whole message after "s.json:"
        // Numbers no double holds: the JSON parser refuses them without a position.
        QTest::newRow("seed 1e999") << R"({"lab": "q", "seed": 1e999})"
                                    << "1:22: field 'seed': the number 1e999 is out of range";
        QTest::newRow("setting on line 3") << "{\"lab\": \"q\",\n \"settings\": {\"workers\": 2,\n   \"arrival_rps\": -1E+400}}"
                                           << "3:19: setting 'arrival_rps': the number -1E+400 is out of range";
        QTest::newRow("fault time") << R"({"lab": "q", "faults": ["1s:kill:a", {"at": 1e999, "action": "kill", "target": "w"}]})"
                                    << "1:45: fault 2 field 'at': the number 1e999 is out of range";
        QTest::newRow("digits past a double") << (R"({"lab": "q", "duration": 1)" + QString(400, '0') + "})")
                                              << "1:26: field 'duration': the number 1" + QString(400, '0') + " is out of range";
        // Numbers a double holds but a count of nanoseconds or the field does not.
        QTest::newRow("duration 1e300 s") << R"({"lab": "q", "duration": 1e300})"
                                          << "1:26: field 'duration' is too long: 1e+300 seconds";
        QTest::newRow("duration 1e300s as text") << R"({"lab": "q", "duration": "1e300s"})"
                                                 << "1:26: field 'duration': bad duration '1e300s' (too long)";
        QTest::newRow("seed past 2^64") << R"({"lab": "q", "seed": 18446744073709551616})"
                                        << "1:22: field 'seed' must be a non-negative integer, got 1.8446744073709552e+19";
        QTest::newRow("fault at 1e300 s") << R"({"lab": "q", "faults": [{"at": 1e300, "action": "kill", "target": "w"}]})"
                                          << "1:25: fault 1: bad time '1e+300s' (too long)";
        QTest::newRow("fault string at 1e300s") << R"({"lab": "q", "faults": ["1e300s:kill:w"]})"
                                                << "1:25: fault '1e300s:kill:w': bad time '1e300s' (too long)";
    }
    void out_of_range_numbers_are_named_with_their_position() {
        QFETCH(QString, text);
        QFETCH(QString, want);
        QCOMPARE(input_error([&] { Scenario::parse(text.toStdString(), "s.json"); }), "s.json:" + want);
    }

    void settings_keep_their_position_for_later_checks() {
        // Knob values are checked against the lab's knobs after parsing: a number too large for
        // a knob is an InputError there, which names the value's position kept here.
        const Scenario s = Scenario::parse("{\"lab\": \"queueing\",\n  \"settings\": {\"workers\": 1e300, \"dispatch\": \"x\"}}", "p.json");
        QCOMPARE(s.settings_text.size(), std::size_t{2});
        QCOMPARE(s.settings_where, (std::vector<std::string>{"p.json:2:27", "p.json:2:46"}));
        Settings knobs({KnobSpec{"workers", KnobType::Int, 1LL, 1, 32, {}, "", "", false, "", {}}});
        QVERIFY(input_error([&] { knobs.set(s.settings_text[0].first, s.settings_text[0].second); }).contains("1e+300"));
    }

    void unreadable_file_says_why() {
        const QString missing = input_error([] { Scenario::load_file("/nonexistent/dir/scenario.json"); });
        QVERIFY2(missing.startsWith("cannot read scenario '/nonexistent/dir/scenario.json': No such file or directory"),
                 qPrintable(missing));
        const QString folder = input_error([&] { Scenario::load_file(dir_.path().toStdString()); });
        QVERIFY2(folder.contains("cannot read scenario") && folder.contains("directory"), qPrintable(folder));
    }

private:
    std::string write(const QString& name, const std::string& text) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
        f.write(text.data(), static_cast<qint64>(text.size()));
        return path.toStdString();
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestScenario)
#include "test_scenario.moc"
