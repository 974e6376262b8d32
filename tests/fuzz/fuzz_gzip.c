/* fuzz_gzip.c — libFuzzer target: gzip data (io_gunzip: members joined,
 * every trailer's CRC and length checked) and, when it unpacks, the CSV
 * loader on what came out (as load("x.csv.gz") runs them).  A stream that
 * unpacks must say how long it is; one that does not must say why.
 */
#include <stdint.h>
#include <stdlib.h>

#include "io/buffer.h"
#include "tests/fuzz/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = NULL;
    size_t len = 0;
    Err e;
    err_clear(&e);
    if (io_gunzip("fuzz.csv.gz", data, size, &text, &len, &e) < 0) {
        if (!e.msg[0] || text) loader_fail("gunzip failed without a message, or kept its output");
        return 0;
    }
    if (!text || text[len] != '\0') loader_fail("gunzip's output is not NUL-terminated");
    Mat *m = NULL;
    int rc = csv_load_buffer("fuzz.csv.gz", text, len, NULL, 1, &m, &e);
    loader_check(rc, m, &e);
    free(text);
    return 0;
}
