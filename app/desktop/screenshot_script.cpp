#include "app/desktop/screenshot_script.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QPixmap>
#include <QScreen>
#include <QTimer>

#include "app/desktop/stall_meter.h"
#include "core/lab/fault_event.h"
#include "views/guide_panel.h"
#include "views/ab_window.h"
#include "views/knob_panel.h"
#include "views/presenter_view.h"
#include "views/main_window.h"
#include "views/run_history_panel.h"
#include "views/time_scrubber.h"

namespace archlab {

namespace {
QCommandLineOption hidden(QCommandLineOption o) {
    o.setFlags(QCommandLineOption::HiddenFromHelp);
    return o;
}
}  // namespace

void add_script_options(QCommandLineParser& parser) {
    parser.addOption(hidden({QStringLiteral("screenshot"), QStringLiteral("Grab the window into FILE, then quit."), QStringLiteral("FILE")}));
    parser.addOption(hidden({QStringLiteral("after"), QStringLiteral("Seconds before the screenshot."), QStringLiteral("SECONDS")}));
    parser.addOption(hidden({QStringLiteral("lab"), QStringLiteral("Lab to choose."), QStringLiteral("ID")}));
    parser.addOption(hidden({QStringLiteral("set"), QStringLiteral("Knob to set."), QStringLiteral("KNOB=VALUE")}));
    parser.addOption(hidden({QStringLiteral("start"), QStringLiteral("Start a run at once.")}));
    parser.addOption(hidden({QStringLiteral("page"), QStringLiteral("live or history."), QStringLiteral("PAGE")}));
    parser.addOption(hidden({QStringLiteral("fault"), QStringLiteral("Fault to inject."), QStringLiteral("AT:ACTION:TARGET")}));
    parser.addOption(hidden({QStringLiteral("log"), QStringLiteral("Raise the event log.")}));
    parser.addOption(hidden({QStringLiteral("whole-screen"), QStringLiteral("Grab the whole screen.")}));
    parser.addOption(hidden({QStringLiteral("time"), QStringLiteral("live or virtual."), QStringLiteral("MODE")}));
    parser.addOption(hidden({QStringLiteral("speed"), QStringLiteral("Virtual time speed."), QStringLiteral("SPEED")}));
    parser.addOption(hidden({QStringLiteral("length"), QStringLiteral("Run length."), QStringLiteral("SECONDS")}));
    parser.addOption(hidden({QStringLiteral("scrub"), QStringLiteral("Slider time once finished."), QStringLiteral("SECONDS")}));
    parser.addOption(hidden({QStringLiteral("rerun"), QStringLiteral("Re-run to this time once finished."), QStringLiteral("SECONDS")}));
    parser.addOption(hidden({QStringLiteral("stall-report"), QStringLiteral("Event-loop stall figures at quit."), QStringLiteral("FILE")}));
    parser.addOption(hidden({QStringLiteral("open"), QStringLiteral("Stored run to open."), QStringLiteral("RUN_ID")}));
    parser.addOption({QStringLiteral("scenario"), QStringLiteral("Open a guided scenario in the Guide."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("presenter"), QStringLiteral("Start in presenter view (F11 switches).")});
    parser.addOption(hidden({QStringLiteral("guess"), QStringLiteral("Guess for the Guide's step."), QStringLiteral("VALUE")}));
    parser.addOption(hidden({QStringLiteral("step"), QStringLiteral("Guide step to show, from 1."), QStringLiteral("N")}));
    parser.addOption(hidden({QStringLiteral("charts"), QStringLiteral("Presenter charts."), QStringLiteral("ID,ID")}));
    parser.addOption(hidden({QStringLiteral("ab"), QStringLiteral("Knob of side B of an A/B run."), QStringLiteral("KNOB=VALUE")}));
}

ScriptOptions read_script_options(const QCommandLineParser& parser) {
    ScriptOptions o;
    o.screenshot = parser.value(QStringLiteral("screenshot"));
    bool ok = false;
    const double after = parser.value(QStringLiteral("after")).toDouble(&ok);
    if (ok && after >= 0) o.after_s = after;
    o.lab = parser.value(QStringLiteral("lab"));
    o.sets = parser.values(QStringLiteral("set"));
    o.start = parser.isSet(QStringLiteral("start"));
    o.page = parser.value(QStringLiteral("page"));
    o.faults = parser.values(QStringLiteral("fault"));
    o.log = parser.isSet(QStringLiteral("log"));
    o.whole_screen = parser.isSet(QStringLiteral("whole-screen"));
    o.time = parser.value(QStringLiteral("time"));
    o.speed = parser.value(QStringLiteral("speed"));
    if (parser.isSet(QStringLiteral("length"))) o.length_s = parser.value(QStringLiteral("length")).toInt();
    if (parser.isSet(QStringLiteral("scrub"))) o.scrub_s = parser.value(QStringLiteral("scrub")).toDouble();
    if (parser.isSet(QStringLiteral("rerun"))) o.rerun_s = parser.value(QStringLiteral("rerun")).toDouble();
    o.stall_report = parser.value(QStringLiteral("stall-report"));
    if (parser.isSet(QStringLiteral("open"))) o.open_run = parser.value(QStringLiteral("open")).toLongLong();
    o.scenario = parser.value(QStringLiteral("scenario"));
    o.guess = parser.value(QStringLiteral("guess"));
    if (parser.isSet(QStringLiteral("step"))) o.step = parser.value(QStringLiteral("step")).toInt();
    o.presenter = parser.isSet(QStringLiteral("presenter"));
    if (parser.isSet(QStringLiteral("charts"))) o.charts = parser.value(QStringLiteral("charts")).split(QLatin1Char(','));
    o.ab = parser.values(QStringLiteral("ab"));
    return o;
}

bool run_script(MainWindow& window, const ScriptOptions& o) {
    if (!o.stall_report.isEmpty()) new StallMeter(o.stall_report, &window);  // owned by the window
    if (!o.scenario.isEmpty()) {
        QString why;
        if (!window.openGuidedScenario(o.scenario, &why)) {
            std::fprintf(stderr, "archlab: --scenario %s: %s\n", qPrintable(o.scenario), qPrintable(why));
            return false;
        }
        const Scenario* s = window.guidePanel()->scenario();
        if (o.step < 1 || o.step > static_cast<int>(s->steps.size())) {
            std::fprintf(stderr, "archlab: --step %d: the scenario has %zu steps\n", o.step, s->steps.size());
            return false;
        }
        window.guidePanel()->showStep(o.step - 1);
        if (!o.guess.isEmpty() && !window.guidePanel()->setGuessText(o.guess, &why)) {
            std::fprintf(stderr, "archlab: --guess %s: %s\n", qPrintable(o.guess), qPrintable(why));
            return false;
        }
    }
    if (o.presenter) window.setPresenterMode(true);
    if (!o.charts.isEmpty()) {
        for (int slot = 0; slot < std::min<int>(2, static_cast<int>(o.charts.size())); ++slot) {
            if (!window.presenterView()->chooseChart(slot, o.charts[slot].toStdString())) {
                std::fprintf(stderr, "archlab: --charts: no chart '%s' in this lab\n", qPrintable(o.charts[slot]));
                return false;
            }
        }
    }
    if (!o.lab.isEmpty() && !window.selectLab(o.lab.toStdString())) {
        std::fprintf(stderr, "archlab: no lab '%s'\n", qPrintable(o.lab));
        return false;
    }
    for (const QString& s : o.sets) {
        const auto eq = s.indexOf(QLatin1Char('='));
        QString why = QStringLiteral("expected KNOB=VALUE");
        if (eq <= 0 || !window.knobPanel()->setKnobText(s.left(eq).toStdString(), s.mid(eq + 1).toStdString(), &why)) {
            std::fprintf(stderr, "archlab: --set %s: %s\n", qPrintable(s), qPrintable(why));
            return false;
        }
    }
    // Toolbar boxes, by the item text a person would pick ("max", "10 s") or its data.
    const auto choose = [&window](const char* name, const QVariant& data, const QString& text) {
        auto* box = window.findChild<QComboBox*>(QString::fromLatin1(name));
        int i = box ? box->findData(data) : -1;
        if (box && i < 0) i = box->findText(text);
        if (i < 0) return false;
        box->setCurrentIndex(i);
        return true;
    };
    if (!o.time.isEmpty() && !choose("timeMode", o.time, o.time)) {
        std::fprintf(stderr, "archlab: --time %s: live or virtual\n", qPrintable(o.time));
        return false;
    }
    if (!o.speed.isEmpty()) {
        // "10" or "10x"; a word that is no number must not read as 0 (hold).
        QString number = o.speed;
        if (number.endsWith(QLatin1Char('x'))) number.chop(1);
        bool is_number = false;
        const double factor = number.toDouble(&is_number);
        const QVariant data = o.speed == QStringLiteral("max")    ? QVariant(kMaxSpeed)
                              : o.speed == QStringLiteral("hold") ? QVariant(0.0)
                              : is_number && factor > 0           ? QVariant(factor)
                                                                  : QVariant();
        if (!data.isValid() || !choose("speed", data, o.speed)) {
            std::fprintf(stderr, "archlab: --speed %s: max, 0.1, 1, 10, 100 or hold\n", qPrintable(o.speed));
            return false;
        }
    }
    if (o.length_s >= 0 && !choose("length", o.length_s, QString())) {
        std::fprintf(stderr, "archlab: --length %d: 0, 10, 30, 60, 120 or 300\n", o.length_s);
        return false;
    }
    // On a finished run: scrub, then maybe re-run to a time.
    const auto scrub = [&window, o] {
        if (o.scrub_s >= 0) window.scrubber()->setTime(o.scrub_s);
        if (o.rerun_s >= 0) {
            window.scrubber()->setTime(o.rerun_s);
            window.rerunToHere(window.scrubber()->time());
        }
    };
    if (o.open_run > 0) {
        if (!window.openStoredRun(o.open_run)) {
            std::fprintf(stderr, "archlab: --open %lld: no such run, or it cannot be shown\n", static_cast<long long>(o.open_run));
            return false;
        }
        scrub();
    } else if (o.scrub_s >= 0 || o.rerun_s >= 0) {
        auto done = std::make_shared<bool>(false);  // the first run that finishes only
        QObject::connect(window.session(), &RunSession::stateChanged, &window, [scrub, done](RunSession::State state) {
            if (state != RunSession::State::Finished || *done) return;
            *done = true;
            scrub();
        });
    }
    if (o.page == QStringLiteral("history")) {
        window.showPage(1);
        window.historyPanel()->refresh();
        window.historyPanel()->selectNewest(2);
    } else if (o.page == QStringLiteral("live")) {
        window.showPage(0);
    }
    if (o.log) window.raiseEventLog();
    if (o.start && !o.scenario.isEmpty()) window.guidePanel()->play();
    else if (o.start) window.startRun();
    QWidget* shown = &window;  // the window the screenshot grabs
    if (!o.ab.isEmpty()) {
        AbWindow* ab = window.openAbRun();
        for (const QString& s : o.ab) {
            const auto eq = s.indexOf(QLatin1Char('='));
            QString why = QStringLiteral("expected KNOB=VALUE");
            if (!ab || eq <= 0 || !ab->setKnobB(s.left(eq).toStdString(), s.mid(eq + 1).toStdString(), &why)) {
                std::fprintf(stderr, "archlab: --ab %s: %s\n", qPrintable(s), qPrintable(why));
                return false;
            }
        }
        if (!ab->start()) {
            std::fprintf(stderr, "archlab: --ab: the A/B run did not start (B needs a knob that differs from A)\n");
            return false;
        }
        shown = ab;
    }
    for (const QString& text : o.faults) {
        FaultEvent fault;
        try {
            fault = FaultEvent::parse(text.toStdString());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "archlab: --fault %s: %s\n", qPrintable(text), e.what());
            return false;
        }
        QTimer::singleShot(static_cast<int>(to_ms(fault.at)), &window, [&window, fault] {
            QString why;
            if (!window.session()->inject(fault, &why)) std::fprintf(stderr, "archlab: fault: %s\n", qPrintable(why));
        });
    }
    if (!o.screenshot.isEmpty()) {
        QTimer::singleShot(static_cast<int>(o.after_s * 1000), &window, [&window, shown, path = o.screenshot, screen = o.whole_screen] {
            const QPixmap shot = screen ? QGuiApplication::primaryScreen()->grabWindow(0) : shown->grab();
            if (!shot.save(path)) std::fprintf(stderr, "archlab: cannot write %s\n", qPrintable(path));
            window.close();
            QApplication::quit();
        });
    }
    return true;
}

}  // namespace archlab
