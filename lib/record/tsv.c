/* tsv.c: the line loop of share/'s tables (tsv.h). */
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

int tsv_each(const char *path, tsv_line_fn fn, void *ctx, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (asprintf(err, "cannot open %s: %s", path, strerror(errno)) < 0) *err = NULL;
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0 || line[0] == '#') continue;
        rc = fn(ctx, line, lineno, err);
    }
    free(line);
    fclose(f);
    return rc;
}
