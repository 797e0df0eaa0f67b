#pragma once
// A RunBundle to a bundle file and back (the layout is in core/bundle/run_bundle.h). Reading
// checks everything: a file that is not a zip, a zip without a manifest, a newer format, a
// damaged entry or a malformed piece each get one InputError naming the file, the entry and,
// where it helps, the line: "ab.archlab: run-2/series.csv:41: 3 values, the header names 5".
#include <functional>
#include <string>
#include <vector>

#include "core/bundle/run_bundle.h"

namespace archlab {

/// Writes the bundle (with a freshly made report.html and chart SVGs) to `path`, replacing it.
/// `progress` (may be empty) is told the share written, 0 to 1. Throws InputError.
void write_bundle(const RunBundle& bundle, const std::string& path, const std::function<void(double)>& progress = {});

/// Reads a bundle file. Throws InputError.
RunBundle read_bundle(const std::string& path);
/// Reads a bundle held in memory; `name` stands for the file in messages.
RunBundle read_bundle_bytes(std::vector<unsigned char> bytes, const std::string& name);

}  // namespace archlab
