/* Run by tests/io_locale.sh under a comma-decimal locale (de_DE.UTF-8,
 * built there with localedef): the loaders and savers read and write
 * "1.5", never "1,5", even though this program, unlike dv, leaves
 * LC_NUMERIC as the environment sets it. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cnum.h"
#include "io/buffer.h"
#include "io/csv.h"
#include "io/numparse.h"
#include "io/readall.h"
#include "io/wordvec.h"
#include "tests/tap.h"

int main(void)
{
    if (!setlocale(LC_ALL, "")) return 99;
    char buf[64], dir[] = "/tmp/dv-test-locale-XXXXXX", path[128];
    if (!mkdtemp(dir)) return 99;
    snprintf(buf, sizeof buf, "%.2f", 1.5);
    ok(strcmp(buf, "1,50") == 0, "the locale writes 1.5 as %s (a comma-decimal locale is in force)",
       buf);
    cnum_snprintf(buf, sizeof buf, "%.2f", 1.5);
    ok(strcmp(buf, "1.50") == 0, "cnum_snprintf: %s", buf);
    cnum_format_float(buf, sizeof buf, 5.1f);
    ok(strcmp(buf, "5.1") == 0, "cnum_format_float(5.1f): %s", buf);
    float x = 0;
    const char *slow = "0.1000000000000000000000000000001"; /* more than 19 digits: strtof's path */
    ok(num_parse_float(slow, strlen(slow), &x) == NUM_OK && x == 0.1f,
       "a long decimal with a point");
    ok(num_parse_float("2,5", 3, &x) == NUM_BAD, "2,5 is not a number");

    Err e;
    Mat *m = NULL;
    const char *csv = "a,b\n1.5,2.25\n-0.125,1e-3\n";
    ok(csv_load_buffer("l.csv", csv, strlen(csv), NULL, 1, &m, &e) == 0 &&
           MAT_AT(m, 0, 0) == 1.5f && MAT_AT(m, 1, 1) == 1e-3f,
       "CSV with decimal points loads");
    snprintf(path, sizeof path, "%s/out.csv", dir);
    char *text = NULL;
    size_t len;
    ok(m && csv_save(m, path, ',', &e) == 0 && io_read_all(path, &text, &len, &e) == 0 &&
           strcmp(text, "a,b\n1.5,2.25\n-0.125,0.001\n") == 0,
       "CSV saved with decimal points: %s", text ? text : e.msg);
    free(text);
    text = NULL;
    if (m) {
        mat_set_row_name(m, 0, "w1", &e);
        mat_set_row_name(m, 1, "w2", &e);
    }
    snprintf(path, sizeof path, "%s/out.vec", dir);
    ok(m && wordvec_save(m, path, 0, &e) == 0 && io_read_all(path, &text, &len, &e) == 0 &&
           strcmp(text, "2 2\nw1 1.5 2.25\nw2 -0.125 0.001\n") == 0,
       "word vectors saved with decimal points: %s", text ? text : e.msg);
    free(text);
    mat_free(m);
    snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
    if (system(buf) != 0) return 99;
    return done_testing();
}
