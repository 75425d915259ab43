/* caseno.c: enforcement case numbers (执行案号) with PCRE2.
 *
 * The text is first folded: blanks (ASCII and U+3000) dropped anywhere,
 * full-width digits made ASCII.  Then one pattern reads
 *   open year close court kind [字] [第] seq 号 [之N]
 * open/close: any of ( （ 〔 [ 【 ﹝ and ) ） 〕 ] 】 ﹞ (pairs need not match).
 * court: a run of CJK characters other than 执, then optional digits:
 *   "豫0183", "京", "最高法", and in the old form "密" or "新密".
 * kind: 执 and the CJK characters after it up to 字, 第 or the seq:
 *   "执", "执恢", "执保" ...; so "密执字" is court 密 kind 执 and
 *   "新密执恢字" court 新密 kind 执恢.
 * Only enforcement numbers parse: "（2023）豫0183民初12号" is -1.
 *
 * The compiled pattern and its match data are the file's globals: made on
 * first use (the pattern JIT-compiled when PCRE2 can: every record's case
 * number is parsed), kept for the process and freed at exit (atexit), as
 * caseno.h says. */
#include "caseno.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

enum { CASENO_MAX_TEXT = 256 };   /* longer input is not a case number */

static const char caseno_pattern[] =
    "^[(（〔\\[【﹝]([0-9]{4})[)）〕\\]】﹞]"
    "((?:(?!执)\\p{Han})+[0-9]*)"          /* court */
    "(执(?:(?![字第号])\\p{Han})*)"         /* kind */
    "字?第?([0-9]{1,15})号"                /* seq */
    "(?:之([一二三四五六七八九十]))?\\z";   /* sub */

enum { G_YEAR = 1, G_COURT, G_KIND, G_SEQ, G_SUB, G_COUNT };

static pcre2_code *compiled_caseno;    /* globals; see the top */
static pcre2_match_data *caseno_md;

static void free_caseno_pattern(void)
{
    pcre2_match_data_free(caseno_md);
    pcre2_code_free(compiled_caseno);
    caseno_md = NULL;
    compiled_caseno = NULL;
}

/* The compiled pattern, compiled on first call, and its match data in
 * *md; NULL only if PCRE2 fails. */
static const pcre2_code *caseno_regex(pcre2_match_data **md)
{
    if (!compiled_caseno) {
        int err;
        PCRE2_SIZE where;
        compiled_caseno = pcre2_compile((PCRE2_SPTR)caseno_pattern, PCRE2_ZERO_TERMINATED,
                                        PCRE2_UTF, &err, &where, NULL);
        if (!compiled_caseno) return NULL;
        pcre2_jit_compile(compiled_caseno, PCRE2_JIT_COMPLETE);   /* without JIT it is interpreted */
        caseno_md = pcre2_match_data_create(G_COUNT, NULL);
        atexit(free_caseno_pattern);
    }
    *md = caseno_md;
    return caseno_md ? compiled_caseno : NULL;
}

/* Copies s into out (room for cap bytes with the NUL) without blanks and
 * with full-width digits as ASCII; the length, or -1 if it does not fit. */
static long fold_text(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t len = 0;
    while (p < end) {
        char ch;
        size_t step = 1;
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
            continue;
        }
        if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            p += 3;
            continue;
        }
        if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
            ch = (char)('0' + (p[2] - 0x90));
            step = 3;
        } else {
            ch = (char)*p;
        }
        if (len + 1 >= cap)
            return -1;
        out[len++] = ch;
        p += step;
    }
    out[len] = '\0';
    return (long)len;
}

static long digits_value(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* 1..10 for the CJK numeral 一..十 in the n bytes at s, else 0. */
static int sub_value(const char *s, size_t n)
{
    static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
    for (int i = 0; i < 10; i++)
        if (strlen(numerals[i]) == n && memcmp(s, numerals[i], n) == 0)
            return i + 1;
    return 0;
}

/* Copies group g into dst (size cap with the NUL); -1 if it does not fit. */
static int copy_group(const char *text, const PCRE2_SIZE *ov, int g, char *dst, size_t cap)
{
    size_t len = ov[2 * g + 1] - ov[2 * g];
    if (len + 1 > cap)
        return -1;
    memcpy(dst, text + ov[2 * g], len);
    dst[len] = '\0';
    return 0;
}

int caseno_parse(const char *s, size_t n, caseno *out)
{
    /* The JIT-compiled pattern reads whole 16-byte blocks, past the
     * subject's end (harmless, but valgrind calls it a use of undefined
     * bytes): the buffer is aligned, a block longer, and zeroed. */
    _Alignas(16) char text[CASENO_MAX_TEXT + 16] = {0};
    long len = fold_text(s, n, text, CASENO_MAX_TEXT);
    pcre2_match_data *md;
    const pcre2_code *re = caseno_regex(&md);
    if (len < 0 || !re)
        return -1;

    int rc = pcre2_match(re, (PCRE2_SPTR)text, (PCRE2_SIZE)len, 0, 0, md, NULL);
    int result = -1;
    if (rc > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        caseno c;
        memset(&c, 0, sizeof c);
        c.year = (int)digits_value(text + ov[2 * G_YEAR], ov[2 * G_YEAR + 1] - ov[2 * G_YEAR]);
        c.seq = digits_value(text + ov[2 * G_SEQ], ov[2 * G_SEQ + 1] - ov[2 * G_SEQ]);
        if (rc > G_SUB && ov[2 * G_SUB] != PCRE2_UNSET)
            c.sub = sub_value(text + ov[2 * G_SUB], ov[2 * G_SUB + 1] - ov[2 * G_SUB]);
        if (copy_group(text, ov, G_COURT, c.court, sizeof c.court) == 0 &&
            copy_group(text, ov, G_KIND, c.kind, sizeof c.kind) == 0) {
            *out = c;
            result = 0;
        }
    }
    return result;
}

static int cmp_long(long a, long b)
{
    return (a > b) - (a < b);
}

static int sign_of(int v)
{
    return (v > 0) - (v < 0);
}

int caseno_cmp(const caseno *a, const caseno *b)
{
    int d = cmp_long(a->year, b->year);
    if (d == 0)
        d = sign_of(strcmp(a->court, b->court));
    if (d == 0)
        d = sign_of(strcmp(a->kind, b->kind));
    if (d == 0)
        d = cmp_long(a->seq, b->seq);
    if (d == 0)
        d = cmp_long(a->sub, b->sub);
    return d;
}
