/* fuzz_profile: profile_load on a file holding the fuzz input as a
 * profile's JSON (it may extend the shipped spc); a loaded profile's merged
 * rules and sections are walked.  The file lives in a private temporary
 * directory, so relative "include"/"extends" paths find nothing but it. */
#include "fuzz_common.h"
#include "profile.h"

static char dir[64], path[96];

static void tmpdir_once(void)
{
    if (dir[0]) return;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/zxfuzzXXXXXX", t && *t && strlen(t) < 40 ? t : "/tmp");
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/fuzzed.json", dir);
}

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_fields_once();
    if (!dir[0]) {
        tmpdir_once();
        atexit(cleanup);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    fwrite(data, 1, size, fp);
    fclose(fp);
    char *err = NULL;
    profile *p = profile_load(path, fuzz_sharedir(), &err);
    if (!p) {
        if (!err) abort();  /* the API promises a message */
        free(err);
        return 0;
    }
    profile_id(p);
    profile_name(p);
    for (size_t i = 0; i < profile_nrules(p); i++) {
        const rule *r = profile_rule(p, i);
        if (!r || !r->id || !r->kind) abort();
        if (profile_find_rule(p, r->id) == NULL) abort();
        rule_expr(r, "when");
        rule_expr(r, "check");
    }
    profile_section(p, "tracks");
    profile_section(p, "teams");
    profile_section(p, "settings");
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        profile_list_rules(p, null);
        fclose(null);
    }
    profile_free(p);
    return 0;
}
