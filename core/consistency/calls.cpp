#include "core/consistency/calls.h"

#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "core/lab/settings.h"

namespace archlab::consistency {

namespace {

bool is_read(OpFunction f) { return f == OpFunction::read || f == OpFunction::get; }

}  // namespace

PairedHistory pair_calls(const History& history) {
    struct Open {
        std::size_t op = 0;  ///< index of the invocation
    };
    std::unordered_map<std::int64_t, Open> open;   // process -> its open invocation
    std::vector<Call> calls;                       // every call, in invocation order
    std::vector<std::string> keys_of;              // key of calls[i]
    std::vector<bool> failed;                      // calls[i] completed :fail
    std::unordered_map<std::size_t, std::size_t> call_of_invoke;  // invocation index -> calls index
    PairedHistory paired;

    for (std::size_t i = 0; i < history.ops.size(); ++i) {
        const Operation& op = history.ops[i];
        if (op.type == OpType::invoke) {
            // A process that invokes again without completing left the earlier call open (crashed).
            open[op.process] = Open{i};
            Call c;
            c.f = op.f;
            c.arg = op.value;
            c.arg2 = op.cas_to;
            c.invoke_at = i;
            c.invoke_op = i;
            call_of_invoke[i] = calls.size();
            calls.push_back(std::move(c));
            keys_of.push_back(op.key);
            failed.push_back(false);
            ++paired.invocations;
            continue;
        }
        const auto it = open.find(op.process);
        if (it == open.end()) {
            throw InputError(fmt::format("{}:{}: :{} of process {} has no open invocation before it", history.source,
                                         op.line, to_string(op.type), op.process));
        }
        const Operation& inv = history.ops[it->second.op];
        if (inv.f != op.f) {
            throw InputError(fmt::format("{}:{}: :{} :{} of process {} completes :{} invoked on line {}",
                                         history.source, op.line, to_string(op.type), to_string(op.f), op.process,
                                         to_string(inv.f), inv.line));
        }
        const std::size_t call = call_of_invoke.at(it->second.op);
        Call& c = calls[call];
        open.erase(it);
        c.complete_op = i;
        if (op.type == OpType::ok) {
            c.return_at = i;
            if (is_read(c.f)) c.result = op.value;
        } else {
            c.definite = false;
            failed[call] = op.type == OpType::fail;
        }
    }

    std::map<std::string, std::size_t> index_of_key;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        Call& c = calls[i];
        if (c.return_at == Call::kOpen) c.definite = false;
        if (failed[i] || (is_read(c.f) && !c.definite)) continue;
        const auto [pos, added] = index_of_key.emplace(keys_of[i], paired.keys.size());
        if (added) paired.keys.push_back(KeyCalls{keys_of[i], {}});
        paired.keys[pos->second].calls.push_back(std::move(c));
    }
    return paired;
}

}  // namespace archlab::consistency
