#include "core/bundle/zip_archive.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <zip.h>

#include "core/lab/settings.h"

namespace archlab {

namespace {
std::string zip_error_text(int code) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string out = zip_error_strerror(&e);
    zip_error_fini(&e);
    return out;
}

/// libzip's progress callback: hands the share done to the std::function in `ud`.
void on_progress(zip_t*, double done, void* ud) { (*static_cast<const std::function<void(double)>*>(ud))(done); }
}  // namespace

ZipWriter::ZipWriter(std::string path) : path_(std::move(path)) {}
ZipWriter::~ZipWriter() = default;

void ZipWriter::add(const std::string& name, std::string bytes, bool compress) {
    entries_.push_back({name, std::move(bytes), compress});
}

void ZipWriter::close(const std::function<void(double)>& progress) {
    const std::string part = path_ + ".part";
    std::error_code ec;
    std::filesystem::remove(part, ec);
    int code = 0;
    zip_t* za = zip_open(part.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!za) throw InputError(path_ + ": cannot write: " + zip_error_text(code));
    const auto fail = [&](const std::string& what) {
        const std::string message = path_ + ": " + what + ": " + zip_strerror(za);
        zip_discard(za);
        std::filesystem::remove(part, ec);
        throw InputError(message);
    };
    for (const Entry& e : entries_) {
        // The buffers stay alive (in entries_) until zip_close has read them.
        zip_source_t* src = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
        if (!src) fail(e.name);
        const zip_int64_t index = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
        if (index < 0) {
            zip_source_free(src);
            fail(e.name);
        }
        if (zip_set_file_compression(za, static_cast<zip_uint64_t>(index), e.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) < 0) {
            fail(e.name);
        }
    }
    if (progress) zip_register_progress_callback_with_state(za, 0.01, on_progress, nullptr, const_cast<std::function<void(double)>*>(&progress));
    if (zip_close(za) < 0) fail("cannot write");
    std::filesystem::rename(part, path_, ec);
    if (ec) {
        std::filesystem::remove(part, ec);
        throw InputError(path_ + ": cannot write: " + ec.message());
    }
}

struct ZipReader::Impl {
    zip_t* za = nullptr;
    mutable std::uint64_t total_read = 0;   ///< bytes handed out so far (bounded by kMaxTotalBytes)
};

ZipReader::ZipReader(std::vector<unsigned char> bytes, std::string name)
    : bytes_(std::move(bytes)), name_(std::move(name)), impl_(std::make_unique<Impl>()) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
    if (!src) {
        const std::string what = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw InputError(name_ + ": cannot read: " + what);
    }
    impl_->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!impl_->za) {
        const std::string what = zip_error_strerror(&error);
        zip_source_free(src);
        zip_error_fini(&error);
        throw InputError(name_ + ": not an ArchLab bundle (" + what + ")");
    }
    zip_error_fini(&error);
}

ZipReader::~ZipReader() {
    if (impl_ && impl_->za) zip_discard(impl_->za);
}

std::vector<std::string> ZipReader::names() const {
    std::vector<std::string> out;
    const zip_int64_t n = zip_get_num_entries(impl_->za, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        if (const char* entry = zip_get_name(impl_->za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS)) out.emplace_back(entry);
    }
    return out;
}

bool ZipReader::has(const std::string& entry) const { return zip_name_locate(impl_->za, entry.c_str(), 0) >= 0; }

std::optional<std::string> ZipReader::read(const std::string& entry) const {
    const zip_int64_t index = zip_name_locate(impl_->za, entry.c_str(), 0);
    if (index < 0) return std::nullopt;
    const std::string where = name_ + ": " + entry;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(impl_->za, static_cast<zip_uint64_t>(index), 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        throw InputError(where + ": cannot read: " + zip_strerror(impl_->za));
    }
    if (st.size > kMaxEntryBytes || impl_->total_read + st.size > kMaxTotalBytes) {
        throw InputError(where + ": too large (" + std::to_string(st.size) + " bytes unpacked)");
    }
    zip_file_t* f = zip_fopen_index(impl_->za, static_cast<zip_uint64_t>(index), 0);
    if (!f) throw InputError(where + ": cannot read: " + zip_strerror(impl_->za));
    std::string out(static_cast<std::size_t>(st.size), '\0');
    std::size_t got = 0;
    for (;;) {
        char extra = 0;  // one byte past the stated size: a size that lies is caught, not trusted
        void* into = got < out.size() ? static_cast<void*>(out.data() + got) : static_cast<void*>(&extra);
        const zip_uint64_t want = got < out.size() ? out.size() - got : 1;
        const zip_int64_t n = zip_fread(f, into, want);
        if (n < 0) {
            const std::string what = zip_file_strerror(f);
            zip_fclose(f);
            throw InputError(where + ": damaged (" + what + ")");
        }
        if (n == 0) break;
        if (got >= out.size()) {
            zip_fclose(f);
            throw InputError(where + ": damaged (more data than its stated size)");
        }
        got += static_cast<std::size_t>(n);
    }
    const int closed = zip_fclose(f);
    if (closed != 0) throw InputError(where + ": damaged (" + zip_error_text(closed) + ")");
    if (got != out.size()) throw InputError(where + ": damaged (shorter than its stated size)");
    impl_->total_read += got;
    return out;
}

std::vector<unsigned char> read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
    std::vector<unsigned char> out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": cannot read: " + std::strerror(errno));
    return out;
}

}  // namespace archlab
