/* svg.c — a vector picture of the same data as the text plot: points
 * coloured per class, curves, bars, images (embedded PNG) and heatmaps,
 * with axes, ticks, legend and title.  Drawn through the plot's default
 * view, at a fixed 720 x 480 picture size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"
#include "plot/png.h"

#define SVG_W 720.0
#define SVG_H 480.0
#define SVG_MAX_IMAGES 400

typedef struct Frame {
    double L, T, W, H; /* plot area in pixels */
    double win[4];     /* data window x0 x1 y0 y1 */
} Frame;

static double fx(const Frame *f, double x)
{
    return f->L + (x - f->win[0]) / (f->win[1] - f->win[0]) * f->W;
}

static double fy(const Frame *f, double y)
{
    return f->T + (f->win[3] - y) / (f->win[3] - f->win[2]) * f->H;
}

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else if (*s == '"') fputs("&quot;", f);
        else if ((unsigned char)*s >= 0x20 || *s == '\t') fputc(*s, f);
    }
}

static void color_hex(int c, char *buf)
{
    unsigned char rgb[3];
    grid_color_rgb(c, rgb);
    snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static void text(FILE *f, double x, double y, const char *anchor, const char *extra, const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra);
    esc(f, s);
    fputs("</text>\n", f);
}

/* Ticks, grid lines and labels of an x/y frame. */
static void axes(FILE *f, const Plot *p, const Frame *fr, int logy)
{
    double t[AXES_MAX_TICKS], step;
    char buf[48];
    int nt = axes_ticks(fr->win[0], fr->win[1], 9, t, &step);
    for (int i = 0; i < nt; i++) {
        double x = fx(fr, t[i]);
        axes_format(t[i], step, buf, sizeof buf);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n", x, fr->T, x,
                fr->T + fr->H);
        text(f, x, fr->T + fr->H + 16, "middle", "", buf);
    }
    if (logy) {
        nt = axes_log_ticks(fr->win[2], fr->win[3], 7, t);
    } else {
        nt = axes_ticks(fr->win[2], fr->win[3], 7, t, &step);
    }
    for (int i = 0; i < nt; i++) {
        double y = fy(fr, t[i]);
        if (logy) axes_format_log(t[i], buf, sizeof buf);
        else axes_format(t[i], step, buf, sizeof buf);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n", fr->L, y,
                fr->L + fr->W, y);
        text(f, fr->L - 6, y + 4, "end", "", buf);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444\"/>\n",
            fr->L, fr->T, fr->W, fr->H);
    if (p->xname) text(f, fr->L + fr->W, fr->T + fr->H + 34, "end", "", p->xname);
    if (p->yname) text(f, fr->L - 6, fr->T - 10, "start", "", p->yname);
}

static void legend_entry(FILE *f, double x, double y, int cls, int line, const char *label)
{
    char col[8];
    color_hex(GRID_CLASS(cls), col);
    if (line)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>", x,
                y - 4, x + 14, y - 4, col);
    else
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, col);
    text(f, x + 20, y, "start", "", label);
}

static void scatter(FILE *f, const Plot *p, const Frame *fr)
{
    const Mat *d = p->data;
    double r = d->rows > 20000 ? 1.2 : d->rows > 2000 ? 1.8 : 2.5;
    char col[8], grey[8];
    color_hex(GRID_GREY(12), grey);
    fputs("<g fill-opacity=\"0.8\">\n", f);
    for (size_t i = 0; i < d->rows; i++) {
        double x = MAT_AT(d, i, 0), y = MAT_AT(d, i, 1);
        if (!(x >= fr->win[0] && x <= fr->win[1] && y >= fr->win[2] && y <= fr->win[3])) continue;
        int c = d->labels ? d->labels[i] : 0;
        if (c >= 0) color_hex(GRID_CLASS(c), col);
        fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\"/>\n", fx(fr, x), fy(fr, y), r,
                c >= 0 ? col : grey);
    }
    fputs("</g>\n", f);
    const PlotView *v = &p->view;
    if (!(v->labels >= 0 ? v->labels : p->point_labels)) return;
    /* names at points, skipping those that would overlap one already written
     * (boxes of 6 px per character, 10 px high) */
    size_t cap = 4096, placed = 0;
    double *box = malloc(cap * 4 * sizeof *box);
    if (!box) return;
    fputs("<g font-size=\"10\" fill=\"#222\">\n", f);
    char num[32];
    for (size_t i = 0; i < d->rows && placed < cap; i++) {
        double x = MAT_AT(d, i, 0), y = MAT_AT(d, i, 1);
        if (!(x >= fr->win[0] && x <= fr->win[1] && y >= fr->win[2] && y <= fr->win[3])) continue;
        const char *nm = d->row_names && d->row_names[i] ? d->row_names[i] : NULL;
        if (!nm) {
            snprintf(num, sizeof num, "%zu", i);
            nm = num;
        }
        double bx = fx(fr, x) + 4, by = fy(fr, y) - 5, bw = 6.0 * grid_text_width(nm), bh = 10;
        int clash = 0;
        for (size_t k = 0; k < placed && !clash; k++) {
            double *o = box + 4 * k;
            clash = bx < o[0] + o[2] && o[0] < bx + bw && by < o[1] + o[3] && o[1] < by + bh;
        }
        if (clash) continue;
        double *o = box + 4 * placed++;
        o[0] = bx, o[1] = by, o[2] = bw, o[3] = bh;
        text(f, bx, by + 9, "start", "", nm);
    }
    fputs("</g>\n", f);
    free(box);
}

static void curves(FILE *f, const Plot *p, const Frame *fr)
{
    const Mat *d = p->data;
    char col[8];
    for (size_t s = 0; s < d->rows; s++) {
        color_hex(GRID_CLASS((int)s), col);
        int open = 0;
        for (size_t j = 0; j < d->cols; j++) {
            double y = MAT_AT(d, s, j), x = p->x ? p->x[j] : (double)j;
            if (p->logy) y = y > 0 ? log10(y) : NAN;
            if (!isfinite(x) || !isfinite(y)) { /* a gap ends the polyline */
                if (open) fputs("\"/>\n", f);
                open = 0;
                continue;
            }
            if (!open)
                fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", col);
            fprintf(f, "%.2f,%.2f ", fx(fr, x), fy(fr, y));
            open = 1;
        }
        if (open) fputs("\"/>\n", f);
    }
}

int svg_xy(const Plot *p, FILE *f, Err *e)
{
    const Mat *d = p->data;
    int nleg = 0, line = p->kind == PLOT_CURVE;
    size_t *cnt = NULL, K = 0;
    if (p->kind == PLOT_SCATTER && d->labels && d->n_classes) {
        K = d->n_classes;
        cnt = calloc(K, sizeof *cnt);
        if (cnt)
            for (size_t i = 0; i < d->rows; i++)
                if (d->labels[i] >= 0 && (size_t)d->labels[i] < K) cnt[d->labels[i]]++;
        for (size_t c = 0; cnt && c < K; c++) nleg += cnt[c] > 0;
    } else if (line && (d->rows > 1 || d->row_names)) {
        nleg = (int)d->rows;
    }
    Frame fr = {70, 40, SVG_W - 70 - (nleg ? 190 : 30), SVG_H - 40 - 50, {0, 1, 0, 1}};
    xy_base_window(p, &p->view, fr.win);
    /* a margin so points on the edge are whole circles (not for set limits) */
    double mx = (fr.win[1] - fr.win[0]) * 0.03, my = (fr.win[3] - fr.win[2]) * 0.03;
    if (!isfinite(p->view.xlim[0])) fr.win[0] -= mx;
    if (!isfinite(p->view.xlim[1])) fr.win[1] += mx;
    if (!isfinite(p->view.ylim[0])) fr.win[2] -= my;
    if (!isfinite(p->view.ylim[1])) fr.win[3] += my;
    if (p->kind == PLOT_SCATTER && p->equal) { /* same data units per pixel both ways */
        double ux = (fr.win[1] - fr.win[0]) / fr.W, uy = (fr.win[3] - fr.win[2]) / fr.H;
        if (ux > uy) {
            double c = (fr.win[2] + fr.win[3]) / 2;
            fr.win[2] = c - ux * fr.H / 2;
            fr.win[3] = c + ux * fr.H / 2;
        } else {
            double c = (fr.win[0] + fr.win[1]) / 2;
            fr.win[0] = c - uy * fr.W / 2;
            fr.win[1] = c + uy * fr.W / 2;
        }
    }
    axes(f, p, &fr, p->logy);
    fprintf(f, "<clipPath id=\"area\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>\n",
            fr.L, fr.T, fr.W, fr.H);
    fputs("<g clip-path=\"url(#area)\">\n", f);
    if (p->kind == PLOT_SCATTER) scatter(f, p, &fr);
    else curves(f, p, &fr);
    fputs("</g>\n", f);
    double lx = fr.L + fr.W + 16, ly = fr.T + 10;
    int shown = 0, room = (int)((SVG_H - fr.T) / 18) - 1;
    char buf[128], cb[64];
    if (cnt) {
        for (size_t c = 0; c < K; c++) {
            if (!cnt[c]) continue;
            if (shown == room) {
                snprintf(buf, sizeof buf, "+%d more", nleg - shown);
                text(f, lx + 20, ly + 18.0 * shown, "start", "", buf);
                break;
            }
            snprintf(buf, sizeof buf, "%s (%zu)", plot_class_name(d, (int)c, cb, sizeof cb), cnt[c]);
            legend_entry(f, lx, ly + 18.0 * shown++, (int)c, 0, buf);
        }
        free(cnt);
    } else if (nleg) {
        for (size_t s = 0; s < d->rows && shown < room; s++) {
            if (d->row_names && d->row_names[s]) snprintf(buf, sizeof buf, "%s", d->row_names[s]);
            else snprintf(buf, sizeof buf, "series %zu", s);
            legend_entry(f, lx, ly + 18.0 * shown++, (int)s, 1, buf);
        }
    }
    (void)e;
    return 0;
}

int svg_bars(const Plot *p, FILE *f, Err *e)
{
    const Mat *d = p->data;
    int n = p->kind == PLOT_HIST ? p->bins : (int)d->cols;
    double *v = malloc((size_t)n * sizeof *v);
    if (!v) {
        return err_nomem(e, (size_t)n * sizeof *v, "bars");
    }
    if (p->kind == PLOT_HIST) hist_count(p, n, v);
    else
        for (int i = 0; i < n; i++) v[i] = d->data[i];
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
    }
    if (hi == lo) hi = lo + 1;
    Frame fr = {70, 40, SVG_W - 100, SVG_H - 40 - (d->col_names ? 90 : 50), {0, 1, lo, hi}};
    if (p->kind == PLOT_HIST) {
        fr.win[0] = p->lo;
        fr.win[1] = p->hi;
    } else {
        fr.win[0] = -0.5;
        fr.win[1] = n - 0.5;
    }
    double t[AXES_MAX_TICKS], step;
    char buf[64], col[8];
    color_hex(GRID_CLASS(0), col);
    int nt = axes_ticks(lo, hi, 7, t, &step);
    for (int i = 0; i < nt; i++) {
        axes_format(t[i], step, buf, sizeof buf);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n", fr.L, fy(&fr, t[i]),
                fr.L + fr.W, fy(&fr, t[i]));
        text(f, fr.L - 6, fy(&fr, t[i]) + 4, "end", "", buf);
    }
    double bw = fr.W / n;
    for (int i = 0; i < n; i++) {
        if (isnan(v[i])) continue;
        double y0 = fy(&fr, v[i] > 0 ? v[i] : 0), y1 = fy(&fr, v[i] > 0 ? 0 : v[i]);
        double pad = p->kind == PLOT_HIST ? 0 : bw * 0.1;
        fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s/>\n", fr.L + i * bw + pad,
                y0, bw - 2 * pad, y1 - y0, col, p->kind == PLOT_HIST ? " stroke=\"white\" stroke-width=\"0.5\"" : "");
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>\n", fr.L, fy(&fr, 0),
            fr.L + fr.W, fy(&fr, 0));
    if (p->kind == PLOT_HIST) {
        nt = axes_ticks(p->lo, p->hi, 9, t, &step);
        for (int i = 0; i < nt; i++) {
            axes_format(t[i], step, buf, sizeof buf);
            text(f, fx(&fr, t[i]), fr.T + fr.H + 16, "middle", "", buf);
        }
    } else {
        int every = n > 40 ? (n + 39) / 40 : 1;
        for (int i = 0; i < n; i += every) {
            const char *nm = d->col_names && d->col_names[i] ? d->col_names[i] : NULL;
            if (!nm) snprintf(buf, sizeof buf, "%d", i);
            double x = fr.L + (i + 0.5) * bw, y = fr.T + fr.H + 14;
            if (nm) {
                char tr[96];
                snprintf(tr, sizeof tr, " transform=\"rotate(-40 %.1f %.1f)\"", x, y);
                text(f, x, y, "end", tr, nm);
            } else {
                text(f, x, y + 2, "middle", "", buf);
            }
        }
    }
    free(v);
    return 0;
}

/* One image (or a heatmap raster) as an embedded PNG. */
static int png_image(FILE *f, const unsigned char *pix, int w, int h, int ch, double x, double y, double dw,
                     double dh, Err *e)
{
    unsigned char *png;
    size_t len;
    if (png_encode(pix, w, h, ch, &png, &len, e) < 0) return -1;
    fprintf(f, "<image x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" preserveAspectRatio=\"none\" "
               "style=\"image-rendering:pixelated\" href=\"data:image/png;base64,",
            x, y, dw, dh);
    png_base64(f, png, len);
    fputs("\"/>\n", f);
    free(png);
    return 0;
}

int svg_images(const Plot *p, FILE *f, Err *e)
{
    const Mat *d = p->data;
    size_t n = d->rows < SVG_MAX_IMAGES ? d->rows : SVG_MAX_IMAGES, IH = d->img_h, IW = d->img_w;
    size_t C = d->img_c ? d->img_c : 1;
    int cap = d->labels || d->row_names || n > 1;
    double top = p->title ? 40 : 10, avail_h = SVG_H - top - 10, gap = 8, caph = cap ? 14 : 0;
    /* the number of columns that gives the largest images */
    size_t k = 1;
    double scale = 0;
    for (size_t kk = p->cols > 0 ? (size_t)p->cols : 1; kk <= (p->cols > 0 ? (size_t)p->cols : n); kk++) {
        size_t rr = (n + kk - 1) / kk;
        double s = fmin((SVG_W - 20 - (kk - 1) * gap) / (kk * (double)IW),
                        (avail_h - rr * caph - (rr - 1) * gap) / (rr * (double)IH));
        if (s > scale) scale = s, k = kk;
    }
    if (scale <= 0) scale = 0.1;
    unsigned char *pix = malloc(IH * IW * C);
    if (!pix) return err_nomem(e, IH * IW * C, "image");
    char buf[96], cb[64];
    for (size_t m = 0; m < n; m++) {
        const float *img = MAT_ROW(d, m);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < IH * IW * C; i++)
            if (!isnan(img[i])) lo = fmin(lo, img[i]), hi = fmax(hi, img[i]);
        for (size_t i = 0; i < IH * IW * C; i++) {
            double v = hi > lo && !isnan(img[i]) ? (img[i] - lo) / (hi - lo) : 0;
            pix[i] = (unsigned char)lround(v * 255);
        }
        double x = 10 + (double)(m % k) * (IW * scale + gap);
        double y = top + (double)(m / k) * (IH * scale + caph + gap);
        if (png_image(f, pix, (int)IW, (int)IH, (int)C, x, y, IW * scale, IH * scale, e) < 0) {
            free(pix);
            return -1;
        }
        if (cap) {
            if (d->labels && d->labels[m] >= 0) snprintf(buf, sizeof buf, "%s", plot_class_name(d, d->labels[m], cb, sizeof cb));
            else if (d->row_names && d->row_names[m]) snprintf(buf, sizeof buf, "%s", d->row_names[m]);
            else snprintf(buf, sizeof buf, "%zu", m);
            text(f, x, y + IH * scale + 11, "start", " font-size=\"10\"", buf);
        }
    }
    free(pix);
    if (n < d->rows) {
        snprintf(buf, sizeof buf, "the first %zu of %zu images", n, d->rows);
        text(f, SVG_W - 10, SVG_H - 4, "end", " font-size=\"10\"", buf);
    }
    return 0;
}

int svg_heatmap(const Plot *p, FILE *f, Err *e)
{
    const Mat *d = p->data;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->rows * d->cols; i++)
        if (isfinite(d->data[i])) lo = fmin(lo, d->data[i]), hi = fmax(hi, d->data[i]);
    if (!(lo <= hi)) lo = 0, hi = 1;
    double span = hi > lo ? hi - lo : 1;
    int rl = d->rows <= 60, cl = d->cols <= 60;
    Frame fr = {rl ? 110 : 20, p->title ? 40 : 15, 0, 0, {0, 1, 0, 1}};
    fr.W = SVG_W - fr.L - 90;
    fr.H = SVG_H - fr.T - (cl ? 60 : 15);
    double cw = fr.W / d->cols, chh = fr.H / d->rows;
    char col[8], buf[64], cb[64];
    if (d->rows * d->cols <= 40000) {
        for (size_t i = 0; i < d->rows; i++)
            for (size_t j = 0; j < d->cols; j++) {
                double v = MAT_AT(d, i, j);
                if (!isfinite(v)) continue;
                color_hex(grid_heat((v - lo) / span), col);
                fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                        fr.L + j * cw, fr.T + i * chh, cw + 0.02, chh + 0.02, col);
            }
    } else {
        unsigned char *pix = malloc(d->rows * d->cols * 3);
        if (!pix) return err_nomem(e, d->rows * d->cols * 3, "heatmap");
        for (size_t i = 0; i < d->rows * d->cols; i++) {
            unsigned char rgb[3] = {255, 255, 255};
            if (isfinite(d->data[i])) grid_color_rgb(grid_heat((d->data[i] - lo) / span), rgb);
            memcpy(pix + 3 * i, rgb, 3);
        }
        int rc = png_image(f, pix, (int)d->cols, (int)d->rows, 3, fr.L, fr.T, fr.W, fr.H, e);
        free(pix);
        if (rc < 0) return -1;
    }
    if (rl)
        for (size_t i = 0; i < d->rows; i++) {
            const char *s = d->row_names && d->row_names[i] ? d->row_names[i]
                            : d->labels && d->labels[i] >= 0 ? plot_class_name(d, d->labels[i], cb, sizeof cb)
                                                             : (snprintf(buf, sizeof buf, "%zu", i), buf);
            text(f, fr.L - 6, fr.T + (i + 0.5) * chh + 4, "end", " font-size=\"10\"", s);
        }
    if (cl)
        for (size_t j = 0; j < d->cols; j++) {
            const char *s = d->col_names && d->col_names[j] ? d->col_names[j] : (snprintf(buf, sizeof buf, "%zu", j), buf);
            double x = fr.L + (j + 0.5) * cw, y = fr.T + fr.H + 12;
            char tr[96];
            snprintf(tr, sizeof tr, " font-size=\"10\" transform=\"rotate(-40 %.1f %.1f)\"", x, y);
            text(f, x, y, "end", tr, s);
        }
    /* the colour scale: a vertical gradient through the 16 viridis stops */
    fputs("<defs><linearGradient id=\"scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", f);
    for (int k = 0; k < GRID_NHEAT; k++) {
        color_hex(GRID_HEAT(k), col);
        fprintf(f, "<stop offset=\"%.3f\" stop-color=\"%s\"/>", k / (GRID_NHEAT - 1.0), col);
    }
    fputs("</linearGradient></defs>\n", f);
    double sx = fr.L + fr.W + 14;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"url(#scale)\" stroke=\"#444\"/>\n",
            sx, fr.T, fr.H);
    axes_format_value(hi, buf, sizeof buf);
    text(f, sx + 20, fr.T + 10, "start", "", buf);
    axes_format_value(lo, buf, sizeof buf);
    text(f, sx + 20, fr.T + fr.H, "start", "", buf);
    return 0;
}

int svg_write(const Plot *p, FILE *f, Err *e)
{
    err_clear(e);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            SVG_W, SVG_H, SVG_W, SVG_H);
    if (p->title) text(f, SVG_W / 2, 24, "middle", " font-size=\"16\"", p->title);
    if (PLOT_OPS(p)->svg(p, f, e) < 0) return -1;
    fputs("</svg>\n", f);
    if (ferror(f)) return err_set(e, "cannot write the SVG picture");
    return 0;
}
