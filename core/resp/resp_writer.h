#pragma once
// RESP2 replies appended to an output buffer: a pipelined batch of replies goes out in one write.
#include <cstdint>
#include <string>
#include <string_view>

namespace archlab::resp {

class RespWriter {
public:
    explicit RespWriter(std::string& out) : out_(out) {}

    /// "+OK\r\n". text must hold no "\r" or "\n".
    void simple(std::string_view text);
    /// "-ERR message\r\n": message starts with the error code ("ERR ...", "OOM ..."); line breaks
    /// inside it become spaces so the reply stays one line.
    void error(std::string_view message);
    /// ":42\r\n"
    void integer(std::int64_t value);
    /// "$3\r\nabc\r\n", binary-safe.
    void bulk(std::string_view value);
    /// "$-1\r\n": the nil reply.
    void null_bulk();
    /// "*n\r\n", to be followed by n replies.
    void array(std::size_t items);

    std::string& buffer() { return out_; }

private:
    std::string& out_;  ///< replies are appended here
};

}  // namespace archlab::resp
