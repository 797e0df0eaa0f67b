#include "views/mark_labels.h"

#include <algorithm>
#include <numeric>

#include <QStringList>

namespace archlab {

namespace {
constexpr double kLabelGap_px = 4.0;   ///< free space after a label before the next in its row
constexpr double kLineGap_px = 2.0;    ///< a label starts this far right of its line

/// The words of a label for these marks, cut short to max_px: with several marks and too little
/// room it says how many first ("3 faults: kill worker-1, wor…").
QString label_text(const std::vector<MarkLabelInput>& marks, const std::vector<std::size_t>& members, double max_px,
                   const std::function<double(const QString&)>& width, QString* full) {
    std::vector<QString> texts;
    bool all_knobs = true, all_faults = true;
    for (std::size_t i : members) {
        texts.push_back(marks[i].text);
        all_knobs = all_knobs && marks[i].knob;
        all_faults = all_faults && !marks[i].knob;
    }
    *full = merged_mark_text(texts);
    if (width(*full) <= max_px) return *full;
    QString text = *full;
    if (members.size() > 1) {
        const QString what = all_faults ? QStringLiteral("faults") : all_knobs ? QStringLiteral("knob changes") : QStringLiteral("marks");
        text = QStringLiteral("%1 %2: %3").arg(members.size()).arg(what, *full);
    }
    const QString ellipsis = QStringLiteral("…");
    while (text.size() > 1 && width(text + ellipsis) > max_px) text.chop(1);
    return text.trimmed() + ellipsis;
}
}  // namespace

QString merged_mark_text(const std::vector<QString>& texts) {
    if (texts.empty()) return {};
    if (texts.size() == 1) return texts.front();
    // The longest run of leading words every text shares and every text goes on after.
    std::vector<QStringList> words;
    for (const QString& t : texts) words.push_back(t.split(QLatin1Char(' ')));
    std::size_t common = 0;
    for (;; ++common) {
        bool same = true;
        for (const QStringList& w : words) {
            same = same && static_cast<std::size_t>(w.size()) > common + 1 && w[static_cast<int>(common)] == words.front()[static_cast<int>(common)];
        }
        if (!same) break;
    }
    if (common == 0) {
        QStringList all(texts.begin(), texts.end());
        return all.join(QStringLiteral("; "));
    }
    QStringList rests;
    for (const QStringList& w : words) rests << w.mid(static_cast<int>(common)).join(QLatin1Char(' '));
    return words.front().mid(0, static_cast<int>(common)).join(QLatin1Char(' ')) + QLatin1Char(' ') + rests.join(QStringLiteral(", "));
}

std::vector<MarkLabel> place_mark_labels(const std::vector<MarkLabelInput>& marks, const MarkLabelArea& area,
                                         const std::function<double(const QString&)>& text_width_px) {
    std::vector<MarkLabel> out;
    const double plot_w = area.right_px - area.left_px;
    if (marks.empty() || plot_w <= 0.0) return out;
    const int rows = std::max(1, area.rows);
    const double max_w = area.max_width_px > 0.0 ? std::min(area.max_width_px, plot_w - 1.0) : plot_w - 1.0;

    std::vector<std::size_t> order(marks.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return marks[a].x_px < marks[b].x_px; });

    // Marks at one place in one colour: one group each.
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i : order) {
        if (!groups.empty()) {
            const MarkLabelInput& first = marks[groups.back().front()];
            if (marks[i].x_px - first.x_px < kSamePlace_px && marks[i].colour == first.colour) {
                groups.back().push_back(i);
                continue;
            }
        }
        groups.push_back({i});
    }

    std::vector<double> row_end(static_cast<std::size_t>(rows), -1e300);  ///< right edge of each row's last label, px
    for (std::vector<std::size_t>& members : groups) {
        MarkLabel label;
        label.marks = members;
        label.text = label_text(marks, members, max_w, text_width_px, &label.full_text);
        label.width_px = text_width_px(label.text);
        const double x = marks[members.front()].x_px;
        label.left_px = std::max(area.left_px, std::min(x + kLineGap_px, area.right_px - label.width_px - 1.0));
        int row = 0;
        while (row < rows && row_end[static_cast<std::size_t>(row)] > label.left_px) ++row;
        if (row < rows || out.empty()) {
            label.row = std::min(row, rows - 1);
            row_end[static_cast<std::size_t>(label.row)] = label.left_px + label.width_px + kLabelGap_px;
            out.push_back(std::move(label));
            continue;
        }
        // No free row: these marks join the label placed last (the rightmost start, nothing after
        // it in its row), which grows to the plot's right edge at most.
        MarkLabel& prev = out.back();
        prev.marks.insert(prev.marks.end(), members.begin(), members.end());
        const double room = std::min(max_w, area.right_px - prev.left_px - 1.0);
        prev.text = label_text(marks, prev.marks, room, text_width_px, &prev.full_text);
        prev.width_px = text_width_px(prev.text);
        row_end[static_cast<std::size_t>(prev.row)] = prev.left_px + prev.width_px + kLabelGap_px;
    }
    return out;
}

}  // namespace archlab
