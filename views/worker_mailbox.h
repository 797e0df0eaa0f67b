#pragma once
// What a worker thread hands back to the GUI thread: the worker puts a note in under a mutex,
// then asks for a queued call of a slot by name; the slot, on the GUI thread, takes every note
// out under the same mutex. Qt's event queue alone orders the two, but through locks inside
// libQt6Core that ThreadSanitizer cannot see (Qt is not built with it), so a lambda posted with
// invokeMethod, and all the worker did before posting it, would look unordered with the GUI
// thread; the mutex makes the hand-off, and so everything before it, visible to TSan. Calling
// the slot by name keeps the posted call itself inside Qt (no functor built on the worker).
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include <QString>

namespace archlab {

template <class Note>
class WorkerMailbox {
public:
    /// Worker thread.
    void put(Note note) {
        std::lock_guard lock(mu_);
        notes_.push_back(std::move(note));
    }
    /// GUI thread: the notes put in so far, oldest first.
    std::vector<Note> take() {
        std::lock_guard lock(mu_);
        return std::exchange(notes_, {});
    }

private:
    std::mutex mu_;
    std::vector<Note> notes_;  ///< guarded by mu_
};

/// A session worker's news: its run started, finished, or failed to start (with why).
struct SessionNote {
    enum class Kind { Started, Finished, Failed };
    Kind kind = Kind::Started;
    std::uint64_t job = 0;   ///< the session's job number when the worker was made
    QString message;         ///< Failed: why
};

}  // namespace archlab
