/* gen.c — dv source from fuzzer bytes; see gen.h. */
#include "tests/fuzz/gen.h"

#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"

/* Output stays below this many bytes (a stress choice alone may use most). */
#define GEN_OUT_MAX (1u << 20)
/* The generator's own recursion (expressions inside expressions). */
#define GEN_DEPTH_MAX 7
#define GEN_STMTS_MAX 24

typedef struct Gen {
    const uint8_t *d;
    size_t n, i;
    char *out;
    size_t len, cap;
    int oom;
    int depth;      /* expression nesting of the generator itself */
    int block;      /* statement blocks open around the current statement */
    int in_fn, in_loop;
    int big; /* large stress counts used so far (one per program) */
} Gen;

static const char *const numbers[] = {
    "0",    "1",    "2",     "3",     "-1",    "0.5",        "10",         "100",
    "1e300", "1e-300", "1e999", "1e-50", "1e6",  "2147483648", "4294967296", "9007199254740993",
    "1e18", "0.25", "7",     "1000000000", "3.5", "nan",     "inf",        "-0",
    /* float32's edges: matrices hold floats, so these are the values that
     * overflow a sum, a range or a square (hist of 3e38 once gave a NaN
     * bin), and denormals that underflow a scale to zero */
    "3e38", "-3e38", "1e38", "1e-45", "1e-38", "-1e30", "65536",
};
static const char *const strings[] = {
    "\"x.csv\"",   "\"w.vec\"",  "\"w.bin\"",   "\"w.txt\"",   "\"m.npy\"",  "\"d.idx\"",
    "\"faces\"",   "\"out.csv\"", "\"out.tsv\"", "\"out.svg\"", "\"out.png\"", "\"out.npy\"",
    "\"out.vec\"", "\"label\"",  "\"class\"",   "\"auto\"",    "\"csv\"",    "\"exact\"",
    "\"bh\"",      "\"fft\"",    "\"random\"",  "\"pca\"",     "\"\"",       "\"king\"",
    "\"a\"",       "\"é\"",      "\"\\n\"",     "\"x\\ty\"",   "\"none\"",   "\"word2vec\"",
    "\"glove\"",   "\"sgns\"",   "\"cbow\"",    "\"nosuch.csv\"", "\"\\u00e9\"", "\"\\\"\"",
};
static const char *const names[] = {"X", "Y", "L", "E", "P", "G", "C", "R", "J", "a", "b", "s", "f", "g", "i", "T",
                                    "Z", "none", "true", "false", "args"};
static const char *const fields[] = {"rows",   "cols",    "shape",     "labels",  "classes",
                                     "names",  "colnames", "T",        "scores",  "components",
                                     "explained", "mean",   "vectors", "kl",      "loss",
                                     "nosuch", "cumulative", "singular", "codes", "iters"};
static const char *const binops[] = {"+",  "-",  "*",  "/",   "@",  "==", "!=", "<",
                                     ">",  "<=", ">=", "**",  "and", "or", "%"};
/* Matrices for a P_MAT argument: besides the prelude's, the shapes and
 * values a builtin can be given by mistake: empty, one row, one column,
 * values at float32's edges, infinities and NaN, all equal. */
static const char *const mats[] = {"X",        "Y",         "Z",          "X[0:1]",    "X[:, 0:1]",
                                   "zeros(0, 5)", "zeros(1, 0)", "X * 1e38", "X * 1e-40", "X / 0",
                                   "ones(24, 5)", "[[3e38, -3e38], [3e38, 3e38]]", "[[nan, 1], [inf, -inf]]"};
/* The prelude's models (fuzz_eval.c): pca, gan, cgan, rnn, joint. */
static const char *const models[] = {"P", "G", "C", "R", "J"};
static const char *const words[] = {"king", "queen", "man", "woman", "paris", "nosuchword"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned byte(Gen *g)
{
    return g->i < g->n ? g->d[g->i++] : 0;
}

static int more(const Gen *g)
{
    return g->i < g->n && !g->oom && g->len < GEN_OUT_MAX;
}

static unsigned pick(Gen *g, unsigned k)
{
    return k ? byte(g) % k : 0;
}

/* A count for stress choices: mostly small; once per program larger, up to
 * 2,000 and now and then up to GEN_STRESS_MAX (so that one deep construct
 * does not drown the rest, and most inputs stay quick to run). */
static unsigned count(Gen *g)
{
    unsigned c = byte(g);
    if (c < 200 || g->big) return c % 40;
    g->big++;
    unsigned v = (byte(g) << 8) | byte(g);
    unsigned max = c >= 250 ? GEN_STRESS_MAX : GEN_STRESS_MAX < 2000 ? GEN_STRESS_MAX : 2000;
    return v % (max + 1);
}

static void put(Gen *g, const char *s)
{
    size_t k = strlen(s);
    if (g->oom) return;
    if (g->len + k + 1 > g->cap) {
        size_t cap = g->cap ? g->cap : 256;
        while (g->len + k + 1 > cap) cap *= 2;
        char *o = realloc(g->out, cap);
        if (!o) {
            g->oom = 1;
            return;
        }
        g->out = o;
        g->cap = cap;
    }
    memcpy(g->out + g->len, s, k + 1);
    g->len += k;
}

static void put_n(Gen *g, const char *s, unsigned n)
{
    for (unsigned k = 0; k < n && g->len < GEN_OUT_MAX && !g->oom; k++) put(g, s);
}

static void expr(Gen *g);
static void stmts(Gen *g, unsigned max);

static void atom(Gen *g)
{
    switch (pick(g, 4)) {
    case 0: put(g, numbers[pick(g, COUNT(numbers))]); break;
    case 1: put(g, strings[pick(g, COUNT(strings))]); break;
    case 2: put(g, words[pick(g, COUNT(words))]); break;
    default: put(g, names[pick(g, COUNT(names))]); break;
    }
}

static size_t builtin_count(void)
{
    static size_t n;
    if (!n)
        while (builtin_at(n)) n++;
    return n;
}

/* An argument of type t: usually of that type, sometimes anything. */
static void typed_arg(Gen *g, ParamType t)
{
    if (pick(g, 8) == 0) {
        expr(g);
        return;
    }
    switch (t) {
    case P_NUM:
    case P_INT: put(g, numbers[pick(g, COUNT(numbers))]); break;
    case P_BOOL: put(g, pick(g, 2) ? "true" : "false"); break;
    case P_STR: put(g, strings[pick(g, COUNT(strings))]); break;
    case P_MAT: put(g, mats[pick(g, COUNT(mats))]); break;
    case P_MODEL: put(g, models[pick(g, COUNT(models))]); break;
    default: expr(g); break;
    }
}

/* A builtin call from the table; command form (no parentheses) when cmd. */
static void call(Gen *g, int cmd)
{
    const Builtin *b = builtin_at(pick(g, (unsigned)builtin_count()));
    if (!b) return;
    int np = 0;
    while (np < BUILTIN_MAX_PARAMS && b->params[np].name) np++;
    put(g, b->name);
    put(g, cmd ? " " : "(");
    unsigned nargs = pick(g, (unsigned)np + 2); /* one more than allowed, now and then */
    int first = 1;
    for (unsigned k = 0; k < nargs && more(g); k++) {
        if (!first) put(g, ", ");
        first = 0;
        if ((int)k < np && pick(g, 4) == 0 && b->params[k].name[0] != '.') {
            put(g, b->params[k].name);
            put(g, "=");
        }
        typed_arg(g, (int)k < np ? b->params[k].type : P_ANY);
    }
    if (!cmd) put(g, ")");
}

static void index_item(Gen *g)
{
    switch (pick(g, 6)) {
    case 0: put(g, ":"); break;
    case 1:
        if (pick(g, 2)) expr(g);
        put(g, ":");
        if (pick(g, 2)) expr(g);
        break;
    case 2: put(g, "[true, false, true]"); break;
    case 3: put(g, words[pick(g, COUNT(words))][0] == 'n' ? "\"nosuch\"" : "\"king\""); break;
    default: expr(g); break;
    }
}

static void matrix_literal(Gen *g)
{
    unsigned r = 1 + pick(g, 4), c = 1 + pick(g, 4);
    put(g, "[");
    for (unsigned i = 0; i < r; i++) {
        put(g, i ? ", [" : "[");
        for (unsigned j = 0; j < c; j++) {
            if (j) put(g, ", ");
            put(g, numbers[pick(g, COUNT(numbers))]);
        }
        put(g, "]");
    }
    put(g, "]");
}

/* What byte mutation cannot reach: thousands of nested brackets, lists,
 * minus signs or calls, and long chains of operators. */
static void stress(Gen *g)
{
    unsigned n = count(g);
    switch (pick(g, 6)) {
    case 0:
        put_n(g, "(", n);
        atom(g);
        put_n(g, ")", n);
        break;
    case 1:
        put_n(g, "[", n);
        atom(g);
        put_n(g, "]", n);
        break;
    case 2:
        put_n(g, "-", n);
        atom(g);
        break;
    case 3: {
        const char *op = binops[pick(g, COUNT(binops))];
        atom(g);
        for (unsigned k = 0; k < n && g->len < GEN_OUT_MAX && !g->oom; k++) {
            put(g, " ");
            put(g, op);
            put(g, " ");
            put(g, k % 2 ? "1" : "a");
        }
        break;
    }
    case 4:
        put_n(g, "abs(", n);
        atom(g);
        put_n(g, ")", n);
        break;
    default:
        atom(g);
        put_n(g, "[0]", n);
        break;
    }
}

static void expr(Gen *g)
{
    if (g->depth >= GEN_DEPTH_MAX || !more(g)) {
        atom(g);
        return;
    }
    g->depth++;
    switch (pick(g, 16)) {
    case 0:
    case 1: atom(g); break;
    case 2:
    case 3:
        expr(g);
        put(g, " ");
        put(g, binops[pick(g, COUNT(binops))]);
        put(g, " ");
        expr(g);
        break;
    case 4:
        put(g, pick(g, 4) ? "-" : "not ");
        expr(g);
        break;
    case 5:
        put(g, "(");
        expr(g);
        put(g, ")");
        break;
    case 6: {
        unsigned k = pick(g, 5);
        put(g, "[");
        for (unsigned j = 0; j < k; j++) {
            if (j) put(g, ", ");
            expr(g);
        }
        put(g, "]");
        break;
    }
    case 7: matrix_literal(g); break;
    case 8:
    case 9: call(g, 0); break;
    case 10:
    case 11: {
        unsigned k = 1 + pick(g, 2);
        expr(g);
        put(g, "[");
        for (unsigned j = 0; j < k; j++) {
            if (j) put(g, ", ");
            index_item(g);
        }
        put(g, "]");
        break;
    }
    case 12:
        expr(g);
        put(g, ".");
        put(g, fields[pick(g, COUNT(fields))]);
        break;
    case 13:
        put(g, pick(g, 2) ? "f(" : "g(");
        expr(g);
        put(g, ")");
        break;
    case 14: stress(g); break;
    default: put(g, names[pick(g, COUNT(names))]); break;
    }
    g->depth--;
}

static void stmt(Gen *g)
{
    switch (pick(g, 16)) {
    case 0:
    case 1:
    case 2:
        put(g, names[pick(g, 12)]);
        put(g, " = ");
        expr(g);
        break;
    case 3:
    case 4: expr(g); break;
    case 5:
    case 6: call(g, 1); break;
    case 7:
        put(g, names[pick(g, 4)]);
        put(g, "[");
        index_item(g);
        if (pick(g, 2)) {
            put(g, ", ");
            index_item(g);
        }
        put(g, "] = ");
        expr(g);
        break;
    case 8:
        if (g->block > 3) break;
        put(g, "for i in ");
        expr(g);
        put(g, " do\n");
        g->block++, g->in_loop++;
        stmts(g, 3);
        g->block--, g->in_loop--;
        put(g, "end");
        break;
    case 9:
        if (g->block > 3) break;
        put(g, "while ");
        expr(g);
        put(g, " do\n");
        g->block++, g->in_loop++;
        stmts(g, 3);
        g->block--, g->in_loop--;
        put(g, "end");
        break;
    case 10:
        if (g->block > 3) break;
        put(g, "if ");
        expr(g);
        put(g, " then\n");
        g->block++;
        stmts(g, 2);
        if (pick(g, 2)) {
            put(g, "elif ");
            expr(g);
            put(g, " then\n");
            stmts(g, 2);
        }
        if (pick(g, 2)) {
            put(g, "else\n");
            stmts(g, 2);
        }
        g->block--;
        put(g, "end");
        break;
    case 11:
        if (g->block > 3) break;
        put(g, pick(g, 2) ? "fn f(a, b=1)\n" : "fn g(x)\n");
        g->block++, g->in_fn++;
        stmts(g, 3);
        put(g, "return ");
        expr(g);
        g->block--, g->in_fn--;
        put(g, "\nend");
        break;
    case 12:
        put(g, pick(g, 2) ? "break" : "continue");
        break;
    case 13: stress(g); break;
    case 14:
        put(g, "use E");
        break;
    default:
        put(g, "print ");
        expr(g);
        break;
    }
}

static void stmts(Gen *g, unsigned max)
{
    unsigned k = 1 + pick(g, max);
    for (unsigned j = 0; j < k && more(g); j++) {
        stmt(g);
        put(g, pick(g, 8) ? "\n" : "; ");
    }
}

char *gen_program(const uint8_t *data, size_t size, const char *sep, size_t *len)
{
    Gen g;
    memset(&g, 0, sizeof g);
    g.d = data;
    g.n = size;
    put(&g, "");
    for (unsigned k = 0; k < GEN_STMTS_MAX && more(&g); k++) {
        stmt(&g);
        put(&g, sep);
    }
    if (g.oom) {
        free(g.out);
        return NULL;
    }
    *len = g.len;
    return g.out;
}
