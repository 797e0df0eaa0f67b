#include "views/run_history_panel.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/bundle/run_bundle.h"
#include "core/lab/run_mark.h"
#include "core/store/run_store.h"
#include "views/bundle_job.h"
#include "views/compare_chart.h"

namespace archlab {

namespace {
enum Column { kId, kLab, kStarted, kSeed, kTime, kStatus, kLength, kThroughput, kP99, kColumns };
constexpr std::size_t kMaxCachedRuns = 16;
constexpr std::size_t kMaxCompared = 4;
const QString kNone = QStringLiteral("—");

QString number_at(const nlohmann::json& j, std::initializer_list<const char*> path, int decimals) {
    const nlohmann::json* at = &j;
    for (const char* key : path) {
        if (!at->is_object() || !at->contains(key)) return kNone;
        at = &(*at)[key];
    }
    return at->is_number() ? QString::number(at->get<double>(), 'f', decimals) : kNone;
}

QString local_time(const std::string& iso) {
    QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
    if (!t.isValid()) return QString::fromStdString(iso);
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
}  // namespace

RunHistoryPanel::RunHistoryPanel(RunStore* store, const LabRegistry* labs, QWidget* parent)
    : QWidget(parent), store_(store), labs_(labs) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    // The sentence beside two rows of buttons: one row of six would set the window's minimum
    // width past a laptop's screen, whichever page is shown.
    auto* bar = new QHBoxLayout();
    auto* buttons = new QGridLayout();
    buttons->setSpacing(4);
    auto* title = new QLabel(tr("<b>Runs</b> — select two to overlay them below; double-click one to open it on the live page"), this);
    title->setWordWrap(true);  // the window may be narrower than the sentence
    bar->addWidget(title, 1);
    open_ = new QPushButton(tr("Open in Live page"), this);
    open_->setObjectName(QStringLiteral("openRun"));
    open_->setToolTip(tr("Show the selected run on the live page: its charts and topology, a slider to scrub "
                         "through it and, for a virtual-time run, Re-run to here (or double-click a run)"));
    open_->setEnabled(false);
    connect(open_, &QPushButton::clicked, this, [this] {
        const auto items = list_->selectedItems();
        if (items.size() == 1) emit runOpened(items.front()->data(kId, Qt::UserRole).toLongLong());
    });
    buttons->addWidget(open_, 0, 0);
    export_ = new QPushButton(tr("Export bundle…"), this);
    export_->setObjectName(QStringLiteral("exportBundle"));
    export_->setToolTip(tr("Write the selected run (or two runs, as an A/B pair) as one file: settings, series, event log, "
                           "charts, an animated GIF and an HTML report, to open on another machine"));
    connect(export_, &QPushButton::clicked, this, [this] { askExport(false); });
    buttons->addWidget(export_, 0, 1);
    report_ = new QPushButton(tr("Export report…"), this);
    report_->setObjectName(QStringLiteral("exportReport"));
    report_->setToolTip(tr("Write the selected run's (or A/B pair's) report as one HTML page that opens in any browser, offline"));
    connect(report_, &QPushButton::clicked, this, [this] { askExport(true); });
    buttons->addWidget(report_, 0, 2);
    import_ = new QPushButton(tr("Import bundle…"), this);
    import_->setObjectName(QStringLiteral("importBundle"));
    import_->setToolTip(tr("Add the runs of a bundle file to this history: open, compare and, for a virtual-time run, "
                           "re-run them with the fingerprint checked"));
    connect(import_, &QPushButton::clicked, this, &RunHistoryPanel::askImport);
    buttons->addWidget(import_, 1, 0);
    again_ = new QPushButton(tr("Run again with these settings"), this);
    again_->setObjectName(QStringLiteral("runAgain"));
    again_->setToolTip(tr("Load the selected run's lab, knobs, seed and time mode into the live page, ready to Start"));
    again_->setEnabled(false);
    connect(again_, &QPushButton::clicked, this, [this] {
        const auto items = list_->selectedItems();
        if (items.size() == 1) emit settingsRequested(items.front()->data(kId, Qt::UserRole).toLongLong());
    });
    buttons->addWidget(again_, 1, 1);
    auto* refresh_button = new QPushButton(tr("Refresh"), this);
    refresh_button->setToolTip(tr("Read the run store again"));
    connect(refresh_button, &QPushButton::clicked, this, &RunHistoryPanel::refresh);
    buttons->addWidget(refresh_button, 1, 2);
    bar->addLayout(buttons);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    list_ = new QTreeWidget(split);
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);
    list_->setAlternatingRowColors(true);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setHeaderLabels({tr("Run"), tr("Lab"), tr("Started"), tr("Seed"), tr("Time"), tr("Status"), tr("Length (s)"),
                            tr("Throughput (req/s)"), tr("p99 (ms)")});
    list_->headerItem()->setToolTip(kTime, tr("Live or virtual time: virtual runs can be re-run exactly"));
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list_->header()->setStretchLastSection(true);
    connect(list_, &QTreeWidget::itemSelectionChanged, this, &RunHistoryPanel::onSelectionChanged);
    connect(list_, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem* item) { emit runOpened(item->data(kId, Qt::UserRole).toLongLong()); });
    compare_ = new CompareChart(split);
    split->addWidget(list_);
    split->addWidget(compare_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    empty_ = new QLabel(tr("No run history: the run store could not be opened."), this);
    empty_->setStyleSheet(QStringLiteral("color: #a33;"));
    empty_->setVisible(store_ == nullptr);
    layout->addWidget(empty_);
    refresh();
}

RunHistoryPanel::~RunHistoryPanel() = default;

std::vector<std::int64_t> RunHistoryPanel::selectedRuns() const {
    std::vector<std::int64_t> ids;
    for (QTreeWidgetItem* item : list_->selectedItems()) ids.push_back(item->data(kId, Qt::UserRole).toLongLong());
    std::sort(ids.begin(), ids.end(), std::greater<>());
    return ids;
}

void RunHistoryPanel::askExport(bool report_only) {
    std::vector<std::int64_t> ids = selectedRuns();
    std::reverse(ids.begin(), ids.end());   // A is the older run
    if (ids.empty() || ids.size() > 2) return;
    QString name = ids.size() == 1 ? QStringLiteral("run-%1").arg(ids[0]) : QStringLiteral("runs-%1-%2").arg(ids[0]).arg(ids[1]);
    const QString path = report_only
                             ? QFileDialog::getSaveFileName(this, tr("Export report"), QDir::home().filePath(name + ".html"),
                                                            tr("HTML report (*.html)"))
                             : QFileDialog::getSaveFileName(this, tr("Export bundle"),
                                                            QDir::home().filePath(name + QString::fromLatin1(kBundleExtension)),
                                                            tr("ArchLab bundle (*.archlab)"));
    if (!path.isEmpty()) exportBundle(ids, path, report_only);
}

void RunHistoryPanel::askImport() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import bundle"), QDir::homePath(),
                                                      tr("ArchLab bundle (*.archlab);;All files (*)"));
    if (!path.isEmpty()) importBundle(path);
}

bool RunHistoryPanel::exportBundle(const std::vector<std::int64_t>& ids, const QString& path, bool report_only) {
    if (!store_ || !labs_ || job_ || ids.empty() || ids.size() > 2) return false;
    watch(BundleJob::exportRuns(*store_, *labs_, ids, path, report_only, this), report_only ? tr("Export report") : tr("Export bundle"));
    return true;
}

bool RunHistoryPanel::importBundle(const QString& path) {
    if (!store_ || job_) return false;
    watch(BundleJob::importBundle(*store_, path, this), tr("Import bundle"));
    return true;
}

void RunHistoryPanel::watch(BundleJob* job, const QString& title) {
    job_ = job;
    progress_ = new QProgressDialog(title, tr("Cancel"), 0, 100, this);
    progress_->setWindowTitle(title);
    progress_->setMinimumDuration(300);   // quick jobs never flash a dialog
    progress_->setAutoClose(false);
    progress_->setAutoReset(false);
    connect(progress_, &QProgressDialog::canceled, job, &BundleJob::cancel);
    connect(job, &BundleJob::progress, progress_, [this](int percent, const QString& what) {
        progress_->setValue(std::min(percent, 99));
        if (!what.isEmpty()) progress_->setLabelText(what);
    });
    connect(job, &BundleJob::finished, this, [this, title](bool ok, const QString& message, const QList<qint64>& imported) {
        progress_->deleteLater();
        progress_ = nullptr;
        job_->deleteLater();
        job_ = nullptr;
        if (!imported.isEmpty()) {
            refresh();
            selectRuns(std::vector<std::int64_t>(imported.begin(), imported.end()));
        }
        if (!ok && isVisible()) QMessageBox::warning(this, title, message);
        emit bundleDone(ok, message);
    });
    onSelectionChanged();
}

void RunHistoryPanel::refresh() {
    if (!store_) return;
    std::vector<std::int64_t> keep;
    for (QTreeWidgetItem* item : list_->selectedItems()) keep.push_back(item->data(kId, Qt::UserRole).toLongLong());
    std::vector<RunRecord> runs;
    try {
        runs = store_->list_runs(200);
    } catch (const std::exception& e) {
        empty_->setText(tr("Could not read the run store: %1").arg(QString::fromStdString(e.what())));
        empty_->setVisible(true);
        return;
    }
    {
        const QSignalBlocker block(list_);
        list_->clear();
        for (const RunRecord& r : runs) {
            auto* item = new QTreeWidgetItem(list_);
            item->setText(kId, QStringLiteral("#%1").arg(r.id));
            item->setData(kId, Qt::UserRole, QVariant::fromValue<qlonglong>(r.id));
            item->setText(kLab, QString::fromStdString(r.lab));
            item->setText(kStarted, local_time(r.started_at));
            item->setText(kSeed, QString::number(r.seed));
            item->setText(kTime, r.summary.is_object() ? QString::fromStdString(r.summary.value("time_mode", "live")) : kNone);
            item->setText(kStatus, QString::fromStdString(r.status));
            item->setText(kLength, r.duration_s > 0 ? QString::number(r.duration_s, 'f', 1) : kNone);
            item->setText(kThroughput, number_at(r.summary, {"throughput_rps"}, 0));
            item->setText(kP99, number_at(r.summary, {"latency_ms", "p99"}, 2));
            item->setToolTip(kLab, QString::fromStdString(r.settings.dump(1)));
            if (!r.origin.empty()) {   // imported from a bundle: say so where the run number is
                item->setText(kId, QStringLiteral("#%1 ⇩").arg(r.id));
                item->setToolTip(kId, tr("Imported from %1").arg(QString::fromStdString(r.origin)));
            }
            for (int c : {kId, kSeed, kLength, kThroughput, kP99}) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
            if (std::find(keep.begin(), keep.end(), r.id) != keep.end()) item->setSelected(true);
        }
    }
    onSelectionChanged();
}

int RunHistoryPanel::runCount() const { return list_->topLevelItemCount(); }

QString RunHistoryPanel::runStatus(std::int64_t id) const {
    for (int i = 0; i < list_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = list_->topLevelItem(i);
        if (item->data(kId, Qt::UserRole).toLongLong() == id) return item->text(kStatus);
    }
    return {};
}

void RunHistoryPanel::selectRuns(const std::vector<std::int64_t>& ids) {
    {
        const QSignalBlocker block(list_);
        list_->clearSelection();
        for (int i = 0; i < list_->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = list_->topLevelItem(i);
            const std::int64_t id = item->data(kId, Qt::UserRole).toLongLong();
            if (std::find(ids.begin(), ids.end(), id) != ids.end()) item->setSelected(true);
        }
    }
    onSelectionChanged();
}

void RunHistoryPanel::selectNewest(int n) {
    std::vector<std::int64_t> ids;  // the list is newest first
    for (int i = 0; i < std::min(n, list_->topLevelItemCount()); ++i) {
        ids.push_back(list_->topLevelItem(i)->data(kId, Qt::UserRole).toLongLong());
    }
    selectRuns(ids);
}

const SeriesSnapshot& RunHistoryPanel::seriesOf(std::int64_t id, bool finished) {
    auto it = cache_.find(id);
    if (it != cache_.end() && finished) return it->second;
    if (cache_.size() >= kMaxCachedRuns) cache_.erase(cache_.begin());  // the oldest run ids go first
    // A run still recording is read again every time; a finished one is kept.
    return cache_[id] = store_->load_series(id);
}

void RunHistoryPanel::onSelectionChanged() {
    const auto selected = list_->selectedItems().size();
    open_->setEnabled(selected == 1);
    const bool can_export = store_ && labs_ && !job_ && (selected == 1 || selected == 2);
    export_->setEnabled(can_export);
    report_->setEnabled(can_export);
    import_->setEnabled(store_ && !job_);
    again_->setEnabled(selected == 1);
    std::vector<CompareRun> runs;
    for (QTreeWidgetItem* item : list_->selectedItems()) {
        if (runs.size() >= kMaxCompared) break;
        const std::int64_t id = item->data(kId, Qt::UserRole).toLongLong();
        try {
            const SeriesSnapshot& s = seriesOf(id, item->text(kStatus) != QStringLiteral("running"));
            const std::optional<RunRecord> rec = store_->load_run(id);
            CompareRun run{id, item->text(kLab).toStdString(), item->text(kSeed).toULongLong(), {}, s, {}};
            if (rec) {
                run.settings = rec->settings;
                run.marks = marks_from_summary(rec->summary);
            }
            runs.push_back(std::move(run));
        } catch (const std::exception& e) {
            empty_->setText(tr("Could not load run #%1: %2").arg(id).arg(QString::fromStdString(e.what())));
            empty_->setVisible(true);
        }
    }
    compare_->setRuns(std::move(runs));
}

}  // namespace archlab
