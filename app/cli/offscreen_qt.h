#pragma once
// The CLI draws its PNG charts with Qt on the offscreen platform, without a screen.

namespace archlab::cli {

/// Selects the offscreen platform and gives Qt a private runtime folder so it does not warn.
/// Call before making the QApplication.
void use_offscreen_qt();

}  // namespace archlab::cli
