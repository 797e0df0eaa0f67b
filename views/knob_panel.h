#pragma once
// A lab's knobs as typed widgets built from its KnobSpecs: spin boxes with range and unit,
// combo boxes for choices, check boxes for switches, line edits for free text. Holds the Settings the next run starts
// with; during a run it says which changes apply live and which wait for the next start.
#include <map>
#include <set>
#include <string>

#include <QWidget>

#include "core/lab/lab.h"
#include "core/lab/settings.h"

class QFormLayout;
class QLabel;

namespace archlab {

class KnobPanel : public QWidget {
    Q_OBJECT
public:
    explicit KnobPanel(QWidget* parent = nullptr);
    ~KnobPanel() override;

    /// Builds one widget per knob, every knob at its default.
    void setLab(const LabInfo& info);
    /// Every knob back to its default.
    void resetToDefaults();
    /// The values the next run starts with.
    const Settings& settings() const { return settings_; }

    /// Sets a knob from text as a person would type it ("200", "random", "on"), updating its
    /// widget exactly as an edit would. False with the reason when the text does not fit the knob.
    bool setKnobText(const std::string& name, const std::string& text, QString* error = nullptr);

    /// Shows the knobs a run is using (a guided run starts from its scenario's settings, and its
    /// steps change knobs): the panel then holds those values, and the next Start takes them. No
    /// knobChanged: nothing is applied to the run. Knobs `s` lacks keep their value.
    void showSettings(const Settings& s);

    /// Why the last edit was refused ("knob 'weights': ..."), or empty when the knobs hold what
    /// was typed.
    QString errorText() const;

    /// Whether a run is in progress: changes to knobs that are not live then wait for the next start.
    void setRunActive(bool active);
    /// Notes that a change could not be applied to the running cluster.
    void markPending(const std::string& name);

signals:
    /// A knob was changed by the person; the new value is in settings(). live: the knob is live.
    void knobChanged(const QString& name, bool live);

private:
    QWidget* makeEditor(const KnobSpec& spec);
    void showValue(const std::string& name);
    void onEdited(const std::string& name, const KnobValue& value);
    void onTextEdited(const std::string& name, const QString& text);
    void showError(const std::string& name, const QString& message);
    void clearError(const std::string& name);
    void updateHint();

    Settings settings_{{}};
    QFormLayout* form_ = nullptr;
    QLabel* hint_ = nullptr;                    ///< "• applies live ..." and pending changes
    QLabel* error_ = nullptr;                   ///< why the last edit was refused, in red
    std::string error_knob_;                    ///< the knob error_ speaks of
    std::map<std::string, QWidget*> editors_;   ///< knob name -> its widget
    std::set<std::string> pending_;             ///< changed during the run, apply on next start
    bool run_active_ = false;
    bool updating_ = false;                     ///< widgets being set from settings_: no signals out
};

}  // namespace archlab
