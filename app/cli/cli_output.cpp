#include "app/cli/cli_output.h"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/lab/headline_fields.h"
#include "views/chart_png.h"

namespace archlab::cli {

void write_series_csv(const SeriesSnapshot& series, const std::string& path) {
    std::ofstream out(path);
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
    out << "t_s";
    for (const std::string& c : series.columns) out << ',' << c;
    out << '\n';
    for (const SeriesRow& row : series.rows) {
        out << fmt::format("{:.3f}", row.t_s);
        for (double v : row.values) {
            out << ',';
            if (std::isfinite(v)) out << fmt::format("{:.6g}", v);
        }
        out << '\n';
    }
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
}

void write_json(const nlohmann::json& value, const std::string& path) {
    std::ofstream out(path);
    out << value.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
}

std::vector<std::string> write_charts(const std::vector<ChartSpec>& charts, const SeriesSnapshot& series,
                                      const std::string& dir, const std::vector<RunMark>& marks) {
    std::vector<std::string> written;
    for (const ChartSpec& chart : charts) {
        const std::string path = dir + "/chart-" + chart.id + ".png";
        std::string error;
        if (!render_chart_png(chart, series, path, &error, marks)) throw std::runtime_error(error);
        written.push_back(path);
    }
    return written;
}

namespace {
std::string num(const nlohmann::json& v, const char* format = "{:.2f}") {
    if (v.is_number()) return fmt::format(fmt::runtime(format), v.get<double>());
    return "n/a";
}
}  // namespace

std::string describe_summary(const nlohmann::json& s) {
    std::string out;
    out += fmt::format("time {}{}\n", s.value("time_mode", std::string("live")),
                       s.value("host_overloaded", false)
                           ? fmt::format("  HOST OVERLOADED since {:.1f} s: {}", s["host"].value("overloaded_since_s", 0.0),
                                         s["host"].value("reason", std::string()))
                           : std::string());
    out += fmt::format("requests {}  errors {}  throughput {} req/s\n", s.value("requests", 0ULL),
                       s.value("errors", 0ULL), num(s.value("throughput_rps", nlohmann::json()), "{:.1f}"));
    if (s.contains("latency_ms") && s["latency_ms"].is_null()) out += "latency ms: no request completed\n";
    if (s.contains("latency_ms") && s["latency_ms"].is_object()) {
        const auto& l = s["latency_ms"];
        out += fmt::format("latency ms: mean {}  p50 {}  p95 {}  p99 {}  max {}\n", num(l["mean"]), num(l["p50"]),
                           num(l["p95"]), num(l["p99"]), num(l["max"]));
    }
    if (s.contains("predicted_latency_ms")) {
        const auto& p = s["predicted_latency_ms"];
        if (p.is_null() || !s["latency_ms"].is_object()) {
            out += "predicted: none (" + s.value("model_note", std::string()) + ")\n";
        } else {
            const double measured = s["latency_ms"]["mean"].get<double>();
            const double predicted = p["mean"].get<double>();
            out += fmt::format("predicted mean {} ms ({} + path {} ms): measured/predicted = {:.3f}\n", num(p["mean"]),
                               s.value("model", std::string()), num(p["path_overhead"], "{:.3f}"),
                               measured / predicted);
        }
    }
    if (s.contains("utilisation")) {
        out += fmt::format("utilisation {} (predicted {})  service ms measured {} (configured {})\n",
                           num(s["utilisation"], "{:.3f}"), num(s.value("utilisation_predicted", nlohmann::json()), "{:.3f}"),
                           num(s.value("service_ms_measured", nlohmann::json()), "{:.3f}"),
                           num(s.value("service_ms_configured", nlohmann::json()), "{:.3f}"));
    }
    if (s.contains("context_switches_per_s")) {
        out += fmt::format("context switches {} /s\n", num(s["context_switches_per_s"], "{:.0f}"));
    }
    if (s.contains("jobs_shed") && s["jobs_shed"].is_object() && !s["jobs_shed"].empty()) {
        // Work a full job queue dropped unrun (NodeSpec::max_queued_jobs; db_queue_limit in some labs).
        std::string by_node;
        for (const auto& [node, n] : s["jobs_shed"].items()) {
            by_node += fmt::format("{}{} {}", by_node.empty() ? "" : ", ", node, n.is_number() ? n.get<std::uint64_t>() : 0);
        }
        out += "jobs shed (job queue full): " + by_node + "\n";
    }
    if (s.contains("drain") && s["drain"].is_object() && !s["drain"].value("at_rest", true)) {
        out += fmt::format("NOT AT REST when the run stopped: {} after waiting {:.1f} s; what the lab counted at the "
                           "end includes work still under way\n",
                           s["drain"].value("stopped_because", std::string("?")), s["drain"].value("waited_s", 0.0));
    }
    out += describe_lab_fields(s);
    return out;
}

namespace {
/// A summary value in a few characters: numbers to 4 significant digits, null as n/a.
std::string brief(const nlohmann::json& v) {
    if (v.is_null()) return "n/a";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    if (v.is_number()) return fmt::format("{:.4g}", v.get<double>());
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) {
        std::string out;
        for (const auto& [k, x] : v.items()) out += (out.empty() ? "" : " ") + k + "=" + brief(x);
        return "{" + out + "}";
    }
    return v.dump();
}
}  // namespace

std::string describe_lab_fields(const nlohmann::json& s) {
    // The figures the labs' "how it is checked" lines talk about, then where the history went.
    std::vector<std::string> keys(kLabHeadlineFields.begin(), kLabHeadlineFields.end());
    keys.emplace_back("history");
    std::string out, line;
    for (const std::string& key : keys) {
        if (!s.contains(key)) continue;
        const std::string item = key + " " + brief(s[key]);
        if (!line.empty() && line.size() + item.size() > 100) {
            out += line + '\n';
            line.clear();
        }
        line += (line.empty() ? "" : "  ") + item;
    }
    if (!line.empty()) out += line + '\n';
    if (s.contains("rebalances") && s["rebalances"].is_array()) {
        for (const nlohmann::json& r : s["rebalances"]) {
            std::string fields;
            for (const auto& [k, v] : r.items()) {
                if (k != "action") fields += (fields.empty() ? "" : " ") + k + "=" + brief(v);
            }
            out += fmt::format("rebalance {}: {}\n", r.value("action", std::string("?")), fields);
        }
    }
    if (s.contains("requests_by_type") && s["requests_by_type"].is_object()) {
        out += "by request type:";
        for (const auto& [type, fields] : s["requests_by_type"].items()) out += fmt::format("\n  {:<14} {}", type, brief(fields));
        out += '\n';
    }
    for (const char* list : {"per_node", "per_shard", "per_service"}) {
        if (!s.contains(list) || !s[list].is_array() || s[list].empty()) continue;
        // A screenful at most: a thousand-node run lists every node in summary.json only.
        constexpr std::size_t kShown = 32;
        const nlohmann::json& nodes = s[list];
        out += list == std::string("per_node") ? "per node:" : list == std::string("per_shard") ? "per shard:" : "per service:";
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (i == kShown) {
                out += fmt::format("\n  ... {} more in summary.json", nodes.size() - kShown);
                break;
            }
            const nlohmann::json& n = nodes[i];
            std::string fields;
            for (const auto& [k, v] : n.items()) {
                if (k != "id") fields += (fields.empty() ? "" : " ") + k + "=" + brief(v);
            }
            out += fmt::format("\n  {:<10} {}", n.value("id", std::string("?")), fields);
        }
        out += '\n';
    }
    return out;
}

std::string stamped_out_dir(const std::string& name) {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    return "archlab-runs/" + name + "-" + stamp;
}

}  // namespace archlab::cli
