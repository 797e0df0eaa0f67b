#pragma once
// Ctrl+C during a long CLI command (run, ab): while a SigintWatch lives, SIGINT only sets a
// flag the command's loop polls, so it can stop the run and still write what it has.

namespace archlab::cli {

class SigintWatch {
public:
    SigintWatch();   ///< clears the flag and installs the handler
    ~SigintWatch();  ///< restores the default handler
    SigintWatch(const SigintWatch&) = delete;
    SigintWatch& operator=(const SigintWatch&) = delete;

    bool fired() const;  ///< SIGINT arrived since construction
};

}  // namespace archlab::cli
