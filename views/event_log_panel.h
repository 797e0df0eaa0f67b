#pragma once
// The event log: lines from spdlog (through LogSink) and the run's own events (faults,
// lifecycle, live knob changes), pulled on the window's timer. Bounded to a few thousand lines.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <QWidget>

class QPlainTextEdit;

namespace archlab {

class LogSink;
class RunController;

class EventLogPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventLogPanel(std::shared_ptr<LogSink> sink, QWidget* parent = nullptr);

    /// Takes new log lines and the run's new events (run may be null).
    void pull(const RunController* run);
    /// A new run begins (or a stored one is opened): the log is emptied and its events are
    /// counted from zero, so what is shown is this run's alone.
    void beginRun();
    /// Heads the log with the run's number and what it is; its event lines carry the number.
    void headRun(std::int64_t run_id, const QString& lab, std::uint64_t seed, const QString& time_mode);
    /// The whole text (for tests).
    QString text() const;
    /// A line from the window itself ("could not inject ...").
    void note(const QString& text, bool serious = false);

    /// Lines shown so far (for tests).
    int lineCount() const;

private:
    void append(const QString& text, const QColor& colour);

    std::shared_ptr<LogSink> sink_;
    QPlainTextEdit* text_ = nullptr;
    std::size_t run_events_seen_ = 0;  ///< events of the current run already shown
    std::int64_t run_id_ = 0;          ///< the run being logged, 0 before its number is known
};

}  // namespace archlab
