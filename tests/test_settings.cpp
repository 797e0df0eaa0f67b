// Settings: every kind of bad knob input is refused with one line that names the knob, what it
// takes and what was given; good input parses; defaults hold until changed.
#include <QTest>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/lab/settings.h"
#include "input_error.h"
#include "core/lab/suggest.h"

using namespace archlab;

namespace {
KnobSpec knob(std::string name, KnobType type, KnobValue def, double min = 0, double max = 0, std::string unit = "") {
    KnobSpec k;
    k.name = std::move(name);
    k.type = type;
    k.def = std::move(def);
    k.min = min;
    k.max = max;
    k.unit = std::move(unit);
    return k;
}

std::vector<KnobSpec> lab_knobs() {
    KnobSpec dispatch = knob("dispatch", KnobType::Enum, std::string("shared-queue"));
    dispatch.choices = {"shared-queue", "round-robin", "random", "least-connections"};
    return {knob("workers", KnobType::Int, 4LL, 1, 32),
            knob("arrival_rps", KnobType::Double, 1000.0, 1, 20000, "req/s"),
            knob("service_ms", KnobType::Double, 2.0, 0.05, 1000, "ms"),
            dispatch,
            knob("db_lock", KnobType::Bool, false),
            knob("retries", KnobType::Int, 0LL)};  // no range declared
}

/// Text knobs: "label" takes any line, "path" only letters joined by '/' (its validator).
std::vector<KnobSpec> text_knobs() {
    KnobSpec label = knob("label", KnobType::Text, std::string("first run"));
    KnobSpec path = knob("path", KnobType::Text, std::string("a/b"));
    path.format = "letters joined by /";
    path.validate = [](const std::string& text) {
        int item = 0;
        std::size_t begin = 0;
        do {
            ++item;
            const std::size_t slash = std::min(text.find('/', begin), text.size());
            for (std::size_t i = begin; i < slash; ++i) {
                if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
                    throw InputError("item " + std::to_string(item) + " holds '" + text.substr(i, 1) + "'");
                }
            }
            begin = slash + 1;
        } while (begin <= text.size());
    };
    return {label, path, knob("workers", KnobType::Int, 4LL, 1, 32)};
}

}  // namespace

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void defaults() {
        const Settings s(lab_knobs());
        QCOMPARE(s.get_int("workers"), 4LL);
        QCOMPARE(s.get_double("arrival_rps"), 1000.0);
        QCOMPARE(s.get_double("workers"), 4.0);  // an Int knob reads as a double too
        QCOMPARE(s.get_enum("dispatch"), std::string("shared-queue"));
        QCOMPARE(s.get_bool("db_lock"), false);
        QCOMPARE(s.specs().size(), std::size_t{6});
        const nlohmann::json j = s.to_json();
        QVERIFY(j["workers"].is_number_integer());
        QVERIFY(j["arrival_rps"].is_number_float());
        QVERIFY(j["dispatch"].is_string());
        QVERIFY(j["db_lock"].is_boolean());
        QCOMPARE(j["workers"].get<int>(), 4);
    }

    void reading_with_the_wrong_type_is_a_programming_error() {
        const Settings s(lab_knobs());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.get_int("arrival_rps"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.get_bool("workers"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.get_enum("db_lock"));
        QVERIFY(!input_error([&] { s.get("nosuch"); }).isEmpty());
    }

    void bad_specs_are_refused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Settings({knob("w", KnobType::Int, 0LL, 1, 4)}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Settings({knob("d", KnobType::Enum, std::string("x"))}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 Settings({knob("w", KnobType::Int, 1LL), knob("w", KnobType::Int, 2LL)}));
    }

    void bad_text_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        const QStringList int_words = {"knob 'workers'", "expected an integer from 1 to 32"};
        QTest::newRow("int letters") << "workers" << "abc" << (int_words + QStringList{"got 'abc'"});
        QTest::newRow("int fraction") << "workers" << "12.5" << (int_words + QStringList{"got '12.5'"});
        QTest::newRow("int exponent") << "workers" << "1e3" << (int_words + QStringList{"got '1e3'"});
        QTest::newRow("int trailing junk") << "workers" << "12abc" << (int_words + QStringList{"got '12abc'"});
        QTest::newRow("int hex") << "workers" << "0x10" << (int_words + QStringList{"got '0x10'"});
        QTest::newRow("int empty") << "workers" << "" << (int_words + QStringList{"got ''"});
        QTest::newRow("int below range") << "workers" << "0" << (int_words + QStringList{"got '0'"});
        QTest::newRow("int above range") << "workers" << "33" << (int_words + QStringList{"got '33'"});
        QTest::newRow("int overflow") << "workers" << "99999999999999999999" << int_words;
        QTest::newRow("int without range") << "retries" << "2.5" << QStringList{"knob 'retries'", "expected an integer,"};
        const QStringList rps = {"knob 'arrival_rps'", "expected a number from 1 to 20000 req/s"};
        QTest::newRow("double letters") << "arrival_rps" << "fast" << (rps + QStringList{"got 'fast'"});
        QTest::newRow("double nan") << "arrival_rps" << "nan" << (rps + QStringList{"got 'nan'"});
        QTest::newRow("double inf") << "arrival_rps" << "inf" << (rps + QStringList{"got 'inf'"});
        QTest::newRow("double -inf") << "arrival_rps" << "-inf" << rps;
        QTest::newRow("double negative") << "arrival_rps" << "-5" << (rps + QStringList{"got '-5'"});
        QTest::newRow("double above range") << "arrival_rps" << "20001" << (rps + QStringList{"got '20001'"});
        QTest::newRow("double trailing junk") << "arrival_rps" << "2e4x" << (rps + QStringList{"got '2e4x'"});
        QTest::newRow("double comma") << "arrival_rps" << "1,5" << rps;
        QTest::newRow("double two points") << "arrival_rps" << "1.2.3" << rps;
        QTest::newRow("double huge exponent") << "arrival_rps" << "1e999" << rps;
        QTest::newRow("double small range") << "service_ms" << "0.01" << QStringList{"from 0.05 to 1000 ms", "got '0.01'"};
        const QStringList choices = {"knob 'dispatch'", "expected one of shared-queue, round-robin, random, least-connections"};
        QTest::newRow("enum unknown") << "dispatch" << "fastest" << (choices + QStringList{"got 'fastest'"});
        QTest::newRow("enum near miss") << "dispatch" << "round_robin" << (choices + QStringList{"did you mean 'round-robin'?"});
        QTest::newRow("enum empty") << "dispatch" << "" << (choices + QStringList{"got ''"});
        const QStringList onoff = {"knob 'db_lock'", "expected on or off"};
        QTest::newRow("bool maybe") << "db_lock" << "maybe" << (onoff + QStringList{"got 'maybe'"});
        QTest::newRow("bool 2") << "db_lock" << "2" << (onoff + QStringList{"got '2'"});
        QTest::newRow("bool empty") << "db_lock" << "" << onoff;
        QTest::newRow("unknown knob, close") << "wrokers" << "4"
                                             << QStringList{"unknown knob 'wrokers' for this lab", "did you mean 'workers'?",
                                                            "knobs: workers, arrival_rps, service_ms, dispatch, db_lock, retries"};
        QTest::newRow("unknown knob, wrong case") << "Workers" << "4" << QStringList{"did you mean 'workers'?"};
        QTest::newRow("unknown knob, far") << "zzz" << "4" << QStringList{"unknown knob 'zzz'", "knobs: workers"};
    }
    void bad_text() {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        Settings s(lab_knobs());
        const QString msg = input_error([&] { s.set(name.toStdString(), text.toStdString()); });
        QVERIFY2(!msg.isEmpty(), "no InputError");
        QVERIFY2(!msg.contains('\n'), qPrintable(msg));
        for (const QString& w : words) QVERIFY2(msg.contains(w), qPrintable(msg + "  <- lacks: " + w));
        if (name == "zzz") QVERIFY2(!msg.contains("did you mean"), qPrintable(msg));
        // A refused value leaves the knob as it was.
        QVERIFY(Settings(lab_knobs()).to_json() == s.to_json());
    }

    void good_text_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("stored");  // format_value of what was stored
        QTest::newRow("int") << "workers" << "12" << "12";
        QTest::newRow("int bounds low") << "workers" << "1" << "1";
        QTest::newRow("int bounds high") << "workers" << "32" << "32";
        QTest::newRow("int plus sign") << "workers" << "+7" << "7";
        QTest::newRow("int spaces") << "workers" << " 4 " << "4";
        QTest::newRow("int without range") << "retries" << "-3" << "-3";
        QTest::newRow("double integer") << "arrival_rps" << "1400" << "1400";
        QTest::newRow("double decimal") << "arrival_rps" << "2.5" << "2.5";
        QTest::newRow("double exponent") << "arrival_rps" << "1e3" << "1000";
        QTest::newRow("double exponent upper") << "service_ms" << "1E2" << "100";
        QTest::newRow("double leading point") << "service_ms" << ".5" << "0.5";
        QTest::newRow("double low bound") << "service_ms" << "0.05" << "0.05";
        QTest::newRow("enum") << "dispatch" << "round-robin" << "round-robin";
        QTest::newRow("enum any case") << "dispatch" << "Least-Connections" << "least-connections";
        for (const char* on : {"on", "true", "1", "yes", "ON", "True"}) QTest::newRow(on) << "db_lock" << on << "on";
        for (const char* off : {"off", "false", "0", "no", "OFF"}) QTest::newRow(off) << "db_lock" << off << "off";
    }
    void good_text() {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QString, stored);
        Settings s(lab_knobs());
        s.set(name.toStdString(), text.toStdString());
        QCOMPARE(QString::fromStdString(format_value(s.get(name.toStdString()))), stored);
    }

    void set_json_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("stored");  // "" = refused
        QTest::newRow("int") << "workers" << "4" << "4";
        QTest::newRow("int as string") << "workers" << "\"8\"" << "8";
        QTest::newRow("int as integral float") << "workers" << "4.0" << "4";
        QTest::newRow("int as fraction") << "workers" << "4.5" << "";
        QTest::newRow("int as bool") << "workers" << "true" << "";
        QTest::newRow("int as null") << "workers" << "null" << "";
        QTest::newRow("int as array") << "workers" << "[4]" << "";
        QTest::newRow("int huge unsigned") << "workers" << "18446744073709551615" << "";
        QTest::newRow("double from int") << "arrival_rps" << "100" << "100";
        QTest::newRow("double") << "arrival_rps" << "12.25" << "12.25";
        QTest::newRow("double out of range") << "arrival_rps" << "0.5" << "";
        QTest::newRow("enum") << "dispatch" << "\"random\"" << "random";
        QTest::newRow("enum as number") << "dispatch" << "3" << "";
        QTest::newRow("bool") << "db_lock" << "true" << "on";
        QTest::newRow("bool as string") << "db_lock" << "\"off\"" << "off";
        QTest::newRow("bool as 1") << "db_lock" << "1" << "on";
        QTest::newRow("bool as 2") << "db_lock" << "2" << "";
    }
    void set_json() {
        QFETCH(QString, name);
        QFETCH(QString, json);
        QFETCH(QString, stored);
        Settings s(lab_knobs());
        const auto value = nlohmann::json::parse(json.toStdString());
        const QString msg = input_error([&] { s.set_json(name.toStdString(), value); });
        if (stored.isEmpty()) {
            QVERIFY2(msg.contains("knob '" + name + "'"), qPrintable(msg));
        } else {
            QVERIFY2(msg.isEmpty(), qPrintable(msg));
            QCOMPARE(QString::fromStdString(format_value(s.get(name.toStdString()))), stored);
        }
    }

    void set_value_checks_like_text() {
        Settings s(lab_knobs());
        s.set_value("workers", KnobValue(16LL));
        QCOMPARE(s.get_int("workers"), 16LL);
        s.set_value("arrival_rps", KnobValue(50LL));
        QCOMPARE(s.get_double("arrival_rps"), 50.0);
        s.set_value("db_lock", KnobValue(true));
        QVERIFY(s.get_bool("db_lock"));
        s.set_value("workers", KnobValue(std::string("3")));
        QCOMPARE(s.get_int("workers"), 3LL);
        QVERIFY(input_error([&] { s.set_value("workers", KnobValue(64LL)); }).contains("got '64'"));
        QVERIFY(input_error([&] { s.set_value("db_lock", KnobValue(0.5)); }).contains("knob 'db_lock'"));
        QVERIFY(input_error([&] { s.set_value("dispatch", KnobValue(true)); }).contains("got 'on'"));
        QVERIFY(input_error([&] { s.spec("nope"); }).contains("unknown knob 'nope'"));
    }

    void format_and_type_names() {
        QCOMPARE(format_value(KnobValue(1400LL)), std::string("1400"));
        QCOMPARE(format_value(KnobValue(2.5)), std::string("2.5"));
        QCOMPARE(format_value(KnobValue(1000.0)), std::string("1000"));
        QCOMPARE(format_value(KnobValue(0.1)), std::string("0.1"));
        QCOMPARE(format_value(KnobValue(std::string("exp"))), std::string("exp"));
        QCOMPARE(format_value(KnobValue(true)), std::string("on"));
        QCOMPARE(format_value(KnobValue(false)), std::string("off"));
        QCOMPARE(std::string(to_string(KnobType::Int)), std::string("int"));
        QCOMPARE(std::string(to_string(KnobType::Double)), std::string("double"));
        QCOMPARE(std::string(to_string(KnobType::Enum)), std::string("enum"));
        QCOMPARE(std::string(to_string(KnobType::Bool)), std::string("bool"));
    }

    void text_knob_takes_a_line_as_typed() {
        Settings s(text_knobs());
        QCOMPARE(s.get_text("label"), std::string("first run"));
        s.set("label", "  5,1,1,2  ");  // commas are nothing special; ends trimmed
        QCOMPARE(s.get_text("label"), std::string("5,1,1,2"));
        s.set("label", "");
        QCOMPARE(s.get_text("label"), std::string());
        s.set("path", "x/yz/w");
        QCOMPARE(s.get_text("path"), std::string("x/yz/w"));
        s.set_value("path", KnobValue(std::string("q")));
        QCOMPARE(format_value(s.get("path")), std::string("q"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.get_enum("label"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, s.get_text("workers"));
        QCOMPARE(std::string(to_string(KnobType::Text)), std::string("text"));
    }

    void text_knob_validator_says_what_and_where() {
        Settings s(text_knobs());
        const QString msg = input_error([&] { s.set("path", "a/b7/c"); });
        // Knob, the text as given, and the validator's reason, on one line.
        QCOMPARE(msg, QString::fromUtf8("knob 'path': 'a/b7/c' \u2014 item 2 holds '7'"));
        QCOMPARE(s.get_text("path"), std::string("a/b"));  // a refused value changes nothing
        QVERIFY(input_error([&] { s.set("path", " x/y z "); }).endsWith("'x/y z' \u2014 item 2 holds ' '"));
        QVERIFY(input_error([&] { s.set("label", "two\nlines"); }).contains("control character"));
        QVERIFY(input_error([&] { s.set_value("label", KnobValue(true)); }).contains("knob 'label'"));
        // A default its own validator refuses is a programming error in the lab.
        std::vector<KnobSpec> bad = text_knobs();
        bad[1].def = std::string("1/2");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Settings{bad});
    }

    void text_knob_json_round_trip() {
        Settings s(text_knobs());
        s.set_json("path", nlohmann::json("m/n"));
        s.set_json("label", nlohmann::json(5));  // a number in a scenario file reads as its text
        QCOMPARE(s.get_text("label"), std::string("5"));
        QVERIFY(input_error([&] { s.set_json("label", nlohmann::json::array({1, 2})); }).contains("knob 'label'"));
        QVERIFY(input_error([&] { s.set_json("path", nlohmann::json("m/1")); }).contains("item 2"));
        const nlohmann::json j = s.to_json();
        QVERIFY(j["path"].is_string());
        QVERIFY(j["label"].is_string());
        Settings back(text_knobs());
        for (const auto& [name, value] : j.items()) back.set_json(name, value);
        QCOMPARE(back.get_text("path"), std::string("m/n"));
        QCOMPARE(back.get_text("label"), std::string("5"));
        QVERIFY(back.to_json() == j);
    }

    void suggestions() {
        QCOMPARE(edit_distance("wrokers", "workers"), std::size_t{1});  // a swap counts once
        QCOMPARE(edit_distance("", "abc"), std::size_t{3});
        QCOMPARE(closest_match("servce_ms", {"service_ms", "workers"}).value_or(""), std::string("service_ms"));
        QVERIFY(!closest_match("latency", {"service_ms", "workers"}));
        QVERIFY(!closest_match("ab", {"xy"}));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "test_settings.moc"
