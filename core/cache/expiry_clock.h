#pragma once
// The time a cache's expiry sees. Injected: the cache node passes one that reads its
// Context's now(), tests pass a ManualClock and step it by hand.
#include <functional>
#include <utility>

#include "core/runtime/clock.h"

namespace archlab::cache {

class ExpiryClock {
public:
    virtual ~ExpiryClock() = default;
    /// Time since some fixed start (the run's start for nodes).
    virtual Nanos now() const = 0;
};

/// Time moves only when told to.
class ManualClock final : public ExpiryClock {
public:
    explicit ManualClock(Nanos start = Nanos(0)) : now_(start) {}
    Nanos now() const override { return now_; }
    void advance(Nanos by) { now_ += by; }
    void set(Nanos at) { now_ = at; }

private:
    Nanos now_;  ///< current time, nanoseconds
};

/// Reads time from a function, e.g. [&ctx] { return ctx.now(); }.
class FunctionClock final : public ExpiryClock {
public:
    explicit FunctionClock(std::function<Nanos()> read) : read_(std::move(read)) {}
    Nanos now() const override { return read_(); }

private:
    std::function<Nanos()> read_;  ///< returns the current time
};

}  // namespace archlab::cache
