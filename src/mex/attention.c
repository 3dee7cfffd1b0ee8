/* attention.c - gateway of attention_forward and attention_backward
 * (src/core/attention.c).
 *
 *   [ctx, alpha, A] = __attention__ ("forward", fn, s, H, p, K, L)
 *   [ds, dH, dp, dK] = __attention__ ("backward", fn, dctx, dalpha, s, H, p,
 *                                     K, L, alpha, A)
 *
 * fn: the public function (for errors).  s [n_s, m], H [n_h, m, Tx]; p a
 * scalar struct with "type" ("additive": Ws [n_att, n_s], Wh [n_att, n_h],
 * b [n_att, 1], v [n_att, 1]; "dot": nothing else, n_s = n_h; "general":
 * Wa [n_s, n_h]); K the keys [n_k, m, Tx] (attention_keys) or [] (0x0) for
 * none;
 * L the lengths or [] (all Tx).  Backward: dctx [] or [n_h, m], dalpha []
 * or [Tx, m], and the forward's outputs alpha and A (attention_forward
 * keeps them in its cache).  dp has p's numeric fields (the key
 * projection's zero when K is given); dK is [] without K.  Everything is
 * checked here: caches can be forged. */
#include "mexutil.h"
#include "layer_args.h"
#include "attention.h"
#include <stdio.h>
#include <string.h>

static const char *const types[] = { "additive", "dot", "general", NULL };
static const char *const fields_of[3][5] = {
    { "Ws", "Wh", "b", "v", NULL }, { NULL }, { "Wa", NULL } };

typedef struct {
    const char *fn;
    rnn_att a;
    int single;
    const mxArray *s, *H, *K, *P[5];   /* P: Ws, Wh, b, v, Wa (or NULL) */
    size_t *len;
} args;

static void check_size (const char *fn, const mxArray *x, const char *name,
                        size_t nd, size_t d0, size_t d1, size_t d2)
{
    size_t want[3] = { d0, d1, d2 };
    rnn_mex_check_float (x, fn, name);
    rnn_mex_check_size (x, fn, name, nd, want);
}

/* s, H, p, K, L: validated into g */
static void parse (args *g, const char *fn, const mxArray *s, const mxArray *H,
                   const mxArray *p, const mxArray *K, const mxArray *L)
{
    memset (g, 0, sizeof *g);
    g->fn = fn;
    rnn_mex_check_float (s, fn, "s");
    rnn_mex_check_float (H, fn, "H");
    if (mxGetNumberOfDimensions (s) > 2)
        rnn_mex_error (fn, "sizeMismatch", "s must be a matrix [n_s, m], not %s",
                       rnn_mex_describe (s));
    if (mxGetNumberOfDimensions (H) > 3)
        rnn_mex_error (fn, "sizeMismatch", "H must be [n_h, m, Tx], not %s",
                       rnn_mex_describe (H));
    rnn_att *a = &g->a;
    a->n_s = rnn_mex_dim (s, 0);
    a->m = rnn_mex_dim (s, 1);
    a->n_h = rnn_mex_dim (H, 0);
    a->Tx = rnn_mex_dim (H, 2);
    if (rnn_mex_dim (H, 1) != a->m)
        rnn_mex_error (fn, "sizeMismatch", "s and H must have the same batch "
                       "size (columns of s, size (H, 2)), not %zu and %zu",
                       a->m, rnn_mex_dim (H, 1));
    if (!mxIsStruct (p) || mxGetNumberOfElements (p) != 1)
        rnn_mex_error (fn, "invalidParams", "p must be a scalar struct made by "
                       "attention_init, not %s", rnn_mex_describe (p));
    const mxArray *ty = mxGetField (p, 0, "type");
    if (!ty)
        rnn_mex_error (fn, "missingField", "p must have a field \"type\"");
    a->score = (rnn_att_score) rnn_mex_choice (ty, fn, "p.type", types);
    const char *const *want = fields_of[a->score];
    for (int k = 0, nf = mxGetNumberOfFields (p); k < nf; k++) {
        const char *f = mxGetFieldNameByNumber (p, k);
        int ok = strcmp (f, "type") == 0;
        for (int i = 0; want[i] && !ok; i++) ok = strcmp (f, want[i]) == 0;
        if (!ok)
            rnn_mex_error (fn, "unknownField", "p has a field \"%s\" that %s "
                           "attention does not have", f, types[a->score]);
    }
    static const char *const all[5] = { "Ws", "Wh", "b", "v", "Wa" };
    for (int i = 0; i < 5; i++) {
        int needed = 0;
        for (int k = 0; want[k]; k++) needed |= strcmp (want[k], all[i]) == 0;
        if (!needed) continue;
        g->P[i] = mxGetField (p, 0, all[i]);
        if (!g->P[i])
            rnn_mex_error (fn, "missingField", "p must have a field \"%s\"", all[i]);
        char name[8];
        snprintf (name, sizeof name, "p.%s", all[i]);
        rnn_mex_check_float (g->P[i], fn, name);
    }
    if (a->score == RNN_ATT_ADDITIVE) {
        a->n_att = rnn_mex_dim (g->P[0], 0);
        check_size (fn, g->P[0], "p.Ws", 2, a->n_att, a->n_s, 1);
        check_size (fn, g->P[1], "p.Wh", 2, a->n_att, a->n_h, 1);
        check_size (fn, g->P[2], "p.b", 2, a->n_att, 1, 1);
        check_size (fn, g->P[3], "p.v", 2, a->n_att, 1, 1);
    } else if (a->score == RNN_ATT_GENERAL) {
        check_size (fn, g->P[4], "p.Wa", 2, a->n_s, a->n_h, 1);
    } else if (a->n_s != a->n_h) {
        rnn_mex_error (fn, "sizeMismatch", "dot attention needs s and H with "
                       "as many rows (n_s = n_h), not %zu and %zu", a->n_s, a->n_h);
    }
    /* [] (0x0) means no keys; an empty K of other dimensions is checked */
    a->keys = !(mxIsNumeric (K) && mxGetNumberOfDimensions (K) == 2
                && mxGetM (K) == 0 && mxGetN (K) == 0);
    rnn_status st = rnn_att_plan (a);
    rnn_mex_status (fn, st);
    if (a->keys) {
        check_size (fn, K, "K", 3, a->n_k, a->m, a->Tx);
        g->K = K;
    }
    g->s = s;
    g->H = H;
    g->len = rnn_mex_lengths (fn, L, a->m, a->Tx);
    g->single = mxIsSingle (s) || mxIsSingle (H) || (a->keys && mxIsSingle (K));
    for (int i = 0; i < 5; i++) g->single |= g->P[i] && mxIsSingle (g->P[i]);
}

/* elements of the computing class the conversions of x[0..n-1] need */
static size_t conversions (const args *g, const mxArray *const *x, int n)
{
    size_t c = 0;
    for (int i = 0; i < n; i++)
        if (x[i]) c = rnn_mex_add (c, rnn_mex_conversion (x[i], g->single));
    for (int i = 0; i < 5; i++)
        if (g->P[i]) c = rnn_mex_add (c, rnn_mex_conversion (g->P[i], g->single));
    return c;
}

static const void *data (const args *g, const mxArray *x)
{
    return x ? rnn_mex_data (x, g->fn, g->single) : NULL;
}

static void forward (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[],
                     const char *fn)
{
    if (nrhs != 7) rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    args g;
    parse (&g, fn, prhs[2], prhs[3], prhs[4], prhs[5], prhs[6]);
    const rnn_att *a = &g.a;
    const mxArray *in[] = { g.s, g.H, g.K };
    size_t n = rnn_mex_add (rnn_mex_mul (a->n_h, a->m), rnn_mex_mul (a->Tx, a->m));
    n = rnn_mex_add (n, rnn_mex_add (a->cache, a->work_fwd));
    rnn_mex_reserve (fn, rnn_mex_add (n, conversions (&g, in, 3)), g.single);

    const size_t dc[2] = { a->n_h, a->m }, dal[2] = { a->Tx, a->m },
        dA[3] = { a->n_k, a->m, a->Tx };
    mxArray *out[3];
    out[0] = rnn_mex_create_uninit (2, dc, g.single);
    out[1] = rnn_mex_create_uninit (2, dal, g.single);
    out[2] = a->cache ? rnn_mex_create_uninit (3, dA, g.single)
                      : rnn_mex_create (2, (const size_t[]) { 0, 0 }, g.single);
    void *work = a->work_fwd ? rnn_mex_workspace (fn, a->work_fwd, g.single) : NULL;
    const void *s = data (&g, g.s), *H = data (&g, g.H), *K = data (&g, g.K);
    const void *P[5];
    for (int i = 0; i < 5; i++) P[i] = data (&g, g.P[i]);
    rnn_status st;
    if (g.single) {
        rnn_att_params_s p = { P[0], P[1], P[2], P[3], P[4] };
        st = rnn_att_forward_s (mxGetData (out[0]), mxGetData (out[1]),
                                a->cache ? mxGetData (out[2]) : NULL, a, s, H,
                                K, &p, g.len, work);
    } else {
        rnn_att_params_d p = { P[0], P[1], P[2], P[3], P[4] };
        st = rnn_att_forward_d (mxGetData (out[0]), mxGetData (out[1]),
                                a->cache ? mxGetData (out[2]) : NULL, a, s, H,
                                K, &p, g.len, work);
    }
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, 3);
}

static void backward (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[],
                      const char *fn)
{
    if (nrhs != 11) rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    args g;
    parse (&g, fn, prhs[4], prhs[5], prhs[6], prhs[7], prhs[8]);
    const rnn_att *a = &g.a;
    const mxArray *dctx = prhs[2], *dalpha = prhs[3], *alpha = prhs[9], *A = prhs[10];
    if (rnn_mex_is_empty (dctx) && mxIsNumeric (dctx)) dctx = NULL;
    else check_size (fn, dctx, "dctx", 2, a->n_h, a->m, 1);
    if (rnn_mex_is_empty (dalpha) && mxIsNumeric (dalpha)) dalpha = NULL;
    else check_size (fn, dalpha, "dalpha", 2, a->Tx, a->m, 1);
    check_size (fn, alpha, "the cache's alpha", 2, a->Tx, a->m, 1);
    if (a->cache) check_size (fn, A, "the cache's A", 3, a->n_k, a->m, a->Tx);
    else A = NULL;
    g.single |= (dctx && mxIsSingle (dctx)) || (dalpha && mxIsSingle (dalpha))
        || mxIsSingle (alpha) || (A && mxIsSingle (A));

    const mxArray *in[] = { g.s, g.H, g.K, dctx, dalpha, alpha, A };
    size_t n = rnn_mex_add (rnn_mex_mul (a->n_s, a->m),
                            rnn_mex_mul (a->n_h, rnn_mex_mul (a->m, a->Tx)));
    n = rnn_mex_add (n, rnn_mex_add (a->cache, a->work_bwd));
    n = rnn_mex_add (n, a->keys ? rnn_mex_mul (a->n_k, rnn_mex_mul (a->m, a->Tx)) : 0);
    for (int i = 0; i < 5; i++)
        if (g.P[i]) n = rnn_mex_add (n, mxGetNumberOfElements (g.P[i]));
    rnn_mex_reserve (fn, rnn_mex_add (n, conversions (&g, in, 7)), g.single);

    /* the gradients of p: a struct with p's numeric fields */
    static const char *const all[5] = { "Ws", "Wh", "b", "v", "Wa" };
    const char *names[5];
    int nf = 0, idx[5];
    for (int i = 0; i < 5; i++)
        if (g.P[i]) { idx[nf] = i; names[nf++] = all[i]; }
    mxArray *out[4];
    const size_t ds[2] = { a->n_s, a->m }, dH[3] = { a->n_h, a->m, a->Tx },
        dK[3] = { a->n_k, a->m, a->Tx };
    out[0] = rnn_mex_create_uninit (2, ds, g.single);
    out[1] = rnn_mex_create_uninit (3, dH, g.single);
    out[2] = mxCreateStructMatrix (1, 1, nf, names);
    void *dp[5] = { NULL, NULL, NULL, NULL, NULL };
    for (int k = 0; k < nf; k++) {
        const mxArray *x = g.P[idx[k]];
        const size_t d[2] = { rnn_mex_dim (x, 0), rnn_mex_dim (x, 1) };
        mxArray *y = rnn_mex_create (2, d, g.single);    /* zeros */
        dp[idx[k]] = mxGetData (y);
        mxSetField (out[2], 0, names[k], y);
    }
    out[3] = a->keys ? rnn_mex_create_uninit (3, dK, g.single)
                     : rnn_mex_create (2, (const size_t[]) { 0, 0 }, g.single);
    void *work = a->work_bwd ? rnn_mex_workspace (fn, a->work_bwd, g.single) : NULL;
    const void *s = data (&g, g.s), *H = data (&g, g.H), *K = data (&g, g.K),
        *dc = data (&g, dctx), *dal = data (&g, dalpha), *al = data (&g, alpha),
        *Ad = data (&g, A);
    const void *P[5];
    for (int i = 0; i < 5; i++) P[i] = data (&g, g.P[i]);
    void *dKd = a->keys ? mxGetData (out[3]) : NULL;
    rnn_status st;
    if (g.single) {
        rnn_att_params_s p = { P[0], P[1], P[2], P[3], P[4] };
        rnn_att_grads_s gp = { dp[0], dp[1], dp[2], dp[3], dp[4] };
        st = rnn_att_backward_s (mxGetData (out[0]), mxGetData (out[1]), dKd,
                                 &gp, a, dc, dal, s, H, K, &p, g.len, al, Ad, work);
    } else {
        rnn_att_params_d p = { P[0], P[1], P[2], P[3], P[4] };
        rnn_att_grads_d gp = { dp[0], dp[1], dp[2], dp[3], dp[4] };
        st = rnn_att_backward_d (mxGetData (out[0]), mxGetData (out[1]), dKd,
                                 &gp, a, dc, dal, s, H, K, &p, g.len, al, Ad, work);
    }
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, 4);
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char verb[16] = "", fn[64] = "__attention__";
    if (nrhs < 2 || !mxIsChar (prhs[0]) || mxGetString (prhs[0], verb, sizeof verb)
        || !mxIsChar (prhs[1]) || mxGetString (prhs[1], fn, sizeof fn))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > 4)
        rnn_mex_error (fn, "nargout", "too many outputs");
    if (strcmp (verb, "forward") == 0) forward (nlhs, plhs, nrhs, prhs, fn);
    else if (strcmp (verb, "backward") == 0) backward (nlhs, plhs, nrhs, prhs, fn);
    else rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
}
