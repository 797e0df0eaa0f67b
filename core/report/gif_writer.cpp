#include "core/report/gif_writer.h"

#include <algorithm>
#include <stdexcept>

#include <gif_lib.h>

namespace archlab {

/// The open encoder and the bytes it has written so far.
struct GifWriter::Gif {
    GifFileType* file = nullptr;
    std::vector<unsigned char> bytes;
};

namespace {
int append_bytes(GifFileType* file, const GifByteType* data, int length) {
    auto* out = static_cast<std::vector<unsigned char>*>(file->UserData);
    out->insert(out->end(), data, data + length);
    return length;
}

std::runtime_error gif_error(const char* what, int code) {
    const char* text = GifErrorString(code);
    return std::runtime_error(std::string("animated GIF: ") + what + ": " + (text ? text : "unknown giflib error"));
}

int distance(std::uint32_t a, std::uint32_t b) {
    const int dr = static_cast<int>((a >> 16) & 255) - static_cast<int>((b >> 16) & 255);
    const int dg = static_cast<int>((a >> 8) & 255) - static_cast<int>((b >> 8) & 255);
    const int db = static_cast<int>(a & 255) - static_cast<int>(b & 255);
    return 3 * dr * dr + 4 * dg * dg + 2 * db * db;   // green weighs most to the eye
}
}  // namespace

GifWriter::GifWriter(int width, int height, int delay_cs, const std::vector<std::uint32_t>& exact)
    : gif_(std::make_unique<Gif>()), width_(width), height_(height), delay_cs_(delay_cs) {
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535) throw std::runtime_error("animated GIF: bad size");
    // The palette: the exact colours, 16 greys, then a 5x5x5 cube (125), filled up to 256.
    for (std::size_t i = 0; i < std::min<std::size_t>(exact.size(), 100); ++i) palette_.push_back(exact[i] & 0xFFFFFF);
    for (int g = 0; g < 16; ++g) {
        const auto v = static_cast<std::uint32_t>(g * 17);
        palette_.push_back((v << 16) | (v << 8) | v);
    }
    for (int r = 0; r < 5; ++r) {
        for (int g = 0; g < 5; ++g) {
            for (int b = 0; b < 5; ++b) {
                palette_.push_back(static_cast<std::uint32_t>(r * 255 / 4) << 16 | static_cast<std::uint32_t>(g * 255 / 4) << 8 |
                                   static_cast<std::uint32_t>(b * 255 / 4));
            }
        }
    }
    palette_.resize(kTransparent, 0xFFFFFF);
    const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    previous_.resize(pixels);
    current_.resize(pixels);

    int error = 0;
    gif_->file = EGifOpen(&gif_->bytes, append_bytes, &error);
    if (!gif_->file) throw gif_error("cannot start", error);
    EGifSetGifVersion(gif_->file, true);
    GifColorType colours[256];
    colours[kTransparent] = {255, 255, 255};
    for (std::size_t i = 0; i < kTransparent; ++i) {
        colours[i] = {static_cast<GifByteType>(palette_[i] >> 16), static_cast<GifByteType>(palette_[i] >> 8),
                      static_cast<GifByteType>(palette_[i])};
    }
    ColorMapObject* map = GifMakeMapObject(256, colours);
    const int put = EGifPutScreenDesc(gif_->file, width, height, 8, 0, map);
    GifFreeMapObject(map);
    if (put == GIF_ERROR) throw gif_error("screen", gif_->file->Error);
    // NETSCAPE2.0 application block: loop forever.
    static const GifByteType kNetscape[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static const GifByteType kLoop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(gif_->file, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_->file, sizeof kNetscape, kNetscape) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_->file, sizeof kLoop, kLoop) == GIF_ERROR || EGifPutExtensionTrailer(gif_->file) == GIF_ERROR) {
        throw gif_error("loop block", gif_->file->Error);
    }
}

GifWriter::~GifWriter() {
    if (gif_ && gif_->file) {
        int error = 0;
        EGifCloseFile(gif_->file, &error);
    }
}

std::uint8_t GifWriter::index_of(std::uint32_t rgb) {
    if (const auto it = nearest_.find(rgb); it != nearest_.end()) return it->second;
    std::size_t best = 0;
    int best_d = distance(rgb, palette_[0]);
    for (std::size_t i = 1; i < palette_.size() && best_d > 0; ++i) {
        const int d = distance(rgb, palette_[i]);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    const auto index = static_cast<std::uint8_t>(best);
    if (nearest_.size() < (1u << 20)) nearest_.emplace(rgb, index);
    return index;
}

void GifWriter::add_frame(const unsigned char* rgb, int stride) {
    if (!gif_->file) throw std::runtime_error("animated GIF: already finished");
    const auto w = static_cast<std::size_t>(width_);
    for (int y = 0; y < height_; ++y) {
        const unsigned char* row = rgb + static_cast<std::ptrdiff_t>(y) * stride;
        std::uint8_t* out = current_.data() + static_cast<std::size_t>(y) * w;
        for (std::size_t x = 0; x < w; ++x) {
            const unsigned char* p = row + x * 3;
            out[x] = index_of(std::uint32_t{p[0]} << 16 | std::uint32_t{p[1]} << 8 | p[2]);
        }
    }
    // The rectangle that changed since the frame before (the whole frame the first time).
    int x0 = 0, y0 = 0, x1 = width_ - 1, y1 = height_ - 1;
    if (frames_ > 0) {
        x0 = width_, y0 = height_, x1 = -1, y1 = -1;
        for (int y = 0; y < height_; ++y) {
            for (int x = 0; x < width_; ++x) {
                const std::size_t i = static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x);
                if (current_[i] == previous_[i]) continue;
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
            }
        }
        if (x1 < 0) x0 = y0 = x1 = y1 = 0;   // nothing changed: one transparent pixel holds the time
    }
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = delay_cs_;
    gcb.TransparentColor = frames_ > 0 ? kTransparent : NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    const std::size_t n = EGifGCBToExtension(&gcb, ext);
    const int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
    if (EGifPutExtension(gif_->file, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(n), ext) == GIF_ERROR ||
        EGifPutImageDesc(gif_->file, x0, y0, rw, rh, false, nullptr) == GIF_ERROR) {
        throw gif_error("frame", gif_->file->Error);
    }
    std::vector<std::uint8_t> line(static_cast<std::size_t>(rw));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x);
            // Unchanged pixels transparent: long runs of one index, which LZW packs tightly.
            line[static_cast<std::size_t>(x - x0)] = frames_ > 0 && current_[i] == previous_[i] ? kTransparent : current_[i];
        }
        if (EGifPutLine(gif_->file, line.data(), rw) == GIF_ERROR) throw gif_error("pixels", gif_->file->Error);
    }
    previous_.swap(current_);
    ++frames_;
}

std::vector<unsigned char> GifWriter::finish() {
    if (!gif_->file) throw std::runtime_error("animated GIF: already finished");
    int error = 0;
    const int closed = EGifCloseFile(gif_->file, &error);
    gif_->file = nullptr;
    if (closed == GIF_ERROR) throw gif_error("end", error);
    return std::move(gif_->bytes);
}

}  // namespace archlab
