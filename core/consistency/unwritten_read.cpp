#include "core/consistency/unwritten_read.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace archlab::consistency {

std::optional<std::size_t> find_unwritten_read(const KeyCalls& key, const Value& initial) {
    const std::vector<Call>& calls = key.calls;
    std::vector<std::size_t> reads;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (calls[i].f == OpFunction::append) return std::nullopt;
        if ((calls[i].f == OpFunction::read || calls[i].f == OpFunction::get) && calls[i].definite) reads.push_back(i);
    }
    std::sort(reads.begin(), reads.end(), [&](std::size_t a, std::size_t b) { return calls[a].return_at < calls[b].return_at; });
    std::vector<std::size_t> by_invoke(calls.size());
    for (std::size_t i = 0; i < by_invoke.size(); ++i) by_invoke[i] = i;
    std::sort(by_invoke.begin(), by_invoke.end(),
              [&](std::size_t a, std::size_t b) { return calls[a].invoke_at < calls[b].invoke_at; });

    std::unordered_set<Value> possible{initial};
    std::size_t next = 0;  // calls in by_invoke[0, next) have been added
    for (const std::size_t r : reads) {
        for (; next < by_invoke.size() && calls[by_invoke[next]].invoke_at < calls[r].return_at; ++next) {
            const Call& c = calls[by_invoke[next]];
            if (c.f == OpFunction::write || c.f == OpFunction::put) possible.insert(c.arg);
            if (c.f == OpFunction::cas) possible.insert(c.arg2);
        }
        if (possible.count(calls[r].result) == 0) return r;
    }
    return std::nullopt;
}

}  // namespace archlab::consistency
