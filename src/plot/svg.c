/* svg.c — a vector picture of the same data as the text plot. */
#include <math.h>
#include <string.h>

#include "plot/axes.h"
#include "plot/plot_impl.h"

static const char *svg_colors[GRID_PALETTE] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                               "#9467bd", "#8c564b", "#e377c2", "#17becf",
                                               "#bcbd22", "#7f7f7f", "#3050f0", "#f05030"};

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

int svg_write(const Plot *p, FILE *f, Err *e)
{
    const double W = 640, H = 480, L = 60, R = 150, T = 40, B = 40;
    const double pw = W - L - R, ph = H - T - B;
    const Mat *d = p->data;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            W, H, W, H);
    if (p->title) {
        fprintf(f, "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">", W / 2);
        esc(f, p->title);
        fputs("</text>\n", f);
    }
    char buf[32];
    double t[64];
    if (p->kind == PLOT_SCATTER || p->kind == PLOT_LINES) {
        double v[4];
        plot_view(p, v);
#define SX(x) (L + ((x)-v[0]) / (v[1] - v[0]) * pw)
#define SY(y) (T + (v[3] - (y)) / (v[3] - v[2]) * ph)
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444\"/>\n",
                L, T, pw, ph);
        int nt = axes_ticks(v[0], v[1], 8, t);
        for (int i = 0; i < nt; i++) {
            axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", SX(t[i]), T + ph + 16, buf);
        }
        nt = axes_ticks(v[2], v[3], 8, t);
        for (int i = 0; i < nt; i++) {
            axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, p->logy, buf, sizeof buf);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, SY(t[i]) + 4, buf);
        }
        fprintf(f, "<clipPath id=\"area\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>\n"
                   "<g clip-path=\"url(#area)\">\n", L, T, pw, ph);
        if (p->kind == PLOT_SCATTER) {
            for (size_t i = 0; i < d->rows; i++) {
                double x = MAT_AT(d, i, 0), y = MAT_AT(d, i, 1);
                if (isnan(x) || isnan(y)) continue;
                int c = d->labels && d->labels[i] >= 0 ? d->labels[i] : 0;
                fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2\" fill=\"%s\"/>\n", SX(x), SY(y),
                        svg_colors[c % GRID_PALETTE]);
            }
        } else {
            for (size_t s = 0; s < d->rows; s++) {
                fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                        svg_colors[s % GRID_PALETTE]);
                for (size_t j = 0; j < d->cols; j++) {
                    double y = MAT_AT(d, s, j), x = p->x ? p->x->data[j] : (double)j;
                    if (isnan(y)) continue;
                    if (p->logy) y = log10(y);
                    fprintf(f, "%.2f,%.2f ", SX(x), SY(y));
                }
                fputs("\"/>\n", f);
            }
        }
        fputs("</g>\n", f);
        /* legend */
        int K = p->kind == PLOT_SCATTER ? (d->labels ? (int)d->n_classes : 0) : (d->rows > 1 ? (int)d->rows : 0);
        for (int c = 0; c < K && c < 40; c++) {
            char cb[32];
            const char *name = p->kind == PLOT_SCATTER ? mat_class_name(d, c, cb, sizeof cb)
                               : (d->row_names && d->row_names[c]) ? d->row_names[c]
                                                                   : (snprintf(cb, sizeof cb, "series %d", c), cb);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\">", L + pw + 12, T + 16.0 * c, svg_colors[c % GRID_PALETTE],
                    L + pw + 26, T + 16.0 * c + 9);
            esc(f, name);
            fputs("</text>\n", f);
        }
#undef SX
#undef SY
    } else if (p->kind == PLOT_BARS) {
        double lo = 0, hi = 0;
        for (size_t i = 0; i < d->cols; i++) {
            if (d->data[i] < lo) lo = d->data[i];
            if (d->data[i] > hi) hi = d->data[i];
        }
        if (hi == lo) hi = lo + 1;
        double bw = pw / (double)d->cols;
        for (size_t i = 0; i < d->cols; i++) {
            double v = d->data[i], y0 = T + (hi - (v > 0 ? v : 0)) / (hi - lo) * ph;
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                    L + i * bw + bw * 0.1, y0, bw * 0.8, fabs(v) / (hi - lo) * ph, svg_colors[0]);
        }
        int nt = axes_ticks(lo, hi, 8, t);
        for (int i = 0; i < nt; i++) {
            axes_label(t[i], nt > 1 ? t[1] - t[0] : 1, 0, buf, sizeof buf);
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6,
                    T + (hi - t[i]) / (hi - lo) * ph + 4, buf);
        }
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>\n", L,
                T + hi / (hi - lo) * ph, L + pw, T + hi / (hi - lo) * ph);
    } else { /* images, heatmap: one rect per pixel */
        size_t n = p->kind == PLOT_HEATMAP ? 1 : d->rows, IH = p->img_h, IW = p->img_w;
        size_t k = (size_t)ceil(sqrt((double)n));
        double cell = fmin((W - 20) / (double)(k * (IW + 2)), (H - T - 10) / (double)(((n + k - 1) / k) * (IH + 2)));
        for (size_t m = 0; m < n; m++) {
            const float *img = p->kind == PLOT_HEATMAP ? d->data : MAT_ROW(d, m);
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < IH * IW; i++)
                if (!isnan(img[i])) lo = fmin(lo, img[i]), hi = fmax(hi, img[i]);
            double ox = 10 + (double)(m % k) * (IW + 2) * cell, oy = T + (double)(m / k) * (IH + 2) * cell;
            for (size_t y = 0; y < IH; y++)
                for (size_t x = 0; x < IW; x++) {
                    double v = hi > lo ? (img[y * IW + x] - lo) / (hi - lo) : 0.5;
                    int gv = (int)lround(v * 255);
                    fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"rgb(%d,%d,%d)\"/>\n",
                            ox + x * cell, oy + y * cell, cell + 0.05, cell + 0.05, gv, gv, gv);
                }
        }
    }
    fputs("</svg>\n", f);
    if (ferror(f)) return err_set(e, "cannot write the SVG picture");
    return 0;
}
