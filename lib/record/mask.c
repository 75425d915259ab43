/* mask.c: see mask.h.  The keyed hash is OpenSSL's HMAC-SHA256, not a
 * home-made one.  The table (share/personal.tsv) is read once; each key's
 * class is remembered, so a record costs one look-up per field. */
#include "mask.h"
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "json_fast.h"

enum cls { C_NONE, C_NAME, C_PERSON, C_ID, C_PHONE, C_ADDRESS, C_ACCOUNT, C_UNKNOWN, C_CONFLICT };

static const struct { const char *word, *prefix; } classes[] = {
    [C_NAME] = {"name", "P"}, [C_PERSON] = {"person", "P"}, [C_ID] = {"id", "ID"},
    [C_PHONE] = {"phone", "TEL"}, [C_ADDRESS] = {"address", "ADDR"}, [C_ACCOUNT] = {"account", "ACCT"},
    [C_UNKNOWN] = {"?", NULL},
};

typedef struct entry {
    char *pattern;      /* without the '=' of an exact name */
    int exact;
    enum cls cls;
    char *kind_field, *id_field;   /* class name only; NULL when none */
} entry;

static struct {
    unsigned char key[256];
    size_t keylen;
    entry *v;
    size_t n;
    json_t *cache;      /* key -> class (an integer) */
    const char *const *allow;
    size_t nallow;
} M;

/* *err = "PATH:LINE: what" (or what alone when path is NULL); -1. */
static int fail(char **err, const char *path, long line, const char *what)
{
    if ((path ? asprintf(err, "%s:%ld: %s", path, line, what) : asprintf(err, "%s", what)) < 0) *err = NULL;
    return -1;
}

static int read_key(const char *key_file, char **err)
{
    if (key_file) {
        FILE *f = fopen(key_file, "rb");
        if (!f) {
            if (asprintf(err, "cannot read mask key %s: %s", key_file, strerror(errno)) < 0) *err = NULL;
            return -1;
        }
        M.keylen = fread(M.key, 1, sizeof M.key, f);
        fclose(f);
        while (M.keylen && (M.key[M.keylen - 1] == '\n' || M.key[M.keylen - 1] == '\r')) M.keylen--;
    } else {
        const char *env = getenv("ZHIXING_MASK_KEY");
        M.keylen = env ? strlen(env) : 0;
        if (M.keylen > sizeof M.key) M.keylen = sizeof M.key;
        if (env) memcpy(M.key, env, M.keylen);
    }
    if (M.keylen < 8) {
        if (asprintf(err, "--mask needs a key of at least 8 bytes: --mask-key-file FILE or ZHIXING_MASK_KEY") < 0) *err = NULL;
        return -1;
    }
    return 0;
}

static char *field_or_null(const char *s) { return s && *s && strcmp(s, "-") ? strdup(s) : NULL; }

/* Reads sharedir/personal.tsv into M.v.  0, or -1 with *err. */
/* One line of personal.tsv: pattern, TAB, class[, TAB, kind field, TAB, id field]. */
static int table_line(void *path, char *line, long lineno, char **err)
{
    char *save = NULL, *pat = strtok_r(line, "\t", &save), *cl = strtok_r(NULL, "\t", &save);
    char *kind = strtok_r(NULL, "\t", &save), *id = strtok_r(NULL, "\t", &save);
    enum cls c = C_NONE;
    for (int k = C_NAME; cl && k <= C_UNKNOWN; k++)
        if (strcmp(cl, classes[k].word) == 0) c = (enum cls)k;
    if (!pat || c == C_NONE || (pat[0] == '=' && !pat[1]))
        return fail(err, path, lineno, "expected: pattern, TAB, class (name person id phone address account ?)");
    entry *v = realloc(M.v, (M.n + 1) * sizeof *v);
    if (!v) return fail(err, NULL, 0, "out of memory");
    M.v = v;
    M.v[M.n++] = (entry){strdup(pat + (pat[0] == '=')), pat[0] == '=', c,
                         c == C_NAME ? field_or_null(kind) : NULL, c == C_NAME ? field_or_null(id) : NULL};
    return 0;
}

static int read_table(const char *sharedir, char **err)
{
    char *path = NULL;
    if (asprintf(&path, "%s/personal.tsv", sharedir) < 0) return fail(err, NULL, 0, "out of memory");
    int rc = tsv_each(path, table_line, path, err);
    free(path);
    return rc;
}

int mask_init(const char *sharedir, const char *key_file, const char *const *allow, size_t nallow, char **err)
{
    if (read_key(key_file, err) != 0 || read_table(sharedir, err) != 0) return -1;
    M.cache = json_object();
    M.allow = allow;
    M.nallow = nallow;
    return M.cache ? 0 : fail(err, NULL, 0, "out of memory");
}

void mask_done(void)
{
    memset(M.key, 0, sizeof M.key);
    for (size_t i = 0; i < M.n; i++) {
        free(M.v[i].pattern);
        free(M.v[i].kind_field);
        free(M.v[i].id_field);
    }
    free(M.v);
    json_decref(M.cache);
    memset(&M, 0, sizeof M);
}

/* ---- which class a field or column is ---- */

static int same_token_class(enum cls a, enum cls b)
{
    return a == b || ((a == C_NAME || a == C_PERSON) && (b == C_NAME || b == C_PERSON));
}

/* The class of one part of a header (no separator in it): the pattern
 * ending last wins (当事人身份证号 is an id, 收款人账号 an account); a
 * pattern of unknown kind anywhere makes it unknown. */
static enum cls part_class(const char *s, size_t n)
{
    enum cls best = C_NONE;
    size_t best_end = 0, best_len = 0;
    for (size_t i = 0; i < M.n; i++) {
        const entry *e = &M.v[i];
        size_t pl = strlen(e->pattern);
        if (e->exact || pl == 0 || pl > n) continue;
        for (size_t at = 0; at + pl <= n; at++) {
            if (memcmp(s + at, e->pattern, pl) != 0) continue;
            if (e->cls == C_UNKNOWN) return C_UNKNOWN;
            if (at + pl > best_end || (at + pl == best_end && pl > best_len)) {
                best = e->cls;
                best_end = at + pl;
                best_len = pl;
            }
        }
    }
    return best;
}

/* The class of a header: its parts (split at / 、 及 和 或 ,) each classed;
 * parts of two token classes (电话/地址) cannot be classified. */
static enum cls header_class(const char *h)
{
    static const char *const seps[] = {"/", "\xef\xbc\x8f", "\xe3\x80\x81", "\xe5\x8f\x8a", "\xe5\x92\x8c",
                                       "\xe6\x88\x96", ",", "\xef\xbc\x8c", "|"};   /* ／ 、 及 和 或 ， */
    enum cls all = C_NONE;
    const char *p = h;
    while (*p) {
        size_t cut = strlen(p), skip = 0;
        for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
            const char *q = strstr(p, seps[i]);
            if (q && (size_t)(q - p) < cut) { cut = (size_t)(q - p); skip = strlen(seps[i]); }
        }
        enum cls c = part_class(p, cut);
        if (c == C_UNKNOWN) return C_UNKNOWN;
        if (c != C_NONE) {
            if (all != C_NONE && !same_token_class(all, c)) return C_CONFLICT;
            if (all == C_NONE || c == C_PERSON) all = c;
        }
        p += cut + skip;
    }
    return all;
}

static const entry *exact_entry(const char *key)
{
    for (size_t i = 0; i < M.n; i++)
        if (M.v[i].exact && strcmp(M.v[i].pattern, key) == 0) return &M.v[i];
    return NULL;
}

static int allowed(const char *key)
{
    for (size_t i = 0; i < M.nallow; i++)
        if (strcmp(M.allow[i], key) == 0) return 1;
    return 0;
}

/* The class of a field or column: its exact entry, else its header's
 * (the patterns, English ones too, so that a canonical field added to
 * share/fields.tsv later, respondent_phone, is covered); C_NONE when
 * --mask-allow names it. */
static enum cls key_class(const char *key)
{
    json_t *c = json_object_get(M.cache, key);
    if (c) return (enum cls)json_integer_value(c);
    const entry *e = exact_entry(key);
    enum cls k = e ? e->cls : header_class(key);
    if (allowed(key)) k = C_NONE;
    json_object_set_new(M.cache, key, json_integer(k));
    return k;
}

/* ---- tokens ---- */

/* s[0..n) without blanks (ASCII, U+3000), full-width ASCII folded, and for
 * an id '-' dropped and letters upper-cased; for a phone only its digits
 * (a leading 86 of 13 digits dropped).  Into out (cap bytes). */
static size_t normalise(enum cls c, const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        unsigned char b = (unsigned char)s[i];
        if (b == ' ' || b == '\t' || b == '\r' || b == '\n') { i++; continue; }
        if (i + 2 < n && b == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) { i += 3; continue; }
        char ch = 0;
        if (i + 2 < n && b == 0xEF && ((unsigned char)s[i + 1] == 0xBC || (unsigned char)s[i + 1] == 0xBD)) {
            unsigned cp = 0xFF00 + (((unsigned char)s[i + 1] & 1) << 6) + ((unsigned char)s[i + 2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) ch = (char)(cp - 0xFF01 + 0x21);
        }
        size_t adv = ch ? 3 : 1;
        if (!ch) ch = (char)b;
        i += adv;
        if (c == C_ID && ch == '-') continue;
        if (c == C_ID && ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
        if (c == C_PHONE && !(ch >= '0' && ch <= '9')) continue;
        out[o++] = ch;
    }
    if (c == C_PHONE && o == 13 && out[0] == '8' && out[1] == '6') {
        memmove(out, out + 2, 11);
        o = 11;
    }
    out[o] = 0;
    return o;
}

size_t party_key(int is_id, const char *s, size_t n, char *out, size_t cap)
{
    return normalise(is_id ? C_ID : C_NAME, s, n, out, cap);
}

int id_mangled(const char *s, size_t n)
{
    char buf[64];
    size_t k = normalise(C_ID, s, n < 60 ? n : 60, buf, sizeof buf), i = 0;
    if (!k || n >= 60) return 0;
    while (i < k && buf[i] >= '0' && buf[i] <= '9') i++;
    if (i == 0) return 0;
    if (i < k && buf[i] == '.') { i++; while (i < k && buf[i] >= '0' && buf[i] <= '9') i++; }
    if (i >= k || buf[i] != 'E') return 0;
    i++;
    if (i < k && (buf[i] == '+' || buf[i] == '-')) i++;
    if (i >= k) return 0;
    while (i < k && buf[i] >= '0' && buf[i] <= '9') i++;
    return i == k;
}

void id_mangled_error(zrec *r, const char *field)
{
    static const char msg[] = "id number written by a spreadsheet in scientific notation, as Excel shows "
                              "a long number: its digits are lost, it is not taken as an identity";
    json_t *errs = rec_get(r, "errors"), *e;
    size_t i;
    json_array_foreach(errs, i, e) {   /* already flagged (excel_cells, an earlier stage) */
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f && !strcmp(f, field)) return;
    }
    rec_error(r, field, "%s", msg);
}

/* prefix and 32 hex digits of HMAC(key, class word, 0x1F, text[, 0x1F,
 * id]) into out (64 bytes).  The class word keeps an id's token apart
 * from a name's of the same text. */
static void token(const char *prefix, enum cls c, const char *text, size_t n, const char *id, char *out)
{
    unsigned char mac[EVP_MAX_MD_SIZE], msg[1280];
    unsigned int len = 0;
    const char *word = classes[c == C_PERSON ? C_NAME : c].word;
    size_t w = strlen(word), idn = id ? strlen(id) : 0, m = 0;
    if (n > sizeof msg - w - idn - 2) n = sizeof msg - w - idn - 2;   /* normalise() keeps n below 1024 */
    memcpy(msg, word, w), m = w;
    msg[m++] = 0x1f;
    memcpy(msg + m, text, n), m += n;
    if (id) {
        msg[m++] = 0x1f;
        memcpy(msg + m, id, idn), m += idn;
    }
    HMAC(EVP_sha256(), M.key, (int)M.keylen, msg, m, mac, &len);
    int o = snprintf(out, 64, "%s", prefix);
    for (unsigned i = 0; i < 16 && i < len; i++) o += snprintf(out + o, 64 - (size_t)o, "%02x", mac[i]);
}

/* ---- one record ---- */

typedef struct masked { char *text; size_t n; char tok[64]; } masked;

typedef struct walk {
    zrec *r;
    masked *v;          /* values replaced, for the free text */
    size_t n, cap;
    char **err;
    int refused;
    json_t *mangled;    /* fields holding a mangled id: their errors are added after the walk */
} walk;

/* 1 when a name is an organisation's, by its kind field or its words. */
static int organisation(const zrec *r, const char *kind_field, const char *name)
{
    static const char *const words[] = {"公司", "银行", "信用社", "合作社", "联社", "政府", "委员会", "法院", "厂", "中心", "集团", "事务所", "医院", "学校", "局", "所"};
    static const char *const kinds[] = {"company", "bank", "credit_union", "government"};
    const char *kind;
    if (kind_field && rec_text(r, kind_field, &kind) == 1) {   /* a kind it does not know: masked */
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
            if (strcmp(kind, kinds[i]) == 0) return 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(name, words[i])) return 1;
    return 0;
}

static void remember(walk *W, enum cls c, const char *text, size_t n, const char *tok)
{
    /* a short value is in many texts (12 in a case number): a name of two
     * characters or more, anything else of six bytes or more */
    if (n < ((c == C_NAME || c == C_PERSON) ? 4u : 6u)) return;
    if (W->n == W->cap) {
        size_t cap = W->cap ? W->cap * 2 : 8;
        masked *v = realloc(W->v, cap * sizeof *v);
        if (!v) return;
        W->v = v;
        W->cap = cap;
    }
    char *copy = strndup(text, n);
    if (!copy) return;
    W->v[W->n] = (masked){copy, n, {0}};
    snprintf(W->v[W->n].tok, sizeof W->v[W->n].tok, "%s", tok);
    W->n++;
}

/* The same party's id number, normalised, for a name's token; NULL when
 * the record has none that can be read (a mangled one is not an identity). */
static const char *party_id(const zrec *r, const entry *e, char *buf, size_t cap)
{
    if (!e || !e->id_field) return NULL;
    json_t *v = json_object_get(r->obj, e->id_field);
    char num[32];
    const char *s = json_string_value(v);
    size_t n = s ? json_string_length(v) : 0;
    if (json_is_integer(v)) n = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)), s = num;
    if (!s || json_rawnum_text(v, NULL) || id_mangled(s, n)) return NULL;
    return normalise(C_ID, s, n, buf, cap) ? buf : NULL;
}

/* 1 when s[0..n) is a token this module wrote (a record masked by an
 * earlier tool of the pipeline): it stays as it is. */
static int is_token(const char *s, size_t n)
{
    static const char *const prefixes[] = {"PN", "P", "ID", "TEL", "ADDR", "ACCT"};
    if (n == 10 && memcmp(s, "ID-MANGLED", 10) == 0) return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t p = strlen(prefixes[i]);
        if (n != p + 32 || memcmp(s, prefixes[i], p) != 0) continue;
        size_t k = p;
        while (k < n && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f'))) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* The masked form of a scalar v of class c under field `key` (a new
 * reference), or NULL to keep v (null, a boolean, blank, an
 * organisation's name). */
static json_t *mask_scalar(walk *W, const char *key, json_t *v, enum cls c, const entry *e, int top)
{
    char num[32], norm[1024], idbuf[128], tok[64];
    size_t n;
    const char *s = json_rawnum_text(v, &n);
    int mangled = 0;
    if (json_is_real(v) || (s && c == C_ID && (memchr(s, 'e', n) || memchr(s, 'E', n) || memchr(s, '.', n))))
        mangled = c == C_ID;   /* an id held as a floating number lost its digits */
    if (!s && json_is_string(v)) { s = json_string_value(v); n = json_string_length(v); }
    if (!s && json_is_integer(v)) { n = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); s = num; }
    if (!s && json_is_real(v)) { n = (size_t)snprintf(num, sizeof num, "%.17g", json_real_value(v)); s = num; }
    if (!s || (json_is_string(v) && is_token(s, n))) return NULL;
    if (c == C_ID && (mangled || id_mangled(s, n))) {
        if (!W->mangled) W->mangled = json_array();
        json_array_append_new(W->mangled, json_string(key));   /* not while the record is walked */
        if (!json_is_real(v)) remember(W, c, s, n, "ID-MANGLED");
        return json_string("ID-MANGLED");
    }
    size_t k = normalise(c, s, n, norm, sizeof norm);
    if (!k) return NULL;
    if (c == C_NAME && organisation(W->r, top && e ? e->kind_field : NULL, norm)) return NULL;
    const char *id = c == C_NAME || c == C_PERSON ? party_id(W->r, top ? e : NULL, idbuf, sizeof idbuf) : NULL;
    const char *prefix = c == C_NAME || c == C_PERSON ? (id ? "P" : "PN") : classes[c].prefix;
    token(prefix, c, norm, k, id, tok);
    remember(W, c, s, n, tok);
    return json_string(tok);
}

/* v (of class c) masked in place: a scalar replaced in its parent, a
 * list's or object's scalars each. */
static json_t *mask_any(walk *W, const char *key, json_t *v, enum cls c, const entry *e, int top)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *m = mask_any(W, key, json_array_get(v, i), c, e, 0);
            if (m) json_array_set_new(v, i, m);
        }
        return NULL;
    }
    if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            json_t *m = mask_any(W, key, json_object_iter_value(it), c, e, 0);
            if (m) json_object_iter_set_new(v, it, m);
        }
        return NULL;
    }
    return mask_scalar(W, key, v, c, e, top);
}

/* Every member of obj at any depth: masked by its key's class. */
static void mask_object(walk *W, json_t *obj, int top)
{
    for (void *it = json_object_iter(obj); it && !W->refused; it = json_object_iter_next(obj, it)) {
        const char *key = json_object_iter_key(it);
        json_t *v = json_object_iter_value(it);
        enum cls c = key_class(key);
        if (c == C_UNKNOWN || c == C_CONFLICT) {
            if (asprintf(W->err, "--mask: the column \"%s\" looks like personal data (share/personal.tsv) "
                         "that cannot be classified%s; nothing is passed through in clear: add its header to "
                         "personal.tsv, or name it with --mask-allow \"%s\" to write it as it is", key,
                         c == C_CONFLICT ? " (it names two kinds of data)" : "", key) < 0)
                *W->err = NULL;
            W->refused = 1;
            return;
        }
        if (c != C_NONE) {
            json_t *m = mask_any(W, key, v, c, top ? exact_entry(key) : NULL, top);
            if (m) json_object_iter_set_new(obj, it, m);
        } else if (json_is_object(v)) {
            mask_object(W, v, 0);
        } else if (json_is_array(v)) {
            for (size_t i = 0; i < json_array_size(v); i++)
                if (json_is_object(json_array_get(v, i))) mask_object(W, json_array_get(v, i), 0);
        }
    }
}

/* s with every masked value in it replaced by its token: a new string, or
 * NULL when none is in it. */
static json_t *replace_masked(const walk *W, const char *s, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < W->n && !any; i++) any = memmem(s, n, W->v[i].text, W->v[i].n) != NULL;
    if (!any) return NULL;
    jbuf b = {0};
    for (size_t at = 0; at < n;) {
        size_t best = W->n;
        for (size_t i = 0; i < W->n; i++)   /* the longest value starting here */
            if (W->v[i].n <= n - at && memcmp(s + at, W->v[i].text, W->v[i].n) == 0 &&
                (best == W->n || W->v[i].n > W->v[best].n))
                best = i;
        if (best < W->n) {
            jbuf_put(&b, W->v[best].tok, strlen(W->v[best].tok));
            at += W->v[best].n;
        } else {
            jbuf_put(&b, s + at, 1);
            at++;
        }
    }
    json_t *out = b.failed ? json_string("[withheld under --mask]") : json_stringn_nocheck(b.text, b.len);
    free(b.text);
    return out;
}

/* The free text of the record (every string not of a personal field, at
 * any depth, the errors' messages too) with the masked values replaced. */
static void mask_text(const walk *W, json_t *v)
{
    if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            json_t *m = json_object_iter_value(it);
            if (key_class(json_object_iter_key(it)) != C_NONE) continue;
            if (json_is_string(m) && !json_rawnum_text(m, NULL)) {
                json_t *t = replace_masked(W, json_string_value(m), json_string_length(m));
                if (t) json_object_iter_set_new(v, it, t);
            } else {
                mask_text(W, m);
            }
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *m = json_array_get(v, i);
            if (json_is_string(m) && !json_rawnum_text(m, NULL)) {
                json_t *t = replace_masked(W, json_string_value(m), json_string_length(m));
                if (t) json_array_set_new(v, i, t);
            } else {
                mask_text(W, m);
            }
        }
    }
}

int mask_record(zrec *r, char **err)
{
    rec_materialise(r);   /* personal data may be anywhere, payees inside funds */
    r->modified = 1;
    json_t *raw = json_object_get(r->obj, "_raw");
    if (r->broken || json_is_string(raw)) {
        /* an unreadable record's text may hold anything: withheld, the errors
         * kept, less the piece of the text a parser quotes (near '...') */
        json_object_set_new(r->obj, "_raw", json_string("[withheld under --mask]"));
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(r->obj, "errors"), i, e) {
            const char *m = json_string_value(json_object_get(e, "message")), *near = m ? strstr(m, " near '") : NULL;
            if (!near || strcmp(json_string_value(json_object_get(e, "field")) ? json_string_value(json_object_get(e, "field")) : "", "_raw"))
                continue;
            char *cut = NULL;
            if (asprintf(&cut, "%.*s near [withheld under --mask]", (int)(near - m), m) >= 0)
                json_object_set_new(e, "message", json_string(cut));
            free(cut);
        }
        if (r->broken) return 0;
    }
    walk W = {r, NULL, 0, 0, err, 0, NULL};
    mask_object(&W, r->obj, 1);
    size_t i;
    json_t *f;
    json_array_foreach(W.mangled, i, f) id_mangled_error(r, json_string_value(f));
    json_decref(W.mangled);
    if (!W.refused && W.n) mask_text(&W, r->obj);
    for (i = 0; i < W.n; i++) free(W.v[i].text);
    free(W.v);
    return W.refused ? -1 : 0;
}
