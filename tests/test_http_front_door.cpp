// The HTTP front door over real sockets on 127.0.0.1: a live cluster of a gateway and an echo
// "lb" node behind it, and a plain Asio client writing raw bytes. Every wait has a generous
// deadline; nothing asserts that something is fast.
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/net/gateway_node.h"
#include "core/net/http_front_door.h"
#include "core/runtime/live_runtime.h"

using namespace archlab;
using namespace archlab::net;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr int kWaitMs = 10000;  ///< deadline of every wait; generous for a loaded machine

/// The "lb" of the test cluster. The path says how to answer:
///   /down        503, cause no-node-alive, no body (as a balancer with no live node)
///   /silent      never answers
///   /slow?ms=N   answers after N ms
///   anything     200 from "lb"; the body echoes what arrived: method|target|key|cookie|authorization|body
class EchoLb : public Node {
public:
    void on_message(Context& ctx, const Message& m) override {
        if (m.type != kWebRequest) return;
        const std::optional<WebRequest> r = decode_web_request(m.body);
        if (!r) return;
        WebResponse out;
        out.node = ctx.name(ctx.self());
        out.body = r->method + "|" + r->target + "|" + r->key + "|" + r->cookie + "|" + r->authorization + "|" + r->body;
        out.set_cookie = "seen=1";
        if (r->target == "/down") {
            out = WebResponse{};
            out.status = 503;
            out.cause = "no-node-alive";
        }
        if (r->target == "/silent") return;
        if (r->target.rfind("/slow?ms=", 0) == 0) {
            waiting_.push_back({m.from, m.id, std::move(out)});
            ctx.set_timer(std::chrono::milliseconds(std::stoi(r->target.substr(9))), waiting_.size() - 1);
            return;
        }
        ctx.send(m.from, kWebResponse, m.id, encode(out));
    }
    void on_timer(Context& ctx, std::uint64_t tag) override {
        const Waiting& w = waiting_[tag];
        ctx.send(w.to, kWebResponse, w.id, encode(w.response));
    }

private:
    struct Waiting {
        NodeIndex to;
        std::uint64_t id;
        WebResponse response;
    };
    std::vector<Waiting> waiting_;  ///< slow answers, by timer tag
};

/// gateway -> lb on the live runtime, with the door in front.
struct Cluster {
    explicit Cluster(Nanos gateway_timeout = 10s, HttpDoorConfig config = {}) : rt(3) {
        GatewayConfig g;
        g.timeout = gateway_timeout;
        gateway = rt.add_node({"gateway", "gateway", 0, [g] { return std::make_unique<GatewayNode>(g); }});
        rt.add_node({"lb", "lb", 0, [] { return std::make_unique<EchoLb>(); }});
        rt.start();
        door = std::make_unique<HttpFrontDoor>(config, gateway_dispatch(rt, gateway));
        door->start();
    }
    ~Cluster() {
        door->stop();  // the door first: it posts into the runtime
        rt.stop();
    }
    LiveRuntime rt;
    NodeIndex gateway = kNoNode;
    std::unique_ptr<HttpFrontDoor> door;
};

using Response = http::response<http::string_body>;

/// A plain HTTP client: writes raw bytes, reads responses with a deadline.
class Client {
public:
    explicit Client(std::uint16_t port) : socket_(io_) {
        boost::system::error_code ec;
        socket_.connect({asio::ip::address_v4::loopback(), port}, ec);
        connected_ = !ec;
    }
    bool connected() const { return connected_; }
    void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
    /// The next response, or nullopt on close, error or deadline.
    std::optional<Response> read(bool head = false) {
        http::response_parser<http::string_body> parser;
        parser.skip(head);
        std::optional<boost::system::error_code> result;
        http::async_read(socket_, buffer_, parser, [&](boost::system::error_code ec, std::size_t) { result = ec; });
        run([&] { return result.has_value(); });
        if (!result || *result) return std::nullopt;
        return parser.release();
    }
    /// True when the server closes the connection (end of stream or reset) before the deadline.
    bool closed_by_server() {
        std::optional<boost::system::error_code> result;
        char byte = 0;
        socket_.async_read_some(asio::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t) { result = ec; });
        run([&] { return result.has_value(); });
        return result && *result;  // bytes instead of a close would be a protocol error here
    }

private:
    template <class Done>
    void run(Done done) {
        io_.restart();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWaitMs);
        while (!done() && std::chrono::steady_clock::now() < deadline) io_.run_for(50ms);
        if (!done()) {  // give up: cancel and let the handler run
            boost::system::error_code ignored;
            socket_.cancel(ignored);
            io_.restart();
            io_.run();
        }
    }
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    beast::flat_buffer buffer_;
    bool connected_ = false;
};

std::string get(const std::string& target, const std::string& extra_headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

std::string header(const Response& r, const char* name) { return std::string(r[name]); }

}  // namespace

class TestHttpFrontDoor : public QObject {
    Q_OBJECT
private slots:
    void getAnswers200NamingTheNode() {
        Cluster c;
        QVERIFY(c.door->port() != 0);
        QCOMPARE(c.door->url(), "http://127.0.0.1:" + std::to_string(c.door->port()) + "/");
        Client client(c.door->port());
        QVERIFY(client.connected());
        client.send(get("/cart?item=7&key=u%2042", "Cookie: sid=abc\r\nAuthorization: Bearer t.o.k\r\n"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 200u);
        QCOMPARE(header(*r, "X-Archlab-Node"), std::string("lb"));
        QCOMPARE(header(*r, "Set-Cookie"), std::string("seen=1"));
        QCOMPARE(header(*r, "Content-Type"), std::string("text/plain"));
        QCOMPARE(r->body(), std::string("GET|/cart?item=7&key=u%2042|u 42|sid=abc|Bearer t.o.k|"));
        QVERIFY(r->keep_alive());
    }

    void keyHeaderWinsAndBodyTravels() {
        Cluster c;
        Client client(c.door->port());
        client.send("POST /p?key=q HTTP/1.1\r\nHost: t\r\nX-Archlab-Key: h\r\nContent-Length: 5\r\n\r\nhello");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->body(), std::string("POST|/p?key=q|h|||hello"));
    }

    void keepAliveServesTwoRequestsOnOneConnection() {
        Cluster c;
        Client client(c.door->port());
        client.send(get("/?key=1"));
        const std::optional<Response> first = client.read();
        client.send(get("/?key=2"));
        const std::optional<Response> second = client.read();
        QVERIFY(first && second);
        QCOMPARE(first->body(), std::string("GET|/?key=1|1|||"));
        QCOMPARE(second->body(), std::string("GET|/?key=2|2|||"));
        QCOMPARE(c.door->stats().connections.load(), std::uint64_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(c.door->stats().responses.load(), std::uint64_t(2), kWaitMs);
    }

    void pipelinedRequestsAreAnsweredInOrder() {
        Cluster c;
        Client client(c.door->port());
        // The first answer comes last from the cluster; the door must still send it first.
        client.send(get("/slow?ms=300") + get("/?key=2") + get("/?key=3"));
        const std::optional<Response> a = client.read();
        const std::optional<Response> b = client.read();
        const std::optional<Response> d = client.read();
        QVERIFY(a && b && d);
        QCOMPARE(a->body(), std::string("GET|/slow?ms=300||||"));
        QCOMPARE(b->body(), std::string("GET|/?key=2|2|||"));
        QCOMPARE(d->body(), std::string("GET|/?key=3|3|||"));
        QCOMPARE(c.door->stats().connections.load(), std::uint64_t(1));
    }

    void aRequestSplitAcrossWritesIsWaitedFor() {
        Cluster c;
        Client client(c.door->port());
        client.send("GET /?key=sp");
        QTest::qWait(50);  // room for the door to (wrongly) act on half a request line
        client.send("lit HTTP/1.1\r\nHo");
        QTest::qWait(50);
        client.send("st: t\r\nCookie: a=b\r\n\r\n");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 200u);
        QCOMPARE(r->body(), std::string("GET|/?key=split|split|a=b||"));
    }

    void aMalformedRequestLineIs400ThenClose() {
        Cluster c;
        Client client(c.door->port());
        client.send("NOT A REQUEST\r\n\r\n");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 400u);
        QVERIFY(r->body().find("malformed-request") != std::string::npos);
        QVERIFY(!r->keep_alive());
        QVERIFY(client.closed_by_server());
        QCOMPARE(c.door->stats().malformed.load(), std::uint64_t(1));

        // The door still serves others.
        Client next(c.door->port());
        next.send(get("/"));
        const std::optional<Response> ok = next.read();
        QVERIFY(ok);
        QCOMPARE(ok->result_int(), 200u);
    }

    void garbageAfterAGoodPipelinedRequestIsAnsweredInOrder() {
        Cluster c;
        Client client(c.door->port());
        client.send(get("/slow?ms=100") + "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n");
        const std::optional<Response> a = client.read();
        const std::optional<Response> b = client.read();
        QVERIFY(a && b);
        QCOMPARE(a->result_int(), 200u);
        QCOMPARE(b->result_int(), 400u);
        QVERIFY(client.closed_by_server());
    }

    void aBodyOverTheLimitIs413() {
        HttpDoorConfig config;
        config.body_limit = 1000;
        Cluster c(10s, config);
        Client client(c.door->port());
        client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x'));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 413u);
        QVERIFY(client.closed_by_server());
        QCOMPARE(c.door->stats().too_large.load(), std::uint64_t(1));
    }

    void noAliveNodeIs503WithTheCause() {
        Cluster c;
        Client client(c.door->port());
        client.send(get("/down"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 503u);
        QVERIFY2(r->body().find("no-node-alive") != std::string::npos, r->body().c_str());
        QCOMPARE(header(*r, "X-Archlab-Cause"), std::string("no-node-alive"));
        QCOMPARE(header(*r, "X-Archlab-Node"), std::string());
        QVERIFY(r->keep_alive());  // a refusal is an answer: the connection stays usable
        client.send(get("/"));
        QVERIFY(client.read());
    }

    void silenceIs504AfterTheGatewayTimeout() {
        Cluster c(300ms);
        Client client(c.door->port());
        client.send(get("/silent"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 504u);
        QCOMPARE(header(*r, "X-Archlab-Cause"), std::string("timeout"));
    }

    void aDeadGatewayIs503() {
        Cluster c;
        c.rt.kill(c.gateway);
        Client client(c.door->port());
        client.send(get("/"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 503u);
        QCOMPARE(header(*r, "X-Archlab-Cause"), std::string("gateway-down"));
    }

    void headGetsHeadersOnly() {
        Cluster c;
        Client client(c.door->port());
        client.send("HEAD /?key=h HTTP/1.1\r\nHost: t\r\n\r\n");
        const std::optional<Response> r = client.read(true);
        QVERIFY(r);
        QCOMPARE(r->result_int(), 200u);
        QCOMPARE(header(*r, "Content-Length"), std::to_string(std::string("HEAD|/?key=h|h|||").size()));
        client.send(get("/?key=after"));  // no stray body bytes in the stream
        const std::optional<Response> next = client.read();
        QVERIFY(next);
        QCOMPARE(next->body(), std::string("GET|/?key=after|after|||"));
    }

    void connectionCloseIsHonoured() {
        Cluster c;
        Client client(c.door->port());
        client.send(get("/", "Connection: close\r\n"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QVERIFY(!r->keep_alive());
        QVERIFY(client.closed_by_server());
    }

    void stopWithClientsConnectedReturnsPromptly() {
        Cluster c(60s);
        Client idle(c.door->port());
        Client waiting(c.door->port());
        Client half(c.door->port());
        waiting.send(get("/silent"));  // stays unanswered for a minute
        half.send("GET / HT");
        QTRY_COMPARE_WITH_TIMEOUT(c.door->stats().requests.load(), std::uint64_t(1), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(c.door->stats().connections.load(), std::uint64_t(3), kWaitMs);
        const auto t0 = std::chrono::steady_clock::now();
        c.door->stop();
        const auto took = std::chrono::steady_clock::now() - t0;
        QVERIFY2(took < 5s, "stop() waited for a client");  // the unanswered request waits 60 s
        QVERIFY(idle.closed_by_server());
        QVERIFY(waiting.closed_by_server());
        QVERIFY(half.closed_by_server());
        c.door->stop();  // twice is fine
    }

    void manyClientsOnTwoIoThreadsEachGetTheirOwnAnswersInOrder() {
        HttpDoorConfig config;
        config.io_threads = 2;
        config.max_pipelined = 8;  // below the burst, so reading pauses and resumes
        Cluster c(10s, config);
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 6; ++i) clients.push_back(std::make_unique<Client>(c.door->port()));
        for (std::size_t i = 0; i < clients.size(); ++i) {
            std::string burst;
            for (int k = 0; k < 40; ++k) burst += get("/?key=" + std::to_string(i) + "-" + std::to_string(k));
            clients[i]->send(burst);
        }
        for (std::size_t i = 0; i < clients.size(); ++i) {
            for (int k = 0; k < 40; ++k) {
                const std::string key = std::to_string(i) + "-" + std::to_string(k);
                const std::optional<Response> r = clients[i]->read();
                QVERIFY(r);
                QCOMPARE(r->body(), "GET|/?key=" + key + "|" + key + "|||");
            }
        }
        QCOMPARE(c.door->stats().requests.load(), std::uint64_t(240));
    }

    void aChunkedBodyArrivesWhole() {
        Cluster c;
        Client client(c.door->port());
        client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->body(), std::string("POST|/c||||abcdefg"));
    }

    void expect100ContinueIsAnsweredBeforeTheBody() {
        Cluster c;
        Client client(c.door->port());
        client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        const std::optional<Response> go_on = client.read();  // sent before the body exists
        QVERIFY(go_on);
        QCOMPARE(go_on->result_int(), 100u);
        client.send("body");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 200u);
        QCOMPARE(r->body(), std::string("POST|/e||||body"));
    }

    void http10IsAnsweredThenClosed() {
        Cluster c;
        Client client(c.door->port());
        client.send("GET /?key=old HTTP/1.0\r\n\r\n");
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->version(), 10u);
        QCOMPARE(r->body(), std::string("GET|/?key=old|old|||"));
        QVERIFY(client.closed_by_server());
    }

    void aHeaderOverTheLimitIs431() {
        HttpDoorConfig config;
        config.header_limit = 2000;
        Cluster c(10s, config);
        Client client(c.door->port());
        client.send(get("/", "X-Big: " + std::string(5000, 'h') + "\r\n"));
        const std::optional<Response> r = client.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 431u);
        QVERIFY(client.closed_by_server());
    }

    void anIdleOrHalfSentConnectionIsClosedAfterTheIdleTimeout() {
        HttpDoorConfig config;
        config.idle_timeout = std::chrono::milliseconds(200);
        Cluster c(10s, config);
        Client idle(c.door->port());
        Client half(c.door->port());
        half.send("GET / HTTP/1.1\r\nHost:");
        QVERIFY(idle.closed_by_server());
        QVERIFY(half.closed_by_server());
    }

    void aClientLeavingBeforeItsAnswerDoesNoHarm() {
        Cluster c;
        {
            Client leaving(c.door->port());
            leaving.send(get("/slow?ms=200") + get("/slow?ms=100"));
            QTRY_COMPARE_WITH_TIMEOUT(c.door->stats().requests.load(), std::uint64_t(2), kWaitMs);
        }  // closed with both answers outstanding
        QTest::qWait(300);  // the answers come back to a connection that is gone
        Client next(c.door->port());
        next.send(get("/?key=still"));
        const std::optional<Response> r = next.read();
        QVERIFY(r);
        QCOMPARE(r->body(), std::string("GET|/?key=still|still|||"));
    }

    void garbageNeverCrashesOrHangsTheDoor() {
        Cluster c;
        std::mt19937 random(1234);  // fixed seed: the same garbage every run
        for (int i = 0; i < 40; ++i) {
            std::string bytes(1 + random() % 300, '\0');
            for (char& b : bytes) b = static_cast<char>(random() % 256);
            if (i % 2 == 0) bytes = "GET /" + bytes;  // half of them start like a request
            bytes += "\r\n\r\n";
            Client client(c.door->port());
            client.send(bytes);
            // Either a 400 or a close; never silence until the deadline.
            const std::optional<Response> r = client.read();
            if (r) QVERIFY2(r->result_int() == 400 || r->result_int() == 200, std::to_string(r->result_int()).c_str());
            else QVERIFY(client.closed_by_server());
        }
        Client after(c.door->port());
        after.send(get("/?key=ok"));
        const std::optional<Response> r = after.read();
        QVERIFY(r);
        QCOMPARE(r->result_int(), 200u);
    }

    void stopRightAfterConnectsClosesThoseToo() {
        Cluster c;
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 20; ++i) {
            clients.push_back(std::make_unique<Client>(c.door->port()));
            clients.back()->send(get("/silent"));
        }
        c.door->stop();  // some are accepted, some wait in the backlog or in a queued accept
        for (auto& client : clients) QVERIFY(client->closed_by_server());
    }

    void aTakenPortIsAClearError() {
        Cluster c;
        HttpDoorConfig config;
        config.port = c.door->port();
        HttpFrontDoor second(config, [](WebRequest, WebCompletion done) { done(WebResponse{}); });
        QString message;
        try {
            second.start();
        } catch (const std::runtime_error& e) {
            message = e.what();
        }
        QVERIFY2(message.contains("127.0.0.1:" + QString::number(c.door->port())), qPrintable(message));
        second.stop();
    }

    void curlGetsTheNodeHeader() {
        const QString curl = QStandardPaths::findExecutable("curl");
        if (curl.isEmpty()) QSKIP("curl is not installed");
        Cluster c;
        QProcess p;
        p.start(curl, {"-sS", "-i", "--max-time", "10", QString::fromStdString(c.door->url() + "?key=curl")});
        QVERIFY(p.waitForFinished(kWaitMs + 5000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(out.startsWith("HTTP/1.1 200 OK"), qPrintable(out));
        QVERIFY2(out.contains("X-Archlab-Node: lb", Qt::CaseInsensitive), qPrintable(out));
        QVERIFY2(out.endsWith("GET|/?key=curl|curl|||"), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestHttpFrontDoor)
#include "test_http_front_door.moc"
