// Guided scenarios (core/lab/scenario_step.h, guided_plan.h, prediction_answer.h): steps read
// back exactly; malformed steps name FILE:LINE:COL and the field; the plan puts every step on one
// timeline; figures fold the right rows; guesses are read and judged; and every shipped guided
// scenario plays headless in virtual time with each question answered by a measurement.
#include <cmath>

#include <QDir>
#include <QTest>

#include "core/lab/guided_plan.h"
#include "core/lab/prediction_answer.h"
#include "core/lab/scenario.h"
#include "input_error.h"
#include "lab_runs.h"

using namespace archlab;

namespace {

const char* const kGuided = R"({
  "lab": "queueing",
  "title": "Knee",
  "summary": "Latency bends up.",
  "seed": 3,
  "settings": {"workers": 4, "arrival_rps": 1000},
  "steps": [
    {"title": "Half busy", "text": "**1000 req/s**", "duration": "3s",
     "set": {"service_ms": 2},
     "question": {"ask": "Mean latency?", "unit": "ms", "range": [0, 50],
                  "figure": {"series": "latency_mean_ms", "aggregate": "mean", "from": "1s"},
                  "why": "Half the time a worker is free."}},
    {"title": "Busier", "text": "", "duration": 4,
     "set": {"arrival_rps": 1800},
     "faults": [{"at": "1s", "action": "kill", "target": "worker-2"}, "2.5s:restart:worker-2"],
     "question": {"ask": "Which band?", "figure": {"series": "latency_mean_ms", "aggregate": "max", "scale": 1000},
                  "choices": [{"label": "low", "max": 5000}, {"label": "high", "min": 5000}],
                  "why": "Three workers at 1800 req/s."}},
    {"title": "Count", "duration": "1s",
     "question": {"ask": "Requests?", "range": [0, 100000], "tolerance": 0.1,
                  "figure": {"summary": "/requests"}, "why": "All of them."}}
  ]
})";

SeriesSnapshot table(const std::vector<std::pair<double, double>>& rows) {
    SeriesSnapshot s;
    s.columns = {"x"};
    for (const auto& [t, v] : rows) s.rows.push_back({t, {v}});
    return s;
}

/// The error of parsing text as "s.json", or "" when it parses.
QString parse_error(const std::string& text) {
    return input_error([&] { Scenario::parse(text, "s.json"); });
}

}  // namespace

class TestGuidedScenario : public QObject {
    Q_OBJECT
private slots:
    void steps_read_back() {
        const Scenario s = Scenario::parse(kGuided, "g.json");
        QVERIFY(s.guided());
        QCOMPARE(s.title, std::string("Knee"));
        QCOMPARE(s.summary, std::string("Latency bends up."));
        QCOMPARE(s.steps.size(), std::size_t{3});
        QVERIFY(!s.duration);
        QCOMPARE(to_s(s.steps_duration()), 8.0);
        const ScenarioStep& a = s.steps[0];
        QCOMPARE(a.title, std::string("Half busy"));
        QCOMPARE(a.text, std::string("**1000 req/s**"));
        QCOMPARE(a.set_text.size(), std::size_t{1});
        QCOMPARE(a.set_where[0], std::string("g.json:9:28"));
        QVERIFY(a.question && !a.question->is_choice());
        QCOMPARE(a.question->unit, std::string("ms"));
        QCOMPARE(a.question->guess_max, 50.0);
        QCOMPARE(a.question->figure.series, std::string("latency_mean_ms"));
        QCOMPARE(a.question->figure.from, from_ms(1000));
        QCOMPARE(a.question->figure.describe(), std::string("mean of latency_mean_ms over 1s-end of the step"));
        const ScenarioStep& b = s.steps[1];
        QCOMPARE(to_s(b.duration), 4.0);
        QCOMPARE(b.faults.size(), std::size_t{2});
        QCOMPARE(b.faults[1].to_string(), std::string("2.5s:restart:worker-2"));
        QVERIFY(b.question->is_choice());
        QCOMPARE(b.question->choices[1].label, std::string("high"));
        QCOMPARE(b.question->figure.aggregate, Aggregate::Max);
        QCOMPARE(b.question->figure.scale, 1000.0);
        QCOMPARE(s.steps[2].question->figure.summary, std::string("/requests"));
        QCOMPARE(s.steps[2].question->tolerance, 0.1);
    }

    void malformed_steps_name_line_column_and_field_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("want");
        const QString head = R"({"lab": "queueing", "title": "T", "steps": [)";
        QTest::newRow("unknown step field") << head + R"({"title": "a", "duration": "1s", "durration": 2}]})"
                                            << "s.json:1:78: step 1: unknown field 'durration', did you mean 'duration'?";
        QTest::newRow("no duration") << head + R"({"title": "a"}]})" << "s.json:1:45: step 1: field 'duration' is required";
        QTest::newRow("bad duration") << head + R"({"title": "a", "duration": "soon"}]})" << "s.json:1:72: step 1 field 'duration': bad duration 'soon'";
        QTest::newRow("fault past the step") << head + R"({"title": "a", "duration": "2s", "faults": ["3s:kill:w"]}]})"
                                             << "s.json:1:89: step 1: fault 1 at 3s is not within the step's 2s";
        QTest::newRow("question without why")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "range": [0, 1], "figure": {"series": "x"}}}]})"
            << "s.json:1:90: question: field 'why' is required";
        QTest::newRow("range and choices")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "why": "w", "range": [0, 1], "figure": {"series": "x"}, "choices": [{"label": "a", "max": 1}, {"label": "b", "min": 1}]}}]})"
            << "s.json:1:90: question: give either 'range'";
        QTest::newRow("overlapping choices")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "why": "w", "figure": {"series": "x"}, "choices": [{"label": "a", "max": 2}, {"label": "b", "min": 1}]}}]})"
            << "s.json:1:180: choice 2 overlaps choice 1";
        QTest::newRow("summary before the last step")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "why": "w", "range": [0, 1], "figure": {"summary": "/requests"}}}, {"title": "b", "duration": "1s"}]})"
            << "s.json:1:154: figure field 'summary': the summary is made when the run ends, so only the last step";
        QTest::newRow("bad aggregate")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "why": "w", "range": [0, 1], "figure": {"series": "x", "aggregate": "median"}}}]})"
            << "s.json:1:171: figure field 'aggregate' must be mean, max, min or last, got 'median'";
        QTest::newRow("figure past the step")
            << head + R"({"title": "a", "duration": "2s", "question": {"ask": "?", "why": "w", "range": [0, 1], "figure": {"series": "x", "to": "3s"}}}]})"
            << "s.json:1:164: step 1: the figure's 'to' is past the step's end (2s)";
        QTest::newRow("steps with a duration") << R"({"lab": "q", "title": "T", "duration": "5s", "steps": [{"title": "a", "duration": "1s"}]})"
                                               << "s.json:1:28: field 'duration': a guided scenario lasts as long as its steps together";
        QTest::newRow("steps without a title") << R"({"lab": "q", "steps": [{"title": "a", "duration": "1s"}]})"
                                               << "s.json:1:1: field 'title' is required in a guided scenario";
        QTest::newRow("empty steps") << R"({"lab": "q", "title": "T", "steps": []})" << "s.json:1:37: field 'steps' must be a non-empty array";
        QTest::newRow("number in a step out of range") << head + R"({"title": "a", "duration": 1e999}]})"
                                                       << "s.json:1:72: step 1 field 'duration': the number 1e999 is out of range";
    }
    void malformed_steps_name_line_column_and_field() {
        QFETCH(QString, text);
        QFETCH(QString, want);
        const QString msg = parse_error(text.toStdString());
        QVERIFY2(msg.startsWith(want), qPrintable(msg + "\n  wanted: " + want));
    }

    void plan_puts_steps_on_one_timeline() {
        const Scenario s = Scenario::parse(kGuided, "g.json");
        const GuidedPlan plan = plan_guided_run(lab_test::lab("queueing"), s);
        QCOMPARE(plan.spans.size(), std::size_t{3});
        QCOMPARE(to_s(plan.spans[1].start), 3.0);
        QCOMPARE(to_s(plan.spans[2].end), 8.0);
        QCOMPARE(to_s(plan.request.duration), 8.0);
        QCOMPARE(plan.request.seed, std::uint64_t{3});
        QCOMPARE(plan.request.time_mode, TimeMode::Virtual);
        // Step 1's knobs join the start; later steps' are live changes at the step's start.
        QCOMPARE(plan.request.settings.get_double("service_ms"), 2.0);
        QCOMPARE(plan.request.settings.get_double("arrival_rps"), 1000.0);
        QCOMPARE(plan.request.knob_changes.size(), std::size_t{1});
        QCOMPARE(plan.request.knob_changes[0].knob, std::string("arrival_rps"));
        QCOMPARE(to_s(plan.request.knob_changes[0].at), 3.0);
        QCOMPARE(plan.request.faults.size(), std::size_t{2});
        QCOMPARE(plan.request.faults[0].to_string(), std::string("4s:kill:worker-2"));
        QCOMPARE(plan.request.faults[1].to_string(), std::string("5.5s:restart:worker-2"));
        QCOMPARE(plan.step_at(from_ms(2999)), std::size_t{0});
        QCOMPARE(plan.step_at(from_ms(3000)), std::size_t{1});
        QCOMPARE(plan.step_at(from_ms(99000)), std::size_t{2});
    }

    void plan_refuses_what_the_lab_cannot_do() {
        // workers is not a live knob: a later step cannot change it; the position names the value.
        const std::string text = R"({"lab": "queueing", "title": "T", "steps": [
  {"title": "a", "duration": "1s"},
  {"title": "b", "duration": "1s", "set": {"workers": 8}}]})";
        const Scenario s = Scenario::parse(text, "p.json");
        QCOMPARE(input_error([&] { plan_guided_run(lab_test::lab("queueing"), s); }),
                 QString("p.json:3:55: step 2: knob 'workers' cannot change while a run goes (not a live knob); set it in 'settings' or in step 1"));
        const Scenario bad = Scenario::parse(R"({"lab": "queueing", "title": "T", "steps": [{"title": "a", "duration": "1s", "set": {"workers": 0}}]})", "v.json");
        const QString refused = input_error([&] { plan_guided_run(lab_test::lab("queueing"), bad); });
        QVERIFY2(refused.startsWith("v.json:1:97: knob 'workers'"), qPrintable(refused));
        QVERIFY(input_error([&] { plan_guided_run(lab_test::lab("caching"), s); }).contains("cannot run on lab 'caching'"));
    }

    void figures_fold_the_rows_of_the_step() {
        // Rows at t cover (t - 0.25, t]: the step [1 s, 2 s) holds the rows at 1.25 .. 2.0.
        const SeriesSnapshot s = table({{1.0, 100}, {1.25, 1}, {1.5, NAN}, {1.75, 5}, {2.0, 3}, {2.25, 100}});
        const StepSpan span{from_ms(1000), from_ms(2000)};
        Figure f;
        f.series = "x";
        QCOMPARE(measure_figure(f, span, s, {}).value(), 3.0);  // mean of 1, 5, 3 (the blank skipped)
        f.aggregate = Aggregate::Max;
        QCOMPARE(measure_figure(f, span, s, {}).value(), 5.0);
        f.aggregate = Aggregate::Min;
        QCOMPARE(measure_figure(f, span, s, {}).value(), 1.0);
        f.aggregate = Aggregate::Last;
        f.scale = 10;
        QCOMPARE(measure_figure(f, span, s, {}).value(), 30.0);
        f.scale = 1;
        f.aggregate = Aggregate::Mean;
        f.from = from_ms(500);  // only (1.5, 2.0]
        QCOMPARE(measure_figure(f, span, s, {}).value(), 4.0);
        f.to = from_ms(750);    // only (1.5, 1.75]
        QCOMPARE(measure_figure(f, span, s, {}).value(), 5.0);
        f.from = Nanos{0};
        f.to = from_ms(500);    // (1.0, 1.5]: 1 and a blank
        QCOMPARE(measure_figure(f, span, s, {}).value(), 1.0);
        const SeriesSnapshot blank = table({{1.5, NAN}});
        QVERIFY(!measure_figure(f, span, blank, {}));
        f.series = "missing";
        QVERIFY(!measure_figure(f, span, s, {}));
        Figure sum;
        sum.summary = "/latency_ms/p99";
        sum.scale = 2;
        QCOMPARE(measure_figure(sum, span, s, {{"latency_ms", {{"p99", 4.5}}}}).value(), 9.0);
        QVERIFY(!measure_figure(sum, span, s, {{"latency_ms", {{"p99", nullptr}}}}));
        QVERIFY(!measure_figure(sum, span, s, nlohmann::json::object()));
    }

    void guesses_are_read_and_judged() {
        const Scenario s = Scenario::parse(kGuided, "g.json");
        const Prediction& number = *s.steps[0].question;
        const Prediction& choice = *s.steps[1].question;
        QCOMPARE(parse_guess(number, "12.5").number, 12.5);
        QVERIFY(input_error([&] { parse_guess(number, "60"); }).contains("out of the question's range 0 to 50 ms"));
        QVERIFY(input_error([&] { parse_guess(number, "fast"); }).contains("a number in ms"));
        QCOMPARE(parse_guess(choice, "2").choice, std::size_t{1});
        QCOMPARE(parse_guess(choice, "LOW").choice, std::size_t{0});
        QVERIFY(input_error([&] { parse_guess(choice, "3"); }).contains("a choice 1 to 2 or its label"));

        Answer a = answer_question(number, 10.0, Guess{12.0, 0});
        QCOMPARE(a.measured_text, std::string("10.0 ms"));
        QCOMPARE(a.guess_text, std::string("12.0 ms"));
        QCOMPARE(a.verdict, std::string("close"));  // within 25%
        a = answer_question(number, 10.0, Guess{20.0, 0});
        QCOMPARE(a.verdict, std::string("off by +100%"));
        a = answer_question(number, std::nullopt, Guess{20.0, 0});
        QVERIFY(a.measured_text.starts_with("no data"));
        QVERIFY(a.verdict.empty());
        a = answer_question(choice, 7000.0, Guess{0, 0});
        QCOMPARE(a.choice.value(), std::size_t{1});
        QCOMPARE(a.measured_text, std::string("choice 2: high (7000)"));
        QCOMPARE(a.verdict, std::string("wrong"));
        a = answer_question(choice, 70.0, Guess{0, 0});
        QCOMPARE(a.verdict, std::string("right"));
        QVERIFY(!answer_question(choice, 1.0, std::nullopt).guess);
    }

    void a_ratio_with_percent_choices_is_measured_in_percent() {
        // As caching-guided-capacity.json asks it: the hit ratio (0..1), choices written in %.
        const Scenario s = Scenario::parse(R"({"lab": "caching", "title": "t", "steps": [{"title": "a", "duration": "2s",
            "question": {"ask": "?", "why": "w", "figure": {"series": "hit_ratio"},
                         "choices": [{"label": "under 60%", "max": 0.6}, {"label": "60% to 80%", "min": 0.6, "max": 0.8},
                                     {"label": "80% or more", "min": 0.8}]}}]})", "p.json");
        const Prediction& q = *s.steps[0].question;
        QCOMPARE(format_measured(q, 0.665), std::string("66.5%"));
        QCOMPARE(answer_question(q, 0.665, Guess{0, 1}).measured_text, std::string("choice 2: 60% to 80% (66.5%)"));
        QCOMPARE(answer_question(q, 0.0512, std::nullopt).measured_text, std::string("choice 1: under 60% (5.12%)"));
        // Labels without a percentage, or a figure that is no ratio, keep the figure as it is.
        const Scenario words = Scenario::parse(R"({"lab": "caching", "title": "t", "steps": [{"title": "a", "duration": "2s",
            "question": {"ask": "?", "why": "w", "figure": {"series": "hit_ratio"},
                         "choices": [{"label": "low", "max": 0.5}, {"label": "high", "min": 0.5}]}}]})", "w.json");
        QCOMPARE(format_measured(*words.steps[0].question, 0.665), std::string("0.665"));
        const Scenario guided = Scenario::parse(kGuided, "g.json");  // held: the question lives in it
        QCOMPARE(format_measured(*guided.steps[1].question, 7000.0), std::string("7000"));
    }

    void played_headless_with_predictions_answered() {
        const Scenario s = Scenario::parse(kGuided, "g.json");
        const GuidedPlan plan = plan_guided_run(lab_test::lab("queueing"), s);
        const lab_test::Finished run = lab_test::run(plan.request);
        for (const ScenarioStep& st : s.steps) check_figure_columns(*st.question, run.series.columns);
        const std::map<std::size_t, Guess> guesses = {{0, Guess{2.0, 0}}, {1, Guess{0, 1}}, {2, Guess{100.0, 0}}};
        const auto answers = answer_steps(s, plan, run.series, run.summary, guesses);
        QCOMPARE(answers.size(), std::size_t{3});
        // Step 1: 4 workers at 1000 req/s and 2 ms: theory's M/M/4 mean is 2.2 ms plus the path.
        QVERIFY(answers[0]->measured);
        QVERIFY2(*answers[0]->measured > 2.0 && *answers[0]->measured < 4.0, answers[0]->measured_text.c_str());
        QCOMPARE(answers[0]->guess_text, std::string("2.00 ms"));
        // Step 2: three workers at 1800 req/s are past saturation: the worst interval's mean is
        // far above step 1's.
        QVERIFY(answers[1]->measured && answers[1]->choice);
        QVERIFY2(*answers[1]->measured / 1000 > 10 * *answers[0]->measured, answers[1]->measured_text.c_str());
        // Step 3 reads summary.json: every request of the run.
        QCOMPARE(*answers[2]->measured, run.summary.at("requests").get<double>());
        QVERIFY(answers[2]->verdict.starts_with("off by"));
        // The same plan twice: the same answers (virtual time).
        const lab_test::Finished again = lab_test::run(plan.request);
        const auto answers2 = answer_steps(s, plan, again.series, again.summary, guesses);
        for (std::size_t i = 0; i < answers.size(); ++i) QCOMPARE(answers2[i]->measured_text, answers[i]->measured_text);
        QCOMPARE(again.fingerprint, run.fingerprint);
        // A question about a column the lab lacks is named at its position.
        Prediction q = *s.steps[0].question;
        q.figure.series = "latency_mean";
        const QString no_column = input_error([&] { check_figure_columns(q, run.series.columns); });
        QVERIFY2(no_column.startsWith("g.json:10:18: question: this lab's series has no column 'latency_mean'") &&
                     no_column.contains("latency_mean_ms, latency_p50_ms"),
                 qPrintable(no_column));
    }

    void shipped_guided_scenarios_play_and_answer_data() {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios"));
        int guided = 0;
        std::map<std::string, int> per_lab;
        for (const QString& f : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
            const Scenario s = Scenario::load_file(dir.filePath(f).toStdString());
            if (!s.guided()) continue;
            ++guided;
            ++per_lab[s.lab];
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
        }
        // At least three guided scenarios for every lab.
        for (const char* lab : {"queueing", "caching", "load-balancing", "sessions", "replication", "partitioning"}) {
            if (per_lab[lab] < 3) qFatal("lab %s ships %d guided scenarios, fewer than 3", lab, per_lab[lab]);
        }
    }
    void shipped_guided_scenarios_play_and_answer() {
        QFETCH(QString, file);
        const Scenario s = Scenario::load_file(file.toStdString());
        const GuidedPlan plan = plan_guided_run(lab_test::lab(s.lab), s);
        const lab_test::Finished run = lab_test::run(plan.request);
        int questions = 0;
        for (const ScenarioStep& st : s.steps) {
            if (st.question) check_figure_columns(*st.question, run.series.columns);
        }
        const auto answers = answer_steps(s, plan, run.series, run.summary);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            if (!answers[i]) continue;
            ++questions;
            const Prediction& q = *s.steps[i].question;
            // Every question is answered by a measurement, inside the range the room may guess
            // from, or (a choice) by one of its choices.
            QVERIFY2(answers[i]->measured, qPrintable(QString("step %1: %2").arg(i + 1).arg(answers[i]->measured_text.c_str())));
            if (q.is_choice()) {
                QVERIFY2(answers[i]->choice, qPrintable(QString("step %1: %2").arg(i + 1).arg(answers[i]->measured_text.c_str())));
            } else {
                QVERIFY2(*answers[i]->measured >= q.guess_min && *answers[i]->measured <= q.guess_max,
                         qPrintable(QString("step %1: %2 outside the guess range").arg(i + 1).arg(answers[i]->measured_text.c_str())));
            }
            QVERIFY(!q.why.empty());
        }
        QVERIFY2(questions >= 2, "a guided scenario asks at least two questions");
    }
};

QTEST_GUILESS_MAIN(TestGuidedScenario)
#include "test_guided_scenario.moc"
