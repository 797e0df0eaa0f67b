#include "core/lab/ab_run.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "core/lab/ab_pace.h"

namespace archlab {

std::vector<std::string> differing_knobs(const Settings& a, const Settings& b) {
    std::vector<std::string> out;
    for (const KnobSpec& k : a.specs()) {
        if (format_value(a.get(k.name)) != format_value(b.get(k.name))) out.push_back(k.name);
    }
    return out;
}

std::string variant_name(const Settings& s, const std::vector<std::string>& knobs) {
    std::string out;
    for (const std::string& k : knobs) out += (out.empty() ? "" : ", ") + k + "=" + format_value(s.get(k));
    return out;
}

AbRun::AbRun(RunRequest a, Settings b_settings, RunStore* store)
    : a_request_(std::move(a)), b_settings_(std::move(b_settings)), store_(store) {
    if (!a_request_.lab) throw InputError("A/B run: no lab");
    differs_ = differing_knobs(a_request_.settings, b_settings_);
    if (differs_.empty()) throw InputError("A/B run: B has the same knobs as A; give B at least one knob that differs (--b KNOB=VALUE)");
    variants_ = {variant_name(a_request_.settings, differs_), variant_name(b_settings_, differs_)};
    if (a_request_.time_mode == TimeMode::Virtual) {
        // One sample period of lead: the sides are never more than a sample apart.
        const Nanos period(std::llround(1e9 / std::max(0.5, a_request_.sample_hz)));
        pace_ = std::make_shared<PaceGroup>(2, period);
    }
}

AbRun::~AbRun() {
    stop();
    runs_[1].reset();
    runs_[0].reset();
}

RunRequest AbRun::side_request(AbSide s) const {
    RunRequest r = a_request_;
    if (s == AbSide::B) r.settings = b_settings_;
    r.pace = pace_;
    r.pace_member = static_cast<std::size_t>(s);
    const std::size_t i = static_cast<std::size_t>(s);
    r.summary_fields["ab"] = {{"side", to_string(s)}, {"variant", variants_[i]}, {"other", variants_[1 - i]}, {"differs", differs_}};
    return r;
}

void AbRun::start() {
    auto a = std::make_unique<RunController>(side_request(AbSide::A), store_);
    a->start();
    RunRequest b_request = side_request(AbSide::B);
    if (a->run_id() > 0) b_request.summary_fields["ab"]["partner_run"] = a->run_id();
    {
        std::lock_guard lock(mu_);
        runs_[0] = std::move(a);
        if (stop_requested_) runs_[0]->stop();
    }
    auto b = std::make_unique<RunController>(std::move(b_request), store_);
    try {
        b->start();
    } catch (...) {
        // A alone is no comparison: end it (it is recorded as a short run).
        if (pace_) pace_->leave(1);
        runs_[0]->stop();
        runs_[0]->wait();
        throw;
    }
    std::lock_guard lock(mu_);
    runs_[1] = std::move(b);
    if (stop_requested_) runs_[1]->stop();
}

void AbRun::wait() {
    for (auto& r : runs_) {
        if (r) r->wait();
    }
}

void AbRun::stop() {
    {
        std::lock_guard lock(mu_);
        stop_requested_ = true;
        for (auto& r : runs_) {
            if (r) r->stop();
        }
    }
    if (pace_) pace_->wake_all();
}

bool AbRun::finished() const {
    for (const auto& r : runs_) {
        if (!r || !r->finished()) return false;
    }
    return true;
}

void AbRun::set_speed(double speed) {
    for (auto& r : runs_) {
        if (r) r->set_speed(speed);
    }
}

double AbRun::speed() const { return runs_[0] ? runs_[0]->speed() : a_request_.speed; }

void AbRun::run_to(Nanos at, double speed) {
    for (auto& r : runs_) {
        if (r) r->run_to(at, speed);
    }
}

double AbRun::elapsed_s() const {
    if (!runs_[0] || !runs_[1]) return 0.0;
    return std::min(runs_[0]->elapsed_s(), runs_[1]->elapsed_s());
}

std::string AbRun::sharing_text() const {
    if (time_mode() == TimeMode::Virtual) {
        return "virtual time: A and B are paced together (never more than one sample apart) and each is "
               "exactly the run it would be alone";
    }
    const unsigned cores = std::thread::hardware_concurrency();
    std::string out = fmt::format(
        "live time: A and B run at once and share this machine ({} cores), competing for its CPU: compare "
        "them with each other, not with a run alone",
        cores);
    std::string flags;
    for (AbSide s : {AbSide::A, AbSide::B}) {
        const RunController* r = side(s);
        if (!r) continue;
        const HostStatus h = r->host_status();
        flags += fmt::format("{}{}: {}", flags.empty() ? "" : "; ", to_string(s),
                             !h.overloaded ? std::string("host kept up")
                                           : fmt::format("HOST OVERLOADED {} {:.1f} s ({})",
                                                         h.overloaded_now ? "since" : "at times from", h.since_s, h.reason));
    }
    if (!flags.empty()) out += "\n" + flags;
    return out;
}

}  // namespace archlab
