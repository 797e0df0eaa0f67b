#pragma once
// The run report as one self-contained HTML page: the run's settings, seed, time mode and
// fingerprint, headline figures (side by side with the difference for an A/B pair), the guided
// run's questions with the room's guesses beside the measured values, every chart as inline SVG
// with the faults marked, the fault timeline, the event log and the lab's explain text. No
// script, no link, no image file, no font or style to fetch: it opens from a mail attachment in
// any browser, offline. The markup is also well-formed XML. No Qt: the CLI writes it headless.
//
// The guide section is drawn from RunBundle::guide when it is an object, else from the first
// run's summary.json "guide" object (core/bundle/bundle_codec.h, bundle_guide):
//   {"title": "...", "summary": "...", "steps": [{"title": "...", "text": "Markdown (core/report/markdown_subset.h)",
//     "question": "...", "unit": "ms", "choices": [...], "guess": 12, "measured": 14.2,
//     "guess_text": "12 ms", "verdict": "close", "measured_text": "14.2 ms", "why": "one line"}, ...]}
// (core/lab/guide_record.h writes it). Every field may be missing; values of any JSON type are
// shown as text; the *_text fields, when there, are shown instead of the bare values.
#include <string>

#include "core/bundle/run_bundle.h"
#include "core/report/chart_plot.h"

namespace archlab {

/// The report of the bundle's run (or A/B pair), as a complete HTML document.
std::string html_report(const RunBundle& bundle);

/// Plain text with blank-line paragraphs and "- " bullet lines as HTML (<p>, <ul>), escaped.
std::string text_to_html(const std::string& text);

/// The markers of a run's charts: its faults and knob changes, from its summary (exact times)
/// or else its stored faults.
std::vector<PlotMarker> run_markers(const BundledRun& run);

}  // namespace archlab
