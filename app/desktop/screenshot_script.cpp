#include "app/desktop/screenshot_script.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QScreen>
#include <QTimer>

#include "core/lab/fault_event.h"

#include <QComboBox>
#include "views/knob_panel.h"
#include "views/main_window.h"
#include "views/run_history_panel.h"

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
    parser.addOption(hidden({QStringLiteral("time"), QStringLiteral("Time mode: live or virtual."), QStringLiteral("MODE")}));
    parser.addOption(hidden({QStringLiteral("speed"), QStringLiteral("Virtual speed: max, 1x, 10x ..."), QStringLiteral("SPEED")}));
    parser.addOption(hidden({QStringLiteral("page"), QStringLiteral("live or history."), QStringLiteral("PAGE")}));
    parser.addOption(hidden({QStringLiteral("fault"), QStringLiteral("Fault to inject."), QStringLiteral("AT:ACTION:TARGET")}));
    parser.addOption(hidden({QStringLiteral("log"), QStringLiteral("Raise the event log.")}));
    parser.addOption(hidden({QStringLiteral("whole-screen"), QStringLiteral("Grab the whole screen.")}));
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
    o.time = parser.value(QStringLiteral("time"));
    o.speed = parser.value(QStringLiteral("speed"));
    o.page = parser.value(QStringLiteral("page"));
    o.faults = parser.values(QStringLiteral("fault"));
    o.log = parser.isSet(QStringLiteral("log"));
    o.whole_screen = parser.isSet(QStringLiteral("whole-screen"));
    return o;
}

bool run_script(MainWindow& window, const ScriptOptions& o) {
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
    if (o.page == QStringLiteral("history")) {
        window.showPage(1);
        window.historyPanel()->refresh();
        window.historyPanel()->selectNewest(2);
    } else if (o.page == QStringLiteral("live")) {
        window.showPage(0);
    }
    if (o.log) window.raiseEventLog();
    if (!o.time.isEmpty()) {
        auto* box = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
        const int i = box ? box->findData(o.time) : -1;
        if (i < 0) {
            std::fprintf(stderr, "archlab: --time %s: expected live or virtual\n", qPrintable(o.time));
            return false;
        }
        box->setCurrentIndex(i);
    }
    if (!o.speed.isEmpty()) {
        auto* box = window.findChild<QComboBox*>(QStringLiteral("speed"));
        const int i = box ? box->findText(o.speed) : -1;
        if (i < 0) {
            std::fprintf(stderr, "archlab: --speed %s: expected one of the Speed box's entries (max, 1x, 10x ...)\n", qPrintable(o.speed));
            return false;
        }
        box->setCurrentIndex(i);
    }
    if (o.start) window.startRun();
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
        QTimer::singleShot(static_cast<int>(o.after_s * 1000), &window, [&window, path = o.screenshot, screen = o.whole_screen] {
            const QPixmap shot = screen ? QGuiApplication::primaryScreen()->grabWindow(0) : window.grab();
            if (!shot.save(path)) std::fprintf(stderr, "archlab: cannot write %s\n", qPrintable(path));
            window.close();
            QApplication::quit();
        });
    }
    return true;
}

}  // namespace archlab
