#include "core/lab/replay_request.h"

#include <cmath>

#include "core/lab/lab_registry.h"

namespace archlab {

bool replayable(const nlohmann::json& s) {
    return s.is_object() && s.value("time_mode", "") == "virtual" && s.contains("fingerprint") && s.contains("lab") &&
           s.contains("seed") && s.contains("duration_s");
}

RunRequest request_from_summary(const LabRegistry& labs, const nlohmann::json& s) {
    if (!replayable(s)) throw InputError("not a finished virtual-time run (only those can be replayed exactly)");
    try {
        const std::string id = s.at("lab").get<std::string>();
        const Lab* lab = labs.find(id);
        if (!lab) {
            std::string known;
            for (const std::string& k : labs.ids()) known += (known.empty() ? "" : ", ") + k;
            throw InputError("the run's lab '" + id + "' is not in this build (labs: " + known + ")");
        }
        RunRequest r;
        r.lab = lab;
        r.settings = lab->default_settings();
        const nlohmann::json settings = s.value("settings", nlohmann::json::object());  // kept alive for items()
        for (const auto& [knob, value] : settings.items()) r.settings.set_json(knob, value);
        r.seed = s.at("seed").get<std::uint64_t>();
        // The exact length when recorded; older summaries have seconds only.
        r.duration = s.contains("duration_ns") ? Nanos(s.at("duration_ns").get<std::int64_t>())
                                               : Nanos(std::llround(s.at("duration_s").get<double>() * 1e9));
        r.time_mode = TimeMode::Virtual;
        for (const auto& f : s.value("faults", nlohmann::json::array())) {
            const std::string value = f.value("value", "");
            FaultEvent e = FaultEvent::parse("0s:" + f.at("action").get<std::string>() + ":" +
                                             f.at("target").get<std::string>() + (value.empty() ? "" : ":" + value));
            e.at = Nanos(f.at("at_ns").get<std::int64_t>());
            r.faults.push_back(e);
        }
        for (const auto& k : s.value("knob_changes", nlohmann::json::array())) {
            r.knob_changes.push_back({Nanos(k.at("at_ns").get<std::int64_t>()), k.at("knob").get<std::string>(),
                                      k.at("value").get<std::string>()});
        }
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("the run's summary is incomplete: ") + e.what());
    }
}

}  // namespace archlab
