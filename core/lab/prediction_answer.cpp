#include "core/lab/prediction_answer.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/lab/settings.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

std::string choice_text(const Prediction& q, std::size_t i) {
    return "choice " + std::to_string(i + 1) + ": " + q.choices[i].label;
}

/// The choice whose [min, max) holds v.
std::optional<std::size_t> choice_of(const Prediction& q, double v) {
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        if (v >= q.choices[i].min && v < q.choices[i].max) return i;
    }
    return std::nullopt;
}

}  // namespace

std::string format_figure(double value, const std::string& unit) {
    std::string number;
    const double a = std::fabs(value);
    if (a >= 1000 || a == 0) number = fmt::format("{:.0f}", value);
    else if (a >= 100) number = fmt::format("{:.0f}", value);
    else if (a >= 10) number = fmt::format("{:.1f}", value);
    else if (a >= 1) number = fmt::format("{:.2f}", value);
    else number = fmt::format("{:.3g}", value);
    return unit.empty() ? number : number + " " + unit;
}

namespace {
/// True when the choices are written as percentages ("under 60%") of a figure that is a ratio
/// (no unit, not scaled, every bound within 0..1): the room reads the figure as a percentage.
bool percent_choices_of_a_ratio(const Prediction& q) {
    if (!q.is_choice() || !q.unit.empty() || q.figure.scale != 1.0) return false;
    bool percent = false;
    for (const Choice& c : q.choices) {
        for (const double bound : {c.min, c.max}) {
            if (std::isfinite(bound) && (bound < 0.0 || bound > 1.0)) return false;
        }
        for (std::size_t i = 1; i < c.label.size(); ++i) {
            percent = percent || (c.label[i] == '%' && c.label[i - 1] >= '0' && c.label[i - 1] <= '9');
        }
    }
    return percent;
}
}  // namespace

std::string format_measured(const Prediction& q, double value) {
    if (percent_choices_of_a_ratio(q)) return format_figure(value * 100.0, "") + "%";
    return format_figure(value, q.unit);
}

void check_figure_columns(const Prediction& q, const std::vector<std::string>& columns) {
    if (q.figure.series.empty()) return;
    if (std::find(columns.begin(), columns.end(), q.figure.series) != columns.end()) return;
    const auto near = closest_match(q.figure.series, columns);
    throw InputError(q.where + ": question: this lab's series has no column '" + q.figure.series + "'" +
                     (near ? ", did you mean '" + *near + "'?" : "") + " (columns: " + join_names(columns) + ")");
}

std::optional<double> measure_figure(const Figure& f, const StepSpan& step, const SeriesSnapshot& series,
                                     const nlohmann::json& summary) {
    if (!f.summary.empty()) {
        const nlohmann::json::json_pointer ptr(f.summary);
        if (!summary.contains(ptr)) return std::nullopt;
        const nlohmann::json& v = summary.at(ptr);
        if (!v.is_number()) return std::nullopt;
        return v.get<double>() * f.scale;
    }
    const int col = series.column(f.series);
    if (col < 0) return std::nullopt;
    // A row at t covers the sample interval ending at t: it belongs to the part when t is in (from, to].
    const double from_s = to_s(step.start + f.from);
    const double to_s_ = to_s(f.to ? step.start + *f.to : step.end);
    std::optional<double> out;
    double sum = 0;
    std::size_t n = 0;
    for (const SeriesRow& row : series.rows) {
        if (row.t_s <= from_s + 1e-9 || row.t_s > to_s_ + 1e-9) continue;
        const double v = row.values[static_cast<std::size_t>(col)];
        if (!std::isfinite(v)) continue;
        ++n;
        sum += v;
        switch (f.aggregate) {
            case Aggregate::Max: out = out ? std::max(*out, v) : v; break;
            case Aggregate::Min: out = out ? std::min(*out, v) : v; break;
            case Aggregate::Last: out = v; break;
            case Aggregate::Mean: break;
        }
    }
    if (n == 0) return std::nullopt;
    if (f.aggregate == Aggregate::Mean) out = sum / static_cast<double>(n);
    return *out * f.scale;
}

Guess parse_guess(const Prediction& q, const std::string& text) {
    Guess g;
    if (q.is_choice()) {
        char* end = nullptr;
        errno = 0;
        const long n = std::strtol(text.c_str(), &end, 10);
        if (!text.empty() && end && *end == '\0' && errno == 0 && n >= 1 && static_cast<std::size_t>(n) <= q.choices.size()) {
            g.choice = static_cast<std::size_t>(n - 1);
            return g;
        }
        for (std::size_t i = 0; i < q.choices.size(); ++i) {
            if (lower(q.choices[i].label) == lower(text)) {
                g.choice = i;
                return g;
            }
        }
        std::vector<std::string> labels;
        for (const Choice& c : q.choices) labels.push_back(c.label);
        throw InputError("guess '" + text + "': a choice 1 to " + std::to_string(q.choices.size()) + " or its label (" +
                         join_names(labels) + ")");
    }
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || !end || *end != '\0' || errno != 0 || !std::isfinite(v)) {
        throw InputError("guess '" + text + "': a number" + (q.unit.empty() ? "" : " in " + q.unit));
    }
    if (v < q.guess_min || v > q.guess_max) {
        throw InputError(fmt::format("guess '{}': out of the question's range {:g} to {:g}{}", text, q.guess_min, q.guess_max,
                                     q.unit.empty() ? "" : " " + q.unit));
    }
    g.number = v;
    return g;
}

Answer answer_question(const Prediction& q, std::optional<double> measured, std::optional<Guess> guess) {
    Answer a;
    a.measured = measured;
    a.guess = guess;
    if (measured) {
        if (q.is_choice()) {
            a.choice = choice_of(q, *measured);
            a.measured_text = (a.choice ? choice_text(q, *a.choice) : std::string("none of the choices")) + " (" +
                              format_measured(q, *measured) + ")";
        } else {
            a.measured_text = format_measured(q, *measured);
        }
    } else {
        a.measured_text = "no data (no row of the step measured it)";
    }
    if (!guess) return a;
    if (q.is_choice()) {
        a.guess_text = choice_text(q, guess->choice);
        if (measured) a.verdict = a.choice && *a.choice == guess->choice ? "right" : "wrong";
        return a;
    }
    a.guess_text = format_figure(guess->number, q.unit);
    if (!measured) return a;
    const double m = *measured;
    const double scale = std::max(std::fabs(m), 1e-12);
    const double off = (guess->number - m) / scale;
    if (std::fabs(guess->number - m) <= q.tolerance * std::fabs(m) || (m == 0 && guess->number == 0)) {
        a.verdict = "close";
    } else if (std::fabs(m) < 1e-12) {
        a.verdict = "off: the answer is 0";
    } else {
        a.verdict = fmt::format("off by {:+.0f}%", off * 100.0);
    }
    return a;
}

std::vector<std::optional<Answer>> answer_steps(const Scenario& scenario, const GuidedPlan& plan,
                                                const SeriesSnapshot& series, const nlohmann::json& summary,
                                                const std::map<std::size_t, Guess>& guesses) {
    std::vector<std::optional<Answer>> out;
    for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
        const ScenarioStep& st = scenario.steps[i];
        if (!st.question) {
            out.emplace_back();
            continue;
        }
        const auto guess = guesses.find(i);
        out.push_back(answer_question(*st.question, measure_figure(st.question->figure, plan.spans.at(i), series, summary),
                                      guess == guesses.end() ? std::nullopt : std::optional<Guess>(guess->second)));
    }
    return out;
}

}  // namespace archlab
