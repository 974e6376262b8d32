/* fuzz_pnm.c — libFuzzer target: pnm_load_buffer (io/buffer.h) on the
 * input's bytes (gzip-compressed or not); the result is checked by
 * loader.h.
 */
#include <stdint.h>

#include "io/buffer.h"
#include "tests/fuzz/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Mat *m = NULL;
    Err e;
    err_clear(&e);
    int rc = pnm_load_buffer("fuzz.pnm", data, size, &m, &e);
    loader_check(rc, m, &e);
    return 0;
}
