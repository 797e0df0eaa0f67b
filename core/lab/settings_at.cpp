#include "core/lab/settings_at.h"

namespace archlab {

Settings settings_at(const RunRequest& request, Nanos t) {
    Settings s = request.settings;
    for (const KnobChange& k : request.knob_changes) {  // in timeline order, as the run applies them
        if (k.at > t) break;
        try {
            s.set(k.knob, k.value);
        } catch (const InputError&) {
        }
    }
    return s;
}

}  // namespace archlab
