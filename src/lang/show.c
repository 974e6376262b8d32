#include "lang/show.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Rows shown before eliding the middle (all=true shows every row). */
#define SHOW_ROWS 10
/* A column name is cut to this many characters. */
#define NAME_MAX_W 12

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

/* What a table of m needs to know about the rows it shows. */
typedef struct Table {
    const Mat *m;
    const size_t *ri; /* rows shown */
    size_t nr, rgap;  /* how many; "..." before ri[rgap] when rows are left out */
    int *w;           /* width of each column of m */
    int idxw, namew, labw;
    int numbered;     /* header of column numbers (no names, not all columns in one block) */
} Table;

static int prefix_width(const Table *t)
{
    return t->idxw + (t->namew ? t->namew + 2 : 0);
}

static void header(Ctx *ctx, const Table *t, const size_t *cols, size_t nc, size_t cgap)
{
    char buf[32];
    if (!t->m->col_names && !t->numbered) return;
    ctx_printf(ctx, "%*s", prefix_width(t), "");
    for (size_t b = 0; b < nc; b++) {
        if (b == cgap) ctx_printf(ctx, "  ...");
        const char *cn = buf;
        if (t->m->col_names)
            cn = t->m->col_names[cols[b]] ? t->m->col_names[cols[b]] : "";
        else
            snprintf(buf, sizeof buf, "%zu", cols[b]);
        ctx_printf(ctx, "  %*.*s", t->w[cols[b]], t->w[cols[b]], cn);
    }
    if (cgap == nc) ctx_printf(ctx, "  ...");
    ctx_printf(ctx, "\n");
}

/* No "..." among the columns. */
#define NO_GAP ((size_t)-1)

/* The rows of t for columns cols (nc of them, "..." before cols[cgap],
 * or after the last when cgap == nc). */
static void rows(Ctx *ctx, const Table *t, const size_t *cols, size_t nc, size_t cgap)
{
    char buf[64];
    const Mat *m = t->m;
    header(ctx, t, cols, nc, cgap);
    for (size_t a = 0; a < t->nr; a++) {
        size_t r = t->ri[a];
        if (a == t->rgap) ctx_printf(ctx, "%*s\n", t->idxw, "...");
        ctx_printf(ctx, "%*zu", t->idxw, mat_row_id(m, r));
        if (t->namew) {
            const char *rn = m->row_names[r] ? m->row_names[r] : "";
            ctx_printf(ctx, "  %-*.*s", t->namew, t->namew, rn);
        }
        for (size_t b = 0; b < nc; b++) {
            if (b == cgap) ctx_printf(ctx, "  ...");
            ctx_printf(ctx, "  %*s", t->w[cols[b]], show_number(MAT_AT(m, r, cols[b]), buf, sizeof buf));
        }
        if (cgap == nc) ctx_printf(ctx, "  ...");
        if (m->labels && m->labels[r] >= 0) ctx_printf(ctx, "  %s", mat_class_name(m, m->labels[r], buf, sizeof buf));
        ctx_printf(ctx, "\n");
    }
}

static void show_matrix_head(Ctx *ctx, const Mat *m)
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
}

/* A matrix as a table that fits the output's width: long matrices show
 * their first and last rows, wide ones their first and last columns.
 * all=1 shows every row, and every column in blocks of columns that fit
 * one after another. */
static int show_matrix(Ctx *ctx, const Mat *m, int all, Err *e)
{
    char buf[64];
    show_matrix_head(ctx, m);
    if (m->rows == 0 || m->cols == 0) return 0;
    size_t R = m->rows, C = m->cols, few[SHOW_ROWS];
    size_t *ri = few, nr, rgap;
    int *w = malloc(C * sizeof *w);
    size_t *cols = malloc(C * sizeof *cols);
    if (all && R > SHOW_ROWS) ri = malloc(R * sizeof *ri);
    if (!w || !cols || !ri) {
        free(w);
        free(cols);
        if (ri != few) free(ri);
        return err_nomem(e, C * (sizeof *w + sizeof *cols) + R * sizeof *ri, "print");
    }
    pick(R, all ? R : SHOW_ROWS, ri, &nr, &rgap);
    Table t = {m, ri, nr, rgap, w, 0, 0, 0, 0};

    /* widths from the numbers (and names) actually shown */
    for (size_t j = 0; j < C; j++) {
        w[j] = 1;
        if (m->col_names && m->col_names[j]) {
            int l = (int)strlen(m->col_names[j]);
            w[j] = l > NAME_MAX_W ? NAME_MAX_W : l;
        }
        for (size_t a = 0; a < nr; a++) {
            int l = (int)strlen(show_number(MAT_AT(m, ri[a], j), buf, sizeof buf));
            if (l > w[j]) w[j] = l;
        }
    }
    for (size_t a = 0; a < nr; a++) {
        if (m->row_names && m->row_names[ri[a]]) {
            int l = (int)strlen(m->row_names[ri[a]]);
            if (l > t.namew) t.namew = l;
        }
        if (m->labels && m->labels[ri[a]] >= 0) {
            int l = 2 + (int)strlen(mat_class_name(m, m->labels[ri[a]], buf, sizeof buf));
            if (l > t.labw) t.labw = l;
        }
        int l = snprintf(buf, sizeof buf, "%zu", mat_row_id(m, ri[a]));
        if (l > t.idxw) t.idxw = l;
    }
    if (t.idxw < 3 && rgap < nr) t.idxw = 3; /* room for "..." */
    if (t.namew > 24) t.namew = 24;

    int width = ctx->width > 20 ? ctx->width : 20;
    int room = width - prefix_width(&t) - t.labw, used = 0;
    size_t fit = 0;
    while (fit < C && (fit == 0 || used + 2 + w[fit] <= room)) used += 2 + w[fit++];
    if (fit == C) { /* everything fits */
        for (size_t j = 0; j < C; j++) cols[j] = j;
        rows(ctx, &t, cols, C, NO_GAP);
    } else if (!all) { /* first and last columns around "  ..." */
        t.numbered = 1;
        for (size_t j = 0; j < C; j++) /* a number header may be wider than the numbers */
            if (!m->col_names && w[j] < snprintf(buf, sizeof buf, "%zu", j)) w[j] = (int)strlen(buf);
        size_t left = 0, right = 0;
        used = 5;
        for (;;) {
            int take_left = left <= right;
            size_t j = take_left ? left : C - 1 - right;
            if (left + right == C || (left > 0 && used + 2 + w[j] > room)) break;
            used += 2 + w[j];
            if (take_left) left++;
            else right++;
        }
        for (size_t k = 0; k < left; k++) cols[k] = k;
        for (size_t k = 0; k < right; k++) cols[left + k] = C - right + k;
        rows(ctx, &t, cols, left + right, left);
    } else { /* blocks of columns, one after another */
        t.numbered = 1;
        for (size_t j = 0; j < C; j++)
            if (!m->col_names && w[j] < snprintf(buf, sizeof buf, "%zu", j)) w[j] = (int)strlen(buf);
        for (size_t start = 0; start < C;) {
            size_t n = 0;
            used = 0;
            while (start + n < C && (n == 0 || used + 2 + w[start + n] <= room)) {
                cols[n] = start + n;
                used += 2 + w[start + n++];
            }
            if (start) ctx_printf(ctx, "\n");
            rows(ctx, &t, cols, n, NO_GAP);
            start += n;
        }
    }
    free(w);
    free(cols);
    if (ri != few) free(ri);
    return 0;
}

static void show_model(Ctx *ctx, const Model *m)
{
    char buf[64];
    /* values in one column: 14 wide, or as wide as the longest name */
    int w = 14;
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->names[i]) > (size_t)w) w = (int)strlen(m->names[i]);
    ctx_printf(ctx, "%s model\n", m->type);
    for (size_t i = 0; i < m->n; i++) {
        const Value *f = m->fields[i];
        ctx_printf(ctx, "  .%-*s ", w, m->names[i]);
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
    return show_value_all(ctx, v, 0, e);
}

int show_value_all(Ctx *ctx, const Value *v, int all, Err *e)
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
        return show_matrix(ctx, v->u.mat, all, e);
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
