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
//   --time live|virtual    the toolbar's time mode for the run
//   --speed max|1|10|...   the toolbar's speed (virtual time)
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
    QString time;         ///< "live" or "virtual"; empty keeps the toolbar's choice
    QString speed;        ///< the Speed box's text: "max", "1x", "10x" ...
};

/// Declares the hidden options on the parser.
void add_script_options(QCommandLineParser& parser);
ScriptOptions read_script_options(const QCommandLineParser& parser);
/// Applies lab, knobs, page and start at once, and schedules the screenshot. False with a
/// message on stderr when an option does not fit.
bool run_script(MainWindow& window, const ScriptOptions& options);

}  // namespace archlab
