/* test_profile: loading and merging profiles (lib/rules/profile.c,
 * lib/rules/profile_rule.c), with the field tables of $ZHIXING_SHARE.
 *
 *   test_profile               runs the checks on profiles it writes to a
 *                              temporary share dir
 *   test_profile load NAME     loads NAME (an id under $ZHIXING_SHARE or a
 *                              path): prints "ID: N rules", or the error
 *                              and exits 2
 *   test_profile list NAME     prints the rules as --list-rules does */
#include "expr.h"
#include "fields.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int checks, failed;

static void check_str(const char *what, const char *got, const char *want)
{
    checks++;
    if (strcmp(got ? got : "(null)", want) != 0) {
        failed++;
        printf("not ok: %s (got %s, want %s)\n", what, got ? got : "(null)", want);
    }
}

static void check_int(const char *what, long got, long want)
{
    checks++;
    if (got != want) {
        failed++;
        printf("not ok: %s (got %ld, want %ld)\n", what, got, want);
    }
}

static char tmpdir[] = "/tmp/test_profile.XXXXXX";

static void put(const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *s = path + strlen(tmpdir) + 1; (s = strchr(s, '/')); s++) {
        *s = 0;
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) { perror(path); exit(2); }
}

static void write_fixtures(void)
{
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); exit(2); }
    put("profiles/base.json",
        "{\"id\": \"base\", \"name\": \"Base court\", \"include\": [\"base/x.json\"],\n"
        " \"tracks\": [{\"id\": \"t1\", \"name\": \"A\"}, {\"id\": \"t2\", \"name\": \"B\"}],\n"
        " \"settings\": {\"a\": 1, \"b\": 2}, \"vars\": {\"previous_term_closed_on\": \"date\"},\n"
        " \"rules\": [\n"
        "  {\"id\": \"base.a\", \"kind\": \"track\", \"source\": \"S a\", \"track\": \"t1\",\n"
        "   \"when\": {\"<=\": [{\"var\": \"amount\"}, 100000]}},\n"
        "  {\"id\": \"base.b\", \"kind\": \"deadline\", \"source\": \"S b\", \"node\": \"执行通知书\", \"from\": \"filed\", \"period\": \"10d\"}]}\n");
    put("profiles/base/x.json",
        "{\"rules\": [{\"id\": \"base.c\", \"kind\": \"term\", \"source\": \"S c\", \"check\": {\"has\": \"notice\"}}],\n"
        " \"settings\": {\"x\": 9}}\n");
    put("profiles/child.json",
        "{\"id\": \"child\", \"name\": \"Child court\", \"extends\": \"base\",\n"
        " \"include\": [\"child/a.json\", \"child/b.json\"],\n"
        " \"tracks\": [{\"id\": \"t2\", \"name\": \"C\"}, {\"id\": \"t3\", \"name\": \"D\"}],\n"
        " \"settings\": {\"b\": 3}, \"disable\": [\"base.c\"],\n"
        " \"rules\": [\n"
        "  {\"id\": \"child.x\", \"kind\": \"track\", \"source\": \"S x\", \"track\": \"t3\",\n"
        "   \"when\": {\">=\": [{\"var\": \"filed_on\"}, {\"var\": \"previous_term_closed_on\"}]}},\n"
        "  {\"id\": \"base.b\", \"kind\": \"deadline\", \"source\": \"S b2\", \"node\": \"notice\", \"from\": \"拘留.until\", \"period\": \"5wd\"}]}\n");
    put("profiles/child/a.json",
        "{\"rules\": [{\"id\": \"child.y\", \"kind\": \"fund\", \"source\": \"S y\", \"from\": \"到账\", \"period\": \"3wd\",\n"
        "   \"levels\": [{\"after\": \"1d\", \"node\": \"限高\"}]}],\n"
        " \"settings\": {\"c\": 4}, \"tracks\": [{\"id\": \"t1\", \"name\": \"A2\"}]}\n");
    put("profiles/child/b.json", "{\"rules\": []}\n");
    put("profiles/grand.json",
        "{\"id\": \"grand\", \"extends\": \"child.json\", \"disable\": [\"child.y\"],\n"
        " \"rules\": [{\"id\": \"grand.z\", \"kind\": \"route\", \"source\": \"S z\", \"tracks\": [\"first\"]}]}\n");
}

static void remove_fixtures(void)
{
    static const char *const files[] = {
        "profiles/base/x.json", "profiles/child/a.json", "profiles/child/b.json", "profiles/base.json",
        "profiles/child.json", "profiles/grand.json", "profiles/base", "profiles/child", "profiles", "",
    };
    char path[4096];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        remove(path);
    }
}

/* The rule ids in order, joined by spaces. */
static const char *ids(const profile *p)
{
    static char buf[1024];
    buf[0] = 0;
    for (size_t i = 0; i < profile_nrules(p); i++) {
        if (i) strcat(buf, " ");
        strcat(buf, profile_rule(p, i)->id);
    }
    return buf;
}

static const char *dumped(json_t *j)
{
    static char buf[1024];
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
    snprintf(buf, sizeof buf, "%s", s ? s : "(null)");
    free(s);
    return buf;
}

static profile *load(const char *name)
{
    char *err = NULL;
    profile *p = profile_load(name, tmpdir, &err);
    if (!p) {
        checks++;
        failed++;
        printf("not ok: load %s (got %s)\n", name, err);
        free(err);
    }
    return p;
}

static void base_alone(void)
{
    profile *p = load("base");
    if (!p) return;
    check_str("base rules", ids(p), "base.a base.b base.c");
    check_str("base id", profile_id(p), "base");
    check_str("base name", profile_name(p), "Base court");
    const rule *b = profile_find_rule(p, "base.b");
    check_str("node made canonical", dumped(json_object_get(b->def, "node")), "\"notice\"");
    check_str("include section merged", dumped(profile_section(p, "settings")), "{\"a\":1,\"b\":2,\"x\":9}");
    check_str("rule from the include", profile_find_rule(p, "base.c")->source, "S c");
    check_str("check compiled", rule_expr(profile_find_rule(p, "base.c"), "check") ? "yes" : "no", "yes");
    profile_free(p);
}

static void child_merge(const char *name)
{
    profile *p = load(name);
    if (!p) return;
    char what[256];
    snprintf(what, sizeof what, "%s: merged rules: own (main, includes), then parent's minus overridden and disabled", name);
    check_str(what, ids(p), "child.x base.b child.y base.a");
    check_int("rule count", (long)profile_nrules(p), 4);
    const rule *b = profile_find_rule(p, "base.b");
    check_str("override by id: source", b ? b->source : NULL, "S b2");
    check_str("override by id: profile", b ? b->profile : NULL, "child");
    check_str("override keeps the child's keys", dumped(json_object_get(b->def, "from")), "\"detention.until\"");
    check_str("disabled rule gone", profile_find_rule(p, "base.c") ? "found" : "gone", "gone");
    check_str("parent rule kept: profile", profile_find_rule(p, "base.a")->profile, "base");
    check_str("unknown id", profile_find_rule(p, "nosuch") ? "found" : "none", "none");
    check_str("sections: tracks by id", dumped(profile_section(p, "tracks")),
              "[{\"id\":\"t1\",\"name\":\"A2\"},{\"id\":\"t2\",\"name\":\"C\"},{\"id\":\"t3\",\"name\":\"D\"}]");
    check_str("sections: objects by key", dumped(profile_section(p, "settings")),
              "{\"a\":1,\"b\":3,\"c\":4,\"x\":9}");
    check_str("sections: vars inherited", dumped(profile_section(p, "vars")), "{\"previous_term_closed_on\":\"date\"}");
    check_str("sections: absent", dumped(profile_section(p, "teams")), "(null)");
    check_str("name of the child", profile_name(p), "Child court");
    const rule *y = profile_find_rule(p, "child.y");
    check_str("fund kind made canonical", dumped(json_object_get(y->def, "from")), "\"arrival\"");
    check_str("nested node made canonical", dumped(json_object_get(json_array_get(json_object_get(y->def, "levels"), 0), "node")),
              "\"consumption_ban\"");
    const rule *x = profile_find_rule(p, "child.x");
    const struct expr *when = x ? rule_expr(x, "when") : NULL;
    check_str("when compiled", when ? "yes" : "no", "yes");
    check_str("no such key", x && rule_expr(x, "check") ? "yes" : "no", "no");
    if (when) {
        zrec r;
        memset(&r, 0, sizeof r);
        r.obj = json_pack("{s:s}", "filed_on", "2023-05-01");
        json_t *vars = json_pack("{s:s}", "previous_term_closed_on", "2023-05-01");
        evalctx cx = {.rec = &r, .vars = vars};
        check_int("when with a tool var: boundary true", expr_test(when, &cx), TV_TRUE);
        json_object_set_new(vars, "previous_term_closed_on", json_string("2023-05-02"));
        check_int("when with a tool var: day after false", expr_test(when, &cx), TV_FALSE);
        free(cx.why);
        json_decref(vars);
        rec_clear(&r);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    profile_list_rules(p, m);
    fclose(m);
    check_str("list rules", text, "child.x\ttrack\tS x\nbase.b\tdeadline\tS b2\nchild.y\tfund\tS y\nbase.a\ttrack\tS a\n");
    free(text);
    profile_free(p);
}

static void grandchild(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/profiles/grand.json", tmpdir);
    profile *p = load(path);
    if (!p) return;
    check_str("grandchild: extends by path, disables a child rule", ids(p), "grand.z child.x base.b base.a");
    check_str("grandchild id", profile_id(p), "grand");
    check_str("grandchild name inherited", profile_name(p), "Child court");
    profile_free(p);
}

static int load_main(const char *cmd, const char *name, const char *share)
{
    char *err = NULL;
    profile *p = profile_load(name, share, &err);
    if (!p) {
        fprintf(stderr, "%s\n", err ? err : "?");
        free(err);
        fields_free();
        return 2;
    }
    if (strcmp(cmd, "list") == 0) profile_list_rules(p, stdout);
    else printf("%s: %zu rules\n", profile_id(p), profile_nrules(p));
    profile_free(p);
    fields_free();
    return 0;
}

int main(int argc, char **argv)
{
    const char *share = getenv("ZHIXING_SHARE");
    if (!share) share = "share";
    char *err = NULL;
    if (fields_init(share, NULL, &err) != 0) { printf("not ok: fields_init: %s\n", err); return 2; }
    if (argc == 3 && (strcmp(argv[1], "load") == 0 || strcmp(argv[1], "list") == 0))
        return load_main(argv[1], argv[2], share);
    if (argc != 1) { fprintf(stderr, "usage: test_profile [load|list NAME]\n"); return 2; }
    write_fixtures();
    base_alone();
    child_merge("child");
    char path[4096];
    snprintf(path, sizeof path, "%s/profiles/child.json", tmpdir);
    child_merge(path);
    grandchild();
    remove_fixtures();
    fields_free();
    if (failed) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
