/* optimizers.c - the optimisers' step on one parameter array, in place: Adam,
 * SGD with momentum and RMSProp in MATLAB's forms (adamupdate, sgdmupdate,
 * rmspropupdate; their .m functions walk the parameter structs and hand
 * each array to these through the gateway src/mex/update.c).
 *
 * One pass over the arrays: the same formulas written in Octave take a
 * dozen element-wise operations, each a pass over the array and a
 * temporary, which made the update a large part of a training step.
 *
 * The arithmetic is the .m formulas', operation by operation and in REAL,
 * with each hyperparameter (and 1 - decay) rounded to REAL first, as Octave
 * evaluates a double scalar times a single array; and without fused
 * multiply-adds.  So the result is what the formulas give in Octave, bit
 * for bit (tests/test_update.m checks it).
 */
#ifndef REAL
#include "internal.h"

#if defined __clang__
#pragma STDC FP_CONTRACT OFF
#elif defined __GNUC__
#pragma GCC optimize ("fp-contract=off")
#endif

#define RNN_SELF "optimizers.c"
#include "typed.h"

#else   /* ---- typed part ---- */

/* m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g.*g;  p -= lr (m ./ (sqrt(v) + ep))
 * p, m, v, g [n] */
/* typed.h makes rnn_adam_step_d and rnn_adam_step_s */
void F(rnn_adam_step) (REAL *restrict p, REAL *restrict m, REAL *restrict v,
                       const REAL *restrict g, size_t n, double lr, double b1,
                       double b2, double ep)
{
    const REAL B1 = (REAL) b1, C1 = (REAL) (1 - b1), B2 = (REAL) b2;
    const REAL C2 = (REAL) (1 - b2), EP = (REAL) ep, LR = (REAL) lr;
    for (size_t i = 0; i < n; i++) {
        REAL mi = B1 * m[i] + C1 * g[i];
        REAL vi = B2 * v[i] + C2 * (g[i] * g[i]);
        m[i] = mi;
        v[i] = vi;
        p[i] -= LR * (mi / (sqrt (vi) + EP));
    }
}

/* v = mu v - lr g;  p += v.  p, v, g [n] */
/* typed.h makes rnn_sgdm_step_d and rnn_sgdm_step_s */
void F(rnn_sgdm_step) (REAL *restrict p, REAL *restrict v,
                       const REAL *restrict g, size_t n, double lr, double mu)
{
    const REAL MU = (REAL) mu, LR = (REAL) lr;
    for (size_t i = 0; i < n; i++) {
        REAL vi = MU * v[i] - LR * g[i];
        v[i] = vi;
        p[i] += vi;
    }
}

/* s = b2 s + (1-b2) g.*g;  p -= lr (g ./ (sqrt(s) + ep)).  p, s, g [n] */
/* typed.h makes rnn_rmsprop_step_d and rnn_rmsprop_step_s */
void F(rnn_rmsprop_step) (REAL *restrict p, REAL *restrict s,
                          const REAL *restrict g, size_t n, double lr,
                          double b2, double ep)
{
    const REAL B2 = (REAL) b2, C2 = (REAL) (1 - b2), EP = (REAL) ep;
    const REAL LR = (REAL) lr;
    for (size_t i = 0; i < n; i++) {
        REAL si = B2 * s[i] + C2 * (g[i] * g[i]);
        s[i] = si;
        p[i] -= LR * (g[i] / (sqrt (si) + EP));
    }
}

#endif
