#include "views/event_log_panel.h"

#include <QDateTime>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextCharFormat>
#include <QVBoxLayout>

#include "core/lab/run_controller.h"
#include "views/log_sink.h"

namespace archlab {

namespace {
constexpr int kMaxLines = 3000;
const QColor kRunColour(0x10, 0x10, 0x10);
const QColor kLogColour(0x66, 0x66, 0x66);
const QColor kSeriousColour(0xb0, 0x2a, 0x1a);

/// RunController logs its lifecycle and faults through spdlog and also keeps them as run
/// events, which this panel shows with their run time; the spdlog copies are left out.
bool duplicates_run_event(const std::string& text) {
    for (const char* prefix : {"run started", "run finished", "fault at "}) {
        if (text.rfind(prefix, 0) == 0) return true;
    }
    return false;
}
}  // namespace

EventLogPanel::EventLogPanel(std::shared_ptr<LogSink> sink, QWidget* parent) : QWidget(parent), sink_(std::move(sink)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    text_ = new QPlainTextEdit(this);
    text_->setReadOnly(true);
    text_->setMaximumBlockCount(kMaxLines);
    text_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(8.5);
    text_->setFont(mono);
    text_->setPlaceholderText(tr("Run events (start, faults, knob changes) and log messages appear here."));
    layout->addWidget(text_);
}

void EventLogPanel::append(const QString& line, const QColor& colour) {
    QScrollBar* bar = text_->verticalScrollBar();
    const bool at_end = bar->value() >= bar->maximum() - 4;
    QTextCharFormat fmt;
    fmt.setForeground(colour);
    QTextCursor cursor(text_->document());
    cursor.movePosition(QTextCursor::End);
    if (!text_->document()->isEmpty()) cursor.insertBlock();
    cursor.insertText(line, fmt);
    if (at_end) bar->setValue(bar->maximum());  // follow the tail unless the person scrolled up
}

void EventLogPanel::pull(const RunController* run) {
    if (sink_) {
        std::size_t dropped = 0;
        for (const LogLine& l : sink_->take(&dropped)) {
            if (duplicates_run_event(l.text)) continue;
            append(QStringLiteral("%1 %2  %3").arg(QString::fromStdString(l.time), QString::fromStdString(l.level).leftJustified(5),
                                                  QString::fromStdString(l.text)),
                   l.serious ? kSeriousColour : kLogColour);
        }
        if (dropped) append(tr("… %1 log lines skipped (too many at once)").arg(dropped), kLogColour);
    }
    if (!run) return;
    const std::vector<RunEvent> events = run->events();
    for (std::size_t i = run_events_seen_; i < events.size(); ++i) {
        const RunEvent& e = events[i];
        const bool serious = e.text.rfind("fault", 0) == 0;
        const QString tag = run_id_ > 0 ? QStringLiteral("#%1").arg(run_id_) : QStringLiteral("run");
        append(QStringLiteral("%1 %2 s  %3").arg(tag).arg(e.t_s, 7, 'f', 2).arg(QString::fromStdString(e.text)),
               serious ? kSeriousColour : kRunColour);
    }
    run_events_seen_ = std::max(run_events_seen_, events.size());
}

void EventLogPanel::beginRun() {
    run_events_seen_ = 0;
    run_id_ = 0;
    text_->clear();
}

void EventLogPanel::headRun(std::int64_t run_id, const QString& lab, std::uint64_t seed, const QString& time_mode) {
    run_id_ = run_id;
    // At the top, above any log line that came while the cluster was starting.
    QTextCharFormat fmt;
    fmt.setForeground(kRunColour);
    fmt.setFontWeight(QFont::Bold);
    QTextCursor cursor(text_->document());
    cursor.movePosition(QTextCursor::Start);
    const bool empty = text_->document()->isEmpty();
    cursor.insertText(tr("── Run #%1 · %2 · seed %3 · %4 time ──").arg(run_id).arg(lab).arg(seed).arg(time_mode), fmt);
    if (!empty) cursor.insertBlock();
}

QString EventLogPanel::text() const { return text_->toPlainText(); }

void EventLogPanel::note(const QString& line, bool serious) {
    append(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" app    ") + line,
           serious ? kSeriousColour : kRunColour);
}

int EventLogPanel::lineCount() const { return text_->document()->blockCount(); }

}  // namespace archlab
