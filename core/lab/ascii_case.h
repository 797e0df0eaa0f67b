#pragma once
// ASCII case folding for names and values a person types (knob values, lab and action names).
#include <string>

namespace archlab {

/// `text` with A-Z turned into a-z; other bytes (UTF-8 included) unchanged.
inline std::string ascii_lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

}  // namespace archlab
