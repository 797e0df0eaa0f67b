// Out of file descriptors, a server must not retry a failed accept at once (that spins a core):
// the backoff's pauses and its one log line per episode, then the RESP server and the HTTP front
// door in this very process with RLIMIT_NOFILE lowered so that no accept can succeed. They
// keep serving their open connections, try again only every 100 ms to 1 s, and accept the
// waiting connection once descriptors are back.
#include <QTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

#include <boost/asio/error.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "core/cache/policy_registry.h"
#include "core/net/accept_backoff.h"
#include "core/net/http_front_door.h"
#include "core/resp/resp_server.h"

using namespace archlab;
using namespace std::chrono_literals;
using boost::system::error_code;

namespace {

/// A blocking loopback client; the socket is made at construction, connected on demand, so it
/// can be opened before descriptors run out and connected after.
class RawClient {
public:
    RawClient() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{20, 0};  // a broken server fails the test instead of hanging it
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawClient() { ::close(fd_); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connect(std::uint16_t port) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    /// Sends `request` and reads until `until` shows up in the answer (or close / timeout).
    std::string ask(const std::string& request, const std::string& until) {
        ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
        std::string got;
        char buf[4096];
        while (got.find(until) == std::string::npos) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            got.append(buf, static_cast<std::size_t>(n));
        }
        return got;
    }

private:
    int fd_ = -1;
};

/// Lowers this process's descriptor limit to the lowest free descriptor, so no new one can be
/// made (accept fails with EMFILE), and puts the old limit back when it goes.
class NoMoreDescriptors {
public:
    NoMoreDescriptors() {
        ::getrlimit(RLIMIT_NOFILE, &old_);
        const int lowest_free = ::open("/dev/null", O_RDONLY);
        if (lowest_free < 0) return;
        ::close(lowest_free);
        rlimit low = old_;
        low.rlim_cur = static_cast<rlim_t>(lowest_free);
        ok_ = ::setrlimit(RLIMIT_NOFILE, &low) == 0 && ::open("/dev/null", O_RDONLY) < 0 && errno == EMFILE;
    }
    ~NoMoreDescriptors() { ::setrlimit(RLIMIT_NOFILE, &old_); }
    bool ok() const { return ok_; }

private:
    rlimit old_{};
    bool ok_ = false;
};

/// CPU time this process used so far (every thread), seconds.
double cpu_s() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Waits (polling, up to 10 s) until `done` holds.
template <class Done>
bool wait_for(Done done) {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
    return done();
}

/// What a server did while it could not accept, measured over `window`.
struct Starved {
    bool started = false;        ///< the server's first accept failed
    std::uint64_t failures = 0;  ///< failed accepts in the window after that
    double cpu = 0.0;            ///< process CPU in the window, seconds
};

/// With descriptors gone, connects `waiting` and measures the server over `window` once its
/// first accept failed; `failures` reads the server's failed-accept count.
template <class Failures>
Starved starve(RawClient& waiting, std::uint16_t port, Failures failures, std::chrono::milliseconds window) {
    Starved s;
    if (!waiting.connect(port)) return s;  // the kernel completes it; accept() is what fails
    s.started = wait_for([&] { return failures() > 0; });
    if (!s.started) return s;
    const std::uint64_t f0 = failures();
    const double c0 = cpu_s();
    std::this_thread::sleep_for(window);  // wall time is what is measured here: how often it retries
    s.failures = failures() - f0;
    s.cpu = cpu_s() - c0;
    return s;
}

/// UndefinedBehaviorSanitizer (the asan preset) cannot watch a process with no descriptor left:
/// before it trusts an object's vtable (-fsanitize=vptr) it checks the memory is readable by
/// writing it into a pipe, the pipe cannot be made, and every such check then reports "object
/// has invalid vptr" on sound objects (in whatever thread runs then: a shared_ptr's control
/// block, the cache's clock). These tests are about exactly that state, so they run in the
/// other builds only; ThreadSanitizer alone needs no pipe.
bool under_ubsan() {
    const char* v = std::getenv("ARCHLAB_TEST_SANITIZER");
    return v != nullptr && std::string_view(v).find("undefined") != std::string_view::npos;
}
constexpr const char* kNoUbsan = "UBSan's vptr check needs a free descriptor (a pipe) to read an object's type";

constexpr auto kWindow = 600ms;
/// Retries in kWindow with pauses of 100, 200, 400 ms ...: at most 3, 4 with slack. A server
/// that retries at once makes thousands, even on a loaded machine.
constexpr std::uint64_t kMostRetries = 4;

}  // namespace

class TestAcceptBackoff : public QObject {
    Q_OBJECT
private slots:
    void pauses_double_up_to_a_second_and_reset_on_success() {
        net::AcceptBackoff b("test server");
        const error_code emfile(EMFILE, boost::system::system_category());
        for (int ms : {100, 200, 400, 800, 1000, 1000}) QCOMPARE(b.after(emfile), std::chrono::milliseconds(ms));
        QCOMPARE(b.after(error_code()), 0ms);
        QCOMPARE(b.after(error_code(ENFILE, boost::system::system_category())), 100ms);
        QCOMPARE(b.after(error_code(ENOBUFS, boost::system::system_category())), 200ms);
        QCOMPARE(b.failures(), std::uint64_t{8});
    }

    void a_failure_of_one_connection_does_not_pause() {
        net::AcceptBackoff b("test server");
        QCOMPARE(b.after(boost::asio::error::connection_aborted), 0ms);
        QCOMPARE(b.after(error_code(EPROTO, boost::system::system_category())), 0ms);
        QCOMPARE(b.after(error_code(EPERM, boost::system::system_category())), 0ms);
        QCOMPARE(b.failures(), std::uint64_t{3});
    }

    void logs_once_per_episode() {
        std::ostringstream log;
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
        auto logger = spdlog::default_logger();
        logger->sinks().push_back(sink);
        net::AcceptBackoff b("test server");
        const error_code emfile(EMFILE, boost::system::system_category());
        for (int i = 0; i < 50; ++i) b.after(emfile);
        b.after(error_code());
        b.after(emfile);
        logger->sinks().pop_back();
        const std::string text = log.str();
        const auto count = [&](const std::string& what) {
            std::size_t n = 0;
            for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
            return n;
        };
        QCOMPARE(count("test server: cannot accept connections"), std::size_t{2});  // two episodes
        QCOMPARE(count("accepting connections again after 50 failed accepts"), std::size_t{1});
    }

    void resp_server_out_of_descriptors_backs_off_and_serves() {
        if (under_ubsan()) QSKIP(kNoUbsan);
        resp::SharedCacheStore store(cache::builtin_policies(), "lru", 1000, cache::CapacityUnit::entries,
                                     [] { return Nanos(0); });
        resp::RespServer server(store, {});
        server.start();
        RawClient open, waiting;
        QVERIFY(open.connect(server.port()));
        QCOMPARE(open.ask("PING\r\n", "\r\n"), std::string("+PONG\r\n"));
        Starved s;
        std::string during;
        {
            NoMoreDescriptors limit;
            QVERIFY(limit.ok());
            s = starve(waiting, server.port(), [&] { return server.accept_failures(); }, kWindow);
            during = open.ask("SET k v\r\n", "\r\n");  // the open connection is still served
        }
        const QString msg = QString("%1 failed accepts, %2 s CPU in %3 ms").arg(s.failures).arg(s.cpu).arg(kWindow.count());
        qInfo("%s", qPrintable(msg));
        QVERIFY2(s.started && s.failures <= kMostRetries, qPrintable(msg));
        QVERIFY2(s.cpu < 0.1, qPrintable(msg));
        QCOMPARE(during, std::string("+OK\r\n"));
        // Descriptors back: the waiting connection is accepted at the next try and served.
        QCOMPARE(waiting.ask("GET k\r\n", "v\r\n"), std::string("$1\r\nv\r\n"));
        server.stop();
    }

    void http_front_door_out_of_descriptors_backs_off_and_serves() {
        if (under_ubsan()) QSKIP(kNoUbsan);
        net::HttpFrontDoor door({}, [](net::WebRequest, net::WebCompletion done) {
            net::WebResponse r;
            r.body = "hello";
            done(std::move(r));
        });
        door.start();
        const std::string get = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";
        RawClient open, waiting;
        QVERIFY(open.connect(door.port()));
        QVERIFY(open.ask(get, "hello").find("200 OK") != std::string::npos);
        Starved s;
        std::string during;
        {
            NoMoreDescriptors limit;
            QVERIFY(limit.ok());
            s = starve(waiting, door.port(), [&] { return door.accept_failures(); }, kWindow);
            during = open.ask(get, "hello");
        }
        const QString msg = QString("%1 failed accepts, %2 s CPU in %3 ms").arg(s.failures).arg(s.cpu).arg(kWindow.count());
        qInfo("%s", qPrintable(msg));
        QVERIFY2(s.started && s.failures <= kMostRetries, qPrintable(msg));
        QVERIFY2(s.cpu < 0.1, qPrintable(msg));
        QVERIFY2(during.find("200 OK") != std::string::npos, during.c_str());
        QVERIFY(waiting.ask(get, "hello").find("200 OK") != std::string::npos);
        door.stop();
    }
};

QTEST_GUILESS_MAIN(TestAcceptBackoff)
#include "test_accept_backoff.moc"
