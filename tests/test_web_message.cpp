// The web path's message encoding: round trips, and every truncation refused.
#include <QtTest>

#include "core/net/web_message.h"

using namespace archlab::net;

class TestWebMessage : public QObject {
    Q_OBJECT
private slots:
    void request_round_trip() {
        WebRequest r;
        r.method = "POST";
        r.target = "/cart?key=u7";
        r.key = "u7";
        r.cookie = "archlab_node=node-2; sid=abc";
        r.authorization = "Bearer x.y.z";
        r.body = std::string("a\0b\r\n", 5);
        r.user = 42;
        r.sent_ns = 123456789;
        const auto back = decode_web_request(encode(r));
        QVERIFY(back.has_value());
        QCOMPARE(back->method, r.method);
        QCOMPARE(back->target, r.target);
        QCOMPARE(back->key, r.key);
        QCOMPARE(back->cookie, r.cookie);
        QCOMPARE(back->authorization, r.authorization);
        QCOMPARE(back->body, r.body);
        QCOMPARE(back->user, r.user);
        QCOMPARE(back->sent_ns, r.sent_ns);
    }
    void response_round_trip() {
        WebResponse r;
        r.status = 503;
        r.node = "";
        r.set_cookie = "archlab_node=node-1";
        r.body = "no node is alive\n";
        r.cause = "no-node-alive";
        const auto back = decode_web_response(encode(r));
        QVERIFY(back.has_value());
        QCOMPARE(back->status, r.status);
        QCOMPARE(back->set_cookie, r.set_cookie);
        QCOMPARE(back->content_type, r.content_type);
        QCOMPARE(back->body, r.body);
        QCOMPARE(back->cause, r.cause);
    }
    void truncated_or_extended_is_refused() {
        WebRequest r;
        r.target = "/x";
        const std::string bytes = encode(r);
        for (std::size_t n = 0; n < bytes.size(); ++n) QVERIFY(!decode_web_request(bytes.substr(0, n)).has_value());
        QVERIFY(!decode_web_request(bytes + "!").has_value());
        const std::string resp = encode(WebResponse{});
        for (std::size_t n = 0; n < resp.size(); ++n) QVERIFY(!decode_web_response(resp.substr(0, n)).has_value());
    }
};

QTEST_APPLESS_MAIN(TestWebMessage)
#include "test_web_message.moc"
