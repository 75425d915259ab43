/* money.c: yuan amounts as people and spreadsheets write them, to integer fen.
 *
 * Grammar (after the blanks around are dropped; ASCII blanks and U+3000):
 *   [sign] [symbol] [sign] digits [ , digits ]... [ . digits ] [万|亿] [元]
 * sign is "-" or "－"; symbol is "￥" or "¥"; digits are ASCII or full-width;
 * "," may be "，" and "." may be "．".  A comma is ignored wherever it stands
 * alone between two digits of the whole part ("85,00,0" is 85000); a comma
 * anywhere else (leading, trailing, doubled, in the fraction) is invalid.
 * Blanks may stand before 万 and before 元.  The amount must be a whole
 * number of fen: "1.234" is invalid but "1.230" is 1.23 yuan, and "1.23456万"
 * is 12345.6 yuan (one 万 is 1,000,000 fen, so six decimals of 万 still land
 * on whole fen) while "1.2345678万" is invalid; one 亿 is 10^10 fen. */
#include "money.h"

#include <string.h>

#define MONEY_MAX_FEN 9000000000000000LL  /* ±9e15 fen, the header's range */

typedef struct {
    const unsigned char *p, *end;
} cursor;

/* 1 and advances when the bytes at the cursor are lit, else 0. */
static int eat(cursor *c, const char *lit)
{
    size_t len = strlen(lit);
    if ((size_t)(c->end - c->p) < len || memcmp(c->p, lit, len) != 0)
        return 0;
    c->p += len;
    return 1;
}

/* Length of the blank at p (ASCII space, tab, CR, LF or U+3000), or 0. */
static size_t blank_len(const unsigned char *p, const unsigned char *end)
{
    if (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        return 1;
    if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

static void skip_blanks(cursor *c)
{
    size_t k;
    while ((k = blank_len(c->p, c->end)) > 0)
        c->p += k;
}

/* The cursor without the blanks at its end. */
static void trim_end(cursor *c)
{
    for (;;) {
        if (c->end > c->p && (c->end[-1] == ' ' || c->end[-1] == '\t' ||
                              c->end[-1] == '\r' || c->end[-1] == '\n'))
            c->end--;
        else if (c->end - c->p >= 3 && c->end[-3] == 0xE3 &&
                 c->end[-2] == 0x80 && c->end[-1] == 0x80)
            c->end -= 3;
        else
            return;
    }
}

/* The value of the digit at the cursor (ASCII or U+FF10..U+FF19) without
 * moving, and its length in *len; -1 when there is none. */
static int peek_digit(const cursor *c, size_t *len)
{
    const unsigned char *p = c->p;
    if (p < c->end && *p >= '0' && *p <= '9') {
        *len = 1;
        return *p - '0';
    }
    if (c->end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
        *len = 3;
        return p[2] - 0x90;
    }
    return -1;
}

static int eat_digit(cursor *c)
{
    size_t len;
    int d = peek_digit(c, &len);
    if (d >= 0)
        c->p += len;
    return d;
}

static int eat_sign(cursor *c)
{
    return eat(c, "-") || eat(c, "\xEF\xBC\x8D");           /* - － */
}

static int eat_comma(cursor *c)
{
    return eat(c, ",") || eat(c, "\xEF\xBC\x8C");           /* , ， */
}

static int eat_point(cursor *c)
{
    return eat(c, ".") || eat(c, "\xEF\xBC\x8E");           /* . ． */
}

/* The whole part, commas dropped, into *whole; -1 when there is no digit,
 * a comma is misplaced, or the number passes MONEY_MAX_FEN yuan. */
static int parse_whole(cursor *c, int64_t *whole)
{
    int64_t v = 0;
    int d = eat_digit(c);
    if (d < 0)
        return -1;
    for (;;) {
        if (v > MONEY_MAX_FEN)
            return -1;
        v = v * 10 + d;
        d = eat_digit(c);
        if (d >= 0)
            continue;
        cursor save = *c;
        if (!eat_comma(c))
            break;
        d = eat_digit(c);
        if (d < 0) {
            *c = save;
            return -1;
        }
    }
    *whole = v;
    return 0;
}

/* The fraction digits after the point, each weighted by unit/10^i fen;
 * -1 when a non-zero digit would fall below one fen, or there is no digit. */
static int parse_fraction(cursor *c, int64_t unit, int64_t *fen)
{
    int64_t v = 0, weight = unit;
    int d = eat_digit(c), any = 0;
    for (; d >= 0; d = eat_digit(c)) {
        any = 1;
        weight /= 10;   /* becomes 0 once past the fen: only zeros allowed */
        if (weight == 0 && d != 0)
            return -1;
        v += d * weight;
    }
    *fen = v;
    return any ? 0 : -1;
}

int money_parse(const char *s, size_t n, int64_t *fen)
{
    cursor c = { (const unsigned char *)s, (const unsigned char *)s + n };
    skip_blanks(&c);
    trim_end(&c);

    int negative = eat_sign(&c);
    if (eat(&c, "\xEF\xBF\xA5") || eat(&c, "\xC2\xA5"))      /* ￥ ¥ */
        if (!negative)
            negative = eat_sign(&c);

    int64_t whole, frac = 0;
    if (parse_whole(&c, &whole) < 0)
        return -1;
    int has_point = eat_point(&c);
    cursor fraction_start = c;
    /* Skip the fraction once to learn whether 万 follows and so its unit. */
    while (eat_digit(&c) >= 0)
        ;
    skip_blanks(&c);
    int wan = eat(&c, "\xE4\xB8\x87");                        /* 万 */
    int yi = !wan && eat(&c, "\xE4\xBA\xBF");                 /* 亿 */
    int64_t unit = wan ? 1000000 : yi ? 10000000000LL : 100;
    if (wan || yi)
        skip_blanks(&c);
    eat(&c, "\xE5\x85\x83");                                  /* 元 */
    if (c.p != c.end)
        return -1;

    if (has_point && parse_fraction(&fraction_start, unit, &frac) < 0)
        return -1;
    if (whole > MONEY_MAX_FEN / unit)
        return -1;
    int64_t v = whole * unit + frac;
    if (v > MONEY_MAX_FEN)
        return -1;
    *fen = negative ? -v : v;
    return 0;
}

int money_is_empty(const char *s, size_t n)
{
    cursor c = { (const unsigned char *)s, (const unsigned char *)s + n };
    skip_blanks(&c);
    trim_end(&c);
    if (c.p == c.end)
        return 1;
    /* a dash alone: "-", "－", "—" (what exports write for "no amount") */
    return eat(&c, "-") || eat(&c, "\xEF\xBC\x8D") || eat(&c, "\xE2\x80\x94") ? c.p == c.end : 0;
}

size_t money_format(int64_t fen, char buf[32])
{
    char digits[24];
    size_t nd = 0, len = 0;
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    unsigned cents = (unsigned)(mag % 100);
    uint64_t yuan = mag / 100;

    if (fen < 0)
        buf[len++] = '-';
    do {
        digits[nd++] = (char)('0' + yuan % 10);
        yuan /= 10;
    } while (yuan > 0);
    while (nd > 0)
        buf[len++] = digits[--nd];
    if (cents != 0) {
        buf[len++] = '.';
        buf[len++] = (char)('0' + cents / 10);
        if (cents % 10 != 0)
            buf[len++] = (char)('0' + cents % 10);
    }
    buf[len] = '\0';
    return len;
}
