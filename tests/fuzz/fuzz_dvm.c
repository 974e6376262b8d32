/* fuzz_dvm.c — libFuzzer target: .dvm model files (nn/dvm.h) loaded into
 * a model (nnm_load), then run on two rows when they load; and loaded as
 * load() does, which also reads GAN, cGAN, RNN and joint models.
 *
 * The input is one selector byte, then the file.  A .dvm file ends with a
 * CRC-32 of everything before it, so nearly every mutation would stop at
 * the checksum; when the selector's low bit is 0 the target writes the
 * right CRC first, so the mutations reach the header, the description and
 * the tensors.  The file goes through a memfd (no file on disk), named by
 * its /proc/self/fd path, because models are read by path.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "core/mat.h"
#include "lang/builtins_nn.h"
#include "lang/value.h"
#include "train/nnmodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int fix_crc = !(data[0] & 1);
    data++, size--;
    unsigned char *file = malloc(size ? size : 1);
    if (!file) return 0;
    memcpy(file, data, size);
    if (fix_crc && size >= 4) {
        uLong c = crc32(crc32(0L, Z_NULL, 0), file, (uInt)(size - 4));
        for (int k = 0; k < 4; k++) file[size - 4 + k] = (unsigned char)(c >> (8 * k));
    }
    int fd = memfd_create("fuzz.dvm", MFD_CLOEXEC);
    if (fd < 0 || write(fd, file, size) != (ssize_t)size) {
        if (fd >= 0) close(fd);
        free(file);
        return 0;
    }
    free(file);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    NnModel m;
    Err e;
    err_clear(&e);
    if (nnm_load(&m, path, &e) == 0) {
        /* Two rows through the loaded network: its weights must fit it. */
        if (m.in_dim <= 100000) {
            Mat *X = mat_new(2, m.in_dim, &e);
            if (X) {
                for (size_t i = 0; i < X->rows * X->cols; i++) X->data[i] = (float)(i % 7) / 7.0f;
                Mat *Y = nnm_encode(&m, X, &e);
                if (!Y && !e.msg[0]) {
                    fprintf(stderr, "nnm_encode failed without a message\n");
                    abort();
                }
                mat_free(Y);
                mat_free(X);
            }
        }
        nnm_free(&m);
    } else if (!e.msg[0]) {
        fprintf(stderr, "nnm_load failed without a message\n");
        abort();
    }
    /* load() of a .dvm: also the GAN, cGAN, RNN and joint models (gen's
     * and seq's loaders, chosen by the file's kind). */
    Value *v = NULL;
    err_clear(&e);
    if (nn_value_load(path, &v, &e) == 0) val_unref(v);
    else if (!e.msg[0]) {
        fprintf(stderr, "nn_value_load failed without a message\n");
        abort();
    }
    close(fd);
    return 0;
}
