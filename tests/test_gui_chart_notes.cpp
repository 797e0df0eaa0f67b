// What a live chart says beside its lines, offscreen:
//  - a latency chart whose lines break for a second or more and then resume names that
//    stretch under the chart ("No answers 2.0–4.0 s"): the hole is an outage, not a drawing
//    fault (it was said only while the outage lasted); a lone empty sample is not named;
//  - a chart that draws spikes off its scale names them, and its axis fits the other lines.
#include <QLabel>
#include <QtTest>

#include <cmath>

#include "core/lab/lab.h"
#include "core/metrics/series.h"
#include "views/live_chart.h"
#include "views/series_window.h"

using namespace archlab;

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();

/// 0 .. 6 s at 4 samples a second; `value(t)` per column (NaN: no value).
SeriesSnapshot rows(const std::vector<std::string>& columns, double (*value)(int column, double t)) {
    SeriesSnapshot s;
    s.columns = columns;
    for (int i = 1; i <= 24; ++i) {
        const double t = i * 0.25;
        std::vector<double> v;
        for (int c = 0; c < static_cast<int>(columns.size()); ++c) v.push_back(value(c, t));
        s.rows.push_back({t, v});
    }
    return s;
}
}  // namespace

class TestGuiChartNotes : public QObject {
    Q_OBJECT
private slots:
    void an_ended_outage_is_named() {
        ChartSpec spec;
        spec.id = "latency";
        spec.title = "Latency";
        spec.unit = "ms";
        spec.series = {"latency_p50_ms", "latency_p99_ms"};
        LiveChart chart(spec);
        chart.resize(600, 400);
        SeriesWindow window;
        // Nothing answered from 2.25 to 3.75 s; one empty sample at 5.0 s.
        window.loadAll(rows(spec.series, [](int c, double t) {
            if ((t > 2.0 && t < 4.0) || t == 5.0) return std::nan("");
            return c == 0 ? 2.0 : 9.0;
        }));
        chart.refresh(window);
        auto* gaps = chart.findChild<QLabel*>(QStringLiteral("pastGaps"));
        QVERIFY(gaps);
        QVERIFY2(gaps->text().contains(QStringLiteral("No answers 2.0–4.0 s")), qPrintable(gaps->text()));
        QVERIFY2(!gaps->text().contains(QStringLiteral("5.0")), qPrintable(gaps->text()));
    }

    void a_spike_is_named_and_the_axis_fits_the_rest() {
        ChartSpec spec;
        spec.id = "lag_ms";
        spec.title = "Replication lag";
        spec.unit = "ms";
        spec.series = {"lag_ms_primary", "lag_ms_replica_1"};
        spec.spikes_off_scale = true;
        LiveChart chart(spec);
        chart.resize(600, 400);
        chart.show();
        SeriesWindow window;
        window.loadAll(rows(spec.series, [](int c, double t) { return c == 0 && t == 3.0 ? 9451.0 : 190.0 + c; }));
        chart.refresh(window);
        auto* note = chart.findChild<QLabel*>(QStringLiteral("offScale"));
        QVERIFY(note);
        QVERIFY2(note->text().contains(QStringLiteral("9451 ms at 3.0 s")), qPrintable(note->text()));
    }
};

QTEST_MAIN(TestGuiChartNotes)
#include "test_gui_chart_notes.moc"
