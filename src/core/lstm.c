/* lstm.c - the LSTM cell (Hochreiter and Schmidhuber 1997, with a forget
 * gate), gate blocks in MATLAB's and PyTorch's order [i; f; g; o]:
 *
 *     [i; f; g; o] = [sigma; sigma; tanh; sigma] (W x + b + R h_prev + bR)
 *     c = f .* c_prev + i .* g
 *     h = o .* tanh (c)
 *
 * With a recurrent dropout mask M, R (M.*h_prev) instead of R h_prev
 * (rnn_core.h).  The sweep (sweep.c) runs it over time.
 *
 * Cache: the states h (Sh) and c (Sc), and per step the activated gates
 * Z [4*n_a, m] = [i; f; g; o] (the sweep writes W x + b there, the step
 * activates it in place).  tanh (c) is recomputed backward from c.
 *
 * Scratch [n_a, m]: tanh (c) of the step, backward.
 *
 * Backward buffer: dG [4*n_a, m] per step = the gradient wrt the gates'
 * pre-activations, in the same order; the input and recurrent sides share
 * it, so the weight gradients are rnn_grads_plain's. */
#ifndef REAL
#include "internal.h"
/*                                   G  zrows dgrows scratch has_c bR_folds */
const rnn_cell_shape rnn_shape_lstm = { 4, 4,    4,     1,      1,    1 };
#define RNN_SELF "lstm.c"
#include "typed.h"
#else

/* c = f .* c_prev + i .* g over n units */
RNN_INLINE void F(update_c) (size_t n, REAL *restrict c, const REAL *restrict cp,
                             const REAL *restrict i, const REAL *restrict f,
                             const REAL *restrict g)
{
    for (size_t k = 0; k < n; k++) c[k] = f[k] * cp[k] + i[k] * g[k];
}

/* h .*= o over n units */
RNN_INLINE void F(times_o) (size_t n, REAL *restrict h, const REAL *restrict o)
{
    for (size_t k = 0; k < n; k++) h[k] *= o[k];
}

/* z [4*n_a, m] (ld zld) = W x + b + bR on entry (bR folds), the gates
 * [i; f; g; o] on exit;  c, h [n_a, m] from c_prev, h_prev [n_a, m].
 * One GEMM, then per column: the activations over contiguous gate blocks
 * (vmath.c), and the state update in loops the compiler vectorises. */
RNN_VECTOR_CLONES
static void F(step_forward) (const F(rnn_dir) *d, REAL *z, REAL *h, REAL *c,
                             const REAL *h_prev, const REAL *hr,
                             const REAL *c_prev)
{
    (void) h_prev;
    const size_t n_a = d->n_a, m = d->m, ld = d->zld;
    /* z += R hr (hr = h_prev or M.*h_prev): all four gates in one GEMM */
    F(rnn_rec) (d, 4 * n_a, hr, 1, z, ld);
    for (size_t j = 0; j < m; j++) {
        REAL *zi = z + j * ld, *zf = zi + n_a, *zg = zf + n_a, *zo = zg + n_a;
        REAL *cj = c + j * n_a, *hj = h + j * n_a;
        F(rnn_vsigmoid) (zi, zi, 2 * n_a);          /* i, f */
        F(rnn_vtanh) (zg, zg, n_a);                 /* g */
        F(rnn_vsigmoid) (zo, zo, n_a);              /* o */
        F(update_c) (n_a, cj, c_prev + j * n_a, zi, zf, zg);
        F(rnn_vtanh) (hj, cj, n_a);
        F(times_o) (n_a, hj, zo);
    }
}

/* One column of step_backward over n units: the gates' pre-activation
 * gradients gi, gf, gg, go and dc_prev, from dh, dc, the gates i, f, g, o,
 * t = tanh (c) and c_prev */
RNN_INLINE void F(column_backward) (size_t n, REAL *restrict gi, REAL *restrict gf,
                                    REAL *restrict gg, REAL *restrict go,
                                    REAL *restrict dcp, const REAL *restrict dh,
                                    const REAL *restrict dc, const REAL *restrict zi,
                                    const REAL *restrict zf, const REAL *restrict zg,
                                    const REAL *restrict zo, const REAL *restrict tc,
                                    const REAL *restrict cp)
{
    for (size_t k = 0; k < n; k++) {
        REAL i = zi[k], f = zf[k], g = zg[k], o = zo[k], t = tc[k];
        REAL dct = dc[k] + dh[k] * o * (1 - t * t);
        gi[k] = dct * g * i * (1 - i);
        gf[k] = dct * cp[k] * f * (1 - f);
        gg[k] = dct * i * (1 - g * g);
        go[k] = dh[k] * t * o * (1 - o);
        dcp[k] = dct * f;
    }
}

/* From dh, dc [n_a, m] (wrt this step's h and c) and the cache:
 *   dc_total = dc + dh .* o .* (1 - tanh(c).^2)
 *   dg [4*n_a, m] = pre-activation gradients of [i; f; g; o]
 *   dc_prev = dc_total .* f,   dh_prev = R' dg (times the mask M) */
RNN_VECTOR_CLONES
static void F(step_backward) (const F(rnn_dir) *d, REAL *dg, REAL *dh_prev,
                              REAL *dc_prev, const REAL *dh, const REAL *dc,
                              const REAL *z, const REAL *h, const REAL *c,
                              const REAL *h_prev, const REAL *hr,
                              const REAL *c_prev)
{
    (void) h; (void) h_prev; (void) hr;
    const size_t n_a = d->n_a, m = d->m, ld = d->zld, dld = 4 * n_a;
    REAL *tc = d->scratch;                          /* tanh (c) */
    F(rnn_vtanh) (tc, c, n_a * m);
    for (size_t j = 0; j < m; j++) {
        const REAL *zi = z + j * ld;
        REAL *gi = dg + j * dld;
        const size_t s = j * n_a;
        F(column_backward) (n_a, gi, gi + n_a, gi + 2 * n_a, gi + 3 * n_a,
                            dc_prev + s, dh + s, dc + s, zi, zi + n_a,
                            zi + 2 * n_a, zi + 3 * n_a, tc + s, c_prev + s);
    }
    F(rnn_rec_t) (d, 4 * n_a, dg, dld, 0, dh_prev);
    if (d->mask) F(rnn_vmask_add) (dh_prev, d->mask, NULL, n_a * m);
}

static void F(grads) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                      const REAL *dG, const REAL *X, const REAL *Hp,
                      const REAL *Z)
{
    (void) Z;
    F(rnn_grads_plain) (d, dX, g, dG, X, Hp, 4);
}

const F(rnn_cell_ops) F(rnn_ops_lstm) = { F(step_forward), F(step_backward), F(grads) };
#endif
