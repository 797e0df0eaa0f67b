// The History page's bundle buttons and the pictures a bundle carries: Export bundle writes a
// file whose chart PNGs, animated GIF and SVG charts really draw lines in the series' colours;
// Export report writes the HTML page; Import bundle adds the runs to another history and
// selects them; a foreign file gets a clear message. Runs offscreen.
#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/bundle/bundle_io.h"
#include "core/bundle/zip_archive.h"
#include "core/lab/run_controller.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "views/run_history_panel.h"

using namespace archlab;

namespace {
/// Pixels within a small distance of `colour`.
int pixels_like(const QImage& image, QColor colour) {
    int n = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        for (int x = 0; x < rgb.width(); ++x) {
            const QColor c = rgb.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) + std::abs(c.blue() - colour.blue()) < 40) ++n;
        }
    }
    return n;
}

QImage image_of(const std::string& bytes, const char* format) {
    QByteArray data = QByteArray::fromStdString(bytes);
    QBuffer buffer(&data);
    QImageReader reader(&buffer, format);
    return reader.read();
}
}  // namespace

class TestViewBundle : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    LabRegistry labs_;
    std::unique_ptr<RunStore> store_;
    std::int64_t run_ = 0;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        register_all_labs(labs_);
        store_ = std::make_unique<RunStore>((dir_.path() + "/here.sqlite3").toStdString());
        RunRequest req;
        req.lab = labs_.find("queueing");
        req.settings = req.lab->default_settings();
        req.seed = 3;
        req.duration = from_ms(3000);
        req.time_mode = TimeMode::Virtual;
        req.faults.push_back(FaultEvent::parse("1s:kill:worker-1"));
        RunController run(req, store_.get());
        run.start();
        run.wait();
        run_ = run.run_id();
        QVERIFY(run_ > 0);
    }

    void export_bundle_from_the_history_page() {
        RunHistoryPanel panel(store_.get(), &labs_);
        panel.selectRuns({run_});
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("exportBundle"))->isEnabled());
        QSignalSpy done(&panel, &RunHistoryPanel::bundleDone);
        const QString path = dir_.path() + "/run.archlab";
        QVERIFY(panel.exportBundle({run_}, path));
        QVERIFY(!panel.exportBundle({run_}, path));   // one job at a time
        QVERIFY(done.wait(120000));
        QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));

        const ZipReader zip(read_file_bytes(path.toStdString()), "run.archlab");
        // The GIF: many frames, the topology's green "up" nodes and the latency line drawn.
        const std::optional<std::string> gif = zip.read("run-1/animation.gif");
        QVERIFY(gif && gif->starts_with("GIF89a"));
        QByteArray gif_bytes = QByteArray::fromStdString(*gif);
        QBuffer gif_buffer(&gif_bytes);
        QImageReader frames(&gif_buffer, "gif");
        QVERIFY(frames.imageCount() >= 30);
        QImage last;
        while (frames.canRead()) last = frames.read();
        QVERIFY(!last.isNull());
        QVERIFY(pixels_like(last, QColor(0x3a, 0x9a, 0x4a)) > 200);   // nodes up
        QVERIFY(pixels_like(last, QColor(0x1f, 0x77, 0xb4)) > 100);   // the first series' line
        QVERIFY(pixels_like(last, QColor(0xb0, 0x2a, 0x1a)) > 20);    // the fault marker
        // A chart PNG and the same chart's SVG draw the line in its colour.
        const QImage png = image_of(*zip.read("run-1/charts/latency.png"), "png");
        QVERIFY(!png.isNull());
        QVERIFY(pixels_like(png, QColor(0x1f, 0x77, 0xb4)) > 100);
        const QImage svg = image_of(*zip.read("run-1/charts/latency.svg"), "svg");
        QVERIFY2(!svg.isNull(), "the SVG chart does not load");
        QVERIFY(pixels_like(svg, QColor(0x1f, 0x77, 0xb4)) > 100);
        QVERIFY(pixels_like(svg, QColor(0xb0, 0x2a, 0x1a)) > 20);
    }

    void export_report_writes_the_page() {
        RunHistoryPanel panel(store_.get(), &labs_);
        QSignalSpy done(&panel, &RunHistoryPanel::bundleDone);
        const QString path = dir_.path() + "/run.html";
        QVERIFY(panel.exportBundle({run_}, path, true));
        QVERIFY(done.wait(60000));
        QVERIFY(done.front().at(0).toBool());
        QFile html(path);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.startsWith("<!DOCTYPE html>"));
        QVERIFY(page.contains("kill worker-1"));
    }

    void import_bundle_into_another_history() {
        RunStore there((dir_.path() + "/there.sqlite3").toStdString());
        RunHistoryPanel panel(&there, &labs_);
        QCOMPARE(panel.runCount(), 0);
        QSignalSpy done(&panel, &RunHistoryPanel::bundleDone);
        QVERIFY(panel.importBundle(dir_.path() + "/run.archlab"));
        QVERIFY(done.wait(60000));
        QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));
        QCOMPARE(panel.runCount(), 1);
        QCOMPARE(panel.selectedRuns().size(), std::size_t{1});
        const RunRecord imported = *there.load_run(panel.selectedRuns().front());
        QCOMPARE(imported.origin, std::string("run.archlab"));
        QVERIFY(imported.summary == store_->load_run(run_)->summary);
    }

    void a_foreign_file_gets_a_clear_message() {
        QFile junk(dir_.path() + "/junk.archlab");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("PK but not really");
        junk.close();
        RunStore there((dir_.path() + "/junk.sqlite3").toStdString());
        RunHistoryPanel panel(&there, &labs_);
        QSignalSpy done(&panel, &RunHistoryPanel::bundleDone);
        QVERIFY(panel.importBundle(junk.fileName()));
        QVERIFY(done.wait(60000));
        QVERIFY(!done.front().at(0).toBool());
        QVERIFY2(done.front().at(1).toString().startsWith(junk.fileName() + ": not an ArchLab bundle ("),
                 qPrintable(done.front().at(1).toString()));
        QCOMPARE(panel.runCount(), 0);
    }
};

QTEST_MAIN(TestViewBundle)
#include "test_view_bundle.moc"
