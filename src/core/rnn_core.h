/* rnn_core.h - the portable C99 core of the rnn toolbox.
 *
 * Nothing here knows Octave or MEX.  Arrays are column-major; a sequence
 * batch X is [n_x, m, T] (features x batch x time), states are [n_a, m].
 * Every function comes in two precisions, suffix _d (double) and _s (float),
 * generated from one typed source.  Functions report an rnn_status; they
 * never print, exit or allocate: workspaces are passed in, and their sizes
 * come from rnn_layer_plan().
 */
#ifndef RNN_CORE_H
#define RNN_CORE_H

#include <stddef.h>

typedef enum {
    RNN_OK = 0,
    RNN_ERR_ARG,        /* an argument is out of its domain */
    RNN_ERR_SIZE,       /* a size overflows size_t or BLAS's 32-bit INTEGER */
    RNN_ERR_NONFINITE,  /* clipping: the gradient norm is NaN or Inf */
    RNN_ERR_INTERRUPTED /* the poll function (rnn_set_poll) asked to stop */
} rnn_status;

const char *rnn_status_message (rnn_status s);

/* A function that the layers (forward and backward) call between time
 * steps, from whichever of their threads runs the step; when it returns
 * non-zero the layer stops at once and returns RNN_ERR_INTERRUPTED, its
 * outputs undefined.  NULL (the default): never.  It must be cheap and
 * safe to call from any thread (it reads a flag). */
void rnn_set_poll (int (*poll) (void));

typedef enum { RNN_CELL_RNN = 0, RNN_CELL_GRU, RNN_CELL_LSTM } rnn_cell_kind;
typedef enum { RNN_ACT_TANH = 0, RNN_ACT_RELU } rnn_activation;
typedef enum { RNN_DIR_FORWARD = 0, RNN_DIR_REVERSE, RNN_DIR_BIDIRECTIONAL } rnn_direction;
typedef enum { RNN_MERGE_CONCAT = 0, RNN_MERGE_SUM, RNN_MERGE_AVE, RNN_MERGE_MUL } rnn_merge;

/* What a layer is: cell, options and sizes.  Filled by the caller. */
typedef struct {
    rnn_cell_kind cell;
    rnn_activation activation;  /* RNN only */
    int reset_after;            /* GRU only: 1 = "after-multiplication" */
    rnn_direction direction;
    rnn_merge merge;            /* bidirectional only */
    size_t n_x, n_a, m, T;
    int rec_mask;               /* 1: the parameters carry a recurrent
                                 * dropout mask (rnn_params M), for which
                                 * the plan sizes the workspaces */
} rnn_layer;

/* Where each buffer of one direction lies in the forward and backward
 * workspaces: offsets in elements from the start of that direction's part
 * (direction d's part starts at d * size).  rnn_layer_plan computes them,
 * once; the sweep only reads them.  A buffer the layer does not need has
 * no elements: its offset is the next buffer's. */
typedef struct {
    size_t proj;        /* input projection W X + b [G*n_a, m*T], for a
                         * cell that keeps no Z (RNN) */
    size_t scratch;     /* the cell's scratch [scratch*n_a, m] */
    size_t hr;          /* recurrent dropout: M.*h_prev [n_a, m] */
    size_t pack_r;      /* R packed for the steps' products, and room to
                         * align it to 64 bytes */
    size_t pack_w;      /* W packed for the steps' input products, aligned */
    size_t gemm, gemm2; /* rnn_bgemm's workspace for the big products, on
                         * this thread and on a second one */
    size_t xrev;        /* X with its steps in reverse order [n_x, m*T]
                         * (layers with a reverse direction) */
    size_t size;        /* elements of one direction's part */
} rnn_work_fwd;

typedef struct {
    size_t dG;          /* gates' gradients of all steps [dgrows*n_a, m*T] */
    size_t hr;          /* recurrent dropout: M.*h_prev of all steps,
                         * [n_a, m*T] in time order */
    size_t dh, dh_prev, dc, dc_prev;   /* the step's state gradients [n_a, m] */
    size_t keep_h, keep_c;             /* what Lengths hold back [n_a, m] */
    size_t scratch;     /* the cell's scratch [scratch*n_a, m] */
    size_t pack_r;      /* R' packed for the steps' products, aligned */
    size_t gemm, gemm2; /* as in rnn_work_fwd */
    size_t size;        /* elements of one direction's part */
} rnn_work_bwd;

/* Sizes that follow from an rnn_layer: the shapes of every array the
 * caller provides.  All counts are numbers of elements. */
typedef struct {
    size_t G;           /* gates per direction: 1 (RNN), 3 (GRU), 4 (LSTM) */
    size_t D;           /* directions: 1 or 2 */
    size_t rows;        /* rows of W, R, b, bR: G*n_a*D */
    size_t n_y;         /* rows of Y: n_a, or 2*n_a for "concat" */
    int has_c;          /* LSTM: a cell state c */
    size_t y;           /* numel (Y)  = n_y*m*T */
    size_t state;       /* numel (h0) = n_a*m*D (likewise c0, hN, cN) */
    size_t Sh;          /* cache of hidden states [n_a, m, T+1, D] */
    size_t Sc;          /* cache of cell states (LSTM), else 0 */
    size_t Z;           /* cache of gates per step [zrows, m, T, D] (0 for RNN;
                         * a reverse direction's steps in the order it runs
                         * them: sweep.c's gate_block) */
    size_t zrows;       /* rows of one step of Z */
    size_t work_fwd;    /* workspace elements for rnn_layer_forward */
    size_t work_bwd;    /* workspace elements for rnn_layer_backward */
    rnn_work_fwd wf;    /* the layout of one direction's part of them */
    rnn_work_bwd wb;
    size_t dx_rev;      /* backward, two directions: the reverse one's dX
                         * [n_x, m*T], after both directions' parts */
} rnn_plan;

/* Gate blocks of a cell: 1 (RNN), 3 (GRU), 4 (LSTM); 0 for an unknown cell. */
size_t rnn_cell_gates (rnn_cell_kind k);

/* Checks the sizes of `L` (every product must fit size_t, every BLAS
 * dimension a 32-bit INTEGER) and fills `plan`. */
rnn_status rnn_layer_plan (rnn_plan *plan, const rnn_layer *L);

/* Parameters of one layer (all directions), as in the toolbox's struct p:
 * W [rows, n_x], R [rows, n_a], b [rows], bR [rows] or NULL for zero.
 *
 * M [n_a, m, D] or NULL: a recurrent dropout mask (variational dropout,
 * Gal and Ghahramani 2016; Keras' recurrent_dropout).  Direction d's page
 * multiplies the state entering its recurrent products at every step:
 * the cell reads M.*h_prev wherever R multiplies the state (RNN, LSTM:
 * R (M.*h_prev); GRU: the r and z rows R (M.*h_prev), and n from
 * Rn (M.*h_prev) after the multiplication or Rn (r.*(M.*h_prev)) before
 * it), while the GRU's update h = (1-z).*n + z.*h_prev keeps h_prev
 * unmasked.  Any values work (inverted dropout's are 0 and 1/(1-p)); NaN
 * propagates.  Requires L->rec_mask (RNN_ERR_ARG otherwise); the backward
 * pass must be given the same M. */
typedef struct { const double *W, *R, *b, *bR, *M; } rnn_params_d;
typedef struct { const float  *W, *R, *b, *bR, *M; } rnn_params_s;

/* Gradients, shaped like the parameters.  bR may be NULL (not wanted). */
typedef struct { double *W, *R, *b, *bR; } rnn_grads_d;
typedef struct { float  *W, *R, *b, *bR; } rnn_grads_s;

/* Arrays with no elements (m = 0, T = 0 or n_x = 0) may be NULL: the two
 * passes below then do nothing (m = 0), pass the state through (T = 0:
 * hN = h0, dh0 += dhN), or skip the input terms (n_x = 0). */

/* Forward pass over a whole sequence batch.
 *   Y  [n_y, m, T]   out      hN, cN [n_a, m, D]  out (cN: LSTM only)
 *   Sh, Sc, Z        out: the cache rnn_layer_backward needs (sizes in plan)
 *                    Sh may be NULL (no cache wanted) when D = 1 and len is
 *                    NULL: the states are then written to Y only, once.
 *   X  [n_x, m, T]   h0, c0 [n_a, m, D] or NULL for zeros
 *   len [m] or NULL: column j runs steps 0..len[j]-1 (1 <= len[j] <= T)
 *   work [plan.work_fwd]
 * When len is given, X must be zero beyond each column's length (the
 * caller zeroes the padding, so that no gradient or NaN comes from it). */
rnn_status rnn_layer_forward_d (double *Y, double *hN, double *cN,
                                double *Sh, double *Sc, double *Z,
                                const rnn_layer *L, const double *X,
                                const double *h0, const double *c0,
                                const rnn_params_d *p, const size_t *len,
                                double *work);
rnn_status rnn_layer_forward_s (float *Y, float *hN, float *cN,
                                float *Sh, float *Sc, float *Z,
                                const rnn_layer *L, const float *X,
                                const float *h0, const float *c0,
                                const rnn_params_s *p, const size_t *len,
                                float *work);

/* Backward pass (backpropagation through time).  Accumulates:
 *   dX [n_x, m, T] += dL/dX,  dp += dL/dp,  dh0, dc0 [n_a, m, D] += ...
 * from dY [n_y, m, T], dhN, dcN [n_a, m, D] (each may be NULL: no gradient
 * from there) and the forward pass's X, p, len and cache Sh, Sc, Z.
 * dX, dh0 and dc0 may be NULL: not wanted (without dX, the product W' dG
 * is skipped; dp comes out the same to the bit).
 *   work [plan.work_bwd] */
rnn_status rnn_layer_backward_d (double *dX, const rnn_grads_d *dp,
                                 double *dh0, double *dc0,
                                 const rnn_layer *L, const double *dY,
                                 const double *dhN, const double *dcN,
                                 const double *X, const rnn_params_d *p,
                                 const size_t *len, const double *Sh,
                                 const double *Sc, const double *Z,
                                 double *work);
rnn_status rnn_layer_backward_s (float *dX, const rnn_grads_s *dp,
                                 float *dh0, float *dc0,
                                 const rnn_layer *L, const float *dY,
                                 const float *dhN, const float *dcN,
                                 const float *X, const rnn_params_s *p,
                                 const size_t *len, const float *Sh,
                                 const float *Sc, const float *Z,
                                 float *work);

/* ==== Gradient clipping (clip.c) ==========================================
 *
 * Sums of squares are kept as scale^2 * ssq (LAPACK dlassq's form, scale a
 * power of two) and accumulated in double for float data too, so that
 * norms neither overflow nor underflow: the norm of [1e200 1e200] is
 * 1.414e200 and that of [1e-200 1e-200] 1.414e-200, exact to rounding.
 * A NaN in the data makes ssq NaN; an Inf (and no NaN) makes it Inf. */

/* (scale, ssq) := the sum scale^2*ssq + sum(x[i]^2), x [n].  On entry
 * scale >= 0 and ssq >= 0 (start from scale = 1, ssq = 0). */
rnn_status rnn_sumsq_scaled_d (double *scale, double *ssq, const double *x,
                               size_t n);
rnn_status rnn_sumsq_scaled_s (double *scale, double *ssq, const float *x,
                               size_t n);

/* (scale, ssq) := scale^2*ssq + scale2^2*ssq2 */
rnn_status rnn_sumsq_merge (double *scale, double *ssq, double scale2,
                            double ssq2);

/* scale*sqrt(ssq): the L2 norm; Inf when it exceeds the double range. */
double rnn_sumsq_norm (double scale, double ssq);

/* min(1, threshold/norm) for norm = scale*sqrt(ssq), computed without
 * forming the norm (so it is right when the norm alone would overflow);
 * 1 for a zero norm.  For a non-finite norm it is threshold/norm, as
 * PyTorch's clip_grad_norm_ computes it: 0 for Inf, NaN for NaN. */
double rnn_clip_factor (double threshold, double scale, double ssq);

/* y := x * factor (computed in double, rounded to REAL); y may be x. */
rnn_status rnn_scale_d (double *y, const double *x, size_t n, double factor);
rnn_status rnn_scale_s (float *y, const float *x, size_t n, double factor);

/* y := x clamped to [-threshold, threshold] (threshold >= 0); NaN stays
 * NaN, +-Inf becomes +-threshold (numpy's clip); y may be x. */
rnn_status rnn_clamp_d (double *y, const double *x, size_t n, double threshold);
rnn_status rnn_clamp_s (float *y, const float *x, size_t n, double threshold);

typedef enum {
    RNN_CLIP_GLOBAL_L2NORM = 0, /* every array * min(1, threshold/||all||) */
    RNN_CLIP_L2NORM,            /* each array * min(1, threshold/||array||) */
    RNN_CLIP_ABSOLUTE           /* each element clamped to +-threshold */
} rnn_clip_method;

/* One array of a gradient list. */
typedef struct {
    const void *x;      /* in: n doubles, or n floats when single */
    void *y;            /* in: where rnn_clip_apply writes the clipped
                           array, same class (may be x); NULL: not written */
    size_t n;           /* in: number of elements */
    int single;         /* in: 1 if x and y are float, 0 if double */
    double scale, ssq;  /* out (plan): this array's sum of squares */
    double factor;      /* out (plan): its multiplier (L2 methods), else 1 */
    int changed;        /* out (plan): clipping changes this array */
} rnn_clip_array;

/* First step of clipping a list a[0..k-1]: the L2 norm of all arrays
 * together (before clipping) into total_norm, and each array's factor and
 * changed flag.  threshold must be positive and finite.  Returns
 * RNN_ERR_NONFINITE (total_norm set, nothing else) when error_if_nonfinite
 * and total_norm is NaN or Inf. */
rnn_status rnn_clip_plan (double *total_norm, rnn_clip_array *a, size_t k,
                          rnn_clip_method method, double threshold,
                          int error_if_nonfinite);

/* Second step: y := the clipped x, for every array whose y is not NULL
 * (the caller usually provides y for the changed arrays only). */
rnn_status rnn_clip_apply (const rnn_clip_array *a, size_t k,
                           rnn_clip_method method, double threshold);

/* ==== Optimisers (optimizers.c) ================================================
 *
 * One step of MATLAB's adamupdate, sgdmupdate and rmspropupdate on one
 * array, in place, n elements each; lr is Adam's step size with its bias
 * corrections applied (adamupdate.m).  Computed in the arrays' precision,
 * each operation as Octave evaluates the formulas (no fused multiply-adds),
 * so the results are those of the formulas written in Octave. */

/* m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g.*g;  p -= lr m ./ (sqrt(v)+ep) */
void rnn_adam_step_d (double *p, double *m, double *v, const double *g,
                      size_t n, double lr, double b1, double b2, double ep);
void rnn_adam_step_s (float *p, float *m, float *v, const float *g,
                      size_t n, double lr, double b1, double b2, double ep);
/* v = mu v - lr g;  p += v */
void rnn_sgdm_step_d (double *p, double *v, const double *g, size_t n,
                      double lr, double mu);
void rnn_sgdm_step_s (float *p, float *v, const float *g, size_t n,
                      double lr, double mu);
/* s = b2 s + (1-b2) g.*g;  p -= lr g ./ (sqrt(s)+ep) */
void rnn_rmsprop_step_d (double *p, double *s, const double *g, size_t n,
                         double lr, double b2, double ep);
void rnn_rmsprop_step_s (float *p, float *s, const float *g, size_t n,
                         double lr, double b2, double ep);

/* ==== Embedding (embedding.c) ==============================================
 *
 * idx [n]: symbol indices 1..V, 0 = padding.  An index beyond V gives
 * RNN_ERR_ARG before anything is written. */

/* Y(:, j) = E(:, idx[j]), zeros for padding.  E [d, V], Y [d, n] */
rnn_status rnn_embedding_forward_d (double *Y, const double *E,
                                    const size_t *idx, size_t d, size_t V,
                                    size_t n);
rnn_status rnn_embedding_forward_s (float *Y, const float *E,
                                    const size_t *idx, size_t d, size_t V,
                                    size_t n);
/* dE = 0; dE(:, idx[j]) += dY(:, j) for idx[j] > 0, in the order of j.
 * dY [d, n], dE [d, V] */
rnn_status rnn_embedding_backward_d (double *dE, const double *dY,
                                     const size_t *idx, size_t d, size_t V,
                                     size_t n);
rnn_status rnn_embedding_backward_s (float *dE, const float *dY,
                                     const size_t *idx, size_t d, size_t V,
                                     size_t n);

#endif
