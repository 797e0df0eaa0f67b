#pragma once
// Hands memory the process freed back to the OS. A live lab's bursts (a paused node's held
// messages flooding out on resume, a slow database's job queue) are freed afterwards, but the
// C library keeps the pages in its per-thread arenas, so resident memory would stay at the
// burst's high-water mark for the rest of the run. Freed memory only; nothing in use moves.
namespace archlab {

/// Returns free heap pages to the OS (glibc: malloc_trim); a no-op where the C library has none.
void release_free_memory();

}  // namespace archlab
