/* fuzz_common.h: what every harness shares: the share/ directory, the field
 * tables loaded once, and the fuzz input written to an anonymous file that
 * the readers and loaders can open by path.
 *
 * Global state: the field tables (loaded on the first call and kept to
 * exit, as in the tools) and a NUL-ended copy buffer per call. */
#ifndef ZX_FUZZ_COMMON_H
#define ZX_FUZZ_COMMON_H
#define _GNU_SOURCE 1
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fields.h"
#include "record.h"

#ifndef ZX_FUZZ_SHARE
#define ZX_FUZZ_SHARE "share"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* $ZHIXING_SHARE, else the compiled path. */
static inline const char *fuzz_sharedir(void)
{
    const char *s = getenv("ZHIXING_SHARE");
    return s && *s ? s : ZX_FUZZ_SHARE;
}

/* Loads the field tables once; aborts when share/ is missing, since every
 * input would otherwise be rejected without exercising anything. */
static inline void fuzz_fields_once(void)
{
    static int done;
    if (done) return;
    zx_tool_name = "fuzz";
    char *err = NULL;
    if (fields_init(fuzz_sharedir(), NULL, &err) != 0) {
        fprintf(stderr, "fuzz: fields_init(%s): %s\n", fuzz_sharedir(), err ? err : "?");
        abort();
    }
    done = 1;
}

/* Writes data to a fresh memfd; returns its fd (caller closes) and the
 * path "/proc/self/fd/N" in path. -1 when it cannot. */
static inline int fuzz_memfd(const uint8_t *data, size_t size, char path[64])
{
    int fd = memfd_create("fuzz-input", 0);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) { close(fd); return -1; }
        off += (size_t)w;
    }
    lseek(fd, 0, SEEK_SET);
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

/* A NUL-ended copy of the input (caller frees). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

#endif
