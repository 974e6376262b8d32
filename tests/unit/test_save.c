/* Unit tests for the savers: file permissions (the umask for a new file,
 * the old file's mode when one is replaced), for every saver. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/load.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-test-save-XXXXXX";

static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void test_modes(const Mat *m, const char *ext)
{
    Err e;
    char path[256];
    snprintf(path, sizeof path, "%s/m.%s", dir, ext);
    unlink(path);
    umask(077);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0600,
       ".%s: a new file under umask 077 is 0600 (%o)", ext, mode_of(path));
    unlink(path);
    umask(022);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0644,
       ".%s: a new file under umask 022 is 0644 (%o)", ext, mode_of(path));
    chmod(path, 0600);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0600,
       ".%s: saving over a 0600 file keeps it 0600 (%o)", ext, mode_of(path));
    chmod(path, 0664);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0664,
       ".%s: saving over a 0664 file keeps it 0664 (%o)", ext, mode_of(path));
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    Err e;
    Mat *m = mat_new(2, 2, &e);
    mat_set_row_name(m, 0, "a", &e);
    mat_set_row_name(m, 1, "b", &e);
    const char *exts[] = {"csv", "tsv", "csv.gz", "npy", "vec", "bin"};
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++)
        test_modes(m, exts[k]);
    mat_free(m);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
