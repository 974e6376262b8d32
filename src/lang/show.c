#include "lang/show.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/words.h"

const char *show_number(double x, char *buf, size_t n)
{
    if (isnan(x))
        snprintf(buf, n, "nan");
    else if (isinf(x))
        snprintf(buf, n, x > 0 ? "inf" : "-inf");
    else if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, n, "%.0f", x == 0 ? 0.0 : x);
    else
        snprintf(buf, n, "%.6g", x);
    return buf;
}

void show_inline(Ctx *ctx, const Value *v)
{
    char buf[64];
    switch (v->kind) {
    case VAL_NONE: ctx_printf(ctx, "none"); break;
    case VAL_NUM:
        if (v->is_bool)
            ctx_printf(ctx, "%s", v->u.num ? "true" : "false");
        else
            ctx_printf(ctx, "%s", show_number(v->u.num, buf, sizeof buf));
        break;
    case VAL_STR: ctx_printf(ctx, "%s", v->u.str); break;
    case VAL_LIST:
        ctx_printf(ctx, "[");
        for (size_t i = 0; i < v->u.list.n; i++) {
            const Value *it = v->u.list.items[i];
            if (i) ctx_printf(ctx, ", ");
            if (i >= 20) {
                ctx_printf(ctx, "... (%zu items)", v->u.list.n);
                break;
            }
            if (it->kind == VAL_STR)
                ctx_printf(ctx, "\"%s\"", it->u.str);
            else
                show_inline(ctx, it);
        }
        ctx_printf(ctx, "]");
        break;
    case VAL_MAT:
        if (v->u.mat->rows == 1 && v->u.mat->cols <= 16) {
            ctx_printf(ctx, "[");
            for (size_t j = 0; j < v->u.mat->cols; j++)
                ctx_printf(ctx, "%s%s", j ? ", " : "",
                           show_number(v->u.mat->data[j], buf, sizeof buf));
            ctx_printf(ctx, "]");
        } else {
            ctx_printf(ctx, "<%s>", val_describe(v, buf, sizeof buf));
        }
        break;
    default: ctx_printf(ctx, "<%s>", val_describe(v, buf, sizeof buf)); break;
    }
}

/* Rows/columns shown before eliding the middle. */
#define SHOW_ROWS 10
#define SHOW_COLS 8

static void pick(size_t n, size_t max, size_t *idx, size_t *k, size_t *gap)
{
    /* Show all when they fit; else the first and last halves with a gap. */
    if (n <= max) {
        for (size_t i = 0; i < n; i++) idx[i] = i;
        *k = n;
        *gap = n;
        return;
    }
    size_t head = (max + 1) / 2, tail = max - head;
    for (size_t i = 0; i < head; i++) idx[i] = i;
    for (size_t i = 0; i < tail; i++) idx[head + i] = n - tail + i;
    *k = max;
    *gap = head;
}

static void show_matrix(Ctx *ctx, const Mat *m)
{
    char buf[64];
    ctx_printf(ctx, "%zux%zu matrix", m->rows, m->cols);
    if (m->labels) {
        size_t nc = m->n_classes;
        ctx_printf(ctx, ", %zu class%s", nc, nc == 1 ? "" : "es");
        if (m->label_names && nc > 0) {
            ctx_printf(ctx, " (");
            for (size_t c = 0; c < nc && c < 6; c++)
                ctx_printf(ctx, "%s%s", c ? ", " : "", mat_class_name(m, (int)c, buf, sizeof buf));
            ctx_printf(ctx, "%s)", nc > 6 ? ", ..." : "");
        }
    }
    if (m->img_h && m->img_w) ctx_printf(ctx, ", images %zux%zu", m->img_h, m->img_w);
    ctx_printf(ctx, "\n");
    if (m->rows == 0 || m->cols == 0) return;

    size_t ri[SHOW_ROWS], ci[SHOW_COLS], nr, nc, rgap, cgap;
    pick(m->rows, SHOW_ROWS, ri, &nr, &rgap);
    pick(m->cols, SHOW_COLS, ci, &nc, &cgap);

    /* Column widths from the numbers (and names) actually shown. */
    int w[SHOW_COLS];
    for (size_t b = 0; b < nc; b++) {
        w[b] = 1;
        if (m->col_names && m->col_names[ci[b]]) {
            int l = (int)strlen(m->col_names[ci[b]]);
            w[b] = l > 12 ? 12 : l;
        }
        for (size_t a = 0; a < nr; a++) {
            int l = (int)strlen(show_number(MAT_AT(m, ri[a], ci[b]), buf, sizeof buf));
            if (l > w[b]) w[b] = l;
        }
    }
    int namew = 0;
    if (m->row_names)
        for (size_t a = 0; a < nr; a++) {
            int l = m->row_names[ri[a]] ? (int)strlen(m->row_names[ri[a]]) : 0;
            if (l > namew) namew = l;
        }
    if (namew > 24) namew = 24;
    int idxw = snprintf(buf, sizeof buf, "%zu", m->rows - 1);

    if (m->col_names) {
        ctx_printf(ctx, "%*s", idxw + (namew ? namew + 2 : 0), "");
        for (size_t b = 0; b < nc; b++) {
            if (b == cgap && nc < m->cols) ctx_printf(ctx, "  ...");
            const char *cn = m->col_names[ci[b]] ? m->col_names[ci[b]] : "";
            ctx_printf(ctx, "  %*.*s", w[b], w[b], cn);
        }
        ctx_printf(ctx, "\n");
    }
    for (size_t a = 0; a < nr; a++) {
        if (a == rgap && nr < m->rows) ctx_printf(ctx, "%*s\n", idxw, "...");
        ctx_printf(ctx, "%*zu", idxw, ri[a]);
        if (namew) {
            const char *rn = m->row_names[ri[a]] ? m->row_names[ri[a]] : "";
            ctx_printf(ctx, "  %-*.*s", namew, namew, rn);
        }
        for (size_t b = 0; b < nc; b++) {
            if (b == cgap && nc < m->cols) ctx_printf(ctx, "  ...");
            ctx_printf(ctx, "  %*s", w[b], show_number(MAT_AT(m, ri[a], ci[b]), buf, sizeof buf));
        }
        if (m->labels) {
            int c = m->labels[ri[a]];
            if (c >= 0) ctx_printf(ctx, "  %s", mat_class_name(m, c, buf, sizeof buf));
        }
        ctx_printf(ctx, "\n");
    }
}

static void show_model(Ctx *ctx, const Model *m)
{
    char buf[64];
    ctx_printf(ctx, "%s model\n", m->type);
    for (size_t i = 0; i < m->n; i++) {
        const Value *f = m->fields[i];
        ctx_printf(ctx, "  .%-14s ", m->names[i]);
        if (f->kind == VAL_MAT && !(f->u.mat->rows == 1 && f->u.mat->cols <= 6))
            ctx_printf(ctx, "%s", val_describe(f, buf, sizeof buf));
        else if (f->kind == VAL_STR)
            ctx_printf(ctx, "\"%s\"", f->u.str);
        else
            show_inline(ctx, f);
        ctx_printf(ctx, "\n");
    }
}

int show_value(Ctx *ctx, const Value *v, Err *e)
{
    switch (v->kind) {
    case VAL_NONE: return 0;
    case VAL_MAT:
        if (v->origin && v->u.mat->rows == 1) {
            int nonzero = 0; /* a zero vector (queen - queen) has no nearest words */
            for (size_t j = 0; j < v->u.mat->cols && !nonzero; j++) nonzero = v->u.mat->data[j] != 0;
            if (nonzero) return words_show_nearest(ctx, v, 10, e);
        }
        if (v->u.mat->rows == 1 && v->u.mat->cols <= 16 && !v->u.mat->labels &&
            !v->u.mat->col_names) { /* a short vector reads best on one line */
            show_inline(ctx, v);
            ctx_printf(ctx, "\n");
            return 0;
        }
        show_matrix(ctx, v->u.mat);
        return 0;
    case VAL_MODEL: show_model(ctx, v->u.model); return 0;
    case VAL_PLOT:
        if (ctx->last_plot != v) { /* remembered for zoom, xlim and ylim */
            val_unref(ctx->last_plot);
            ctx->last_plot = val_ref((Value *)v);
        }
        return ctx_show_plot(ctx, v->u.plot, e);
    default:
        show_inline(ctx, v);
        ctx_printf(ctx, "\n");
        return 0;
    }
}
