/* bars.c — bar charts and histograms with eighth-block precision.
 *
 * Bars with names that fit run across (one row per bar: name, bar, value),
 * which reads best for words or classes; otherwise bars stand up from a
 * zero line with a y axis.  More bars than columns are merged, each column
 * showing the largest value of its group, and the plot says so.
 * Histograms bin their values when drawn, into the bins asked for, or into
 * fewer when the area is narrower (and say so). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

typedef struct BarsLayout {
    int horiz;            /* one row per bar */
    int top, left, pw, ph; /* bar area */
    int n;                /* values (bars) or bins asked for */
    int nb;               /* columns (vertical) or rows (across) drawn */
    int slot, bw;         /* vertical: columns per bar and bar width */
    int namew, valw;      /* across: name and value columns */
    double lo, hi;        /* value range shown (includes 0) */
    int z8;               /* vertical: zero line in eighths of a row from the top */
} BarsLayout;

static const char *bar_name(const Plot *p, size_t i)
{
    const Mat *d = p->data;
    return p->kind == PLOT_BARS && d->col_names ? d->col_names[i] : NULL;
}

/* The value of column b of nb: a bar, the largest (in size) of a merged
 * group, or a bin count. */
static double column_value(const Plot *p, const BarsLayout *B, const double *counts, int b)
{
    if (p->kind == PLOT_HIST) return counts[b];
    const float *v = p->data->data;
    size_t a0 = (size_t)b * (size_t)B->n / (size_t)B->nb, a1 = (size_t)(b + 1) * (size_t)B->n / (size_t)B->nb;
    double best = NAN;
    for (size_t a = a0; a < a1; a++)
        if (!isnan(v[a]) && (isnan(best) || fabs(v[a]) > fabs(best))) best = v[a];
    return best;
}

static int max_yticks(int ph)
{
    return ph / 3 + 1 < 2 ? 2 : ph / 3 + 1;
}

static int ylabels_width(double lo, double hi, int ph)
{
    double t[AXES_MAX_TICKS], step;
    int nt = axes_ticks(lo, hi, max_yticks(ph), t, &step), wmax = 1;
    char buf[48];
    for (int i = 0; i < nt; i++) {
        axes_format(t[i], step, buf, sizeof buf);
        if ((int)strlen(buf) > wmax) wmax = (int)strlen(buf);
    }
    return wmax;
}

/* Lay out; counts (hist) must hold pw >= nb entries and is filled. */
static void bars_layout(const Plot *p, int w, int h, BarsLayout *B, double **counts)
{
    const Mat *d = p->data;
    memset(B, 0, sizeof *B);
    *counts = NULL;
    B->top = p->title && h >= 5 ? 1 : 0;
    B->n = p->kind == PLOT_HIST ? p->bins : (int)d->cols;
    /* across, when every bar has a row and names fit */
    if (p->kind == PLOT_BARS && d->col_names && B->n <= h - B->top && w >= 20) {
        int nw = 0, vw = 0;
        char buf[48];
        for (int i = 0; i < B->n; i++) {
            const char *nm = bar_name(p, (size_t)i);
            int l = nm ? grid_text_width(nm) : 0;
            if (l > nw) nw = l;
            axes_format_value(d->data[i], buf, sizeof buf);
            if ((int)strlen(buf) > vw) vw = (int)strlen(buf);
        }
        if (nw > w / 3) nw = w / 3;
        int bar = w - nw - 1 - vw - 1;
        if (bar >= 4) {
            B->horiz = 1;
            B->namew = nw;
            B->valw = vw;
            B->left = nw + 1;
            B->pw = bar;
            B->ph = B->n;
            B->nb = B->n;
            B->lo = B->hi = 0;
            for (int i = 0; i < B->n; i++) {
                if (d->data[i] < B->lo) B->lo = d->data[i];
                if (d->data[i] > B->hi) B->hi = d->data[i];
            }
            if (B->hi == B->lo) B->hi = B->lo + 1;
            return;
        }
    }
    int bottom = h - B->top >= 4 ? 2 : 0; /* axis line and labels */
    B->ph = h - B->top - bottom;
    if (B->ph < 1) B->ph = 1;
    B->left = 2;
    for (int pass = 0; pass < 2; pass++) {
        B->pw = w - B->left;
        if (B->pw < 1) B->pw = 1;
        B->nb = B->n < B->pw ? B->n : B->pw;
        if (p->kind == PLOT_HIST) {
            free(*counts);
            *counts = malloc((size_t)B->nb * sizeof **counts);
            B->lo = 0;
            B->hi = 1;
            if (*counts) {
                hist_count(p, B->nb, *counts);
                for (int b = 0; b < B->nb; b++)
                    if ((*counts)[b] > B->hi) B->hi = (*counts)[b];
            }
        } else {
            B->lo = B->hi = 0;
            for (size_t i = 0; i < d->cols; i++) {
                if (d->data[i] < B->lo) B->lo = d->data[i];
                if (d->data[i] > B->hi) B->hi = d->data[i];
            }
            if (B->hi == B->lo) B->hi = B->lo + 1;
        }
        if (!bottom) {
            B->left = 0;
            B->pw = w;
            B->nb = B->n < B->pw ? B->n : B->pw;
            if (pass == 0) continue;
            break;
        }
        int left = ylabels_width(B->lo, B->hi, B->ph) + 1;
        if (left > w / 3) left = w / 3;
        if (left == B->left) break;
        B->left = left;
    }
    B->slot = B->pw / B->nb;
    B->bw = B->slot;
    if (p->kind == PLOT_BARS && B->slot >= 3) B->bw = B->slot - 1; /* a gap between bars */
    /* the zero line sits on a row boundary so bars only need partial
     * blocks at their free end */
    B->z8 = (int)lround(B->hi / (B->hi - B->lo) * B->ph) * 8;
}

/* Eighths from the top of the area for value v (vertical bars). */
static double v_to_e8(const BarsLayout *B, double v)
{
    if (v >= 0) return B->hi > 0 ? B->z8 - v / B->hi * B->z8 : B->z8;
    return B->lo < 0 ? B->z8 + v / B->lo * (B->ph * 8 - B->z8) : B->z8;
}

static void draw_vertical(const Plot *p, Grid *g, const BarsLayout *B, const double *counts, int color, int utf8)
{
    int fg = color ? GRID_CLASS(0) : GRID_DEFAULT;
    for (int b = 0; b < B->nb; b++) {
        double v = column_value(p, B, counts, b);
        if (isnan(v)) continue;
        int e8 = (int)lround(v_to_e8(B, v));
        int from = v >= 0 ? e8 : B->z8, to = v >= 0 ? B->z8 : e8; /* filled eighths [from, to) */
        for (int r = 0; r < B->ph; r++) {
            int c0 = r * 8, c1 = c0 + 8;
            int fill = (to < c1 ? to : c1) - (from > c0 ? from : c0);
            if (fill <= 0) continue;
            uint32_t ch;
            if (fill >= 8) ch = utf8 ? 0x2588 : '#';
            else if (!utf8) ch = fill >= 4 ? '#' : ' ';
            else if (v >= 0) ch = 0x2580 + (uint32_t)fill; /* lower blocks U+2581..U+2587 */
            else ch = fill >= 6 ? 0x2588 : fill >= 3 ? 0x2580 : 0x2594; /* upper half, upper eighth */
            if (ch == ' ') continue;
            for (int k = 0; k < B->bw; k++) grid_put(g, B->left + b * B->slot + k, B->top + r, ch, fg);
        }
    }
    if (!B->left) return; /* tiny: bars alone */
    int x0 = B->left - 1, yb = B->top + B->ph;
    for (int y = B->top; y < yb; y++) grid_put(g, x0, y, utf8 ? 0x2502 : '|', GRID_DEFAULT);
    /* the axis ends with the last bar: whole-column slots may leave the
     * right of the area empty, and a rule running on under nothing reads
     * as a range with no data */
    int xe = B->left + B->nb * B->slot;
    for (int x = B->left; x < xe && x < g->w; x++) grid_put(g, x, yb, utf8 ? 0x2500 : '-', GRID_DEFAULT);
    grid_put(g, x0, yb, utf8 ? 0x2514 : '+', GRID_DEFAULT);
    double t[AXES_MAX_TICKS], step;
    char buf[48];
    int nt = axes_ticks(B->lo, B->hi, max_yticks(B->ph), t, &step), last = -1;
    for (int i = 0; i < nt; i++) {
        int row = B->top + (int)floor(v_to_e8(B, t[i]) / 8);
        if (row >= yb) row = yb - 1;
        if (row < B->top || row == last) continue;
        last = row;
        axes_format(t[i], step, buf, sizeof buf);
        int l = (int)strlen(buf);
        grid_put(g, x0, row, utf8 ? 0x2524 : '+', GRID_DEFAULT);
        grid_text(g, x0 - l < 0 ? 0 : x0 - l, row, buf, GRID_DEFAULT, x0);
    }
}

/* Labels under vertical bars: names when all fit, else positions; for a
 * histogram, values at 1-2-5 ticks.  A note says when values were merged. */
static void draw_xlabels(const Plot *p, Grid *g, const BarsLayout *B, int utf8)
{
    int row = B->top + B->ph + 1;
    if (!B->left || row >= g->h) return;
    char buf[64];
    int free_from = 0;
    if (p->kind == PLOT_HIST) {
        double t[AXES_MAX_TICKS], step;
        int used = B->nb * B->slot;
        char a[48], b[48];
        axes_format(p->lo, (p->hi - p->lo) / 10, a, sizeof a);
        axes_format(p->hi, (p->hi - p->lo) / 10, b, sizeof b);
        int lw = (int)(strlen(a) > strlen(b) ? strlen(a) : strlen(b)), maxt = used / (lw + 4) + 1;
        int nt = axes_ticks(p->lo, p->hi, maxt < 2 ? 2 : maxt, t, &step);
        for (int i = 0; i < nt; i++) {
            int col = B->left + (int)((t[i] - p->lo) / (p->hi - p->lo) * used);
            if (col >= B->left + used) col = B->left + used - 1;
            axes_format(t[i], step, buf, sizeof buf);
            int l = (int)strlen(buf), s = col - (l - 1) / 2;
            if (s < 0) s = 0;
            if (s + l > g->w) s = g->w - l;
            if (s < free_from) continue;
            grid_put(g, col, row - 1, utf8 ? 0x252C : '+', GRID_DEFAULT);
            grid_text(g, s, row, buf, GRID_DEFAULT, -1);
            free_from = s + l + 1;
        }
        if (B->nb < B->n) {
            snprintf(buf, sizeof buf, "(%d bins as %d)", B->n, B->nb);
            int l = (int)strlen(buf);
            if (g->w - l > free_from) grid_text(g, g->w - l, row, buf, GRID_DEFAULT, -1);
        }
        return;
    }
    char note[96] = "";
    if (B->nb < B->n)
        snprintf(note, sizeof note, "(%d values, largest of %d a column)", B->n, (B->n + B->nb - 1) / B->nb);
    int room = g->w - (note[0] ? (int)strlen(note) + 1 : 0); /* labels stop before the note */
    int names_fit = p->data->col_names != NULL && B->nb == B->n;
    for (int b = 0; names_fit && b < B->n; b++) {
        const char *nm = bar_name(p, (size_t)b);
        names_fit = !nm || grid_text_width(nm) <= B->bw;
    }
    for (int b = 0; b < B->nb; b++) {
        int x = B->left + b * B->slot;
        if (names_fit) {
            const char *nm = bar_name(p, (size_t)b);
            if (nm) grid_text(g, x, row, nm, GRID_DEFAULT, B->bw);
            continue;
        }
        snprintf(buf, sizeof buf, "%d", (int)((size_t)b * (size_t)B->n / (size_t)B->nb));
        int l = (int)strlen(buf);
        if (x < free_from || x + l > room) continue;
        grid_text(g, x, row, buf, GRID_DEFAULT, -1);
        free_from = x + l + 2;
    }
    if (note[0]) grid_text(g, room + 1 > 0 ? room + 1 : 0, row, note, GRID_DEFAULT, -1);
}

static void draw_across(const Plot *p, Grid *g, const BarsLayout *B, int color, int utf8)
{
    const float *v = p->data->data;
    int fg = color ? GRID_CLASS(0) : GRID_DEFAULT;
    double span = B->hi - B->lo;
    int z8 = (int)lround(-B->lo / span * B->pw) * 8; /* zero on a column boundary */
    char buf[48];
    for (int b = 0; b < B->nb; b++) {
        int y = B->top + b;
        const char *nm = bar_name(p, (size_t)b);
        if (nm) { /* names right-aligned against the bars */
            int l = grid_text_width(nm);
            grid_text(g, l < B->namew ? B->namew - l : 0, y, nm, GRID_DEFAULT, B->namew);
        }
        if (isnan(v[b])) continue;
        double f = v[b] >= 0 ? (B->hi > 0 ? v[b] / B->hi : 0) * (B->pw * 8 - z8)
                             : (B->lo < 0 ? v[b] / B->lo : 0) * z8;
        int len8 = (int)lround(f);
        int from = v[b] >= 0 ? z8 : z8 - len8, to = v[b] >= 0 ? z8 + len8 : z8;
        for (int c = 0; c < B->pw; c++) {
            int c0 = c * 8, c1 = c0 + 8, fill = (to < c1 ? to : c1) - (from > c0 ? from : c0);
            if (fill <= 0) continue;
            uint32_t ch;
            if (fill >= 8) ch = utf8 ? 0x2588 : '#';
            else if (!utf8) ch = fill >= 4 ? '#' : ' ';
            else if (v[b] >= 0) ch = 0x2590 - (uint32_t)fill; /* left blocks U+258F..U+2589 */
            else ch = fill >= 6 ? 0x2588 : fill >= 3 ? 0x2590 : 0x2595; /* right half, right eighth */
            if (ch != ' ') grid_put(g, B->left + c, y, ch, fg);
        }
        axes_format_value(v[b], buf, sizeof buf);
        grid_text(g, B->left + B->pw + 1, y, buf, GRID_DEFAULT, -1);
    }
}

Grid *render_bars(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e)
{
    BarsLayout B;
    double *counts;
    bars_layout(p, w, h, &B, &counts);
    if (p->kind == PLOT_HIST && !counts) {
        err_nomem(e, (size_t)B.nb * sizeof(double), "histogram");
        return NULL;
    }
    Grid *g = grid_new(w, h, e);
    if (!g) {
        free(counts);
        return NULL;
    }
    int utf8 = cs != PLOT_ASCII;
    if (B.horiz) {
        draw_across(p, g, &B, color, utf8);
    } else {
        draw_vertical(p, g, &B, counts, color, utf8);
        draw_xlabels(p, g, &B, utf8);
    }
    if (B.top) draw_title(p, g);
    free(counts);
    return g;
}

long nearest_bars(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt)
{
    BarsLayout B;
    double *counts;
    bars_layout(p, w, h, &B, &counts);
    long b;
    if (B.horiz) {
        b = cy - B.top;
        if (b < 0) b = 0;
        if (b >= B.nb) b = B.nb - 1;
        pt->cell_x = B.left;
        pt->cell_y = B.top + (int)b;
    } else {
        b = B.slot > 0 ? (cx - B.left) / B.slot : 0;
        if (cx < B.left) b = 0;
        if (b >= B.nb) b = B.nb - 1;
        pt->cell_x = B.left + (int)b * B.slot;
        pt->cell_y = B.top + B.ph - 1;
    }
    long index = b;
    if (p->kind == PLOT_HIST) {
        pt->value = counts ? counts[b] : NAN;
        pt->x = p->lo + (p->hi - p->lo) * b / B.nb; /* the bin is [x, y) */
        pt->y = p->lo + (p->hi - p->lo) * (b + 1) / B.nb;
    } else {
        /* a merged column: the value it shows */
        size_t a0 = (size_t)b * (size_t)B.n / (size_t)B.nb, a1 = (size_t)(b + 1) * (size_t)B.n / (size_t)B.nb;
        index = (long)a0;
        for (size_t a = a0; a < a1; a++)
            if (fabs(p->data->data[a]) > fabs(p->data->data[index])) index = (long)a;
        pt->value = p->data->data[index];
        pt->name = bar_name(p, (size_t)index);
    }
    free(counts);
    return index;
}
