#include "core/resp/async_resp_connection.h"

#include <exception>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "core/resp/resp_writer.h"

namespace archlab::resp {

namespace asio = boost::asio;

// ---- AsyncConnectionSet ------------------------------------------------------------------------

void AsyncConnectionSet::add(const std::shared_ptr<AsyncRespConnection>& connection) {
    std::lock_guard lock(mu_);
    live_.emplace(connection.get(), connection);
}

void AsyncConnectionSet::remove(const AsyncRespConnection* connection) {
    std::shared_ptr<AsyncRespConnection> last;  // dies after the lock is released
    std::lock_guard lock(mu_);
    const auto it = live_.find(connection);
    if (it == live_.end()) return;
    last = std::move(it->second);
    live_.erase(it);
}

void AsyncConnectionSet::close_all() {
    std::vector<std::shared_ptr<AsyncRespConnection>> open;
    {
        std::lock_guard lock(mu_);
        for (const auto& [ptr, c] : live_) open.push_back(c);
    }
    for (const auto& c : open) c->close();
}

void AsyncConnectionSet::clear() {
    std::unordered_map<const AsyncRespConnection*, std::shared_ptr<AsyncRespConnection>> left;
    {
        std::lock_guard lock(mu_);
        left.swap(live_);
    }
}

std::size_t AsyncConnectionSet::size() const {
    std::lock_guard lock(mu_);
    return live_.size();
}

// ---- AsyncRespConnection -----------------------------------------------------------------------

AsyncRespConnection::AsyncRespConnection(asio::ip::tcp::socket socket, const AsyncDispatch& dispatch,
                                         std::shared_ptr<net::DoorGate> gate, AsyncConnectionSet& set,
                                         AsyncConnectionConfig config, std::uint64_t client_id)
    : socket_(std::move(socket)),
      dispatch_(dispatch),
      gate_(std::move(gate)),
      set_(set),
      config_(config),
      parser_(config.limits) {
    session_.id = client_id;
    if (config_.max_pending == 0) config_.max_pending = 1;
}

void AsyncRespConnection::start() {
    session_.pusher = SessionPusher(weak_from_this(), gate_);
    set_.add(shared_from_this());
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->read(); });
}

void AsyncRespConnection::close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

namespace {
/// The connection whose dispatch runs on this thread now, if any.
thread_local const AsyncRespConnection* tl_dispatching = nullptr;
}  // namespace

bool AsyncRespConnection::deliver(const std::weak_ptr<AsyncRespConnection>& weak, const AsyncRespConnection* raw,
                                  net::DoorGate& gate, std::uint64_t seq, std::string bytes) {
    // A reply made during the dispatch call itself (a command answered synchronously) is
    // filled in at once: no hop through the io_context per command.
    if (seq != kPush && raw == tl_dispatching) {
        if (const auto self = weak.lock()) {
            self->on_reply(seq, std::move(bytes));
            return true;
        }
    }
    // From elsewhere: the connection is locked and released under the gate, so if this thread
    // holds its last reference, it dies while the io_context still exists.
    bool delivered = false;
    gate.while_open([&] {
        std::shared_ptr<AsyncRespConnection> self = weak.lock();
        if (!self) return;
        delivered = true;
        auto executor = self->socket_.get_executor();
        asio::post(executor, [self = std::move(self), seq, b = std::move(bytes)]() mutable {
            if (seq == kPush) self->on_push(std::move(b));
            else self->on_reply(seq, std::move(b));
        });
    });
    return delivered;
}

void AsyncRespConnection::read() {
    if (reading_ || read_done_ || closed_) return;
    reading_ = true;
    socket_.async_read_some(asio::buffer(read_buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
                                self->on_read(ec, bytes);
                            });
}

void AsyncRespConnection::on_read(const boost::system::error_code& ec, std::size_t bytes) {
    reading_ = false;
    if (closed_) return;
    // The peer closed or reset: as Redis, the replies still owed are dropped with the connection.
    if (ec) return close_now();
    parser_.feed(std::string_view(read_buffer_.data(), bytes));
    run_commands();
    resume_reading();
}

void AsyncRespConnection::run_commands() {
    dispatching_ = true;
    const AsyncRespConnection* outer = tl_dispatching;  // another connection's dispatch cannot nest, but be exact
    tl_dispatching = this;
    std::vector<std::string> args;
    while (!read_done_ && !closed_ && slots_.size() < config_.max_pending) {
        const RespParser::Status status = parser_.next(args);
        if (status == RespParser::Status::need_more) break;
        const std::uint64_t seq = next_seq_++;
        Slot& slot = slots_.emplace_back();
        slot.seq = seq;
        if (status == RespParser::Status::error) {
            RespWriter(slot.bytes).error("ERR " + parser_.error());
            slot.ready = true;
            read_done_ = true;  // the byte stream cannot be trusted past it
            break;
        }
        const Reply done(weak_from_this(), gate_, seq);
        try {
            dispatch_(std::move(args), session_, done);
        } catch (const std::exception& e) {
            // A throwing dispatch must not take the io thread down: the command fails, alone.
            std::string error;
            RespWriter(error).error(std::string("ERR ") + e.what());
            done(std::move(error));
        }
        args.clear();
        if (session_.close_after_reply) read_done_ = true;  // QUIT: nothing after it runs
    }
    tl_dispatching = outer;
    dispatching_ = false;
    flush();
}

void AsyncRespConnection::resume_reading() {
    if (read_done_ || closed_ || slots_.size() >= config_.max_pending) return;
    // Commands parsed earlier may still wait in the parser (reading had paused for them).
    if (parser_.buffered() > 0) run_commands();
    if (slots_.size() < config_.max_pending) read();
}

void AsyncRespConnection::on_reply(std::uint64_t seq, std::string bytes) {
    if (closed_ || slots_.empty() || seq < slots_.front().seq) return;
    const std::uint64_t index = seq - slots_.front().seq;
    if (index >= slots_.size()) return;
    Slot& slot = slots_[static_cast<std::size_t>(index)];
    if (slot.ready) return;
    slot.bytes = std::move(bytes);
    slot.ready = true;
    if (!dispatching_) flush();
}

void AsyncRespConnection::on_push(std::string bytes) {
    if (closed_) return;
    Slot& slot = slots_.emplace_back();
    slot.seq = next_seq_++;
    slot.bytes = std::move(bytes);
    slot.ready = true;
    if (!dispatching_) flush();
}

void AsyncRespConnection::flush() {
    if (closed_ || writing_) return;
    while (!slots_.empty() && slots_.front().ready) {
        out_ += slots_.front().bytes;
        slots_.pop_front();
    }
    if (out_.empty()) {
        if (read_done_ && slots_.empty()) close_now();  // QUIT or protocol error answered
        return;
    }
    writing_ = true;
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                          self->on_written(ec);
                      });
}

void AsyncRespConnection::on_written(const boost::system::error_code& ec) {
    writing_ = false;
    out_.clear();
    if (closed_) return;
    if (ec) return close_now();
    resume_reading();  // the pending limit may have paused it
    flush();
}

void AsyncRespConnection::close_now() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    slots_.clear();
    if (session_.on_close) {
        auto on_close = std::move(session_.on_close);
        session_.on_close = nullptr;
        on_close();
    }
    set_.remove(this);  // may drop the last owner: `this` lives on only through pending handlers
}

}  // namespace archlab::resp
