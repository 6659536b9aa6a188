import CMalloc

/// Hands memory freed by a large piece of work (a million-row sort's scratch arrays) back to the system:
/// glibc keeps freed blocks in its heap once its adaptive mmap threshold has grown past their size, and
/// there they still count as resident.
func releaseFreedMemory() {
    _ = chaintop_release_freed_memory()
}
