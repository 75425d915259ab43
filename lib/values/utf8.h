/* utf8.h: the length of one UTF-8 sequence, for the reader's check of every
 * line (encoding.c) and for messages (record.c).  Inline: it runs per byte. */
#ifndef ZX_UTF8_H
#define ZX_UTF8_H
#include <stddef.h>

/* Length (1-4) of the valid UTF-8 sequence at s (n bytes left), 0 if the
 * bytes there are not one; NUL counts as valid here. */
static inline size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;                 /* continuation byte or overlong lead */
    if (c < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;     /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0;    /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;     /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0;    /* above U+10FFFF */
        return 4;
    }
    return 0;
}

#endif
