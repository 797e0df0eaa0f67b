#include "core/bundle/bundle_codec.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "core/lab/settings.h"

namespace archlab {

namespace {
/// A whole field as a double (the full text must be a number), nullopt otherwise.
bool read_double(std::string_view text, double& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split_commas(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        out.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) return out;
        start = comma + 1;
    }
}

std::string hex_of(const std::vector<unsigned char>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// A field of an object with the type asked for, or InputError naming it.
template <typename T>
T field(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) throw InputError(where + ": '" + key + "' is missing");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw InputError(where + ": '" + key + "' has the wrong type (" + j.at(key).type_name() + ")");
    }
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) return {};
    const nlohmann::json& a = j.at(key);
    std::vector<std::string> out;
    if (!a.is_array()) throw InputError(where + ": '" + key + "' is not a list");
    for (const auto& s : a) {
        if (!s.is_string()) throw InputError(where + ": '" + key + "' holds a " + s.type_name() + ", not text");
        out.push_back(s.get<std::string>());
    }
    return out;
}

/// Run time as a duration text the scenario format reads back exactly ("1500ms", "9179991810ns").
std::string span_text(std::int64_t ns) {
    if (ns % 1'000'000'000 == 0) return fmt::format("{}s", ns / 1'000'000'000);
    if (ns % 1'000'000 == 0) return fmt::format("{}ms", ns / 1'000'000);
    if (ns % 1'000 == 0) return fmt::format("{}us", ns / 1'000);
    return fmt::format("{}ns", ns);
}
}  // namespace

std::string series_to_csv(const SeriesSnapshot& s) {
    std::string out = "t_s";
    for (const std::string& c : s.columns) out += "," + c;
    out += '\n';
    for (const SeriesRow& row : s.rows) {
        out += fmt::format("{}", row.t_s);
        for (double v : row.values) {
            out += ',';
            if (std::isfinite(v)) out += fmt::format("{}", v);
        }
        out += '\n';
    }
    return out;
}

SeriesSnapshot series_from_csv(const std::string& text, const std::string& where) {
    SeriesSnapshot s;
    std::size_t start = 0;
    int line_no = 0;
    bool header = true;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string at = where + ":" + std::to_string(line_no);
        const auto cells = split_commas(line);
        if (header) {
            if (cells.front() != "t_s") throw InputError(at + ": the header must begin with t_s");
            for (std::size_t i = 1; i < cells.size(); ++i) {
                if (cells[i].empty()) throw InputError(at + ": column " + std::to_string(i + 1) + " has no name");
                s.columns.emplace_back(cells[i]);
            }
            header = false;
            continue;
        }
        if (line.empty()) continue;
        if (cells.size() != s.columns.size() + 1) {
            throw InputError(at + ": " + std::to_string(cells.size()) + " values, the header names " +
                             std::to_string(s.columns.size() + 1));
        }
        SeriesRow row;
        if (!read_double(cells[0], row.t_s) || !std::isfinite(row.t_s)) {
            throw InputError(at + ": t_s '" + std::string(cells[0].substr(0, 40)) + "' is not a number");
        }
        if (!s.rows.empty() && row.t_s < s.rows.back().t_s) throw InputError(at + ": t_s goes back in time");
        row.values.resize(s.columns.size(), std::nan(""));
        for (std::size_t i = 1; i < cells.size(); ++i) {
            if (cells[i].empty()) continue;
            if (!read_double(cells[i], row.values[i - 1])) {
                throw InputError(at + ": " + s.columns[i - 1] + " '" + std::string(cells[i].substr(0, 40)) + "' is not a number");
            }
        }
        s.rows.push_back(std::move(row));
    }
    if (header) throw InputError(where + ": empty (no header line)");
    return s;
}

nlohmann::json topology_to_json(const StoredTopology& t) {
    nlohmann::json nodes = nlohmann::json::array(), rows = nlohmann::json::array();
    for (const TopologyNodeName& n : t.nodes) nodes.push_back({n.name, n.kind});
    for (const TopologyRow& r : t.rows) rows.push_back({r.t_s, r.states, hex_of(r.links)});
    return {{"nodes", nodes}, {"rows", rows}};
}

StoredTopology topology_from_json(const nlohmann::json& j, const std::string& where) {
    StoredTopology t;
    if (!j.is_object() || !j.contains("nodes") || !j.contains("rows") || !j["nodes"].is_array() || !j["rows"].is_array()) {
        throw InputError(where + ": expected {\"nodes\": [...], \"rows\": [...]}");
    }
    for (const auto& n : j["nodes"]) {
        if (!n.is_array() || n.size() != 2 || !n[0].is_string() || !n[1].is_string()) {
            throw InputError(where + ": node " + std::to_string(t.nodes.size() + 1) + " is not [name, kind]");
        }
        t.nodes.push_back({n[0].get<std::string>(), n[1].get<std::string>()});
    }
    for (const auto& r : j["rows"]) {
        const std::string at = where + ": row " + std::to_string(t.rows.size() + 1);
        if (!r.is_array() || r.size() != 3 || !r[0].is_number() || !r[1].is_string() || !r[2].is_string()) {
            throw InputError(at + " is not [t_s, states, links]");
        }
        TopologyRow row{r[0].get<double>(), r[1].get<std::string>(), {}};
        // One state letter per node, then, when the lab gives its nodes roles, '|' and one role
        // letter per node (core/store/topology_record.h).
        const std::size_t n = t.nodes.size();
        const bool with_roles = row.states.size() == 2 * n + 1 && row.states[n] == '|';
        if (row.states.size() != n && !with_roles) {
            throw InputError(at + ": " + std::to_string(row.states.size()) + " node states for " +
                             std::to_string(t.nodes.size()) + " nodes");
        }
        const std::string hex = r[2].get<std::string>();
        if (hex.size() % 2 != 0) throw InputError(at + ": links are not whole bytes of hex");
        for (std::size_t i = 0; i < hex.size(); i += 2) {
            const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
            if (hi < 0 || lo < 0) throw InputError(at + ": links are not hex");
            row.links.push_back(static_cast<unsigned char>(hi * 16 + lo));
        }
        try {
            for (const LinkCount& l : decode_links(row.links)) {
                if (l.from >= t.nodes.size() || l.to >= t.nodes.size()) throw InputError(at + ": a link names node " +
                                                                                         std::to_string(std::max(l.from, l.to)) + " of " +
                                                                                         std::to_string(t.nodes.size()));
            }
        } catch (const InputError&) {
            throw;
        } catch (const std::exception& e) {
            throw InputError(at + ": " + e.what());
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

nlohmann::json events_to_json(const std::vector<StoredEvent>& events) {
    nlohmann::json out = nlohmann::json::array();
    for (const StoredEvent& e : events) out.push_back({e.t_s, e.text});
    return out;
}

std::vector<StoredEvent> events_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_array()) throw InputError(where + ": expected a list of [t_s, text]");
    std::vector<StoredEvent> out;
    for (const auto& e : j) {
        if (!e.is_array() || e.size() != 2 || !e[0].is_number() || !e[1].is_string()) {
            throw InputError(where + ": entry " + std::to_string(out.size() + 1) + " is not [t_s, text]");
        }
        out.push_back({e[0].get<double>(), e[1].get<std::string>()});
    }
    return out;
}

nlohmann::json faults_to_json(const std::vector<StoredFault>& faults) {
    nlohmann::json out = nlohmann::json::array();
    for (const StoredFault& f : faults) out.push_back({{"at_s", f.at_s}, {"action", f.action}, {"target", f.target}, {"value", f.value}});
    return out;
}

std::vector<StoredFault> faults_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_array()) throw InputError(where + ": expected a list of faults");
    std::vector<StoredFault> out;
    for (const auto& f : j) {
        const std::string at = where + ": fault " + std::to_string(out.size() + 1);
        out.push_back({field<double>(f, "at_s", at), field<std::string>(f, "action", at), field<std::string>(f, "target", at),
                       f.is_object() && f.contains("value") ? field<std::string>(f, "value", at) : std::string()});
    }
    return out;
}

nlohmann::json chart_to_json(const ChartSpec& c) {
    nlohmann::json j = {{"id", c.id}, {"title", c.title}, {"unit", c.unit}, {"series", c.series}, {"predicted", c.predicted}, {"note", c.note}};
    if (!c.levels.empty()) j["levels"] = c.levels;  // a chart of an index: the names of its values
    if (c.spikes_off_scale) j["spikes_off_scale"] = true;
    return j;
}

ChartSpec chart_from_json(const nlohmann::json& j, const std::string& where) {
    ChartSpec c;
    c.id = field<std::string>(j, "id", where);
    c.title = j.contains("title") ? field<std::string>(j, "title", where) : c.id;
    c.unit = j.contains("unit") ? field<std::string>(j, "unit", where) : "";
    c.series = strings(j, "series", where);
    c.predicted = strings(j, "predicted", where);
    c.note = j.contains("note") ? field<std::string>(j, "note", where) : "";
    if (j.contains("levels")) c.levels = strings(j, "levels", where);  // bundles before 2026-12 have none
    if (j.contains("spikes_off_scale")) c.spikes_off_scale = field<bool>(j, "spikes_off_scale", where);
    return c;
}

nlohmann::json run_to_json(const BundledRun& r) {
    nlohmann::json charts = nlohmann::json::array();
    for (const ChartSpec& c : r.charts) charts.push_back(chart_to_json(c));
    return {{"id", r.record.id},
            {"lab", r.record.lab},
            {"lab_title", r.lab_title},
            {"seed", r.record.seed},
            {"time_mode", r.time_mode()},
            {"fingerprint", r.fingerprint()},
            {"started_at", r.record.started_at},
            {"duration_s", r.record.duration_s},
            {"status", r.record.status},
            {"origin", r.record.origin},
            {"settings", r.record.settings},
            {"charts", charts},
            {"explain", r.explain}};
}

void run_from_json(const nlohmann::json& j, const std::string& where, BundledRun& r) {
    if (!j.is_object()) throw InputError(where + ": expected an object");
    r.record.id = j.contains("id") ? field<std::int64_t>(j, "id", where) : 0;
    r.record.lab = field<std::string>(j, "lab", where);
    r.record.seed = field<std::uint64_t>(j, "seed", where);
    r.record.started_at = j.contains("started_at") ? field<std::string>(j, "started_at", where) : "";
    r.record.duration_s = field<double>(j, "duration_s", where);
    r.record.status = j.contains("status") ? field<std::string>(j, "status", where) : "finished";
    r.record.origin = j.contains("origin") ? field<std::string>(j, "origin", where) : "";
    r.record.settings = j.value("settings", nlohmann::json::object());
    if (!r.record.settings.is_object()) throw InputError(where + ": 'settings' is not an object");
    r.lab_title = j.contains("lab_title") ? field<std::string>(j, "lab_title", where) : "";
    r.explain = j.contains("explain") ? field<std::string>(j, "explain", where) : "";
    r.charts.clear();
    if (j.contains("charts")) {
        if (!j["charts"].is_array()) throw InputError(where + ": 'charts' is not a list");
        for (const auto& c : j["charts"]) r.charts.push_back(chart_from_json(c, where + ": chart " + std::to_string(r.charts.size() + 1)));
    }
}

nlohmann::json scenario_of(const BundledRun& r) {
    const nlohmann::json& s = r.record.summary;
    nlohmann::json sc = {{"lab", r.record.lab}, {"seed", r.record.seed}};
    const std::int64_t duration_ns = s.is_object() && s.contains("duration_ns") && s["duration_ns"].is_number_integer()
                                         ? s["duration_ns"].get<std::int64_t>()
                                         : std::llround(r.record.duration_s * 1e9);
    sc["duration"] = span_text(duration_ns);
    sc["settings"] = r.record.settings.is_object() ? r.record.settings : nlohmann::json::object();
    nlohmann::json faults = nlohmann::json::array();
    const nlohmann::json applied = s.is_object() ? s.value("faults", nlohmann::json::array()) : nlohmann::json::array();
    if (applied.is_array() && !applied.empty()) {
        for (const auto& f : applied) {
            if (!f.is_object()) continue;
            const std::int64_t at = f.contains("at_ns") && f["at_ns"].is_number_integer() ? f["at_ns"].get<std::int64_t>()
                                                                                          : std::llround(json_number(f, "at_s") * 1e9);
            nlohmann::json e = {{"at", span_text(at)}, {"action", json_text(f, "action")}, {"target", json_text(f, "target")}};
            if (const std::string v = json_text(f, "value"); !v.empty()) e["value"] = v;
            faults.push_back(e);
        }
    } else {
        for (const StoredFault& f : r.faults) {
            nlohmann::json e = {{"at", span_text(std::llround(f.at_s * 1e3) * 1'000'000)}, {"action", f.action}, {"target", f.target}};
            if (!f.value.empty()) e["value"] = f.value;
            faults.push_back(e);
        }
    }
    sc["faults"] = faults;
    // Knob changed mid-run (the window's Knobs, a guided run's steps): at their exact times, so
    // the file asks for the very run (same fingerprint in virtual time).
    nlohmann::json knobs = nlohmann::json::array();
    const nlohmann::json changed = s.is_object() ? s.value("knob_changes", nlohmann::json::array()) : nlohmann::json::array();
    for (const auto& k : changed.is_array() ? changed : nlohmann::json::array()) {
        if (!k.is_object()) continue;
        const std::int64_t at = k.contains("at_ns") && k["at_ns"].is_number_integer() ? k["at_ns"].get<std::int64_t>()
                                                                                      : std::llround(json_number(k, "at_s") * 1e9);
        knobs.push_back({{"at", span_text(at)}, {"knob", json_text(k, "knob")}, {"value", json_text(k, "value")}});
    }
    if (!knobs.empty()) sc["knob_changes"] = knobs;
    return sc;
}

nlohmann::json bundle_guide(const RunBundle& b) {
    if (b.guide.is_object()) return b.guide;
    for (const BundledRun& r : b.runs) {
        if (r.record.summary.is_object() && r.record.summary.contains("guide") && r.record.summary["guide"].is_object()) {
            return r.record.summary["guide"];
        }
    }
    return nullptr;
}

std::string json_text(const nlohmann::json& j, const char* key, const std::string& fallback) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

double json_number(const nlohmann::json& j, const char* key, double fallback) {
    return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
}

nlohmann::json parse_bundle_json(const std::string& text, const std::string& where) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(where + ": not valid JSON: " + e.what());
    }
}

std::string BundledRun::time_mode() const {
    return record.summary.is_object() && record.summary.contains("time_mode") && record.summary["time_mode"].is_string()
               ? record.summary["time_mode"].get<std::string>()
               : "live";
}

std::string BundledRun::fingerprint() const {
    return record.summary.is_object() && record.summary.contains("fingerprint") && record.summary["fingerprint"].is_string()
               ? record.summary["fingerprint"].get<std::string>()
               : "";
}

}  // namespace archlab
