#include "gateway/heap_tuning.h"

#include <malloc.h>

namespace corridor::gateway {

void keep_freed_heap_memory() {
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

}  // namespace corridor::gateway
