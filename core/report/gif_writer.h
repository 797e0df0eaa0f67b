#pragma once
// An animated GIF made with giflib: frames of RGB pixels, each mapped onto one palette of 255
// colours (the colours the caller draws with exactly, the rest from an even colour cube) and a
// transparent index, looping forever. After the first frame only the rectangle that changed is
// stored, its unchanged pixels transparent, so a run's animation stays small. Frames are encoded
// as they come, so memory stays at two frames of palette indices. No Qt.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace archlab {

class GifWriter {
public:
    /// `exact`: colours (0xRRGGBB) drawn often, kept exact in the palette (at most 100 are used);
    /// `delay_cs`: time each frame shows, hundredths of a second. Throws std::runtime_error
    /// when giflib cannot start.
    GifWriter(int width, int height, int delay_cs, const std::vector<std::uint32_t>& exact);
    ~GifWriter();
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    /// Adds a frame: width * height pixels, 3 bytes each (R, G, B), rows top to bottom, each row
    /// `stride` bytes apart (>= width * 3).
    void add_frame(const unsigned char* rgb, int stride);
    /// Ends the file and returns its bytes. Throws std::runtime_error on an encoder error.
    std::vector<unsigned char> finish();
    int frames() const { return frames_; }

private:
    std::uint8_t index_of(std::uint32_t rgb);   ///< nearest palette entry, cached

    struct Gif;
    std::unique_ptr<Gif> gif_;
    int width_, height_, delay_cs_;
    int frames_ = 0;
    std::vector<std::uint32_t> palette_;                       ///< 255 colours, 0xRRGGBB, then kTransparent
    static constexpr std::uint8_t kTransparent = 255;          ///< "as the frame before"
    std::unordered_map<std::uint32_t, std::uint8_t> nearest_;  ///< colour -> palette index seen so far
    std::vector<std::uint8_t> previous_;                       ///< the last frame as palette indices
    std::vector<std::uint8_t> current_;                        ///< the frame being added
};

}  // namespace archlab
