/* render.c — drawing plots into a cell grid: x/y plots (scatter, lines) on
 * a braille canvas (2x4 dots per cell), bars with eighth blocks, images
 * with half blocks or dithered braille. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot/axes.h"
#include "plot/plot_impl.h"

#define BRAILLE 0x2800u

/* Dot (x, y) within a cell: the braille bit for column x&1, row y&3. */
static uint8_t braille_bit(int x, int y)
{
    static const uint8_t bits[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    return bits[y & 3][x & 1];
}

static int n_classes(const Plot *p)
{
    const Mat *d = p->data;
    return p->kind == PLOT_SCATTER && d->labels ? (int)d->n_classes : 0;
}

/* Legend entries of an x/y plot: text per entry (malloc'd into buf). */
static int legend_entries(const Plot *p, char names[][64], int max)
{
    const Mat *d = p->data;
    int n = 0;
    if (p->kind == PLOT_SCATTER && d->labels) {
        int K = n_classes(p);
        size_t *cnt = calloc((size_t)K + 1, sizeof *cnt);
        if (!cnt) return 0;
        for (size_t i = 0; i < d->rows; i++)
            if (d->labels[i] >= 0 && d->labels[i] < K) cnt[d->labels[i]]++;
        for (int c = 0; c < K && n < max; c++) {
            if (!cnt[c]) continue;
            char cb[32];
            snprintf(names[n++], 64, "%s (%zu)", mat_class_name(d, c, cb, sizeof cb), cnt[c]);
        }
        free(cnt);
    } else if (p->kind == PLOT_LINES && (d->rows > 1 || d->row_names)) {
        for (size_t s = 0; s < d->rows && n < max; s++) {
            if (d->row_names && d->row_names[s]) snprintf(names[n++], 64, "%s", d->row_names[s]);
            else snprintf(names[n++], 64, "series %zu", s);
        }
    }
    return n;
}

/* Class of a legend entry (entries skip empty classes). */
static int legend_class(const Plot *p, int entry)
{
    const Mat *d = p->data;
    if (p->kind != PLOT_SCATTER) return entry;
    int K = n_classes(p), seen = -1;
    for (int c = 0; c < K; c++) {
        int any = 0;
        for (size_t i = 0; i < d->rows && !any; i++) any = d->labels[i] == c;
        if (any && ++seen == entry) return c;
    }
    return entry;
}

#define MAX_LEGEND 40

void xy_layout(const Plot *p, int w, int h, XYLayout *L)
{
    char names[MAX_LEGEND][64];
    int nl = legend_entries(p, names, MAX_LEGEND);
    L->top = p->title && h >= 6 ? 1 : 0;
    L->legend_w = 0;
    if (nl > 0 && w >= 40) {
        int lw = 0;
        for (int i = 0; i < nl; i++) {
            int l = grid_text_width(names[i]) + 2;
            if (l > lw) lw = l;
        }
        L->legend_w = lw < w / 3 ? lw : w / 3;
    }
    L->ph = h - L->top - 2;
    if (L->ph < 1) L->ph = 1;
    plot_view(p, L->v);
    double t[32];
    int nt = axes_ticks(L->v[2], L->v[3], L->ph / 3 + 1 < 2 ? 2 : L->ph / 3 + 1, t);
    int yw = 1;
    char buf[32];
    for (int i = 0; i < nt; i++) {
        axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, p->logy, buf, sizeof buf);
        int l = (int)strlen(buf);
        if (l > yw) yw = l;
    }
    L->left = yw + 1;
    L->pw = w - L->left - (L->legend_w ? L->legend_w + 1 : 0);
    if (L->pw < 2) {
        L->legend_w = 0;
        L->pw = w - L->left;
    }
    if (L->pw < 2) L->pw = 2;
    L->legend_x = L->left + L->pw + 1;
    if (p->equal && p->kind == PLOT_SCATTER) { /* dots are square: same units per dot */
        double dx = (L->v[1] - L->v[0]) / (2.0 * L->pw), dy = (L->v[3] - L->v[2]) / (4.0 * L->ph);
        if (dx > dy) {
            double c = (L->v[2] + L->v[3]) / 2, half = dx * 4.0 * L->ph / 2;
            L->v[2] = c - half;
            L->v[3] = c + half;
        } else {
            double c = (L->v[0] + L->v[1]) / 2, half = dy * 2.0 * L->pw / 2;
            L->v[0] = c - half;
            L->v[1] = c + half;
        }
    }
}

/* Dot coordinates of a data point; 0 when inside the area. */
static int to_dot(const XYLayout *L, double x, double y, int *dx, int *dy)
{
    if (isnan(x) || isnan(y)) return -1;
    double fx = (x - L->v[0]) / (L->v[1] - L->v[0]), fy = (L->v[3] - y) / (L->v[3] - L->v[2]);
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return -1;
    *dx = (int)lround(fx * (2 * L->pw - 1));
    *dy = (int)lround(fy * (4 * L->ph - 1));
    return 0;
}

static void draw_axes(const Plot *p, Grid *g, const XYLayout *L, int utf8)
{
    char buf[32];
    double t[64];
    int x0 = L->left - 1, yb = L->top + L->ph;
    for (int y = L->top; y < yb; y++) grid_put(g, x0, y, utf8 ? 0x2502 : '|', -1);
    for (int x = L->left; x < L->left + L->pw; x++) grid_put(g, x, yb, utf8 ? 0x2500 : '-', -1);
    grid_put(g, x0, yb, utf8 ? 0x2514 : '+', -1);
    int nt = axes_ticks(L->v[2], L->v[3], L->ph / 3 + 1 < 2 ? 2 : L->ph / 3 + 1, t);
    int last_row = -2;
    for (int i = 0; i < nt; i++) {
        double f = (L->v[3] - t[i]) / (L->v[3] - L->v[2]);
        int row = L->top + (int)(f * (4 * L->ph - 1)) / 4;
        if (row < L->top || row >= yb || row == last_row) continue;
        if (p->logy && fabs(t[i] - round(t[i])) > 1e-9) continue; /* log: powers of ten only */
        last_row = row;
        axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, p->logy, buf, sizeof buf);
        grid_put(g, x0, row, utf8 ? 0x2524 : '+', -1);
        grid_text(g, x0 - (int)strlen(buf), row, buf, -1);
    }
    nt = axes_ticks(L->v[0], L->v[1], L->pw / 10 + 1 < 2 ? 2 : L->pw / 10 + 1, t);
    int free_from = 0;
    for (int i = 0; i < nt; i++) {
        double f = (t[i] - L->v[0]) / (L->v[1] - L->v[0]);
        int col = L->left + (int)(f * (2 * L->pw - 1)) / 2;
        if (col < L->left || col >= L->left + L->pw) continue;
        axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
        int l = (int)strlen(buf), start = col - l / 2;
        if (start < 0) start = 0;
        if (start + l > g->w) start = g->w - l;
        grid_put(g, col, yb, utf8 ? 0x252C : '+', -1);
        if (start < free_from || yb + 1 >= g->h) continue;
        grid_text(g, start, yb + 1, buf, -1);
        free_from = start + l + 1;
    }
}

static void draw_legend(const Plot *p, Grid *g, const XYLayout *L, int color, int utf8)
{
    if (!L->legend_w) return;
    char names[MAX_LEGEND][64];
    int nl = legend_entries(p, names, MAX_LEGEND);
    for (int i = 0; i < nl && L->top + i < g->h; i++) {
        int c = legend_class(p, i), y = L->top + i;
        uint32_t mark = color ? (p->kind == PLOT_LINES ? (utf8 ? 0x2500 : '-') : (utf8 ? 0x25A0 : '#'))
                              : (uint32_t)('a' + c % 26);
        if (!color && p->kind == PLOT_LINES) mark = (uint32_t)('a' + c % 26);
        grid_put(g, L->legend_x, y, mark, color ? c : -1);
        /* truncate to the legend's width */
        char t[64];
        snprintf(t, sizeof t, "%s", names[i]);
        int room = L->legend_w - 2;
        if (room < (int)strlen(t) && room > 0) t[room] = '\0';
        grid_text(g, L->legend_x + 2, y, t, -1);
    }
}

static void draw_title(const Plot *p, Grid *g, const XYLayout *L)
{
    if (!L->top || !p->title) return;
    int l = grid_text_width(p->title), x = (g->w - l) / 2;
    grid_text(g, x < 0 ? 0 : x, 0, p->title, -1);
    for (int i = 0; i < l && x + i < g->w; i++)
        if (x + i >= 0) grid_at(g, x + i, 0)->bold = 1;
}

/* Bresenham between two dots, calling set for each. */
static void dot_line(int x0, int y0, int x1, int y1, void (*set)(void *, int, int), void *u)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        set(u, x0, y0);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) err += dy, x0 += sx;
        if (e2 <= dx) err += dx, y0 += sy;
    }
}

typedef struct Canvas {
    const XYLayout *L;
    uint8_t *bits;
    uint32_t *count;
    uint32_t *cls; /* K counts per cell */
    int K, cur;
} Canvas;

static void canvas_set(void *u, int dx, int dy)
{
    Canvas *c = u;
    if (dx < 0 || dy < 0 || dx >= 2 * c->L->pw || dy >= 4 * c->L->ph) return;
    size_t cell = (size_t)(dy / 4) * (size_t)c->L->pw + (size_t)(dx / 2);
    c->bits[cell] |= braille_bit(dx, dy);
    c->count[cell]++;
    if (c->K > 0 && c->cur >= 0) c->cls[cell * (size_t)c->K + (size_t)(c->cur % c->K)]++;
}

static void draw_point_labels(const Plot *p, Grid *g, const XYLayout *L)
{
    const Mat *d = p->data;
    if (!p->show_labels || !d->row_names) return;
    uint8_t *busy = calloc((size_t)g->w * (size_t)g->h, 1);
    if (!busy) return;
    for (size_t i = 0; i < d->rows; i++) {
        int dx, dy;
        const char *nm = d->row_names[i];
        if (!nm || to_dot(L, MAT_AT(d, i, 0), MAT_AT(d, i, 1), &dx, &dy) < 0) continue;
        int cx = L->left + dx / 2 + 1, cy = L->top + dy / 4, l = grid_text_width(nm);
        if (cx + l > L->left + L->pw) cx = L->left + dx / 2 - l; /* put it left of the point */
        if (cx < L->left) continue;
        int clash = 0;
        for (int k = -1; k <= l && !clash; k++)
            if (cx + k >= 0 && cx + k < g->w) clash = busy[(size_t)cy * (size_t)g->w + (size_t)(cx + k)];
        if (clash) continue; /* skip labels that would overlap one already drawn */
        grid_text(g, cx, cy, nm, -1);
        for (int k = 0; k < l; k++) {
            busy[(size_t)cy * (size_t)g->w + (size_t)(cx + k)] = 1;
            grid_at(g, cx + k, cy)->bold = 1;
        }
    }
    free(busy);
}

Grid *render_xy(const Plot *p, int w, int h, int color, int utf8, Err *e)
{
    XYLayout L;
    xy_layout(p, w, h, &L);
    Grid *g = grid_new(w, h, e);
    if (!g) return NULL;
    size_t cells = (size_t)L.pw * (size_t)L.ph;
    const Mat *d = p->data;
    int K = p->kind == PLOT_SCATTER ? n_classes(p) : (int)d->rows;
    if (K > 256) K = 256;
    Canvas c = {&L, calloc(cells, 1), calloc(cells, sizeof(uint32_t)),
                K ? calloc(cells * (size_t)K, sizeof(uint32_t)) : NULL, K, -1};
    if (!c.bits || !c.count || (K && !c.cls)) {
        free(c.bits);
        free(c.count);
        free(c.cls);
        grid_free(g);
        err_nomem(e, cells * (size_t)(K + 5), "plot canvas");
        return NULL;
    }
    if (p->kind == PLOT_SCATTER) { /* one pass over the points */
        for (size_t i = 0; i < d->rows; i++) {
            int dx, dy;
            if (to_dot(&L, MAT_AT(d, i, 0), MAT_AT(d, i, 1), &dx, &dy) < 0) continue;
            c.cur = d->labels ? d->labels[i] : -1;
            canvas_set(&c, dx, dy);
        }
    } else {
        for (size_t s = 0; s < d->rows; s++) {
            c.cur = (int)s;
            int have = 0, px = 0, py = 0;
            for (size_t j = 0; j < d->cols; j++) {
                double y = MAT_AT(d, s, j), x = p->x ? p->x->data[j] : (double)j;
                if (p->logy && y > 0) y = log10(y);
                int dx, dy;
                /* clip coarsely: points outside the view break the line */
                if (isnan(y) || to_dot(&L, x, y, &dx, &dy) < 0) {
                    have = 0;
                    continue;
                }
                if (have) dot_line(px, py, dx, dy, canvas_set, &c);
                else canvas_set(&c, dx, dy);
                px = dx;
                py = dy;
                have = 1;
            }
        }
    }
    uint32_t maxcount = 0;
    for (size_t i = 0; i < cells; i++)
        if (c.count[i] > maxcount) maxcount = c.count[i];
    int mono_classes = !color && K >= 2;
    for (int cy = 0; cy < L.ph; cy++)
        for (int cx = 0; cx < L.pw; cx++) {
            size_t i = (size_t)cy * (size_t)L.pw + (size_t)cx;
            if (!c.bits[i]) continue;
            int cls = -1;
            if (K) { /* majority class of the cell */
                uint32_t best = 0;
                for (int k = 0; k < K; k++)
                    if (c.cls[i * (size_t)K + (size_t)k] > best) best = c.cls[i * (size_t)K + (size_t)k], cls = k;
            }
            uint32_t ch;
            if (mono_classes && cls >= 0) ch = (uint32_t)('a' + cls % 26);
            else if (utf8) ch = BRAILLE + c.bits[i];
            else {
                int dots = __builtin_popcount(c.bits[i]);
                ch = dots <= 1 ? '.' : dots <= 3 ? ':' : dots <= 5 ? 'o' : '#';
            }
            Cell *cell = grid_at(g, L.left + cx, L.top + cy);
            cell->ch = ch;
            cell->fg = (int16_t)(color ? (cls >= 0 ? cls : 0) : -1);
            /* density shading where points pile up */
            if (p->kind == PLOT_SCATTER && d->rows > cells && maxcount >= 8) {
                if (c.count[i] * 2 > maxcount) cell->bold = 1;
                else if (c.count[i] * 10 <= maxcount && color) cell->dim = 1;
            }
        }
    free(c.bits);
    free(c.count);
    free(c.cls);
    draw_axes(p, g, &L, utf8);
    draw_point_labels(p, g, &L);
    draw_legend(p, g, &L, color, utf8);
    draw_title(p, g, &L);
    return g;
}

long plot_nearest(const Plot *p, int width, int height, int cx, int cy, double *x, double *y,
                  const char **name, char *cls, size_t ncls)
{
    if (p->kind != PLOT_SCATTER) return -1;
    XYLayout L;
    xy_layout(p, width, height, &L);
    const Mat *d = p->data;
    double best = INFINITY;
    long bi = -1;
    for (size_t i = 0; i < d->rows; i++) {
        int dx, dy;
        if (to_dot(&L, MAT_AT(d, i, 0), MAT_AT(d, i, 1), &dx, &dy) < 0) continue;
        double ddx = (L.left + dx / 2.0) - cx, ddy = ((L.top + dy / 4.0) - cy) * 2.0;
        double dist = ddx * ddx + ddy * ddy;
        if (dist < best) best = dist, bi = (long)i;
    }
    if (bi < 0) return -1;
    *x = MAT_AT(d, bi, 0);
    *y = MAT_AT(d, bi, 1);
    *name = d->row_names ? d->row_names[bi] : NULL;
    if (cls && ncls) {
        cls[0] = '\0';
        if (d->labels && d->labels[bi] >= 0) {
            char b[32];
            snprintf(cls, ncls, "%s", mat_class_name(d, d->labels[bi], b, sizeof b));
        }
    }
    return bi;
}

int plot_cell_of(const Plot *p, int width, int height, double x, double y, int *cx, int *cy)
{
    if (p->kind != PLOT_SCATTER && p->kind != PLOT_LINES) return -1;
    XYLayout L;
    xy_layout(p, width, height, &L);
    int dx, dy;
    if (to_dot(&L, x, y, &dx, &dy) < 0) return -1;
    *cx = L.left + dx / 2;
    *cy = L.top + dy / 4;
    return 0;
}

/* ---- bars --------------------------------------------------------- */

Grid *render_bars(const Plot *p, int w, int h, int color, int utf8, Err *e)
{
    Grid *g = grid_new(w, h, e);
    if (!g) return NULL;
    const Mat *d = p->data;
    size_t n = d->cols;
    int top = p->title && h >= 6 ? 1 : 0;
    int ph = h - top - 2;
    if (ph < 1) ph = 1;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        if (d->data[i] < lo) lo = d->data[i];
        if (d->data[i] > hi) hi = d->data[i];
    }
    if (hi == lo) hi = lo + 1;
    double t[32];
    char buf[32];
    int nt = axes_ticks(lo, hi, ph / 3 + 1 < 2 ? 2 : ph / 3 + 1, t), yw = 1;
    for (int i = 0; i < nt; i++) {
        axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
        if ((int)strlen(buf) > yw) yw = (int)strlen(buf);
    }
    int left = yw + 1, pw = w - left;
    if (pw < 1) pw = 1;
    size_t ncol = n < (size_t)pw ? n : (size_t)pw; /* more bars than columns: merge */
    int gap = ncol * 2 <= (size_t)pw && ncol > 1 ? 1 : 0;
    int bw = (int)((pw - (int)(ncol - 1) * gap) / (int)ncol);
    if (bw < 1) bw = 1;
    double span = hi - lo;
    int zero8 = (int)lround(hi / span * ph * 8); /* zero line, in eighths from the top */
    for (size_t b = 0; b < ncol; b++) {
        size_t a0 = b * n / ncol, a1 = (b + 1) * n / ncol;
        double v = d->data[a0];
        for (size_t a = a0 + 1; a < a1; a++)
            if (fabs(d->data[a]) > fabs(v)) v = d->data[a];
        int x0 = left + (int)b * (bw + gap);
        int h8 = (int)lround(fabs(v) / span * ph * 8);
        for (int k = 0; k < bw; k++)
            for (int r = 0; r < ph; r++) {
                int cell_top8 = r * 8, cell_bot8 = r * 8 + 8;
                uint32_t ch = 0;
                if (v >= 0) { /* fills from zero8 - h8 down to zero8 */
                    int from = zero8 - h8;
                    if (cell_bot8 <= from || cell_top8 >= zero8) continue;
                    int fill = (cell_bot8 < zero8 ? cell_bot8 : zero8) - (cell_top8 > from ? cell_top8 : from);
                    if (fill <= 0) continue;
                    ch = fill >= 8 ? (utf8 ? 0x2588 : '#') : (utf8 ? 0x2580 + (uint32_t)fill : (fill >= 4 ? '#' : '_'));
                    if (cell_bot8 > zero8 && utf8 && fill < 8) ch = 0x2588; /* rare: zero inside a cell */
                } else {
                    if (cell_bot8 <= zero8 || cell_top8 >= zero8 + h8) continue;
                    ch = utf8 ? 0x2588 : '#';
                }
                grid_put(g, x0 + k, top + r, ch, color ? 0 : -1);
            }
    }
    /* axes */
    for (int y = top; y < top + ph; y++) grid_put(g, left - 1, y, utf8 ? 0x2502 : '|', -1);
    for (int x = left; x < w; x++) grid_put(g, x, top + ph, utf8 ? 0x2500 : '-', -1);
    grid_put(g, left - 1, top + ph, utf8 ? 0x2514 : '+', -1);
    int last = -1;
    for (int i = 0; i < nt; i++) {
        int row = top + (int)((hi - t[i]) / span * (ph * 8 - 1)) / 8;
        if (row == last || row < top || row >= top + ph) continue;
        last = row;
        axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
        grid_put(g, left - 1, row, utf8 ? 0x2524 : '+', -1);
        grid_text(g, left - 1 - (int)strlen(buf), row, buf, -1);
    }
    int yl = top + ph + 1;
    if (yl < h) {
        if (p->is_hist) {
            nt = axes_ticks(p->hist_lo, p->hist_hi, pw / 10 + 1 < 2 ? 2 : pw / 10 + 1, t);
            int free_from = 0;
            int used = (int)ncol * (bw + gap) - gap;
            for (int i = 0; i < nt; i++) {
                int col = left + (int)((t[i] - p->hist_lo) / (p->hist_hi - p->hist_lo) * (used - 1));
                axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
                int l = (int)strlen(buf), s = col - l / 2;
                if (s < free_from || s + l > w) continue;
                grid_text(g, s, yl, buf, -1);
                free_from = s + l + 1;
            }
        } else {
            int names_fit = d->col_names != NULL && ncol == n;
            for (size_t b = 0; names_fit && b < n; b++)
                names_fit = !d->col_names[b] || (int)strlen(d->col_names[b]) <= bw;
            int free_from = 0;
            for (size_t b = 0; b < ncol; b++) {
                int x0 = left + (int)b * (bw + gap);
                if (names_fit && d->col_names[b]) {
                    grid_text(g, x0, yl, d->col_names[b], -1);
                } else {
                    snprintf(buf, sizeof buf, "%zu", b * n / ncol);
                    int l = (int)strlen(buf);
                    if (x0 < free_from || x0 + l > w) continue;
                    grid_text(g, x0, yl, buf, -1);
                    free_from = x0 + l + 2;
                }
            }
        }
    }
    if (top) {
        int l = grid_text_width(p->title);
        grid_text(g, (w - l) / 2 < 0 ? 0 : (w - l) / 2, 0, p->title, -1);
    }
    return g;
}

/* ---- images ------------------------------------------------------- */

/* Mean of image img's pixels over [y0, y1) x [x0, x1) in source pixels,
 * normalised by lo..hi to 0..1. */
static double box(const float *img, size_t W, double x0, double x1, double y0, double y1, double lo, double hi)
{
    size_t a0 = (size_t)x0, b0 = (size_t)y0;
    size_t a1 = (size_t)ceil(x1), b1 = (size_t)ceil(y1);
    if (a1 <= a0) a1 = a0 + 1;
    if (b1 <= b0) b1 = b0 + 1;
    double s = 0;
    size_t n = 0;
    for (size_t y = b0; y < b1; y++)
        for (size_t x = a0; x < a1 && x < W; x++) {
            float v = img[y * W + x];
            if (!isnan(v)) s += v, n++;
        }
    double m = n ? s / (double)n : lo;
    return hi > lo ? (m - lo) / (hi - lo) : 0.5;
}

static const char *base_name(const char *s)
{
    const char *b = strrchr(s, '/');
    return b ? b + 1 : s;
}

Grid *render_images(const Plot *p, int w, int h, int color, int utf8, Err *e)
{
    Grid *g = grid_new(w, h, e);
    if (!g) return NULL;
    const Mat *d = p->data;
    size_t IH = p->img_h, IW = p->img_w, n = p->kind == PLOT_HEATMAP ? 1 : d->rows;
    int top = p->title && h >= 6 ? 1 : 0;
    int captions = p->kind == PLOT_IMAGES && (d->row_names || d->labels) && h >= 6;
    int avail = h - top;
    int best_k = 1, best_tw = 0, best_th = 1;
    if (p->kind == PLOT_HEATMAP) {
        best_tw = w;
        best_th = avail - 1 > 0 ? avail - 1 : 1;
    } else {
        int kmin = p->img_cols > 0 ? p->img_cols : 1, kmax = p->img_cols > 0 ? p->img_cols : (int)n;
        for (int k = kmin; k <= kmax; k++) {
            int rows = (int)((n + (size_t)k - 1) / (size_t)k);
            int tw = (w - (k - 1)) / k;
            if (tw > (int)IW * 2) tw = (int)IW * 2;
            while (tw >= 1) {
                int th = (int)lround(tw * (double)IH / (2.0 * (double)IW));
                if (th < 1) th = 1;
                if (rows * (th + captions) + (rows - 1) <= avail) break;
                tw--;
            }
            if (tw < 1) continue;
            if (tw > best_tw) {
                best_tw = tw;
                best_k = k;
                best_th = (int)lround(tw * (double)IH / (2.0 * (double)IW));
                if (best_th < 1) best_th = 1;
            }
        }
        if (best_tw == 0) best_tw = 1, best_k = (int)n;
    }
    int tw = best_tw, th = best_th, k = best_k;
    static const char shades[] = " .:-=+*#%@";
    static const uint8_t bayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
    for (size_t m = 0; m < n; m++) {
        int gx = (int)(m % (size_t)k) * (tw + 1), gy = top + (int)(m / (size_t)k) * (th + captions + 1);
        if (gy + th > h) break;
        const float *img = p->kind == PLOT_HEATMAP ? d->data : MAT_ROW(d, m);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < IH * IW; i++) {
            if (isnan(img[i])) continue;
            if (img[i] < lo) lo = img[i];
            if (img[i] > hi) hi = img[i];
        }
        double sx = (double)IW / tw, sy = (double)IH / th;
        for (int cy = 0; cy < th; cy++)
            for (int cx = 0; cx < tw; cx++) {
                Cell *c = grid_at(g, gx + cx, gy + cy);
                if (gx + cx >= w) continue;
                if (color == 256 && utf8) { /* two pixels per cell: upper half block */
                    double a = box(img, IW, cx * sx, (cx + 1) * sx, cy * sy, (cy + 0.5) * sy, lo, hi);
                    double b = box(img, IW, cx * sx, (cx + 1) * sx, (cy + 0.5) * sy, (cy + 1) * sy, lo, hi);
                    c->ch = 0x2580;
                    c->fg = (int16_t)GRID_GREY((int)lround(a * 23));
                    c->bg = (int16_t)GRID_GREY((int)lround(b * 23));
                } else if (utf8) { /* ordered dithering onto braille dots */
                    uint8_t bits = 0;
                    for (int dy = 0; dy < 4; dy++)
                        for (int dx = 0; dx < 2; dx++) {
                            double v = box(img, IW, (cx + dx / 2.0) * sx, (cx + (dx + 1) / 2.0) * sx,
                                           (cy + dy / 4.0) * sy, (cy + (dy + 1) / 4.0) * sy, lo, hi);
                            int X = cx * 2 + dx, Y = cy * 4 + dy;
                            if (v * 16 > bayer[Y & 3][X & 3] + 0.5) bits |= braille_bit(dx, dy);
                        }
                    c->ch = BRAILLE + bits;
                } else {
                    double v = box(img, IW, cx * sx, (cx + 1) * sx, cy * sy, (cy + 1) * sy, lo, hi);
                    c->ch = (uint32_t)shades[(int)lround(v * 9)];
                }
            }
        if (captions && gy + th < h) {
            char cap[64], cb[32];
            if (d->labels && d->labels[m] >= 0) snprintf(cap, sizeof cap, "%s", mat_class_name(d, d->labels[m], cb, sizeof cb));
            else if (d->row_names && d->row_names[m]) snprintf(cap, sizeof cap, "%s", base_name(d->row_names[m]));
            else snprintf(cap, sizeof cap, "%zu", m);
            if ((int)strlen(cap) > tw) cap[tw] = '\0';
            grid_text(g, gx, gy + th, cap, -1);
        }
        if (p->kind == PLOT_HEATMAP && top + th < h) {
            char range[96];
            snprintf(range, sizeof range, "%zux%zu, values %.4g (dark) .. %.4g (light)", IH, IW, lo, hi);
            grid_text(g, 0, top + th, range, -1);
        }
    }
    if (top) {
        int l = grid_text_width(p->title);
        grid_text(g, (w - l) / 2 < 0 ? 0 : (w - l) / 2, 0, p->title, -1);
    }
    return g;
}
