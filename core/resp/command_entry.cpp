#include "core/resp/command_entry.h"

#include <string>
#include <vector>

namespace archlab::resp {

void write_command_entry(RespWriter& out, std::string_view name, int arity, std::string_view flags, int first_key,
                         int last_key, int key_step) {
    std::vector<std::string_view> words;
    for (std::string_view rest = flags; !rest.empty();) {
        const auto space = rest.find(' ');
        words.push_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    out.array(6);
    out.bulk(name);
    out.integer(arity);
    out.array(words.size());
    for (const auto& w : words) out.simple(w);
    out.integer(first_key);
    out.integer(last_key);
    out.integer(key_step);
}

}  // namespace archlab::resp
