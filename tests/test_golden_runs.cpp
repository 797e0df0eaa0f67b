// Golden runs: every registered lab runs in virtual time with a fixed seed and a short fault
// timeline (tests/golden/fingerprints.json), and must give the recorded fingerprint. A changed
// behaviour changes the fingerprint: check that the change is meant, then rewrite the table
// with scripts/update-golden (this test with ARCHLAB_UPDATE_GOLDEN=1).
#include <QFile>
#include <QTest>

#include <set>

#include "core/lab/run_controller.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
const char* kTablePath = ARCHLAB_SOURCE_DIR "/tests/golden/fingerprints.json";

nlohmann::json read_table() {
    QFile f(kTablePath);
    if (!f.open(QIODevice::ReadOnly)) return nullptr;
    return nlohmann::json::parse(f.readAll().toStdString());
}

/// Runs one golden entry; returns its summary.
nlohmann::json run_entry(const LabRegistry& labs, const nlohmann::json& entry) {
    const Lab* lab = labs.find(entry.at("lab").get<std::string>());
    if (!lab) throw std::runtime_error("golden table names unknown lab " + entry.at("lab").dump());
    RunRequest req;
    req.lab = lab;
    req.settings = lab->default_settings();
    // Named, not iterated as a temporary: items() would outlive the object value() returns.
    const nlohmann::json settings = entry.value("settings", nlohmann::json::object());
    for (const auto& [k, v] : settings.items()) req.settings.set_json(k, v);
    req.seed = entry.at("seed").get<std::uint64_t>();
    req.duration = parse_duration(entry.at("duration").get<std::string>(), "duration");
    for (const auto& f : entry.at("faults")) req.faults.push_back(FaultEvent::parse(f.get<std::string>()));
    req.time_mode = TimeMode::Virtual;
    RunController run(req, nullptr);
    run.start();
    run.wait();
    return run.summary();
}
}  // namespace

class TestGoldenRuns : public QObject {
    Q_OBJECT
private slots:
    void every_lab_has_a_golden_run() {
        const nlohmann::json table = read_table();
        QVERIFY2(table.is_object(), kTablePath);
        LabRegistry labs;
        register_all_labs(labs);
        std::set<std::string> covered;
        for (const auto& e : table.at("runs")) covered.insert(e.at("lab").get<std::string>());
        for (const std::string& id : labs.ids()) {
            QVERIFY2(covered.count(id), qPrintable(QString("lab %1 has no golden run in %2").arg(QString::fromStdString(id), kTablePath)));
        }
    }

    void fingerprints_match() {
        nlohmann::json table = read_table();
        LabRegistry labs;
        register_all_labs(labs);
        const bool update = qEnvironmentVariableIntValue("ARCHLAB_UPDATE_GOLDEN") == 1;
        QStringList changed;
        for (auto& e : table.at("runs")) {
            if (!labs.find(e.at("lab").get<std::string>())) continue;  // checked above
            const nlohmann::json s = run_entry(labs, e);
            const std::string got = s.at("fingerprint").get<std::string>();
            const std::string want = e.at("fingerprint").get<std::string>();
            if (got != want) changed << QString("%1: recorded %2, now %3").arg(QString::fromStdString(e.at("lab").get<std::string>()),
                                                                             QString::fromStdString(want), QString::fromStdString(got));
            e["fingerprint"] = got;
        }
        if (update) {
            QFile f(kTablePath);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QByteArray::fromStdString(table.dump(2) + "\n"));
            qInfo("golden table rewritten: %s", kTablePath);
            return;
        }
        QVERIFY2(changed.isEmpty(), qPrintable("behaviour changed (scripts/update-golden if meant):\n" + changed.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestGoldenRuns)
#include "test_golden_runs.moc"
