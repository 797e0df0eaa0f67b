#pragma once
// The database's commit history, kept outside every node for the observer: for each key,
// the versions committed and when. A read is stale when it returned a version older than
// the newest one committed at or before the moment the read was invoked.
// Thread-safe: the database appends on its worker threads, the client looks up on its own.
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "core/runtime/clock.h"

namespace archlab::caching {

class CommitLog {
public:
    /// keys: keys 0..keys-1, all at version `initial` (committed before the run, time 0).
    /// clock: the run's clock (the same time base as the nodes' Context::now()), any thread.
    /// keep_for: how far back committed_at() must answer (the longest a read stays judged);
    /// older commits are forgotten, so a long run keeps its memory flat.
    CommitLog(std::uint32_t keys, std::function<Nanos()> clock, std::uint64_t initial = 1,
              Nanos keep_for = Nanos::max());

    /// Runs commit() under the log's lock, stamps it with the clock read under the same lock
    /// and appends (key, version it returns, time). Serialising the commit with its stamp makes
    /// the history exact: no reader can see the commit before its entry is in the log.
    std::uint64_t record(std::uint32_t key, const std::function<std::uint64_t()>& commit);
    /// The newest version of key committed at or before t (t no older than keep_for before now).
    std::uint64_t committed_at(std::uint32_t key, Nanos t) const;
    /// Commits recorded during the run (the initial versions excluded).
    std::uint64_t commits() const;
    /// Commits held now, all keys together (bounded by keep_for).
    std::size_t held() const;

private:
    struct Commit {
        std::uint64_t version;
        Nanos at;
    };
    std::function<Nanos()> clock_;
    mutable std::mutex mu_;
    std::vector<std::vector<Commit>> by_key_;  ///< by key index, in commit order
    std::uint64_t initial_;
    Nanos keep_for_;                            ///< history kept, back from the newest commit
    std::uint64_t commits_ = 0;
};

}  // namespace archlab::caching
