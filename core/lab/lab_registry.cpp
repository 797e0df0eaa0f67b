#include "core/lab/lab_registry.h"

#include <stdexcept>

namespace archlab {

void LabRegistry::add(std::unique_ptr<Lab> lab) {
    if (!lab) throw std::invalid_argument("LabRegistry::add: null lab");
    if (find(lab->info().id)) throw std::invalid_argument("lab '" + lab->info().id + "' is registered twice");
    labs_.push_back(std::move(lab));
}

const Lab* LabRegistry::find(const std::string& id) const {
    for (const auto& lab : labs_) {
        if (lab->info().id == id) return lab.get();
    }
    return nullptr;
}

std::vector<const Lab*> LabRegistry::all() const {
    std::vector<const Lab*> out;
    for (const auto& lab : labs_) out.push_back(lab.get());
    return out;
}

std::vector<std::string> LabRegistry::ids() const {
    std::vector<std::string> out;
    for (const auto& lab : labs_) out.push_back(lab->info().id);
    return out;
}

}  // namespace archlab
