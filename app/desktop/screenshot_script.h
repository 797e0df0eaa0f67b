#pragma once
// Hidden developer options of the desktop app, for looking at the window without a person:
//   --screenshot FILE      grab the window into a PNG after --after seconds, then quit
//   --after SECONDS        default 8
//   --lab ID               choose a lab
//   --set KNOB=VALUE       set a knob (repeatable)
//   --start                start a run at once
//   --page live|history    show that page (history also overlays the two newest runs)
//   --fault AT:ACTION:TARGET[:VALUE]   inject a fault AT after the start (repeatable)
//   --log                  raise the event log over the explain text
//   --whole-screen         grab the whole screen (dialogs included) instead of the window
//   --time live|virtual    the next run's clock; --speed max|0.1|1|10|100|hold; --length SECONDS
//   --scrub SECONDS        once the run finished, move its slider there
//   --rerun SECONDS        once the run finished, re-run it to there (virtual time)
//   --open RUN_ID          open a stored run on the live page (then --scrub and --rerun apply to it)
//   --stall-report FILE    at quit, write how long the event loop stalled (app/desktop/stall_meter.h)
//   --scenario FILE        open a guided scenario in the Guide (its lab chosen); --start plays step 1
//   --guess VALUE          the room's guess for the step's question before it plays
//   --step N               show (and with --start play) step N of the scenario, counted from 1
//   --presenter            switch presenter view on
//   --charts ID,ID         the presenter view's two charts
//   --ab KNOB=VALUE        open the A/B window with this knob of side B (repeatable), start the
//                          pair with --time/--speed/--length, and grab that window instead
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace archlab {

class MainWindow;

struct ScriptOptions {
    QString screenshot;   ///< PNG path, empty for none
    double after_s = 8.0;
    QString lab;
    QStringList sets;     ///< "knob=value"
    bool start = false;
    QString page;         ///< "live" or "history"
    QStringList faults;   ///< "3s:kill:worker-2"
    bool log = false;
    bool whole_screen = false;
    QString time;         ///< "live" or "virtual", empty to keep
    QString speed;        ///< "max", "1", "hold" ..., empty to keep
    int length_s = -1;    ///< run length, s (0 = until Stop), -1 to keep
    double scrub_s = -1;  ///< slider time once finished, -1 for none
    double rerun_s = -1;  ///< re-run to this time once finished, -1 for none
    qint64 open_run = 0;  ///< stored run to open, 0 for none
    QString stall_report; ///< JSON path for the event-loop stall figures, empty for none
    QString scenario;     ///< guided scenario file, empty for none
    QString guess;        ///< guess for the step shown, empty for none
    int step = 1;         ///< scenario step to show, from 1
    bool presenter = false;
    QStringList charts;   ///< presenter charts by id
    QStringList ab;       ///< "knob=value" of side B: an A/B run, empty for none
};

/// Declares the hidden options on the parser.
void add_script_options(QCommandLineParser& parser);
ScriptOptions read_script_options(const QCommandLineParser& parser);
/// Applies lab, knobs, page and start at once, and schedules the screenshot. False with a
/// message on stderr when an option does not fit.
bool run_script(MainWindow& window, const ScriptOptions& options);

}  // namespace archlab
