/* boolval.c: yes/no cells in the words of the national system and of
 * spreadsheets.  Blanks around (ASCII and U+3000) are dropped, ASCII letters
 * compared without case; anything else, including "" and "2", is invalid. */
#include "boolval.h"

#include <string.h>

static const char *const truthy[] = { "true", "1", "是", "有", "y", "yes", "真" };
static const char *const falsy[]  = { "false", "0", "否", "无", "n", "no", "假" };

static int is_blank_at(const unsigned char *p, size_t left, size_t *len)
{
    if (left >= 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        *len = 1;
        return 1;
    }
    if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
        *len = 3;
        return 1;
    }
    return 0;
}

static unsigned char ascii_lower(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* 1 when the n bytes at s equal word, ignoring ASCII case only (so the
 * result does not depend on the locale). */
static int same_word(const char *s, size_t n, const char *word)
{
    if (strlen(word) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)s[i]) != (unsigned char)word[i])
            return 0;
    return 1;
}

static int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (same_word(s, n, list[i]))
            return 1;
    return 0;
}

int bool_parse(const char *s, size_t n, int *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t k;
    while (p < end && is_blank_at(p, (size_t)(end - p), &k))
        p += k;
    for (;;) {
        if (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
            end--;
        else if (end - p >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80)
            end -= 3;
        else
            break;
    }
    const char *word = (const char *)p;
    size_t len = (size_t)(end - p);
    if (in_list(word, len, truthy, sizeof truthy / sizeof *truthy)) {
        *out = 1;
        return 0;
    }
    if (in_list(word, len, falsy, sizeof falsy / sizeof *falsy)) {
        *out = 0;
        return 0;
    }
    return -1;
}
