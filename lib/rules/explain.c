/* explain.c: see explain.h. */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "xalloc.h"

char *rule_undecided(const char *id, const char *why)
{
    return xasprintf("rule %s cannot be decided: %s", id, why ? why : "a value it needs is unreadable");
}

json_t *explain_entry(const rule *r, const char *result, json_t *trace)
{
    json_t *e = json_pack("{s:s,s:s,s:s,s:o}", "rule", r->id, "source", r->source ? r->source : "",
                          "result", result, "trace", trace ? trace : json_array());
    if (!e) xalloc_die();
    return e;
}

json_t *explain_undecided(const rule *r, const char *why, json_t *trace)
{
    if (!trace) trace = json_array();
    char *line = rule_undecided(r->id, why);
    json_array_append_new(trace, json_string(line));
    free(line);
    return explain_entry(r, EXPLAIN_UNDECIDED, trace);
}

void explain_trace(json_t *trace, const char *fmt, ...)
{
    if (!trace) return;
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (rc < 0) xalloc_die();
    json_array_append_new(trace, json_string(s));
    free(s);
}
