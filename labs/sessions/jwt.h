#pragma once
// Signed session tokens (JWT, HS256): the user's id and an expiry travel with the client, and
// any node holding the secret checks them without asking anyone. HMAC-SHA256 and base64 come
// from OpenSSL; nothing here is hand-written crypto.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archlab::sessions {

/// Why a token was refused (or Ok).
enum class TokenVerdict { Ok, Malformed, AlgNone, BadAlg, Tampered, Expired };

/// The refusal cause as answers and summaries name it: "token-tampered" ...; "" for Ok.
const char* cause_of(TokenVerdict verdict);

struct TokenClaims {
    std::uint64_t user = 0;  ///< "sub"
    std::int64_t exp_s = 0;  ///< "exp": expiry, seconds on the issuer's clock
    std::int64_t iat_s = 0;  ///< "iat": issued at, same clock; 0 = not in the token
};

struct TokenCheck {
    TokenVerdict verdict = TokenVerdict::Malformed;
    TokenClaims claims;      ///< valid when verdict is Ok
};

/// base64url without padding (RFC 7515), through OpenSSL's encoder.
std::string base64url_encode(std::string_view bytes);
/// nullopt when the text is not base64url.
std::optional<std::string> base64url_decode(std::string_view text);

class JwtCodec {
public:
    explicit JwtCodec(std::string secret) : secret_(std::move(secret)) {}

    /// header.payload.signature with alg HS256; the payload holds sub, exp and (when set) iat.
    std::string issue(const TokenClaims& claims) const;
    /// Refuses alg "none" and any alg but HS256, a signature that does not match (constant-time
    /// compare), and a token whose exp is at or before now_s.
    TokenCheck verify(std::string_view token, std::int64_t now_s) const;

private:
    std::string sign(std::string_view signing_input) const;
    std::string secret_;
};

}  // namespace archlab::sessions
