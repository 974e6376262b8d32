/* test_plot.c — the plot module: tick choice, the grid and its text
 * writer, braille bits and binning, majority colour, labels that would
 * overlap, views (zoom, pan, limits), the cursor lookup, PNG/SVG output,
 * and survival at any size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "plot/axes.h"
#include "plot/canvas.h"
#include "plot/plot.h"
#include "plot/plot_impl.h"
#include "plot/png.h"
#include "tests/tap.h"
#include "tests/unit/plot_fixtures.h"

static int ticks_are(double lo, double hi, int max, const double *want, int nwant)
{
    double t[AXES_MAX_TICKS], step;
    int n = axes_ticks(lo, hi, max, t, &step);
    if (n != nwant) {
        printf("#   got %d ticks:", n);
        for (int i = 0; i < n; i++) printf(" %g", t[i]);
        printf("\n");
        return 0;
    }
    for (int i = 0; i < n; i++)
        if (fabs(t[i] - want[i]) > 1e-9 * fabs(want[i]) + 1e-12) {
            printf("#   tick %d is %.17g, want %g\n", i, t[i], want[i]);
            return 0;
        }
    return 1;
}

static void test_ticks(void)
{
    ok(ticks_are(0, 1, 6, (double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6), "0..1 at most 6: step 0.2");
    ok(ticks_are(0, 1, 5, (double[]){0, 0.5, 1}, 3), "0..1 at most 5: step 0.5 (0.2 gives 6)");
    ok(ticks_are(-3.7, 12.2, 5, (double[]){0, 5, 10}, 3), "-3.7..12.2 at most 5: multiples of 5 inside");
    ok(ticks_are(-3.7, 12.2, 9, (double[]){-2, 0, 2, 4, 6, 8, 10, 12}, 8), "-3.7..12.2 at most 9: step 2");
    ok(ticks_are(0.001, 0.0123, 4, (double[]){0.005, 0.01}, 2), "small numbers: step 0.005");
    ok(ticks_are(1e6, 4e6, 4, (double[]){1e6, 2e6, 3e6, 4e6}, 4), "millions: step 1e6");
    double t[AXES_MAX_TICKS], step;
    ok(axes_ticks(3, 3, 5, t, &step) == 1 && t[0] == 3, "a degenerate range gives one tick");
    ok(axes_ticks(0, NAN, 5, t, &step) == 1, "NaN range gives one tick");
    int n = axes_ticks(0.1, 0.3, 5, t, &step);
    ok(n == 5 && fabs(step - 0.05) < 1e-12 && fabs(t[4] - 0.3) < 1e-12, "0.1..0.3: 0.1, 0.15 ... 0.3 from k*step, no drift");
    /* log axes */
    n = axes_log_ticks(-3, 0, 5, t);
    ok(n == 4 && fabs(t[0] + 3) < 1e-12 && fabs(t[3]) < 1e-12, "log 0.001..1: the four powers (1-2-5 would be 10)");
    n = axes_log_ticks(log10(0.05), log10(2.2), 8, t);
    ok(n == 6 && fabs(t[0] - log10(0.05)) < 1e-12 && fabs(t[5] - log10(2)) < 1e-12,
       "log 0.05..2.2 at most 8: 0.05 0.1 0.2 0.5 1 2");
    n = axes_log_ticks(0, 12, 4, t);
    ok(n == 3 && t[0] == 0 && t[1] == 5 && t[2] == 10, "log 1..1e12 at most 4: every 5 decades");
    char buf[48];
    axes_format(0.5, 0.5, buf, sizeof buf);
    ok(strcmp(buf, "0.5") == 0, "format 0.5 with step 0.5: %s", buf);
    axes_format(2, 0.5, buf, sizeof buf);
    ok(strcmp(buf, "2.0") == 0, "format 2 with step 0.5 keeps the step's decimals: %s", buf);
    axes_format(-0.0, 0.2, buf, sizeof buf);
    ok(strcmp(buf, "0.0") == 0, "no minus zero: %s", buf);
    axes_format(-1e-17, 0.2, buf, sizeof buf);
    ok(strcmp(buf, "0.0") == 0, "tiny negative rounds to 0.0: %s", buf);
    axes_format(2.5e6, 5e5, buf, sizeof buf);
    ok(strcmp(buf, "2.5e6") == 0, "format 2.5e6: %s", buf);
    axes_format(3e6, 5e5, buf, sizeof buf);
    ok(strcmp(buf, "3e6") == 0, "format 3e6 (no trailing zero): %s", buf);
    axes_format(2e-5, 1e-5, buf, sizeof buf);
    ok(strcmp(buf, "2e-5") == 0, "format 2e-5: %s", buf);
    axes_format_log(3, buf, sizeof buf);
    ok(strcmp(buf, "1000") == 0, "log label 10^3: %s", buf);
    axes_format_log(-2, buf, sizeof buf);
    ok(strcmp(buf, "0.01") == 0, "log label 10^-2: %s", buf);
    axes_format_log(6, buf, sizeof buf);
    ok(strcmp(buf, "1e6") == 0, "log label 10^6: %s", buf);
}

static char *write_grid(const Grid *g, int color, int utf8)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Err e;
    grid_write_ansi(g, f, color, utf8, &e);
    fclose(f);
    return buf;
}

static void test_grid(void)
{
    Err e;
    Grid *g = grid_new(6, 2, &e);
    int n = grid_text(g, 0, 0, "日本x", GRID_DEFAULT, -1);
    ok(n == 5 && grid_at(g, 0, 0)->ch == 0x65E5 && grid_at(g, 1, 0)->ch == 0 && grid_at(g, 4, 0)->ch == 'x',
       "wide characters take two cells");
    grid_put(g, 1, 0, 'a', GRID_DEFAULT); /* over the right half of 日 */
    ok(grid_at(g, 0, 0)->ch == ' ' && grid_at(g, 1, 0)->ch == 'a', "overwriting half a wide character blanks it");
    n = grid_text(g, 5, 1, "本", GRID_DEFAULT, -1);
    ok(n == 0 && grid_at(g, 5, 1)->ch == ' ', "a wide character is not split at the right edge");
    grid_text(g, 0, 1, "ab", GRID_CLASS(1), -1);
    grid_at(g, 1, 1)->fg = GRID_CLASS(0);
    char *s = write_grid(g, 0, 1);
    ok(strcmp(s, " a本x\nab\n") == 0, "plain text: trailing blanks dropped, no escapes");
    free(s);
    s = write_grid(g, 256, 1);
    ok(strcmp(s, " a本x\n\033[0;38;5;208ma\033[0;38;5;31mb\033[0m\n") == 0, "256 colours: class colours 208 and 31");
    free(s);
    s = write_grid(g, 8, 0);
    ok(strcmp(s, " a??x\n\033[0;33ma\033[0;34mb\033[0m\n") == 0, "8 colours, ASCII: wide char as ?? (alignment kept)");
    free(s);
    /* two palette entries that are one terminal colour share one escape */
    grid_at(g, 0, 1)->fg = GRID_GREY(0);
    grid_at(g, 1, 1)->fg = GRID_GREY(1);
    s = write_grid(g, 8, 1);
    ok(strcmp(s, " a本x\n\033[0;30mab\033[0m\n") == 0, "no repeated escapes for the same terminal colour");
    free(s);
    grid_free(g);
    const char *bad = "\xff" "a\xe2\x82";
    uint32_t c1 = utf8_decode(&bad), c2 = utf8_decode(&bad), c3 = utf8_decode(&bad);
    ok(c1 == 0xFFFD && c2 == 'a' && c3 == 0xFFFD, "malformed UTF-8 decodes to U+FFFD");
    ok(grid_text_width("héllo") == 5 && grid_text_width("日本") == 4 && grid_text_width("e\xcc\x81") == 1,
       "text widths: accents 1, CJK 2, combining marks 0");
    ok(grid_color_256(GRID_GREY(0)) == 16 && grid_color_256(GRID_GREY(GRID_NGREY - 1)) == 231 &&
           grid_color_256(GRID_GREY(1)) == 232,
       "grey levels map to 16, the 232.. ramp and 231");
    ok(grid_color_256(GRID_RGB(5, 0, 0)) == 196 && grid_color_8(GRID_RGB(5, 0, 0)) == 9, "RGB cube: red");
    ok(grid_heat(0) == GRID_HEAT(0) && grid_heat(1) == GRID_HEAT(GRID_NHEAT - 1) && grid_heat(NAN) == GRID_HEAT(0),
       "heat scale ends (NaN low)");
}

static void test_canvas(void)
{
    Err e;
    Canvas c;
    canvas_init(&c, 2, 1, 3, &e);
    canvas_dot(&c, 0, 0, 0);
    ok(c.bits[0] == 0x01 && canvas_glyph(c.bits[0], CHARSET_BRAILLE) == 0x2801, "dot (0,0) is braille bit 0x01");
    canvas_dot(&c, 1, 3, 0);
    ok(c.bits[0] == 0x81, "dot (1,3) is bit 0x80");
    canvas_dot(&c, 2, 1, 2);
    canvas_dot(&c, 3, 2, 2);
    ok(c.bits[1] == (0x02 | 0x20), "dots (2,1), (3,2) fall in cell 1 as 0x02|0x20");
    canvas_dot(&c, 4, 0, 1);
    canvas_dot(&c, -1, 0, 1);
    ok(c.count[0] == 2 && c.count[1] == 2, "dots outside the canvas are ignored");
    ok(canvas_majority(&c, 0) == 0 && canvas_majority(&c, 1) == 2, "majority class per cell");
    canvas_dot(&c, 0, 1, 2);
    canvas_dot(&c, 0, 2, 2);
    ok(canvas_majority(&c, 0) == 0, "a tie goes to the smaller class");
    canvas_dot(&c, 1, 1, 2);
    ok(canvas_majority(&c, 0) == 2, "three of class 2 beat two of class 0");
    ok(canvas_glyph(0xFF, CHARSET_BRAILLE) == 0x28FF && canvas_glyph(0x01, CHARSET_BLOCKS) == 0x2598 &&
           canvas_glyph(0xFF, CHARSET_BLOCKS) == 0x2588 && canvas_glyph(0x44 | 0xA0, CHARSET_BLOCKS) == 0x2584,
       "quadrant glyphs: top-left, full, lower half");
    ok(canvas_glyph(0x01, CHARSET_ASCII) == '.' && canvas_glyph(0x01 | 0x08, CHARSET_ASCII) == '-' &&
           canvas_glyph(0x01 | 0x02 | 0x04 | 0x40, CHARSET_ASCII) == '|' &&
           canvas_glyph(0x01 | 0x80, CHARSET_ASCII) == '\\' && canvas_glyph(0x08 | 0x40, CHARSET_ASCII) == '/',
       "ASCII glyphs follow strokes");
    canvas_free(&c);
    /* lines are clipped, even from far outside */
    canvas_init(&c, 4, 2, 0, &e);
    canvas_line(&c, -1e9, 4, 1e9, 4, 0);
    int row = 1;
    for (int x = 0; x < 4; x++) row &= c.bits[4 + x] == (0x01 | 0x08);
    ok(row, "a horizontal line from -1e9 to 1e9 fills dot row 4 only");
    canvas_line(&c, 100, 100, 200, 300, 0);
    size_t total = 0;
    for (int i = 0; i < 8; i++) total += c.count[i];
    ok(total == 8, "a segment entirely outside draws nothing (%zu dots in all)", total);
    canvas_free(&c);
}

/* The text of a grid row (UTF-8, trailing blanks kept). */
static void row_text(const Grid *g, int y, char *buf, size_t n)
{
    size_t k = 0;
    for (int x = 0; x < g->w && k + 5 < n; x++)
        if (grid_cell(g, x, y)->ch) k += (size_t)utf8_encode(grid_cell(g, x, y)->ch, buf + k);
    buf[k] = '\0';
}

static int grid_has(const Grid *g, const char *s)
{
    char buf[1024];
    for (int y = 0; y < g->h; y++) {
        row_text(g, y, buf, sizeof buf);
        if (strstr(buf, s)) return 1;
    }
    return 0;
}

static void test_scatter_binning(void)
{
    Err e;
    /* a 10 x 3 grid is below the size for axes: the canvas is the grid, 20 x 12 dots */
    Mat *m = mat_new(5, 2, &e);
    float xy[10] = {0, 0, 1, 1, 0, 1, 1, 0, 0.5f, 0.5f};
    memcpy(m->data, xy, sizeof xy);
    mat_ensure_labels(m, &e);
    int lab[5] = {0, 1, 1, 2, 1};
    memcpy(m->labels, lab, sizeof lab);
    Plot *p = plot_scatter(m, NULL, NULL, 0, &e);
    Grid *g = plot_render(p, NULL, 10, 3, 256, PLOT_UTF8, &e);
    ok(g && grid_at(g, 0, 2)->ch == 0x2800 + 0x40 && grid_at(g, 0, 2)->fg == GRID_CLASS(0),
       "(0,0) is the bottom-left dot, class 0 colour");
    ok(grid_at(g, 9, 0)->ch == 0x2800 + 0x08 && grid_at(g, 9, 0)->fg == GRID_CLASS(1),
       "(1,1) is the top-right dot (the window is closed)");
    ok(grid_at(g, 0, 0)->ch == 0x2801 && grid_at(g, 9, 2)->ch == 0x2880 && grid_at(g, 9, 2)->fg == GRID_CLASS(2),
       "(0,1) top-left and (1,0) bottom-right");
    ok(grid_at(g, 5, 1)->ch == 0x2804 && grid_at(g, 5, 1)->fg == GRID_CLASS(1), "(0.5,0.5) in the middle cell");
    grid_free(g);
    g = plot_render(p, NULL, 10, 3, 0, PLOT_UTF8, &e);
    ok(grid_at(g, 0, 2)->ch == 'a' && grid_at(g, 9, 0)->ch == 'b' && grid_at(g, 9, 2)->ch == 'c',
       "without colour, classes show as letters a, b, c");
    grid_free(g);
    plot_free(p);
    /* majority colour: three points in one cell, labels 1, 2, 2 */
    Mat *q = mat_new(4, 2, &e);
    float qxy[8] = {0, 0, 0.01f, 0.01f, 0.02f, 0, 1, 1};
    memcpy(q->data, qxy, sizeof qxy);
    int ql[4] = {1, 2, 2, 0};
    p = plot_scatter(q, ql, NULL, 3, &e);
    g = plot_render(p, NULL, 10, 3, 256, PLOT_UTF8, &e);
    ok(grid_at(g, 0, 2)->fg == GRID_CLASS(2), "a cell takes its majority class's colour");
    grid_free(g);
    g = plot_render(p, NULL, 10, 3, 0, PLOT_ASCII, &e);
    ok(grid_at(g, 0, 2)->ch == 'c', "and its letter without colour");
    grid_free(g);
    plot_free(p);
    mat_free(q);
    mat_free(m);
    /* one pass binning: a million points, every one counted */
    size_t N = 1000000;
    Mat *big = mat_new(N, 2, &e);
    for (size_t i = 0; i < N; i++) {
        MAT_AT(big, i, 0) = (float)(i % 1000) / 999.0f;
        MAT_AT(big, i, 1) = (float)(i / 1000) / 999.0f;
    }
    p = plot_scatter(big, NULL, NULL, 0, &e);
    XYLayout L;
    xy_layout(p, plot_get_view(p), 80, 24, &L);
    Canvas c;
    canvas_init(&c, L.pw, L.ph, 0, &e);
    /* the same mapping render uses */
    size_t total = 0;
    for (size_t i = 0; i < N; i++) {
        int dx, dy;
        if (xy_dot(&L, MAT_AT(big, i, 0), MAT_AT(big, i, 1), &dx, &dy) == 0) canvas_dot(&c, dx, dy, -1);
    }
    for (size_t i = 0; i < (size_t)L.pw * (size_t)L.ph; i++) total += c.count[i];
    ok(total == N, "a million points binned, each counted once (%zu)", total);
    int full = 1;
    for (size_t i = 0; i < (size_t)L.pw * (size_t)L.ph; i++) full &= c.bits[i] == 0xFF;
    ok(full, "a dense uniform grid sets every dot");
    canvas_free(&c);
    g = plot_render(p, NULL, 80, 24, 256, PLOT_UTF8, &e);
    ok(g && grid_at(g, L.left + 5, L.top + 5)->ch == 0x28FF, "render shows the full cells");
    grid_free(g);
    plot_free(p);
    mat_free(big);
}

static void test_labels(void)
{
    Err e;
    Mat *m = mat_new(4, 2, &e);
    float xy[8] = {0, 0, 0.02f, 0, 1, 1, 0.5f, 0.5f};
    memcpy(m->data, xy, sizeof xy);
    const char *names[4] = {"alpha", "beta", "gamma", "delta"};
    for (int i = 0; i < 4; i++) mat_set_row_name(m, (size_t)i, names[i], &e);
    Plot *p = plot_scatter(m, NULL, NULL, 0, &e);
    plot_set_point_labels(p, 1);
    Grid *g = plot_render(p, NULL, 40, 12, 0, PLOT_UTF8, &e);
    ok(grid_has(g, "alpha") && !grid_has(g, "beta"), "beta would overlap alpha: skipped");
    ok(grid_has(g, "gamma") && grid_has(g, "delta"), "names with room are written");
    char buf[256];
    int gy = -1;
    for (int y = 0; y < g->h; y++) {
        row_text(g, y, buf, sizeof buf);
        if (strstr(buf, "gamma")) gy = y;
    }
    row_text(g, gy, buf, sizeof buf);
    char *at = strstr(buf, "gamma");
    ok(at && (unsigned char)at[5] == 0xE2, "gamma sits left of its point at the right edge");
    grid_free(g);
    PlotView v;
    plot_view_init(&v);
    v.labels = 0;
    g = plot_render(p, &v, 40, 12, 0, PLOT_UTF8, &e);
    ok(!grid_has(g, "alpha"), "the view's label toggle turns names off");
    grid_free(g);
    plot_free(p);
    mat_free(m);
}

static void test_views(void)
{
    Err e;
    Mat *m = fixture_clusters();
    Plot *p = plot_scatter(m, NULL, NULL, 0, &e);
    PlotView v;
    plot_view_init(&v);
    double w0[4], w1[4];
    plot_window(p, &v, 80, 24, w0);
    plot_view_zoom(&v, p, 80, 24, 2, -1, -1);
    plot_window(p, &v, 80, 24, w1);
    is_near(w1[1] - w1[0], (w0[1] - w0[0]) / 2, 1e-9, "zoom 2 halves the width");
    is_near((w1[0] + w1[1]) / 2, (w0[0] + w0[1]) / 2, 1e-9, "zoom about the centre keeps the centre");
    /* zoom at a cell keeps the data under that cell */
    XYLayout L;
    xy_layout(p, &v, 80, 24, &L);
    int cx = L.left + L.pw / 4, cy = L.top + L.ph / 3;
    double x_before = L.win[0] + (cx - L.left + 0.5) / L.pw * (L.win[1] - L.win[0]);
    double y_before = L.win[3] - (cy - L.top + 0.5) / L.ph * (L.win[3] - L.win[2]);
    plot_view_zoom(&v, p, 80, 24, 3, cx, cy);
    xy_layout(p, &v, 80, 24, &L);
    double x_after = L.win[0] + (cx - L.left + 0.5) / L.pw * (L.win[1] - L.win[0]);
    double y_after = L.win[3] - (cy - L.top + 0.5) / L.ph * (L.win[3] - L.win[2]);
    /* exact unless the tick labels' width moves the area (here by a cell) */
    is_near(x_after, x_before, (L.win[1] - L.win[0]) / L.pw, "zoom at a cell keeps x under it (within a cell)");
    is_near(y_after, y_before, 1e-9, "zoom at a cell keeps y under it");
    plot_window(p, &v, 80, 24, w0);
    plot_view_pan(&v, p, 80, 24, 0.1, -0.2);
    plot_window(p, &v, 80, 24, w1);
    is_near(w1[0] - w0[0], 0.1 * (w0[1] - w0[0]), 1e-9, "pan right by a tenth of the width");
    is_near(w1[2] - w0[2], -0.2 * (w0[3] - w0[2]), 1e-9, "pan down by a fifth of the height");
    plot_view_reset(&v);
    plot_set_xlim(p, -10, 10);
    plot_set_ylim(p, 0, 5);
    plot_window(p, NULL, 80, 24, w1);
    ok(w1[0] == -10 && w1[1] == 10 && w1[2] == 0 && w1[3] == 5, "limits on the default view (fill aspect)");
    plot_set_equal(p, 1);
    plot_window(p, NULL, 80, 24, w1);
    xy_layout(p, NULL ? NULL : plot_get_view(p), 80, 24, &L);
    is_near((w1[1] - w1[0]) / (2.0 * L.pw), (w1[3] - w1[2]) / (4.0 * L.ph), 1e-9,
            "equal aspect: same units per dot across and up");
    ok(w1[0] <= -10 && w1[1] >= 10 && w1[2] <= 0 && w1[3] >= 5, "equal aspect only widens");
    plot_set_xlim(p, NAN, NAN);
    plot_set_ylim(p, NAN, NAN);
    /* cursor: the nearest point */
    int px, py;
    ok(plot_cell_of(p, NULL, 80, 24, MAT_AT(m, 7, 0), MAT_AT(m, 7, 1), &px, &py) == 0, "cell of point 7");
    PlotPoint pt;
    long i = plot_nearest_point(p, NULL, 80, 24, px, py, &pt);
    ok(i >= 0 && pt.cell_x == px && pt.cell_y == py, "the nearest point is drawn in the cursor's cell");
    ok(i >= 0 && pt.name && strncmp(pt.name, "p", 1) == 0 && pt.label == (int)(i % 3) &&
           strcmp(pt.cls, i % 3 == 0 ? "alpha" : i % 3 == 1 ? "beta" : "gamma") == 0,
       "it comes with its row name, label and class name (%ld %s %s)", i, pt.name ? pt.name : "-", pt.cls);
    i = plot_nearest_point(p, NULL, 80, 24, 0, 23, &pt);
    ok(i >= 0, "a cursor outside the area still finds a point");
    v.cursor = 1;
    v.cur_x = px;
    v.cur_y = py;
    Grid *g = plot_render(p, &v, 80, 24, 256, PLOT_UTF8, &e);
    ok(grid_at(g, px, py)->attr & GRID_REVERSE, "the cursor cell is drawn reversed");
    grid_free(g);
    plot_free(p);
    mat_free(m);
    /* curves: nearest point of a series */
    Mat *Y = fixture_losses();
    char *names[2] = {"train", "valid"};
    p = plot_curve(NULL, Y, names, &e);
    ok(plot_cell_of(p, NULL, 60, 16, 11, MAT_AT(Y, 1, 11), &px, &py) == 0, "cell of valid's last point");
    i = plot_nearest_point(p, NULL, 60, 16, px, py, &pt);
    ok(i == 11 && pt.series == 1 && pt.name && strcmp(pt.name, "valid") == 0, "nearest: valid, epoch 11");
    plot_free(p);
    mat_free(Y);
}

static void test_bars_hist(void)
{
    Err e;
    Mat *m = mat_new(1, 10, &e);
    for (int i = 0; i < 10; i++) m->data[i] = (float)i;
    Plot *p = plot_hist(m, 5, &e);
    double c[5];
    hist_count(p, 5, c);
    ok(c[0] == 2 && c[1] == 2 && c[2] == 2 && c[3] == 2 && c[4] == 2, "0..9 in 5 bins: 2 each (9 in the last)");
    hist_count(p, 3, c);
    ok(c[0] == 3 && c[1] == 3 && c[2] == 4, "in 3 bins: 3, 3, 4");
    PlotPoint pt;
    long b = plot_nearest_point(p, NULL, 40, 12, 39, 5, &pt);
    ok(b == 4 && pt.value == 2 && is_near(pt.x, 7.2, 1e-9, "last bin from 7.2") && pt.y == 9, "the last bin");
    plot_free(p);
    m->data[3] = NAN;
    p = plot_hist(m, 5, &e);
    hist_count(p, 5, c);
    ok(c[1] == 1 && plot_size(p) == 9, "NaN is left out of a histogram");
    plot_free(p);
    ok(plot_hist(m, 0, &e) == NULL && strcmp(e.msg, "hist: bins must be between 1 and 10000, got 0") == 0,
       "bins=0 is refused: %s", e.msg);
    float v[3] = {1, -2, 3};
    char *names[3] = {"a", "b", "c"};
    p = plot_bars(v, 3, names, &e);
    b = plot_nearest_point(p, NULL, 40, 10, 5, 1, &pt);
    ok(b == 1 && pt.value == -2 && strcmp(pt.name, "b") == 0, "bars across: row 1 is b = -2");
    Grid *g = plot_render(p, NULL, 40, 10, 0, PLOT_UTF8, &e);
    ok(grid_has(g, "a ") && grid_has(g, " -2"), "names and values written");
    grid_free(g);
    plot_free(p);
    mat_free(m);
    /* more bars than columns: merged, said so */
    float many[200];
    for (int i = 0; i < 200; i++) many[i] = (float)(i % 7);
    p = plot_bars(many, 200, NULL, &e);
    g = plot_render(p, NULL, 60, 12, 0, PLOT_UTF8, &e);
    ok(grid_has(g, "(200 values, largest of 4 a column)"), "merged bars are announced");
    grid_free(g);
    plot_free(p);
}

static void test_images(void)
{
    Err e;
    Mat *m = fixture_images();
    Plot *p = plot_images(m, 8, 8, 1, 0, &e);
    Grid *g = plot_render(p, NULL, 60, 12, 256, PLOT_UTF8, &e);
    /* disc: centre pixel white, corner black */
    int found = 0;
    for (int x = 0; x < g->w; x++) found |= grid_at(g, x, 3)->fg == GRID_GREY(GRID_NGREY - 1);
    ok(grid_at(g, 0, 0)->ch == 0x2580 && grid_at(g, 0, 0)->fg == GRID_GREY(0) && found,
       "half blocks: black corner, white inside the disc");
    ok(grid_has(g, "disc") && grid_has(g, "check"), "captions from class names");
    grid_free(g);
    PlotPoint pt;
    long i = plot_nearest_point(p, NULL, 60, 12, 20, 2, &pt);
    ok(i == 1 && strcmp(pt.cls, "cross") == 0, "the image under the cursor: cross");
    plot_free(p);
    /* too many to show: the first ones, said so */
    Mat *many = mat_new(500, 64, &e);
    for (size_t k = 0; k < many->rows * many->cols; k++) many->data[k] = (float)(k % 7);
    p = plot_images(many, 8, 8, 1, 0, &e);
    g = plot_render(p, NULL, 40, 12, 0, PLOT_UTF8, &e);
    ok(grid_has(g, "showing the first") && grid_has(g, "of 500 images"), "not all shown: announced");
    grid_free(g);
    plot_free(p);
    mat_free(many);
    ok(plot_images(m, 8, 7, 1, 0, &e) == NULL &&
           strcmp(e.msg, "show: rows of 64 values are not 8x7 images (56 values)") == 0,
       "a wrong shape is refused: %s", e.msg);
    mat_free(m);
    /* heatmap cursor */
    Mat *cm = fixture_confusion();
    p = plot_heatmap(cm, &e);
    g = plot_render(p, NULL, 60, 12, 256, PLOT_UTF8, &e);
    ok(grid_has(g, "48") && grid_has(g, "versicolor"), "confusion: numbers and names");
    grid_free(g);
    i = plot_nearest_point(p, NULL, 60, 12, 40, 7, &pt);
    ok(i == 2 && pt.series == 2 && pt.value == 44, "heatmap entry under the cursor: [2, 2] = 44");
    plot_free(p);
    mat_free(cm);
}

/* Every plot at every size, colour and character set: no crash, right
 * size, ASCII output pure ASCII. */
static void test_any_size(void)
{
    Err e;
    Mat *cl = fixture_clusters(), *lo = fixture_losses(), *va = fixture_values(), *im = fixture_images(),
        *co = fixture_confusion(), *fi = fixture_field();
    float v[5] = {1, -2, 3, 0, NAN};
    Plot *plots[7] = {plot_scatter(cl, NULL, NULL, 0, &e), plot_curve(NULL, lo, NULL, &e), plot_hist(va, 20, &e),
                      plot_images(im, 8, 8, 1, 0, &e), plot_heatmap(co, &e), plot_heatmap(fi, &e),
                      plot_bars(v, 5, NULL, &e)};
    plot_set_title(plots[0], "a title longer than a tiny grid", &e);
    plot_set_point_labels(plots[0], 1);
    static const int sizes[][2] = {{1, 1}, {2, 2}, {5, 3}, {11, 3}, {12, 4}, {20, 8}, {33, 5}, {80, 24}, {200, 60}};
    static const int colors[] = {0, 8, 256}, sets[] = {PLOT_ASCII, PLOT_UTF8, PLOT_BLOCKS};
    int all = 1, ascii = 1;
    for (int k = 0; k < 7; k++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (int c = 0; c < 3; c++)
                for (int cs = 0; cs < 3; cs++) {
                    Grid *g = plot_render(plots[k], NULL, sizes[s][0], sizes[s][1], colors[c], sets[cs], &e);
                    if (!g || g->w != sizes[s][0] || g->h != sizes[s][1]) {
                        all = 0;
                        printf("# plot %d at %dx%d failed\n", k, sizes[s][0], sizes[s][1]);
                    }
                    if (g && sets[cs] == PLOT_ASCII && colors[c] == 0) {
                        char *t = write_grid(g, 0, 0);
                        for (char *q = t; *q; q++) ascii &= (unsigned char)*q < 0x80;
                        free(t);
                    }
                    grid_free(g);
                    PlotPoint pt;
                    plot_nearest_point(plots[k], NULL, sizes[s][0], sizes[s][1], sizes[s][0] / 2, sizes[s][1] / 2,
                                       &pt);
                }
    ok(all, "every plot renders at every size from 1x1 to 200x60");
    ok(ascii, "ASCII output has no byte above 0x7f");
    for (int k = 0; k < 7; k++) plot_free(plots[k]);
    mat_free(cl);
    mat_free(lo);
    mat_free(va);
    mat_free(im);
    mat_free(co);
    mat_free(fi);
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *q = strstr(s, what); q; q = strstr(q + 1, what)) n++;
    return n;
}

static void test_files(void)
{
    Err e;
    /* PNG: decode the IDAT back and compare with the pixels */
    unsigned char pix[6] = {0, 128, 255, 10, 20, 30}, *png;
    size_t len;
    ok(png_encode(pix, 3, 2, 1, &png, &len, &e) == 0 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0 &&
           memcmp(png + 12, "IHDR", 4) == 0 && png[19] == 3 && png[23] == 2 && png[24] == 8 && png[25] == 0,
       "PNG signature and IHDR (3x2, 8-bit grey)");
    size_t idat_len = ((size_t)png[33] << 24) | ((size_t)png[34] << 16) | ((size_t)png[35] << 8) | png[36];
    unsigned char raw[8];
    uLongf rn = sizeof raw;
    ok(memcmp(png + 37, "IDAT", 4) == 0 && uncompress(raw, &rn, png + 41, (uLong)idat_len) == Z_OK && rn == 8 &&
           raw[0] == 0 && memcmp(raw + 1, pix, 3) == 0 && raw[4] == 0 && memcmp(raw + 5, pix + 3, 3) == 0,
       "IDAT inflates to filter-0 scanlines of the pixels");
    uLong crc = crc32(crc32(0L, Z_NULL, 0), png + 12, 17);
    ok(((uLong)png[29] << 24 | (uLong)png[30] << 16 | (uLong)png[31] << 8 | png[32]) == crc, "IHDR CRC");
    free(png);
    /* SVG of a scatter: one circle per point, legend with counts */
    Mat *m = fixture_clusters();
    Plot *p = plot_scatter(m, NULL, NULL, 0, &e);
    plot_set_title(p, "a <title> & more", &e);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, &len);
    int rc = plot_write_svg(p, f, &e);
    fclose(f);
    ok(rc == 0 && strncmp(buf, "<?xml", 5) == 0 && strstr(buf, "</svg>\n") && count(buf, "<circle") == 30,
       "SVG scatter: 30 circles");
    ok(strstr(buf, "alpha (10)") && strstr(buf, "gamma (10)") && strstr(buf, "a &lt;title&gt; &amp; more"),
       "SVG legend with counts, escaped title");
    ok(count(buf, "fill=\"#1f77b4\"") == 11 && count(buf, "fill=\"#ff7f0e\"") == 11,
       "points and legend mark in their class colours (10 + 1 each)");
    free(buf);
    /* save: .txt plain, .ans coloured, .svg; atomic and named in errors */
    char dir[] = "/tmp/dv-test-plot-XXXXXX", path[256];
    if (mkdtemp(dir)) {
        snprintf(path, sizeof path, "%s/p.txt", dir);
        rc = plot_save(p, path, 40, 12, &e);
        size_t n = 0;
        FILE *r = fopen(path, "rb");
        char txt[8192];
        if (r) {
            n = fread(txt, 1, sizeof txt - 1, r);
            fclose(r);
        }
        txt[n] = '\0';
        ok(rc == 0 && n > 0 && !strchr(txt, '\033') && strstr(txt, "alpha (10)"), ".txt: plain text");
        remove(path);
        snprintf(path, sizeof path, "%s/p.ans", dir);
        rc = plot_save(p, path, 40, 12, &e);
        r = fopen(path, "rb");
        n = r ? fread(txt, 1, sizeof txt - 1, r) : 0;
        if (r) fclose(r);
        txt[n] = '\0';
        ok(rc == 0 && strstr(txt, "\033[0;38;5;31m"), ".ans: 256-colour escapes");
        remove(path);
        snprintf(path, sizeof path, "%s/p.svg", dir);
        ok(plot_save(p, path, 40, 12, &e) == 0 && access(path, F_OK) == 0, ".svg saved");
        remove(path);
        snprintf(path, sizeof path, "%s/no/such/dir/p.svg", dir);
        ok(plot_save(p, path, 40, 12, &e) < 0 && strstr(e.msg, "no/such/dir"), "a bad path names itself: %s", e.msg);
        rmdir(dir);
    }
    plot_free(p);
    mat_free(m);
    /* SVG of the other kinds is well formed enough: opens and closes */
    Mat *im = fixture_images(), *co = fixture_confusion(), *lo = fixture_losses(), *va = fixture_values();
    Plot *ps[4] = {plot_images(im, 8, 8, 1, 0, &e), plot_heatmap(co, &e), plot_curve(NULL, lo, NULL, &e),
                   plot_hist(va, 10, &e)};
    const char *want[4] = {"data:image/png;base64,iVBORw0KGgo", "linearGradient", "<polyline", "<rect x="};
    for (int k = 0; k < 4; k++) {
        buf = NULL;
        f = open_memstream(&buf, &len);
        rc = plot_write_svg(ps[k], f, &e);
        fclose(f);
        ok(rc == 0 && strstr(buf, want[k]) && strstr(buf, "</svg>\n"), "SVG kind %d has %s", k, want[k]);
        free(buf);
        plot_free(ps[k]);
    }
    mat_free(im);
    mat_free(co);
    mat_free(lo);
    mat_free(va);
}

static void test_clone(void)
{
    Err e;
    Mat *m = fixture_clusters();
    Plot *p = plot_scatter(m, NULL, NULL, 0, &e);
    plot_set_title(p, "t", &e);
    plot_set_xlim(p, 0, 1);
    Plot *c = plot_clone(p, &e);
    mat_free(m);
    plot_free(p);
    Grid *g = plot_render(c, NULL, 40, 12, 0, PLOT_UTF8, &e);
    ok(c && g && strcmp(plot_title(c), "t") == 0 && plot_get_view(c)->xlim[1] == 1 && grid_has(g, "alpha"),
       "a clone outlives its original and the data it came from");
    grid_free(g);
    plot_free(c);
}

/* Every kind answers through the operations table: its name, what it
 * counts, its point description and an SVG picture. */
static void test_kinds(void)
{
    Err e;
    Mat *cl = fixture_clusters(), *lo = fixture_losses(), *va = fixture_values(), *im = fixture_images(),
        *co = fixture_confusion();
    float v[5] = {1, -2, 3, 0, 4};
    Plot *plots[6] = {plot_scatter(cl, NULL, NULL, 0, &e), plot_curve(NULL, lo, NULL, &e), plot_bars(v, 5, NULL, &e),
                      plot_hist(va, 20, &e), plot_images(im, 8, 8, 1, 0, &e), plot_heatmap(co, &e)};
    static const char *names[6] = {"scatter", "curve", "bars", "hist", "images", "heatmap"};
    static const char *items[6] = {"points", "values", "bars", "values", "images", "rows"};
    static const size_t sizes[6] = {30, 12, 5, 200, 4, 3};
    for (int k = 0; k < 6; k++) {
        ok(plots[k] && strcmp(plot_kind_name(plots[k]), names[k]) == 0 &&
               strcmp(plot_item_name(plots[k]), items[k]) == 0 && plot_size(plots[k]) == sizes[k],
           "%s: named, counts %zu %s", names[k], sizes[k], items[k]);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int rc = plot_write_svg(plots[k], f, &e);
        fclose(f);
        ok(rc == 0 && strstr(buf, "<svg") && strstr(buf, "</svg>\n"), "%s: an SVG picture (%zu bytes)", names[k], len);
        free(buf);
    }
    PlotPoint pt;
    char d[128];
    memset(&pt, 0, sizeof pt);
    pt.index = 12;
    pt.name = "p12";
    snprintf(pt.cls, sizeof pt.cls, "alpha");
    pt.x = 1.5;
    pt.y = -2;
    pt.value = NAN;
    plot_describe_point(plots[0], &pt, d, sizeof d);
    ok(strcmp(d, "#12 p12 (alpha) at 1.5, -2") == 0, "scatter point: %s", d);
    plot_describe_point(plots[1], &pt, d, sizeof d);
    ok(strcmp(d, "#12 p12 (alpha) x 1.5, y -2") == 0, "curve point: %s", d);
    pt.name = NULL;
    pt.cls[0] = '\0';
    pt.value = 7;
    plot_describe_point(plots[2], &pt, d, sizeof d);
    ok(strcmp(d, "#12: 7") == 0, "bar: %s", d);
    plot_describe_point(plots[3], &pt, d, sizeof d);
    ok(strcmp(d, "#12 [1.5, -2): 7") == 0, "histogram bin: %s", d);
    pt.series = 3;
    pt.value = 0.25;
    plot_describe_point(plots[5], &pt, d, sizeof d);
    ok(strcmp(d, "#12 column 3: 0.25") == 0, "heatmap cell: %s", d);
    char small[6];
    size_t n = plot_describe_point(plots[0], &pt, small, sizeof small);
    ok(n == 5 && strcmp(small, "#12 a") == 0, "a short buffer is cut, not overrun (%s)", small);
    for (int k = 0; k < 6; k++) plot_free(plots[k]);
    mat_free(cl);
    mat_free(lo);
    mat_free(va);
    mat_free(im);
    mat_free(co);
}

int main(void)
{
    test_ticks();
    test_grid();
    test_canvas();
    test_scatter_binning();
    test_labels();
    test_views();
    test_bars_hist();
    test_images();
    test_any_size();
    test_files();
    test_clone();
    test_kinds();
    return done_testing();
}
