#pragma once
// The caching lab: client -> balancer -> app nodes doing cache-aside -> SQLite database, with
// the cache inside each app (exclusive) or one shared cache node.
#include "core/lab/lab.h"

namespace archlab::caching {

class CachingLab : public Lab {
public:
    CachingLab();
    const LabInfo& info() const override { return info_; }
    std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const override;

private:
    LabInfo info_;
};

/// The lab's explain text (plain words, with things to try).
const char* caching_explain();

}  // namespace archlab::caching
