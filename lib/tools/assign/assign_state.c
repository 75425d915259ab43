/* assign_state.c: assign's rotation cursors, loads and bags, kept in a file. */
#include "assign_state.h"
#include "jalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { STATE_VERSION = 1 };

int astate_fresh(astate *st, const char *profile_id)
{
    st->root = json_pack("{s:i,s:s,s:{},s:{},s:{}}", "version", STATE_VERSION, "profile", profile_id,
                         "cursors", "loads", "bags");
    if (!st->root) return -1;
    st->cursors = json_object_get(st->root, "cursors");
    st->loads = json_object_get(st->root, "loads");
    st->bags = json_object_get(st->root, "bags");
    return 0;
}

void astate_free(astate *st)
{
    json_decref(st->root);
    memset(st, 0, sizeof *st);
}

/* Sets *err to "state file PATH: what" (malloc'd); returns -1. */
static int bad(char **err, const char *path, const char *what)
{
    if (asprintf(err, "state file %s: %s", path, what) < 0) *err = NULL;
    return -1;
}

/* Checks the shape of a loaded state; NULL when good, else what is wrong
 * (static text, or buf). */
static const char *check_shape(json_t *root, const char *profile_id, char *buf, size_t cap)
{
    if (!json_is_object(root)) return "not a JSON object";
    if (json_integer_value(json_object_get(root, "version")) != STATE_VERSION) return "unknown version (want 1)";
    const char *prof = json_string_value(json_object_get(root, "profile"));
    if (!prof) return "no profile";
    if (strcmp(prof, profile_id) != 0) {
        snprintf(buf, cap, "written for profile '%s', not '%s'", prof, profile_id);
        return buf;
    }
    json_t *cur = json_object_get(root, "cursors"), *loads = json_object_get(root, "loads");
    json_t *bags = json_object_get(root, "bags"), *v, *x;
    if (!json_is_object(cur) || !json_is_object(loads) || !json_is_object(bags))
        return "\"cursors\", \"loads\" and \"bags\" must be objects";
    const char *k;
    size_t i;
    json_object_foreach(cur, k, v) if (!json_is_string(v)) return "a cursor is not a name";
    json_object_foreach(loads, k, v) if (!json_is_integer(v) || json_integer_value(v) < 0) return "a load is not a count";
    json_object_foreach(bags, k, v) {
        const char *rng = json_string_value(json_object_get(v, "rng"));
        if (!rng || strlen(rng) != 16 || strspn(rng, "0123456789abcdef") != 16) return "a bag has no valid \"rng\"";
        if (!json_is_array(json_object_get(v, "left"))) return "a bag has no \"left\" list";
        json_array_foreach(json_object_get(v, "left"), i, x) if (!json_is_string(x)) return "a bag holds a non-name";
    }
    return NULL;
}

int astate_load(astate *st, const char *path, const char *profile_id, char **err)
{
    memset(st, 0, sizeof *st);
    if (access(path, F_OK) != 0 && errno == ENOENT) return astate_fresh(st, profile_id);
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        char what[256];
        if (je.line > 0) snprintf(what, sizeof what, "line %d: %s", je.line, je.text);
        else snprintf(what, sizeof what, "%s", je.text);
        return bad(err, path, what);
    }
    char what[256];
    const char *why = check_shape(root, profile_id, what, sizeof what);
    if (why) {
        int rc = bad(err, path, why);
        json_decref(root);
        return rc;
    }
    st->root = root;
    st->cursors = json_object_get(root, "cursors");
    st->loads = json_object_get(root, "loads");
    st->bags = json_object_get(root, "bags");
    return 0;
}

/* Writes all of buf to fd.  0, or -1 (errno). */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

int astate_save(const astate *st, const char *path, char **err)
{
    char *text = json_dumps_malloc(st->root, JSON_SORT_KEYS | JSON_INDENT(1));
    char *dircopy = strdup(path), *basecopy = strdup(path), *tmp = NULL;
    int fd = -1, rc = -1, dfd = -1;
    if (!text || !dircopy || !basecopy) { bad(err, path, "out of memory"); goto out; }
    const char *dir = dirname(dircopy), *base = basename(basecopy);
    if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, base) < 0) { tmp = NULL; bad(err, path, "out of memory"); goto out; }
    if ((fd = mkstemp(tmp)) < 0) { bad(err, path, strerror(errno)); free(tmp); tmp = NULL; goto out; }
    /* keep the old file's permissions; a new one gets 0666 less the umask */
    struct stat old;
    mode_t mode;
    if (stat(path, &old) == 0) mode = old.st_mode & 07777;
    else { mode_t um = umask(0); umask(um); mode = 0666 & ~um; }
    size_t n = strlen(text);
    if (fchmod(fd, mode) != 0 || write_all(fd, text, n) != 0 || write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
        bad(err, path, strerror(errno));
        goto out;
    }
    if (close(fd) != 0) { fd = -1; bad(err, path, strerror(errno)); goto out; }
    fd = -1;
    if (rename(tmp, path) != 0) { bad(err, path, strerror(errno)); goto out; }
    free(tmp);
    tmp = NULL;
    /* the rename is durable once the directory is */
    if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) < 0 || fsync(dfd) != 0) { bad(err, path, strerror(errno)); goto out; }
    rc = 0;
out:
    if (fd >= 0) close(fd);
    if (dfd >= 0) close(dfd);
    if (tmp) { unlink(tmp); free(tmp); }
    free(text);
    free(dircopy);
    free(basecopy);
    return rc;
}

const char *astate_cursor(const astate *st, const char *key)
{
    return json_string_value(json_object_get(st->cursors, key));
}

void astate_set_cursor(astate *st, const char *key, const char *name)
{
    json_t *v = json_object_get(st->cursors, key);
    if (json_is_string(v) && json_string_set(v, name) == 0) return;   /* in place: once per pick */
    json_object_set_new(st->cursors, key, json_string(name));
}

long long astate_load_of(const astate *st, const char *name)
{
    return json_integer_value(json_object_get(st->loads, name));
}

void astate_add_load(astate *st, const char *name)
{
    json_t *v = json_object_get(st->loads, name);
    if (json_is_integer(v)) json_integer_set(v, json_integer_value(v) + 1);   /* in place */
    else json_object_set_new(st->loads, name, json_integer(json_integer_value(v) + 1));
}

json_t *astate_bag(astate *st, const char *key, uint64_t seed, uint64_t *rng)
{
    json_t *bag = json_object_get(st->bags, key);
    if (!bag) {
        bag = json_pack("{s:s,s:[]}", "rng", "0000000000000000", "left");
        json_object_set_new(st->bags, key, bag);
        astate_set_rng(st, key, seed);
    }
    const char *hex = json_string_value(json_object_get(bag, "rng"));
    *rng = strtoull(hex, NULL, 16);
    return json_object_get(bag, "left");
}

void astate_set_rng(astate *st, const char *key, uint64_t rng)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, rng);
    json_object_set_new(json_object_get(st->bags, key), "rng", json_string(hex));
}
