#include "labs/replication/repl_config.h"

#include <stdexcept>

namespace archlab::replication {

Mode parse_mode(const std::string& s) {
    if (s == "sync") return Mode::Sync;
    if (s == "semi-sync") return Mode::SemiSync;
    if (s == "async") return Mode::Async;
    if (s == "quorum") return Mode::Quorum;
    throw std::invalid_argument("unknown replication '" + s + "'");
}

const char* to_string(Mode m) {
    switch (m) {
        case Mode::Sync: return "sync";
        case Mode::SemiSync: return "semi-sync";
        case Mode::Async: return "async";
        case Mode::Quorum: return "quorum";
    }
    return "?";
}

ReadFrom parse_read_from(const std::string& s) {
    if (s == "primary") return ReadFrom::Primary;
    if (s == "replica") return ReadFrom::Replica;
    if (s == "any") return ReadFrom::Any;
    throw std::invalid_argument("unknown read_from '" + s + "'");
}

std::string data_node_name(int ordinal) {
    return ordinal == 0 ? std::string("primary") : "replica-" + std::to_string(ordinal);
}

}  // namespace archlab::replication
