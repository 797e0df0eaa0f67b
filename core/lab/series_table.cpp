#include "core/lab/series_table.h"

#include <stdexcept>
#include <utility>

#include "core/lab/lab.h"

namespace archlab {

SeriesTable& SeriesTable::chart(std::string id, std::string title, std::string unit, std::string note) {
    for (const ChartDecl& c : charts_) {
        if (c.id == id) throw std::logic_error("SeriesTable: chart '" + id + "' declared twice");
    }
    charts_.push_back({std::move(id), std::move(title), std::move(unit), std::move(note), {}, {}});
    return *this;
}

SeriesTable& SeriesTable::chart_note(const std::string& id, std::function<std::string()> note) {
    for (ChartDecl& c : charts_) {
        if (c.id == id) {
            c.note_now = std::move(note);
            return *this;
        }
    }
    throw std::logic_error("SeriesTable: no chart '" + id + "' for a note");
}

SeriesTable& SeriesTable::chart_levels(const std::string& id, std::vector<std::string> names) {
    for (ChartDecl& c : charts_) {
        if (c.id == id) {
            c.levels = std::move(names);
            return *this;
        }
    }
    throw std::logic_error("SeriesTable: no chart '" + id + "' for levels");
}

SeriesTable& SeriesTable::chart_spikes_off_scale(const std::string& id) {
    for (ChartDecl& c : charts_) {
        if (c.id == id) {
            c.spikes_off_scale = true;
            return *this;
        }
    }
    throw std::logic_error("SeriesTable: no chart '" + id + "' for spikes off scale");
}

SeriesColumn& SeriesTable::add(std::string name, std::string unit, std::string chart, SeriesKind kind) {
    for (const SeriesColumn& c : columns_) {
        if (c.name == name) throw std::logic_error("SeriesTable: column '" + name + "' declared twice");
    }
    if (!chart.empty()) {
        bool known = false;
        for (const ChartDecl& c : charts_) known = known || c.id == chart;
        if (!known) throw std::logic_error("SeriesTable: column '" + name + "' names undeclared chart '" + chart + "'");
    }
    SeriesColumn c;
    c.name = std::move(name);
    c.unit = std::move(unit);
    c.chart = std::move(chart);
    c.kind = kind;
    columns_.push_back(std::move(c));
    return columns_.back();
}

SeriesColumn& SeriesTable::last() {
    if (columns_.empty()) throw std::logic_error("SeriesTable: a modifier before any column");
    return columns_.back();
}

SeriesTable& SeriesTable::rate(std::string name, std::string unit, std::string chart,
                               std::vector<const Counter*> counters) {
    add(std::move(name), std::move(unit), std::move(chart), SeriesKind::Rate).num = std::move(counters);
    return *this;
}

SeriesTable& SeriesTable::ratio(std::string name, std::string chart, std::vector<const Counter*> num,
                                std::vector<const Counter*> den) {
    SeriesColumn& c = add(std::move(name), "share", std::move(chart), SeriesKind::Ratio);
    c.num = std::move(num);
    c.den = std::move(den);
    return *this;
}

SeriesTable& SeriesTable::percentile_ms(std::string name, std::string chart, const Histogram& h, double q) {
    SeriesColumn& c = add(std::move(name), "ms", std::move(chart), SeriesKind::Percentile);
    c.hist = &h;
    c.q = q;
    c.scale = 1e-6;
    return *this;
}

SeriesTable& SeriesTable::mean_ms(std::string name, std::string chart, const Histogram& h) {
    SeriesColumn& c = add(std::move(name), "ms", std::move(chart), SeriesKind::Mean);
    c.hist = &h;
    c.scale = 1e-6;
    return *this;
}

SeriesTable& SeriesTable::max_ms(std::string name, std::string chart, const Histogram& h) {
    SeriesColumn& c = add(std::move(name), "ms", std::move(chart), SeriesKind::Max);
    c.hist = &h;
    c.scale = 1e-6;
    return *this;
}

SeriesTable& SeriesTable::gauge(std::string name, std::string unit, std::string chart, const archlab::Gauge& g) {
    add(std::move(name), std::move(unit), std::move(chart), SeriesKind::Gauge).gauge = &g;
    return *this;
}

SeriesTable& SeriesTable::value(std::string name, std::string unit, std::string chart, std::function<double()> fn) {
    add(std::move(name), std::move(unit), std::move(chart), SeriesKind::Value).value = std::move(fn);
    return *this;
}

SeriesTable& SeriesTable::predicted() {
    last().predicted = true;
    return *this;
}

SeriesTable& SeriesTable::of_node(std::string node) {
    last().node = std::move(node);
    return *this;
}

SeriesTable& SeriesTable::scaled(double factor) {
    last().scale *= factor;
    return *this;
}

std::vector<std::string> SeriesTable::column_names() const {
    std::vector<std::string> names;
    names.reserve(columns_.size());
    for (const SeriesColumn& c : columns_) names.push_back(c.name);
    return names;
}

std::vector<ChartSpec> SeriesTable::chart_specs() const {
    std::vector<ChartSpec> specs;
    for (const ChartDecl& d : charts_) {
        ChartSpec s;
        s.id = d.id;
        s.title = d.title;
        s.unit = d.unit;
        s.note = d.note_now ? d.note_now() : d.note;
        s.levels = d.levels;
        s.spikes_off_scale = d.spikes_off_scale;
        for (const SeriesColumn& c : columns_) {
            if (c.chart != d.id) continue;
            (c.predicted ? s.predicted : s.series).push_back(c.name);
            if (!c.predicted) s.series_nodes.push_back(c.node);
        }
        specs.push_back(std::move(s));
    }
    return specs;
}

}  // namespace archlab
