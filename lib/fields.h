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
/* 1 when name is a canonical field name, as it is (quicker than
 * field_canonical() for a name that is). */
int field_is_canonical(const char *name);
/* 1 and *out when the canonical field is in the table, else 0. */
int field_type_of(const char *canonical, field_type *out);

const char *node_canonical(const char *name);      /* "执行通知书" -> "notice" */
const char *fundkind_canonical(const char *name);  /* "到账" -> "arrival" */
const char *flag_canonical(const char *name);      /* "涉黑恶" -> "gang" */

/* Canonical value of an enumerated text field (share/values.tsv):
 * ("subject", "行为执行") -> "act"; the text itself when the field has no
 * table or the text is not an alias. */
const char *value_canonical(const char *field, const char *text);

#endif
