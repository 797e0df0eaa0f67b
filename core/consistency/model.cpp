#include "core/consistency/model.h"

#include <fmt/format.h>

#include "core/lab/settings.h"

namespace archlab::consistency {

std::optional<Value> step(const Call& call, const Value& state) {
    switch (call.f) {
        case OpFunction::read:
        case OpFunction::get:
            if (call.definite && call.result != state) return std::nullopt;
            return state;
        case OpFunction::write:
        case OpFunction::put: return call.arg;
        case OpFunction::cas:
            if (state != call.arg) return std::nullopt;
            return call.arg2;
        case OpFunction::append: {
            const auto* add = std::get_if<std::string>(&call.arg);
            if (add == nullptr) return std::nullopt;
            if (std::holds_alternative<std::monostate>(state)) return *add;
            const auto* now = std::get_if<std::string>(&state);
            if (now == nullptr) return std::nullopt;  // appending to an integer
            return *now + *add;
        }
    }
    return std::nullopt;
}

Value initial_value(const KeyCalls& key, const CheckOptions& options) {
    if (options.initial) return *options.initial;
    if (options.model == Model::kv) {
        for (const Call& c : key.calls) {
            if (c.f == OpFunction::get || c.f == OpFunction::put || c.f == OpFunction::append) return std::string();
        }
    }
    return {};
}

void check_fits_model(const History& history, Model model) {
    for (const Operation& op : history.ops) {
        const bool kv_only = op.f == OpFunction::get || op.f == OpFunction::put || op.f == OpFunction::append;
        if (model == Model::register_ && kv_only) {
            throw InputError(fmt::format("{}:{}: :{} is not a register operation (read, write, cas); use --model kv",
                                         history.source, op.line, to_string(op.f)));
        }
        if (op.f == OpFunction::append && op.type == OpType::invoke && !std::holds_alternative<std::string>(op.value)) {
            throw InputError(fmt::format("{}:{}: :append needs a string value, found {}", history.source, op.line,
                                         to_edn(op.value)));
        }
    }
}

}  // namespace archlab::consistency
