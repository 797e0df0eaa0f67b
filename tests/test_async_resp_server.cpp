// The asynchronous RESP server on a real 127.0.0.1 socket: replies completed out of order from
// another thread go out in command order under pipelining; synchronous replies in one batch;
// reading pauses at max_pending; a connection closed, or the server stopped, while replies are
// pending is safe and the late replies do nothing; a dropped completion answers an error;
// pushes reach a client from another thread; QUIT and protocol errors close after the replies.
#include <QTest>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/resp/async_resp_server.h"
#include "core/resp/command_args.h"
#include "core/resp/resp_writer.h"
#include "resp_test_client.h"

using namespace archlab::resp;
using namespace std::string_literals;

namespace {

/// Keeps every dispatched command with its completion, for the test to answer when it likes.
struct Recorder {
    std::mutex mu;
    std::condition_variable changed;
    std::vector<std::vector<std::string>> args;
    std::vector<Reply> replies;

    AsyncDispatch dispatch() {
        return [this](std::vector<std::string> a, ClientSession&, Reply done) {
            std::lock_guard lock(mu);
            args.push_back(std::move(a));
            replies.push_back(std::move(done));
            changed.notify_all();
        };
    }
    /// Waits until n commands were dispatched (20 s at most); false on timeout.
    bool wait_for(std::size_t n) {
        std::unique_lock lock(mu);
        return changed.wait_for(lock, std::chrono::seconds(20), [&] { return replies.size() >= n; });
    }
    std::size_t count() {
        std::lock_guard lock(mu);
        return replies.size();
    }
    Reply reply(std::size_t i) {
        std::lock_guard lock(mu);
        return replies.at(i);
    }
};

std::string bulk(const std::string& v) {
    std::string out;
    RespWriter(out).bulk(v);
    return out;
}

std::string integer(std::int64_t n) {
    std::string out;
    RespWriter(out).integer(n);
    return out;
}

/// Waits until cond holds (20 s at most), yielding the thread in between.
template <class Cond>
bool eventually(Cond cond) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!cond()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

}  // namespace

class TestAsyncRespServer : public QObject {
    Q_OBJECT

private slots:
    void replies_completed_out_of_order_go_out_in_command_order() {
        Recorder rec;
        AsyncRespServer server({}, rec.dispatch());
        server.start();
        Client c(server.port());
        std::string pipeline;
        for (int i = 0; i < 16; ++i) pipeline += frame({"GET", fmt::format("k{}", i)});
        c.send(pipeline);
        QVERIFY(rec.wait_for(16));
        // Completed backwards, from another thread: nothing may go out before command 0's reply.
        std::thread worker([&] {
            for (int i = 15; i >= 0; --i) rec.reply(static_cast<std::size_t>(i))(bulk(rec.args[i][1]));
        });
        worker.join();
        const auto got = receive_replies(c, 16);
        QCOMPARE(got.size(), std::size_t{16});
        for (int i = 0; i < 16; ++i) QCOMPARE(got[static_cast<std::size_t>(i)], bulk(fmt::format("k{}", i)));
    }

    void a_second_call_of_a_completion_is_ignored() {
        Recorder rec;
        AsyncRespServer server({}, rec.dispatch());
        server.start();
        Client c(server.port());
        c.send(frame({"A"}) + frame({"B"}));
        QVERIFY(rec.wait_for(2));
        Reply first = rec.reply(0);
        QVERIFY(first.pending());
        first("+one\r\n");
        QVERIFY(!first.pending());
        first("+again\r\n");
        rec.reply(1)("+two\r\n");
        QCOMPARE(c.receive(std::string("+one\r\n+two\r\n").size()), "+one\r\n+two\r\n"s);
    }

    void synchronous_replies_of_a_pipeline_arrive_in_order() {
        AsyncRespServer server({}, [](std::vector<std::string> a, ClientSession&, Reply done) {
            done(integer(std::stoll(a[1])));
        });
        server.start();
        Client c(server.port());
        std::string pipeline, expected;
        for (int i = 0; i < 2000; ++i) {
            pipeline += frame({"N", std::to_string(i)});
            expected += integer(i);
        }
        c.send(pipeline);
        QCOMPARE(c.receive(expected.size()), expected);
    }

    void reading_pauses_while_max_pending_replies_are_owed() {
        Recorder rec;
        AsyncRespServerOptions options;
        options.connection.max_pending = 4;
        AsyncRespServer server(options, rec.dispatch());
        server.start();
        Client c(server.port());
        std::string pipeline;
        for (int i = 0; i < 10; ++i) pipeline += frame({"C", std::to_string(i)});
        c.send(pipeline);
        QVERIFY(rec.wait_for(4));
        QCOMPARE(rec.count(), std::size_t{4});  // the rest wait in the parser, not dispatched
        for (std::size_t i = 0; i < 10; ++i) {
            QVERIFY(rec.wait_for(i + 1));
            rec.reply(i)(integer(static_cast<std::int64_t>(i)));
        }
        std::string expected;
        for (int i = 0; i < 10; ++i) expected += integer(i);
        QCOMPARE(c.receive(expected.size()), expected);
    }

    void a_connection_closed_with_replies_pending_is_safe() {
        Recorder rec;
        AsyncRespServer server({}, rec.dispatch());
        server.start();
        {
            Client c(server.port());
            c.send(frame({"SLOW"}) + frame({"SLOW"}));
            QVERIFY(rec.wait_for(2));
        }
        QVERIFY(eventually([&] { return server.connections() == 0; }));
        rec.reply(1)("+late\r\n");  // the connection is gone: nothing happens
        rec.reply(0)("+late\r\n");
        Client d(server.port());
        d.send(frame({"NEXT"}));
        QVERIFY(rec.wait_for(3));
        rec.reply(2)("+served\r\n");
        QCOMPARE(d.line(), "+served\r\n"s);
    }

    void stop_with_replies_pending_then_late_replies_are_dropped() {
        Recorder rec;
        auto server = std::make_unique<AsyncRespServer>(AsyncRespServerOptions{}, rec.dispatch());
        server->start();
        Client c(server->port());
        c.send(frame({"SLOW"}));
        QVERIFY(rec.wait_for(1));
        server->stop();
        QVERIFY(c.closed_by_server());
        rec.reply(0)("+late\r\n");  // after stop: dropped
        server.reset();
        Reply kept = rec.reply(0);
        kept("+after destruction\r\n");  // the gate is closed: still nothing
    }

    void a_completion_dropped_unanswered_replies_an_error() {
        AsyncRespServer server({}, [](std::vector<std::string>, ClientSession&, Reply done) {
            std::thread([done = std::move(done)] {}).join();  // the work was lost without answering
        });
        server.start();
        Client c(server.port());
        c.send(frame({"LOST"}));
        QCOMPARE(c.line(), "-ERR command dropped without a reply\r\n"s);
    }

    void a_throwing_dispatch_fails_that_command_only() {
        AsyncRespServer server({}, [](std::vector<std::string> a, ClientSession&, Reply done) {
            if (equals_ci(a[0], "boom")) throw std::runtime_error("boom went the dispatch");
            done("+fine\r\n");
        });
        server.start();
        Client c(server.port());
        c.send(frame({"BOOM"}) + frame({"OK"}));
        const std::string expected = "-ERR boom went the dispatch\r\n+fine\r\n";
        QCOMPARE(c.receive(expected.size()), expected);
    }

    void the_session_keeps_per_connection_state() {
        AsyncRespServerOptions options;
        options.first_client_id = 7;
        AsyncRespServer server(options, [](std::vector<std::string> a, ClientSession& s, Reply done) {
            if (equals_ci(a[0], "asking")) s.asking = true;
            else if (equals_ci(a[0], "flag")) return done(s.asking ? ":1\r\n" : ":0\r\n");
            else if (equals_ci(a[0], "id")) return done(integer(static_cast<std::int64_t>(s.id)));
            done("+OK\r\n");
        });
        server.start();
        Client a(server.port());
        a.send(frame({"ID"}) + frame({"FLAG"}) + frame({"ASKING"}) + frame({"FLAG"}));
        const std::string expected = ":7\r\n:0\r\n+OK\r\n:1\r\n";
        QCOMPARE(a.receive(expected.size()), expected);
        Client b(server.port());
        b.send(frame({"ID"}) + frame({"FLAG"}));
        QCOMPARE(b.receive(8), ":8\r\n:0\r\n"s);
    }

    void pushes_reach_a_subscribed_client_from_another_thread() {
        std::mutex mu;
        std::condition_variable subscribed;
        SessionPusher pusher;
        bool closed = false;
        AsyncRespServer server({}, [&](std::vector<std::string> a, ClientSession& s, Reply done) {
            if (!equals_ci(a[0], "subscribe")) return done("-ERR only SUBSCRIBE here\r\n");
            s.subscribed = true;
            s.on_close = [&] {
                std::lock_guard lock(mu);
                closed = true;
                subscribed.notify_all();
            };
            done(fmt::format("*3\r\n$9\r\nsubscribe\r\n{}:1\r\n", bulk(a[1])));
            std::lock_guard lock(mu);
            pusher = s.pusher;
            subscribed.notify_all();
        });
        server.start();
        const std::string confirm = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
        const std::string message = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n";
        {
            Client c(server.port());
            c.send(frame({"SUBSCRIBE", "ch"}));
            QCOMPARE(c.receive(confirm.size()), confirm);
            {
                std::unique_lock lock(mu);
                QVERIFY(subscribed.wait_for(lock, std::chrono::seconds(20), [&] { return pusher.push(""); }));
            }
            bool pushed = false;
            std::thread([&] { pushed = pusher.push(message) && pusher.push(message); }).join();
            QVERIFY(pushed);
            QCOMPARE(c.receive(2 * message.size()), message + message);
        }
        std::unique_lock lock(mu);
        QVERIFY(subscribed.wait_for(lock, std::chrono::seconds(20), [&] { return closed; }));
        QVERIFY(eventually([&] { return !pusher.push(message); }));  // the connection is gone
    }

    void quit_and_protocol_errors_close_after_the_replies_before_them() {
        AsyncRespServer server({}, [](std::vector<std::string> a, ClientSession& s, Reply done) {
            if (equals_ci(a[0], "quit")) s.close_after_reply = true;
            done(fmt::format("+{}\r\n", lower(a[0])));
        });
        server.start();
        {
            Client c(server.port());
            c.send("PING\r\nQUIT\r\nPING\r\n");
            const std::string expected = "+ping\r\n+quit\r\n";
            QCOMPARE(c.receive(expected.size()), expected);
            QVERIFY(c.closed_by_server());
        }
        Client c(server.port());
        c.send("PING\r\n*1\r\n$x\r\n");
        QCOMPARE(c.line(), "+ping\r\n"s);
        QCOMPARE(c.line(), "-ERR Protocol error: invalid bulk length\r\n"s);
        QVERIFY(c.closed_by_server());
    }

    void a_taken_port_is_reported() {
        AsyncRespServer first({}, [](std::vector<std::string>, ClientSession&, Reply done) { done("+OK\r\n"); });
        first.start();
        AsyncRespServerOptions options;
        options.port = first.port();
        AsyncRespServer second(options, [](std::vector<std::string>, ClientSession&, Reply done) { done("+OK\r\n"); });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, second.start());
    }
};

QTEST_APPLESS_MAIN(TestAsyncRespServer)
#include "test_async_resp_server.moc"
