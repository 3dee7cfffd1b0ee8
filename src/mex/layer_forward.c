/* layer_forward.c - forward pass of rnn_forward, gru_forward, lstm_forward
 * and the cell-step forward functions.
 *
 *   [Y, hN, cN, S] = __layer__ ("forward", fn, cell, X, h0, c0, p, opts...)
 *
 * fn: the public function (for errors); cell: "rnn", "gru" or "lstm";
 * h0, c0: [] or [n_a, m, D] (c0 only for "lstm"); opts: "Lengths", L.
 * S, asked for, is what the backward pass needs beyond the inputs: the
 * uint64 key under which the gateway keeps the cache in the pool, when the
 * pool has room (cache_pool.h), else the cache's arrays as a cell {Sh, Sc,
 * Z, fp} (empty Sc, Z where the cell has none; fp the uint64 fingerprint of
 * X, p, the options, h0 and c0, which the backward pass checks).  The
 * cell-step functions' caches never go to the pool (a loop over steps
 * makes one per step, and most would be dropped before their backward
 * pass) and are {Sh, Sc, Z}. */
#include "layer_args.h"
#include "cache_pool.h"

enum { IN_FN, IN_CELL, IN_X, IN_H0, IN_C0, IN_P, IN_OPTS };
enum { OUT_Y, OUT_HN, OUT_CN, OUT_S, N_OUT };

void rnn_layer_forward_gateway (int nlhs, mxArray *plhs[], int nrhs,
                                const mxArray *prhs[])
{
    mxArray *out[N_OUT];
    char fn[64] = "__layer__", cell[8] = "";
    if (nrhs < IN_OPTS || !mxIsChar (prhs[IN_FN]) || !mxIsChar (prhs[IN_CELL])
        || mxGetString (prhs[IN_FN], fn, sizeof fn)
        || mxGetString (prhs[IN_CELL], cell, sizeof cell))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > N_OUT)
        rnn_mex_error (fn, "nargout", "too many outputs");

    rnn_layer_args a;
    rnn_layer_args_parse (&a, fn, cell, prhs[IN_X], prhs[IN_P],
                          nrhs - IN_OPTS, prhs + IN_OPTS);
    const mxArray *h0 = prhs[IN_H0], *c0 = prhs[IN_C0];
    rnn_layer_check_state (&a, h0, "h0");
    if (a.P.has_c) rnn_layer_check_state (&a, c0, "c0");
    else if (!rnn_mex_is_empty (c0))
        rnn_mex_error (fn, "invalidInput", "a %s layer has no cell state", cell);
    a.single = a.single || rnn_mex_is_single (h0) || rnn_mex_is_single (c0);

    const rnn_layer *L = &a.L;
    const rnn_plan *P = &a.P;
    /* everything below is allocated at once: ask before allocating */
    size_t total = rnn_mex_add (P->y, rnn_mex_mul (P->state, P->has_c ? 2 : 1));
    total = rnn_mex_add (total, rnn_mex_add (P->Sh, P->Sc));
    total = rnn_mex_add (total, rnn_mex_add (P->Z, P->work_fwd));
    const mxArray *states[2] = { h0, P->has_c ? c0 : NULL };
    rnn_layer_reserve (&a, total, states, 2);
    rnn_layer_args_convert (&a);

    size_t dy[3] = { P->n_y, L->m, L->T };
    size_t ds[3] = { L->n_a, L->m, P->D };
    size_t dh[4] = { L->n_a, L->m, L->T + 1, P->D };
    size_t dz[4] = { P->zrows, L->m, L->T, P->D };
    size_t d0[2] = { 0, 0 };
    /* the core writes every element of every output: no zeroing.  The
     * cache is kept in the pool, or an output, only when asked for (the
     * backward pass needs it); otherwise it lives in the workspace. */
    int want_cache = nlhs > OUT_S;
    out[OUT_Y] = rnn_mex_create_uninit (3, dy, a.single);
    out[OUT_HN] = rnn_mex_create_uninit (3, ds, a.single);
    out[OUT_CN] = rnn_mex_create_uninit (P->has_c ? 3 : 2, P->has_c ? ds : d0, a.single);
    out[OUT_S] = NULL;
    size_t es = a.single ? sizeof (float) : sizeof (double);
    size_t nwork = P->work_fwd;
    if (!want_cache) nwork += P->Sh + P->Sc + P->Z;   /* fits: reserved above */
    char *work = rnn_mex_workspace (fn, nwork, a.single);
    const void *h0d = rnn_mex_data (h0, fn, a.single);
    const void *c0d = P->has_c ? rnn_mex_data (c0, fn, a.single) : NULL;
    /* what the backward pass checks its cache against (not for a single
     * step: its cache holds its states as arrays, and hashing p on every
     * step would cost as much as the step) */
    uint64_t fp = 0;
    if (want_cache && !a.step)
        fp = rnn_pool_layer_fingerprint (prhs[IN_X], prhs[IN_P], prhs + IN_OPTS,
                                         nrhs - IN_OPTS, h0, c0);
    /* The pool's entry comes last, after everything that can fail but the
     * core: an error raised after it was made would leave it in the pool. */
    size_t ncache[3] = { P->Sh, P->Sc, P->Z };
    uint64_t key = 0;
    char *pooled = NULL, *sh, *sc, *z;
    if (want_cache && !a.step) {
        out[OUT_S] = mxCreateNumericMatrix (1, 1, mxUINT64_CLASS, mxREAL);
        key = rnn_pool_key ();
        pooled = rnn_pool_put (key, a.single, ncache, fp);
        if (pooled)
            *(uint64_t *) mxGetData (out[OUT_S]) = key;
        else {
            mxDestroyArray (out[OUT_S]);
            out[OUT_S] = NULL;
            key = 0;
        }
    }
    if (want_cache && !pooled) {   /* {Sh, Sc, Z} and, but for a step, fp */
        mxArray *arr[4] = {
            rnn_mex_create_uninit (4, dh, a.single),
            rnn_mex_create_uninit (P->has_c ? 4 : 2, P->has_c ? dh : d0, a.single),
            rnn_mex_create_uninit (P->zrows ? 4 : 2, P->zrows ? dz : d0, a.single),
            a.step ? NULL : mxCreateNumericMatrix (1, 1, mxUINT64_CLASS, mxREAL)
        };
        if (arr[3]) *(uint64_t *) mxGetData (arr[3]) = fp;
        out[OUT_S] = mxCreateCellMatrix (1, a.step ? 3 : 4);
        for (int k = 0; k < (a.step ? 3 : 4); k++) mxSetCell (out[OUT_S], k, arr[k]);
        sh = mxGetData (arr[0]);
        sc = mxGetData (arr[1]);
        z = mxGetData (arr[2]);
    } else {   /* Sh, Sc, Z in a row, in the pool or after the workspace */
        sh = pooled ? pooled : work + P->work_fwd * es;
        sc = sh + P->Sh * es;
        z = sc + P->Sc * es;
    }
    /* no cache wanted: the core keeps the states in Y where it can */
    if (!want_cache && P->D == 1 && !a.len) sh = NULL;

    /* Interrupted (rnn_mex_poll): the pool's entry is marked dead while
     * Octave handles the signal, whose interrupt leaves this call by an
     * exception (the next forward pass with a cache frees the entry); any
     * other signal returns, and the pass runs again. */
    rnn_status st;
    while ((st = rnn_layer_args_forward (&a, mxGetData (out[OUT_Y]),
                                         mxGetData (out[OUT_HN]),
                                         mxGetData (out[OUT_CN]), sh, sc, z,
                                         h0d, c0d, work)) == RNN_ERR_INTERRUPTED) {
        rnn_pool_mark_dead (key, 1);
        rnn_mex_resume ();
        rnn_pool_mark_dead (key, 0);
    }
    if (st != RNN_OK) rnn_pool_drop (key);
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
}
