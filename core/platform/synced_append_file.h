#pragma once
// A file opened for appending whose every write is forced to the disk before append returns
// (write + fdatasync on Linux, fsync on macOS, _write + _commit on Windows): the cost a
// synchronous log pays per line.

#include <string>
#include <string_view>

namespace archlab::platform {

class SyncedAppendFile {
public:
    /// Opens (creating) path for appending; throws std::runtime_error naming what (e.g. "request
    /// log"), the path and why it cannot.
    SyncedAppendFile(const std::string& path, std::string_view what);
    ~SyncedAppendFile();
    SyncedAppendFile(const SyncedAppendFile&) = delete;
    SyncedAppendFile& operator=(const SyncedAppendFile&) = delete;

    /// Appends data and, when anything was written, waits until it is on the disk.
    void append(std::string_view data);

private:
    int fd_ = -1;  ///< the open file descriptor
};

}  // namespace archlab::platform
