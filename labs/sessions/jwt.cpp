#include "labs/sessions/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace archlab::sessions {

const char* cause_of(TokenVerdict v) {
    switch (v) {
        case TokenVerdict::Ok: return "";
        case TokenVerdict::Malformed: return "token-malformed";
        case TokenVerdict::AlgNone: return "token-alg-none";
        case TokenVerdict::BadAlg: return "token-bad-alg";
        case TokenVerdict::Tampered: return "token-tampered";
        case TokenVerdict::Expired: return "token-expired";
    }
    return "token-malformed";
}

std::string base64url_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string in(text);
    for (char& c : in) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not the url alphabet
    }
    const std::size_t pad = (4 - in.size() % 4) % 4;
    in.append(pad, '=');
    std::string out(in.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes: drop them.
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

std::string JwtCodec::sign(std::string_view input) const {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string JwtCodec::issue(const TokenClaims& claims) const {
    const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    nlohmann::json payload = {{"sub", std::to_string(claims.user)}, {"exp", claims.exp_s}};
    if (claims.iat_s != 0) payload["iat"] = claims.iat_s;
    const std::string input = header + "." + base64url_encode(payload.dump());
    return input + "." + sign(input);
}

TokenCheck JwtCodec::verify(std::string_view token, std::int64_t now_s) const {
    TokenCheck out;
    const std::size_t d1 = token.find('.');
    const std::size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) return out;
    const auto header_bytes = base64url_decode(token.substr(0, d1));
    const auto payload_bytes = base64url_decode(token.substr(d1 + 1, d2 - d1 - 1));
    if (!header_bytes || !payload_bytes) return out;
    const nlohmann::json header = nlohmann::json::parse(*header_bytes, nullptr, false);
    const nlohmann::json payload = nlohmann::json::parse(*payload_bytes, nullptr, false);
    if (!header.is_object() || !payload.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
        return out;
    }
    std::string alg = header["alg"].get<std::string>();
    std::transform(alg.begin(), alg.end(), alg.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (alg == "none") {
        out.verdict = TokenVerdict::AlgNone;
        return out;
    }
    if (alg != "hs256") {
        out.verdict = TokenVerdict::BadAlg;
        return out;
    }
    const std::string expected = sign(token.substr(0, d2));
    const std::string_view given = token.substr(d2 + 1);
    if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
        out.verdict = TokenVerdict::Tampered;
        return out;
    }
    // Signed by us: only now are the claims worth reading.
    if (!payload.contains("sub") || !payload["sub"].is_string() || !payload.contains("exp") ||
        !payload["exp"].is_number_integer()) {
        return out;
    }
    try {
        out.claims.user = std::stoull(payload["sub"].get<std::string>());
    } catch (const std::exception&) {
        return out;
    }
    out.claims.exp_s = payload["exp"].get<std::int64_t>();
    if (payload.contains("iat") && payload["iat"].is_number_integer()) out.claims.iat_s = payload["iat"].get<std::int64_t>();
    out.verdict = out.claims.exp_s <= now_s ? TokenVerdict::Expired : TokenVerdict::Ok;
    return out;
}

}  // namespace archlab::sessions
