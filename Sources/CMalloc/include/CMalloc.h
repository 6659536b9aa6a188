#ifndef CHAINTOP_CMALLOC_H
#define CHAINTOP_CMALLOC_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Returns freed heap memory to the system where the C library can (glibc's malloc_trim); 0 elsewhere.
static inline int chaintop_release_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
