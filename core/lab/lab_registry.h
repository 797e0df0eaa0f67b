#pragma once
// Labs by id. Filled by one explicit register call at start-up (no static-init tricks).
#include <memory>
#include <string>
#include <vector>

#include "core/lab/lab.h"

namespace archlab {

class LabRegistry {
public:
    void add(std::unique_ptr<Lab> lab);
    /// nullptr when no lab has that id.
    const Lab* find(const std::string& id) const;
    std::vector<const Lab*> all() const;
    std::vector<std::string> ids() const;

private:
    std::vector<std::unique_ptr<Lab>> labs_;
};

}  // namespace archlab
