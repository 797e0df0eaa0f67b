// Session tokens: made and checked through OpenSSL's HMAC-SHA256 and base64; every way of
// tampering is refused with its own cause, and a genuine token is accepted until it expires.
#include <QTest>

#include "labs/sessions/jwt.h"
#include "labs/sessions/session_client_node.h"
#include "labs/sessions/session_config.h"

using namespace archlab;
using namespace archlab::sessions;

namespace {
/// Replaces one part (0 header, 1 payload, 2 signature) of a token.
std::string with_part(const std::string& token, int part, const std::string& value) {
    const std::size_t d1 = token.find('.'), d2 = token.rfind('.');
    std::string parts[3] = {token.substr(0, d1), token.substr(d1 + 1, d2 - d1 - 1), token.substr(d2 + 1)};
    parts[part] = value;
    return parts[0] + "." + parts[1] + "." + parts[2];
}
}  // namespace

class TestSessionTokens : public QObject {
    Q_OBJECT
private slots:
    void base64url_round_trips() {
        for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\xfd?>"}) {
            const std::string e = base64url_encode(s);
            QVERIFY(e.find_first_of("+/=") == std::string::npos);
            const auto d = base64url_decode(e);
            QVERIFY(d.has_value());
            QCOMPARE(*d, s);
        }
        QCOMPARE(base64url_encode("\xfb\xff"), std::string("-_8"));
        QVERIFY(!base64url_decode("a").has_value());        // impossible length
        QVERIFY(!base64url_decode("ab+c").has_value());     // standard alphabet, not url
        QVERIFY(!base64url_decode("a$bc").has_value());
    }

    void known_hs256_vector() {
        // Computed independently with Python's hmac and base64 modules:
        // hmac.new(b"secret", header + "." + payload, hashlib.sha256), base64url without padding.
        JwtCodec codec("secret");
        const std::string token = codec.issue(TokenClaims{42, 2000});
        QCOMPARE(token, std::string("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjIwMDAsInN1YiI6IjQyIn0."
                                    "Z9gAFaXXupj3CaI79_GAIejrDw-3Pf9fG4Kc4bXT8rk"));
        QCOMPARE(codec.verify(token, 1999).verdict, TokenVerdict::Ok);
        QCOMPARE(codec.verify(token, 1999).claims.user, std::uint64_t(42));
    }

    void issued_at_is_carried_and_read_back() {
        JwtCodec codec("secret");
        const std::string token = codec.issue(TokenClaims{42, 2000, 1970});
        const auto payload = base64url_decode(token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1));
        QVERIFY(payload.has_value());
        QCOMPARE(*payload, std::string(R"({"exp":2000,"iat":1970,"sub":"42"})"));
        const TokenCheck check = codec.verify(token, 1999);
        QCOMPARE(check.verdict, TokenVerdict::Ok);
        QCOMPARE(check.claims.iat_s, std::int64_t{1970});
    }

    void token_clock_and_key_follow_the_time_mode() {
        // Virtual time: a fixed calendar and a key from the seed, so equal runs sign equal tokens.
        QCOMPARE(token_epoch_s(TimeMode::Virtual), std::int64_t{1767225600});  // 2026-01-01T00:00:00Z
        QCOMPARE(token_secret(TimeMode::Virtual, 7), token_secret(TimeMode::Virtual, 7));
        QVERIFY(token_secret(TimeMode::Virtual, 7) != token_secret(TimeMode::Virtual, 8));
        QCOMPARE(token_secret(TimeMode::Virtual, 7).size(), std::size_t{32});
        // Live: the wall clock's date (some day after 2020) and a fresh key every run.
        QVERIFY(token_epoch_s(TimeMode::Live) > 1'600'000'000);
        QVERIFY(token_secret(TimeMode::Live, 7) != token_secret(TimeMode::Live, 7));
        QCOMPARE(token_secret(TimeMode::Live, 7).size(), std::size_t{32});
    }

    void refusals_by_cause_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("verdict");
        QTest::newRow("payload changed, signature kept") << 0 << int(TokenVerdict::Tampered);
        QTest::newRow("signature changed") << 1 << int(TokenVerdict::Tampered);
        QTest::newRow("signed with another secret") << 2 << int(TokenVerdict::Tampered);
        QTest::newRow("alg none, no signature") << 3 << int(TokenVerdict::AlgNone);
        QTest::newRow("alg None, signature kept") << 4 << int(TokenVerdict::AlgNone);
        QTest::newRow("alg RS256") << 5 << int(TokenVerdict::BadAlg);
        QTest::newRow("expired") << 6 << int(TokenVerdict::Expired);
        QTest::newRow("two parts") << 7 << int(TokenVerdict::Malformed);
        QTest::newRow("not base64") << 8 << int(TokenVerdict::Malformed);
        QTest::newRow("empty") << 9 << int(TokenVerdict::Malformed);
        QTest::newRow("client forgery: other user") << 10 << int(TokenVerdict::Tampered);
        QTest::newRow("client forgery: alg none") << 11 << int(TokenVerdict::AlgNone);
    }
    void refusals_by_cause() {
        QFETCH(int, kind);
        QFETCH(int, verdict);
        JwtCodec codec("s3cret");
        const std::string good = codec.issue(TokenClaims{7, 1000});
        QCOMPARE(codec.verify(good, 999).verdict, TokenVerdict::Ok);
        std::string bad;
        switch (kind) {
            case 0: bad = with_part(good, 1, base64url_encode(R"({"sub":"8","exp":1000})")); break;
            case 1: {
                std::string sig = good.substr(good.rfind('.') + 1);
                sig[3] = sig[3] == 'A' ? 'B' : 'A';
                bad = with_part(good, 2, sig);
                break;
            }
            case 2: bad = JwtCodec("other").issue(TokenClaims{7, 1000}); break;
            case 3: bad = with_part(good, 0, base64url_encode(R"({"alg":"none","typ":"JWT"})"));
                    bad = bad.substr(0, bad.rfind('.') + 1);
                    break;
            case 4: bad = with_part(good, 0, base64url_encode(R"({"alg":"None"})")); break;
            case 5: bad = with_part(good, 0, base64url_encode(R"({"alg":"RS256"})")); break;
            case 6: bad = good; break;
            case 7: bad = good.substr(0, good.rfind('.')); break;
            case 8: bad = "@@.@@.@@"; break;
            case 9: bad = ""; break;
            case 10: bad = SessionClientNode::forge(good, 0); break;
            case 11: bad = SessionClientNode::forge(good, 1); break;
        }
        const std::int64_t now = kind == 6 ? 1000 : 999;  // exp is exclusive: at exp it has expired
        const TokenCheck check = codec.verify(bad, now);
        QCOMPARE(int(check.verdict), verdict);
        QVERIFY(std::string(cause_of(check.verdict)).rfind("token-", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(TestSessionTokens)
#include "test_session_tokens.moc"
