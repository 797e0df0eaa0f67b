// Operations to EDN text: the form Jepsen, Knossos, Elle and Porcupine read.
#include <fmt/format.h>

#include "core/consistency/history.h"

namespace archlab::consistency {

const char* to_string(OpType type) {
    switch (type) {
        case OpType::invoke: return "invoke";
        case OpType::ok: return "ok";
        case OpType::fail: return "fail";
        case OpType::info: return "info";
    }
    return "?";
}

const char* to_string(OpFunction f) {
    switch (f) {
        case OpFunction::read: return "read";
        case OpFunction::write: return "write";
        case OpFunction::cas: return "cas";
        case OpFunction::get: return "get";
        case OpFunction::put: return "put";
        case OpFunction::append: return "append";
    }
    return "?";
}

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out + '"';
}

}  // namespace

std::string to_edn(const Value& value) {
    if (const auto* n = std::get_if<std::int64_t>(&value)) return std::to_string(*n);
    if (const auto* s = std::get_if<std::string>(&value)) return quoted(*s);
    return "nil";
}

std::string to_edn(const Operation& op) {
    std::string out = fmt::format("{{:process {}, :type :{}, :f :{}", op.process, to_string(op.type), to_string(op.f));
    if (!op.key.empty()) out += ", :key " + quoted(op.key);
    if (op.f == OpFunction::cas) {
        out += fmt::format(", :value [{} {}]", to_edn(op.value), to_edn(op.cas_to));
    } else {
        out += ", :value " + to_edn(op.value);
    }
    if (op.time_ns) out += fmt::format(", :time {}", *op.time_ns);
    return out + '}';
}

void write_edn(std::ostream& out, const Operation& op) { out << to_edn(op) << '\n'; }

}  // namespace archlab::consistency
