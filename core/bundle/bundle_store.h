#pragma once
// Between the run store and bundles: a stored run gathered whole for a bundle, and a bundle's
// runs imported into the store under new ids (their origin noted), to be listed, opened,
// compared and, for virtual runs, replayed like runs recorded here.
#include <cstdint>
#include <string>
#include <vector>

#include "core/bundle/run_bundle.h"

namespace archlab {

class LabRegistry;
class RunStore;

/// The stored run with its series, topology, faults and event log, and its lab's title, explain
/// text and charts (for the run's own settings) from `labs`. Throws InputError when the store
/// has no such run.
BundledRun bundled_run_from_store(RunStore& store, std::int64_t run_id, const LabRegistry& labs);

/// Adds every run of the bundle to the store, each in one transaction; returns the new ids in
/// bundle order. `origin` (the bundle's file name) is kept with each run.
std::vector<std::int64_t> import_bundle(RunStore& store, const RunBundle& bundle, const std::string& origin);

/// "archlab 0.1.0": what goes in a bundle's created_by.
std::string bundle_creator();

}  // namespace archlab
