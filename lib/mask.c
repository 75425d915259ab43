/* mask.c: see mask.h.  The keyed hash is OpenSSL's HMAC-SHA256, not a
 * home-made one. */
#include "mask.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static unsigned char mask_key[256];
static size_t mask_keylen;

int mask_init(const char *key_file, char **err)
{
    if (key_file) {
        FILE *f = fopen(key_file, "rb");
        if (!f) {
            if (asprintf(err, "cannot read mask key %s: %s", key_file, strerror(errno)) < 0) *err = NULL;
            return -1;
        }
        mask_keylen = fread(mask_key, 1, sizeof mask_key, f);
        fclose(f);
        while (mask_keylen && (mask_key[mask_keylen - 1] == '\n' || mask_key[mask_keylen - 1] == '\r')) mask_keylen--;
    } else {
        const char *env = getenv("ZHIXING_MASK_KEY");
        mask_keylen = env ? strlen(env) : 0;
        if (mask_keylen > sizeof mask_key) mask_keylen = sizeof mask_key;
        if (env) memcpy(mask_key, env, mask_keylen);
    }
    if (mask_keylen < 8) {
        if (asprintf(err, "--mask needs a key of at least 8 bytes: --mask-key-file FILE or ZHIXING_MASK_KEY") < 0) *err = NULL;
        return -1;
    }
    return 0;
}

void mask_done(void)
{
    memset(mask_key, 0, sizeof mask_key);
    mask_keylen = 0;
}

/* A new JSON string "<prefix><16 hex>" for value. */
static json_t *token(const char *prefix, const char *value)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), mask_key, (int)mask_keylen, (const unsigned char *)value, strlen(value), mac, &len);
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%s", prefix);
    for (unsigned i = 0; i < 8 && i < len; i++) n += snprintf(buf + n, sizeof buf - (size_t)n, "%02x", mac[i]);
    return json_string(buf);
}

/* 1 when a name is an organisation's, by its kind field or its words. */
static int organisation(const zrec *r, const char *kind_field, const char *name)
{
    static const char *const words[] = {"公司", "银行", "信用社", "合作社", "联社", "政府", "委员会", "法院", "厂", "中心", "集团", "事务所", "医院", "学校", "局", "所"};
    const char *kind;
    if (kind_field && rec_text(r, kind_field, &kind) == 1) return strcmp(kind, "person") != 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(name, words[i])) return 1;
    return 0;
}

static void mask_field(zrec *r, json_t *obj, const char *field, const char *kind_field, const char *prefix)
{
    json_t *v = json_object_get(obj, field);
    if (!json_is_string(v) || !json_string_length(v)) return;
    if (kind_field != NULL && organisation(r, kind_field[0] ? kind_field : NULL, json_string_value(v))) return;
    json_object_set_new(obj, field, token(prefix, json_string_value(v)));
    r->modified = 1;
}

void mask_record(zrec *r)
{
    rec_materialise(r);   /* names may be anywhere, payees inside funds */
    if (r->broken) {
        /* the raw text may hold anything: keep the errors, drop the text */
        if (json_object_get(r->obj, "_raw")) json_object_set_new(r->obj, "_raw", json_string("[masked]"));
        r->modified = 1;
        return;
    }
    mask_field(r, r->obj, "respondent_id", NULL, "ID");
    mask_field(r, r->obj, "respondent", "respondent_kind", "P");
    mask_field(r, r->obj, "applicant", "applicant_kind", "P");
    json_t *funds = json_object_get(r->obj, "funds"), *f;
    size_t i;
    json_array_foreach(funds, i, f) mask_field(r, f, "payee", "", "P");
}
