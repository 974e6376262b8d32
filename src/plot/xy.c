/* xy.c — x/y plots (scatter and curves) on the braille canvas: layout,
 * axes with 1-2-5 ticks, legend, names at points, and the cursor lookup.
 *
 * Layout of a w x h grid:
 *   row 0              title (and the y axis name at the left)
 *   rows top..         y tick labels | plot area | legend (right)
 *   row top+ph         x axis line with tick marks
 *   row top+ph+1       x tick labels (and the x axis name at the right)
 *   row top+ph+2       one-line legend when there is no room at the right
 * Grids smaller than 12 x 4 get the canvas alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

#define LEGEND_MAX 256

typedef struct LegendEntry {
    int cls;       /* class or series; -1 = a note without a mark */
    int name_len;  /* bytes of text that are the name (the one-line legend shows only these) */
    char text[96];
} LegendEntry;

typedef struct Legend {
    int n;         /* entries kept */
    int more;      /* entries left out beyond LEGEND_MAX */
    int letters;   /* classes are told apart by letters when there is no colour */
    LegendEntry e[LEGEND_MAX];
} Legend;

static void legend_add(Legend *lg, int cls, const char *text, size_t name_len)
{
    if (lg->n >= LEGEND_MAX) {
        lg->more++;
        return;
    }
    lg->e[lg->n].cls = cls;
    snprintf(lg->e[lg->n].text, sizeof lg->e[lg->n].text, "%s", text);
    lg->e[lg->n].name_len = (int)(name_len < sizeof lg->e[lg->n].text ? name_len : sizeof lg->e[lg->n].text - 1);
    lg->n++;
}

/* Classes present in a scatter with their counts; series of a curve. */
static void legend_build(const Plot *p, Legend *lg)
{
    const Mat *d = p->data;
    lg->n = lg->more = lg->letters = 0;
    char buf[96], cb[64];
    if (p->kind == PLOT_SCATTER && d->labels && d->n_classes > 0) {
        size_t K = d->n_classes;
        size_t *cnt = calloc(K, sizeof *cnt);
        if (cnt) {
            for (size_t i = 0; i < d->rows; i++)
                if (d->labels[i] >= 0 && (size_t)d->labels[i] < K) cnt[d->labels[i]]++;
            int present = 0;
            for (size_t c = 0; c < K; c++)
                if (cnt[c]) {
                    const char *nm = plot_class_name(d, (int)c, cb, sizeof cb);
                    snprintf(buf, sizeof buf, "%s (%zu)", nm, cnt[c]);
                    legend_add(lg, (int)c, buf, strlen(nm));
                    present++;
                }
            lg->letters = present >= 2;
            free(cnt);
        }
    } else if (p->kind == PLOT_CURVE && (d->rows > 1 || (d->row_names && d->row_names[0]))) {
        for (size_t s = 0; s < d->rows; s++) {
            if (d->row_names && d->row_names[s]) snprintf(buf, sizeof buf, "%s", d->row_names[s]);
            else snprintf(buf, sizeof buf, "series %zu", s);
            legend_add(lg, (int)s, buf, strlen(buf));
        }
        lg->letters = d->rows >= 2;
    }
    if (p->nan_skipped) {
        snprintf(buf, sizeof buf, "(%zu NaN/inf not drawn)", p->nan_skipped);
        legend_add(lg, -1, buf, strlen(buf));
    }
}

void xy_data_range(const Plot *p, double r[4])
{
    r[0] = r[2] = INFINITY;
    r[1] = r[3] = -INFINITY;
    const Mat *d = p->data;
    if (p->kind == PLOT_SCATTER) {
        for (size_t i = 0; i < d->rows; i++) {
            double x = MAT_AT(d, i, 0), y = MAT_AT(d, i, 1);
            if (!isfinite(x) || !isfinite(y)) continue;
            if (x < r[0]) r[0] = x;
            if (x > r[1]) r[1] = x;
            if (y < r[2]) r[2] = y;
            if (y > r[3]) r[3] = y;
        }
    } else {
        for (size_t j = 0; j < d->cols; j++) {
            double x = p->x ? p->x[j] : (double)j;
            int any = 0;
            for (size_t s = 0; s < d->rows; s++) {
                double y = MAT_AT(d, s, j);
                if (p->logy) y = y > 0 ? log10(y) : NAN;
                if (!isfinite(y)) continue;
                any = 1;
                if (y < r[2]) r[2] = y;
                if (y > r[3]) r[3] = y;
            }
            if (!any || !isfinite(x)) continue;
            if (x < r[0]) r[0] = x;
            if (x > r[1]) r[1] = x;
        }
    }
    if (!(r[0] <= r[1])) r[0] = 0, r[1] = 1;
    if (!(r[2] <= r[3])) r[2] = 0, r[3] = 1;
    /* one value: a range around it that still shows it in the middle */
    if (r[0] == r[1]) {
        double pad = r[0] != 0 ? fabs(r[0]) * 0.1 : 0.5;
        r[0] -= pad, r[1] += pad;
    }
    if (r[2] == r[3]) {
        double pad = p->logy ? 0.5 : r[2] != 0 ? fabs(r[2]) * 0.1 : 0.5;
        r[2] -= pad, r[3] += pad;
    }
}

void xy_base_window(const Plot *p, const PlotView *v, double win[4])
{
    double r[4];
    xy_data_range(p, r);
    double lim[4] = {v->xlim[0], v->xlim[1], v->ylim[0], v->ylim[1]};
    if (p->logy) {
        lim[2] = lim[2] > 0 ? log10(lim[2]) : NAN;
        lim[3] = lim[3] > 0 ? log10(lim[3]) : NAN;
    }
    for (int i = 0; i < 4; i++) win[i] = isfinite(lim[i]) ? lim[i] : r[i];
    if (!(win[1] > win[0])) win[1] = win[0] + 1;
    if (!(win[3] > win[2])) win[3] = win[2] + 1;
    double z = v->zoom > 0 ? v->zoom : 1;
    double cx = isfinite(v->cx) ? v->cx : (win[0] + win[1]) / 2;
    double cy = isfinite(v->cy) ? v->cy : (win[2] + win[3]) / 2;
    double hx = (win[1] - win[0]) / 2 / z, hy = (win[3] - win[2]) / 2 / z;
    win[0] = cx - hx;
    win[1] = cx + hx;
    win[2] = cy - hy;
    win[3] = cy + hy;
}

/* Equal aspect: braille dots are (nearly) square, so give both axes the
 * same data units per dot by widening the tighter one about its centre. */
static void equal_aspect(XYLayout *L)
{
    double ux = (L->win[1] - L->win[0]) / (2.0 * L->pw), uy = (L->win[3] - L->win[2]) / (4.0 * L->ph);
    if (ux > uy) {
        double c = (L->win[2] + L->win[3]) / 2, half = ux * 4.0 * L->ph / 2;
        L->win[2] = c - half;
        L->win[3] = c + half;
    } else {
        double c = (L->win[0] + L->win[1]) / 2, half = uy * 2.0 * L->pw / 2;
        L->win[0] = c - half;
        L->win[1] = c + half;
    }
}

static int max_yticks(int ph)
{
    return ph / 3 + 1 < 2 ? 2 : ph / 3 + 1;
}

static int yticks(const Plot *p, const XYLayout *L, double *t, double *step)
{
    if (p->logy) {
        *step = 1;
        return axes_log_ticks(L->win[2], L->win[3], max_yticks(L->ph), t);
    }
    return axes_ticks(L->win[2], L->win[3], max_yticks(L->ph), t, step);
}

static void ylabel(const Plot *p, double t, double step, char *buf, size_t n)
{
    if (p->logy) axes_format_log(t, buf, n);
    else axes_format(t, step, buf, n);
}

/* Widest y tick label for the current window. */
static int ylabel_width(const Plot *p, const XYLayout *L)
{
    double t[AXES_MAX_TICKS], step;
    int nt = yticks(p, L, t, &step), wmax = 1;
    char buf[48];
    for (int i = 0; i < nt; i++) {
        ylabel(p, t[i], step, buf, sizeof buf);
        int l = (int)strlen(buf);
        if (l > wmax) wmax = l;
    }
    return wmax;
}

static void layout_with(const Plot *p, const PlotView *v, int w, int h, XYLayout *L, const Legend *lg)
{
    double base[4];
    xy_base_window(p, v, base);
    memset(L, 0, sizeof *L);
    memcpy(L->win, base, sizeof base);
    int equal = p->kind == PLOT_SCATTER && p->equal;
    if (w < 12 || h < 4) { /* tiny: the canvas alone */
        L->pw = w;
        L->ph = h;
        if (equal) equal_aspect(L);
        return;
    }
    L->axes = 1;
    L->top = (p->title || p->yname) && h >= 6 ? 1 : 0;
    int lw = 0;
    for (int i = 0; i < lg->n; i++) {
        int l = grid_text_width(lg->e[i].text) + 2;
        if (l > lw) lw = l;
    }
    if (lg->n > 0) {
        if (w >= 40) {
            L->legend = 1;
            L->legend_w = lw < w / 3 ? lw : w / 3;
        } else if (h >= 7) {
            L->legend = 2;
        }
    }
    int bottom = 2 + (L->legend == 2);
    L->ph = h - L->top - bottom;
    if (L->ph < 1) {
        L->top = 0;
        L->ph = h - bottom;
    }
    L->left = 2;
    for (int pass = 0; pass < 2; pass++) { /* the labels' width depends on the window and back */
        L->pw = w - L->left - (L->legend == 1 ? L->legend_w + 1 : 0);
        if (L->pw < 4 && L->legend == 1) {
            L->legend = 0;
            L->pw = w - L->left;
        }
        if (L->pw < 1) L->pw = 1;
        memcpy(L->win, base, sizeof base);
        if (equal) equal_aspect(L);
        int left = ylabel_width(p, L) + 1;
        if (left > w / 3) left = w / 3;
        if (left == L->left) break;
        L->left = left;
    }
    L->legend_x = L->left + L->pw + 1;
    L->legend_n = lg->n + (lg->more > 0);
    L->legend_y = L->legend == 2 ? L->top + L->ph + 2 : L->top;
}

void xy_layout(const Plot *p, const PlotView *v, int w, int h, XYLayout *L)
{
    Legend *lg = malloc(sizeof *lg);
    if (!lg) { /* no room for the legend: lay out without one */
        static const Legend none; /* all zero: no entries */
        layout_with(p, v, w, h, L, &none);
        return;
    }
    legend_build(p, lg);
    layout_with(p, v, w, h, L, lg);
    free(lg);
}

/* ---- drawing --------------------------------------------------------- */

static void draw_axes(const Plot *p, Grid *g, const XYLayout *L, int utf8)
{
    char buf[48];
    double t[AXES_MAX_TICKS], step;
    int x0 = L->left - 1, yb = L->top + L->ph;
    for (int y = L->top; y < yb; y++) grid_put(g, x0, y, utf8 ? 0x2502 : '|', GRID_DEFAULT);
    for (int x = L->left; x < L->left + L->pw; x++) grid_put(g, x, yb, utf8 ? 0x2500 : '-', GRID_DEFAULT);
    grid_put(g, x0, yb, utf8 ? 0x2514 : '+', GRID_DEFAULT);
    int nt = yticks(p, L, t, &step), last_row = -1;
    for (int i = 0; i < nt; i++) {
        int dx, dy;
        if (xy_dot(L, L->win[0], t[i], &dx, &dy) < 0) continue;
        int row = L->top + dy / 4;
        if (row == last_row) continue;
        last_row = row;
        ylabel(p, t[i], step, buf, sizeof buf);
        int l = (int)strlen(buf);
        grid_put(g, x0, row, utf8 ? 0x2524 : '+', GRID_DEFAULT);
        grid_text(g, x0 - l < 0 ? 0 : x0 - l, row, buf, GRID_DEFAULT, x0);
    }
    /* x ticks: as many as labels of this width fit with gaps */
    char a[48], b[48];
    axes_format(L->win[0], (L->win[1] - L->win[0]) / 10, a, sizeof a);
    axes_format(L->win[1], (L->win[1] - L->win[0]) / 10, b, sizeof b);
    int lw = (int)(strlen(a) > strlen(b) ? strlen(a) : strlen(b));
    int maxt = L->pw / (lw + 4) + 1;
    if (maxt < 2) maxt = 2;
    nt = axes_ticks(L->win[0], L->win[1], maxt, t, &step);
    /* positions 0, 1, 2, ... of a curve: whole-number ticks only */
    while (p->kind == PLOT_CURVE && !p->x && step < 1 && maxt > 2)
        nt = axes_ticks(L->win[0], L->win[1], --maxt, t, &step);
    int free_from = 0, lrow = yb + 1;
    for (int i = 0; i < nt; i++) {
        int dx, dy;
        if (xy_dot(L, t[i], L->win[3], &dx, &dy) < 0) continue;
        int col = L->left + dx / 2;
        grid_put(g, col, yb, utf8 ? 0x252C : '+', GRID_DEFAULT);
        axes_format(t[i], step, buf, sizeof buf);
        int l = (int)strlen(buf), s = col - (l - 1) / 2;
        if (s < 0) s = 0;
        if (s + l > g->w) s = g->w - l;
        if (s < free_from || lrow >= g->h) continue;
        grid_text(g, s, lrow, buf, GRID_DEFAULT, -1);
        free_from = s + l + 1;
    }
    if (p->xname && lrow < g->h) {
        /* right of the axis when the legend leaves that row free, else
         * right-aligned under the end of the axis if the labels leave room */
        int l = grid_text_width(p->xname), s = L->left + L->pw - l;
        /* (the last tick's number may reach into the legend's column) */
        int ls = L->legend_x > free_from ? L->legend_x : free_from;
        if (L->legend == 1 && L->legend_n <= lrow - L->top && ls + 2 < g->w)
            grid_text(g, ls, lrow, p->xname, GRID_DEFAULT, g->w - ls);
        else if (s >= free_from)
            grid_text(g, s, lrow, p->xname, GRID_DEFAULT, -1);
    }
}

static void draw_yname(const Plot *p, Grid *g, const XYLayout *L)
{
    if (!p->yname || !L->top) return;
    int l = grid_text_width(p->yname);
    int title_from = p->title ? (g->w - grid_text_width(p->title)) / 2 : g->w;
    if (l + 1 < title_from) grid_text(g, 0, 0, p->yname, GRID_DEFAULT, -1);
}

/* The legend mark for entry cls. */
static uint32_t legend_mark(const Plot *p, const Legend *lg, int cls, int color, int utf8)
{
    if (cls < 0) return ' ';
    if (!color && lg->letters) return plot_letter(cls);
    if (p->kind == PLOT_CURVE) return utf8 ? 0x2500 : '-';
    return utf8 ? 0x25A0 : '#';
}

static void draw_legend(const Plot *p, Grid *g, const XYLayout *L, const Legend *lg, int color, int utf8)
{
    if (!L->legend) return;
    if (L->legend == 1) {
        int rows = g->h - L->top, shown = lg->n;
        if (shown + (lg->more > 0) > rows) shown = rows - 1;
        for (int i = 0; i < shown; i++) {
            const LegendEntry *en = &lg->e[i];
            int y = L->top + i;
            grid_put(g, L->legend_x, y, legend_mark(p, lg, en->cls, color, utf8),
                     color && en->cls >= 0 ? GRID_CLASS(en->cls) : GRID_DEFAULT);
            grid_text(g, L->legend_x + 2, y, en->text, GRID_DEFAULT, L->legend_w - 2);
        }
        int rest = lg->n - shown + lg->more;
        if (rest > 0 && L->top + shown < g->h) {
            char buf[32];
            snprintf(buf, sizeof buf, "+%d more", rest);
            grid_text(g, L->legend_x + 2, L->top + shown, buf, GRID_DEFAULT, L->legend_w - 2);
        }
        return;
    }
    int x = 0, y = L->legend_y;
    for (int i = 0; i < lg->n; i++) {
        const LegendEntry *en = &lg->e[i];
        char name[96];
        snprintf(name, sizeof name, "%.*s", en->name_len, en->text);
        int l = grid_text_width(name) + (en->cls >= 0 ? 2 : 0);
        if (x + l > g->w) {
            if (x + 1 < g->w) grid_put(g, x, y, utf8 ? 0x2026 : '+', GRID_DEFAULT);
            break;
        }
        if (en->cls >= 0) {
            grid_put(g, x, y, legend_mark(p, lg, en->cls, color, utf8), color ? GRID_CLASS(en->cls) : GRID_DEFAULT);
            x += 2;
        }
        x += grid_text(g, x, y, name, GRID_DEFAULT, -1) + 2;
    }
}

/* Names at points, first rows first; a name that would touch one already
 * written is skipped (tried right of its point, then left). */
static void draw_point_labels(const Plot *p, Grid *g, const XYLayout *L)
{
    const Mat *d = p->data;
    uint8_t *busy = calloc((size_t)L->pw * (size_t)L->ph, 1);
    if (!busy) return;
    char num[32];
    for (size_t i = 0; i < d->rows; i++) {
        int dx, dy;
        if (xy_dot(L, MAT_AT(d, i, 0), MAT_AT(d, i, 1), &dx, &dy) < 0) continue;
        const char *nm = d->row_names && d->row_names[i] ? d->row_names[i] : NULL;
        if (!nm) {
            snprintf(num, sizeof num, "%zu", i);
            nm = num;
        }
        int l = grid_text_width(nm), px = dx / 2, py = dy / 4, placed = -1;
        if (l == 0 || l > L->pw) continue;
        int starts[2] = {px + 1, px - l};
        for (int k = 0; k < 2 && placed < 0; k++) {
            int s = starts[k];
            if (s < 0 || s + l > L->pw) continue;
            int clash = 0;
            for (int c = s - 1; c <= s + l && !clash; c++)
                if (c >= 0 && c < L->pw) clash = busy[(size_t)py * (size_t)L->pw + (size_t)c];
            if (!clash) placed = s;
        }
        if (placed < 0) continue;
        grid_text(g, L->left + placed, L->top + py, nm, GRID_DEFAULT, l);
        memset(busy + (size_t)py * (size_t)L->pw + (size_t)placed, 1, (size_t)l);
    }
    free(busy);
}

/* Bin the points of a scatter into the canvas: one pass, O(n). */
static void bin_points(const Plot *p, const XYLayout *L, Canvas *c)
{
    const Mat *d = p->data;
    const float *xy = d->data;
    const int *lab = d->labels;
    double x0 = L->win[0], y1 = L->win[3];
    double sx = 2.0 * L->pw / (L->win[1] - L->win[0]), sy = 4.0 * L->ph / (L->win[3] - L->win[2]);
    double dw = c->dw, dh = c->dh;
    for (size_t i = 0; i < d->rows; i++) {
        double fx = (xy[2 * i] - x0) * sx, fy = (y1 - xy[2 * i + 1]) * sy;
        if (!(fx >= 0 && fx <= dw && fy >= 0 && fy <= dh)) continue; /* outside, or NaN */
        int ix = (int)fx, iy = (int)fy;
        if (ix == c->dw) ix--;
        if (iy == c->dh) iy--;
        canvas_dot(c, ix, iy, lab ? lab[i] : -1);
    }
}

/* Curves: clipped lines between consecutive finite points; a missing
 * value ends a stretch.  Returns nothing; markers are placed later. */
static void draw_series(const Plot *p, const XYLayout *L, Canvas *c)
{
    const Mat *d = p->data;
    for (size_t s = 0; s < d->rows; s++) {
        int have = 0;
        double px = 0, py = 0;
        for (size_t j = 0; j < d->cols; j++) {
            double y = MAT_AT(d, s, j), x = p->x ? p->x[j] : (double)j;
            if (p->logy) y = y > 0 ? log10(y) : NAN;
            if (!isfinite(x) || !isfinite(y)) {
                have = 0;
                continue;
            }
            double dx, dy;
            xy_to_dots(L, x, y, &dx, &dy);
            if (!isfinite(dx) || !isfinite(dy)) {
                have = 0;
                continue;
            }
            if (have) canvas_line(c, px, py, dx, dy, (int)s);
            else canvas_line(c, dx, dy, dx, dy, (int)s);
            px = dx;
            py = dy;
            have = 1;
        }
    }
}

/* Without colour, several series are told apart by their letter written
 * on the curve every few columns (staggered) and at its last point. */
static void series_markers(const Plot *p, Grid *g, const XYLayout *L)
{
    const Mat *d = p->data;
    int gap = L->pw / 5 > 6 ? L->pw / 5 : 6;
    for (size_t s = 0; s < d->rows; s++) {
        int next = (int)(s * 3 % (size_t)gap), lastx = -1, lasty = -1;
        for (size_t j = 0; j < d->cols; j++) {
            double y = MAT_AT(d, s, j), x = p->x ? p->x[j] : (double)j;
            if (p->logy) y = y > 0 ? log10(y) : NAN;
            int dx, dy;
            if (!isfinite(x) || !isfinite(y) || xy_dot(L, x, y, &dx, &dy) < 0) continue;
            int cx = dx / 2, cy = dy / 4;
            if (cx >= next) {
                grid_put(g, L->left + cx, L->top + cy, plot_letter((int)s), GRID_DEFAULT);
                next = cx + gap;
            }
            lastx = cx;
            lasty = cy;
        }
        if (lastx >= 0) grid_put(g, L->left + lastx, L->top + lasty, plot_letter((int)s), GRID_DEFAULT);
    }
}

static void paint(const Plot *p, Grid *g, const XYLayout *L, const Canvas *c, const Legend *lg, int color, int cs)
{
    size_t cells = (size_t)c->cw * (size_t)c->ch;
    uint32_t maxcount = 0;
    for (size_t i = 0; i < cells; i++)
        if (c->count[i] > maxcount) maxcount = c->count[i];
    int scatter = p->kind == PLOT_SCATTER, classes = c->nslots > 0;
    /* density shading only where points really pile up */
    int density = scatter && maxcount >= 8 && color;
    double lmax = log((double)maxcount + 1);
    for (int y = 0; y < c->ch; y++)
        for (int x = 0; x < c->cw; x++) {
            size_t i = (size_t)y * (size_t)c->cw + (size_t)x;
            if (!c->bits[i]) continue;
            int cls = canvas_majority(c, i);
            Cell *cell = grid_at(g, L->left + x, L->top + y);
            if (!color && scatter && lg->letters && cls >= 0) cell->ch = plot_letter(cls);
            else cell->ch = canvas_glyph(c->bits[i], cs);
            cell->fg = (int16_t)(!color ? GRID_DEFAULT : cls >= 0 ? GRID_CLASS(cls) : classes ? GRID_DEFAULT
                                                                                               : GRID_CLASS(0));
            if (!density) continue;
            double level = log((double)c->count[i] + 1) / lmax; /* 0..1 on a log scale */
            if (!classes && color == 256) cell->fg = (int16_t)grid_heat(0.3 + 0.7 * level);
            else if (level > 0.75) cell->attr |= GRID_BOLD;
            else if (level < 0.35) cell->attr |= GRID_DIM;
        }
}

Grid *render_xy(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e)
{
    Legend *lg = malloc(sizeof *lg);
    if (!lg) {
        err_nomem(e, sizeof *lg, "plot legend");
        return NULL;
    }
    legend_build(p, lg);
    XYLayout L;
    layout_with(p, v, w, h, &L, lg);
    Grid *g = grid_new(w, h, e);
    Canvas c;
    int K = p->kind == PLOT_SCATTER ? (p->data->labels ? (int)p->data->n_classes : 0) : (int)p->data->rows;
    if (!g || canvas_init(&c, L.pw, L.ph, K, e) < 0) {
        grid_free(g);
        free(lg);
        return NULL;
    }
    if (p->kind == PLOT_SCATTER) bin_points(p, &L, &c);
    else draw_series(p, &L, &c);
    paint(p, g, &L, &c, lg, color, cs);
    canvas_free(&c);
    int utf8 = cs != PLOT_ASCII;
    if (p->kind == PLOT_CURVE && !color && lg->letters) series_markers(p, g, &L);
    int labels = v->labels >= 0 ? v->labels : p->point_labels;
    if (p->kind == PLOT_SCATTER && labels) draw_point_labels(p, g, &L);
    if (L.axes) {
        draw_axes(p, g, &L, utf8);
        draw_legend(p, g, &L, lg, color, utf8);
        if (L.top) {
            draw_title(p, g);
            draw_yname(p, g, &L);
        }
    }
    free(lg);
    return g;
}

/* ---- the cursor ------------------------------------------------------ */

long nearest_xy(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt)
{
    XYLayout L;
    xy_layout(p, v, w, h, &L);
    const Mat *d = p->data;
    /* the cursor at the centre of its cell, in dots (which are square) */
    double qx = (cx - L.left) * 2.0 + 1, qy = (cy - L.top) * 4.0 + 2, best = INFINITY;
    long bi = -1;
    size_t bs = 0;
    int bdx = 0, bdy = 0;
    if (p->kind == PLOT_SCATTER) {
        for (size_t i = 0; i < d->rows; i++) {
            int dx, dy;
            if (xy_dot(&L, MAT_AT(d, i, 0), MAT_AT(d, i, 1), &dx, &dy) < 0) continue;
            double ex = dx + 0.5 - qx, ey = dy + 0.5 - qy, dist = ex * ex + ey * ey;
            if (dist < best) best = dist, bi = (long)i, bdx = dx, bdy = dy;
        }
    } else {
        for (size_t s = 0; s < d->rows; s++)
            for (size_t j = 0; j < d->cols; j++) {
                double y = MAT_AT(d, s, j), x = p->x ? p->x[j] : (double)j;
                if (p->logy) y = y > 0 ? log10(y) : NAN;
                int dx, dy;
                if (!isfinite(x) || !isfinite(y) || xy_dot(&L, x, y, &dx, &dy) < 0) continue;
                double ex = dx + 0.5 - qx, ey = dy + 0.5 - qy, dist = ex * ex + ey * ey;
                if (dist < best) best = dist, bi = (long)j, bs = s, bdx = dx, bdy = dy;
            }
    }
    if (bi < 0) return -1;
    pt->cell_x = L.left + bdx / 2;
    pt->cell_y = L.top + bdy / 4;
    if (p->kind == PLOT_SCATTER) {
        pt->x = MAT_AT(d, bi, 0);
        pt->y = MAT_AT(d, bi, 1);
        pt->name = d->row_names ? d->row_names[bi] : NULL;
        if (d->labels && d->labels[bi] >= 0) {
            char cb[64];
            pt->label = d->labels[bi];
            snprintf(pt->cls, sizeof pt->cls, "%s", plot_class_name(d, pt->label, cb, sizeof cb));
        }
    } else {
        pt->series = bs;
        pt->x = p->x ? p->x[bi] : (double)bi;
        pt->y = pt->value = MAT_AT(d, bs, bi);
        pt->name = d->row_names ? d->row_names[bs] : NULL;
    }
    return bi;
}
