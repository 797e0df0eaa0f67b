#include "core/resp/resp_parser.h"

#include <charconv>
#include <utility>

namespace archlab::resp {

namespace {

/// Strict decimal: optional '-', digits, nothing else (as Redis' string2ll).
bool parse_length(std::string_view text, long long& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

bool split_inline_args(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::size_t i = 0;
    const std::size_t n = line.size();
    while (true) {
        while (i < n && is_space(line[i])) ++i;
        if (i == n) return true;
        std::string arg;
        bool in_double = false, in_single = false, done = false;
        while (!done) {
            if (in_double) {
                if (i == n) return false;  // unterminated quotes
                const char c = line[i];
                if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && hex_digit(line[i + 2]) >= 0 &&
                    hex_digit(line[i + 3]) >= 0) {
                    arg.push_back(static_cast<char>(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3])));
                    i += 3;
                } else if (c == '\\' && i + 1 < n) {
                    ++i;
                    switch (line[i]) {
                    case 'n': arg.push_back('\n'); break;
                    case 'r': arg.push_back('\r'); break;
                    case 't': arg.push_back('\t'); break;
                    case 'b': arg.push_back('\b'); break;
                    case 'a': arg.push_back('\a'); break;
                    default: arg.push_back(line[i]); break;
                    }
                } else if (c == '"') {
                    // A closing quote must be followed by a space or the end.
                    if (i + 1 < n && !is_space(line[i + 1])) return false;
                    done = true;
                } else {
                    arg.push_back(c);
                }
            } else if (in_single) {
                if (i == n) return false;
                const char c = line[i];
                if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                    ++i;
                    arg.push_back('\'');
                } else if (c == '\'') {
                    if (i + 1 < n && !is_space(line[i + 1])) return false;
                    done = true;
                } else {
                    arg.push_back(c);
                }
            } else {
                if (i == n) {
                    done = true;
                    break;
                }
                const char c = line[i];
                if (is_space(c)) done = true;
                else if (c == '"') in_double = true;
                else if (c == '\'') in_single = true;
                else arg.push_back(c);
            }
            if (i < n) ++i;
        }
        out.push_back(std::move(arg));
    }
}

void RespParser::feed(std::string_view bytes) {
    compact();
    buffer_.append(bytes);
}

void RespParser::reset() {
    buffer_.clear();
    pos_ = 0;
    error_.clear();
    pending_items_ = -1;
    pending_bulk_ = -1;
    partial_.clear();
}

void RespParser::compact() {
    // Drop consumed bytes once they are all consumed or make up a good part of the buffer.
    if (pos_ == 0) return;
    if (pos_ == buffer_.size()) {
        buffer_.clear();
        pos_ = 0;
    } else if (pos_ >= 4096 && pos_ * 2 >= buffer_.size()) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
}

RespParser::Status RespParser::fail(std::string message) {
    error_ = std::move(message);
    return Status::error;
}

bool RespParser::take_line(std::string_view& line, bool inline_line, const char* too_big) {
    const std::size_t nl = buffer_.find(inline_line ? '\n' : '\r', pos_);
    if (nl == std::string::npos) {
        if (buffer_.size() - pos_ > limits_.max_inline_bytes) fail(too_big);
        return false;
    }
    if (nl - pos_ > limits_.max_inline_bytes) {
        fail(too_big);
        return false;
    }
    if (inline_line) {
        std::size_t end = nl;
        if (end > pos_ && buffer_[end - 1] == '\r') --end;
        line = std::string_view(buffer_).substr(pos_, end - pos_);
        pos_ = nl + 1;
        return true;
    }
    if (nl + 1 >= buffer_.size()) return false;  // "\r" seen, "\n" not yet
    line = std::string_view(buffer_).substr(pos_, nl - pos_);
    pos_ = nl + 2;  // Redis, too, takes the byte after '\r' as the '\n'
    return true;
}

RespParser::Status RespParser::next(std::vector<std::string>& args) {
    while (true) {
        if (!error_.empty()) return Status::error;
        if (pending_items_ < 0) {
            if (pos_ == buffer_.size()) return Status::need_more;
            const Status s = buffer_[pos_] == '*' ? parse_multibulk(args) : parse_inline(args);
            if (s == Status::command && args.empty()) continue;  // empty command: skip
            return s;
        }
        const Status s = parse_multibulk(args);
        if (s == Status::command && args.empty()) continue;
        return s;
    }
}

RespParser::Status RespParser::parse_inline(std::vector<std::string>& args) {
    std::string_view line;
    if (!take_line(line, true, "Protocol error: too big inline request")) {
        return error_.empty() ? Status::need_more : Status::error;
    }
    if (!split_inline_args(line, args)) return fail("Protocol error: unbalanced quotes in request");
    return Status::command;
}

RespParser::Status RespParser::parse_multibulk(std::vector<std::string>& args) {
    if (pending_items_ < 0) {
        const std::size_t start = pos_;
        std::string_view line;
        if (!take_line(line, false, "Protocol error: too big mbulk count string")) {
            return error_.empty() ? Status::need_more : Status::error;
        }
        long long count = 0;
        if (!parse_length(line.substr(1), count) || count > static_cast<long long>(limits_.max_array_items)) {
            pos_ = start;
            return fail("Protocol error: invalid multibulk length");
        }
        if (count <= 0) {  // "*0" and "*-1": nothing to run
            args.clear();
            return Status::command;
        }
        pending_items_ = count;
        partial_.clear();
        partial_.reserve(static_cast<std::size_t>(std::min<long long>(count, 1024)));
    }
    while (pending_items_ > 0) {
        if (pending_bulk_ < 0) {
            if (pos_ == buffer_.size()) return Status::need_more;
            if (buffer_[pos_] != '$') {
                return fail(std::string("Protocol error: expected '$', got '") + buffer_[pos_] + "'");
            }
            std::string_view line;
            if (!take_line(line, false, "Protocol error: too big bulk count string")) {
                return error_.empty() ? Status::need_more : Status::error;
            }
            long long len = 0;
            if (!parse_length(line.substr(1), len) || len < 0 ||
                len > static_cast<long long>(limits_.max_bulk_bytes)) {
                return fail("Protocol error: invalid bulk length");
            }
            pending_bulk_ = len;
        }
        const auto len = static_cast<std::size_t>(pending_bulk_);
        if (buffer_.size() - pos_ < len + 2) {
            if (buffer_.capacity() < pos_ + len + 2) buffer_.reserve(pos_ + len + 2);  // one allocation for a big value
            return Status::need_more;
        }
        if (buffer_[pos_ + len] != '\r' || buffer_[pos_ + len + 1] != '\n') {
            return fail("Protocol error: expected '\\r\\n' after a bulk string of " + std::to_string(len) + " bytes");
        }
        partial_.emplace_back(buffer_, pos_, len);
        pos_ += len + 2;
        pending_bulk_ = -1;
        --pending_items_;
    }
    pending_items_ = -1;
    args = std::move(partial_);
    partial_.clear();
    return Status::command;
}

}  // namespace archlab::resp
