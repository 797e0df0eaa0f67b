#include "app/desktop/stall_meter.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

#include <fmt/format.h>

namespace archlab {

StallMeter::StallMeter(QString report_path, QObject* parent) : QObject(parent), path_(std::move(report_path)) {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kIntervalMs);
    connect(&timer_, &QTimer::timeout, this, [this] { tick(); });
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this, [this] { write_report(); });
    clock_.start();
    timer_.start();
}

void StallMeter::tick() {
    const qint64 now = clock_.nsecsElapsed();
    if (last_ns_ >= 0) gaps_us_.push_back(static_cast<std::uint32_t>(std::min<qint64>((now - last_ns_) / 1000, UINT32_MAX)));
    last_ns_ = now;
}

void StallMeter::write_report() const {
    std::vector<std::uint32_t> sorted = gaps_us_;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) {
        return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))] / 1e3;
    };
    const auto over = std::count_if(sorted.begin(), sorted.end(), [](std::uint32_t g) { return g > 100000; });
    const std::string json = fmt::format(
        "{{\"ticks\": {}, \"interval_ms\": {}, \"median_gap_ms\": {:.2f}, \"p99_gap_ms\": {:.2f}, "
        "\"max_gap_ms\": {:.2f}, \"gaps_over_100ms\": {}}}\n",
        sorted.size(), kIntervalMs, at(0.5), at(0.99), at(1.0), over);
    QFile f(path_);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(json.data(), static_cast<qint64>(json.size()));
}

}  // namespace archlab
