#include "core/resp/resp_writer.h"

#include <charconv>

namespace archlab::resp {

namespace {

void append_number(std::string& out, std::int64_t value) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

}  // namespace

void RespWriter::simple(std::string_view text) {
    out_.push_back('+');
    out_.append(text);
    out_.append("\r\n");
}

void RespWriter::error(std::string_view message) {
    out_.push_back('-');
    for (const char c : message) out_.push_back(c == '\r' || c == '\n' ? ' ' : c);
    out_.append("\r\n");
}

void RespWriter::integer(std::int64_t value) {
    out_.push_back(':');
    append_number(out_, value);
    out_.append("\r\n");
}

void RespWriter::bulk(std::string_view value) {
    out_.push_back('$');
    append_number(out_, static_cast<std::int64_t>(value.size()));
    out_.append("\r\n");
    out_.append(value);
    out_.append("\r\n");
}

void RespWriter::null_bulk() { out_.append("$-1\r\n"); }

void RespWriter::array(std::size_t items) {
    out_.push_back('*');
    append_number(out_, static_cast<std::int64_t>(items));
    out_.append("\r\n");
}

}  // namespace archlab::resp
