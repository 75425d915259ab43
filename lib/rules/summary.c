/* summary.c: the team x handler table (summary.h). */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "money_json.h"
#include "xalloc.h"

typedef struct sum_row {
    char *team, *handler;   /* NULL when the case has none */
    int64_t cases;
    int64_t *v;             /* ncols counters */
} sum_row;

struct summary {
    const sum_col *cols;
    size_t ncols;
    int only_flagged;
    json_t *index;          /* "+team\x1fhandler" or "-\x1fhandler" -> position in rows */
    sum_row *rows;
    size_t n, cap;
};

summary *summary_new(const sum_col *cols, size_t ncols, int only_flagged)
{
    summary *s = calloc(1, sizeof *s);
    if (!s || !(s->index = json_object())) {
        free(s);
        return NULL;
    }
    s->cols = cols;
    s->ncols = ncols;
    s->only_flagged = only_flagged;
    return s;
}

void summary_free(summary *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->rows[i].team);
        free(s->rows[i].handler);
        free(s->rows[i].v);
    }
    free(s->rows);
    json_decref(s->index);
    free(s);
}

/* The row of team x handler, made when new. */
static sum_row *row_for(summary *s, const char *team, const char *handler)
{
    char *key = xasprintf("%s%s\x1f%s", team ? "+" : "-", team ? team : "", handler ? handler : "");
    json_t *at = json_object_get(s->index, key);
    if (at) {
        free(key);
        return &s->rows[json_integer_value(at)];
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        s->rows = xrealloc(s->rows, cap * sizeof *s->rows);
        s->cap = cap;
    }
    sum_row *row = &s->rows[s->n];
    memset(row, 0, sizeof *row);
    row->team = team ? xstrdup(team) : NULL;
    row->handler = handler ? xstrdup(handler) : NULL;
    row->v = xcalloc(s->ncols ? s->ncols : 1, sizeof *row->v);
    if (json_object_set_new(s->index, key, json_integer((json_int_t)s->n)) != 0) xalloc_die();
    free(key);
    s->n++;
    return row;
}

int64_t *summary_add(summary *s, const zrec *r, int flagged)
{
    if (s->only_flagged && !flagged && !r->nerrors) return NULL;
    const char *team = NULL, *handler = NULL;
    if (rec_text(r, "team", &team) != 1) team = NULL;
    if (rec_text(r, "handler", &handler) != 1) handler = NULL;
    sum_row *row = row_for(s, team, handler);
    row->cases++;
    return row->v;
}

static int cmp_text(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_rows(const void *x, const void *y)
{
    const sum_row *a = x, *b = y;
    int c = cmp_text(a->team, b->team);
    return c ? c : cmp_text(a->handler, b->handler);
}

static json_t *text_or_null(const char *s) { return s ? json_string(s) : json_null(); }

int summary_write(summary *s, zwriter *w, char **err)
{
    if (s->n) qsort(s->rows, s->n, sizeof *s->rows, cmp_rows);
    json_object_clear(s->index);   /* positions no longer hold */
    for (size_t i = 0; i < s->n; i++) {
        const sum_row *row = &s->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "team", text_or_null(row->team));
        json_object_set_new(o, "handler", text_or_null(row->handler));
        json_object_set_new(o, "cases", json_integer(row->cases));
        for (size_t k = 0; k < s->ncols; k++)
            json_object_set_new(o, s->cols[k].name,
                                s->cols[k].type == SUM_MONEY ? money_json(row->v[k]) : json_integer(row->v[k]));
        int rc = writer_put_json(w, o);
        json_decref(o);
        if (rc != 0) {
            *err = strdup("write error");
            return -1;
        }
    }
    return 0;
}
