/* plot.c — Plot values: construction, view state, text output, saving. */
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
    for (int i = 0; i < 4; i++) p->lim[i] = NAN;
    return p;
}

void plot_free(Plot *p)
{
    if (!p) return;
    mat_free(p->data);
    mat_free(p->x);
    free(p->title);
    free(p);
}

Plot *plot_clone(const Plot *p, Err *e)
{
    Plot *c = plot_new(p->kind, e);
    if (!c) return NULL;
    *c = *p;
    c->title = NULL;
    c->data = c->x = NULL;
    if ((p->title && !(c->title = strdup(p->title))) || (p->data && !(c->data = mat_clone(p->data, e))) ||
        (p->x && !(c->x = mat_clone(p->x, e)))) {
        plot_free(c);
        err_nomem(e, 64, "plot");
        return NULL;
    }
    return c;
}

int plot_set_title(Plot *p, const char *title, Err *e)
{
    free(p->title);
    p->title = title ? strdup(title) : NULL;
    if (title && !p->title) return err_nomem(e, strlen(title), "title");
    return 0;
}

PlotKind plot_kind(const Plot *p)
{
    return p->kind;
}

Plot *plot_scatter(const Mat *X, const int *labels, int labels_at_points, int equal, Err *e)
{
    if (X->cols < 2) {
        err_set(e, "scatter: needs 2 columns, got a %zux%zu matrix", X->rows, X->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_SCATTER, e);
    if (!p) return NULL;
    p->data = mat_new_uninit(X->rows, 2, e);
    if (!p->data) goto fail;
    for (size_t i = 0; i < X->rows; i++) {
        MAT_AT(p->data, i, 0) = MAT_AT(X, i, 0);
        MAT_AT(p->data, i, 1) = MAT_AT(X, i, 1);
    }
    if (mat_copy_row_meta(p->data, X, NULL, X->rows, e) < 0) goto fail;
    if (labels) {
        if (mat_ensure_labels(p->data, e) < 0) goto fail;
        int maxc = -1;
        for (size_t i = 0; i < X->rows; i++) {
            p->data->labels[i] = labels[i];
            if (labels[i] > maxc) maxc = labels[i];
        }
        if (!p->data->label_names) p->data->n_classes = (size_t)(maxc + 1);
    }
    if (p->data->labels && !p->data->label_names && p->data->n_classes == 0) {
        int maxc = -1;
        for (size_t i = 0; i < X->rows; i++)
            if (p->data->labels[i] > maxc) maxc = p->data->labels[i];
        p->data->n_classes = (size_t)(maxc + 1);
    }
    p->show_labels = labels_at_points;
    p->equal = equal;
    if (X->col_names && X->col_names[0] && X->col_names[1]) {
        char t[256];
        snprintf(t, sizeof t, "%s vs %s", X->col_names[1], X->col_names[0]);
        if (plot_set_title(p, t, e) < 0) goto fail;
    }
    return p;
fail:
    plot_free(p);
    return NULL;
}

Plot *plot_lines(const Mat *x, const Mat *Y, int logy, Err *e)
{
    if (Y->rows == 0 || Y->cols == 0) {
        err_set(e, "curve: no values to draw");
        return NULL;
    }
    if (x && x->rows * x->cols != Y->cols) {
        err_set(e, "line: x has %zu values, y has %zu", x->rows * x->cols, Y->cols);
        return NULL;
    }
    Plot *p = plot_new(PLOT_LINES, e);
    if (!p) return NULL;
    p->logy = logy;
    if (!(p->data = mat_clone(Y, e)) || (x && !(p->x = mat_clone(x, e)))) {
        plot_free(p);
        return NULL;
    }
    if (logy) /* non-positive values cannot be drawn on a log scale */
        for (size_t i = 0; i < p->data->rows * p->data->cols; i++)
            if (!(p->data->data[i] > 0)) p->data->data[i] = NAN;
    return p;
}

Plot *plot_bars(const Mat *values, Err *e)
{
    Plot *p = plot_new(PLOT_BARS, e);
    if (!p) return NULL;
    Mat *v = mat_new_uninit(1, values->rows * values->cols, e);
    if (!v) {
        plot_free(p);
        return NULL;
    }
    memcpy(v->data, values->data, v->cols * sizeof(float));
    if (values->rows == 1 && mat_copy_col_meta(v, values, NULL, values->cols, e) < 0) {
        mat_free(v);
        plot_free(p);
        return NULL;
    }
    /* A column vector with row names (e.g. norms of words): use the names. */
    if (values->cols == 1 && values->row_names)
        for (size_t i = 0; i < values->rows; i++)
            if (values->row_names[i]) mat_set_col_name(v, i, values->row_names[i], NULL);
    p->data = v;
    return p;
}

Plot *plot_hist(const Mat *X, int bins, Err *e)
{
    size_t n = X->rows * X->cols, used = 0;
    if (bins < 1 || bins > 1000) {
        err_set(e, "hist: bins must be between 1 and 1000, got %d", bins);
        return NULL;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = X->data[i];
        if (isnan(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        used++;
    }
    if (!used) {
        err_set(e, "hist: no values (all NaN or empty)");
        return NULL;
    }
    if (hi == lo) hi = lo + 1;
    Mat *c = mat_new(1, (size_t)bins, e);
    if (!c) return NULL;
    for (size_t i = 0; i < n; i++) {
        double v = X->data[i];
        if (isnan(v)) continue;
        int b = (int)((v - lo) / (hi - lo) * bins);
        if (b >= bins) b = bins - 1;
        c->data[b] += 1;
    }
    Plot *p = plot_new(PLOT_BARS, e);
    if (!p) {
        mat_free(c);
        return NULL;
    }
    p->data = c;
    p->is_hist = 1;
    p->hist_lo = lo;
    p->hist_hi = hi;
    return p;
}

Plot *plot_images(const Mat *X, size_t h, size_t w, int cols, Err *e)
{
    if (h * w != X->cols) {
        err_set(e, "show: rows of %zu values are not %zux%zu images (%zu values)", X->cols, h, w, h * w);
        return NULL;
    }
    if (X->rows == 0) {
        err_set(e, "show: no images");
        return NULL;
    }
    Plot *p = plot_new(PLOT_IMAGES, e);
    if (!p) return NULL;
    if (!(p->data = mat_clone(X, e))) {
        plot_free(p);
        return NULL;
    }
    p->img_h = h;
    p->img_w = w;
    p->img_cols = cols;
    return p;
}

Plot *plot_heatmap(const Mat *X, Err *e)
{
    Plot *p = plot_images(X, 1, X->cols, 1, e);
    if (!p) return NULL;
    /* One image whose pixels are the matrix entries. */
    p->kind = PLOT_HEATMAP;
    p->img_h = X->rows;
    p->img_w = X->cols;
    return p;
}

void plot_data_range(const Plot *p, double r[4])
{
    r[0] = r[2] = INFINITY;
    r[1] = r[3] = -INFINITY;
    const Mat *d = p->data;
    if (p->kind == PLOT_SCATTER) {
        for (size_t i = 0; i < d->rows; i++) {
            double x = MAT_AT(d, i, 0), y = MAT_AT(d, i, 1);
            if (isnan(x) || isnan(y)) continue;
            if (x < r[0]) r[0] = x;
            if (x > r[1]) r[1] = x;
            if (y < r[2]) r[2] = y;
            if (y > r[3]) r[3] = y;
        }
    } else if (p->kind == PLOT_LINES) {
        for (size_t j = 0; j < d->cols; j++) {
            double x = p->x ? p->x->data[j] : (double)j;
            if (x < r[0]) r[0] = x;
            if (x > r[1]) r[1] = x;
            for (size_t s = 0; s < d->rows; s++) {
                double y = MAT_AT(d, s, j);
                if (isnan(y)) continue;
                if (p->logy) y = log10(y);
                if (y < r[2]) r[2] = y;
                if (y > r[3]) r[3] = y;
            }
        }
    }
    if (!(r[0] <= r[1])) r[0] = 0, r[1] = 1;
    if (!(r[2] <= r[3])) r[2] = 0, r[3] = 1;
    if (r[0] == r[1]) r[0] -= 0.5, r[1] += 0.5;
    if (r[2] == r[3]) r[2] -= 0.5, r[3] += 0.5;
}

void plot_view(const Plot *p, double v[4])
{
    double r[4];
    plot_data_range(p, r);
    for (int i = 0; i < 4; i++) v[i] = isnan(p->lim[i]) ? r[i] : p->lim[i];
    if (v[1] <= v[0]) v[1] = v[0] + 1;
    if (v[3] <= v[2]) v[3] = v[2] + 1;
}

void plot_set_xlim(Plot *p, double lo, double hi)
{
    p->lim[0] = lo;
    p->lim[1] = hi;
}

void plot_set_ylim(Plot *p, double lo, double hi)
{
    p->lim[2] = lo;
    p->lim[3] = hi;
}

void plot_get_limits(const Plot *p, double lim[4])
{
    plot_view(p, lim);
}

void plot_zoom(Plot *p, double f)
{
    if (f == 0) {
        for (int i = 0; i < 4; i++) p->lim[i] = NAN;
        return;
    }
    double v[4];
    plot_view(p, v);
    double cx = (v[0] + v[1]) / 2, cy = (v[2] + v[3]) / 2;
    double hx = (v[1] - v[0]) / 2 / f, hy = (v[3] - v[2]) / 2 / f;
    p->lim[0] = cx - hx;
    p->lim[1] = cx + hx;
    p->lim[2] = cy - hy;
    p->lim[3] = cy + hy;
}

void plot_pan(Plot *p, double fx, double fy)
{
    double v[4];
    plot_view(p, v);
    double dx = (v[1] - v[0]) * fx, dy = (v[3] - v[2]) * fy;
    p->lim[0] = v[0] + dx;
    p->lim[1] = v[1] + dx;
    p->lim[2] = v[2] + dy;
    p->lim[3] = v[3] + dy;
}

void plot_toggle_labels(Plot *p)
{
    p->show_labels = !p->show_labels;
}

Grid *plot_render(const Plot *p, int width, int height, int color, int utf8, Err *e)
{
    if (width < 4) width = 4;
    if (height < 2) height = 2;
    switch (p->kind) {
    case PLOT_SCATTER:
    case PLOT_LINES: return render_xy(p, width, height, color, utf8, e);
    case PLOT_BARS: return render_bars(p, width, height, color, utf8, e);
    case PLOT_IMAGES:
    case PLOT_HEATMAP: return render_images(p, width, height, color, utf8, e);
    }
    err_set(e, "unknown plot kind");
    return NULL;
}

int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8, Err *e)
{
    Grid *g = plot_render(p, width, height, color, utf8, e);
    if (!g) return -1;
    int rc = grid_write_ansi(g, out, color, e);
    grid_free(g);
    fflush(out);
    return rc;
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
        rc = plot_write_text(p, f, width, height, io_has_ext(path, ".ans", 0) ? 256 : 0, 1, e);
    if (rc < 0) {
        io_atomic_abort(f, tmp);
        return -1;
    }
    return io_atomic_commit(f, tmp, path, e);
}
