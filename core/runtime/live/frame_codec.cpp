#include "core/runtime/live/frame_codec.h"

#include <algorithm>
#include <cstring>

namespace archlab::live {
namespace {

template <class T>
void put_le(char*& out, T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i) *out++ = static_cast<char>((v >> (8 * i)) & 0xff);
}

template <class T>
T get_le(const char*& in) {
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<T>(static_cast<unsigned char>(*in++)) << (8 * i));
    return v;
}

}  // namespace

void encode_header(const FrameHeader& h, char* out) {
    put_le(out, h.length);
    put_le(out, h.from);
    put_le(out, h.to);
    put_le(out, h.type);
    put_le(out, h.id);
}

FrameHeader decode_header(const char* in) {
    FrameHeader h;
    h.length = get_le<std::uint32_t>(in);
    h.from = get_le<std::uint16_t>(in);
    h.to = get_le<std::uint16_t>(in);
    h.type = get_le<std::uint16_t>(in);
    h.id = get_le<std::uint64_t>(in);
    return h;
}

void append_frame(std::vector<char>& out, NodeIndex from, NodeIndex to, std::uint16_t type, std::uint64_t id,
                  std::string_view body) {
    const std::size_t at = out.size();
    out.resize(at + kFrameHeaderBytes + body.size());
    encode_header(FrameHeader{static_cast<std::uint32_t>(body.size()), from, to, type, id}, out.data() + at);
    if (!body.empty()) std::memcpy(out.data() + at + kFrameHeaderBytes, body.data(), body.size());
}

FrameReader::FrameReader(std::size_t chunk) : chunk_(std::max<std::size_t>(chunk, kFrameHeaderBytes)), buf_(chunk_) {}

std::span<char> FrameReader::prepare() {
    if (begin_ == end_) {
        begin_ = end_ = 0;
        if (buf_.size() > 4 * chunk_) std::vector<char>(chunk_).swap(buf_);  // a huge frame has passed
    }
    // Room wanted past begin_: the whole frame being assembled (once its header is in), else a chunk.
    std::size_t want = chunk_;
    if (end_ - begin_ >= kFrameHeaderBytes) {
        const FrameHeader h = decode_header(buf_.data() + begin_);
        if (h.length <= kMaxFrameBody) want = std::max(want, kFrameHeaderBytes + h.length);
    }
    const std::size_t free_tail = buf_.size() - end_;
    if (buf_.size() - begin_ < want || free_tail < chunk_ / 4) {
        // Slide the partial frame to the front, then grow if it still does not fit.
        const std::size_t n = end_ - begin_;
        if (begin_ > 0 && n > 0) std::memmove(buf_.data(), buf_.data() + begin_, n);
        begin_ = 0;
        end_ = n;
        if (buf_.size() < want) buf_.resize(want);
        if (buf_.size() - end_ == 0) buf_.resize(buf_.size() + chunk_);
    }
    return {buf_.data() + end_, buf_.size() - end_};
}

FrameReader::Status FrameReader::next(FrameHeader& header, std::string_view& body) {
    const std::size_t avail = end_ - begin_;
    if (avail < kFrameHeaderBytes) return Status::NeedMore;
    const FrameHeader h = decode_header(buf_.data() + begin_);
    header = h;
    if (h.length > kMaxFrameBody) return Status::Oversize;
    if (avail < kFrameHeaderBytes + h.length) return Status::NeedMore;
    body = std::string_view(buf_.data() + begin_ + kFrameHeaderBytes, h.length);
    begin_ += kFrameHeaderBytes + h.length;
    return Status::Frame;
}

}  // namespace archlab::live
