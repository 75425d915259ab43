/* causes.h: the hierarchy of causes (案由) of the SPC's 民事案件案由规定
 * (2020), read from share/causes.tsv (cause, TAB, the cause it is listed
 * under).  SPEC 5.3: a rule naming a cause matches that cause and the
 * causes listed under it, and nothing else.
 *
 * One table per process, loaded by fields_init() with the other tables of
 * share/ and kept to exit. */
#ifndef ZX_CAUSES_H
#define ZX_CAUSES_H

/* Loads path.  0, or -1 with *err (malloc'd, names the file and line). */
int causes_load(const char *path, char **err);
void causes_free(void);

/* 1 when name (blanks at either end ignored) is a cause of the table. */
int cause_known(const char *name);

/* 1 when cause is ancestor or listed under it at any depth, 0 when not,
 * -1 when cause is not in the table (the caller then compares exactly). */
int cause_under(const char *cause, const char *ancestor);

/* Prints, once per run for each cause text (up to 64 texts, then one line
 * saying more were met), "FILE:LINE: cause: warning: ..." on standard
 * error: the cause is not in the table and is matched exactly.  file may
 * be NULL (standard input).  Nothing is printed while zx_quiet is set. */
void cause_warn_unknown(const char *cause, const char *file, long line);

#endif
