#pragma once
// The Guide: walks a guided scenario's steps for a room. Lists the lab's guided scenarios; for
// each step shows its title and text, asks for the room's guess before a step with a question,
// and once the step has run shows the guess beside the measured value with the step's one-line
// why. It only asks for steps to be played (playRequested); the window runs them (GuideDriver).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <QSize>
#include <QWidget>

#include "core/lab/prediction_answer.h"
#include "core/lab/scenario.h"
#include "views/guide_catalog.h"

class QComboBox;
class QDoubleSpinBox;
class QEvent;
class QGroupBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QToolButton;

namespace archlab {

class GuidePanel : public QWidget {
    Q_OBJECT
public:
    explicit GuidePanel(QWidget* parent = nullptr);

    /// Lists the lab's built-in guided scenarios and opens the first (none: says so).
    void setLab(const std::string& lab_id);
    /// Opens a scenario from a file (added to the list); false with the reason in `why`.
    bool openFile(const QString& path, QString* why);
    /// Opens the listed scenario at index i.
    void openScenario(int index);

    /// The open scenario, or null.
    const Scenario* scenario() const;
    int scenarioCount() const { return static_cast<int>(entries_.size()); }
    int step() const { return step_; }
    /// The guess entered for a step (none until one is given).
    std::optional<Guess> guess(std::size_t step) const;
    /// Every guess entered, by step index.
    const std::map<std::size_t, Guess>& guesses() const { return guesses_; }

    /// Shows step i's briefing (its question with the guess so far).
    void showStep(int i);
    /// The window started playing step i: inputs locked, the guess taken.
    void setPlaying(int i);
    /// Step i ran: its answer (when it asks something) beside the guess.
    void setAnswered(int i, const std::optional<Answer>& answer);
    /// The run of a step could not go on (failed or was stopped).
    void setInterrupted(int i, const QString& why);
    /// Lists the keys under the buttons (in presenter view, where the toolbar is hidden).
    void setKeyListShown(bool shown);
    /// The key list as shown (for tests).
    QString keyList() const;

    /// The room's guess typed in (tests, the screenshot script): a number or a choice (1-based).
    bool setGuessText(const QString& text, QString* why);
    /// Moves on: to the next step's briefing.
    void next();
    void back();
    /// Plays the step shown (as the Play button does).
    void play();
    /// Plays the step shown again from its start.
    void restartStep();

    /// The step text's point size now (it shrinks, down to kMinTextShrink of the panel's font,
    /// until the text fits without scrolling).
    double stepTextPointSize() const;

signals:
    /// The room wants step i to run now.
    void playRequested(int step);
    /// Another scenario was opened (the window stops any guided run of the last one).
    void scenarioChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class StepState { Briefing, Playing, Answered };
    /// Picks the step text's size from the room it has: the panel's own size when the text fits,
    /// else smaller steps down to kMinTextShrink of it (then it scrolls).
    void fitStepText();
    /// Adds the listed scenario at `index` to the scenario menu.
    void addMenuEntry(int index);
    void takeGuess();
    void refresh();
    void fillQuestion(const ScenarioStep& s);

    std::vector<GuideEntry> entries_;
    int current_ = -1;                 ///< index into entries_, -1 for none
    int step_ = 0;
    StepState state_ = StepState::Briefing;
    std::map<std::size_t, Guess> guesses_;
    std::map<std::size_t, Answer> answers_;

    QToolButton* list_ = nullptr;     ///< a menu of the lab's guided scenarios
    QLabel* title_ = nullptr;         ///< the open scenario's title, wrapped
    QLabel* summary_ = nullptr;
    QLabel* header_ = nullptr;
    QTextBrowser* text_ = nullptr;
    QGroupBox* question_ = nullptr;
    QLabel* ask_ = nullptr;
    QDoubleSpinBox* number_ = nullptr;
    QComboBox* choice_ = nullptr;
    QLabel* result_ = nullptr;
    QLabel* keys_ = nullptr;          ///< every key of a run and the Guide (views/workshop_keys.h)
    QPushButton* back_ = nullptr;
    QPushButton* restart_ = nullptr;
    QPushButton* play_ = nullptr;
    QPushButton* next_ = nullptr;
    bool fitting_ = false;            ///< fitStepText() is changing the text's font
    QSize fitted_for_;                ///< the text pane's room (pixels) the step text was last fitted to
    QSize fitted_before_;             ///< the room of the fit before that: a fit that flips the room back and forth stops
};

}  // namespace archlab
