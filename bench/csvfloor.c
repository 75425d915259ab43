/* libcsv alone over a file, callbacks that do nothing: the floor for any
 * CSV tool built on libcsv. */
#include <csv.h>
#include <stdio.h>
static long fields, rows;
static void f(void *s, size_t n, void *d) { (void)s; (void)n; (void)d; fields++; }
static void r(int c, void *d) { (void)c; (void)d; rows++; }
int main(int argc, char **argv)
{
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    FILE *in = argc > 1 ? fopen(argv[1], "rb") : NULL;
    if (!in) {
        perror(argc > 1 ? argv[1] : "usage: csvfloor FILE");
        return 1;
    }
    static char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) csv_parse(&p, buf, n, f, r, NULL);
    csv_fini(&p, f, r, NULL);
    printf("%ld rows %ld fields\n", rows, fields);
    fclose(in);
    csv_free(&p);
    return 0;
}
