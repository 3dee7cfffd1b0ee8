/* layer_backward.c - backward pass of rnn_backward, gru_backward,
 * lstm_backward and the cell-step backward functions.
 *
 *   [dX, dp, dh0, dc0] = __layer__ ("backward", fn, cell, dY, dhN, dcN, cache,
 *                                   want_dX)
 *
 * fn: the public function (for errors); cell: "rnn", "gru" or "lstm";
 * dY [n_y, m, T], dhN, dcN [n_a, m, D], each [] for no gradient; want_dX:
 * false when the caller discards dX (its isargout (1)): dX is then [] and
 * its product W' dG, one of the backward pass's three large GEMMs, is
 * skipped (the first layer of a network has no use for dX); cache: the
 * cell {cell, X, p, options, h0, c0, S} that the forward .m function built,
 * S the forward pass's last output (layer_forward.c: a key, or {Sh, Sc,
 * Z, fp}), checked here as a whole, its inputs against the fingerprint
 * that the pool's entry or fp holds (rnn:<fn>:staleCache).  A cell, not a
 * struct: Octave builds a cell several times faster than a struct, which
 * matters on a small layer's step.  Reading its elements copies none of
 * their arrays (Octave 7 wraps each as it wraps an argument).  A cache with
 * a key is looked up in the pool
 * (cache_pool.h); if the pool no longer has it, the forward pass runs
 * again from X, p, h0, c0 and the options.  dp is a struct with the
 * numeric fields of p (W, R, b, and bR when p has it), each shaped like its
 * parameter; dc0 is [] for a cell without a cell state. */
#include "layer_args.h"
#include "cache_pool.h"
#include <stdio.h>
#include <string.h>

enum { IN_FN, IN_CELL, IN_DY, IN_DHN, IN_DCN, IN_CACHE, IN_WANT_DX, N_IN };
enum { OUT_DX, OUT_DP, OUT_DH0, OUT_DC0, N_OUT };

/* the elements of a cache, as rnn_forward, gru_forward, lstm_forward and
 * the cell-step functions make it; C_S is a key or {Sh, Sc, Z}, unpacked
 * into C_SH, C_SC, C_Z (NULL with a key) */
enum { C_CELL, C_X, C_P, C_OPTIONS, C_H0, C_C0, C_S, N_CACHE,
       C_SH = N_CACHE, C_SC, C_Z, N_ALL };

static void bad_cache (const char *fn, const char *why)
{
    rnn_mex_error (fn, "invalidCache", "CACHE must be the cache output of the "
                   "forward pass%s", why);
}

static void stale_cache (const char *fn)
{
    rnn_mex_error (fn, "staleCache", "CACHE does not hold what its forward "
                   "pass stored: its X, p, initial states or options were "
                   "changed, or it holds the key of another forward pass; "
                   "run the forward pass again");
}

/* a cache array must have exactly the shape the forward pass gave it */
static const void *cache_data (const rnn_layer_args *a, const mxArray *v,
                               const char *name, size_t nd, const size_t *d)
{
    char what[32];
    snprintf (what, sizeof what, "CACHE's %s", name);
    rnn_mex_check_float (v, a->fn, what);
    size_t n = 1;
    for (size_t k = 0; k < nd; k++) n *= d[k];   /* fits: plan checked it */
    if (n == 0) {
        if (!rnn_mex_is_empty (v))
            rnn_mex_error (a->fn, "invalidCache", "CACHE's %s does not belong "
                           "to this layer; run the forward pass again", name);
        return NULL;
    }
    for (size_t k = 0; k < 4; k++)
        if (rnn_mex_dim (v, k) != (k < nd ? d[k] : 1)
            || mxGetNumberOfDimensions (v) > 4)
            rnn_mex_error (a->fn, "invalidCache", "CACHE's %s does not match X "
                           "and p; pass the cache of the forward pass "
                           "unchanged", name);
    return rnn_mex_data (v, a->fn, a->single);
}

/* a cache's initial state (h0, c0): [] or [n_a, m, D] */
static const void *cache_state (const rnn_layer_args *a, const mxArray *v,
                                const char *name)
{
    char what[32];
    snprintf (what, sizeof what, "CACHE's %s", name);
    rnn_mex_check_float (v, a->fn, what);
    if (!(rnn_mex_is_empty (v) && mxGetM (v) == 0 && mxGetN (v) == 0)) {
        size_t d[3] = { a->L.n_a, a->L.m, a->P.D };
        for (size_t k = 0; k < 3; k++)
            if (rnn_mex_dim (v, k) != d[k] || mxGetNumberOfDimensions (v) > 3)
                rnn_mex_error (a->fn, "invalidCache", "%s does not match X "
                               "and p; pass the cache of the forward pass "
                               "unchanged", what);
    }
    return rnn_mex_data (v, a->fn, a->single);
}

/* The cache of `key` from the pool, whose entry must carry the
 * fingerprint fp of this cache's inputs (else rnn:<fn>:staleCache), in the
 * computing class: a double cache of a backward pass that computes in
 * single (a single dY) is converted.  If the pool no longer has it, the
 * forward pass again, from the inputs the cache holds, into memory of this
 * call's (not into the pool: the key would then give what this cache
 * holds, where another cache with the same key, edited or forged, could
 * hold something else), in the forward pass's class fwd_single and then
 * converted as the pool's would be: the result does not depend on whether
 * the pool still had the cache.  Returns Sh, Sc, Z one after the other. */
static const char *pooled_cache (const rnn_layer_args *a, uint64_t key,
                                 uint64_t fp, int fwd_single, const mxArray *h0,
                                 const mxArray *c0, void *work)
{
    const rnn_plan *P = &a->P;
    size_t n[3] = { P->Sh, P->Sc, P->Z }, nc = P->Sh + P->Sc + P->Z;
    int single = 0, stale = 0;
    char *c = rnn_pool_get (key, n, fp, &single, &stale);
    if (stale) stale_cache (a->fn);
    if (c && single == a->single) return c;
    if (!c) {   /* the forward pass again, in its own class */
        rnn_layer_args f = *a;
        if (f.single != fwd_single) {
            f.single = fwd_single;
            rnn_layer_args_convert (&f);
        }
        const void *h0d = cache_state (&f, h0, "h0");
        const void *c0d = P->has_c ? cache_state (&f, c0, "c0") : NULL;
        c = rnn_mex_alloc (a->fn, nc, f.single);
        char *y = rnn_mex_alloc (a->fn, P->y + 2 * P->state, f.single);
        size_t es = f.single ? sizeof (float) : sizeof (double);
        char *hn = y + P->y * es, *cn = hn + P->state * es;
        char *sc = c + P->Sh * es, *z = sc + P->Sc * es;
        rnn_status st;
        while ((st = rnn_layer_args_forward (&f, y, hn, cn, c, sc, z, h0d, c0d,
                                             work)) == RNN_ERR_INTERRUPTED)
            rnn_mex_resume ();   /* Octave's interrupt, or run it again */
        mxFree (y);
        rnn_mex_status (a->fn, st);
        if (f.single == a->single) return c;
    }
    /* sizes fit: reserved by the caller */
    char *d = rnn_mex_alloc (a->fn, nc, a->single);
    if (a->single)
        for (size_t i = 0; i < nc; i++)
            ((float *) d)[i] = (float) ((const double *) c)[i];
    else
        for (size_t i = 0; i < nc; i++)
            ((double *) d)[i] = ((const float *) c)[i];
    return d;
}

void rnn_layer_backward_gateway (int nlhs, mxArray *plhs[], int nrhs,
                                 const mxArray *prhs[])
{
    mxArray *out[N_OUT];
    char fn[64] = "__layer__", cell[8] = "", tag[8] = "";
    if (nrhs != N_IN || !mxIsChar (prhs[IN_FN]) || !mxIsChar (prhs[IN_CELL])
        || mxGetString (prhs[IN_FN], fn, sizeof fn)
        || mxGetString (prhs[IN_CELL], cell, sizeof cell)
        || !mxIsLogicalScalar (prhs[IN_WANT_DX]))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    const int want_dx = mxIsLogicalScalarTrue (prhs[IN_WANT_DX]);
    if (nlhs > N_OUT)
        rnn_mex_error (fn, "nargout", "too many outputs");

    /* the cache: a cell of the forward pass's values */
    const mxArray *cache = prhs[IN_CACHE], *c[N_ALL] = { NULL };
    if (!mxIsCell (cache) || mxGetNumberOfElements (cache) != N_CACHE)
        bad_cache (fn, "");
    for (int k = 0; k < N_CACHE; k++)
        if (!(c[k] = mxGetCell (cache, k)))
            bad_cache (fn, "");
    const int step_fn = strstr (fn, "_cell_") != NULL;   /* a cell step's cache */
    uint64_t key = 0, cell_fp = 0;
    if (mxIsUint64 (c[C_S])) {
        if (mxGetNumberOfElements (c[C_S]) != 1
            || !(key = *(const uint64_t *) mxGetData (c[C_S])))
            bad_cache (fn, "");
    } else if (mxIsCell (c[C_S])
               && mxGetNumberOfElements (c[C_S]) == (step_fn ? 3 : 4)) {
        for (int k = 0; k < 3; k++)
            if (!(c[C_SH + k] = mxGetCell (c[C_S], k)))
                bad_cache (fn, "");
        if (!step_fn) {   /* the fingerprint: a uint64 */
            const mxArray *f = mxGetCell (c[C_S], 3);
            if (!f || !mxIsUint64 (f) || mxGetNumberOfElements (f) != 1)
                bad_cache (fn, "");
            cell_fp = *(const uint64_t *) mxGetData (f);
        }
    } else
        bad_cache (fn, "");
    if (!mxIsChar (c[C_CELL]) || mxGetString (c[C_CELL], tag, sizeof tag))
        bad_cache (fn, "");
    if (strcmp (tag, cell) != 0)
        rnn_mex_error (fn, "invalidCache", "CACHE comes from a \"%s\" layer, "
                       "not a \"%s\" layer", tag, cell);
    if (step_fn && mxGetNumberOfDimensions (c[C_X]) > 2)
        rnn_mex_error (fn, "invalidCache", "CACHE must come from %s_cell_forward "
                       "(one step), not from a sequence", cell);
    if (!mxIsCell (c[C_OPTIONS]))
        bad_cache (fn, "");
    int nopt = (int) mxGetNumberOfElements (c[C_OPTIONS]);
    const mxArray *opt[8];
    if (nopt > 8)
        bad_cache (fn, "");
    for (int k = 0; k < nopt; k++)
        if (!(opt[k] = mxGetCell (c[C_OPTIONS], k)))
            bad_cache (fn, "");

    rnn_layer_args a;
    rnn_layer_args_parse (&a, fn, cell, c[C_X], c[C_P], nopt, opt);
    const int fwd_single = a.single || rnn_mex_is_single (c[C_H0])
                           || rnn_mex_is_single (c[C_C0]);
    /* the inputs the forward pass read: a pooled cache or a sequence's
     * arrays must have been made from exactly these */
    uint64_t fp = 0;
    if (!a.step) {
        fp = rnn_pool_layer_fingerprint (c[C_X], c[C_P], opt, nopt, c[C_H0], c[C_C0]);
        if (!key && fp != cell_fp) stale_cache (fn);
    }
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
    for (int k = IN_DY; k <= IN_DCN; k++)
        a.single = a.single || rnn_mex_is_single (prhs[k]);
    for (int k = C_H0; k < N_ALL; k++)
        a.single = a.single || (c[k] && rnn_mex_is_single (c[k]));

    /* everything below is allocated at once: ask before allocating (with
     * a key: also what running the forward pass again takes) */
    size_t ndx = want_dx ? rnn_mex_mul (L->n_x, rnn_mex_mul (L->m, L->T)) : 0;
    size_t total = rnn_mex_add (ndx, rnn_mex_mul (P->rows, L->n_x + L->n_a + 2));
    total = rnn_mex_add (total, rnn_mex_mul (P->state, P->has_c ? 2 : 1));
    size_t nwork = P->work_bwd;
    if (key) {
        nwork = P->work_fwd > nwork ? P->work_fwd : nwork;
        total = rnn_mex_add (total, rnn_mex_add (P->Sh, rnn_mex_add (P->Sc, P->Z)));
        total = rnn_mex_add (total, rnn_mex_add (P->y, rnn_mex_mul (P->state, 2)));
        if (a.single)   /* a double forward pass again, then converted */
            total = rnn_mex_add (total, rnn_mex_mul (2, rnn_mex_add (
                P->Sh + P->Sc + P->Z, P->y + 2 * P->state)));
    }
    total = rnn_mex_add (total, nwork);
    const mxArray *more[8] = { dY, dhN, P->has_c ? dcN : NULL, c[C_SH],
                               P->has_c ? c[C_SC] : NULL,
                               P->zrows ? c[C_Z] : NULL, key ? c[C_H0] : NULL,
                               key && P->has_c ? c[C_C0] : NULL };
    rnn_layer_reserve (&a, total, more, 8);
    rnn_layer_args_convert (&a);

    void *work = rnn_mex_workspace (fn, nwork, a.single);
    const void *Sh, *Sc, *Z;
    if (key) {
        size_t es = a.single ? sizeof (float) : sizeof (double);
        const char *sh = pooled_cache (&a, key, fp, fwd_single, c[C_H0], c[C_C0], work);
        Sh = sh;
        Sc = P->has_c ? sh + P->Sh * es : NULL;
        Z = P->zrows ? sh + (P->Sh + P->Sc) * es : NULL;
    } else {
        size_t dh[4] = { L->n_a, L->m, L->T + 1, P->D };
        size_t dz[4] = { P->zrows, L->m, L->T, P->D };
        Sh = cache_data (&a, c[C_SH], "Sh", 4, dh);
        Sc = P->has_c ? cache_data (&a, c[C_SC], "Sc", 4, dh) : NULL;
        Z = P->zrows ? cache_data (&a, c[C_Z], "Z", 4, dz) : NULL;
    }
    const void *dy = rnn_mex_data (dY, fn, a.single);
    const void *dhn = rnn_mex_data (dhN, fn, a.single);
    const void *dcn = P->has_c ? rnn_mex_data (dcN, fn, a.single) : NULL;

    /* dp: the numeric fields of p, each shaped like its parameter */
    size_t dx[3] = { L->n_x, L->m, L->T }, dw[2] = { P->rows, L->n_x };
    size_t dr[2] = { P->rows, L->n_a }, d0[2] = { 0, 0 };
    size_t db[2] = { mxGetM (a.b), mxGetN (a.b) };
    size_t ds[3] = { L->n_a, L->m, P->D };
    static const char *const names[] = { "W", "R", "b", "bR" };
    mxArray *dp = mxCreateStructMatrix (1, 1, a.bR ? 4 : 3, (const char **) names);
    mxArray *dW = rnn_mex_create (2, dw, a.single), *dR = rnn_mex_create (2, dr, a.single);
    mxArray *dB = rnn_mex_create (2, db, a.single), *dBR = NULL;
    mxSetField (dp, 0, "W", dW);
    mxSetField (dp, 0, "R", dR);
    mxSetField (dp, 0, "b", dB);
    if (a.bR) {
        size_t dbr[2] = { mxGetM (a.bR), mxGetN (a.bR) };
        dBR = rnn_mex_create (2, dbr, a.single);
        mxSetField (dp, 0, "bR", dBR);
    }
    out[OUT_DX] = want_dx ? rnn_mex_create (3, dx, a.single)
                          : rnn_mex_create (2, d0, a.single);
    void *gx = want_dx ? mxGetData (out[OUT_DX]) : NULL;
    out[OUT_DP] = dp;
    out[OUT_DH0] = rnn_mex_create (3, ds, a.single);
    out[OUT_DC0] = rnn_mex_create (P->has_c ? 3 : 2, P->has_c ? ds : d0, a.single);

    /* interrupted: Octave's interrupt leaves the call; after any other
     * signal the pass runs again from zeroed gradients (it adds to them) */
    mxArray *acc[] = { dW, dR, dB, dBR, out[OUT_DX], out[OUT_DH0], out[OUT_DC0] };
    rnn_status st;
    for (;;) {
        st = rnn_layer_args_backward (&a, gx, mxGetData (dW), mxGetData (dR),
                                      mxGetData (dB), dBR ? mxGetData (dBR) : NULL,
                                      mxGetData (out[OUT_DH0]),
                                      mxGetData (out[OUT_DC0]), dy, dhn, dcn,
                                      Sh, Sc, Z, work);
        if (st != RNN_ERR_INTERRUPTED) break;
        rnn_mex_resume ();
        for (size_t k = 0; k < sizeof acc / sizeof acc[0]; k++)
            if (acc[k] && mxGetData (acc[k]))
                memset (mxGetData (acc[k]), 0, mxGetNumberOfElements (acc[k])
                        * mxGetElementSize (acc[k]));
    }
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
}
