/* layer_backward.c - gateway of rnn_backward, gru_backward, lstm_backward.
 *
 *   [dX, dW, dR, db, dbR, dh0, dc0] =
 *       __layer_backward__ (fn, cell, dY, dhN, dcN, X, p, Sh, Sc, Z, opts...)
 *
 * X, p, opts, Sh, Sc, Z as given to and returned by __layer_forward__ (the
 * .m function keeps them in its cache); dY [n_y, m, T], dhN, dcN
 * [n_a, m, D], each [] for no gradient.  dbR is [] when p has no bR. */
#include "layer_args.h"

enum { IN_FN, IN_CELL, IN_DY, IN_DHN, IN_DCN, IN_X, IN_P, IN_SH, IN_SC, IN_Z,
       IN_OPTS };
enum { OUT_DX, OUT_DW, OUT_DR, OUT_DB, OUT_DBR, OUT_DH0, OUT_DC0, N_OUT };

/* a cache array must have exactly the shape the forward pass gave it */
static const void *cache_data (const rnn_layer_args *a, const mxArray *v,
                               const char *name, size_t nd, const size_t *d)
{
    rnn_mex_check_float (v, a->fn, name);
    size_t n = 1;
    for (size_t k = 0; k < nd; k++) n *= d[k];   /* fits: plan checked it */
    if (n == 0) {
        if (!rnn_mex_is_empty (v))
            rnn_mex_error (a->fn, "invalidCache", "cache.%s does not belong to "
                           "this layer; run the forward pass again", name);
        return NULL;
    }
    for (size_t k = 0; k < 4; k++)
        if (rnn_mex_dim (v, k) != (k < nd ? d[k] : 1)
            || mxGetNumberOfDimensions (v) > 4)
            rnn_mex_error (a->fn, "invalidCache", "cache.%s does not match X and "
                           "p; pass the cache of the forward pass unchanged",
                           name);
    return rnn_mex_data (v, a->fn, a->single);
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    mxArray *out[N_OUT];
    char fn[64] = "__layer_backward__", cell[8] = "";
    if (nrhs < IN_OPTS || !mxIsChar (prhs[IN_FN]) || !mxIsChar (prhs[IN_CELL])
        || mxGetString (prhs[IN_FN], fn, sizeof fn)
        || mxGetString (prhs[IN_CELL], cell, sizeof cell))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > N_OUT)
        rnn_mex_error (fn, "nargout", "too many outputs");

    rnn_layer_args a;
    rnn_layer_args_parse (&a, fn, cell, prhs[IN_X], prhs[IN_P],
                          nrhs - IN_OPTS, prhs + IN_OPTS);
    const rnn_layer *L = &a.L;
    const rnn_plan *P = &a.P;
    const mxArray *dY = prhs[IN_DY], *dhN = prhs[IN_DHN], *dcN = prhs[IN_DCN];
    rnn_mex_check_float (dY, fn, "dY");
    if (!(rnn_mex_is_empty (dY) && mxGetM (dY) == 0 && mxGetN (dY) == 0)) {
        size_t want[3] = { P->n_y, L->m, L->T };
        rnn_mex_check_size (dY, fn, "dY", 3, want);
    }
    rnn_layer_check_state (&a, dhN, "dhN");
    if (P->has_c) rnn_layer_check_state (&a, dcN, "dcN");
    else if (!rnn_mex_is_empty (dcN))
        rnn_mex_error (fn, "invalidInput", "a %s layer has no cell state", cell);
    for (int k = IN_DY; k <= IN_Z; k++)
        a.single = a.single || rnn_mex_is_single (prhs[k]);
    rnn_layer_args_convert (&a);

    size_t dh[4] = { L->n_a, L->m, L->T + 1, P->D };
    size_t dz[4] = { P->zrows, L->m, L->T, P->D };
    const void *Sh = cache_data (&a, prhs[IN_SH], "Sh", 4, dh);
    const void *Sc = P->has_c ? cache_data (&a, prhs[IN_SC], "Sc", 4, dh) : NULL;
    const void *Z = P->zrows ? cache_data (&a, prhs[IN_Z], "Z", 4, dz) : NULL;
    const void *dy = rnn_mex_data (dY, fn, a.single);
    const void *dhn = rnn_mex_data (dhN, fn, a.single);
    const void *dcn = P->has_c ? rnn_mex_data (dcN, fn, a.single) : NULL;

    size_t dx[3] = { L->n_x, L->m, L->T }, dw[2] = { P->rows, L->n_x };
    size_t dr[2] = { P->rows, L->n_a }, db[2] = { P->rows, 1 }, d0[2] = { 0, 0 };
    size_t ds[3] = { L->n_a, L->m, P->D };
    out[OUT_DX] = rnn_mex_create (3, dx, a.single);
    out[OUT_DW] = rnn_mex_create (2, dw, a.single);
    out[OUT_DR] = rnn_mex_create (2, dr, a.single);
    out[OUT_DB] = rnn_mex_create (2, db, a.single);
    out[OUT_DBR] = rnn_mex_create (2, a.bR ? db : d0, a.single);
    out[OUT_DH0] = rnn_mex_create (3, ds, a.single);
    out[OUT_DC0] = rnn_mex_create (P->has_c ? 3 : 2, P->has_c ? ds : d0, a.single);
    void *work = rnn_mex_alloc (fn, P->work_bwd, a.single);

    rnn_status st;
    if (a.single) {
        rnn_params_s p = { a.w, a.r, a.bb, a.br };
        rnn_grads_s g = { mxGetData (out[OUT_DW]), mxGetData (out[OUT_DR]),
                          mxGetData (out[OUT_DB]),
                          a.bR ? mxGetData (out[OUT_DBR]) : NULL };
        st = rnn_layer_backward_s (mxGetData (out[OUT_DX]), &g,
                                   mxGetData (out[OUT_DH0]),
                                   mxGetData (out[OUT_DC0]), L, dy, dhn, dcn,
                                   a.x, &p, a.len, Sh, Sc, Z, work);
    } else {
        rnn_params_d p = { a.w, a.r, a.bb, a.br };
        rnn_grads_d g = { mxGetData (out[OUT_DW]), mxGetData (out[OUT_DR]),
                          mxGetData (out[OUT_DB]),
                          a.bR ? mxGetData (out[OUT_DBR]) : NULL };
        st = rnn_layer_backward_d (mxGetData (out[OUT_DX]), &g,
                                   mxGetData (out[OUT_DH0]),
                                   mxGetData (out[OUT_DC0]), L, dy, dhn, dcn,
                                   a.x, &p, a.len, Sh, Sc, Z, work);
    }
    mxFree (work);
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
}
