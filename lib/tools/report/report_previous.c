/* report_previous.c: a previous run's jsonl (--previous), and freeing a
 * zreport (report_table.h). */
#include "report_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_vars.h"

json_t *report_previous_load(const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (asprintf(err, "--previous %s: cannot open: %m", path) < 0) *err = NULL;
        return NULL;
    }
    json_t *idx = json_object();
    char *line = NULL;
    size_t cap = 0;
    long ln = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        ln++;
        if (strspn(line, " \t\r\n") == (size_t)n) continue;
        json_t *row = json_loads(line, 0, NULL);
        json_t *g = json_object_get(row, "group");
        const char *ind = json_string_value(json_object_get(row, "indicator"));
        const char *unit = json_string_value(json_object_get(row, "unit"));
        if (!json_is_object(g) || !ind || !unit) {
            if (asprintf(err, "--previous %s:%ld: not a row of report -o jsonl", path, ln) < 0) *err = NULL;
            json_decref(row);
            json_decref(idx);
            idx = NULL;
            break;
        }
        json_t *v = json_object_get(row, "value");
        double d = 0;
        int have = 0;
        if (!strcmp(unit, "money")) {
            int64_t fen;
            if (report_json_fen(v, &fen) == 1) { d = (double)fen; have = 1; }
        } else if (json_is_number(v)) {
            d = json_number_value(v);
            have = 1;
        }
        if (have) {
            char *key = report_row_key(json_string_value(json_object_get(g, "team")),
                                       json_string_value(json_object_get(g, "handler")),
                                       json_string_value(json_object_get(g, "stage")),
                                       json_string_value(json_object_get(g, "track")), ind);
            json_object_set_new(idx, key, json_real(d));
            free(key);
        }
        json_decref(row);
    }
    free(line);
    if (idx && ferror(f)) {
        if (asprintf(err, "--previous %s: read error", path) < 0) *err = NULL;
        json_decref(idx);
        idx = NULL;
    }
    fclose(f);
    return idx;
}

void report_free(zreport *r)
{
    if (!r) return;
    for (size_t t = 0; t < r->ntable; t++) {
        report_table *tb = &r->tables[t];
        for (size_t c = 0; c < tb->ncol; c++) {
            free((char *)tb->cols[c].id);
            free((char *)tb->cols[c].name);
            free((char *)tb->cols[c].source);
        }
        for (size_t i = 0; i < tb->ncol * tb->nrow; i++) free((char *)tb->cells[i].text);
        free(tb->cols);
        free(tb->cells);
        free(tb->row_is_total);
        free((char *)tb->id);
        free((char *)tb->title);
    }
    free(r->tables);
    for (size_t i = 0; i < r->nrow; i++) {
        struct report_row *w = &r->rows[i];
        free((char *)w->team);
        free((char *)w->handler);
        free((char *)w->stage);
        free((char *)w->track);
        free((char *)w->indicator);
        free((char *)w->name);
    }
    free(r->rows);
    free((char *)r->court);
    free((char *)r->profile);
    free((char *)r->period_from);
    free((char *)r->period_to);
    free((char *)r->as_of);
    free((char *)r->by);
    free(r);
}
