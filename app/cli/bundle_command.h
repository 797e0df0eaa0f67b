#pragma once
// archlab-cli's bundle commands: export stored runs as a bundle, import a bundle into the run
// store, write a bundle's HTML report (and GIF); and the bundle `run --bundle` writes.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/lab_registry.h"

class QApplication;

namespace archlab {
class RunStore;
}

namespace archlab::cli {

struct BundleOptions {
    std::string bundle;                  ///< the bundle file to write
    std::string guide;                   ///< a guide JSON file to carry ("" = none)
    std::string gif_chart;               ///< the chart of the animated GIF ("" = the first)
    bool no_gif = false;                 ///< skip the animated GIF
};

struct ExportOptions {
    std::vector<std::int64_t> runs;      ///< one run id, or two (A and B)
    std::string store;                   ///< run store path ("" = default)
    BundleOptions out;
};

struct ImportOptions {
    std::string bundle;
    std::string store;                   ///< run store path ("" = default)
};

struct ReportOptions {
    std::string bundle;
    std::string html;                    ///< where the HTML report goes ("" = not written)
    std::string gif;                     ///< where the animated GIF goes ("" = not written)
    std::string chart;                   ///< the GIF's chart ("" = the first)
};

int export_bundle(const LabRegistry& labs, const ExportOptions& options);
int import_bundle_file(const ImportOptions& options);
int report_bundle(const ReportOptions& options);

/// Writes the bundle of stored runs `ids` (pictures drawn offscreen) to options.bundle.
/// Needs a QApplication. Returns the bundle's size in bytes.
std::uintmax_t write_run_bundle(const LabRegistry& labs, RunStore& store, const std::vector<std::int64_t>& ids,
                                const BundleOptions& options);

/// The offscreen QApplication the pictures need, or null when one exists already. Keep it
/// while drawing.
std::unique_ptr<QApplication> offscreen_app();

}  // namespace archlab::cli
