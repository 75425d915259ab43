/* excel_cells.c: see excel_cells.h. */
#include "excel_cells.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fields.h"

/* The shape of a number as Excel writes it: digits [. digits] [E[+-]digits]. */
typedef struct numshape {
    size_t whole, frac;     /* digits before and after the point */
    const char *fracp;
    int exponent;
} numshape;

static int number_shape(const char *s, size_t n, numshape *ns)
{
    size_t i = 0;
    memset(ns, 0, sizeof *ns);
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    ns->whole = i;
    if (!i) return 0;
    if (i < n && s[i] == '.') {
        ns->fracp = s + ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        ns->frac = (size_t)(ns->fracp - s) <= i ? i - (size_t)(ns->fracp - s) : 0;
        if (!ns->frac) return 0;
    }
    if (i < n && (s[i] == 'E' || s[i] == 'e')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == d) return 0;
        ns->exponent = 1;
    }
    return i == n;
}

int excel_number_suspect(const char *s, size_t n)
{
    numshape ns;
    return number_shape(s, n, &ns) && (ns.exponent || ns.whole == 5);
}

static int is_id_field(const char *key, field_type ft)
{
    size_t n = strlen(key);
    return ft == FT_CASENO || (n > 3 && strcmp(key + n - 3, "_id") == 0);
}

/* Excel's text marks: ="…" (its "" are quotes), a leading ' or tab.
 * Replaces the value and warns; 1 when it did. */
static int unwrap(zrec *r, const char *key, json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
        char *t = malloc(n), *o = t;
        if (!t) return 0;
        for (size_t i = 2; i < n - 1; i++) {
            *o++ = s[i];
            if (s[i] == '"' && s[i + 1] == '"' && i + 1 < n - 1) i++;
        }
        rec_warning(r, key, "Excel formula =\"...\" read as the text inside it");
        json_string_setn_nocheck(v, t, (size_t)(o - t));
        free(t);
        return 1;
    }
    /* 'text' in apostrophes is quoting, not Excel's mark: left alone */
    if (n >= 2 && (s[0] == '\t' || (s[0] == '\'' && !(n >= 3 && s[n - 1] == '\'')))) {
        size_t k = 0;
        while (k < n && s[k] == s[0] && (s[0] == '\t' || k == 0)) k++;
        if (k == n) return 0;
        char *t = strndup(s + k, n - k);
        if (!t) return 0;
        rec_warning(r, key, "%s", s[0] == '\'' ? "leading apostrophe (Excel's text mark) dropped"
                                               : "leading tab (Excel's text mark) dropped");
        json_string_setn_nocheck(v, t, n - k);
        free(t);
        return 1;
    }
    return 0;
}

/* A 1900-system serial (its fraction the time of day) as a date.  Excel
 * counts 1900-02-29, which did not exist, so from serial 61 on the days
 * count from 1899-12-30; every five-digit serial is past it. */
static zdate from_serial(const char *s, const numshape *ns)
{
    long serial = strtol(s, NULL, 10);
    zdate d = {date_from_ymd(1899, 12, 30) + (int32_t)serial, ZDATE_NOTIME};
    if (ns->frac) {
        long long num = 0, den = 1;
        for (size_t i = 0; i < ns->frac && i < 12; i++) {
            num = num * 10 + (ns->fracp[i] - '0');
            den *= 10;
        }
        long long min = (num * 1440 + den / 2) / den;
        if (min >= 1440) {
            d.day++;
            min = 0;
        }
        d.min = (int16_t)min;
    }
    return d;
}

/* Serials read as dates: 25569 (1970-01-01) to 73050 (2099-12-31), the
 * years a court's export holds; another five-digit number in a date column
 * is more likely a typing slip than a date, and stays an invalid date. */
static int serial_in_range(const char *s)
{
    long serial = strtol(s, NULL, 10);
    return serial >= 25569 && serial <= 73050;
}

static void check_number(zrec *r, const char *key, json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    numshape ns;
    field_type ft;
    if (!number_shape(s, n, &ns) || !field_type_of(key, &ft)) return;
    if (ns.exponent && is_id_field(key, ft)) {
        rec_error(r, key, "'%s' is in scientific notation: Excel has dropped the digits of this number; "
                          "export the column as text", s);
    } else if (!ns.exponent && ns.whole == 5 && ft == FT_DATE && serial_in_range(s)) {
        char buf[24];
        size_t len = date_format(from_serial(s, &ns), buf);
        rec_warning(r, key, "Excel date serial '%s' read as %s (1900 date system)", s, buf);
        json_string_setn_nocheck(v, buf, len);
        r->modified = 1;
    }
}

void excel_cells_fix(zrec *r, const char *const *keys, size_t n)
{
    enum { MAXKEYS = 64 };
    const char *all[MAXKEYS];
    json_t *v;
    if (!keys) {   /* every cell: noted first, as errors and warnings add keys */
        n = 0;
        zfield_iter it = {0};
        const char *key;
        const zlazy *z;
        while (n < MAXKEYS && rec_next_field(r, &it, &key, &v, &z)) {
            /* a cell not built yet is looked at in its bytes */
            int text = z ? z->cell == ZCELL_TEXT : json_is_string(v);
            if (text && (z ? excel_cell_suspect(rec_lazy_text(r, z), z->len)
                           : excel_cell_suspect(json_string_value(v), json_string_length(v))))
                all[n++] = key;
        }
        keys = all;
    }
    for (size_t i = 0; i < n; i++) {
        v = rec_get(r, keys[i]);   /* a cell is built now: it may be rewritten */
        if (!json_is_string(v)) continue;
        if (unwrap(r, keys[i], v)) r->modified = 1;
        check_number(r, keys[i], v);
    }
}
