/* fuzz_jsonl: the reader (FMT_JSONL, ENC_AUTO) over arbitrary bytes. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(data, size, FMT_JSONL, ENC_AUTO);
    return 0;
}
