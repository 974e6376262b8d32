/* fuzz_word2vec_bin.c — libFuzzer target: word vectors, binary format
 * (wordvec_load_buffer with format "word2vec-bin"), gzip-compressed or not; the
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
    int rc = wordvec_load_buffer("fuzz.vec", data, size, "word2vec-bin", &m, &e);
    loader_check(rc, m, &e);
    return 0;
}
