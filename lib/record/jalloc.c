/* jalloc.c: see jalloc.h. */
#include "jalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define JALLOC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JALLOC_ASAN 1
#endif
#endif

enum { NCLASS = 33 };   /* classes 1..32: blocks of 16 to 512 bytes; 33: malloc'd */

/* A block is a 16-byte header (its class; then 0, so that a block given
 * to free() by mistake is refused by glibc at once) and the caller's
 * bytes.  A free block's bytes hold the next free block of its class. */
typedef struct header { size_t cls, zero; } header;
typedef struct freeblk { struct freeblk *next; } freeblk;

#ifndef JALLOC_ASAN
static freeblk *free_lists[NCLASS];   /* the process's lists (one thread) */

static void *jalloc_malloc(size_t n)
{
    size_t cls = (n + 15) >> 4;
    if (cls == 0) cls = 1;
    if (cls < NCLASS && free_lists[cls]) {
        freeblk *b = free_lists[cls];
        free_lists[cls] = b->next;
        return b;
    }
    size_t bytes = cls < NCLASS ? cls << 4 : n;
    header *h = malloc(sizeof *h + bytes);
    if (!h) return NULL;
    h->cls = cls < NCLASS ? cls : NCLASS;
    h->zero = 0;
    return h + 1;
}

static void jalloc_free(void *p)
{
    if (!p) return;
    header *h = (header *)p - 1;
    if (h->cls >= NCLASS) {
        free(h);
        return;
    }
    freeblk *b = p;
    b->next = free_lists[h->cls];
    free_lists[h->cls] = b;
}

void jalloc_install(void)
{
    if (getenv("ZHIXING_SYSTEM_MALLOC")) return;
    json_set_alloc_funcs(jalloc_malloc, jalloc_free);
}
#else
void jalloc_install(void) {}
#endif

char *json_dumps_malloc(const json_t *v, size_t flags)
{
    char *text = json_dumps(v, flags);
    if (!text) return NULL;
    char *copy = strdup(text);
    json_free_t free_fn;
    json_get_alloc_funcs(NULL, &free_fn);
    free_fn(text);
    return copy;
}
