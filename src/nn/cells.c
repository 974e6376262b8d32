/* cells.c — recurrent cells as compositions of the tape's ops (cells.h). */
#include "nn/cells.h"

#include <string.h>

#include "nn/op_impl.h"

static const char *const names[] = {"rnn", "gru", "lstm"};

int nn_cell_kind(const char *name)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(name, names[k]) == 0) return k;
    return -1;
}

const char *nn_cell_name(NnCellKind k)
{
    return (unsigned)k < 3 ? names[k] : "?";
}

size_t nn_cell_gates(NnCellKind k)
{
    return k == NN_CELL_GRU ? 3 : k == NN_CELL_LSTM ? 4 : 1;
}

NnTensor *nn_cell_step(NnGraph *g, NnCellKind k, NnTensor *xp, NnTensor *h, NnTensor *c,
                       NnTensor *Wh, NnTensor *bh, NnTensor **c_out)
{
    if (c_out) *c_out = NULL;
    if (nn_failed(g) || !xp || !h || !Wh) return NULL;
    size_t H = h->shape[h->nd - 1], G = nn_cell_gates(k);
    if (xp->nd != 2 || h->nd != 2 || xp->shape[0] != h->shape[0] || xp->shape[1] != G * H ||
        Wh->nd != 2 || Wh->shape[0] != H || Wh->shape[1] != G * H)
        return nn_graph_fail(g,
                             "%s cell: input projection %zux%zu, state %zux%zu, Wh %zux%zu "
                             "do not fit (%zu gates)",
                             nn_cell_name(k), xp->shape[0], xp->nd > 1 ? xp->shape[1] : 1,
                             h->shape[0], H, Wh->shape[0], Wh->nd > 1 ? Wh->shape[1] : 1, G);
    NnTensor *hh = nn_linear(g, h, Wh, bh);
    switch (k) {
    case NN_CELL_RNN:
        return nn_tanh(g, nn_add(g, xp, hh));
    case NN_CELL_GRU: {
        NnTensor *r = nn_sigmoid(g, nn_add(g, nn_slice(g, xp, 0, H), nn_slice(g, hh, 0, H)));
        NnTensor *z = nn_sigmoid(g, nn_add(g, nn_slice(g, xp, H, H), nn_slice(g, hh, H, H)));
        NnTensor *n = nn_tanh(
            g, nn_add(g, nn_slice(g, xp, 2 * H, H), nn_mul(g, r, nn_slice(g, hh, 2 * H, H))));
        /* (1 - z) n + z h = n + z (h - n) */
        return nn_add(g, n, nn_mul(g, z, nn_sub(g, h, n)));
    }
    case NN_CELL_LSTM: {
        if (!c) return nn_graph_fail(g, "lstm cell: no cell state");
        NnTensor *a = nn_add(g, xp, hh);
        NnTensor *i = nn_sigmoid(g, nn_slice(g, a, 0, H));
        NnTensor *f = nn_sigmoid(g, nn_slice(g, a, H, H));
        NnTensor *gg = nn_tanh(g, nn_slice(g, a, 2 * H, H));
        NnTensor *o = nn_sigmoid(g, nn_slice(g, a, 3 * H, H));
        NnTensor *c2 = nn_add(g, nn_mul(g, f, c), nn_mul(g, i, gg));
        if (c_out) *c_out = c2;
        return nn_mul(g, o, nn_tanh(g, c2));
    }
    }
    return nn_graph_fail(g, "cell: unknown kind %d", (int)k);
}
