#include "core/report/html_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/bundle/bundle_codec.h"
#include "core/lab/headline_fields.h"
#include "core/report/markdown_subset.h"
#include "core/report/markup.h"
#include "core/report/svg_chart.h"

namespace archlab {

namespace {

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 24px auto; max-width: 980px; padding: 0 16px; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #d5d5d5; padding: 3px 10px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.differs td { background: #fff6d6; }
code, .mono { font-family: monospace; }
figure { margin: 1.2em 0; }
svg.chart { width: 100%; height: auto; border: 1px solid #e5e5e5; }
.log { font-family: monospace; font-size: 0.85em; white-space: pre-wrap; background: #fafafa; border: 1px solid #e5e5e5; padding: 8px; max-height: 28em; overflow: auto; }
.step { border-left: 4px solid #1f77b4; padding: 0.2em 0.9em; margin: 1em 0; background: #f7fafd; }
.answer { font-weight: bold; }
.fault { color: #b02a1a; }
)";

std::string esc(const std::string& s) { return markup_escape(s); }

/// A JSON value in a few characters: numbers to 4 significant digits, null as n/a.
std::string brief(const nlohmann::json& v) {
    if (v.is_null()) return "n/a";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    if (v.is_number()) return fmt::format("{:.4g}", v.get<double>());
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) {
        std::string out;
        for (const auto& [k, x] : v.items()) out += (out.empty() ? "" : ", ") + k + " " + brief(x);
        return out;
    }
    if (v.is_array()) {
        std::string out;
        for (const auto& x : v) out += (out.empty() ? "" : ", ") + brief(x);
        return out;
    }
    return v.dump();
}

/// The value at a path of object keys, or null.
nlohmann::json at_path(const nlohmann::json& j, const std::vector<const char*>& path) {
    const nlohmann::json* at = &j;
    for (const char* key : path) {
        if (!at->is_object() || !at->contains(key)) return nullptr;
        at = &(*at)[key];
    }
    return *at;
}

/// A headline figure: its label and where it sits in summary.json.
struct Figure {
    const char* label;
    std::vector<const char*> path;   ///< object keys from the top
};

const std::vector<Figure>& common_figures() {
    static const std::vector<Figure> f = {
        {"throughput (req/s)", {"throughput_rps"}},
        {"requests", {"requests"}},
        {"errors", {"errors"}},
        {"error rate", {"error_rate"}},
        {"latency mean (ms)", {"latency_ms", "mean"}},
        {"latency p50 (ms)", {"latency_ms", "p50"}},
        {"latency p95 (ms)", {"latency_ms", "p95"}},
        {"latency p99 (ms)", {"latency_ms", "p99"}},
        {"latency max (ms)", {"latency_ms", "max"}},
        {"predicted mean (ms)", {"predicted_latency_ms", "mean"}},
        {"utilisation", {"utilisation"}},
    };
    return f;
}

std::string run_name(const RunBundle& b, std::size_t i) {
    if (b.runs.size() < 2) return "run";
    const std::string side = i == 0 ? "A" : i == 1 ? "B" : fmt::format("run {}", i + 1);
    // An A/B pair's runs say what their side ran with: "A: dispatch=random".
    const nlohmann::json& summary = b.runs[i].record.summary;
    const nlohmann::json::json_pointer variant("/ab/variant");
    if (i < 2 && summary.is_object() && summary.contains(variant) && summary.at(variant).is_string()) {
        return side + ": " + summary.at(variant).get<std::string>();
    }
    // Two runs exported together: the knobs that differ between them, as this run had them.
    if (b.runs.size() == 2 && b.runs[0].record.settings.is_object() && b.runs[1].record.settings.is_object()) {
        const nlohmann::json& mine = b.runs[i].record.settings;
        const nlohmann::json& other = b.runs[1 - i].record.settings;
        std::string differs;
        for (const auto& [knob, value] : mine.items()) {
            if (other.contains(knob) && other.at(knob) == value) continue;
            const std::string text = value.is_string()          ? value.get<std::string>()
                                     : value.is_number_float() ? fmt::format("{:g}", value.get<double>())
                                                               : value.dump();
            differs += (differs.empty() ? "" : " ") + knob + "=" + text;
        }
        if (!differs.empty()) return side + ": " + differs;
    }
    return side;
}

std::string run_heading(const BundledRun& r) {
    return fmt::format("{} #{}, seed {}, {} time", r.record.lab, r.record.id, r.record.seed, r.time_mode());
}

void section_runs(std::string& h, const RunBundle& b) {
    h += "<h2 id=\"run\">What was run</h2><table><tr><th></th>";
    for (std::size_t i = 0; i < b.runs.size(); ++i) h += "<th>" + esc(run_name(b, i)) + "</th>";
    h += "</tr>";
    const auto row = [&](const char* label, auto value) {
        h += "<tr><th>" + esc(label) + "</th>";
        for (const BundledRun& r : b.runs) h += "<td>" + esc(value(r)) + "</td>";
        h += "</tr>";
    };
    row("lab", [](const BundledRun& r) { return r.lab_title.empty() ? r.record.lab : r.lab_title + " (" + r.record.lab + ")"; });
    row("run", [](const BundledRun& r) { return fmt::format("#{}", r.record.id); });
    row("seed", [](const BundledRun& r) { return std::to_string(r.record.seed); });
    row("time mode", [](const BundledRun& r) { return r.time_mode(); });
    row("fingerprint", [](const BundledRun& r) { return r.fingerprint().empty() ? std::string("— (live time)") : r.fingerprint(); });
    row("started (UTC)", [](const BundledRun& r) { return r.record.started_at; });
    row("length (s)", [](const BundledRun& r) { return fmt::format("{:.2f}", r.record.duration_s); });
    row("status", [](const BundledRun& r) { return r.record.status; });
    if (std::any_of(b.runs.begin(), b.runs.end(), [](const BundledRun& r) { return !r.record.origin.empty(); })) {
        row("imported from", [](const BundledRun& r) { return r.record.origin; });
    }
    h += "</table>";
}

void section_figures(std::string& h, const RunBundle& b) {
    h += "<h2 id=\"figures\">Headline figures</h2><table><tr><th>figure</th>";
    for (std::size_t i = 0; i < b.runs.size(); ++i) h += "<th>" + esc(run_name(b, i)) + "</th>";
    if (b.runs.size() == 2) h += "<th>B − A</th>";
    h += "</tr>";
    const auto row = [&](const std::string& label, const std::vector<nlohmann::json>& values) {
        if (std::all_of(values.begin(), values.end(), [](const nlohmann::json& v) { return v.is_null(); })) return;
        h += "<tr><th>" + esc(label) + "</th>";
        for (const nlohmann::json& v : values) h += "<td class=\"num\">" + esc(brief(v)) + "</td>";
        if (values.size() == 2) {
            std::string diff;
            if (values[0].is_number() && values[1].is_number()) {
                const double a = values[0].get<double>(), d = values[1].get<double>() - a;
                diff = fmt::format("{:+.4g}", d);
                if (a != 0.0) diff += fmt::format(" ({:+.1f}%)", d / std::abs(a) * 100.0);
            }
            h += "<td class=\"num\">" + esc(diff) + "</td>";
        }
        h += "</tr>";
    };
    for (const Figure& f : common_figures()) {
        std::vector<nlohmann::json> values;
        for (const BundledRun& r : b.runs) values.push_back(at_path(r.record.summary, f.path));
        row(f.label, values);
    }
    for (const std::string_view field : kLabHeadlineFields) {
        const std::string key(field);
        std::vector<nlohmann::json> values;
        for (const BundledRun& r : b.runs) values.push_back(at_path(r.record.summary, {key.c_str()}));
        row(key, values);
    }
    h += "</table>";
}

void section_settings(std::string& h, const RunBundle& b) {
    std::set<std::string> knobs;
    for (const BundledRun& r : b.runs) {
        if (r.record.settings.is_object()) {
            for (const auto& [k, v] : r.record.settings.items()) knobs.insert(k);
        }
    }
    h += "<h2 id=\"settings\">Settings</h2>";
    if (b.runs.size() == 2) h += "<p>Rows shaded differ between A and B.</p>";
    h += "<table><tr><th>knob</th>";
    for (std::size_t i = 0; i < b.runs.size(); ++i) h += "<th>" + esc(run_name(b, i)) + "</th>";
    h += "</tr>";
    for (const std::string& k : knobs) {
        std::vector<nlohmann::json> values;
        for (const BundledRun& r : b.runs) values.push_back(at_path(r.record.settings, {k.c_str()}));
        const bool differs = std::any_of(values.begin(), values.end(), [&](const nlohmann::json& v) { return v != values[0]; });
        h += differs ? "<tr class=\"differs\">" : "<tr>";
        h += "<th><code>" + esc(k) + "</code></th>";
        for (const nlohmann::json& v : values) h += "<td>" + esc(brief(v)) + "</td>";
        h += "</tr>";
    }
    h += "</table>";
}

void section_guide(std::string& h, const nlohmann::json& guide) {
    if (!guide.is_object()) return;
    h += "<h2 id=\"guide\">" + esc(json_text(guide, "title", "Guided run")) + "</h2>";
    // "summary" as the CLI and the window write it; "text" in older guide files.
    if (const std::string about = json_text(guide, "summary", json_text(guide, "text")); !about.empty()) h += text_to_html(about);
    const nlohmann::json steps = guide.value("steps", nlohmann::json::array());
    if (!steps.is_array()) return;
    int n = 0;
    for (const nlohmann::json& step : steps) {
        ++n;
        if (!step.is_object()) continue;
        h += "<div class=\"step\"><h3>" + esc(fmt::format("Step {}: ", n) + json_text(step, "title")) + "</h3>";
        // A step's text is Markdown (docs/scenario-format.md), as the Guide panel shows it.
        if (step.contains("text") && step["text"].is_string()) h += markdown_to_html(step["text"].get<std::string>());
        if (step.contains("question")) {
            const std::string unit = step.contains("unit") && step["unit"].is_string() ? " " + step["unit"].get<std::string>() : "";
            h += "<p>Question: " + esc(brief(step["question"])) + "</p><table>";
            if (step.contains("choices")) h += "<tr><th>choices</th><td>" + esc(brief(step["choices"])) + "</td></tr>";
            // The texts the run wrote ("412 ms", "choice 2: about half (0.48)") when it wrote them.
            std::string guessed = step.contains("guess") && !step["guess"].is_null() ? brief(step["guess"]) + unit : "no guess";
            if (const std::string g = json_text(step, "guess_text"); !g.empty()) guessed = g;
            if (const std::string v = json_text(step, "verdict"); !v.empty()) guessed += " (" + v + ")";
            std::string measured = step.contains("measured") && !step["measured"].is_null() ? brief(step["measured"]) + unit
                                                                                            : "not measured";
            if (const std::string m = json_text(step, "measured_text"); !m.empty()) measured = m;
            h += "<tr><th>the room guessed</th><td class=\"answer\">" + esc(guessed) + "</td></tr>";
            h += "<tr><th>measured</th><td class=\"answer\">" + esc(measured) + "</td></tr></table>";
        }
        if (step.contains("why")) h += "<p><em>Why: " + esc(brief(step["why"])) + "</em></p>";
        h += "</div>";
    }
}

void section_charts(std::string& h, const RunBundle& b) {
    h += "<h2 id=\"charts\">Charts</h2>";
    if (b.runs.size() == 2) h += "<p>A solid, B dotted; theory lines dashed. Red dashed lines mark faults and knob changes.</p>";
    else h += "<p>Theory lines are dashed. Red dashed lines mark faults and knob changes.</p>";
    std::vector<PlotRun> runs;
    for (std::size_t i = 0; i < b.runs.size(); ++i) {
        runs.push_back({&b.runs[i].series, run_markers(b.runs[i]), b.runs.size() == 2 ? " (" + run_name(b, i) + ")" : ""});
    }
    std::set<std::string> drawn;
    for (const BundledRun& r : b.runs) {
        for (const ChartSpec& spec : r.charts) {
            if (!drawn.insert(spec.id).second) continue;
            h += "<figure>" + chart_svg(make_chart_plot(spec, runs)) + "</figure>";
        }
    }
    if (drawn.empty()) h += "<p>The run declared no charts.</p>";
}

void section_timeline(std::string& h, const RunBundle& b) {
    h += "<h2 id=\"timeline\">Faults and knob changes</h2>";
    bool any = false;
    for (std::size_t i = 0; i < b.runs.size(); ++i) {
        const std::vector<PlotMarker> markers = run_markers(b.runs[i]);
        if (markers.empty()) continue;
        any = true;
        if (b.runs.size() > 1) h += "<h3>" + esc(run_name(b, i)) + "</h3>";
        h += "<table><tr><th>at (s)</th><th>what</th></tr>";
        for (const PlotMarker& m : markers) {
            h += fmt::format("<tr><td class=\"num\">{:.2f}</td><td class=\"fault\">{}</td></tr>", m.t_s, esc(m.label));
        }
        h += "</table>";
    }
    if (!any) h += "<p>None: the run went undisturbed.</p>";
}

void section_log(std::string& h, const RunBundle& b) {
    h += "<h2 id=\"log\">Event log</h2>";
    for (std::size_t i = 0; i < b.runs.size(); ++i) {
        const BundledRun& r = b.runs[i];
        if (b.runs.size() > 1) h += "<h3>" + esc(run_name(b, i) + ": " + run_heading(r)) + "</h3>";
        if (r.events.empty()) {
            h += "<p>No event log was recorded for this run (runs recorded before this version).</p>";
            continue;
        }
        h += "<div class=\"log\">";
        for (const StoredEvent& e : r.events) h += esc(fmt::format("{:8.2f} s  {}", e.t_s, e.text)) + "\n";
        h += "</div>";
    }
}

void section_explain(std::string& h, const RunBundle& b) {
    std::set<std::string> shown;
    for (const BundledRun& r : b.runs) {
        if (r.explain.empty() || !shown.insert(r.record.lab).second) continue;
        h += "<h2 id=\"explain-" + esc(r.record.lab) + "\">About the " + esc(r.lab_title.empty() ? r.record.lab : r.lab_title) +
             " lab</h2>";
        h += text_to_html(r.explain);
    }
}

}  // namespace

std::vector<PlotMarker> run_markers(const BundledRun& r) {
    std::vector<PlotMarker> out;
    const nlohmann::json& s = r.record.summary;
    const nlohmann::json faults = s.is_object() ? s.value("faults", nlohmann::json()) : nlohmann::json();
    if (faults.is_array()) {
        for (const nlohmann::json& f : faults) {
            if (!f.is_object()) continue;
            const double at = f.contains("at_ns") && f["at_ns"].is_number() ? f["at_ns"].get<double>() / 1e9
                                                                              : json_number(f, "at_s");
            std::string label = json_text(f, "action", "?") + " " + json_text(f, "target");
            if (const std::string v = json_text(f, "value"); !v.empty()) label += " " + v;
            out.push_back({at, label});
        }
    } else {
        for (const StoredFault& f : r.faults) out.push_back({f.at_s, f.action + " " + f.target + (f.value.empty() ? "" : " " + f.value)});
    }
    const nlohmann::json knobs = s.is_object() ? s.value("knob_changes", nlohmann::json()) : nlohmann::json();
    if (knobs.is_array()) {
        for (const nlohmann::json& k : knobs) {
            if (!k.is_object()) continue;
            out.push_back({json_number(k, "at_s"), json_text(k, "knob", "?") + " = " + brief(k.value("value", nlohmann::json()))});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const PlotMarker& a, const PlotMarker& b) { return a.t_s < b.t_s; });
    return out;
}

std::string text_to_html(const std::string& text) {
    std::string out, paragraph;
    bool in_list = false;
    const auto close_paragraph = [&] {
        if (!paragraph.empty()) out += "<p>" + esc(paragraph) + "</p>";
        paragraph.clear();
    };
    const auto close_list = [&] {
        if (in_list) out += "</ul>";
        in_list = false;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty()) {
            close_paragraph();
            close_list();
        } else if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
            close_paragraph();
            if (!in_list) out += "<ul>";
            in_list = true;
            out += "<li>" + esc(line.substr(2)) + "</li>";
        } else {
            close_list();
            paragraph += (paragraph.empty() ? "" : " ") + line;
        }
        if (end == text.size()) break;
    }
    close_paragraph();
    close_list();
    return out;
}

std::string html_report(const RunBundle& b) {
    std::string title = "ArchLab report";
    if (b.runs.size() == 1) title += ": " + run_heading(b.runs[0]);
    else if (b.runs.size() == 2) title += ": A " + run_heading(b.runs[0]) + " vs B " + run_heading(b.runs[1]);
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>";
    h += "<title>" + esc(title) + "</title><style>" + kStyle + "</style></head><body>\n";
    h += "<h1>" + esc(title) + "</h1>";
    h += "<p class=\"sub\">" + esc("Made by " + (b.created_by.empty() ? std::string("ArchLab") : b.created_by) +
                                   ". Everything this page shows is inside it: it works offline.") + "</p>\n";
    section_runs(h, b);
    h += '\n';
    section_figures(h, b);
    h += '\n';
    section_guide(h, bundle_guide(b));
    h += '\n';
    section_charts(h, b);
    h += '\n';
    section_timeline(h, b);
    h += '\n';
    section_settings(h, b);
    h += '\n';
    section_log(h, b);
    h += '\n';
    section_explain(h, b);
    h += "\n</body></html>\n";
    return h;
}

}  // namespace archlab
