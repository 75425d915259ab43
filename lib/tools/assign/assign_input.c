/* assign_input.c: the first reading of assign's input (assign_input.h). */
#include "assign_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expr.h"
#include "fields.h"
#include "reader.h"

/* Copies all of fd `from` into a new unlinked temporary file; its fd, or
 * -1 with *err naming `what`. */
static int copy_to_temp(int from, const char *what, char **err)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    char *path = NULL;
    if (asprintf(&path, "%s/zhixing-assign.XXXXXX", dir) < 0) { *err = strdup("out of memory"); return -1; }
    int fd = mkstemp(path);
    if (fd >= 0) unlink(path);
    char buf[1 << 16];
    ssize_t got = fd < 0 ? -1 : 0;
    while (fd >= 0 && (got = read(from, buf, sizeof buf)) != 0) {
        if (got < 0) { if (errno == EINTR) continue; break; }
        for (ssize_t off = 0; off < got;) {
            ssize_t w = write(fd, buf + off, (size_t)(got - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) { got = -1; break; }
            off += w;
        }
        if (got < 0) break;
    }
    if (got < 0 || fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        if (asprintf(err, "cannot copy %s to a temporary file in %s (assign reads its input twice): %s", what, dir,
                     strerror(errno)) < 0) *err = NULL;
        if (fd >= 0) close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

static int keep(input_copies *ic, int fd, char *name)
{
    int *fds = realloc(ic->fds, (ic->n + 1) * sizeof *fds);
    if (fds) ic->fds = fds;
    char **names = fds ? realloc(ic->names, (ic->n + 1) * sizeof *names) : NULL;
    if (names) ic->names = names;
    if (!fds || !names) return -1;
    ic->fds[ic->n] = fd;
    ic->names[ic->n++] = name;
    return 0;
}

/* The descriptor a path names through /dev/fd/N, /proc/self/fd/N or
 * /dev/stdin, else -1. */
static int fd_of_path(const char *path)
{
    int n, used = 0;
    if (!strcmp(path, "/dev/stdin")) return 0;
    if ((sscanf(path, "/dev/fd/%d%n", &n, &used) == 1 || sscanf(path, "/proc/self/fd/%d%n", &n, &used) == 1) &&
        path[used] == 0 && n >= 0)
        return n;
    return -1;
}

/* A named input that is not a regular file (a pipe, a FIFO, a device):
 * copied, and o->files[i] made to name the copy.  0, or -1 with *err. */
static int copy_named(const zopts *o, int i, input_copies *ic, char **err)
{
    const char *path = o->files[i];
    struct stat st;
    if (!strcmp(path, "-") || stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return 0;
    int in = open(path, O_RDONLY);
    if (in < 0) return 0;   /* the second reading says why */
    int fd = copy_to_temp(in, path, err);
    close(in);
    if (fd < 0) return -1;
    int target = fd_of_path(path);
    if (target >= 0 && target != fd) {
        /* the shell's <(...) as /dev/fd/N: the copy takes its number and name */
        if (dup2(fd, target) < 0) { close(fd); return -1; }
        close(fd);
        fd = target;
    }
    char *name = NULL;
    if (target < 0 && asprintf(&name, "/dev/fd/%d", fd) < 0) name = NULL;
    if ((target < 0 && !name) || keep(ic, fd, name) != 0) {
        free(name);
        close(fd);
        *err = strdup("out of memory");
        return -1;
    }
    if (name) o->files[i] = name;
    return 0;
}

/* Standard input, made seekable: its start offset, or -1 with *err. */
static off_t stdin_start(char **err)
{
    struct stat st;
    if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t at = lseek(STDIN_FILENO, 0, SEEK_CUR);
        if (at >= 0) return at;
    }
    int fd = copy_to_temp(STDIN_FILENO, "standard input", err);
    if (fd < 0) return -1;
    if (dup2(fd, STDIN_FILENO) < 0) {
        if (asprintf(err, "cannot copy standard input: %s", strerror(errno)) < 0) *err = NULL;
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* Reads one input through each (keys: the fields kept, n of them; 0:
 * all); 0, or each's non-zero value. */
static int read_one(const zopts *o, const char *path, const char *const *keys, size_t n,
                    int (*each)(void *, zrec *, int), void *arg)
{
    char *err = NULL;
    zreader *rd = reader_open(path, o->in_fmt, o->enc, &err);
    free(err);
    if (!rd) return 0;
    reader_lazy(rd);
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int rc = reader_only_keys(rd, keys, n);
    while (rc == 0 && reader_next(rd, &rec) == 1) {
        if (rec.broken) continue;
        if (reader_format(rd) == FMT_CSV) rec_unflatten(&rec);
        rc = each(arg, &rec, n == 0);
        if (rc != INPUT_WHOLE) continue;
        /* the same record, every field: never broken when it was not */
        if (reader_again_whole(rd, &rec) != 1 || rec.broken) { rc = -1; break; }
        if (reader_format(rd) == FMT_CSV) rec_unflatten(&rec);
        rc = each(arg, &rec, 1);
        if (rc == INPUT_WHOLE) rc = -1;
    }
    rec_clear(&rec);
    reader_close(rd);
    return rc;
}

/* Adds field to the object arg (a field name a rule holds). */
static void add_key(const char *field, void *arg)
{
    json_object_set_new(arg, field, json_true());
}

/* Adds every string of a rule's JSON (its keys and values) that names a
 * case field, by its canonical name: more than the rule reads, never less. */
static void add_named(json_t *keys, const json_t *v)
{
    const char *k, *c;
    json_t *x;
    size_t i;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (field_is_canonical(s)) add_key(s, keys);
        else if ((c = field_canonical_in(s, FS_CASE)) != NULL) add_key(c, keys);
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, x) add_named(keys, x);
    } else if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, x) {
            json_t *name = json_string(k);
            add_named(keys, name);
            json_decref(name);
            add_named(keys, x);
        }
    }
}

static void note_events(const char *field, void *arg)
{
    if (!strcmp(field, "events")) *(int *)arg = 1;
}

json_t *input_route_keys(const routes *rs)
{
    static const char *const fixed[] = {"case_no", "kind", "handler", "team", "track", "prior_team",
                                        "prior_handler", "flags", "filed_on", "closed_on", "_more"};
    json_t *keys = json_object();
    if (!keys) return NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) add_key(fixed[i], keys);
    int events = 0;
    for (size_t i = 0; i < rs->n; i++) {
        expr_fields(rs->v[i].when, note_events, &events);
        expr_fields(rs->v[i].when, add_key, keys);
        add_named(keys, rs->v[i].rule->def);
    }
    if (events) {
        json_decref(keys);
        return NULL;
    }
    return keys;
}

int input_first_pass(const zopts *o, input_copies *ic, json_t *keys, int (*each)(void *arg, zrec *r, int whole),
                     void *arg, char **err)
{
    size_t nkeys = json_object_size(keys), k = 0;
    const char **names = nkeys ? calloc(nkeys, sizeof *names) : NULL;
    const char *key;
    json_t *v;
    if (nkeys && !names) nkeys = 0;   /* every field: slower, the same */
    json_object_foreach(keys, key, v) if (names) names[k++] = key;
    int uses_stdin = o->nfiles == 0;
    for (int i = 0; i < o->nfiles; i++) {
        if (!strcmp(o->files[i], "-")) uses_stdin = 1;
        else if (copy_named(o, i, ic, err) != 0) {
            free(names);
            return -1;
        }
    }
    off_t start = uses_stdin ? stdin_start(err) : 0;
    if (start < 0) {
        free(names);
        return -1;
    }
    long errors = zx_data_errors;
    int quiet = zx_quiet, rc = 0;
    zx_quiet = 1;
    if (o->nfiles == 0) rc = read_one(o, "-", names, nkeys, each, arg);
    for (int i = 0; i < o->nfiles && rc == 0; i++) rc = read_one(o, o->files[i], names, nkeys, each, arg);
    free(names);
    zx_quiet = quiet;
    zx_data_errors = errors;
    if (uses_stdin && lseek(STDIN_FILENO, start, SEEK_SET) < 0) {
        if (asprintf(err, "cannot read standard input again: %s", strerror(errno)) < 0) *err = NULL;
        return -1;
    }
    return rc;
}

void input_copies_free(input_copies *ic)
{
    for (size_t i = 0; i < ic->n; i++) {
        close(ic->fds[i]);
        free(ic->names[i]);
    }
    free(ic->fds);
    free(ic->names);
    memset(ic, 0, sizeof *ic);
}
