#pragma once
// The sessions lab: a login-then-browse workload over replicated app nodes, with four ways to
// keep a user's session (node memory, sticky cookie, shared store, signed token).
#include "core/lab/lab.h"

namespace archlab::sessions {

class SessionsLab : public Lab {
public:
    SessionsLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* sessions_explain();

}  // namespace archlab::sessions
