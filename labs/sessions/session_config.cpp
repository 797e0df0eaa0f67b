#include "labs/sessions/session_config.h"

#include <chrono>
#include <random>
#include <stdexcept>

#include "core/runtime/seed_mix.h"

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

namespace {
constexpr std::int64_t kVirtualEpoch_s = 1'767'225'600;          ///< 2026-01-01T00:00:00Z
constexpr std::uint64_t kSecretSalt = 0x6a77'742d'6b65'79ULL;    ///< "jwt-key": the secret's own stream
}  // namespace

std::int64_t token_epoch_s(TimeMode mode) {
    if (mode == TimeMode::Virtual) return kVirtualEpoch_s;
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string token_secret(TimeMode mode, std::uint64_t seed) {
    std::uint64_t words[4];
    if (mode == TimeMode::Virtual) {
        std::uint64_t x = splitmix64(seed ^ kSecretSalt);
        for (std::uint64_t& w : words) w = x = splitmix64(x);
    } else {
        std::random_device device;
        for (std::uint64_t& w : words) w = (std::uint64_t{device()} << 32) ^ device();
    }
    return std::string(reinterpret_cast<const char*>(words), sizeof words);
}

}  // namespace archlab::sessions
