/* ops_rank.c — the bidirectional margin ranking loss (ops_rank.h). */
#include "nn/ops_rank.h"

#include "nn/op_impl.h"

static inline float m_plus(float x)
{
    return x > 0 ? x : 0;
}

/* aux: for hardest, 2N indices: the hardest wrong j of row i (a to b) and
 * of column i (b to a), or N when no term is active. */
static int rank_back(NnGraph *g, NnTensor *t)
{
    NnTensor *S = t->in[0];
    size_t N = S->shape[0];
    float m = t->farg[0], k = t->grad[0] / (float)N;
    const float *s = S->data;
    float *d = S->grad;
    (void)g;
    if (t->iarg[0]) {
        const size_t *hard = t->aux;
        for (size_t i = 0; i < N; i++) {
            size_t j = hard[i], q = hard[N + i];
            if (j < N) {
                d[i * N + j] += k;
                d[i * N + i] -= k;
            }
            if (q < N) {
                d[q * N + i] += k;
                d[i * N + i] -= k;
            }
        }
        return 0;
    }
    for (size_t i = 0; i < N; i++) {
        float sii = s[i * N + i];
        for (size_t j = 0; j < N; j++) {
            if (j == i) continue;
            if (m - sii + s[i * N + j] > 0) {
                d[i * N + j] += k;
                d[i * N + i] -= k;
            }
            if (m - sii + s[j * N + i] > 0) {
                d[j * N + i] += k;
                d[i * N + i] -= k;
            }
        }
    }
    return 0;
}

static const NnOp op_rank = {"rank_hinge", rank_back};

NnTensor *nn_rank_hinge(NnGraph *g, NnTensor *S, float margin, int hardest)
{
    if (nn_failed(g) || !S) return NULL;
    if (S->nd != 2 || S->shape[0] != S->shape[1] || S->shape[0] < 2) {
        char buf[64];
        return nn_graph_fail(g,
                             "rank_hinge: scores must be a square matrix of at least 2x2, got %s",
                             nn_shape_str(S, buf, sizeof buf));
    }
    size_t N = S->shape[0];
    NnTensor *t = nn_tensor(g, &op_rank, 1, (const size_t[]){1}, S, NULL, NULL);
    if (!t) return NULL;
    t->iarg[0] = hardest ? 1 : 0;
    t->farg[0] = margin;
    size_t *hard = NULL;
    if (hardest && !(hard = t->aux = nn_graph_alloc(g, 2 * N * sizeof *hard))) return NULL;
    const float *s = S->data;
    double L = 0;
    for (size_t i = 0; i < N; i++) {
        float sii = s[i * N + i];
        float best_r = 0, best_c = 0;
        size_t jr = N, jc = N;
        for (size_t j = 0; j < N; j++) {
            if (j == i) continue;
            float r = m_plus(margin - sii + s[i * N + j]), c = m_plus(margin - sii + s[j * N + i]);
            if (hardest) {
                if (r > best_r) best_r = r, jr = j;
                if (c > best_c) best_c = c, jc = j;
            } else {
                L += (double)r + c;
            }
        }
        if (hardest) {
            L += (double)best_r + best_c;
            hard[i] = jr;
            hard[N + i] = jc;
        }
    }
    t->data[0] = (float)(L / (double)N);
    return t;
}
