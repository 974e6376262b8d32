/* umap_curve.c — the a and b of UMAP's low-dimensional similarity
 * 1 / (1 + a d^2b), fitted to the curve min_dist and spread describe:
 * 1 up to min_dist, then exp(-(d - min_dist) / spread) (McInnes, Healy &
 * Melville 2018, section 3; umap-learn's find_ab_params fits the same
 * 300 points with scipy's curve_fit).  The least-squares problem is solved
 * by Levenberg-Marquardt (Marquardt 1963) from a = b = 1, curve_fit's
 * start. */
#include <math.h>

#include "reduce/umap.h"

#define NPTS 300

/* Sum of squared residuals at (a, b); with jtj/jtr (may be NULL) the
 * normal equations' J^T J and J^T r. */
static double residuals(const double *x, const double *y, double a, double b, double jtj[3],
                        double jtr[2])
{
    double s = 0;
    if (jtj) jtj[0] = jtj[1] = jtj[2] = jtr[0] = jtr[1] = 0;
    for (int i = 0; i < NPTS; i++) {
        double p = x[i] > 0 ? pow(x[i], 2 * b) : 0, q = 1 / (1 + a * p), r = q - y[i];
        s += r * r;
        if (!jtj) continue;
        /* d q / d a = -p q^2;  d q / d b = -a p 2 ln x q^2 */
        double ga = -p * q * q, gb = x[i] > 0 ? -a * p * 2 * log(x[i]) * q * q : 0;
        jtj[0] += ga * ga;
        jtj[1] += ga * gb;
        jtj[2] += gb * gb;
        jtr[0] += ga * r;
        jtr[1] += gb * r;
    }
    return s;
}

int umap_fit_ab(double spread, double min_dist, double *a_out, double *b_out, Err *e)
{
    if (!(spread > 0) || !isfinite(spread))
        return err_about(e, "spread", "umap: spread must be above 0, got %g", spread);
    if (!(min_dist >= 0) || min_dist > spread)
        return err_about(e, "min_dist", "umap: min_dist must be between 0 and spread (%g), got %g", spread,
                       min_dist);
    double x[NPTS], y[NPTS];
    for (int i = 0; i < NPTS; i++) {
        x[i] = spread * 3 * i / (NPTS - 1);
        y[i] = x[i] < min_dist ? 1 : exp(-(x[i] - min_dist) / spread);
    }
    double a = 1, b = 1, lambda = 1e-3, jtj[3], jtr[2];
    double s = residuals(x, y, a, b, jtj, jtr);
    for (int it = 0; it < 1000; it++) {
        /* (J^T J + lambda diag(J^T J)) step = -J^T r */
        double m0 = jtj[0] * (1 + lambda), m2 = jtj[2] * (1 + lambda),
               det = m0 * m2 - jtj[1] * jtj[1];
        if (!(fabs(det) > 0)) break;
        double da = -(m2 * jtr[0] - jtj[1] * jtr[1]) / det,
               db = -(m0 * jtr[1] - jtj[1] * jtr[0]) / det;
        double na = a + da, nb = b + db, ns = residuals(x, y, na, nb, NULL, NULL);
        if (isfinite(ns) && ns <= s) {
            int done =
                fabs(da) <= 1e-13 * (fabs(a) + 1e-13) && fabs(db) <= 1e-13 * (fabs(b) + 1e-13);
            a = na, b = nb;
            done = done || s - ns <= 1e-16 * s;
            s = residuals(x, y, a, b, jtj, jtr);
            lambda = lambda / 10 > 1e-12 ? lambda / 10 : 1e-12;
            if (done) break;
        } else {
            lambda *= 10;
            if (lambda > 1e12) break;
        }
    }
    if (!isfinite(a) || !isfinite(b) || !(a > 0) || !(b > 0))
        return err_set(e, "umap: cannot fit the curve for min_dist %g and spread %g", min_dist,
                       spread);
    *a_out = a;
    *b_out = b;
    return 0;
}
