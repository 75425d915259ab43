/* money.h: amounts of yuan held as integer fen, never as binary floats. */
#ifndef ZX_MONEY_H
#define ZX_MONEY_H
#include <stddef.h>
#include <stdint.h>

/* Parses "85000", "85,000.50", "85000.5元", "8.5万", "8.5万元", "1.5亿", "-12.3",
 * full-width digits and "，" separators; blanks around are ignored.
 * More than two decimals of yuan (after applying 万) is invalid, as is an
 * empty string.  Returns 0, or -1 when invalid or out of range (±9e15 fen).
 * Also "￥"/"¥" before the digits, "－" and "．".  A comma standing alone
 * between two digits of the whole part is ignored wherever it is
 * ("85,00,0" is 85000).  Decimals are judged by value: "1.230" is 1.23,
 * "1.23456万" is 12345.6 yuan, "1.234" is invalid. */
int money_parse(const char *s, size_t n, int64_t *fen);

/* 1 when the text says "no amount": blanks only, or a dash alone ("-",
 * "－", "—") as exports and Excel's accounting format write it.  Read as
 * empty (unknown), not as 0: the dash is also how Excel shows a zero, so
 * the value is not guessed. */
int money_is_empty(const char *s, size_t n);

/* Shortest exact text of a JSON number: "85000", "85000.5", "85000.05",
 * "-0.3".  Writes a NUL; returns the length. */
size_t money_format(int64_t fen, char buf[32]);

#endif
