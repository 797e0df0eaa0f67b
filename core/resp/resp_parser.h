#pragma once
// Incremental RESP2 request parser: what a Redis server reads from a client.
//
// Accepts arrays of bulk strings ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", binary-safe) and inline
// commands ("GET k\r\n", as telnet and redis-cli send), frames split across reads and many frames
// in one read. A malformed frame puts the parser in a sticky error state with a message in
// Redis' words ("Protocol error: expected '$', got 'x'"); the server replies and closes.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::resp {

/// Bounds that keep a hostile or broken client from exhausting memory.
struct RespLimits {
    std::size_t max_bulk_bytes = 64u << 20;    ///< one argument, bytes (Redis: 512 MB)
    std::size_t max_array_items = 1u << 20;    ///< arguments in one command
    std::size_t max_inline_bytes = 64u << 10;  ///< one inline line or one header line, bytes
};

class RespParser {
public:
    enum class Status {
        command,    ///< one complete command was taken out into args
        need_more,  ///< the buffered bytes hold no complete command yet
        error,      ///< malformed input: see error(); stays so until reset()
    };

    explicit RespParser(RespLimits limits = {}) : limits_(limits) {}

    /// Appends bytes read from the socket.
    void feed(std::string_view bytes);
    /// Takes the next complete command out of the buffer. args is replaced (empty commands,
    /// like a blank inline line or "*0", are skipped).
    Status next(std::vector<std::string>& args);
    /// The protocol error, without the "ERR " prefix: "Protocol error: invalid bulk length".
    const std::string& error() const { return error_; }
    /// Bytes fed but not yet consumed.
    std::size_t buffered() const { return buffer_.size() - pos_; }
    /// Drops all buffered input and any error.
    void reset();

private:
    Status fail(std::string message);
    /// The line starting at pos_ without its "\r\n" (or "\n" for inline); false when incomplete.
    bool take_line(std::string_view& line, bool inline_line, const char* too_big);
    Status parse_inline(std::vector<std::string>& args);
    Status parse_multibulk(std::vector<std::string>& args);
    void compact();

    RespLimits limits_;
    std::string buffer_;        ///< bytes received, from pos_ on not yet consumed
    std::size_t pos_ = 0;       ///< first unconsumed byte of buffer_
    std::string error_;         ///< set once malformed input was seen
    // A multibulk command in progress, kept across reads so a large one is not re-parsed.
    long long pending_items_ = -1;       ///< arguments still to read; -1 = no command in progress
    std::vector<std::string> partial_;   ///< arguments read so far
    long long pending_bulk_ = -1;        ///< length of the bulk whose header was read; -1 = none
};

/// Splits an inline command line like Redis does: spaces separate, "double" quotes take
/// \n \r \t \b \a \\ \" \xHH escapes, 'single' quotes take \'. false on unbalanced quotes.
bool split_inline_args(std::string_view line, std::vector<std::string>& out);

}  // namespace archlab::resp
