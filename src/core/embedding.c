/* embedding.c - an embedding layer: a lookup of columns and its gradient,
 * a scatter-add of columns.  No one-hot matrix is ever formed: the
 * forward pass copies d numbers per symbol, the backward pass adds d.
 *
 * idx holds n symbol indices, 1..V, or 0 for padding (an all-zero column
 * forward, no gradient backward).  The caller checks the indices; these
 * functions refuse an index beyond V with RNN_ERR_ARG before writing
 * anything.
 */
#ifndef REAL
#include "internal.h"

/* first index beyond V, or n when all are in 0..V */
static size_t first_bad (const size_t *idx, size_t n, size_t V)
{
    for (size_t j = 0; j < n; j++)
        if (idx[j] > V) return j;
    return n;
}

#define RNN_SELF "embedding.c"
#include "typed.h"

#else   /* ---- typed part ---- */

/* Y(:, j) := E(:, idx[j]) (zeros for idx[j] = 0).  E [d, V], Y [d, n] */
rnn_status F(rnn_embedding_forward) (REAL *Y, const REAL *E, const size_t *idx,
                                     size_t d, size_t V, size_t n)
{
    if (first_bad (idx, n, V) < n) return RNN_ERR_ARG;
    if (d == 0) return RNN_OK;
    for (size_t j = 0; j < n; j++) {
        REAL *y = Y + j * d;
        if (idx[j] == 0)
            memset (y, 0, d * sizeof *y);
        else
            memcpy (y, E + (idx[j] - 1) * d, d * sizeof *y);
    }
    return RNN_OK;
}

/* dE := 0, then dE(:, idx[j]) += dY(:, j) for every j with idx[j] > 0, in
 * the order of j (so the sums are the same on every run).
 * dY [d, n], dE [d, V] */
rnn_status F(rnn_embedding_backward) (REAL *dE, const REAL *dY,
                                      const size_t *idx, size_t d, size_t V,
                                      size_t n)
{
    if (first_bad (idx, n, V) < n) return RNN_ERR_ARG;
    if (d == 0 || V == 0) return RNN_OK;
    memset (dE, 0, d * V * sizeof *dE);
    for (size_t j = 0; j < n; j++) {
        if (idx[j] == 0) continue;
        REAL *restrict g = dE + (idx[j] - 1) * d;
        const REAL *restrict y = dY + j * d;
        for (size_t i = 0; i < d; i++)
            g[i] += y[i];
    }
    return RNN_OK;
}

#endif
