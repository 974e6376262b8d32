/* tsne_fft.h — FFT-accelerated repulsion for t-SNE (see tsne_fft.c). */
#ifndef DV_REDUCE_TSNE_FFT_H
#define DV_REDUCE_TSNE_FFT_H

#include "reduce/tsne.h"

typedef struct TsneFft TsneFft;

/* Gradient of KL at Y (n x 2) with the repulsion from the grid; *state
 * keeps the FFT plans and buffers between calls (start with NULL, free
 * with tsne_fft_free). */
int tsne_grad_fft(const SparseP *P, const double *Y, size_t n, double exag, int threads, TsneFft **state,
                  double *grad, double *zsum, Err *e);
void tsne_fft_free(TsneFft *f);

#endif
