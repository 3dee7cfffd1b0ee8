/* layer_args.h - the arguments every layer gateway shares: the sequence X,
 * the parameter struct p and the Name/Value options, validated once. */
#ifndef RNN_LAYER_ARGS_H
#define RNN_LAYER_ARGS_H

#include "mexutil.h"

typedef struct {
    const char *fn;          /* public function name, for errors */
    int step;                /* fn is a cell-step function (rnn_cell_forward,
                                ...): its arguments are xt, h_prev, dh, ... */
    rnn_layer L;
    rnn_plan P;
    int single;              /* computing class; set by rnn_layer_args_parse
                                from X and p, callers may raise it */
    const mxArray *X, *W, *R, *b, *bR;   /* bR NULL when p has none */
    size_t *len;             /* [m] or NULL: the "Lengths" option */
    const mxArray *M;        /* [n_a, m, D] or NULL: the
                                "RecurrentDropoutMask" option */
    /* after rnn_layer_args_convert: data in the computing class; X with
     * its padding beyond each length zeroed; mk NULL without a mask */
    const void *x, *w, *r, *bb, *br, *mk;
} rnn_layer_args;

/* Validates X ([n_x, m, T]), p (a layer of the given cell: "rnn", "gru" or
 * "lstm") and the options opt[0..nopt-1] ("Lengths", L (sequence functions
 * only); "RecurrentDropoutMask", M: real single or double [n_a, m, D], or
 * [] for none; it does not change the computing class). */
void rnn_layer_args_parse (rnn_layer_args *a, const char *fn, const char *cell,
                           const mxArray *X, const mxArray *p, int nopt,
                           const mxArray *const *opt);

/* Raises rnn:<fn>:outOfMemory unless n elements of the computing class
 * (outputs and workspace) can be allocated together with the copies that
 * rnn_layer_args_convert and rnn_mex_data make of X, p and the arrays
 * more[0..nmore-1] (NULL entries skipped).  Call it after the computing
 * class is settled and before allocating anything. */
void rnn_layer_reserve (const rnn_layer_args *a, size_t n,
                        const mxArray *const *more, int nmore);

/* Converts the data to the computing class a->single. */
void rnn_layer_args_convert (rnn_layer_args *a);

/* The name of a sequence argument ("X", "h0", "c0", "dhN", "dcN") as the
 * public function calls it: "xt", "h_prev", "c_prev", "dh", "dc" for a
 * cell-step function. */
const char *rnn_layer_arg_name (const rnn_layer_args *a, const char *name);

/* An optional state argument (h0, c0, dhN, dcN): [] or [n_a, m, D]. */
void rnn_layer_check_state (const rnn_layer_args *a, const mxArray *s,
                            const char *name);

/* The core's forward pass on a's converted data, in the computing class
 * (rnn_layer_forward_s or _d): outputs Y, hN, cN, the cache Sh, Sc, Z and
 * the workspace as that function takes them; h0, c0 may be NULL. */
rnn_status rnn_layer_args_forward (const rnn_layer_args *a, void *Y, void *hN,
                                   void *cN, void *Sh, void *Sc, void *Z,
                                   const void *h0, const void *c0, void *work);

/* The core's backward pass, likewise (rnn_layer_backward_s or _d): into
 * dX (NULL: not computed), the gradients dW, dR, db, dbR (dbR NULL without
 * bR), dh0 and dc0, from dY, dhN, dcN (NULL: zero) and the cache. */
rnn_status rnn_layer_args_backward (const rnn_layer_args *a, void *dX,
                                    void *dW, void *dR, void *db, void *dbR,
                                    void *dh0, void *dc0, const void *dY,
                                    const void *dhN, const void *dcN,
                                    const void *Sh, const void *Sc,
                                    const void *Z, void *work);

/* The "Lengths" option v: NULL for [], else m integers from 1 to T
 * (mxMalloc'd), or an rnn:<fn>:invalidLengths error. */
size_t *rnn_mex_lengths (const char *fn, const mxArray *v, size_t m, size_t T);

/* Is a single?  (for raising the computing class) */
int rnn_mex_is_single (const mxArray *a);

/* The verbs of __layer__ (layer.c): layer_forward.c, layer_backward.c.
 * Arguments as mexFunction's, without the verb. */
void rnn_layer_forward_gateway (int nlhs, mxArray *plhs[], int nrhs,
                                const mxArray *prhs[]);
void rnn_layer_backward_gateway (int nlhs, mxArray *plhs[], int nrhs,
                                 const mxArray *prhs[]);

#endif
