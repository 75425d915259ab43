/* fuzz_reader.h: one reader run over the whole fuzz input, for the CSV,
 * JSON-lines and GB18030 harnesses.  Checks the reader's own promises: a
 * broken record carries an object with "_raw" and "errors". */
#ifndef ZX_FUZZ_READER_H
#define ZX_FUZZ_READER_H
#include "fuzz_common.h"
#include "reader.h"
#include "record.h"

static inline void fuzz_reader_run(const uint8_t *data, size_t size, zformat fmt, zencoding enc)
{
    fuzz_fields_once();
    char path[64];
    int fd = fuzz_memfd(data, size, path);
    if (fd < 0) return;
    char *err = NULL;
    zreader *rd = reader_open(path, fmt, enc, &err);
    if (!rd) { free(err); close(fd); return; }
    reader_lazy(rd);   /* as a tool reads its main input */
    zrec rec;
    memset(&rec, 0, sizeof rec);
    long nrec = 0;
    int got;
    while ((got = reader_next(rd, &rec)) == 1) {
        if (!rec.obj || !json_is_object(rec.obj)) abort();
        if (rec.broken && (!json_object_get(rec.obj, "_raw") || !json_object_get(rec.obj, "errors")))
            abort();
        if (!rec.broken && reader_format(rd) == FMT_CSV) rec_unflatten(&rec);   /* as tool_main does */
        /* Touch the typed getters the tools use on every record. */
        const zevent *ev;
        rec_events(&rec, &ev);
        rec_kind(&rec);
        rec_materialise(&rec);   /* every value the reader left to build on demand */
        if (++nrec > (long)size + 1) abort();  /* more records than bytes: a loop */
    }
    rec_clear(&rec);
    reader_header(rd, NULL);
    reader_close(rd);
    close(fd);
}

#endif
