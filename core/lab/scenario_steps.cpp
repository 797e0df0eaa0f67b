// The "steps" of a guided scenario file: see core/lab/scenario_step.h for the shape.
#include <cmath>

#include "core/lab/scenario_reader.h"
#include "core/lab/settings.h"

namespace archlab {

namespace {

JsonPath operator+(JsonPath path, JsonStep step) {
    path.push_back(std::move(step));
    return path;
}

constexpr double kMaxFigure = 1e15;  ///< guesses and choice bounds beyond this are typos, not figures

}  // namespace

const char* to_string(Aggregate a) {
    switch (a) {
        case Aggregate::Mean: return "mean";
        case Aggregate::Max: return "max";
        case Aggregate::Min: return "min";
        case Aggregate::Last: return "last";
    }
    return "mean";
}

std::string Figure::describe() const {
    if (!summary.empty()) return "summary.json " + summary;
    std::string part = "the step";
    if (from.count() > 0 || to) {
        part = format_duration(from) + "-" + (to ? format_duration(*to) : std::string("end")) + " of the step";
    }
    return std::string(to_string(aggregate)) + " of " + series + " over " + part;
}

std::vector<ScenarioStep> ScenarioReader::steps(const ojson& v) const {
    const JsonPath at = {"steps"};
    if (!v.is_array() || v.empty()) {
        fail(at, std::string("field 'steps' must be a non-empty array of steps {\"title\", \"duration\", ...}, got ") +
                     (v.is_array() ? "an empty array" : json_type_name(v)));
    }
    std::vector<ScenarioStep> out;
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(step(v[i], i, i + 1 == v.size()));
    return out;
}

ScenarioStep ScenarioReader::step(const ojson& v, std::size_t index, bool last) const {
    const JsonPath at = {"steps", index};
    const std::string n = "step " + std::to_string(index + 1);
    if (!v.is_object()) fail(at, n + " must be an object {\"title\", \"text\", \"duration\", ...}, got " + json_type_name(v));
    static const std::vector<std::string> kFields = {"title", "text", "duration", "set", "faults", "question"};
    ScenarioStep s;
    s.where = where(at);
    for (const auto& [key, value] : v.items()) {
        const JsonPath field_at = at + key;
        const std::string field = n + " field '" + key + "'";
        if (key == "title") s.title = text(value, field_at, field);
        else if (key == "text") s.text = text(value, field_at, field, true);
        else if (key == "duration") s.duration = duration(value, field_at, field);
        else if (key == "set") s.set_text = settings(value, field_at, field, s.set_where);
        else if (key == "faults") s.faults = faults(value, field_at);
        else if (key == "question") s.question = question(value, field_at, last);
        else fail_unknown(field_at, n + ": ", kFields);
    }
    if (s.title.empty()) fail(at, n + ": field 'title' is required");
    if (s.duration.count() <= 0) fail(at, n + ": field 'duration' is required (\"10s\")");
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
        if (s.faults[i].at >= s.duration) {
            fail(at + "faults" + i, n + ": fault " + std::to_string(i + 1) + " at " + format_duration(s.faults[i].at) +
                                        " is not within the step's " + format_duration(s.duration));
        }
    }
    if (s.question && s.question->figure.to && *s.question->figure.to > s.duration) {
        fail(at + "question" + "figure" + "to", n + ": the figure's 'to' is past the step's end (" +
                                                    format_duration(s.duration) + ")");
    }
    if (s.question && s.question->figure.from >= s.question->figure.to.value_or(s.duration)) {
        fail(at + "question" + "figure" + "from", n + ": the figure's 'from' must come before its end");
    }
    return s;
}

Prediction ScenarioReader::question(const ojson& v, const JsonPath& at, bool last_step) const {
    if (!v.is_object()) fail(at, std::string("field 'question' must be an object {\"ask\", \"figure\", ...}, got ") + json_type_name(v));
    static const std::vector<std::string> kFields = {"ask", "unit", "why", "figure", "range", "tolerance", "choices"};
    Prediction q;
    q.where = where(at);
    bool has_range = false, has_figure = false;
    for (const auto& [key, value] : v.items()) {
        const JsonPath field_at = at + key;
        const std::string field = "question field '" + key + "'";
        if (key == "ask") {
            q.ask = text(value, field_at, field);
        } else if (key == "unit") {
            q.unit = text(value, field_at, field, true);
        } else if (key == "why") {
            q.why = text(value, field_at, field);
        } else if (key == "figure") {
            q.figure = figure(value, field_at, last_step);
            has_figure = true;
        } else if (key == "range") {
            if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number()) {
                fail(field_at, field + " must be [lowest, highest] guess, two numbers");
            }
            q.guess_min = value[0].get<double>();
            q.guess_max = value[1].get<double>();
            if (!(q.guess_min < q.guess_max) || std::fabs(q.guess_min) > kMaxFigure || std::fabs(q.guess_max) > kMaxFigure) {
                fail(field_at, field + ": the lowest guess must be below the highest, both within 1e15");
            }
            has_range = true;
        } else if (key == "tolerance") {
            q.tolerance = number(value, field_at, field);
            if (!(q.tolerance > 0 && q.tolerance <= 10)) fail(field_at, field + " must be a fraction above 0 (0.25 = within 25%)");
        } else if (key == "choices") {
            q.choices = choices(value, field_at);
        } else {
            fail_unknown(field_at, "question: ", kFields);
        }
    }
    if (q.ask.empty()) fail(at, "question: field 'ask' is required");
    if (q.why.empty()) fail(at, "question: field 'why' is required (one line shown beside the answer)");
    if (!has_figure) fail(at, "question: field 'figure' is required ({\"series\": COLUMN, \"aggregate\": \"mean\"} or {\"summary\": \"/json/pointer\"})");
    if (has_range == q.is_choice()) fail(at, "question: give either 'range' (a number question) or 'choices', not both or neither");
    return q;
}

Figure ScenarioReader::figure(const ojson& v, const JsonPath& at, bool last_step) const {
    if (!v.is_object()) fail(at, std::string("question field 'figure' must be an object, got ") + json_type_name(v));
    static const std::vector<std::string> kFields = {"series", "summary", "aggregate", "from", "to", "scale"};
    Figure f;
    for (const auto& [key, value] : v.items()) {
        const JsonPath field_at = at + key;
        const std::string field = "figure field '" + key + "'";
        if (key == "series") {
            f.series = text(value, field_at, field);
        } else if (key == "summary") {
            f.summary = text(value, field_at, field);
            if (f.summary.front() != '/') fail(field_at, field + " must be a JSON pointer like \"/latency_ms/p99\"");
            try {
                (void)nlohmann::json::json_pointer(f.summary);
            } catch (const nlohmann::json::exception&) {
                fail(field_at, field + " is not a valid JSON pointer (escape '~' as ~0 and '/' as ~1)");
            }
            if (!last_step) fail(field_at, field + ": the summary is made when the run ends, so only the last step may ask about it");
        } else if (key == "aggregate") {
            const std::string a = text(value, field_at, field);
            if (a == "mean") f.aggregate = Aggregate::Mean;
            else if (a == "max") f.aggregate = Aggregate::Max;
            else if (a == "min") f.aggregate = Aggregate::Min;
            else if (a == "last") f.aggregate = Aggregate::Last;
            else fail(field_at, field + " must be mean, max, min or last, got '" + a + "'");
        } else if (key == "from") {
            if (!value.is_string() && !value.is_number()) fail(field_at, field + " must be a time like \"2s\"");
            f.from = value.is_string() ? parse_duration(value.get<std::string>(), where(field_at) + ": " + field)
                                       : duration(value, field_at, field);
        } else if (key == "to") {
            f.to = duration(value, field_at, field);
        } else if (key == "scale") {
            f.scale = number(value, field_at, field);
            if (!std::isfinite(f.scale) || f.scale == 0 || std::fabs(f.scale) > kMaxFigure) {
                fail(field_at, field + " must be a number other than 0");
            }
        } else {
            fail_unknown(field_at, "figure: ", kFields);
        }
    }
    if (f.series.empty() == f.summary.empty()) fail(at, "figure: give either 'series' (a column) or 'summary' (a JSON pointer)");
    if (!f.summary.empty() && (v.contains("aggregate") || v.contains("from") || v.contains("to"))) {
        fail(at, "figure: 'aggregate', 'from' and 'to' fold a series; a summary field is one number");
    }
    return f;
}

std::vector<Choice> ScenarioReader::choices(const ojson& v, const JsonPath& at) const {
    if (!v.is_array() || v.size() < 2) fail(at, "question field 'choices' must be an array of at least two choices");
    std::vector<Choice> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const JsonPath c_at = at + i;
        const std::string n = "choice " + std::to_string(i + 1);
        if (!v[i].is_object()) fail(c_at, n + " must be an object {\"label\", \"min\", \"max\"}, got " + json_type_name(v[i]));
        Choice c;
        for (const auto& [key, value] : v[i].items()) {
            const JsonPath field_at = c_at + key;
            if (key == "label") c.label = text(value, field_at, n + " field 'label'");
            else if (key == "min") c.min = number(value, field_at, n + " field 'min'");
            else if (key == "max") c.max = number(value, field_at, n + " field 'max'");
            else fail_unknown(field_at, n + ": ", {"label", "min", "max"});
        }
        if (c.label.empty()) fail(c_at, n + ": field 'label' is required");
        if (!v[i].contains("min") && !v[i].contains("max")) fail(c_at, n + ": give 'min', 'max' or both: the figure's range it stands for");
        if (!(c.min < c.max)) fail(c_at, n + ": 'min' must be below 'max'");
        if (std::fabs(c.min) > kMaxFigure && std::isfinite(c.min)) fail(c_at, n + ": 'min' must be within 1e15");
        if (std::fabs(c.max) > kMaxFigure && std::isfinite(c.max)) fail(c_at, n + ": 'max' must be within 1e15");
        for (std::size_t j = 0; j < out.size(); ++j) {
            if (c.min < out[j].max && out[j].min < c.max) {
                fail(c_at, n + " overlaps choice " + std::to_string(j + 1) + ": each measured value must pick one choice");
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace archlab
