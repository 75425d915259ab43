/* test_reader: checks of lib/io/reader.c, and a driver for t/reader.bats.
 *
 *   test_reader                      run the checks below
 *   test_reader [--csv|--jsonl] [--utf8|--gb18030] [--raw|--count]
 *               [--lazy] [--only K1,K2...] [--again] FILE
 *       print each record as {"line":N,"broken":B,"nerrors":E,"obj":{...}}
 *       (with --raw also "raw": the record text); --count prints only
 *       "records N broken M".  --lazy: reader_lazy(); --only: the
 *       records keep those keys (reader_only_keys); --again: each record
 *       that is not broken is printed as reader_again_whole() reads it
 *       again.  Exit 3 on a read error.
 * Field aliases come from $ZHIXING_SHARE (default ./share). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encoding.h"
#include "fields.h"
#include "reader.h"

static int checks, failures;

static void check_str(const char *what, const char *got, const char *want)
{
    checks++;
    if (got && want && strcmp(got, want) == 0) return;
    if (!got && !want) return;
    failures++;
    printf("not ok: %s (got %s, want %s)\n", what, got ? got : "NULL", want ? want : "NULL");
}

static void check_int(const char *what, long long got, long long want)
{
    checks++;
    if (got == want) return;
    failures++;
    printf("not ok: %s (got %lld, want %lld)\n", what, got, want);
}

/* Writes text to a fresh temporary file; returns its path (static buffer). */
static const char *tmpfile_with(const char *text, size_t n)
{
    static char path[64];
    strcpy(path, "/tmp/test_reader.XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n) {
        perror("test_reader");
        exit(2);
    }
    close(fd);
    return path;
}

/* The compact JSON of a record's object, every value built (malloc'd,
 * caller frees). */
static char *dump(zrec *r)
{
    rec_materialise(r);
    return json_dumps(r->obj, JSON_COMPACT);
}

static void check_open_errors(void)
{
    char *err = NULL;
    zreader *rd = reader_open("/nonexistent/x.csv", FMT_AUTO, ENC_AUTO, &err);
    check_int("open missing file gives NULL", rd == NULL, 1);
    check_str("open missing file message", err, "cannot open /nonexistent/x.csv: No such file or directory");
    free(err);
    err = NULL;
    rd = reader_open("/tmp", FMT_AUTO, ENC_AUTO, &err);
    check_int("open a directory gives NULL", rd == NULL, 1);
    check_str("open a directory message", err, "cannot open /tmp: Is a directory");
    free(err);
    rd = reader_open("-", FMT_AUTO, ENC_AUTO, &err);
    check_str("name of -", reader_name(rd), "<stdin>");
    reader_close(rd);
    rd = reader_open(NULL, FMT_AUTO, ENC_AUTO, &err);
    check_str("name of NULL", reader_name(rd), "<stdin>");
    reader_close(rd);
}

static void check_csv_header(void)
{
    static const char text[] = "案号,立案日期,amount,申请执行标的金额,,amount\r\n"
                               "A1,2023-03-01,5,6,x,y\r\n";
    const char *path = tmpfile_with(text, sizeof text - 1);
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, &err);
    zrec r;
    memset(&r, 0, sizeof r);
    check_int("format before the first record", reader_format(rd), FMT_AUTO);
    check_int("one record", reader_next(rd, &r), 1);
    check_int("format settles on CSV", reader_format(rd), FMT_CSV);
    size_t n = 0, nk = 0;
    const char *const *h = reader_header(rd, &n);
    const char *const *k = reader_keys(rd, &nk);
    check_int("header count", (long long)n, 6);
    check_int("key count", (long long)nk, 6);
    static const char *want_h[] = {"案号", "立案日期", "amount", "申请执行标的金额", "", "amount"};
    static const char *want_k[] = {"case_no", "filed_on", "amount", "申请执行标的金额", "_col5", "amount_2"};
    for (size_t i = 0; i < 6 && i < n; i++) {
        check_str("header as written", h[i], want_h[i]);
        check_str("column key", k[i], want_k[i]);
    }
    char *j = dump(&r);
    check_str("row object", j,
              "{\"case_no\":\"A1\",\"filed_on\":\"2023-03-01\",\"amount\":\"5\",\"申请执行标的金额\":\"6\","
              "\"_col5\":\"x\",\"amount_2\":\"y\"}");
    free(j);
    check_int("row line (header is line 1)", r.line, 2);
    check_int("rawlen without CRLF", (long long)r.rawlen, (long long)strlen("A1,2023-03-01,5,6,x,y"));
    check_int("raw ends before CR", r.raw[r.rawlen - 1], 'y');
    check_int("not broken", r.broken, 0);
    check_int("end", reader_next(rd, &r), 0);
    reader_close(rd);
    unlink(path);
}

static void check_csv_raw_and_broken(void)
{
    static const char text[] = "a,b\n\"x\ny\",2\r\n1,2,3\n";
    const char *path = tmpfile_with(text, sizeof text - 1);
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_CSV, ENC_AUTO, &err);
    zrec r;
    memset(&r, 0, sizeof r);
    check_int("multi-line record", reader_next(rd, &r), 1);
    check_int("multi-line record: first line", r.line, 2);
    check_int("multi-line raw length", (long long)r.rawlen, 7);
    check_int("multi-line raw text", r.rawlen == 7 && memcmp(r.raw, "\"x\ny\",2", 7) == 0, 1);
    check_int("ragged row", reader_next(rd, &r), 1);
    check_int("ragged row broken", r.broken, 1);
    check_int("ragged row nerrors", r.nerrors, 1);
    check_int("ragged row line", r.line, 4);
    json_t *e = json_array_get(json_object_get(r.obj, "errors"), 0);
    check_str("error tool", json_string_value(json_object_get(e, "tool")), zx_tool_name);
    check_str("error field", json_string_value(json_object_get(e, "field")), "_raw");
    check_str("error message", json_string_value(json_object_get(e, "message")), "row has 3 fields, header has 2");
    check_str("_raw", json_string_value(json_object_get(r.obj, "_raw")), "1,2,3");
    check_int("end", reader_next(rd, &r), 0);
    check_int("end again", reader_next(rd, &r), 0);
    reader_close(rd);
    unlink(path);
}

static void check_jsonl(void)
{
    static const char text[] = "\xEF\xBB\xBF  \n{\"案号\":\"A\",\"b\":1}\r\n\n{\"案号\":\"A\",\"case_no\":\"B\"}\n[1]\n";
    const char *path = tmpfile_with(text, sizeof text - 1);
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, &err);
    zrec r;
    memset(&r, 0, sizeof r);
    check_int("jsonl record", reader_next(rd, &r), 1);
    check_int("format settles on JSON lines", reader_format(rd), FMT_JSONL);
    check_int("no header for JSON lines", reader_header(rd, NULL) == NULL, 1);
    check_int("no keys for JSON lines", reader_keys(rd, NULL) == NULL, 1);
    char *j = dump(&r);
    check_str("alias renamed in place", j, "{\"case_no\":\"A\",\"b\":1}");
    free(j);
    check_int("renamed record is modified", r.modified, 1);
    check_int("jsonl line", r.line, 2);
    check_int("jsonl rawlen without CRLF", (long long)r.rawlen, (long long)strlen("{\"案号\":\"A\",\"b\":1}"));
    check_int("second", reader_next(rd, &r), 1);
    j = dump(&r);
    check_str("alias kept when canonical present", j, "{\"案号\":\"A\",\"case_no\":\"B\"}");
    free(j);
    check_int("unrenamed record is not modified", r.modified, 0);
    check_int("jsonl line after a blank", r.line, 4);
    check_int("array", reader_next(rd, &r), 1);
    check_int("array is broken", r.broken, 1);
    check_int("end", reader_next(rd, &r), 0);
    reader_close(rd);
    unlink(path);
}

/* Lists and objects of a JSON line are built when first read, and the same
 * whichever way they are reached; an alias key is renamed in place, its
 * values still built on demand (issue 19: a number keeps its text). */
static void check_jsonl_lazy(void)
{
    static const char text[] = "{\"e\":[{\"node\":\"notice\"}],\"o\":{\"k\":[1]},\"s\":\"x\"}\n"
                                "{\"案号\":\"A\",\"e\":[2]}\n";
    const char *path = tmpfile_with(text, sizeof text - 1);
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_JSONL, ENC_AUTO, &err);
    reader_lazy(rd);
    zrec r;
    memset(&r, 0, sizeof r);
    check_int("lazy record", reader_next(rd, &r), 1);
    check_int("three values left to build", r.nlive, 3);
    check_int("an unbuilt value is not in obj yet", json_object_get(r.obj, "e") == NULL, 1);
    json_t *s = rec_get(&r, "s");
    check_int("rec_get builds a scalar", json_is_string(s) && strcmp(json_string_value(s), "x") == 0, 1);
    json_t *e = rec_get(&r, "e");
    check_int("rec_get builds a list", json_is_array(e) && json_array_size(e) == 1, 1);
    check_int("one left to build", r.nlive, 1);
    check_int("an absent field is NULL", rec_get(&r, "zz") == NULL, 1);
    check_int("the record is canonical text", r.canonical, 1);
    char *j = dump(&r);
    check_str("built whole, in the line's order", j, "{\"e\":[{\"node\":\"notice\"}],\"o\":{\"k\":[1]},\"s\":\"x\"}");
    free(j);
    check_int("aliased record", reader_next(rd, &r), 1);
    check_int("an alias key: values still to build", r.nlive, 2);
    check_int("an alias key: the record is modified", r.modified, 1);
    j = dump(&r);
    check_str("aliased record built and renamed", j, "{\"case_no\":\"A\",\"e\":[2]}");
    free(j);
    rec_clear(&r);
    reader_close(rd);
    rd = reader_open(path, FMT_JSONL, ENC_AUTO, &err);   /* not lazy: built whole */
    check_int("eager record", reader_next(rd, &r), 1);
    check_int("nothing left to build", r.nlive, 0);
    check_int("the list is there at once", json_is_array(json_object_get(r.obj, "e")), 1);
    rec_clear(&r);
    reader_close(rd);
    unlink(path);
}

/* A member's escaped key survives its value's escapes (both are unescaped
 * into the same scratch space). */
static void check_jsonl_escaped_keys(void)
{
    static const char text[] = "{\"a\\u0062\":\"x\\ny\",\"c\\td\":[\"\\u00e9\"]}\n";
    const char *path = tmpfile_with(text, sizeof text - 1);
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_JSONL, ENC_AUTO, &err);
    reader_lazy(rd);
    zrec r;
    memset(&r, 0, sizeof r);
    check_int("escaped keys: read", reader_next(rd, &r), 1);
    json_t *ab = rec_get(&r, "ab"), *cd = rec_get(&r, "c\td");
    check_int("escaped key ab holds x\\ny", json_is_string(ab) && strcmp(json_string_value(ab), "x\ny") == 0, 1);
    check_int("escaped key c\\td holds a list", json_is_array(cd) && json_array_size(cd) == 1, 1);
    rec_clear(&r);
    reader_close(rd);
    unlink(path);
}

static void check_empty_inputs(void)
{
    zrec r;
    memset(&r, 0, sizeof r);
    char *err = NULL;
    const char *path = tmpfile_with("", 0);
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, &err);
    check_int("empty file", reader_next(rd, &r), 0);
    check_int("empty file keeps FMT_AUTO", reader_format(rd), FMT_AUTO);
    reader_close(rd);
    unlink(path);
    path = tmpfile_with("a,b\n\n", 5);
    rd = reader_open(path, FMT_AUTO, ENC_AUTO, &err);
    check_int("header only", reader_next(rd, &r), 0);
    reader_close(rd);
    unlink(path);
}

static void check_forced_encoding(void)
{
    static const char text[] = "a\n\xB0\xB8\n";   /* 案 in GB18030 */
    zrec r;
    memset(&r, 0, sizeof r);
    char *err = NULL;
    const char *path = tmpfile_with(text, sizeof text - 1);
    zreader *rd = reader_open(path, FMT_CSV, ENC_UTF8, &err);
    check_int("forced UTF-8 record", reader_next(rd, &r), 1);
    check_int("forced UTF-8 on GB18030 is broken", r.broken, 1);
    check_str("forced UTF-8 _raw", json_string_value(json_object_get(r.obj, "_raw")), "\\xB0\\xB8");
    reader_close(rd);
    rd = reader_open(path, FMT_CSV, ENC_GB18030, &err);
    check_int("forced GB18030 record", reader_next(rd, &r), 1);
    char *j = dump(&r);
    check_str("forced GB18030 object", j, "{\"a\":\"案\"}");
    free(j);
    reader_close(rd);
    rec_clear(&r);
    unlink(path);
}

static void check_utf8_seq(void)
{
    struct { const char *s; size_t want; } t[] = {
        {"a", 1}, {"\xC2\x80", 2}, {"\xC0\x80", 0}, {"\xC1\xBF", 0}, {"\xE0\x80\x80", 0},
        {"\xE0\xA0\x80", 3}, {"\xED\x9F\xBF", 3}, {"\xED\xA0\x80", 0}, {"\xF0\x8F\xBF\xBF", 0},
        {"\xF0\x90\x80\x80", 4}, {"\xF4\x8F\xBF\xBF", 4}, {"\xF4\x90\x80\x80", 0}, {"\xF5\x80\x80\x80", 0},
        {"\x80", 0}, {"\xE6\xA1", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "utf8_seq_len case %zu", i);
        check_int(what, (long long)utf8_seq_len((const unsigned char *)t[i].s, strlen(t[i].s)), (long long)t[i].want);
    }
}

/* A line is scanned to its end and not a byte further, whatever its
 * length against the scanner's 16- and 8-byte steps: the byte after it
 * (here 0xFF, which is never UTF-8) is not read. */
static void check_scan_stops_at_end(void)
{
    for (size_t n = 1; n <= 48; n++) {
        char *buf = malloc(n + 1), what[64];
        memset(buf, 'a', n);
        if (n >= 3) memcpy(buf + n / 2 - 1, "\xE6\xA1\x88", 3);   /* 案, within the line */
        buf[n] = (char)0xFF;
        zdecoder *d = decoder_new(ENC_AUTO);
        zdecoded out;
        char *err = NULL;
        snprintf(what, sizeof what, "a %zu-byte line is clean UTF-8", n);
        check_int(what, decoder_line(d, buf, n, 0, &out, &err) == 0 && out.bad == ZBAD_NONE, 1);
        snprintf(what, sizeof what, "a %zu-byte line is read as UTF-8", n);
        check_int(what, n < 3 || decoder_encoding(d) == ENC_UTF8, 1);
        decoder_free(d);
        free(buf);
    }
}

/* Auto encoding is decided line by line (encoding.h). */
static void check_decoder_per_line(void)
{
    static const struct { const char *line; zbad_kind bad; const char *text; } t[][3] = {
        {   /* a UTF-8 file: a GB18030 line in it is a bad UTF-8 line */
            {"a,\xE6\xA1\x88\n", ZBAD_NONE, "a,\xE6\xA1\x88\n"},
            {"\xB0\xB8\n", ZBAD_UTF8, "\\xB0\\xB8\n"},
            {"b,\xE6\xA1\x88\n", ZBAD_NONE, "b,\xE6\xA1\x88\n"},
        },
        {   /* a GB18030 file: a valid UTF-8 line is UTF-8; a mostly-UTF-8 line with a cut character too */
            {"\xB0\xB8\n", ZBAD_NONE, "\xE6\xA1\x88\n"},
            {"\xE6\xA1\x88\n", ZBAD_NONE, "\xE6\xA1\x88\n"},
            {"\xE6\xA1\x88\xE6\xA1\x88\xE6\n", ZBAD_UTF8, "\xE6\xA1\x88\xE6\xA1\x88\\xE6\n"},
        },
    };
    for (size_t f = 0; f < sizeof t / sizeof t[0]; f++) {
        zdecoder *d = decoder_new(ENC_AUTO);
        long long off = 1;
        for (size_t i = 0; i < 3; i++) {
            zdecoded out;
            char *err = NULL, what[64];
            size_t n = strlen(t[f][i].line);
            snprintf(what, sizeof what, "per-line decoding, file %zu line %zu", f + 1, i + 1);
            check_int(what, decoder_line(d, t[f][i].line, n, off, &out, &err) == 0 && out.bad == t[f][i].bad, 1);
            char *got = strndup(out.text, out.len);
            check_str(what, got, t[f][i].text);
            free(got);
            off += (long long)n;
        }
        decoder_free(d);
    }
}

static int run_checks(void)
{
    check_open_errors();
    check_csv_header();
    check_csv_raw_and_broken();
    check_jsonl();
    check_jsonl_lazy();
    check_jsonl_escaped_keys();
    check_empty_inputs();
    check_forced_encoding();
    check_utf8_seq();
    check_scan_stops_at_end();
    check_decoder_per_line();
    if (failures) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}

static int print_records(zformat fmt, zencoding enc, int raw, int count, int lazy, char *only, int again,
                         const char *path)
{
    char *err = NULL;
    zreader *rd = reader_open(path, fmt, enc, &err);
    if (!rd) {
        fprintf(stderr, "test_reader: %s\n", err);
        free(err);
        return 3;
    }
    if (lazy) reader_lazy(rd);
    const char *keys[64];
    size_t nkeys = 0;
    for (char *k = only ? strtok(only, ",") : NULL; k && nkeys < 64; k = strtok(NULL, ",")) keys[nkeys++] = k;
    if (reader_only_keys(rd, keys, nkeys) != 0) return 3;
    zrec r;
    memset(&r, 0, sizeof r);
    long records = 0, broken = 0;
    int got;
    while ((got = reader_next(rd, &r)) == 1) {
        if (again && !r.broken && reader_again_whole(rd, &r) != 1) {
            got = -1;
            break;
        }
        records++;
        broken += r.broken;
        if (count) continue;
        json_t *o = json_pack("{s:I,s:i,s:i,s:O}", "line", (json_int_t)r.line, "broken", r.broken, "nerrors",
                              r.nerrors, "obj", (rec_materialise(&r), r.obj));
        if (raw) json_object_set_new(o, "raw", json_stringn(r.raw, r.rawlen));
        char *s = json_dumps(o, JSON_COMPACT);
        puts(s);
        free(s);
        json_decref(o);
    }
    if (count) printf("records %ld broken %ld\n", records, broken);
    rec_clear(&r);
    reader_close(rd);
    return got < 0 ? 3 : 0;
}

int main(int argc, char **argv)
{
    const char *share = getenv("ZHIXING_SHARE");
    char *err = NULL;
    if (fields_init(share ? share : "share", NULL, &err) != 0) {
        fprintf(stderr, "test_reader: %s\n", err);
        free(err);
        return 2;
    }
    int rc;
    if (argc == 1) {
        rc = run_checks();
    } else {
        zformat fmt = FMT_AUTO;
        zencoding enc = ENC_AUTO;
        int raw = 0, count = 0, lazy = 0, again = 0, i = 1;
        char *only = NULL;
        for (; i < argc - 1; i++) {
            if (strcmp(argv[i], "--csv") == 0) fmt = FMT_CSV;
            else if (strcmp(argv[i], "--jsonl") == 0) fmt = FMT_JSONL;
            else if (strcmp(argv[i], "--utf8") == 0) enc = ENC_UTF8;
            else if (strcmp(argv[i], "--gb18030") == 0) enc = ENC_GB18030;
            else if (strcmp(argv[i], "--raw") == 0) raw = 1;
            else if (strcmp(argv[i], "--count") == 0) count = 1;
            else if (strcmp(argv[i], "--lazy") == 0) lazy = 1;
            else if (strcmp(argv[i], "--again") == 0) again = 1;
            else if (strcmp(argv[i], "--only") == 0 && i + 2 < argc) only = argv[++i];
            else {
                fprintf(stderr, "test_reader: unknown option %s\n", argv[i]);
                return 2;
            }
        }
        rc = print_records(fmt, enc, raw, count, lazy, only, again, argv[i]);
    }
    fields_free();
    return rc;
}
