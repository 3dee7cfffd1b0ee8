/* attention.h - one decoder step of attention over a batch of encoded
 * source sequences (attention.c).
 *
 * Shapes (column-major, batch in the middle as everywhere in the toolbox):
 *   s      [n_s, m]        the decoder state that asks (the query)
 *   H      [n_h, m, Tx]    the encoder outputs (the values)
 *   K      [n_k, m, Tx]    the keys: what the scores compare s with
 *   alpha  [Tx, m]         attention weights, a softmax over source steps
 *   ctx    [n_h, m]        ctx(:,j) = sum_t alpha(t,j) H(:,j,t)
 *
 * Scores e(t,j) of the three forms:
 *   additive (Bahdanau): e = v' tanh (Ws s + Wh h_t + b), keys K = Wh H + b
 *                        (n_k = n_att);
 *   dot (Luong):         e = s' h_t, keys K = H (n_s = n_h);
 *   general (Luong):     e = s' Wa h_t, keys K = Wa H (n_k = n_s), or,
 *                        without keys, the query Wa' s against H.
 * The keys do not depend on the decoder step: a decoder computes them once
 * per sequence (one GEMM) and hands them to every step ("keys given");
 * the gradient of the step then comes back as dK, which the decoder sums
 * over its steps and takes back through the projection once.  Without
 * keys, a step computes them (additive) or uses the query form (general)
 * and returns dH and dp complete.
 *
 * Lengths: column j attends to steps 0..len[j]-1 only (1 <= len[j] <= Tx);
 * alpha is exactly 0 beyond, and neither H nor K is read there, so nothing
 * (not even NaN) comes from the padding, and no gradient goes to it. */
#ifndef RNN_ATTENTION_H
#define RNN_ATTENTION_H

#include "rnn_core.h"
#include <stddef.h>

typedef enum { RNN_ATT_ADDITIVE = 0, RNN_ATT_DOT, RNN_ATT_GENERAL } rnn_att_score;

typedef struct {
    rnn_att_score score;
    size_t n_s, n_h, n_att, m, Tx;   /* n_att: additive only */
    int keys;                        /* K is given (else computed or H) */
    /* filled by rnn_att_plan: */
    size_t n_k;                      /* rows of K: n_att, n_h (dot), n_s or
                                        n_h (general with or without keys) */
    size_t cache;                    /* elements of the forward's cache A:
                                        n_att*m*Tx (additive), else 0 */
    size_t work_fwd, work_bwd;       /* workspace elements of the passes */
} rnn_att;

/* Checks the sizes (n_s = n_h for "dot"; every product must fit size_t)
 * and fills the rest of a. */
rnn_status rnn_att_plan (rnn_att *a);

/* Parameters (NULL where the form has none): additive Ws [n_att, n_s],
 * Wh [n_att, n_h], b [n_att], v [n_att]; general Wa [n_s, n_h]. */
typedef struct { const double *Ws, *Wh, *b, *v, *Wa; } rnn_att_params_d;
typedef struct { const float  *Ws, *Wh, *b, *v, *Wa; } rnn_att_params_s;
typedef struct { double *Ws, *Wh, *b, *v, *Wa; } rnn_att_grads_d;
typedef struct { float  *Ws, *Wh, *b, *v, *Wa; } rnn_att_grads_s;

/* Forward step.
 *   ctx [n_h, m], alpha [Tx, m]          out
 *   A   [a.cache]                        out: the cache (additive:
 *                                        tanh (K + Ws s) [n_att, m, Tx])
 *   s [n_s, m], H [n_h, m, Tx], K [n_k, m, Tx] (a.keys) or NULL
 *   len [m] or NULL (all Tx), work [a.work_fwd]
 * Arrays with no elements may be NULL. */
rnn_status rnn_att_forward_d (double *ctx, double *alpha, double *A,
                              const rnn_att *a, const double *s,
                              const double *H, const double *K,
                              const rnn_att_params_d *p, const size_t *len,
                              double *work);
rnn_status rnn_att_forward_s (float *ctx, float *alpha, float *A,
                              const rnn_att *a, const float *s,
                              const float *H, const float *K,
                              const rnn_att_params_s *p, const size_t *len,
                              float *work);

/* Backward step: the gradients of L, given dctx = dL/dctx [n_h, m] and
 * dalpha = dL/dalpha [Tx, m] (either may be NULL: none), from the
 * forward's inputs and outputs alpha and A.  Writes (overwrites):
 *   ds [n_s, m]; dH [n_h, m, Tx] (0 beyond each length); dK [n_k, m, Tx]
 *   when a.keys (0 beyond each length), else not touched (may be NULL);
 *   dp: every gradient the form has, except, with keys given, those of
 *   the key projection (Wh, b; Wa), which are not touched.
 *   work [a.work_bwd] */
rnn_status rnn_att_backward_d (double *ds, double *dH, double *dK,
                               const rnn_att_grads_d *dp, const rnn_att *a,
                               const double *dctx, const double *dalpha,
                               const double *s, const double *H,
                               const double *K, const rnn_att_params_d *p,
                               const size_t *len, const double *alpha,
                               const double *A, double *work);
rnn_status rnn_att_backward_s (float *ds, float *dH, float *dK,
                               const rnn_att_grads_s *dp, const rnn_att *a,
                               const float *dctx, const float *dalpha,
                               const float *s, const float *H,
                               const float *K, const rnn_att_params_s *p,
                               const size_t *len, const float *alpha,
                               const float *A, float *work);

#endif
