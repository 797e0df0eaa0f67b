#include "views/knob_panel.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace archlab {

namespace {
/// Decimals a double knob needs to show its default and its range.
int decimals_for(const KnobSpec& spec) {
    const double def = std::holds_alternative<double>(spec.def) ? std::get<double>(spec.def) : 0.0;
    if (spec.max <= 1.0) return 3;
    if (spec.min < 1.0 || std::abs(def - std::round(def)) > 1e-9) return 2;
    return 0;
}

int clamp_int(double v) { return static_cast<int>(std::clamp(v, static_cast<double>(INT_MIN), static_cast<double>(INT_MAX))); }

QString tooltip_for(const KnobSpec& spec) {
    QString tip = QString::fromStdString(spec.help);
    tip += spec.live ? KnobPanel::tr(" (applies live)") : KnobPanel::tr(" (restarts the cluster)");
    if (spec.type == KnobType::Int || spec.type == KnobType::Double) {
        tip += KnobPanel::tr("\nRange %1 to %2 %3, default %4")
                   .arg(spec.min)
                   .arg(spec.max)
                   .arg(QString::fromStdString(spec.unit))
                   .arg(QString::fromStdString(format_value(spec.def)));
    } else if (spec.type == KnobType::Text && !spec.format.empty()) {
        tip += KnobPanel::tr("\nTakes %1, default %2")
                   .arg(QString::fromStdString(spec.format), QString::fromStdString(format_value(spec.def)));
    } else {
        tip += KnobPanel::tr("\nDefault %1").arg(QString::fromStdString(format_value(spec.def)));
    }
    return tip;
}
}  // namespace

KnobPanel::KnobPanel(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    form_ = new QFormLayout();
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form_->setVerticalSpacing(4);
    outer->addLayout(form_);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setTextFormat(Qt::PlainText);
    error_->setStyleSheet(QStringLiteral("color:#c62828"));
    error_->hide();
    outer->addWidget(error_);
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    hint_->setTextFormat(Qt::RichText);
    outer->addWidget(hint_);
    outer->addStretch(1);
    updateHint();
}

KnobPanel::~KnobPanel() {
    // Children outlive this class's members: a line edit losing focus as the window closes
    // would otherwise report editingFinished into a panel whose settings are gone.
    for (const auto& [name, editor] : editors_) disconnect(editor, nullptr, this, nullptr);
}

void KnobPanel::setLab(const LabInfo& info) {
    // In a scroll area (the window's knobs dock): a new lab's knobs are read from the top.
    if (auto* area = parentWidget() ? qobject_cast<QScrollArea*>(parentWidget()->parentWidget()) : nullptr) {
        area->verticalScrollBar()->setValue(0);
    }
    // The old lab's editors go silently: a focused line edit would report editingFinished.
    for (const auto& [name, editor] : editors_) disconnect(editor, nullptr, this, nullptr);
    while (form_->rowCount() > 0) form_->removeRow(0);
    editors_.clear();
    pending_.clear();
    clearError(error_knob_);
    settings_ = Settings(info.knobs);
    for (const KnobSpec& spec : info.knobs) {
        QWidget* editor = makeEditor(spec);
        editor->setToolTip(tooltip_for(spec));
        editors_[spec.name] = editor;
        auto* label = new QLabel(QString::fromStdString(spec.name) + (spec.live ? QStringLiteral(" •") : QString()), this);
        label->setToolTip(editor->toolTip());
        label->setBuddy(editor);
        form_->addRow(label, editor);
        showValue(spec.name);
    }
    updateHint();
    // The dock may not cut a value ("prima…"): the scroll area is at least as wide as the form needs.
    if (auto* area = parentWidget() ? qobject_cast<QScrollArea*>(parentWidget()->parentWidget()) : nullptr) {
        area->setMinimumWidth(form_->minimumSize().width() + area->verticalScrollBar()->sizeHint().width() + 4);
    }
}

QWidget* KnobPanel::makeEditor(const KnobSpec& spec) {
    const std::string name = spec.name;
    const QString suffix = spec.unit.empty() ? QString() : QStringLiteral(" ") + QString::fromStdString(spec.unit);
    switch (spec.type) {
        case KnobType::Int: {
            auto* box = new QSpinBox(this);
            box->setRange(clamp_int(spec.min), clamp_int(spec.max));
            box->setSuffix(suffix);
            box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
            box->setKeyboardTracking(false);  // apply once typing is done, not per digit
            connect(box, &QSpinBox::valueChanged, this,
                    [this, name](int v) { onEdited(name, KnobValue(static_cast<long long>(v))); });
            return box;
        }
        case KnobType::Double: {
            auto* box = new QDoubleSpinBox(this);
            box->setDecimals(decimals_for(spec));
            box->setRange(spec.min, spec.max);
            box->setSuffix(suffix);
            box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
            box->setKeyboardTracking(false);
            connect(box, &QDoubleSpinBox::valueChanged, this, [this, name](double v) { onEdited(name, KnobValue(v)); });
            return box;
        }
        case KnobType::Enum: {
            auto* box = new QComboBox(this);
            for (const std::string& c : spec.choices) box->addItem(QString::fromStdString(c));
            connect(box, &QComboBox::currentTextChanged, this,
                    [this, name](const QString& t) { onEdited(name, KnobValue(t.toStdString())); });
            return box;
        }
        case KnobType::Bool: {
            auto* box = new QCheckBox(this);
            connect(box, &QCheckBox::toggled, this, [this, name](bool on) { onEdited(name, KnobValue(on)); });
            return box;
        }
        case KnobType::Text: {
            auto* edit = new QLineEdit(this);
            edit->setPlaceholderText(QString::fromStdString(spec.format));
            edit->setClearButtonEnabled(true);
            // Checked once typing is done (Enter or leaving the field), not per key.
            connect(edit, &QLineEdit::editingFinished, this, [this, name, edit] { onTextEdited(name, edit->text()); });
            return edit;
        }
    }
    return new QWidget(this);
}

void KnobPanel::showValue(const std::string& name) {
    const auto it = editors_.find(name);
    if (it == editors_.end()) return;
    const KnobValue& v = settings_.get(name);
    updating_ = true;
    if (auto* i = qobject_cast<QSpinBox*>(it->second)) i->setValue(clamp_int(static_cast<double>(std::get<long long>(v))));
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(it->second)) d->setValue(std::get<double>(v));
    else if (auto* c = qobject_cast<QComboBox*>(it->second)) c->setCurrentText(QString::fromStdString(std::get<std::string>(v)));
    else if (auto* b = qobject_cast<QCheckBox*>(it->second)) b->setChecked(std::get<bool>(v));
    else if (auto* t = qobject_cast<QLineEdit*>(it->second)) t->setText(QString::fromStdString(std::get<std::string>(v)));
    updating_ = false;
}

void KnobPanel::onEdited(const std::string& name, const KnobValue& value) {
    if (updating_) return;
    try {
        settings_.set_value(name, value);
    } catch (const InputError& e) {
        showValue(name);  // the widget's range should make this impossible; show what holds
        showError(name, QString::fromStdString(e.what()));
        return;
    }
    clearError(name);
    emit knobChanged(QString::fromStdString(name), settings_.spec(name).live);
}

void KnobPanel::onTextEdited(const std::string& name, const QString& text) {
    if (updating_) return;
    Settings trial = settings_;
    try {
        trial.set(name, text.toStdString());
    } catch (const InputError& e) {
        // The text stays as typed so it can be fixed; the knob keeps its last good value.
        showError(name, tr("%1 (still %2)")
                            .arg(QString::fromStdString(e.what()),
                                 QString::fromStdString(format_value(settings_.get(name)))));
        return;
    }
    clearError(name);
    const bool changed = trial.get(name) != settings_.get(name);
    settings_.set_value(name, trial.get(name));
    showValue(name);  // as the knob holds it: trimmed
    if (changed) emit knobChanged(QString::fromStdString(name), settings_.spec(name).live);
}

void KnobPanel::showError(const std::string& name, const QString& message) {
    clearError(error_knob_);
    error_knob_ = name;
    error_->setText(message);
    error_->show();
    if (auto* edit = qobject_cast<QLineEdit*>(editors_.count(name) ? editors_.at(name) : nullptr)) {
        edit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
    }
}

void KnobPanel::clearError(const std::string& name) {
    if (name.empty() || name != error_knob_) return;
    if (auto* edit = qobject_cast<QLineEdit*>(editors_.count(name) ? editors_.at(name) : nullptr)) {
        edit->setStyleSheet(QString());
    }
    error_knob_.clear();
    error_->clear();
    error_->hide();
}

QString KnobPanel::errorText() const { return error_knob_.empty() ? QString() : error_->text(); }

void KnobPanel::resetToDefaults() {
    clearError(error_knob_);
    for (const KnobSpec& spec : settings_.specs()) {
        settings_.set_value(spec.name, spec.def);
        showValue(spec.name);
    }
    pending_.clear();
    updateHint();
}

bool KnobPanel::setKnobText(const std::string& name, const std::string& text, QString* error) {
    if (!editors_.count(name)) {
        if (error) *error = tr("no knob named %1").arg(QString::fromStdString(name));
        return false;
    }
    Settings trial = settings_;
    try {
        trial.set(name, text);
    } catch (const InputError& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    const KnobValue value = trial.get(name);
    settings_.set_value(name, value);
    clearError(name);
    showValue(name);
    emit knobChanged(QString::fromStdString(name), settings_.spec(name).live);
    return true;
}

void KnobPanel::showSettings(const Settings& s) {
    bool changed = false;
    for (const KnobSpec& spec : s.specs()) {
        if (!editors_.count(spec.name) || settings_.get(spec.name) == s.get(spec.name)) continue;
        settings_.set_value(spec.name, s.get(spec.name));
        clearError(spec.name);
        pending_.erase(spec.name);
        showValue(spec.name);
        changed = true;
    }
    if (changed) updateHint();
}

void KnobPanel::setRunActive(bool active) {
    run_active_ = active;
    if (active) pending_.clear();
    updateHint();
}

void KnobPanel::markPending(const std::string& name) {
    pending_.insert(name);
    updateHint();
}

void KnobPanel::updateHint() {
    QString text = tr("<span style='color:#555'>• applies live during a run. The other knobs restart the "
                      "cluster: changes apply on the next start.</span>");
    if (run_active_ && !pending_.empty()) {
        QStringList names;
        for (const std::string& n : pending_) names << QString::fromStdString(n);
        text += tr("<br><span style='color:#b35c00'><b>Changes apply on next start:</b> %1</span>")
                    .arg(names.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    hint_->setText(text);
}

}  // namespace archlab
