#include "core/resp/string_options.h"

#include "core/resp/command_args.h"

namespace archlab::resp {

bool parse_string_options(const std::vector<std::string>& args, std::size_t from, bool is_set, StringOptions& o) {
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string opt = lower(args[i]);
        const bool has_next = i + 1 < args.size();
        const bool is_expiry = opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat";
        if (is_set && opt == "nx" && !o.xx) o.nx = true;
        else if (is_set && opt == "xx" && !o.nx) o.xx = true;
        else if (is_set && opt == "get") o.get = true;
        else if (is_set && opt == "keepttl" && o.expiry.empty()) o.keep_ttl = true;
        else if (!is_set && opt == "persist" && o.expiry.empty()) o.persist = true;
        else if (is_expiry && !o.keep_ttl && !o.persist && (o.expiry.empty() || o.expiry == opt) && has_next) {
            o.expiry = opt;
            o.expiry_arg = &args[++i];
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace archlab::resp
