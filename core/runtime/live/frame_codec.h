#pragma once
// The wire format of one message and an incremental reader for a byte stream of them.
// A frame is a little-endian header followed by the body bytes:
//   u32 body length | u16 from | u16 to | u16 type | u64 id | body
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/runtime/message.h"

namespace archlab::live {

inline constexpr std::size_t kFrameHeaderBytes = 18;       ///< header size on the wire, bytes
inline constexpr std::uint32_t kMaxFrameBody = 64u << 20;  ///< largest body accepted, bytes (64 MiB)

/// The fixed part of a frame.
struct FrameHeader {
    std::uint32_t length = 0;  ///< body length, bytes
    NodeIndex from = kNoNode;  ///< sender
    NodeIndex to = kNoNode;    ///< receiver
    std::uint16_t type = 0;    ///< the lab's message type
    std::uint64_t id = 0;      ///< the sender's correlation id
};

/// Writes h into out[0, kFrameHeaderBytes).
void encode_header(const FrameHeader& h, char* out);
/// Reads a header from in[0, kFrameHeaderBytes).
FrameHeader decode_header(const char* in);
/// Appends a whole frame (header and body) to out; body.size() must be <= kMaxFrameBody.
void append_frame(std::vector<char>& out, NodeIndex from, NodeIndex to, std::uint16_t type, std::uint64_t id,
                  std::string_view body);

/// Splits a byte stream into frames. The owner reads into prepare(), reports commit(n), then
/// takes frames with next() until it answers NeedMore. Body views stay valid until prepare().
class FrameReader {
public:
    enum class Status { Frame, NeedMore, Oversize };

    explicit FrameReader(std::size_t chunk = 64 * 1024);

    /// Free space to read into: at least enough for the frame being assembled.
    std::span<char> prepare();
    /// n bytes were written at the start of the last prepare() span.
    void commit(std::size_t n) { end_ += n; }
    /// The next whole frame, if one is buffered; Oversize when its length exceeds kMaxFrameBody
    /// (header is filled for Frame and Oversize).
    Status next(FrameHeader& header, std::string_view& body);
    /// Bytes buffered and not yet returned as frames.
    std::size_t buffered() const { return end_ - begin_; }

private:
    std::size_t chunk_;      ///< usual read size and the capacity kept when idle, bytes
    std::vector<char> buf_;  ///< storage; [begin_, end_) holds unread bytes
    std::size_t begin_ = 0;  ///< first unread byte
    std::size_t end_ = 0;    ///< one past the last unread byte
};

}  // namespace archlab::live
