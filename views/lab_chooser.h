#pragma once
// The list of labs from the registry: title shown, summary as tooltip.
#include <string>

#include <QListWidget>

namespace archlab {

class Lab;
class LabRegistry;

class LabChooser : public QListWidget {
    Q_OBJECT
public:
    explicit LabChooser(const LabRegistry& labs, QWidget* parent = nullptr);

    /// Selects the lab with that id; false when there is none.
    bool select(const std::string& id);
    /// The selected lab, or null.
    const Lab* current() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void labChosen(const archlab::Lab* lab);

private:
    const LabRegistry& labs_;
};

}  // namespace archlab
