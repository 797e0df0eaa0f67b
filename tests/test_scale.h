#pragma once
// How long the longest virtual-time tests run. Under a sanitizer build (the asan and tsan
// presets; tests/CMakeLists.txt sets ARCHLAB_TEST_SANITIZER for every test) code runs 2-15
// times slower, so those tests simulate fewer seconds; their assertions stay the same, and the
// shorter runs are deterministic, so they pass or fail the same way on any machine.
#include <cstdlib>

namespace test_scale {

/// True when the test runs under a sanitizer build.
inline bool under_sanitizer() {
    const char* v = std::getenv("ARCHLAB_TEST_SANITIZER");
    return v != nullptr && *v != '\0';
}

/// `normal_s` virtual seconds, or `sanitized_s` under a sanitizer.
inline double virtual_seconds(double normal_s, double sanitized_s) { return under_sanitizer() ? sanitized_s : normal_s; }

}  // namespace test_scale
