#include "labs/sessions/session_config.h"

#include <stdexcept>

namespace archlab::sessions {

SessionMode parse_session_mode(const std::string& s) {
    if (s == "local") return SessionMode::Local;
    if (s == "sticky") return SessionMode::Sticky;
    if (s == "shared-store") return SessionMode::SharedStore;
    if (s == "jwt") return SessionMode::Jwt;
    throw std::invalid_argument("unknown session_mode '" + s + "'");
}

const char* to_string(SessionMode m) {
    switch (m) {
        case SessionMode::Local: return "local";
        case SessionMode::Sticky: return "sticky";
        case SessionMode::SharedStore: return "shared-store";
        case SessionMode::Jwt: return "jwt";
    }
    return "?";
}

}  // namespace archlab::sessions
