#include "core/net/web_message.h"

#include <cstring>

namespace archlab::net {

namespace {

// Every field is written as fixed-width little-endian integers or a u32 length and the bytes.
class Writer {
public:
    void u16(std::uint16_t v) { raw(&v, sizeof v); }
    void u64(std::uint64_t v) { raw(&v, sizeof v); }
    void str(std::string_view s) {
        const auto n = static_cast<std::uint32_t>(s.size());
        raw(&n, sizeof n);
        out_.append(s);
    }
    std::string take() { return std::move(out_); }

private:
    void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool u16(std::uint16_t& v) { return raw(&v, sizeof v); }
    bool u64(std::uint64_t& v) { return raw(&v, sizeof v); }
    bool str(std::string& s) {
        std::uint32_t n = 0;
        if (!raw(&n, sizeof n) || n > in_.size() - pos_) return false;
        s.assign(in_.substr(pos_, n));
        pos_ += n;
        return true;
    }
    bool done() const { return pos_ == in_.size(); }

private:
    bool raw(void* p, std::size_t n) {
        if (in_.size() - pos_ < n) return false;
        std::memcpy(p, in_.data() + pos_, n);
        pos_ += n;
        return true;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string encode(const WebRequest& r) {
    Writer w;
    w.str(r.method);
    w.str(r.target);
    w.str(r.key);
    w.str(r.cookie);
    w.str(r.authorization);
    w.str(r.body);
    w.u64(r.user);
    w.u64(static_cast<std::uint64_t>(r.sent_ns));
    return w.take();
}

std::string encode(const WebResponse& r) {
    Writer w;
    w.u16(r.status);
    w.str(r.node);
    w.str(r.set_cookie);
    w.str(r.content_type);
    w.str(r.body);
    w.str(r.cause);
    return w.take();
}

std::optional<WebRequest> decode_web_request(std::string_view bytes) {
    Reader in(bytes);
    WebRequest r;
    std::uint64_t sent = 0;
    if (!in.str(r.method) || !in.str(r.target) || !in.str(r.key) || !in.str(r.cookie) || !in.str(r.authorization) ||
        !in.str(r.body) || !in.u64(r.user) || !in.u64(sent) || !in.done()) {
        return std::nullopt;
    }
    r.sent_ns = static_cast<std::int64_t>(sent);
    return r;
}

std::optional<WebResponse> decode_web_response(std::string_view bytes) {
    Reader in(bytes);
    WebResponse r;
    if (!in.u16(r.status) || !in.str(r.node) || !in.str(r.set_cookie) || !in.str(r.content_type) || !in.str(r.body) ||
        !in.str(r.cause) || !in.done()) {
        return std::nullopt;
    }
    return r;
}

}  // namespace archlab::net
