/* jalloc.h: the allocator jansson uses in the tools.
 *
 * Every record is built as jansson values and freed after it is written:
 * hundreds of small blocks a record, of a few sizes.  jalloc_install()
 * gives jansson free lists of blocks by size (16-byte classes up to 512
 * bytes; larger blocks go to malloc), which a record's values reuse from
 * the one before: about 10% less time in case-import and 18% in
 * deadline-check than glibc's malloc.  Blocks are never given back to the
 * system; the lists hold at most what one record needed at once.
 *
 * Not installed under AddressSanitizer, nor when the environment has
 * ZHIXING_SYSTEM_MALLOC set (make valgrind sets it), so that those tools
 * see each value's memory.
 *
 * Memory jansson returns to the caller (json_dumps) is then not malloc's:
 * use json_dumps_malloc() below, whose text free() frees. */
#ifndef ZX_JALLOC_H
#define ZX_JALLOC_H
#include <jansson.h>

/* Call first in main, before any jansson value is made (a block made
 * before must not be freed after).  Once per process. */
void jalloc_install(void);

/* json_dumps(v, flags), as text from malloc() that the caller frees with
 * free(); NULL on error. */
char *json_dumps_malloc(const json_t *v, size_t flags);

#endif
