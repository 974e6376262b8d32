/* plot.c — Plot values: construction, options, render dispatch, text
 * output and saving. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/readall.h"
#include "plot/plot_impl.h"

static Plot *plot_new(PlotKind k, Err *e)
{
    Plot *p = calloc(1, sizeof *p);
    if (!p) {
        err_nomem(e, sizeof *p, "plot");
        return NULL;
    }
    p->kind = k;
    plot_view_init(&p->view);
    return p;
}

void plot_free(Plot *p)
{
    if (!p) return;
    mat_free(p->data);
    free(p->x);
    free(p->title);
    free(p->xname);
    free(p->yname);
    free(p);
}

static int dup_str(char **dst, const char *s, Err *e)
{
    char *c = NULL;
    if (s && !(c = strdup(s))) return err_nomem(e, strlen(s) + 1, "plot text");
    free(*dst);
    *dst = c;
    return 0;
}

Plot *plot_clone(const Plot *p, Err *e)
{
    Plot *c = plot_new(p->kind, e);
    if (!c) return NULL;
    *c = *p;
    c->title = c->xname = c->yname = NULL;
    c->data = NULL;
    c->x = NULL;
    if (dup_str(&c->title, p->title, e) < 0 || dup_str(&c->xname, p->xname, e) < 0 ||
        dup_str(&c->yname, p->yname, e) < 0 || (p->data && !(c->data = mat_clone(p->data, e))))
        goto fail;
    if (p->x) {
        c->x = malloc(p->data->cols * sizeof *c->x);
        if (!c->x) {
            err_nomem(e, p->data->cols * sizeof *c->x, "plot");
            goto fail;
        }
        memcpy(c->x, p->x, p->data->cols * sizeof *c->x);
    }
    return c;
fail:
    plot_free(c);
    return NULL;
}

/* Classes of a scatter/images matrix: at least one more than the largest
 * label, so unnamed classes show as their numbers. */
static void fix_classes(Mat *m)
{
    if (!m->labels) return;
    int maxc = -1;
    for (size_t i = 0; i < m->rows; i++)
        if (m->labels[i] > maxc) maxc = m->labels[i];
    if ((size_t)(maxc + 1) > m->n_classes) {
        if (m->label_names) { /* grow the names array with NULLs (shown as numbers) */
            char **nn = realloc(m->label_names, (size_t)(maxc + 1) * sizeof *nn);
            if (!nn) { /* keep the names we have; numbers beyond them */
                for (size_t i = 0; i < m->rows; i++)
                    if (m->labels[i] >= (int)m->n_classes) m->labels[i] = -1;
                return;
            }
            for (size_t c = m->n_classes; c < (size_t)(maxc + 1); c++) nn[c] = NULL;
            m->label_names = nn;
        }
        m->n_classes = (size_t)(maxc + 1);
    }
}

Plot *plot_scatter(const Mat *X, const int *labels, char *const *class_names, size_t n_classes, Err *e)
{
    if (X->cols < 2) {
        err_set(e, "scatter: needs at least 2 columns, got a %zux%zu matrix", X->rows, X->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_SCATTER, e);
    if (!p) return NULL;
    Mat *d = p->data = mat_new_uninit(X->rows, 2, e);
    if (!d) goto fail;
    for (size_t i = 0; i < X->rows; i++) {
        MAT_AT(d, i, 0) = MAT_AT(X, i, 0);
        MAT_AT(d, i, 1) = MAT_AT(X, i, 1);
        if (!isfinite(MAT_AT(d, i, 0)) || !isfinite(MAT_AT(d, i, 1))) p->nan_skipped++;
    }
    if (labels) {
        if (X->row_names) {
            for (size_t i = 0; i < X->rows; i++)
                if (X->row_names[i] && mat_set_row_name(d, i, X->row_names[i], e) < 0) goto fail;
        }
        if (mat_ensure_labels(d, e) < 0) goto fail;
        memcpy(d->labels, labels, X->rows * sizeof *labels);
        if (class_names && n_classes) {
            d->label_names = calloc(n_classes, sizeof *d->label_names);
            if (!d->label_names) {
                err_nomem(e, n_classes * sizeof(char *), "class names");
                goto fail;
            }
            d->n_classes = n_classes;
            for (size_t c = 0; c < n_classes; c++)
                if (class_names[c] && !(d->label_names[c] = strdup(class_names[c]))) {
                    err_nomem(e, strlen(class_names[c]), "class names");
                    goto fail;
                }
        } else {
            d->n_classes = n_classes;
        }
    } else if (mat_copy_row_meta(d, X, NULL, X->rows, e) < 0) {
        goto fail;
    }
    fix_classes(d);
    if (X->col_names && plot_set_axis_names(p, X->col_names[0], X->col_names[1], e) < 0) goto fail;
    return p;
fail:
    plot_free(p);
    return NULL;
}

Plot *plot_curve(const Mat *x, const Mat *Y, char *const *names, Err *e)
{
    if (Y->rows == 0 || Y->cols == 0) {
        err_set(e, "curve: no values to draw");
        return NULL;
    }
    if (x && x->rows * x->cols != Y->cols) {
        err_about(e, "x", "line: x has %zu values, y has %zu", x->rows * x->cols, Y->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_CURVE, e);
    if (!p) return NULL;
    Mat *d = p->data = mat_new_uninit(Y->rows, Y->cols, e);
    if (!d) goto fail;
    memcpy(d->data, Y->data, Y->rows * Y->cols * sizeof(float));
    for (size_t s = 0; s < Y->rows; s++) {
        const char *nm = names ? names[s] : Y->row_names ? Y->row_names[s] : NULL;
        if (nm && mat_set_row_name(d, s, nm, e) < 0) goto fail;
    }
    if (x) {
        p->x = malloc(Y->cols * sizeof *p->x);
        if (!p->x) {
            err_nomem(e, Y->cols * sizeof *p->x, "curve");
            goto fail;
        }
        memcpy(p->x, x->data, Y->cols * sizeof *p->x);
    }
    return p;
fail:
    plot_free(p);
    return NULL;
}

Plot *plot_bars(const float *values, size_t n, char *const *names, Err *e)
{
    if (n == 0) {
        err_set(e, "bars: no values to draw");
        return NULL;
    }
    Plot *p = plot_new(PLOT_BARS, e);
    if (!p) return NULL;
    Mat *d = p->data = mat_new_uninit(1, n, e);
    if (!d) goto fail;
    memcpy(d->data, values, n * sizeof(float));
    for (size_t i = 0; names && i < n; i++)
        if (names[i] && mat_set_col_name(d, i, names[i], e) < 0) goto fail;
    return p;
fail:
    plot_free(p);
    return NULL;
}

Plot *plot_hist(const Mat *X, int bins, Err *e)
{
    if (bins < 1 || bins > 10000) {
        err_about(e, "bins", "hist: bins must be between 1 and 10000, got %d", bins);
        return NULL;
    }
    size_t n = X->rows * X->cols, used = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = X->data[i];
        if (!isfinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        used++;
    }
    if (!used) {
        err_set(e, "hist: no finite values in a %zux%zu matrix", X->rows, X->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_HIST, e);
    if (!p) return NULL;
    Mat *d = p->data = mat_new_uninit(1, used, e);
    if (!d) {
        plot_free(p);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(X->data[i])) d->data[k++] = X->data[i];
    if (hi == lo) { /* one value: a unit-wide range around it, wider where 0.5 is lost in rounding */
        double half = fmax(0.5, fabs(lo) * 1e-6);
        lo -= half;
        hi += half;
    }
    p->bins = bins;
    p->lo = lo;
    p->hi = hi;
    p->nan_skipped = n - used;
    return p;
}

void hist_count(const Plot *p, int nb, double *counts)
{
    for (int b = 0; b < nb; b++) counts[b] = 0;
    const Mat *d = p->data;
    /* Halved so that a range from -1e308 to 1e308 does not overflow. */
    double range = p->hi / 2 - p->lo / 2;
    for (size_t i = 0; i < d->cols; i++) {
        double t = range > 0 ? (d->data[i] / 2 - p->lo / 2) / range : 0;
        int b = t >= 1 ? nb - 1 : t > 0 ? (int)(t * nb) : 0; /* the maximum belongs to the last bin */
        if (b >= nb) b = nb - 1;
        counts[b] += 1;
    }
}

Plot *plot_images(const Mat *X, size_t h, size_t w, size_t c, int cols, Err *e)
{
    if (c != 1 && c != 3) {
        err_set(e, "show: images must have 1 (grey) or 3 (RGB) channels, got %zu", c);
        return NULL;
    }
    if (h == 0 || w == 0 || h * w * c != X->cols) {
        err_set(e, "show: rows of %zu values are not %zux%zu%s images (%zu values)", X->cols, h, w,
                c == 3 ? "x3" : "", h * w * c);
        return NULL;
    }
    if (X->rows == 0) {
        err_set(e, "show: no images (0 rows)");
        return NULL;
    }
    Plot *p = plot_new(PLOT_IMAGES, e);
    if (!p) return NULL;
    if (!(p->data = mat_clone(X, e))) {
        plot_free(p);
        return NULL;
    }
    p->data->img_h = h;
    p->data->img_w = w;
    p->data->img_c = c;
    p->cols = cols;
    fix_classes(p->data);
    return p;
}

Plot *plot_heatmap(const Mat *X, Err *e)
{
    if (X->rows == 0 || X->cols == 0) {
        err_set(e, "heatmap: the matrix is empty (%zux%zu)", X->rows, X->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_HEATMAP, e);
    if (!p) return NULL;
    if (!(p->data = mat_clone(X, e))) {
        plot_free(p);
        return NULL;
    }
    return p;
}

/* ---- options -------------------------------------------------------- */

const char *plot_kind_name(const Plot *p)
{
    return PLOT_OPS(p)->name;
}

const char *plot_item_name(const Plot *p)
{
    return PLOT_OPS(p)->items;
}

size_t plot_describe_point(const Plot *p, const PlotPoint *pt, char *buf, size_t n)
{
    size_t u = 0;
    if (!n) return 0;
#define ADD(...) (u += (size_t)snprintf(buf + u, u < n ? n - u : 0, __VA_ARGS__), u = u < n ? u : n - 1)
    ADD("#%zu", pt->index);
    if (pt->name && *pt->name) ADD(" %s", pt->name);
    if (pt->cls[0]) ADD(" (%s)", pt->cls);
#undef ADD
    PLOT_OPS(p)->describe(pt, buf + u, n - u);
    return u + strlen(buf + u);
}

int plot_set_title(Plot *p, const char *title, Err *e)
{
    return dup_str(&p->title, title, e);
}

const char *plot_title(const Plot *p)
{
    return p->title;
}

int plot_set_axis_names(Plot *p, const char *xname, const char *yname, Err *e)
{
    return dup_str(&p->xname, xname, e) < 0 || dup_str(&p->yname, yname, e) < 0 ? -1 : 0;
}

void plot_set_point_labels(Plot *p, int on)
{
    p->point_labels = on != 0;
}

int plot_point_labels(const Plot *p)
{
    return p->point_labels;
}

void plot_set_equal(Plot *p, int on)
{
    p->equal = on != 0;
}

void plot_set_logy(Plot *p, int on)
{
    p->logy = on != 0;
}

size_t plot_size(const Plot *p)
{
    return PLOT_OPS(p)->size(p);
}

uint32_t plot_letter(int k)
{
    static const char letters[] = PLOT_LETTERS;
    return (uint32_t)letters[(k < 0 ? 0 : k) % (int)(sizeof letters - 1)];
}

const char *plot_class_name(const Mat *m, int c, char *buf, size_t n)
{
    if (c < 0) {
        buf[0] = '\0';
        return buf;
    }
    return mat_class_name(m, c, buf, n);
}

void draw_title(const Plot *p, Grid *g)
{
    if (!p->title) return;
    int l = grid_text_width(p->title), x = (g->w - l) / 2;
    if (x < 0) x = 0;
    int n = grid_text(g, x, 0, p->title, GRID_DEFAULT, g->w - x);
    grid_attr(g, x, 0, n, GRID_BOLD);
}

/* ---- rendering ------------------------------------------------------ */

Grid *plot_render(const Plot *p, const PlotView *view, int width, int height, int color, int utf8, Err *e)
{
    if (width < 1) width = 1;
    if (height < 1) height = 1;
    if (color != 0 && color != 8) color = color > 8 ? 256 : 0;
    if (utf8 != PLOT_ASCII && utf8 != PLOT_BLOCKS) utf8 = PLOT_UTF8;
    const PlotView *v = view ? view : &p->view;
    Grid *g = PLOT_OPS(p)->render(p, v, width, height, color, utf8, e);
    if (g && v->cursor && v->cur_x >= 0 && v->cur_y >= 0 && v->cur_x < g->w && v->cur_y < g->h) {
        Cell *c = grid_at(g, v->cur_x, v->cur_y);
        if (c->ch == ' ') c->ch = '+';
        c->attr |= GRID_REVERSE;
    }
    return g;
}

int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8, Err *e)
{
    Grid *g = plot_render(p, NULL, width, height, color, utf8, e);
    if (!g) return -1;
    /* scripts print what was drawn: blank rows at the bottom are left out */
    int h = g->h;
    while (g->h > 1) {
        const Cell *row = grid_cell(g, 0, g->h - 1);
        int blank = 1;
        for (int x = 0; x < g->w && blank; x++)
            blank = (row[x].ch == ' ' || row[x].ch == 0) && row[x].bg < 0 && !(row[x].attr & GRID_REVERSE);
        if (!blank) break;
        g->h--;
    }
    int rc = grid_write_ansi(g, out, color, utf8 != PLOT_ASCII, e);
    g->h = h;
    grid_free(g);
    if (rc == 0 && fflush(out) != 0) rc = err_set(e, "cannot write the plot");
    return rc;
}

long plot_nearest_point(const Plot *p, const PlotView *view, int width, int height, int cell_x, int cell_y,
                        PlotPoint *pt)
{
    memset(pt, 0, sizeof *pt);
    pt->label = -1;
    pt->value = NAN;
    pt->x = pt->y = NAN;
    const PlotView *v = view ? view : &p->view;
    long r = PLOT_OPS(p)->nearest(p, v, width, height, cell_x, cell_y, pt);
    if (r >= 0) pt->index = (size_t)r;
    return r;
}

int plot_write_svg(const Plot *p, FILE *out, Err *e)
{
    return svg_write(p, out, e);
}

int plot_save(const Plot *p, const char *path, int width, int height, Err *e)
{
    char tmp[PATH_MAX];
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    int rc;
    if (io_has_ext(path, ".svg", 0))
        rc = svg_write(p, f, e);
    else
        rc = plot_write_text(p, f, width, height, io_has_ext(path, ".ans", 0) ? 256 : 0, PLOT_UTF8, e);
    if (rc < 0) {
        io_atomic_abort(f, tmp);
        return err_prefix(e, "%s", path);
    }
    return io_atomic_commit(f, tmp, path, e);
}
