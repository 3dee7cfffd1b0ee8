/* rnn.c - the vanilla (Elman) RNN cell:  h = act(W x + b + R h_prev + bR),
 * act = tanh or relu; with a recurrent dropout mask M, R (M.*h_prev)
 * instead of R h_prev (rnn_core.h).  The sweep (sweep.c) runs it over time.
 *
 * Cache: only the states h (act' is a function of h: 1 - h.^2 or h > 0),
 * so the cell keeps no Z; the input projection lives in the workspace. */
#ifndef REAL
#include "internal.h"
/*                                  G  zrows dgrows scratch has_c bR_folds */
const rnn_cell_shape rnn_shape_rnn = { 1, 0,    1,     0,      0,    1 };
#define RNN_SELF "rnn.c"
#include "typed.h"
#else

/* h = max(z, 0), but NaN stays NaN; n elements */
RNN_INLINE void F(relu) (size_t n, REAL *restrict h, const REAL *restrict z)
{
    for (size_t i = 0; i < n; i++) h[i] = z[i] < 0 ? 0 : z[i];
}

/* dg = dh .* act'(h): relu'(h) is 1, 0, or NaN for NaN; tanh' = 1 - h^2 */
RNN_INLINE void F(act_backward) (size_t n, int relu, REAL *restrict dg,
                                 const REAL *restrict dh, const REAL *restrict h)
{
    if (relu)
        for (size_t i = 0; i < n; i++)
            dg[i] = dh[i] * (h[i] > 0 ? 1 : h[i] <= 0 ? 0 : h[i]);
    else
        for (size_t i = 0; i < n; i++) dg[i] = dh[i] * (1 - h[i] * h[i]);
}

/* z [n_a, m] = W x + b + bR on entry (bR folds);  h = act(z + R hr),
 * hr = h_prev or M.*h_prev (internal_typed.h) */
RNN_VECTOR_CLONES
static void F(step_forward) (const F(rnn_dir) *d, REAL *z, REAL *h, REAL *c,
                             const REAL *h_prev, const REAL *hr,
                             const REAL *c_prev)
{
    (void) c; (void) h_prev; (void) c_prev;
    const size_t n_a = d->n_a, m = d->m;
    F(rnn_rec) (d, n_a, hr, 1, z, n_a);
    if (d->activation == RNN_ACT_RELU) F(relu) (n_a * m, h, z);
    else F(rnn_vtanh) (h, z, n_a * m);
}

/* dg = dh .* act'(h);  dh_prev = R' dg, times the mask M if there is one */
RNN_VECTOR_CLONES
static void F(step_backward) (const F(rnn_dir) *d, REAL *dg, REAL *dh_prev,
                              REAL *dc_prev, const REAL *dh, const REAL *dc,
                              const REAL *z, const REAL *h, const REAL *c,
                              const REAL *h_prev, const REAL *hr,
                              const REAL *c_prev)
{
    (void) dc_prev; (void) dc; (void) z; (void) c; (void) h_prev; (void) hr;
    (void) c_prev;
    F(act_backward) (d->n_a * d->m, d->activation == RNN_ACT_RELU, dg, dh, h);
    F(rnn_rec_t) (d, d->n_a, dg, d->n_a, 0, dh_prev);
    if (d->mask) F(rnn_vmask_add) (dh_prev, d->mask, NULL, d->n_a * d->m);
}

static void F(grads) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                      const REAL *dG, const REAL *X, const REAL *Hp,
                      const REAL *Z)
{
    (void) Z;
    F(rnn_grads_plain) (d, dX, g, dG, X, Hp, 1);
}

const F(rnn_cell_ops) F(rnn_ops_rnn) = { F(step_forward), F(step_backward), F(grads) };
#endif
