#include "views/guide_panel.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QEvent>
#include <QFontInfo>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

#include "views/workshop_keys.h"

namespace archlab {

namespace {
/// Decimals a spin box needs for a question's range (0-5000 -> 0, 0-1 -> 3).
int decimals_for(double lo, double hi) {
    const double span = hi - lo;
    if (span >= 100) return 0;
    if (span >= 10) return 1;
    if (span >= 1) return 2;
    return 3;
}

/// Smallest the step text is made (of the panel's font) before it scrolls instead.
constexpr double kMinTextShrink = 0.75;
}  // namespace

GuidePanel::GuidePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("guidePanel"));
    // The title is a wrapped label, never cut short; the scenarios are a menu beside it.
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("guideScenarioTitle"));
    title_->setWordWrap(true);
    title_->setStyleSheet(QStringLiteral("font-weight: bold;"));
    list_ = new QToolButton(this);
    list_->setObjectName(QStringLiteral("guideScenarios"));
    list_->setText(tr("Scenarios"));
    list_->setToolTip(tr("The lab's guided scenarios"));
    list_->setPopupMode(QToolButton::InstantPopup);
    list_->setMenu(new QMenu(list_));
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setStyleSheet(QStringLiteral("color: #444;"));
    header_ = new QLabel(this);
    header_->setObjectName(QStringLiteral("guideStepTitle"));
    header_->setWordWrap(true);
    header_->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 120%;"));
    text_ = new QTextBrowser(this);
    text_->setObjectName(QStringLiteral("guideText"));
    text_->setOpenExternalLinks(false);
    text_->setFrameShape(QFrame::NoFrame);
    text_->setMinimumHeight(60);
    text_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    text_->installEventFilter(this);
    text_->viewport()->installEventFilter(this);

    question_ = new QGroupBox(tr("Predict first"), this);
    question_->setObjectName(QStringLiteral("guideQuestion"));
    ask_ = new QLabel(question_);
    ask_->setWordWrap(true);
    number_ = new QDoubleSpinBox(question_);
    number_->setObjectName(QStringLiteral("guideGuessNumber"));
    number_->setKeyboardTracking(false);
    choice_ = new QComboBox(question_);
    choice_->setObjectName(QStringLiteral("guideGuessChoice"));
    choice_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    choice_->setMinimumContentsLength(10);
    result_ = new QLabel(question_);
    result_->setObjectName(QStringLiteral("guideResult"));
    result_->setWordWrap(true);
    result_->setTextFormat(Qt::RichText);
    auto* q_layout = new QVBoxLayout(question_);
    q_layout->addWidget(ask_);
    q_layout->addWidget(number_);
    q_layout->addWidget(choice_);
    q_layout->addWidget(result_);

    back_ = new QPushButton(tr("Back"), this);
    back_->setObjectName(QStringLiteral("guideBack"));
    back_->setToolTip(tr("The step before (%1)").arg(key_name(keys::kGuideBack)));
    restart_ = new QPushButton(tr("Restart step"), this);
    restart_->setObjectName(QStringLiteral("guideRestart"));
    restart_->setToolTip(tr("Run this step again from its start (%1)").arg(key_name(keys::kGuideRestart)));
    play_ = new QPushButton(tr("Play step"), this);
    play_->setObjectName(QStringLiteral("guidePlay"));
    play_->setToolTip(tr("Run this step with the guess locked in (%1)").arg(key_name(keys::kGuidePlay)));
    next_ = new QPushButton(tr("Next"), this);
    next_->setObjectName(QStringLiteral("guideNext"));
    next_->setToolTip(tr("The next step (%1)").arg(key_name(keys::kGuideNext)));
    auto* buttons = new QGridLayout();
    buttons->addWidget(back_, 0, 0);
    buttons->addWidget(restart_, 0, 1);
    buttons->addWidget(play_, 1, 0);
    buttons->addWidget(next_, 1, 1);

    auto* head = new QHBoxLayout();
    head->addWidget(title_, 1);
    head->addWidget(list_, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(summary_);
    layout->addWidget(header_);
    layout->addWidget(text_, 1);
    layout->addWidget(question_);
    layout->addLayout(buttons);
    // The keys, listed where the presenter looks (the presenter view shows them; wrapped, never cut).
    keys_ = new QLabel(workshop_key_hint_html(), this);
    keys_->setObjectName(QStringLiteral("guideKeys"));
    keys_->setTextFormat(Qt::RichText);
    keys_->setWordWrap(true);
    keys_->setStyleSheet(QStringLiteral("color: #555;"));
    keys_->hide();
    layout->addWidget(keys_);

    connect(back_, &QPushButton::clicked, this, &GuidePanel::back);
    connect(next_, &QPushButton::clicked, this, &GuidePanel::next);
    connect(play_, &QPushButton::clicked, this, &GuidePanel::play);
    connect(restart_, &QPushButton::clicked, this, &GuidePanel::restartStep);
    refresh();
}

void GuidePanel::setKeyListShown(bool shown) { keys_->setVisible(shown); }

QString GuidePanel::keyList() const {
    QTextDocument doc;
    doc.setHtml(keys_->text());
    return doc.toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
}

void GuidePanel::setLab(const std::string& lab_id) {
    entries_ = guided_scenarios(lab_id);
    list_->menu()->clear();
    for (std::size_t i = 0; i < entries_.size(); ++i) addMenuEntry(static_cast<int>(i));
    current_ = -1;
    openScenario(entries_.empty() ? -1 : 0);
}

bool GuidePanel::openFile(const QString& path, QString* why) {
    try {
        Scenario s = read_scenario(path);
        if (!s.guided()) {
            if (why) *why = tr("%1 has no steps: it is a plain fault timeline").arg(path);
            return false;
        }
        entries_.push_back({path, std::move(s)});
        addMenuEntry(static_cast<int>(entries_.size()) - 1);
        openScenario(static_cast<int>(entries_.size()) - 1);
        return true;
    } catch (const InputError& e) {
        if (why) *why = QString::fromStdString(e.what());
        return false;
    }
}

void GuidePanel::addMenuEntry(int index) {
    QAction* a = list_->menu()->addAction(QString::fromStdString(entries_[static_cast<std::size_t>(index)].scenario.title),
                                          this, [this, index] { openScenario(index); });
    a->setCheckable(true);
}

void GuidePanel::openScenario(int index) {
    current_ = index >= 0 && index < static_cast<int>(entries_.size()) ? index : -1;
    const QList<QAction*> actions = list_->menu()->actions();
    for (int i = 0; i < actions.size(); ++i) actions[i]->setChecked(i == current_);
    guesses_.clear();
    answers_.clear();
    step_ = 0;
    state_ = StepState::Briefing;
    refresh();
    emit scenarioChanged();
}

const Scenario* GuidePanel::scenario() const { return current_ >= 0 ? &entries_[static_cast<std::size_t>(current_)].scenario : nullptr; }

std::optional<Guess> GuidePanel::guess(std::size_t step) const {
    const auto it = guesses_.find(step);
    return it == guesses_.end() ? std::nullopt : std::optional<Guess>(it->second);
}

void GuidePanel::showStep(int i) {
    const Scenario* s = scenario();
    if (!s) return;
    step_ = std::clamp(i, 0, static_cast<int>(s->steps.size()) - 1);
    state_ = answers_.count(static_cast<std::size_t>(step_)) ? StepState::Answered : StepState::Briefing;
    refresh();
}

void GuidePanel::setPlaying(int i) {
    step_ = i;
    state_ = StepState::Playing;
    answers_.erase(static_cast<std::size_t>(i));
    refresh();
}

void GuidePanel::setAnswered(int i, const std::optional<Answer>& answer) {
    answers_[static_cast<std::size_t>(i)] = answer.value_or(Answer{});  // a step without a question is answered too
    if (i == step_) {
        state_ = StepState::Answered;
        refresh();
    }
}

void GuidePanel::setInterrupted(int i, const QString& why) {
    if (i != step_ || state_ != StepState::Playing) return;
    state_ = StepState::Briefing;
    refresh();
    result_->setText(tr("<i>The step did not finish: %1</i>").arg(why.toHtmlEscaped()));
    result_->show();
}

bool GuidePanel::setGuessText(const QString& text, QString* why) {
    const Scenario* s = scenario();
    if (!s || !s->steps[static_cast<std::size_t>(step_)].question) {
        if (why) *why = tr("this step asks no question");
        return false;
    }
    try {
        const Prediction& q = *s->steps[static_cast<std::size_t>(step_)].question;
        const Guess g = parse_guess(q, text.toStdString());
        if (q.is_choice()) choice_->setCurrentIndex(static_cast<int>(g.choice) + 1);
        else number_->setValue(g.number);
        return true;
    } catch (const InputError& e) {
        if (why) *why = QString::fromStdString(e.what());
        return false;
    }
}

void GuidePanel::takeGuess() {
    const Scenario* s = scenario();
    if (!s) return;
    const auto& q = s->steps[static_cast<std::size_t>(step_)].question;
    if (!q) return;
    Guess g;
    if (q->is_choice()) {
        // Item 0 is "(no guess)".
        if (choice_->currentIndex() <= 0) {
            guesses_.erase(static_cast<std::size_t>(step_));
            return;
        }
        g.choice = static_cast<std::size_t>(choice_->currentIndex() - 1);
    } else {
        if (number_->value() == number_->minimum() && number_->specialValueText().size() > 0) {
            guesses_.erase(static_cast<std::size_t>(step_));
            return;
        }
        g.number = number_->value();
    }
    guesses_[static_cast<std::size_t>(step_)] = g;
}

void GuidePanel::next() {
    const Scenario* s = scenario();
    if (!s || step_ + 1 >= static_cast<int>(s->steps.size()) || state_ == StepState::Playing) return;
    if (state_ == StepState::Briefing) takeGuess();
    showStep(step_ + 1);
}

void GuidePanel::back() {
    if (!scenario() || step_ == 0 || state_ == StepState::Playing) return;
    if (state_ == StepState::Briefing) takeGuess();
    showStep(step_ - 1);
}

void GuidePanel::play() {
    if (!scenario() || state_ == StepState::Playing) return;
    if (state_ == StepState::Briefing) takeGuess();
    emit playRequested(step_);
}

void GuidePanel::restartStep() {
    if (!scenario()) return;
    state_ = StepState::Briefing;
    answers_.erase(static_cast<std::size_t>(step_));
    emit playRequested(step_);
}

void GuidePanel::fillQuestion(const ScenarioStep& s) {
    const Prediction& q = *s.question;
    ask_->setText(QStringLiteral("<b>%1</b>").arg(QString::fromStdString(q.ask).toHtmlEscaped()));
    number_->setVisible(!q.is_choice());
    choice_->setVisible(q.is_choice());
    const auto g = guess(static_cast<std::size_t>(step_));
    if (q.is_choice()) {
        choice_->clear();
        choice_->addItem(tr("(no guess)"));
        for (std::size_t i = 0; i < q.choices.size(); ++i) {
            choice_->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(QString::fromStdString(q.choices[i].label)));
        }
        choice_->setCurrentIndex(g ? static_cast<int>(g->choice) + 1 : 0);
    } else {
        // One step below the range reads "(no guess)", so a room may also just watch.
        const int decimals = decimals_for(q.guess_min, q.guess_max);
        const double step = std::pow(10.0, -decimals);
        number_->setDecimals(decimals);
        number_->setRange(q.guess_min - step, q.guess_max);
        number_->setSingleStep(std::max(step, (q.guess_max - q.guess_min) / 100.0));
        number_->setSpecialValueText(tr("(no guess)"));
        number_->setSuffix(q.unit.empty() ? QString() : QStringLiteral(" ") + QString::fromStdString(q.unit));
        number_->setValue(g ? g->number : number_->minimum());
    }
}

void GuidePanel::refresh() {
    const Scenario* s = scenario();
    list_->setVisible(!entries_.empty());
    title_->setText(s ? QString::fromStdString(s->title) : QString());
    title_->setVisible(s != nullptr);
    if (!s) {
        summary_->setText(entries_.empty() ? tr("This lab has no guided scenarios.") : QString());
        summary_->show();
        header_->clear();
        text_->clear();
        question_->hide();
        for (QPushButton* b : {back_, restart_, play_, next_}) b->setEnabled(false);
        return;
    }
    const ScenarioStep& st = s->steps[static_cast<std::size_t>(step_)];
    // The scenario's summary introduces it on its first step, until that step is played; then
    // the room has read it, and the measured answer needs the height (at 1366x768 in presenter
    // view the two together were cut off at the bottom). Its title keeps it as a tooltip.
    summary_->setText(QString::fromStdString(s->summary));
    summary_->setVisible(step_ == 0 && state_ == StepState::Briefing);
    title_->setToolTip(QString::fromStdString(s->summary));
    header_->setText(tr("Step %1 of %2: %3").arg(step_ + 1).arg(s->steps.size()).arg(QString::fromStdString(st.title)));
    text_->setMarkdown(QString::fromStdString(st.text));
    fitted_for_ = fitted_before_ = {};  // new text: fit again
    fitStepText();
    question_->setVisible(st.question.has_value());
    result_->hide();
    if (st.question) {
        fillQuestion(st);
        const bool editable = state_ == StepState::Briefing;
        number_->setEnabled(editable);
        choice_->setEnabled(editable);
        question_->setTitle(state_ == StepState::Answered ? tr("Measured") : tr("Predict first"));
        if (state_ == StepState::Answered) {
            // The answer below repeats the guess ("Your guess: ..." or "No guess given").
            number_->hide();
            choice_->hide();
        }
        const auto a = answers_.find(static_cast<std::size_t>(step_));
        if (state_ == StepState::Answered && a != answers_.end()) {
            const Answer& ans = a->second;
            const auto g = guess(static_cast<std::size_t>(step_));
            const Answer shown = answer_question(*st.question, ans.measured, g);
            QString html = tr("Measured: <b>%1</b>").arg(QString::fromStdString(shown.measured_text).toHtmlEscaped());
            html += QStringLiteral("<br>") + (g ? tr("Your guess: %1%2")
                                                       .arg(QString::fromStdString(shown.guess_text).toHtmlEscaped(),
                                                            shown.verdict.empty() ? QString()
                                                                                  : QStringLiteral(" (%1)").arg(QString::fromStdString(shown.verdict)))
                                                 : tr("No guess given"));
            html += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(st.question->why).toHtmlEscaped());
            result_->setText(html);
            result_->show();
        } else if (state_ == StepState::Playing) {
            result_->setText(tr("<i>Running… the answer comes at the end of the step.</i>"));
            result_->show();
        }
    }
    const int last = static_cast<int>(s->steps.size()) - 1;
    const bool playing = state_ == StepState::Playing;
    back_->setEnabled(!playing && step_ > 0);
    next_->setEnabled(!playing && step_ < last);
    play_->setEnabled(!playing);
    play_->setText(state_ == StepState::Answered ? tr("Play again") : tr("Play step"));
    restart_->setEnabled(true);
}

bool GuidePanel::eventFilter(QObject* watched, QEvent* event) {
    const bool resized = watched == text_->viewport() && event->type() == QEvent::Resize;
    const bool restyled = watched == text_ && (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange ||
                                               event->type() == QEvent::Polish || event->type() == QEvent::Show);
    if (restyled) fitted_for_ = fitted_before_ = {};  // the font may differ: fit again
    // After the text view has handled the event itself (it resets the text's font on a font change).
    if (resized || restyled) QMetaObject::invokeMethod(this, &GuidePanel::fitStepText, Qt::QueuedConnection);
    return QWidget::eventFilter(watched, event);
}

void GuidePanel::fitStepText() {
    if (fitting_ || !text_->isVisible()) return;
    // Measured at the width without a scroll bar: the text shrinks before it scrolls, and the
    // scroll bar coming or going (a resize of the viewport) asks for no new fit.
    // The style's width of a bar, not the bar's own: a bar just shown has not been laid out yet.
    QScrollBar* vbar = text_->verticalScrollBar();
    const int bar = vbar->isVisible() ? text_->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, vbar) : 0;
    const QSize room(text_->viewport()->width() + bar, text_->viewport()->height());
    // The room of the fit before the last again: the last fit moved the room there and back
    // (a bar coming and going); fitting again would only repeat the pair for ever.
    if (room == fitted_for_ || room == fitted_before_) return;
    fitted_before_ = fitted_for_;
    fitted_for_ = room;
    fitting_ = true;
    const double width = room.width();
    const double height = room.height();
    QTextDocument* doc = text_->document();
    const qreal laid_out_at = doc->textWidth();
    QFont f = text_->font();
    const double base_pt = f.pointSizeF() > 0 ? f.pointSizeF() : QFontInfo(f).pointSizeF();
    for (const double shrink : {1.0, 0.92, 0.85, 0.8, kMinTextShrink}) {
        f.setPointSizeF(base_pt * shrink);
        doc->setDefaultFont(f);
        doc->setTextWidth(width);
        if (doc->size().height() <= height) break;
    }
    doc->setTextWidth(laid_out_at);  // the text view lays it out at its own width
    fitting_ = false;
}

double GuidePanel::stepTextPointSize() const { return text_->document()->defaultFont().pointSizeF(); }

}  // namespace archlab
