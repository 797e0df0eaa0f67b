#include "core/platform/synced_append_file.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#if defined(_WIN32)
#include <io.h>
#include <sys/stat.h>
#else
#include <unistd.h>
#endif

namespace archlab::platform {

SyncedAppendFile::SyncedAppendFile(const std::string& path, std::string_view what) {
#if defined(_WIN32)
    fd_ = ::_open(path.c_str(), _O_WRONLY | _O_CREAT | _O_APPEND | _O_BINARY | _O_NOINHERIT, _S_IREAD | _S_IWRITE);
#else
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
#endif
    if (fd_ < 0) throw std::runtime_error("cannot open " + std::string(what) + " '" + path + "': " + std::strerror(errno));
}

SyncedAppendFile::~SyncedAppendFile() {
#if defined(_WIN32)
    if (fd_ >= 0) ::_close(fd_);
#else
    if (fd_ >= 0) ::close(fd_);
#endif
}

void SyncedAppendFile::append(std::string_view data) {
#if defined(_WIN32)
    if (::_write(fd_, data.data(), static_cast<unsigned>(data.size())) > 0) ::_commit(fd_);
#elif defined(__APPLE__)
    if (::write(fd_, data.data(), data.size()) > 0) ::fsync(fd_);  // macOS has no fdatasync
#else
    if (::write(fd_, data.data(), data.size()) > 0) ::fdatasync(fd_);
#endif
}

}  // namespace archlab::platform
