#include "core/lab/memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace archlab {

void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace archlab
