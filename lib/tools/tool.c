/* tool.c: the command line and record loop every tool shares (tool.h). */
#include "tool.h"
#include "jalloc.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "excel_cells.h"
#include "fields.h"
#include "mask.h"
#include "profile.h"
#include "progress.h"
#include "reader.h"
#include "writer.h"

enum {
    OPT_ENCODING = 200, OPT_ASOF, OPT_ONLY, OPT_EXPLAIN, OPT_FIELDS, OPT_CALENDAR,
    OPT_BOM, OPT_LIST, OPT_VERSION, OPT_MASK, OPT_MASK_KEY, OPT_MASK_ALLOW, OPT_DELIMITER, OPT_PROGRESS, OPT_HEADER_ROW
};

static const struct option common_options[] = {
    {"profile", required_argument, NULL, 'p'},
    {"input-format", required_argument, NULL, 'i'},
    {"output-format", required_argument, NULL, 'o'},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"delimiter", required_argument, NULL, OPT_DELIMITER},
    {"as-of", required_argument, NULL, OPT_ASOF},
    {"only-flagged", no_argument, NULL, OPT_ONLY},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"fields", required_argument, NULL, OPT_FIELDS},
    {"calendar", required_argument, NULL, OPT_CALENDAR},
    {"bom", no_argument, NULL, OPT_BOM},
    {"list-rules", no_argument, NULL, OPT_LIST},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"mask", no_argument, NULL, OPT_MASK},
    {"mask-key-file", required_argument, NULL, OPT_MASK_KEY},
    {"mask-allow", required_argument, NULL, OPT_MASK_ALLOW},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"header-row", required_argument, NULL, OPT_HEADER_ROW},
};

static const char common_usage[] =
    "  -p, --profile ID|FILE   court profile (default spc): spc xinmi reform2023 yindu shihe jianli\n"
    "  -i, --input-format F    auto (default), csv or jsonl\n"
    "  -o, --output-format F   jsonl (default) or csv\n"
    "      --encoding E        auto (default), utf-8 or gb18030 (UTF-16 with a BOM is\n"
    "                          always read as such)\n"
    "      --delimiter D       CSV field delimiter: comma, tab, semicolon (or the\n"
    "                          character itself); default: counted in the header row\n"
    "      --as-of DATE        the day checks are made for (default: today, China time)\n"
    "      --only-flagged      write only records with a finding\n"
    "      --explain           add an explanation of every rule tried\n"
    "      --fields FILE       extra header aliases (share/fields.tsv format)\n"
    "      --header-row N      CSV: the header is line N (default: found among the\n"
    "                          first 20 lines; the lines above it are not records)\n"
    "      --calendar FILE     add or replace a year of the holiday calendar\n"
    "      --bom               CSV output for Excel: UTF-8 BOM and CRLF\n"
    "      --list-rules        print the profile's rules (id, kind, source) and exit\n"
    "      --mask              replace personal data (names, id numbers, phones, addresses,\n"
    "                          accounts: share/personal.tsv) with keyed pseudonyms\n"
    "                          (key: --mask-key-file FILE or $ZHIXING_MASK_KEY)\n"
    "      --mask-key-file F   the key for --mask\n"
    "      --mask-allow COL    under --mask, write column COL as it is (repeatable)\n"
    "      --progress          records done, MB/s and ETA on stderr (the default\n"
    "                          when stderr is a terminal)\n"
    "  -h, --help              this help\n"
    "      --version           version\n";

static void usage_hint(const char *tool)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", tool);
}

/* The share directory: $ZHIXING_SHARE, else ../share beside the binary
 * (a source tree), else the compiled-in install path.  Returns a malloc'd
 * path the caller frees. */
static char *find_sharedir(void)
{
    const char *env = getenv("ZHIXING_SHARE");
    if (env && *env) return strdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char *cand = NULL;
            if (asprintf(&cand, "%s/../share", exe) >= 0) {
                char probe[PATH_MAX + 16];
                snprintf(probe, sizeof probe, "%s/fields.tsv", cand);
                if (access(probe, R_OK) == 0) return cand;
                free(cand);
            }
        }
    }
    return strdup(ZX_SHAREDIR);
}

static zdate today_cst(void)
{
    time_t now = time(NULL);
    zdate d = {(int32_t)((now + 8 * 3600) / 86400), ZDATE_NOTIME};
    return d;
}

typedef struct run {
    const tool_spec *spec;
    void *st;
    zopts o;
    zformat in_fmt, out_fmt;
    zencoding enc;
    int bom, list_rules, mask;
    char delim;        /* --delimiter, 0: detected */
    int progress;      /* 1: --progress; 2: stderr is a terminal (shown after a second) */
    long header_row;   /* --header-row, 0: found */
    int profile_given; /* -p was given: a tool that needs no profile loads it too */
    json_t *read_fields;   /* the profile's rules' fields (profile_fields_read), once */
    json_t *warned;        /* fields whose missing column was warned of */
    const char *fields_file, *calendar_file, *mask_key_file;
    const char *mask_allow[64];
    size_t nmask_allow;
    int mask_refused;  /* --mask met a column it cannot classify: exit 2 */
    zwriter *w;
    int io_error;      /* an input could not be read: exit 3 */
    int write_error;   /* errno of a failed write, or 0 */
} run;

static int parse_common(run *R, int c, const char *arg)
{
    const char *tool = R->spec->name;
    switch (c) {
    case 'p': R->o.profile_name = arg; R->profile_given = 1; return 0;
    case 'i':
        if (!strcmp(arg, "auto")) R->in_fmt = FMT_AUTO;
        else if (!strcmp(arg, "csv")) R->in_fmt = FMT_CSV;
        else if (!strcmp(arg, "jsonl") || !strcmp(arg, "json")) R->in_fmt = FMT_JSONL;
        else break;
        return 0;
    case 'o':
        if (!strcmp(arg, "csv")) R->out_fmt = FMT_CSV;
        else if (!strcmp(arg, "jsonl") || !strcmp(arg, "json")) R->out_fmt = FMT_JSONL;
        else break;
        return 0;
    case OPT_ENCODING:
        if (!strcmp(arg, "auto")) R->enc = ENC_AUTO;
        else if (!strcasecmp(arg, "utf-8") || !strcasecmp(arg, "utf8")) R->enc = ENC_UTF8;
        else if (!strcasecmp(arg, "gb18030") || !strcasecmp(arg, "gbk") || !strcasecmp(arg, "gb2312")) R->enc = ENC_GB18030;
        else break;
        return 0;
    case OPT_DELIMITER:
        if (!strcmp(arg, ",") || !strcmp(arg, "comma")) R->delim = ',';
        else if (!strcmp(arg, "\t") || !strcmp(arg, "tab") || !strcmp(arg, "\\t")) R->delim = '\t';
        else if (!strcmp(arg, ";") || !strcmp(arg, "semicolon")) R->delim = ';';
        else break;
        return 0;
    case OPT_ASOF:
        if (date_parse(arg, strlen(arg), &R->o.as_of) != 0) break;
        return 0;
    case OPT_ONLY: R->o.only_flagged = 1; return 0;
    case OPT_EXPLAIN: R->o.explain = 1; return 0;
    case OPT_FIELDS: R->fields_file = arg; return 0;
    case OPT_CALENDAR: R->calendar_file = arg; return 0;
    case OPT_BOM: R->bom = 1; return 0;
    case OPT_LIST: R->list_rules = 1; return 0;
    case OPT_MASK: R->mask = 1; return 0;
    case OPT_MASK_KEY: R->mask_key_file = arg; return 0;
    case OPT_MASK_ALLOW:
        if (R->nmask_allow == sizeof R->mask_allow / sizeof *R->mask_allow) {
            fprintf(stderr, "%s: --mask-allow: at most %zu columns\n", tool, R->nmask_allow);
            return -1;
        }
        R->mask_allow[R->nmask_allow++] = arg;
        return 0;
    case OPT_PROGRESS: R->progress = 1; return 0;
    case OPT_HEADER_ROW: {
        char *end;
        R->header_row = strtol(arg, &end, 10);
        if (end == arg || *end || R->header_row < 1) break;
        return 0;
    }
    default: return -1;
    }
    fprintf(stderr, "%s: invalid argument '%s' for option %s\n", tool, arg,
            c == 'p' ? "-p" : c == 'i' ? "-i" : c == 'o' ? "-o" : c == OPT_ENCODING ? "--encoding"
            : c == OPT_DELIMITER ? "--delimiter" : c == OPT_HEADER_ROW ? "--header-row" : "--as-of");
    return -1;
}

static void print_help(const tool_spec *spec)
{
    printf("Usage: %s [OPTION]... [FILE]...\n%s\nWith no FILE, or when FILE is -, read standard input.\n\n",
           spec->name, spec->summary);
    const char *o_line = "  -o, --output-format F   jsonl (default) or csv\n";
    const char *at = spec->output_format ? strstr(common_usage, o_line) : NULL;
    if (at) {   /* the tool's own -o is in its options */
        fwrite(common_usage, 1, (size_t)(at - common_usage), stdout);
        fputs("  -o, --output-format F   see the tool's options below\n", stdout);
        fputs(at + strlen(o_line), stdout);
    } else {
        fputs(common_usage, stdout);
    }
    if (spec->usage && *spec->usage) printf("\n%s options:\n%s", spec->name, spec->usage);
    printf("\nExit status: 0 all records processed, 1 some records had data errors,\n"
           "2 usage or profile error, 3 input/output error.\n"
           "Manual: man %s\n", spec->name);
}

/* Builds the getopt table: the common options, then the tool's. */
static struct option *all_options(const tool_spec *spec)
{
    size_t nc = sizeof common_options / sizeof *common_options, nt = 0;
    while (spec->options && spec->options[nt].name) nt++;
    struct option *all = calloc(nc + nt + 1, sizeof *all);
    if (!all) return NULL;
    memcpy(all, common_options, sizeof common_options);
    if (nt) memcpy(all + nc, spec->options, nt * sizeof *all);
    return all;
}

/* Parses argv into R; returns -1 (usage error, reported), 0, or 1 when
 * --help/--version was answered. */
static int parse_args(run *R, int argc, char **argv)
{
    struct option *opts = all_options(R->spec);
    if (!opts) return -1;
    const char *extra = R->spec->short_options ? R->spec->short_options : "";
    char shorts[64];
    snprintf(shorts, sizeof shorts, ":p:i:o:h%s", extra);
    int c, rc = 0;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
        if (c == 'h') { print_help(R->spec); rc = 1; }
        else if (c == OPT_VERSION) { printf("%s (zhixing) %s\n", R->spec->name, ZX_VERSION); rc = 1; }
        else if (c == '?' || c == ':') {
            const char *bad = argv[optind - 1];
            if (c == ':') fprintf(stderr, "%s: option '%s' needs an argument\n", R->spec->name, bad);
            else if (optopt) fprintf(stderr, "%s: invalid option -- '%c'\n", R->spec->name, optopt);
            else fprintf(stderr, "%s: unrecognized option '%s'\n", R->spec->name, bad);
            rc = -1;
        } else if (c >= 256 || (c != ':' && strchr(extra, c))) {
            if (!R->spec->option || R->spec->option(R->st, c, optarg) != 0) rc = -1;
        } else if (c == 'o' && R->spec->output_format) {
            if (R->spec->output_format(R->st, optarg) != 0) rc = -1;
        } else if (parse_common(R, c, optarg) != 0) {
            rc = -1;
        }
    }
    free(opts);
    if (rc == -1) usage_hint(R->spec->name);
    R->o.files = argv + optind;
    R->o.nfiles = argc - optind;
    return rc;
}

/* Loads the shared data and the profile.  0, or -1 (reported). */
static int load_config(run *R)
{
    char *err = NULL;
    const char *tool = R->spec->name;
    if (fields_init(R->o.sharedir, R->fields_file, &err) != 0) goto fail;
    char *caldir = NULL;
    if (asprintf(&caldir, "%s/calendar", R->o.sharedir) < 0) return -1;
    R->o.cal = calendar_load_dir(caldir, &err);
    free(caldir);
    if (!R->o.cal) goto fail;
    if (R->calendar_file && calendar_add_file(R->o.cal, R->calendar_file, &err) != 0) goto fail;
    if (R->mask && mask_init(R->o.sharedir, R->mask_key_file, R->mask_allow, R->nmask_allow, &err) != 0) goto fail;
    if (R->spec->needs_profile || R->list_rules || R->profile_given) {
        R->o.profile = profile_load(R->o.profile_name, R->o.sharedir, &err);
        if (!R->o.profile) goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "%s: %s\n", tool, err ? err : "out of memory");
    free(err);
    return -1;
}

/* A CSV input without a column for a field the profile's rules read: said
 * once a run per field, naming the rules it leaves undecided (they read
 * the field as unknown, expr_eval.c). */
static void warn_missing_columns(run *R, zreader *rd, json_t *cols)
{
    const char *kind = R->spec->rule_kind;
    if (!R->o.profile || !cols || !kind) return;
    if (!R->read_fields) R->read_fields = profile_fields_read(R->o.profile, strcmp(kind, "*") ? kind : NULL);
    if (!R->warned) R->warned = json_object();
    const char *field;
    json_t *ids, *v;
    json_object_foreach(R->read_fields, field, ids) {
        if (!columns_lack(cols, field) || json_object_get(R->warned, field)) continue;
        if (R->spec->supplies && R->spec->supplies(R->st, field)) continue;
        json_object_set_new(R->warned, field, json_true());
        const char *label = !strcmp(field, "events") ? "节点, or <node>_at columns" : field_label(field);
        fprintf(stderr, "%s: %s: no column for %s%s%s%s: rules ", R->spec->name, reader_name(rd), field,
                label ? " (" : "", label ? label : "", label ? ")" : "");
        size_t i;
        json_array_foreach(ids, i, v) fprintf(stderr, "%s%s", i ? ", " : "", json_string_value(v));
        fprintf(stderr, " cannot be decided; add the column (an empty cell means none)\n");
    }
}

/* Streams one input through the tool.  0, or -1 when writing failed. */
static int run_file(run *R, const char *path)
{
    char *err = NULL;
    zreader *rd = reader_open(path, R->in_fmt, R->enc, &err);
    if (!rd) {
        fprintf(stderr, "%s: %s\n", R->spec->name, err ? err : "cannot open input");
        free(err);
        R->io_error = 1;
        return 0;
    }
    if (R->delim) reader_delimiter(rd, R->delim);
    if (!R->spec->reads_whole) reader_lazy(rd);   /* every read below goes through rec_get() */
    if (R->header_row) reader_header_row(rd, R->header_row);
    json_t *cols = NULL;
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int got, wrc = 0;
    int replaces = R->spec->replaces_output && R->spec->replaces_output(R->st);
    zprogress pg;
    if (R->progress) progress_start(&pg, R->spec->name, reader_name(rd), reader_size(rd), isatty(STDERR_FILENO),
                                  R->progress == 2);
    zx_defer_diagnostics = R->mask;
    while (wrc == 0 && (got = reader_next(rd, &rec)) == 1) {
        if (R->progress) progress_tick(&pg, reader_offset(rd));
        int flagged = 0;
        if (!cols && (cols = reader_columns(rd))) warn_missing_columns(R, rd, cols);
        if (!rec.broken && reader_format(rd) == FMT_CSV) {
            size_t ns;
            const char *const *sc = reader_suspect_cells(rd, &ns);
            rec_unflatten(&rec);
            if (ns) excel_cells_fix(&rec, sc, ns);
        }
        if (!rec.broken && R->spec->record) flagged = R->spec->record(R->st, &rec);
        /* under --mask, what the record's errors say is printed masked,
         * whether or not the record is written */
        if (R->mask && mask_record(&rec, &err) != 0) {
            fprintf(stderr, "%s: %s\n", R->spec->name, err ? err : "out of memory");
            R->mask_refused = 1;
            break;
        }
        if (R->mask) rec_flush_diagnostics(&rec);
        if (flagged < 0 || replaces) continue;
        if (R->o.only_flagged && !flagged && !rec.nerrors && !rec.broken) continue;
        if (writer_put(R->w, &rec, rd) != 0) wrc = -1;
    }
    if (R->mask) rec_flush_diagnostics(NULL);   /* a refused record's: not masked, not printed */
    zx_defer_diagnostics = 0;
    if (R->progress) progress_end(&pg, reader_offset(rd));
    if (wrc == 0 && got < 0) R->io_error = 1;   /* the reader reported it */
    free(err);
    if (wrc) R->write_error = errno ? errno : EIO;
    rec_clear(&rec);
    reader_close(rd);
    return wrc;
}

int tool_main(const tool_spec *spec, int argc, char **argv)
{
    jalloc_install();   /* before any jansson value is made */
    run R;
    memset(&R, 0, sizeof R);
    R.spec = spec;
    zx_tool_name = spec->name;
    R.o.tool = spec->name;
    R.o.profile_name = "spc";
    R.o.as_of = today_cst();
    R.out_fmt = FMT_JSONL;
    signal(SIGPIPE, SIG_IGN);
    R.st = spec->state_size ? calloc(1, spec->state_size) : NULL;
    int status = EXIT_OK;

    int prc = parse_args(&R, argc, argv);
    if (prc != 0) { status = prc < 0 ? EXIT_USAGE : EXIT_OK; goto out; }
    if (!R.progress && isatty(STDERR_FILENO)) R.progress = 2;   /* never in a pipe's or a cron log's stderr */
    R.o.in_fmt = R.in_fmt;
    R.o.enc = R.enc;
    R.o.sharedir = find_sharedir();
    if (load_config(&R) != 0) { status = EXIT_USAGE; goto out; }
    if (R.list_rules) {
        profile_list_rules(R.o.profile, stdout);
        goto out;
    }
    char *err = NULL;
    int orc = spec->open ? spec->open(R.st, &R.o, &err) : 0;
    if (orc != 0) {
        fprintf(stderr, "%s: %s\n", spec->name, err ? err : "cannot start");
        free(err);
        status = orc == -3 ? EXIT_IO : EXIT_USAGE;
        goto out;
    }
    R.w = writer_open(stdout, R.out_fmt, R.bom, spec->added_fields);
    int wrc = 0;
    if (R.o.nfiles == 0) wrc = run_file(&R, "-");
    for (int i = 0; i < R.o.nfiles && wrc == 0 && !R.mask_refused; i++) wrc = run_file(&R, R.o.files[i]);
    if (wrc == 0 && !R.mask_refused && spec->finish && spec->finish(R.st, R.w, &err) != 0) {
        fprintf(stderr, "%s: %s\n", spec->name, err ? err : "cannot finish");
        free(err);
        status = EXIT_IO;
    }
    if (writer_close(R.w) != 0 && !R.write_error) R.write_error = errno ? errno : EIO;
    R.w = NULL;
    if (R.write_error) {
        if (R.write_error != EPIPE) {
            fprintf(stderr, "%s: write error: %s\n", spec->name, strerror(R.write_error));
            status = EXIT_IO;
        }
    } else if (R.mask_refused) {
        status = EXIT_USAGE;
    } else if (R.io_error) {
        status = EXIT_IO;
    } else if (status == EXIT_OK && zx_data_errors > 0) {
        status = EXIT_DATA;
    }
out:
    if (spec->free && R.st) spec->free(R.st);
    free(R.st);
    json_decref(R.read_fields);
    json_decref(R.warned);
    writer_close(R.w);
    if (R.o.profile) profile_free(R.o.profile);
    if (R.o.cal) calendar_free(R.o.cal);
    free((char *)R.o.sharedir);
    fields_free();
    mask_done();
    if (fclose(stdout) != 0 && status == EXIT_OK && errno != EPIPE) {
        fprintf(stderr, "%s: write error: %s\n", spec->name, strerror(errno));
        status = EXIT_IO;
    }
    return status;
}
