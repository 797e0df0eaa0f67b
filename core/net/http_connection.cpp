#include "core/net/http_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <utility>

namespace archlab::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using beast::error_code;

namespace {
constexpr std::chrono::milliseconds kLinger{3000};  ///< how long a closing connection waits for the client's close
}  // namespace

// ---- HttpConnection ----------------------------------------------------------------------------

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, const HttpDoorConfig& config, const WebDispatch& dispatch,
                               std::shared_ptr<DoorGate> gate, HttpDoorStats& stats, ConnectionSet& set)
    : stream_(std::move(socket)),
      config_(config),
      dispatch_(dispatch),
      gate_(std::move(gate)),
      stats_(stats),
      set_(set) {}

void HttpConnection::start() {
    {
        std::lock_guard lock(set_.mu);
        set_.conns.emplace(this, shared_from_this());
    }
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->read_next(); });
}

void HttpConnection::force_close() {
    closed_ = true;
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

// ---- Reading requests --------------------------------------------------------------------------

void HttpConnection::read_next() {
    if (reading_ || read_done_ || closed_) return;
    reading_ = true;
    parser_.emplace();  // a parser reads exactly one message
    parser_->body_limit(config_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(config_.header_limit));
    stream_.expires_after(config_.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpConnection::on_header(error_code ec) {
    if (ec || closed_ || parser_->is_done()) return on_read(ec);
    // "Expect: 100-continue" (curl sends it with bodies over 1 KiB): say go on, or the client
    // waits a second before sending the body. Only when nothing else is due on the wire, since
    // answers go out in order; otherwise the client's own wait covers it.
    const auto expect = parser_->get().find(http::field::expect);
    const bool wants_continue =
        expect != parser_->get().end() && beast::iequals(expect->value(), "100-continue");
    if (!wants_continue || writing_ || !slots_.empty()) return read_body();
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    writing_ = true;
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](error_code wec, std::size_t) {
                          self->writing_ = false;
                          if (wec) return self->on_read(wec);
                          self->read_body();
                      });
}

void HttpConnection::read_body() {
    stream_.expires_after(config_.idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpConnection::on_read(error_code ec) {
    reading_ = false;
    if (closed_) return drain();  // finish() ran while this read was out
    if (ec == http::error::end_of_stream) {  // the client sent all it will: answer what is pending, then close
        read_done_ = true;
        write_next();
        return;
    }
    if (ec == http::error::body_limit) return refuse(413, "body-too-large");
    if (ec == http::error::header_limit) return refuse(431, "header-too-large");
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
        return refuse(400, "malformed-request");  // any other parse error, a request cut short included
    if (ec) return close_now();                // reset, timeout, aborted: nobody to answer

    HttpRequest request = parser_->release();
    stats_.requests.fetch_add(1, std::memory_order_relaxed);
    Slot& slot = slots_.emplace_back();
    slot.seq = next_seq_++;
    slot.keep_alive = request.keep_alive();
    slot.head = request.method() == http::verb::head;
    slot.version = request.version();
    if (!slot.keep_alive) read_done_ = true;
    const std::uint64_t seq = slot.seq;
    dispatch_(to_web_request(request), completion(seq));
    if (slots_.size() < config_.max_pipelined) read_next();  // pipelined requests queue up behind this one
}

void HttpConnection::refuse(unsigned status, const char* cause) {
    (status == 400 ? stats_.malformed : stats_.too_large).fetch_add(1, std::memory_order_relaxed);
    read_done_ = true;  // the byte stream cannot be trusted past a bad request
    Slot& slot = slots_.emplace_back();
    slot.seq = next_seq_++;
    slot.keep_alive = false;
    slot.ready = true;
    slot.response = door_response(status, cause, 11, false);
    write_next();
}

// ---- Answers, in request order -----------------------------------------------------------------

WebCompletion HttpConnection::completion(std::uint64_t seq) {
    // Holds no strong reference and no executor: it may outlive the connection and the door.
    return [gate = gate_, weak = weak_from_this(), seq](WebResponse answer) {
        gate->post([weak, seq, a = std::move(answer)]() mutable {
            std::shared_ptr<HttpConnection> self = weak.lock();
            if (!self) return;  // the client went away
            asio::post(self->stream_.get_executor(),
                       [self, seq, a = std::move(a)]() mutable { self->on_answer(seq, std::move(a)); });
        });
    };
}

void HttpConnection::on_answer(std::uint64_t seq, WebResponse answer) {
    if (closed_ || slots_.empty() || seq < slots_.front().seq) return;
    const std::uint64_t index = seq - slots_.front().seq;
    if (index >= slots_.size()) return;
    Slot& slot = slots_[static_cast<std::size_t>(index)];
    if (slot.ready) return;
    slot.response = to_http_response(answer, slot.version, slot.keep_alive, slot.head);
    slot.ready = true;
    write_next();
}

void HttpConnection::write_next() {
    if (closed_ || writing_) return;
    if (slots_.empty()) {
        if (read_done_) finish();
        return;
    }
    Slot& head = slots_.front();
    if (!head.ready) return;  // answers behind it wait: responses go out in request order
    writing_ = true;
    stream_.expires_after(config_.idle_timeout);
    http::async_write(stream_, head.response,
                      [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
}

void HttpConnection::on_write(error_code ec) {
    writing_ = false;
    if (closed_) return;
    if (ec) return close_now();
    stats_.responses.fetch_add(1, std::memory_order_relaxed);
    const bool last = !slots_.front().keep_alive;
    slots_.pop_front();
    if (last) {
        read_done_ = true;
        slots_.clear();
        finish();
        return;
    }
    read_next();  // resumes reading if the pipeline limit had paused it
    write_next();
}

// ---- Closing -----------------------------------------------------------------------------------

void HttpConnection::finish() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    // Closing with unread bytes would reset the connection and could destroy the answer just
    // sent before the client reads it; so read until the client closes too (bounded by the timeout).
    if (!reading_) drain();
}

void HttpConnection::drain() {
    stream_.expires_after(std::min<std::chrono::milliseconds>(config_.idle_timeout, kLinger));
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](error_code ec, std::size_t) {
        if (!ec) return self->drain();
        self->close_now();
    });
}

void HttpConnection::close_now() {
    closed_ = true;
    error_code ignored;
    stream_.socket().close(ignored);
    leave();
}

void HttpConnection::leave() {
    std::shared_ptr<HttpConnection> self;  // dies after the lock is released
    std::lock_guard lock(set_.mu);
    const auto it = set_.conns.find(this);
    if (it == set_.conns.end()) return;
    self = std::move(it->second);
    set_.conns.erase(it);
}

}  // namespace archlab::net
