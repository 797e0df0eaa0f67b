#include "labs/partitioning/layout_knobs.h"

#include <vector>

namespace archlab::partlab {

namespace {
/// Knobs of the horizontal layout only: shards, their map and how keys move between them.
const std::vector<std::string> kHorizontalOnly = {"strategy",   "shards",     "spare_shards", "vnodes",   "migrate_rate",
                                                  "routing",    "read_ratio", "range_ratio",  "range_len"};
/// Knobs of the vertical layout only.
const std::vector<std::string> kVerticalOnly = {"mix"};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return out;
}
}  // namespace

std::string checked_layout(const Settings& s) {
    const std::string layout = s.get_enum("layout");
    const bool vertical = layout == "vertical";
    for (const std::string& name : vertical ? kHorizontalOnly : kVerticalOnly) {
        const KnobSpec& spec = s.spec(name);
        if (s.get(name) == spec.def) continue;
        if (vertical) {
            throw InputError(name + "=" + format_value(s.get(name)) +
                             " does not apply with layout=vertical: the data is split by domain into the services "
                             "users, orders and catalog, not by key over shards. Leave " + joined(kHorizontalOnly) +
                             " at their defaults, or use layout=horizontal");
        }
        throw InputError(name + "=" + format_value(s.get(name)) +
                         " applies only with layout=vertical (the request mix of the users, orders and catalog "
                         "services); set layout=vertical or leave " + name + " at its default");
    }
    if (vertical && s.get_enum("key_dist") == "sequential") {
        throw InputError("key_dist=sequential does not apply with layout=vertical: requests name existing users and "
                         "products (uniform or zipf)");
    }
    return layout;
}

}  // namespace archlab::partlab
