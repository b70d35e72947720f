// Process-wide malloc settings for a long-running service (corridor serve,
// corridor_serve_bench). Each request allocates and frees tens of kilobytes
// (the request body, the parsed document, the answer); with glibc's defaults
// the I/O threads' arenas give that memory back to the kernel after each burst
// (heap trim) and take it again on the next (grow_heap: mprotect and a page
// fault per fresh page, measured at about 5% of the service's CPU). A service
// whose working set only grows gains nothing from returning it.
#pragma once

namespace corridor::gateway {

// Keeps freed memory in the process: no trimming of arena tops below 512 MiB
// of free space, heaps grown 16 MiB at a time, and no per-allocation mmap below
// glibc's largest threshold (32 MiB; requests are bounded far below that).
// Call once at start, before the service's threads exist.
void keep_freed_heap_memory();

}  // namespace corridor::gateway
