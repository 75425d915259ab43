/* fuzz_gb18030: the reader (FMT_AUTO, ENC_GB18030) over arbitrary bytes. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(data, size, FMT_AUTO, ENC_GB18030);
    return 0;
}
