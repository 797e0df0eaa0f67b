// Linked into every test executable of the tsan preset only (tests/CMakeLists.txt).
//
// Qt 6.4's QProcess starts a child with clone(CLONE_VM | CLONE_VFORK): the child runs in the
// parent's memory until it execs. ThreadSanitizer (gcc 12's libtsan) intercepts clone() and
// runs its after-fork bookkeeping in that child, which, sharing the parent's memory, resets the
// parent's own ThreadSanitizer state: afterwards the test process reports races between
// accesses that a mutex orders correctly, and dies at its next new thread ("starting new threads
// after multi-threaded fork is not supported"). Neither is a race of ours, and neither can be
// suppressed, since the reports point at correct code.
//
// This clone() comes before libtsan's in symbol lookup and turns such a vfork-style clone into
// a fork-style one (its own copy of memory) before passing it on to libtsan, which handles that
// case as it handles fork(). QProcess learns of a failed exec through a pipe, not through shared
// memory, so it behaves the same. Threads are unaffected: glibc's pthread_create does not call
// the public clone().
#include <dlfcn.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

extern "C" int clone(int (*fn)(void*), void* stack, int flags, void* arg, ...) {
    va_list rest;
    va_start(rest, arg);
    auto* parent_tid = va_arg(rest, pid_t*);
    void* tls = va_arg(rest, void*);
    auto* child_tid = va_arg(rest, pid_t*);
    va_end(rest);
    using Clone = int (*)(int (*)(void*), void*, int, void*, ...);
    static const auto next = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));  // libtsan's
    if ((flags & CLONE_VM) && !(flags & CLONE_THREAD)) flags &= ~(CLONE_VM | CLONE_VFORK);
    return next(fn, stack, flags, arg, parent_tid, tls, child_tid);
}
