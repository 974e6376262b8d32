/* builtins_math.c — NumPy's elementwise functions and reductions:
 * abs, sqrt, exp, log, tanh, sigmoid, round, floor, ceil, clip, maximum,
 * minimum, where; sum, prod, min, max, mean, std, var, argmin, argmax,
 * cumsum, cumprod, each with axis= where NumPy has it (verbs.h says how
 * NumPy's axes map onto dv's matrices).
 *
 * A function of a number returns a number (log(2) is 0.693147, not
 * [0.693147]); a function of a matrix keeps its shape, row names, labels,
 * class names and column names.  Sums are accumulated in double. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/verbs.h"

/* ---- elementwise ------------------------------------------------------ */

/* f applied to every value of args[0]; a number gives a number.  The
 * functions are libm's single-precision ones: dv's matrices hold floats,
 * as NumPy computes float32 arrays in float32. */
static int map1(const char *name, float (*f)(float), Value **args, Value **out, Err *e)
{
    NumArg a;
    if (verb_arg(name, 0, "X", args[0], &a, e) < 0) return -1;
    Mat *m = mat_clone(a.m, e);
    int scalar = a.scalar;
    verb_arg_done(&a);
    if (!m) return -1;
    size_t n = m->rows * m->cols;
    for (size_t i = 0; i < n; i++) m->data[i] = f(m->data[i]);
    return verb_result(m, scalar, out, e);
}

/* The logistic function 1 / (1 + e^-x), written so that neither branch
 * overflows; in double, so the float result is the nearest to the true
 * value (in float the three roundings can be an ulp off). */
static float sigmoid(float x)
{
    if (x >= 0) return (float)(1.0 / (1.0 + exp(-(double)x)));
    double z = exp(x);
    return (float)(z / (1.0 + z));
}

static int bi_abs(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("abs", fabsf, args, out, e);
}
static int bi_sqrt(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("sqrt", sqrtf, args, out, e);
}
static int bi_exp(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("exp", expf, args, out, e);
}
static int bi_log(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("log", logf, args, out, e);
}
/* tanh x = expm1(2x) / (expm1(2x) + 2): no cancellation near 0, and in
 * double the float result is the correctly rounded one (libm's tanhf is
 * an ulp off about one time in seven, and slower); beyond 9.1 it is 1 in
 * float. */
static float tanh_f(float x)
{
    double a = fabs((double)x);
    if (a > 9.1) return copysignf(1.0f, x);
    double t = expm1(2 * a);
    return (float)copysign(t / (t + 2), x);
}

static int bi_tanh(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("tanh", tanh_f, args, out, e);
}
static int bi_sigmoid(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("sigmoid", sigmoid, args, out, e);
}
static int bi_floor(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("floor", floorf, args, out, e);
}
static int bi_ceil(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return map1("ceil", ceilf, args, out, e);
}

/* NumPy's round: halves go to the even neighbour (round(2.5) is 2), and
 * decimals=d rounds x * 10^d (or x / 10^-d) the same way, then scales
 * back. */
static int bi_round(Ctx *ctx, Value **args, Value **out, Err *e)
{
    long d = arg_int(args[1]);
    if (d < -30 || d > 30) return err_param(e, 1, "round: decimals must be between -30 and 30, got %ld", d);
    NumArg a;
    if (verb_arg("round", 0, "X", args[0], &a, e) < 0) return -1;
    Mat *m = mat_clone(a.m, e);
    int scalar = a.scalar;
    verb_arg_done(&a);
    if (!m) return -1;
    double s = pow(10.0, (double)labs(d));
    for (size_t i = 0; i < m->rows * m->cols; i++) {
        double x = m->data[i];
        x = d >= 0 ? rint(x * s) / s : rint(x / s) * s; /* rint: halves to even in the default mode */
        m->data[i] = (float)x;
    }
    return verb_result(m, scalar, out, e);
}

/* clip(X, lo, hi): values below lo become lo, above hi become hi; either
 * bound may be none; NaN stays NaN. */
static int bi_clip(Ctx *ctx, Value **args, Value **out, Err *e)
{
    int has_lo = !arg_is_none(args[1]), has_hi = !arg_is_none(args[2]);
    if (!has_lo && !has_hi) return err_set(e, "clip: give lo, hi or both");
    double lo = has_lo ? arg_num(args[1]) : -INFINITY, hi = has_hi ? arg_num(args[2]) : INFINITY;
    if (lo > hi) return err_param(e, 2, "clip: hi (%g) is below lo (%g)", hi, lo);
    NumArg a;
    if (verb_arg("clip", 0, "X", args[0], &a, e) < 0) return -1;
    Mat *m = mat_clone(a.m, e);
    int scalar = a.scalar;
    verb_arg_done(&a);
    if (!m) return -1;
    float flo = (float)lo, fhi = (float)hi; /* +-inf stay infinite */
    for (size_t i = 0; i < m->rows * m->cols; i++) {
        float x = m->data[i];
        x = x < flo ? flo : x; /* NaN compares false both times and stays */
        m->data[i] = x > fhi ? fhi : x;
    }
    return verb_result(m, scalar, out, e);
}

/* maximum/minimum of two arrays, broadcast; NaN wins as in NumPy. */
static int pairwise(const char *f, int want_max, Value **args, Value **out, Err *e)
{
    NumArg a, b = {0};
    if (verb_arg(f, 0, "a", args[0], &a, e) < 0) return -1;
    if (verb_arg(f, 1, "b", args[1], &b, e) < 0) {
        verb_arg_done(&a);
        return -1;
    }
    size_t R, C;
    Mat *m = NULL;
    if (verb_broadcast(f, a.m, b.m, &R, &C, e) == 0 && (m = mat_new_uninit(R, C, e))) {
        VerbStrides sa = verb_strides(a.m), sb = verb_strides(b.m);
        float *buf = malloc(2 * (C ? C : 1) * sizeof *buf);
        for (size_t i = 0; buf && i < R; i++) {
            const float *pa = verb_row(sa, i, C, buf), *pb = verb_row(sb, i, C, buf + C);
            float *o = MAT_ROW(m, i);
            for (size_t j = 0; j < C; j++) {
                float x = pa[j], y = pb[j];
                float v = want_max ? (x > y ? x : y) : (x < y ? x : y);
                o[j] = x != x || y != y ? NAN : v;
            }
        }
        if (!buf) {
            err_nomem(e, 2 * C * sizeof *buf, f);
            mat_free(m);
            m = NULL;
        }
        free(buf);
        if (m && verb_copy_meta(m, a.m, b.m, e) < 0) {
            mat_free(m);
            m = NULL;
        }
    }
    int scalar = a.scalar && b.scalar;
    verb_arg_done(&a);
    verb_arg_done(&b);
    return verb_result(m, scalar, out, e);
}

static int bi_maximum(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return pairwise("maximum", 1, args, out, e);
}
static int bi_minimum(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return pairwise("minimum", 0, args, out, e);
}

/* ---- where -------------------------------------------------------------- */

/* Positions of the nonzero values of a vector (1xK), or [row, column]
 * pairs (Kx2) of a matrix, in row-major order as NumPy's argwhere. */
static int nonzero_positions(const Mat *c, Value **out, Err *e)
{
    size_t n = c->rows * c->cols, k = 0;
    for (size_t i = 0; i < n; i++) k += c->data[i] != 0;
    int pairs = !verb_is_vector(c);
    Mat *m = pairs ? mat_new_uninit(k, 2, e) : mat_new_uninit(1, k, e);
    if (!m) return -1;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->data[i] == 0) continue;
        if (pairs) {
            MAT_AT(m, w, 0) = (float)(i / c->cols);
            MAT_AT(m, w, 1) = (float)(i % c->cols);
        } else {
            m->data[w] = (float)i;
        }
        w++;
    }
    if (pairs && (mat_set_col_name(m, 0, "row", e) < 0 || mat_set_col_name(m, 1, "col", e) < 0)) {
        mat_free(m);
        return -1;
    }
    return verb_result(m, 0, out, e);
}

static int bi_where(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NumArg c, a = {0}, b = {0};
    int has_a = !arg_is_none(args[1]), has_b = !arg_is_none(args[2]);
    if (has_a != has_b) return err_set(e, "where: give both a and b (values where cond is true and false), or neither");
    if (verb_arg("where", 0, "cond", args[0], &c, e) < 0) return -1;
    if (!has_a) {
        int r = nonzero_positions(c.m, out, e);
        verb_arg_done(&c);
        return r;
    }
    Mat *m = NULL;
    size_t R, C, R2, C2;
    if (verb_arg("where", 1, "a", args[1], &a, e) == 0 && verb_arg("where", 2, "b", args[2], &b, e) == 0 &&
        verb_broadcast("where", c.m, a.m, &R, &C, e) == 0) {
        Mat shape = {.rows = R, .cols = C};
        if (verb_broadcast("where", &shape, b.m, &R2, &C2, e) == 0 && (m = mat_new_uninit(R2, C2, e))) {
            VerbStrides sc = verb_strides(c.m), sa = verb_strides(a.m), sb = verb_strides(b.m);
            float *buf = malloc(3 * (C2 ? C2 : 1) * sizeof *buf);
            for (size_t i = 0; buf && i < R2; i++) {
                const float *pc = verb_row(sc, i, C2, buf), *pa = verb_row(sa, i, C2, buf + C2),
                            *pb = verb_row(sb, i, C2, buf + 2 * C2);
                float *o = MAT_ROW(m, i);
                for (size_t j = 0; j < C2; j++) o[j] = pc[j] != 0 ? pa[j] : pb[j];
            }
            if (!buf) {
                err_nomem(e, 3 * C2 * sizeof *buf, "where");
                mat_free(m);
                m = NULL;
            }
            free(buf);
            /* rows keep the names of a value that has all of them */
            const Mat *meta = a.m->rows == R2 && a.m->cols == C2 ? a.m : b.m->rows == R2 && b.m->cols == C2 ? b.m : c.m;
            if (m && verb_copy_meta(m, meta, NULL, e) < 0) {
                mat_free(m);
                m = NULL;
            }
        }
    }
    int scalar = c.scalar && a.scalar && b.scalar;
    verb_arg_done(&c);
    verb_arg_done(&a);
    verb_arg_done(&b);
    return verb_result(m, scalar, out, e);
}

/* ---- reductions --------------------------------------------------------- */

/* A reduction over n contiguous values; extra is ddof for var and std.
 * Returns the value (an index for argmin/argmax).  Down the columns the
 * values are first copied out in blocks (see reduce), so every kernel
 * reads memory in order. */
typedef double (*ReduceFn)(const float *p, size_t n, double extra);

/* Four partial sums: independent additions pipeline (and round a little
 * better than one running sum); in double, as NumPy's pairwise float32
 * sums are not exact either. */
static double r_sum(const float *p, size_t n, double x)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    for (; i < n; i++) s0 += p[i];
    return (s0 + s1) + (s2 + s3);
}

static double r_prod(const float *p, size_t n, double x)
{
    double s = 1;
    for (size_t i = 0; i < n; i++) s *= p[i];
    return s;
}

/* The smallest/largest value; any NaN makes it NaN, as in NumPy. */
static double r_min(const float *p, size_t n, double x)
{
    float m = INFINITY;
    int nan = 0;
    for (size_t i = 0; i < n; i++) {
        m = p[i] < m ? p[i] : m;
        nan |= p[i] != p[i];
    }
    return nan ? NAN : m;
}

static double r_max(const float *p, size_t n, double x)
{
    float m = -INFINITY;
    int nan = 0;
    for (size_t i = 0; i < n; i++) {
        m = p[i] > m ? p[i] : m;
        nan |= p[i] != p[i];
    }
    return nan ? NAN : m;
}

static double r_mean(const float *p, size_t n, double x)
{
    return r_sum(p, n, 0) / (double)n;
}

/* Variance with n - ddof in the denominator (NumPy's ddof; 0 = the
 * population variance, 1 = the sample variance), two passes. */
static double r_var(const float *p, size_t n, double ddof)
{
    double mu = r_mean(p, n, 0), s0 = 0, s1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        double d0 = p[i] - mu, d1 = p[i + 1] - mu;
        s0 += d0 * d0;
        s1 += d1 * d1;
    }
    for (; i < n; i++) s0 += (p[i] - mu) * (p[i] - mu);
    return (double)n - ddof > 0 ? (s0 + s1) / ((double)n - ddof) : NAN;
}

static double r_std(const float *p, size_t n, double ddof)
{
    return sqrt(r_var(p, n, ddof));
}

/* Position of the first NaN, or n. */
static size_t first_nan(const float *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != p[i]) return i;
    return n;
}

/* Index of the smallest/largest value (the first of equals); the first
 * NaN wins, as in NumPy.  The value is found first, then its place. */
static double r_argmin(const float *p, size_t n, double x)
{
    double m = r_min(p, n, 0);
    if (isnan(m)) return (double)first_nan(p, n);
    size_t i = 0;
    while (i < n && p[i] != (float)m) i++;
    return (double)i;
}

static double r_argmax(const float *p, size_t n, double x)
{
    double m = r_max(p, n, 0);
    if (isnan(m)) return (double)first_nan(p, n);
    size_t i = 0;
    while (i < n && p[i] != (float)m) i++;
    return (double)i;
}

/* Columns copied out at a time for a reduction down the columns. */
#define COL_BLOCK 16

typedef struct Reduction {
    const char *name;
    ReduceFn fn;
    int needs_values; /* refuses empty input (min, max, mean, std, var, argmin, argmax) */
    int has_ddof;
} Reduction;

/* Reduce X over all values (a number), down the columns (1xC, column
 * names kept) or along the rows (Rx1, row names, labels and row numbers
 * kept). */
static int reduce(const Reduction *r, Value **args, Value **out, Err *e)
{
    int axis;
    if (verb_axis(r->name, 1, args[1], &axis, e) < 0) return -1;
    double ddof = 0;
    if (r->has_ddof) {
        ddof = arg_num(args[2]);
        if (!(ddof >= 0)) return err_param(e, 2, "%s: ddof must be 0 or more, got %g", r->name, ddof);
    }
    NumArg a;
    if (verb_arg(r->name, 0, "X", args[0], &a, e) < 0) return -1;
    const Mat *X = a.m;
    size_t R = X->rows, C = X->cols;
    size_t inner = axis == VERB_ALL ? R * C : axis == 0 ? R : C;
    int rc = -1;
    if (inner == 0 && r->needs_values) {
        err_param(e, 0, "%s: the matrix is empty (%zux%zu)", r->name, R, C);
    } else if (axis == VERB_ALL) {
        rc = verb_number(r->fn(X->data, R * C, ddof), out, e);
    } else {
        Mat *m = axis == 0 ? mat_new_uninit(1, C, e) : mat_new_uninit(R, 1, e);
        float *col = axis == 0 && m ? malloc(COL_BLOCK * (R ? R : 1) * sizeof *col) : NULL;
        if (m && axis == 0 && !col) {
            err_nomem(e, COL_BLOCK * R * sizeof *col, r->name);
            mat_free(m);
            m = NULL;
        }
        if (m) {
            if (axis == 0) /* COL_BLOCK columns at a time, copied out so each is contiguous */
                for (size_t j0 = 0; j0 < C; j0 += COL_BLOCK) {
                    size_t nb = C - j0 < COL_BLOCK ? C - j0 : COL_BLOCK;
                    for (size_t i = 0; i < R; i++)
                        for (size_t b = 0; b < nb; b++) col[b * R + i] = MAT_AT(X, i, j0 + b);
                    for (size_t b = 0; b < nb; b++) m->data[j0 + b] = (float)r->fn(col + b * R, R, ddof);
                }
            else
                for (size_t i = 0; i < R; i++) m->data[i] = (float)r->fn(MAT_ROW(X, i), C, ddof);
            free(col);
            if ((axis == 0 ? mat_copy_col_meta(m, X, NULL, C, e) : mat_copy_row_meta(m, X, NULL, R, e)) < 0) {
                mat_free(m);
                m = NULL;
            }
            if (m) m->img_h = m->img_w = m->img_c = 0;
            rc = verb_result(m, 0, out, e);
        }
    }
    verb_arg_done(&a);
    return rc;
}

#define REDUCER(fname, label, fn, needs, ddof)                                                                     \
    static int fname(Ctx *ctx, Value **args, Value **out, Err *e)                                                  \
    {                                                                                                              \
        static const Reduction r = {label, fn, needs, ddof};                                                       \
        return reduce(&r, args, out, e);                                                                           \
    }
REDUCER(bi_sum, "sum", r_sum, 0, 0)
REDUCER(bi_prod, "prod", r_prod, 0, 0)
REDUCER(bi_min, "min", r_min, 1, 0)
REDUCER(bi_max, "max", r_max, 1, 0)
REDUCER(bi_mean, "mean", r_mean, 1, 0)
REDUCER(bi_var, "var", r_var, 1, 1)
REDUCER(bi_std, "std", r_std, 1, 1)
REDUCER(bi_argmin, "argmin", r_argmin, 1, 0)
REDUCER(bi_argmax, "argmax", r_argmax, 1, 0)

/* Running sums or products: over all values in row-major order (a vector
 * keeps its shape; a matrix becomes a 1xN vector, as NumPy flattens), or
 * down each column / along each row keeping the shape and names. */
static int accumulate(const char *f, int product, Value **args, Value **out, Err *e)
{
    int axis;
    if (verb_axis(f, 1, args[1], &axis, e) < 0) return -1;
    NumArg a;
    if (verb_arg(f, 0, "X", args[0], &a, e) < 0) return -1;
    const Mat *X = a.m;
    size_t R = X->rows, C = X->cols;
    int flat = axis == VERB_ALL && !verb_is_vector(X);
    Mat *m = flat ? mat_new_uninit(1, R * C, e) : mat_clone(X, e);
    int scalar = a.scalar;
    if (m && flat) memcpy(m->data, X->data, R * C * sizeof(float));
    if (m) {
        /* lines of values: all of them, the columns, or the rows */
        size_t lines = axis == 0 ? C : axis == 1 ? R : 1;
        size_t len = axis == 0 ? R : axis == 1 ? C : R * C, stride = axis == 0 ? C : 1;
        for (size_t l = 0; l < lines; l++) {
            float *p = m->data + (axis == 0 ? l : l * len);
            double s = product ? 1 : 0;
            for (size_t i = 0; i < len; i++) {
                s = product ? s * p[i * stride] : s + p[i * stride];
                p[i * stride] = (float)s;
            }
        }
    }
    verb_arg_done(&a);
    return verb_result(m, scalar, out, e);
}

static int bi_cumsum(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return accumulate("cumsum", 0, args, out, e);
}
static int bi_cumprod(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return accumulate("cumprod", 1, args, out, e);
}

#define X_NUMS {"X", P_ANY, NULL}
#define AXIS {"axis", P_INT, "none"}
const Builtin builtins_math[] = {
    {"abs", bi_abs, "absolute value of each element", "math", {X_NUMS}, "abs([-1.5, 2])", 0},
    {"sqrt", bi_sqrt, "square root of each element", "math", {X_NUMS}, "sqrt([4, 9])", 0},
    {"exp", bi_exp, "e to the power of each element", "math", {X_NUMS}, "exp(1)", 0},
    {"log", bi_log, "natural logarithm of each element", "math", {X_NUMS}, "log(2)", 0},
    {"tanh", bi_tanh, "hyperbolic tangent of each element", "math", {X_NUMS}, "tanh([-1, 0, 1])", 0},
    {"sigmoid", bi_sigmoid, "logistic function 1/(1+e^-x) of each element", "math", {X_NUMS}, "sigmoid([-2, 0, 2])",
     0},
    {"round", bi_round, "round to decimals= places, halves to even as NumPy (round(2.5) is 2)", "math",
     {X_NUMS, {"decimals", P_INT, "0"}}, "round(mean(X, axis=0), decimals=1)", 0},
    {"floor", bi_floor, "largest integer not above each element", "math", {X_NUMS}, "floor([-1.5, 1.5])", 0},
    {"ceil", bi_ceil, "smallest integer not below each element", "math", {X_NUMS}, "ceil([-1.5, 1.5])", 0},
    {"clip", bi_clip, "limit values to [lo, hi] (either may be none)", "math",
     {X_NUMS, {"lo", P_NUM, "none"}, {"hi", P_NUM, "none"}}, "clip(X, 0, 1)", 0},
    {"maximum", bi_maximum, "elementwise larger of a and b (broadcast as in NumPy)", "math",
     {{"a", P_ANY, NULL}, {"b", P_ANY, NULL}}, "maximum(X, 0)", 0},
    {"minimum", bi_minimum, "elementwise smaller of a and b (broadcast as in NumPy)", "math",
     {{"a", P_ANY, NULL}, {"b", P_ANY, NULL}}, "minimum(X, 1)", 0},
    {"where", bi_where, "a where cond is nonzero, else b; with cond alone, the positions of its nonzero values",
     "math", {{"cond", P_ANY, NULL}, {"a", P_ANY, "none"}, {"b", P_ANY, "none"}}, "where(X > 0, X, 0)", 0},
    {"sum", bi_sum, "sum of all values, or per column (axis=0) or row (axis=1)", "stats", {X_NUMS, AXIS},
     "sum(X, axis=0)", 0},
    {"prod", bi_prod, "product of all values, or per column (axis=0) or row (axis=1)", "stats", {X_NUMS, AXIS},
     "prod([1, 2, 3, 4])", 0},
    {"min", bi_min, "smallest value, or per column (axis=0) or row (axis=1)", "stats", {X_NUMS, AXIS},
     "min(X, axis=0)", 0},
    {"max", bi_max, "largest value, or per column (axis=0) or row (axis=1)", "stats", {X_NUMS, AXIS},
     "max(X, axis=1)", 0},
    {"mean", bi_mean, "mean of all values, or per column (axis=0) or row (axis=1)", "stats", {X_NUMS, AXIS},
     "mean(X, axis=0)", 0},
    {"var", bi_var, "variance (divided by n - ddof) of all values, or per column/row", "stats",
     {X_NUMS, AXIS, {"ddof", P_NUM, "0"}}, "var(X, axis=0, ddof=1)", 0},
    {"std", bi_std, "standard deviation (divided by n - ddof) of all values, or per column/row", "stats",
     {X_NUMS, AXIS, {"ddof", P_NUM, "0"}}, "std(X, axis=0)", 0},
    {"argmin", bi_argmin, "position of the smallest value (of all, in row-major order), or per column/row",
     "stats", {X_NUMS, AXIS}, "argmin(X, axis=1)", 0},
    {"argmax", bi_argmax, "position of the largest value (of all, in row-major order), or per column/row",
     "stats", {X_NUMS, AXIS}, "argmax(norm(X - mean(X, axis=0), axis=1))", 0},
    {"cumsum", bi_cumsum, "running sums (of all values, or down columns with axis=0, along rows with axis=1)",
     "stats", {X_NUMS, AXIS}, "cumsum(pca(X, 4).explained)", 0},
    {"cumprod", bi_cumprod, "running products (of all values, or down columns / along rows)", "stats",
     {X_NUMS, AXIS}, "cumprod([1, 2, 3])", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
