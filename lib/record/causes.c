/* causes.c: the cause hierarchy of share/causes.tsv (see causes.h).
 *
 * The causes are held sorted by name, each with the index of its parent,
 * so a look-up is a binary search and "listed under" a walk up a few
 * parents.  The texts already warned about are the only other state. */
#include "causes.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "warned.h"
#include "xalloc.h"

typedef struct {
    char *name;
    char *parent_name;   /* while loading; freed once resolved */
    int parent;          /* index, -1 for a top-level part */
} cause;

static cause *causes;
static size_t ncauses;

enum { DEPTH_MAX = 16 };
static warned_set warned;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const cause *)a)->name, ((const cause *)b)->name);
}

/* The text without blanks (ASCII, U+3000) at either end, into buf of size
 * n; NULL when it does not fit. */
static const char *trimmed(const char *s, char *buf, size_t n)
{
    for (;;) {
        if (*s == ' ' || *s == '\t') s++;
        else if (!strncmp(s, "\xE3\x80\x80", 3)) s += 3;
        else break;
    }
    size_t len = strlen(s);
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
        else if (len >= 3 && !strncmp(s + len - 3, "\xE3\x80\x80", 3)) len -= 3;
        else break;
    }
    if (len >= n) return NULL;
    memcpy(buf, s, len);
    buf[len] = 0;
    return buf;
}

static long find(const char *name)
{
    char buf[256];
    const char *t = trimmed(name, buf, sizeof buf);
    if (!t || !causes) return -1;
    cause key = {.name = (char *)t};
    const cause *c = bsearch(&key, causes, ncauses, sizeof *causes, by_name);
    return c ? c - causes : -1;
}

/* Sorts the table and resolves each parent; 0, or -1 with *err. */
static int resolve(const char *path, char **err)
{
    qsort(causes, ncauses, sizeof *causes, by_name);
    for (size_t i = 0; i + 1 < ncauses; i++)
        if (!strcmp(causes[i].name, causes[i + 1].name)) {
            *err = xasprintf("%s: cause '%s' listed twice", path, causes[i].name);
            return -1;
        }
    for (size_t i = 0; i < ncauses; i++) {
        cause *c = &causes[i];
        c->parent = -1;
        if (*c->parent_name && (c->parent = (int)find(c->parent_name)) < 0) {
            *err = xasprintf("%s: cause '%s': unknown parent '%s'", path, c->name, c->parent_name);
            return -1;
        }
    }
    for (size_t i = 0; i < ncauses; i++) {
        int depth = 0;
        for (int k = (int)i; k >= 0; k = causes[k].parent)
            if (++depth > DEPTH_MAX) {
                *err = xasprintf("%s: cause '%s': its parents make a cycle", path, causes[i].name);
                return -1;
            }
        free(causes[i].parent_name);
        causes[i].parent_name = NULL;
    }
    return 0;
}

typedef struct load_ctx { const char *path; size_t room; } load_ctx;

/* One line: a cause, TAB, the cause it is listed under (empty at the top). */
static int cause_line(void *cx, char *line, long lineno, char **err)
{
    load_ctx *c = cx;
    char *tab = strchr(line, '\t');
    if (tab) *tab = 0;
    if (!*line || strchr(tab ? tab + 1 : "", '\t')) {
        *err = xasprintf("%s:%ld: want a cause, TAB, the cause it is listed under", c->path, lineno);
        return -1;
    }
    if (ncauses == c->room) {
        c->room = c->room ? c->room * 2 : 256;
        causes = xrealloc(causes, c->room * sizeof *causes);
    }
    causes[ncauses++] = (cause){xstrdup(line), xstrdup(tab ? tab + 1 : ""), -1};
    return 0;
}

int causes_load(const char *path, char **err)
{
    causes_free();
    load_ctx c = {path, 0};
    int rc = tsv_each(path, cause_line, &c, err);
    if (rc == 0) rc = resolve(path, err);
    if (rc != 0) causes_free();
    return rc;
}

void causes_free(void)
{
    for (size_t i = 0; i < ncauses; i++) {
        free(causes[i].name);
        free(causes[i].parent_name);
    }
    free(causes);
    causes = NULL;
    ncauses = 0;
    warned_clear(&warned);
}

int cause_known(const char *name)
{
    return find(name) >= 0;
}

int cause_under(const char *c, const char *ancestor)
{
    long i = find(c), a = find(ancestor);
    if (i < 0) return -1;
    for (long k = i; k >= 0; k = causes[k].parent)
        if (k == a) return 1;
    return 0;
}

void cause_warn_unknown(const char *c, const char *file, long line)
{
    if (zx_quiet) return;
    int first = warned_first(&warned, c);
    const char *where = file ? file : "<stdin>";
    if (first < 0)
        fprintf(stderr, "%s:%ld: cause: warning: more causes not in causes.tsv; not reported one by one\n", where, line);
    if (first <= 0) return;
    fprintf(stderr, "%s:%ld: cause: warning: '%s' is not a cause of causes.tsv (民事案件案由规定 2020); "
                    "rules naming causes match it only exactly (reported once)\n", where, line, c);
}
