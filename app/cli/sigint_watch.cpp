#include "app/cli/sigint_watch.h"

#include <atomic>
#include <csignal>

namespace archlab::cli {

namespace {
// Lock-free, so setting it is safe inside a signal handler.
std::atomic<bool> g_sigint_fired{false};
static_assert(std::atomic<bool>::is_always_lock_free);
void on_sigint(int) { g_sigint_fired = true; }
}  // namespace

SigintWatch::SigintWatch() {
    g_sigint_fired = false;
    std::signal(SIGINT, on_sigint);
}

SigintWatch::~SigintWatch() { std::signal(SIGINT, SIG_DFL); }

bool SigintWatch::fired() const { return g_sigint_fired; }

}  // namespace archlab::cli
