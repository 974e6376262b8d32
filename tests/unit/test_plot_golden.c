/* test_plot_golden.c — colour and character-set golden files: every plot
 * kind rendered with plot_write_text at fixed sizes, in 256 and 8 colours,
 * monochrome, braille, quadrant blocks and ASCII, compared byte for byte
 * with tests/data/plot/<case>.ans.  DV_UPDATE_GOLDEN=1 rewrites the files
 * (then look at them with `cat` before committing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/plot_fixtures.h"
#include "tests/tap.h"

typedef struct Case {
    const char *name;
    int kind; /* which fixture plot */
    int w, h, color, cs;
} Case;

enum { SCATTER, SCATTER_LABELS, CURVE, CURVE_LOG, BARS_NAMED, BARS_SIGNED, HIST, IMAGES, CONFUSION, FIELD };

static Plot *make(int kind)
{
    Err e;
    err_clear(&e);
    Plot *p = NULL;
    Mat *m = NULL;
    switch (kind) {
    case SCATTER:
    case SCATTER_LABELS:
        m = fixture_clusters();
        p = plot_scatter(m, NULL, NULL, 0, &e);
        plot_set_equal(p, 1);
        plot_set_title(p, "three clusters", &e);
        if (kind == SCATTER_LABELS) plot_set_point_labels(p, 1);
        break;
    case CURVE:
    case CURVE_LOG: {
        m = fixture_losses();
        char *names[2] = {"train", "valid"};
        p = plot_curve(NULL, m, names, &e);
        plot_set_logy(p, kind == CURVE_LOG);
        plot_set_title(p, "loss", &e);
        break;
    }
    case BARS_NAMED: {
        float v[5] = {0.42f, 0.25f, 0.15f, 0.1f, 0.08f};
        char *names[5] = {"first", "second", "third", "fourth", "fifth"};
        p = plot_bars(v, 5, names, &e);
        plot_set_title(p, "explained", &e);
        break;
    }
    case BARS_SIGNED: {
        float v[12];
        for (int i = 0; i < 12; i++) v[i] = (float)(3 * sin(i * 0.6) + 0.5);
        p = plot_bars(v, 12, NULL, &e);
        break;
    }
    case HIST:
        m = fixture_values();
        p = plot_hist(m, 12, &e);
        plot_set_title(p, "values", &e);
        break;
    case IMAGES:
        m = fixture_images();
        p = plot_images(m, 8, 8, 1, 0, &e);
        break;
    case CONFUSION:
        m = fixture_confusion();
        p = plot_heatmap(m, &e);
        plot_set_title(p, "confusion", &e);
        break;
    case FIELD:
        m = fixture_field();
        p = plot_heatmap(m, &e);
        break;
    }
    mat_free(m);
    if (!p) printf("# cannot make plot %d: %s\n", kind, e.msg);
    return p;
}

static const Case cases[] = {
    {"scatter_256_60x20", SCATTER, 60, 20, 256, PLOT_UTF8},
    {"scatter_8_60x20", SCATTER, 60, 20, 8, PLOT_UTF8},
    {"scatter_mono_40x12", SCATTER, 40, 12, 0, PLOT_UTF8},
    {"scatter_blocks_40x12", SCATTER, 40, 12, 256, PLOT_BLOCKS},
    {"scatter_ascii_40x12", SCATTER, 40, 12, 0, PLOT_ASCII},
    {"scatter_256_20x8", SCATTER, 20, 8, 256, PLOT_UTF8},
    {"scatter_labels_256_60x20", SCATTER_LABELS, 60, 20, 256, PLOT_UTF8},
    {"curve_256_60x16", CURVE, 60, 16, 256, PLOT_UTF8},
    {"curve_log_256_60x16", CURVE_LOG, 60, 16, 256, PLOT_UTF8},
    {"curve_mono_40x12", CURVE, 40, 12, 0, PLOT_UTF8},
    {"curve_256_20x8", CURVE, 20, 8, 256, PLOT_UTF8},
    {"bars_named_256_50x8", BARS_NAMED, 50, 8, 256, PLOT_UTF8},
    {"bars_signed_256_40x12", BARS_SIGNED, 40, 12, 256, PLOT_UTF8},
    {"bars_signed_ascii_40x12", BARS_SIGNED, 40, 12, 0, PLOT_ASCII},
    {"hist_256_60x14", HIST, 60, 14, 256, PLOT_UTF8},
    {"hist_8_20x8", HIST, 20, 8, 8, PLOT_UTF8},
    {"images_256_60x12", IMAGES, 60, 12, 256, PLOT_UTF8},
    {"images_8_60x12", IMAGES, 60, 12, 8, PLOT_UTF8},
    {"images_ascii_40x10", IMAGES, 40, 10, 0, PLOT_ASCII},
    {"confusion_256_60x12", CONFUSION, 60, 12, 256, PLOT_UTF8},
    {"confusion_mono_40x10", CONFUSION, 40, 10, 0, PLOT_UTF8},
    {"field_256_40x12", FIELD, 40, 12, 256, PLOT_UTF8},
    {"field_8_40x12", FIELD, 40, 12, 8, PLOT_UTF8},
};

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    if (b && fread(b, 1, (size_t)len, f) != (size_t)len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[len] = '\0';
    *n = (size_t)len;
    return b;
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    int update = getenv("DV_UPDATE_GOLDEN") != NULL;
    char path[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        Plot *p = make(c->kind);
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        Err e;
        err_clear(&e);
        int rc = p ? plot_write_text(p, mem, c->w, c->h, c->color, c->cs, &e) : -1;
        fclose(mem);
        snprintf(path, sizeof path, "%s/tests/data/plot/%s.ans", top ? top : ".", c->name);
        if (update) {
            FILE *f = fopen(path, "wb");
            if (f) {
                fwrite(buf, 1, len, f);
                fclose(f);
            }
        }
        size_t glen = 0;
        char *golden = read_file(path, &glen);
        int same = rc == 0 && golden && glen == len && memcmp(golden, buf, len) == 0;
        ok(same, "%s matches %s", c->name, path);
        if (!same && rc == 0) {
            printf("# got:\n");
            fwrite(buf, 1, len, stdout);
        } else if (rc < 0) {
            printf("# error: %s\n", e.msg);
        }
        free(golden);
        free(buf);
        plot_free(p);
    }
    return done_testing();
}
