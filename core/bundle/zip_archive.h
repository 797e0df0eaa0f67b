#pragma once
// A thin layer over libzip: write named entries to a new zip file, read entries of a zip held
// in memory. Errors throw InputError naming the file and, for an entry, the entry; libzip's
// message says what ("Not a zip archive", "CRC error"). No other file in ArchLab calls libzip.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace archlab {

/// Collects entries and writes them all at close(), to `path`.part first and then renamed over
/// `path`, so a failed or interrupted write never leaves half a file under the real name.
class ZipWriter {
public:
    explicit ZipWriter(std::string path);
    ~ZipWriter();
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Adds an entry, compressed (deflate) unless `compress` is false (PNG, GIF: already compressed).
    void add(const std::string& name, std::string bytes, bool compress = true);
    /// Writes the archive; `progress` (may be empty) is told the share done, 0 to 1.
    void close(const std::function<void(double)>& progress = {});

private:
    struct Entry {
        std::string name;
        std::string bytes;
        bool compress = true;
    };
    std::string path_;
    std::vector<Entry> entries_;
};

/// A zip archive read from memory. Entry sizes are checked before they are read.
class ZipReader {
public:
    /// `name` is used in error messages (the bundle's file name). Throws InputError when the
    /// bytes are not a readable zip archive.
    ZipReader(std::vector<unsigned char> bytes, std::string name);
    ~ZipReader();
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    /// Every entry's name, in archive order.
    std::vector<std::string> names() const;
    bool has(const std::string& entry) const;
    /// The entry's bytes; nullopt when there is no such entry. Throws InputError when it cannot
    /// be read (damaged data, wrong checksum, larger than kMaxEntryBytes).
    std::optional<std::string> read(const std::string& entry) const;

    static constexpr std::uint64_t kMaxEntryBytes = 256ull << 20;   ///< one entry, uncompressed
    static constexpr std::uint64_t kMaxTotalBytes = 1ull << 30;     ///< all entries read, uncompressed

private:
    struct Impl;
    std::vector<unsigned char> bytes_;   ///< the archive; libzip reads from it in place
    std::string name_;
    std::unique_ptr<Impl> impl_;
};

/// The whole file as bytes, or InputError naming it ("cannot read: No such file or directory").
std::vector<unsigned char> read_file_bytes(const std::string& path);

}  // namespace archlab
