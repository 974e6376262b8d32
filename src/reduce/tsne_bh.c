/* tsne_bh.c — Barnes-Hut repulsion for 2-D t-SNE (van der Maaten 2014).
 *
 * A quadtree over the map keeps each cell's point count and centre of
 * mass.  For a point y_i, a cell of width w whose centre of mass is at
 * distance d stands in for all its points when w / d < theta: it adds
 * count * w_ic^2 (y_i - y_c) to the repulsion and count * w_ic to Z, with
 * w_ic = 1 / (1 + d^2).  theta = 0 visits every point (exact).
 */
#include <math.h>
#include <stdlib.h>

#include "reduce/tsne_impl.h"

typedef struct QNode {
    double cx, cy, hw; /* cell centre and half width */
    double mx, my;     /* centre of mass (a leaf: its point) */
    int count;
    int child; /* index of the first of 4 children, or -1 (leaf) */
} QNode;

struct TsneBh {
    QNode *nodes;
    size_t n, cap;
};

TsneBh *tsne_bh_new(Err *e)
{
    TsneBh *b = calloc(1, sizeof *b);
    if (!b) err_nomem(e, sizeof *b, "tsne quadtree");
    return b;
}

void tsne_bh_free(TsneBh *b)
{
    if (!b) return;
    free(b->nodes);
    free(b);
}

static int new_node(TsneBh *t, double cx, double cy, double hw)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        QNode *nn = realloc(t->nodes, cap * sizeof *nn);
        if (!nn) return -1;
        t->nodes = nn;
        t->cap = cap;
    }
    t->nodes[t->n] = (QNode){cx, cy, hw, 0, 0, 0, -1};
    return (int)t->n++;
}

/* Internal nodes hold running sums of positions in mx, my while the tree
 * is built (divided by count afterwards); leaves hold their point. */
static int insert(TsneBh *t, int node, double x, double y)
{
    for (int depth = 0;; depth++) {
        QNode *q = &t->nodes[node];
        if (q->child < 0) {
            if (q->count == 0) {
                q->mx = x;
                q->my = y;
                q->count = 1;
                return 0;
            }
            if (depth > 48 || (q->mx == x && q->my == y)) { /* duplicates share a leaf */
                q->count++;
                return 0;
            }
            /* split: move the resident point(s) into a child */
            double px = q->mx, py = q->my, cx = q->cx, cy = q->cy, h = q->hw / 2;
            int pc = q->count, first = -1;
            for (int c = 0; c < 4; c++) {
                int id = new_node(t, cx + (c & 1 ? h : -h), cy + (c & 2 ? h : -h), h);
                if (id < 0) return -1;
                if (c == 0) first = id;
            }
            q = &t->nodes[node];
            q->child = first;
            QNode *ch = &t->nodes[first + ((px > cx) | ((py > cy) << 1))];
            ch->mx = px;
            ch->my = py;
            ch->count = pc;
            q->mx = px * pc;
            q->my = py * pc;
        }
        q->mx += x;
        q->my += y;
        q->count++;
        node = q->child + ((x > q->cx) | ((y > q->cy) << 1));
    }
}

static int build(TsneBh *t, const double *Y, size_t n)
{
    double bx[4];
    tsne_bounds(Y, n, bx);
    double minx = bx[0], miny = bx[1], maxx = bx[2], maxy = bx[3];
    double hw = fmax(maxx - minx, maxy - miny) / 2 * 1.0001 + 1e-12;
    t->n = 0;
    if (new_node(t, (minx + maxx) / 2, (miny + maxy) / 2, hw) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (insert(t, 0, Y[2 * i], Y[2 * i + 1]) < 0) return -1;
    for (size_t i = 0; i < t->n; i++) {
        QNode *q = &t->nodes[i];
        if (q->child >= 0 && q->count > 0) {
            q->mx /= q->count;
            q->my /= q->count;
        }
    }
    return 0;
}

typedef struct Walk {
    const TsneBh *t;
    const double *Y;
    size_t n;
    double theta2;
    double *R, *zi;
    int nt;
} Walk;

/* Walk the tree for the point (x, y).  self: (x, y) is one of the tree's
 * points, whose leaf (distance 0) adds neither force nor its own w = 1. */
static void walk(const QNode *nodes, double x, double y, double theta2, int self, double r[2], double *zout)
{
    int stack[4 * 64];
    double fx = 0, fy = 0, z = 0;
    int sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
        const QNode *q = &nodes[stack[--sp]];
        if (q->count == 0) continue;
        double dx = x - q->mx, dy = y - q->my, d2 = dx * dx + dy * dy, width = 2 * q->hw;
        if (q->child < 0 || width * width < theta2 * d2) {
            int cnt = q->count;
            if (d2 == 0) { /* on a leaf's point(s): w = 1 each, no force */
                z += self ? cnt - 1 : cnt;
                continue;
            }
            double qq = 1 / (1 + d2), m = cnt * qq * qq;
            z += cnt * qq;
            fx += m * dx;
            fy += m * dy;
        } else {
            /* depth is at most 49, so 3 * 49 + 4 entries fit */
            for (int c = 0; c < 4; c++) stack[sp++] = q->child + c;
        }
    }
    r[0] = fx;
    r[1] = fy;
    *zout = z;
}

static void walk_task(void *arg, int task)
{
    Walk *w = arg;
    size_t a = pool_split(w->n, task, w->nt), b = pool_split(w->n, task + 1, w->nt);
    for (size_t i = a; i < b; i++) walk(w->t->nodes, w->Y[2 * i], w->Y[2 * i + 1], w->theta2, 1, w->R + 2 * i, w->zi + i);
}

int tsne_bh_build(TsneBh *t, const double *Y, size_t n, Err *e)
{
    return build(t, Y, n) < 0 ? err_nomem(e, t->cap * 2 * sizeof(QNode), "tsne quadtree") : 0;
}

void tsne_bh_query(const TsneBh *t, double x, double y, double theta, double r[2], double *z)
{
    walk(t->nodes, x, y, theta * theta, 0, r, z);
}

int tsne_bh_repulsion(TsneBh *t, const double *Y, size_t n, double theta, Pool *pool, double *R, double *zi,
                      double *Z, Err *e)
{
    if (build(t, Y, n) < 0) return err_nomem(e, t->cap * 2 * sizeof(QNode), "tsne quadtree");
    int nt = pool_threads(pool) * 8;
    Walk w = {t, Y, n, theta * theta, R, zi, nt};
    pool_run(pool, nt, walk_task, &w);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += zi[i]; /* in order: the same for any thread count */
    *Z = s;
    return 0;
}
