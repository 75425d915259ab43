/* calendar.c: China's working days, from the holiday-cn JSON files.
 *
 * The calendar keeps every file's entries (a "source", one per notice year)
 * and from them a bitmap with one bit per day of 1900..2199: set when the day
 * is a working day.  The bitmap is rebuilt after each file is added: the
 * weekends first, then each source's listed days in ascending year order,
 * so a later notice wins over an earlier one on the same day.  A year is
 * covered when a source of that year was loaded; a notice may list a few
 * days of the year before (2019.json has 2018-12-29..31), which count when
 * that year is covered too. */
#include "calendar.h"
#include "xalloc.h"
#include "date.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { FIRST_YEAR = 1900, LAST_YEAR = 2199, NYEARS = LAST_YEAR - FIRST_YEAR + 1 };

typedef struct {
    int32_t day;
    int off;               /* 1 a day off, 0 an adjusted working day */
} entry;

typedef struct {
    int year;              /* the notice's year */
    entry *days;
    size_t n;
} source;

struct calendar {
    source *src;           /* sorted by year, one per year */
    size_t nsrc;
    int32_t first_day;     /* 1900-01-01 */
    size_t ndays;          /* days in 1900..2199 */
    unsigned char covered[NYEARS];
    int32_t year_start[NYEARS + 1];  /* the first day of each year, and of 2200 */
    unsigned char *work;   /* bit per day since first_day: working day */
    unsigned char *cov;    /* bit per day since first_day: its year is covered */
};

static void set_err(char **err, char *m)
{
    if (err) *err = m;
    else free(m);
}

static int weekday_is_work(int32_t day)
{
    return date_weekday(day) < 5;
}

static void set_bit(calendar *cal, int32_t day, int work)
{
    size_t i = (size_t)(day - cal->first_day);
    if (work) cal->work[i / 8] |= (unsigned char)(1u << (i % 8));
    else cal->work[i / 8] &= (unsigned char)~(1u << (i % 8));
}

/* Marks the year covered: its flag and its days' bits in cal->cov. */
static void mark_covered(calendar *cal, int year)
{
    cal->covered[year - FIRST_YEAR] = 1;
    for (int32_t d = cal->year_start[year - FIRST_YEAR]; d < cal->year_start[year - FIRST_YEAR + 1]; d++) {
        size_t i = (size_t)(d - cal->first_day);
        cal->cov[i / 8] |= (unsigned char)(1u << (i % 8));
    }
}

/* The working days of the weekends alone.  Eight days a byte and seven a
 * week: the bits repeat every seven bytes, so the first seven are set day
 * by day and copied on. */
static void fill_weekdays(calendar *cal)
{
    size_t nbytes = (cal->ndays + 7) / 8;
    for (size_t i = 0; i < 56 && i < cal->ndays; i++)
        set_bit(cal, cal->first_day + (int32_t)i, weekday_is_work(cal->first_day + (int32_t)i));
    for (size_t b = 7; b < nbytes; b++) cal->work[b] = cal->work[b - 7];
    if (cal->ndays % 8)   /* no bits past the last day */
        cal->work[nbytes - 1] &= (unsigned char)((1u << (cal->ndays % 8)) - 1);
}

static void rebuild(calendar *cal)
{
    memset(cal->covered, 0, sizeof cal->covered);
    memset(cal->cov, 0, (cal->ndays + 7) / 8);
    fill_weekdays(cal);
    for (size_t s = 0; s < cal->nsrc; s++) {
        mark_covered(cal, cal->src[s].year);
        for (size_t k = 0; k < cal->src[s].n; k++)
            set_bit(cal, cal->src[s].days[k].day, !cal->src[s].days[k].off);
    }
}

/* ---- the quick reading of a well-formed file ----
 *
 * Every tool loads the whole calendar at start, and jansson took a third
 * of that start (a hash table per day).  A file in the plain form
 * holiday-cn writes (no escapes, integers, every day well formed) is read
 * here without building JSON values; anything else, including every error,
 * is left to jansson (read_source), so the messages stay jansson's and
 * this reading never accepts what jansson would refuse. */

typedef struct { const char *p, *end; int depth; } cursor;

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

/* A string without escapes or control characters, valid UTF-8: its bytes
 * in *s, *n.  0, or -1 (leave it to jansson). */
static int quick_string(cursor *c, const char **s, size_t *n)
{
    if (c->p >= c->end || *c->p != '"') return -1;
    const char *b = ++c->p;
    while (c->p < c->end && *c->p != '"') {
        unsigned char ch = (unsigned char)*c->p;
        if (ch < 0x20 || ch == '\\') return -1;
        size_t len = utf8_seq_len((const unsigned char *)c->p, (size_t)(c->end - c->p));
        if (!len) return -1;
        c->p += len;
    }
    if (c->p >= c->end) return -1;
    *s = b;
    *n = (size_t)(c->p - b);
    c->p++;
    return 0;
}

/* An integer of at most 18 digits, no fraction or exponent. */
static int quick_integer(cursor *c, long long *v)
{
    int neg = c->p < c->end && *c->p == '-';
    if (neg) c->p++;
    const char *b = c->p;
    long long x = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && c->p - b < 18) x = x * 10 + (*c->p++ - '0');
    size_t nd = (size_t)(c->p - b);
    if (nd == 0 || (nd > 1 && *b == '0')) return -1;
    if (c->p < c->end && ((*c->p >= '0' && *c->p <= '9') || *c->p == '.' || *c->p == 'e' || *c->p == 'E')) return -1;
    *v = neg ? -x : x;
    return 0;
}

static int quick_word(cursor *c, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return -1;
    c->p += n;
    if (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') || (*c->p >= '0' && *c->p <= '9'))) return -1;
    return 0;
}

static int quick_skip(cursor *c);

/* The members or elements of an object or array, each passed to item
 * (NULL: skipped) with the member's key.  0, or -1. */
static int quick_items(cursor *c, int object, int (*item)(cursor *, const char *, size_t, void *), void *arg)
{
    if (++c->depth > 32) return -1;
    c->p++;   /* '{' or '[' */
    skip_ws(c);
    if (c->p < c->end && *c->p == (object ? '}' : ']')) { c->p++; c->depth--; return 0; }
    for (;;) {
        const char *key = NULL;
        size_t klen = 0;
        skip_ws(c);
        if (object) {
            if (quick_string(c, &key, &klen) != 0) return -1;
            skip_ws(c);
            if (c->p >= c->end || *c->p++ != ':') return -1;
            skip_ws(c);
        }
        if ((item ? item(c, key, klen, arg) : quick_skip(c)) != 0) return -1;
        skip_ws(c);
        if (c->p >= c->end) return -1;
        char ch = *c->p++;
        if (ch == ',') continue;
        if (ch != (object ? '}' : ']')) return -1;
        c->depth--;
        return 0;
    }
}

static int quick_skip(cursor *c)
{
    const char *s;
    size_t n;
    long long v;
    if (c->p >= c->end) return -1;
    switch (*c->p) {
    case '{': return quick_items(c, 1, NULL, NULL);
    case '[': return quick_items(c, 0, NULL, NULL);
    case '"': return quick_string(c, &s, &n);
    case 't': return quick_word(c, "true");
    case 'f': return quick_word(c, "false");
    case 'n': return quick_word(c, "null");
    default: return quick_integer(c, &v);
    }
}

static int is_key(const char *key, size_t n, const char *name)
{
    return n == strlen(name) && memcmp(key, name, n) == 0;
}

/* What the quick reading gathers. */
typedef struct {
    long long year;
    int has_year, has_days;
    entry *days;
    size_t n, cap;
    const char *date;      /* the day at hand: its "date" and "isOffDay" */
    size_t date_len;
    int off;               /* -1 not seen */
} quick_file;

static int quick_day_member(cursor *c, const char *key, size_t n, void *arg)
{
    quick_file *q = arg;
    if (is_key(key, n, "date")) {
        if (q->date) return -1;   /* given twice */
        return quick_string(c, &q->date, &q->date_len);
    }
    if (is_key(key, n, "isOffDay")) {
        if (q->off >= 0) return -1;
        if (quick_word(c, "true") == 0) q->off = 1;
        else if (quick_word(c, "false") == 0) q->off = 0;
        else return -1;
        return 0;
    }
    return quick_skip(c);
}

static int quick_day(cursor *c, const char *key, size_t n, void *arg)
{
    (void)key, (void)n;
    quick_file *q = arg;
    if (c->p >= c->end || *c->p != '{') return -1;
    q->date = NULL;
    q->off = -1;
    if (quick_items(c, 1, quick_day_member, q) != 0 || !q->date || q->off < 0) return -1;
    zdate z;
    if (date_parse(q->date, q->date_len, &z) < 0 || z.min != ZDATE_NOTIME) return -1;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 64;
        entry *g = realloc(q->days, cap * sizeof *g);
        if (!g) return -1;
        q->days = g;
        q->cap = cap;
    }
    q->days[q->n].day = z.day;
    q->days[q->n].off = q->off;
    q->n++;
    return 0;
}

static int quick_member(cursor *c, const char *key, size_t n, void *arg)
{
    quick_file *q = arg;
    if (c->depth == 1 && is_key(key, n, "year")) {
        if (q->has_year) return -1;
        q->has_year = 1;
        return quick_integer(c, &q->year);
    }
    if (c->depth == 1 && is_key(key, n, "days")) {
        if (q->has_days || c->p >= c->end || *c->p != '[') return -1;
        q->has_days = 1;
        return quick_items(c, 0, quick_day, q);
    }
    return quick_skip(c);
}

/* The file at path read quickly into *out, as read_source would: 0, or -1
 * when it is not in the plain form or not right (read_source decides). */
static int read_source_quick(const char *path, source *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct stat st;
    char *text = NULL;
    quick_file q = {.off = -1};
    int rc = -1;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > (1 << 20)) goto out;
    size_t len = (size_t)st.st_size;
    if (!(text = malloc(len)) || fread(text, 1, len, f) != len) goto out;
    cursor c = {text, text + len, 0};
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{' || quick_items(&c, 1, quick_member, &q) != 0) goto out;
    skip_ws(&c);
    if (c.p != c.end || !q.has_year || !q.has_days || q.year < FIRST_YEAR || q.year > LAST_YEAR) goto out;
    for (size_t i = 0; i < q.n; i++) {
        int y, m, d;
        date_to_ymd(q.days[i].day, &y, &m, &d);
        if (y < q.year - 1 || y > q.year + 1 || y < FIRST_YEAR || y > LAST_YEAR) goto out;
    }
    if (!q.days && !(q.days = calloc(1, sizeof *q.days))) goto out;
    out->year = (int)q.year;
    out->days = q.days;
    out->n = q.n;
    q.days = NULL;
    rc = 0;
out:
    free(q.days);
    free(text);
    fclose(f);
    return rc;
}

/* Reads one holiday-cn file into *out (out->days malloc'd, owned by the
 * caller).  0, or -1 with *err. */
static int read_source(const char *path, source *out, char **err)
{
    if (read_source_quick(path, out) == 0) return 0;
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        set_err(err, xasprintf("%s:%d: %s", path, jerr.line, jerr.text));
        return -1;
    }
    char *m = NULL;
    json_t *jyear = json_object_get(root, "year");
    json_t *jdays = json_object_get(root, "days");
    entry *days = NULL;
    size_t n = 0;
    if (!json_is_object(root)) {
        m = xasprintf("%s: not a calendar: the top level is not an object", path);
        goto fail;
    }
    if (!json_is_integer(jyear) || json_integer_value(jyear) < FIRST_YEAR
        || json_integer_value(jyear) > LAST_YEAR) {
        m = xasprintf("%s: year: missing or not a year between %d and %d", path, FIRST_YEAR, LAST_YEAR);
        goto fail;
    }
    int year = (int)json_integer_value(jyear);
    if (!json_is_array(jdays)) {
        m = xasprintf("%s: days: missing or not an array", path);
        goto fail;
    }
    n = json_array_size(jdays);
    days = calloc(n ? n : 1, sizeof *days);
    if (!days) { m = xasprintf("%s: out of memory", path); goto fail; }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(jdays, i);
        json_t *jdate = json_object_get(e, "date");
        json_t *joff = json_object_get(e, "isOffDay");
        const char *ds = json_string_value(jdate);
        zdate z;
        int y, mo, d;
        if (!ds || date_parse(ds, strlen(ds), &z) < 0 || z.min != ZDATE_NOTIME) {
            m = xasprintf("%s: days[%zu].date: not a date: %s", path, i, ds ? ds : "(missing)");
            goto fail;
        }
        date_to_ymd(z.day, &y, &mo, &d);
        if (y < year - 1 || y > year + 1 || y < FIRST_YEAR || y > LAST_YEAR) {
            m = xasprintf("%s: days[%zu].date: %s is not near the year %d", path, i, ds, year);
            goto fail;
        }
        if (!json_is_boolean(joff)) {
            m = xasprintf("%s: days[%zu].isOffDay: missing or not true/false", path, i);
            goto fail;
        }
        days[i].day = z.day;
        days[i].off = json_is_true(joff);
    }
    json_decref(root);
    out->year = year;
    out->days = days;
    out->n = n;
    return 0;
fail:
    free(days);
    json_decref(root);
    set_err(err, m);
    return -1;
}

/* Puts src into cal, replacing a source of the same year; takes src.days. */
static void put_source(calendar *cal, source src)
{
    size_t i = 0;
    while (i < cal->nsrc && cal->src[i].year < src.year) i++;
    if (i == cal->nsrc) {   /* the latest year (the directory's files come in order): its days go on top */
        cal->src[cal->nsrc++] = src;
        mark_covered(cal, src.year);
        for (size_t k = 0; k < src.n; k++) set_bit(cal, src.days[k].day, !src.days[k].off);
        return;
    }
    if (cal->src[i].year == src.year) {
        free(cal->src[i].days);
        cal->src[i] = src;
    } else {
        memmove(cal->src + i + 1, cal->src + i, (cal->nsrc - i) * sizeof *cal->src);
        cal->src[i] = src;
        cal->nsrc++;
    }
    rebuild(cal);
}

/* Reads path and puts it into cal; when expect_year is not 0, the file's
 * "year" must be it.  0, or -1 with *err. */
static int add_file(calendar *cal, const char *path, int expect_year, char **err)
{
    source src;
    if (read_source(path, &src, err) < 0) return -1;
    if (expect_year && src.year != expect_year) {
        free(src.days);
        set_err(err, xasprintf("%s: year: %d, but the file's name says %d", path, src.year, expect_year));
        return -1;
    }
    source *grown = realloc(cal->src, (cal->nsrc + 1) * sizeof *cal->src);
    if (!grown) {
        free(src.days);
        set_err(err, xasprintf("%s: out of memory", path));
        return -1;
    }
    cal->src = grown;
    put_source(cal, src);
    return 0;
}

int calendar_add_file(calendar *cal, const char *path, char **err)
{
    return add_file(cal, path, 0, err);
}

/* An empty calendar (weekends only, nothing covered); NULL when out of memory. */
static calendar *calendar_new(void)
{
    calendar *cal = calloc(1, sizeof *cal);
    if (!cal) return NULL;
    cal->first_day = date_from_ymd(FIRST_YEAR, 1, 1);
    cal->ndays = (size_t)(date_from_ymd(LAST_YEAR + 1, 1, 1) - cal->first_day);
    for (int y = FIRST_YEAR; y <= LAST_YEAR + 1; y++) cal->year_start[y - FIRST_YEAR] = date_from_ymd(y, 1, 1);
    cal->work = calloc((cal->ndays + 7) / 8, 1);
    cal->cov = calloc((cal->ndays + 7) / 8, 1);
    if (!cal->work || !cal->cov) { free(cal->work); free(cal->cov); free(cal); return NULL; }
    rebuild(cal);
    return cal;
}

/* 1 if name is "YYYY.json"; the year in *year. */
static int calendar_file_name(const char *name, int *year)
{
    if (strlen(name) != 9 || strcmp(name + 4, ".json") != 0) return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9') return 0;
        y = y * 10 + (name[i] - '0');
    }
    *year = y;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted "YYYY.json" names in dir: a malloc'd array of malloc'd names
 * the caller frees, count in *n; NULL with *err when dir cannot be read. */
static char **list_year_files(const char *dir, size_t *n, char **err)
{
    DIR *d = opendir(dir);
    if (!d) {
        set_err(err, xasprintf("%s: cannot open the calendar directory: %s", dir, strerror(errno)));
        return NULL;
    }
    char **names = NULL;
    size_t len = 0, cap = 0;
    struct dirent *de;
    int year;
    while ((de = readdir(d))) {
        if (!calendar_file_name(de->d_name, &year)) continue;
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            char **g = realloc(names, cap * sizeof *names);
            if (!g) goto oom;
            names = g;
        }
        if (!(names[len] = strdup(de->d_name))) goto oom;
        len++;
    }
    if (!names && !(names = calloc(1, sizeof *names))) goto oom;
    closedir(d);
    qsort(names, len, sizeof *names, cmp_str);
    *n = len;
    return names;
oom:
    closedir(d);
    for (size_t i = 0; i < len; i++) free(names[i]);
    free(names);
    set_err(err, xasprintf("%s: out of memory", dir));
    return NULL;
}

calendar *calendar_load_dir(const char *dir, char **err)
{
    size_t n = 0;
    char **names = list_year_files(dir, &n, err);
    if (!names) return NULL;
    calendar *cal = calendar_new();
    char *m = NULL;
    if (!cal) m = xasprintf("%s: out of memory", dir);
    else if (n == 0) m = xasprintf("%s: no calendar files (YYYY.json)", dir);
    for (size_t i = 0; i < n && !m; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        if (!path) { m = xasprintf("%s: out of memory", dir); break; }
        int year = 0;
        calendar_file_name(names[i], &year);
        if (add_file(cal, path, year, &m) < 0 && !m) m = xasprintf("%s: out of memory", path);
        free(path);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (m) {
        calendar_free(cal);
        set_err(err, m);
        return NULL;
    }
    return cal;
}

int calendar_covers(const calendar *cal, int32_t day)
{
    if (!cal || day < cal->first_day || (size_t)(day - cal->first_day) >= cal->ndays) return 0;
    size_t i = (size_t)(day - cal->first_day);
    return (cal->cov[i / 8] >> (i % 8)) & 1;
}

int calendar_is_workday(const calendar *cal, int32_t day, int *estimated)
{
    if (!calendar_covers(cal, day)) {
        if (estimated) *estimated = 1;
        return weekday_is_work(day);
    }
    size_t i = (size_t)(day - cal->first_day);
    return (cal->work[i / 8] >> (i % 8)) & 1;
}

void calendar_free(calendar *cal)
{
    if (!cal) return;
    for (size_t i = 0; i < cal->nsrc; i++) free(cal->src[i].days);
    free(cal->src);
    free(cal->work);
    free(cal->cov);
    free(cal);
}
