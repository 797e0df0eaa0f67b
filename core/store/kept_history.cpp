#include "core/store/kept_history.h"

#include <filesystem>
#include <fstream>

#include "core/store/run_store.h"

namespace archlab {

namespace fs = std::filesystem;

std::string kept_history_path(const RunStore& store, std::int64_t run) {
    std::error_code ec;
    fs::path db = fs::absolute(store.path(), ec);
    if (ec) db = store.path();
    return (db.parent_path() / "histories" / (db.stem().string() + "-" + std::to_string(run) + ".edn")).string();
}

std::string keep_file(const std::string& from, const std::string& to) {
    std::error_code ec;
    fs::create_directories(fs::path(to).parent_path(), ec);
    if (ec) return "cannot create " + fs::path(to).parent_path().string() + ": " + ec.message();
    fs::rename(from, to, ec);
    if (!ec) return {};
    // Another file system (the data folder is under the temp folder): copy, then remove.
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return "cannot copy " + from + " to " + to + ": " + ec.message();
    fs::remove(from, ec);
    return {};
}

std::string write_kept_file(const std::string& to, const std::string& bytes) {
    std::error_code ec;
    fs::create_directories(fs::path(to).parent_path(), ec);
    if (ec) return "cannot create " + fs::path(to).parent_path().string() + ": " + ec.message();
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return "cannot write " + to;
    return {};
}

}  // namespace archlab
