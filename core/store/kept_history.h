#pragma once
// A lab's operation history (the replication lab's history.edn) is written into the run's data
// folder, which goes when the run ends. For a stored run it is kept beside the run store, in a
// "histories" folder (the app's data folder for the default store), named by the run's id, and
// the stored summary's "history" names the kept file; a bundle carries it as history.edn.
#include <cstdint>
#include <string>

namespace archlab {

class RunStore;

/// Where the store keeps run `run`'s history: histories/<store file stem>-<run>.edn beside the
/// store file ("runs-12.edn"; the stem keeps two stores in one folder apart). Absolute.
std::string kept_history_path(const RunStore& store, std::int64_t run);

/// Moves (or copies, across file systems) `from` to `to`, creating `to`'s folder and replacing a
/// file there. "" when done, else why not.
std::string keep_file(const std::string& from, const std::string& to);

/// Writes `bytes` to `to`, creating its folder. "" when done, else why not.
std::string write_kept_file(const std::string& to, const std::string& bytes);

}  // namespace archlab
