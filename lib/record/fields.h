/* fields.h: canonical names and their aliases, read from the TSV files of share/.
 * One table per process, loaded once by tool_main (or a test) and kept to
 * exit; every returned string lives as long as the table. */
#ifndef ZX_FIELDS_H
#define ZX_FIELDS_H

typedef enum { FT_TEXT, FT_MONEY, FT_DATE, FT_BOOL, FT_CASENO, FT_LIST, FT_EVENTS, FT_FUNDS } field_type;

/* Loads fields.tsv, nodes.tsv, fundkinds.tsv, flags.tsv, values.tsv from sharedir, then
 * the user's --fields FILE (same format as fields.tsv) if not NULL, then
 * causes.tsv (the cause hierarchy, causes.h; fields_free() frees it too).
 * 0, or -1 with *err (malloc'd, names the file and line). */
int fields_init(const char *sharedir, const char *user_file, char **err);
void fields_free(void);

/* Canonical field for a header ("申请执行标的金额" -> "amount", "amount" ->
 * "amount"); blanks, bracket width and letter case do not matter.  NULL
 * when unknown. */
const char *field_canonical(const char *header);
/* field_canonical() for a key of a file of kind scope (FS_ below): NULL
 * when the alias names a column of another kind (a funds file's 到账金额 is
 * not a case's amount).  For JSON lines' keys. */
const char *field_canonical_in(const char *name, unsigned scope);

/* 1 when name is a canonical field name, as it is (quicker than
 * field_canonical() for a name that is). */
int field_is_canonical(const char *name);
/* 1 and *out when the canonical field is in the table, else 0. */
int field_type_of(const char *canonical, field_type *out);

/* File kinds, for the columns an alias names (fields.tsv's fourth column):
 * a funds file's 到账金额 is a fund's amount, not a case's. */
enum { FS_CASE = 1, FS_EVENTS = 2, FS_FUNDS = 4, FS_ALL = 7 };

/* How a CSV header is read. */
typedef struct field_match {
    const char *canon;   /* canonical field; NULL when the header is not recognised */
    const char *alias;   /* the table's alias it matched, as the table writes it */
    field_type type;
    int exact;           /* the header as written (blanks at its ends aside) is that alias */
    long scale;          /* the cells are in units of this many yuan (万元: 10000); 1 */
    char unit[32];       /* the unit dropped from the header ("元", "万元"), else "" */
    const char *other;   /* when not recognised here: the field it names in
                            another file kind (到账金额 in a case file: amount) */
} field_match;

/* Matches a header of a file of kind scope (FS_): as written, then folded
 * (blanks, U+3000, full-width forms, slashes, letter case), then without a
 * bracketed unit of share/export.tsv ("（元）", "(万元)", "/元").  1 when
 * recognised (m->canon), else 0.  Strings borrowed from the table. */
int field_match_header(const char *header, unsigned scope, field_match *m);

/* The first alias fields.tsv gives a canonical field ("amount" ->
 * "申请执行标的金额"), NULL when it has none.  For messages. */
const char *field_label(const char *canonical);

/* The footer word (share/export.tsv: 合计, 制表人 ...) text starts with, or
 * NULL. */
const char *footer_word(const char *text);

const char *node_canonical(const char *name);      /* "执行通知书" -> "notice" */
const char *fundkind_canonical(const char *name);  /* "到账" -> "arrival" */
const char *flag_canonical(const char *name);      /* "涉黑恶" -> "gang" */

/* Canonical value of an enumerated text field (share/values.tsv):
 * ("subject", "行为执行") -> "act"; the text itself when the field has no
 * table or the text is not an alias. */
const char *value_canonical(const char *field, const char *text);
/* 1 when share/values.tsv lists the values of field (an enumerated field:
 * subject, applicant_kind, close_method ...). */
int value_enumerated(const char *field);
/* "FILE:LINE: field: warning: 'text' is not one of its values ..." on
 * standard error, once a run for each field and text (SPEC 6: a value no
 * rule can recognise is said, not passed over). */
void value_warn_unknown(const char *field, const char *text, const char *file, long line);

#endif
