/* fuzz_csv: the reader (FMT_CSV, ENC_AUTO) over arbitrary bytes. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(data, size, FMT_CSV, ENC_AUTO);
    return 0;
}
