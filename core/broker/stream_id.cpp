#include "core/broker/stream_id.h"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "core/resp/command_args.h"

namespace archlab::broker {

namespace {
/// Redis' string2ull: a strict signed decimal first (negative is out of range), then strtoull's
/// more lenient reading (leading '+', zeros, spaces) over the whole text.
std::optional<std::uint64_t> parse_u64(std::string_view text) {
    if (auto strict = resp::parse_int64(text)) {
        if (*strict < 0) return std::nullopt;
        return static_cast<std::uint64_t>(*strict);
    }
    if (text.empty()) return std::nullopt;
    const std::string s(text);
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (errno == EINVAL || errno == ERANGE || *end != '\0') return std::nullopt;
    return static_cast<std::uint64_t>(v);
}
}  // namespace

std::string StreamId::text() const { return std::to_string(ms) + "-" + std::to_string(seq); }

bool StreamId::increment() {
    if (seq == UINT64_MAX) {
        if (ms == UINT64_MAX) return false;
        ++ms;
        seq = 0;
        return true;
    }
    ++seq;
    return true;
}

bool StreamId::decrement() {
    if (seq == 0) {
        if (ms == 0) return false;
        --ms;
        seq = UINT64_MAX;
        return true;
    }
    --seq;
    return true;
}

std::optional<StreamId> parse_stream_id(std::string_view text, MissingSeq missing, bool strict) {
    if (text.size() > 127) return std::nullopt;
    if (text == "-" || text == "+") {
        if (strict) return std::nullopt;
        return text == "-" ? StreamId::min() : StreamId::max();
    }
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        const auto ms = parse_u64(text);
        if (!ms) return std::nullopt;
        return StreamId{*ms, missing == MissingSeq::Zero ? 0 : UINT64_MAX};
    }
    const auto ms = parse_u64(text.substr(0, dash));
    const auto seq = parse_u64(text.substr(dash + 1));
    if (!ms || !seq) return std::nullopt;
    return StreamId{*ms, *seq};
}

std::optional<AddIdSpec> parse_add_id(std::string_view text) {
    AddIdSpec spec;
    if (text == "*") {
        spec.pick_ms = spec.pick_seq = true;
        return spec;
    }
    if (text.size() > 2 && text.substr(text.size() - 2) == "-*") {
        const auto id = parse_stream_id(text.substr(0, text.size() - 2), MissingSeq::Zero, true);
        if (!id || text.substr(0, text.size() - 2).find('-') != std::string_view::npos) return std::nullopt;
        spec.id = *id;
        spec.pick_seq = true;
        return spec;
    }
    const auto id = parse_stream_id(text, MissingSeq::Zero, true);
    if (!id) return std::nullopt;
    spec.id = *id;
    return spec;
}

}  // namespace archlab::broker
