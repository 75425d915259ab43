/* replay_main: runs a harness's LLVMFuzzerTestOneInput on each file named
 * on the command line, without libFuzzer (for t/fuzz.bats and for
 * reproducing a crash under gdb or valgrind).  Exit 0 when every input
 * ran; a crash or abort in the harness ends the process as it would under
 * the fuzzer; 2 when a file cannot be read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file's bytes (caller frees), or NULL. */
static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger) { free(buf); buf = NULL; }
            buf = bigger;
        }
    }
    if (buf && ferror(fp)) { free(buf); buf = NULL; }
    fclose(fp);
    *n = len;
    return buf;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t n = 0;
        uint8_t *data = slurp(argv[i], &n);
        if (!data) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 2;
        }
        LLVMFuzzerTestOneInput(data, n);
        free(data);
    }
    return 0;
}
