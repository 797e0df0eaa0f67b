// Fuzz target: session token verification (labs/sessions/jwt), on the Authorization bearer a
// client sends to the sessions lab.
// Input: the token on the first line; then 8 bytes each of user, expiry and issue time and of
// the verifier's clock, and the position and byte of one change, for a token issued here.
// Properties:
//  - a token verifies Ok only when its signature is the HMAC-SHA256 of its first two parts
//    under the secret (checked here apart from the codec) and it has not expired;
//  - a token the codec issues verifies to its own claims (Ok, or Expired at or after its exp);
//    any change to it makes it fail (never Ok, never other claims);
//  - base64url round-trips any bytes.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "labs/sessions/jwt.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab::sessions;
using namespace archlab::fuzz;

namespace {

constexpr std::string_view kSecret = "fuzz-secret";  ///< the seed corpus's valid tokens are signed with it

std::int64_t read_i64(InputCursor& in) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | in.byte();
    std::int64_t s = 0;
    std::memcpy(&s, &v, sizeof s);
    return s;
}

/// The HMAC-SHA256 of the token's first two parts, base64url: what its third part must be.
std::string expected_signature(std::string_view token) {
    const std::string_view input = token.substr(0, token.rfind('.'));
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

void check_verdict(const TokenCheck& c, std::string_view token, std::int64_t now) {
    if (c.verdict != TokenVerdict::Ok) return;
    const std::size_t dot = token.rfind('.');
    FUZZ_CHECK(dot != std::string_view::npos && token.substr(dot + 1) == expected_signature(token),
               "accepted without a valid signature: " + std::string(token));
    FUZZ_CHECK(c.claims.exp_s > now, "accepted after its expiry: " + std::string(token));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const JwtCodec codec{std::string(kSecret)};
    InputCursor in(data, size);
    const std::string token(in.until('\n'));
    TokenClaims claims;
    claims.user = static_cast<std::uint64_t>(read_i64(in));
    claims.exp_s = read_i64(in);
    claims.iat_s = read_i64(in);
    const std::int64_t now = read_i64(in);
    const std::size_t change_at = static_cast<std::size_t>(read_i64(in) & 0xffff);
    const auto change_to = static_cast<char>(in.byte());

    check_verdict(codec.verify(token, now), token, now);

    const std::string issued = codec.issue(claims);
    const TokenCheck own = codec.verify(issued, now);
    FUZZ_CHECK(own.verdict == (claims.exp_s > now ? TokenVerdict::Ok : TokenVerdict::Expired),
               issued + ": " + cause_of(own.verdict));
    FUZZ_CHECK(own.claims.user == claims.user && own.claims.exp_s == claims.exp_s && own.claims.iat_s == claims.iat_s,
               issued);

    std::string changed = issued;
    const std::size_t at = change_at % changed.size();
    if (changed[at] != change_to) {
        changed[at] = change_to;
        const TokenCheck c = codec.verify(changed, now);
        FUZZ_CHECK(c.verdict != TokenVerdict::Ok, changed + " verified after a change at " + std::to_string(at));
        check_verdict(c, changed, now);
    }

    const auto back = base64url_decode(base64url_encode(token));
    FUZZ_CHECK(back && *back == token, "base64url round trip of " + std::to_string(token.size()) + " bytes");
    return 0;
}
