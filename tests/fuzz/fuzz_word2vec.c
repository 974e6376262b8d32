/* fuzz_word2vec.c — libFuzzer target: word vectors, text format
 * (wordvec_load_buffer with format "word2vec"), gzip-compressed or not; the
 * result is checked by loader.h.
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
    int rc = wordvec_load_buffer("fuzz.vec", data, size, "word2vec", &m, &e);
    loader_check(rc, m, &e);
    return 0;
}
