/* test_core.c - unit tests of the portable core, without Octave.
 *
 * Built with RNN_BLAS_CHUNK = 5 so that every GEMM of more than five rows,
 * columns or inner terms goes through rnn_gemm's splitting.  Checks:
 *   - rnn_gemm against a naive triple loop, all transposes, both precisions;
 *   - the vector activations (vmath.c) against libm in ulps, every length
 *     of tail, NaN and Inf;
 *   - rnn_layer_plan's overflow checks;
 *   - every cell x direction x merge, with and without lengths and bR, and
 *     with a recurrent dropout mask: backward against central finite
 *     differences (double), and single against double;
 *   - a mask of ones gives the unmasked results; a mask without its
 *     planned room is refused; a NaN in the mask stays in its column;
 *   - threads (sweep.c): a bidirectional layer's two directions on two
 *     threads give the same bits as one thread; BLAS's threads on the big
 *     GEMMs (and the input projection in one GEMM) the same to rounding.
 * Runs clean under valgrind and the sanitizers (make check-valgrind,
 * make check-asan).  Prints "N passed, N failed". */
#include "internal.h"      /* rnn_blas_*threads, rnn_mt_*_flops, rnn_vec_isa_max */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int npass, nfail;
static const char *tag = "";    /* the pass (main): names of failed checks */

static void check (int ok, const char *what)
{
    if (ok) npass++;
    else { nfail++; printf ("FAIL %s%s\n", tag, what); }
}

static unsigned long long rng = 88172645463325252ull;
static double urand (void)   /* uniform in (-1, 1), xorshift64 */
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double) (rng >> 11) / 4503599627370496.0 - 1.0;
}
static double *rand_d (size_t n, double s)
{
    double *x = malloc ((n ? n : 1) * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = s * urand ();
    return x;
}
static float *to_s (const double *x, size_t n)
{
    float *y = malloc ((n ? n : 1) * sizeof *y);
    for (size_t i = 0; i < n; i++) y[i] = (float) x[i];
    return y;
}

/* ---- activations (vmath.c) ---------------------------------------------
 * Error in units of the last place of the result's precision, against the
 * exact value rounded from long double (double) or double (float).  The
 * sigmoid is checked where its result is a normal number (x > -87 in
 * single, -708 in double): below, 1/(1+exp(-x)) underflows in any libm. */
void rnn_vtanh_d (double *, const double *, size_t);
void rnn_vtanh_s (float *, const float *, size_t);
void rnn_vsigmoid_d (double *, const double *, size_t);
void rnn_vsigmoid_s (float *, const float *, size_t);

static double ulps_d (double got, long double ref)
{
    double r = (double) ref, u = nextafter (fabs (r), INFINITY) - fabs (r);
    return got == r ? 0 : (double) (fabsl ((long double) got - ref) / u);
}
static double ulps_s (float got, double ref)
{
    float r = (float) ref, u = nextafterf (fabsf (r), INFINITY) - fabsf (r);
    return got == r ? 0 : fabs ((double) got - ref) / u;
}

static void test_vmath (void)
{
    enum { N = 4096 };
    static double xd[N], yd[N];
    static float xs[N], ys[N];
    double worst[4] = { 0 };
    char name[96];
    for (int f = 0; f < 2; f++) {          /* 0: tanh, 1: sigmoid */
        /* x from -lo to 40 on a grid, tiny values, then random lengths of
         * 1..37 elements so that every tail length is run */
        double lo = f ? 80 : 40;
        for (size_t i = 0; i < N; i++) {
            xd[i] = i < 3000 ? -lo + (lo + 40) * i / 3000.0
                  : i < 3100 ? ldexp (urand (), -(int) (i - 3000))
                  : 10 * urand ();
            xs[i] = (float) xd[i];
        }
        for (size_t i0 = 0; i0 < N; ) {
            size_t n = 1 + (size_t) ((urand () + 1) * 18);
            if (i0 + n > N) n = N - i0;
            if (f) { rnn_vsigmoid_d (yd + i0, xd + i0, n); rnn_vsigmoid_s (ys + i0, xs + i0, n); }
            else   { rnn_vtanh_d (yd + i0, xd + i0, n);    rnn_vtanh_s (ys + i0, xs + i0, n); }
            i0 += n;
        }
        for (size_t i = 0; i < N; i++) {
            long double rd = f ? 1 / (1 + expl (-(long double) xd[i])) : tanhl (xd[i]);
            double rs = f ? 1 / (1 + exp (-(double) xs[i])) : tanh ((double) xs[i]);
            double ed = ulps_d (yd[i], rd), es = ulps_s (ys[i], rs);
            if (ed > worst[2*f]) worst[2*f] = ed;
            if (es > worst[2*f + 1]) worst[2*f + 1] = es;
        }
    }
    printf ("activations, worst error in ulps: tanh %.2g (double) %.2g (single), "
            "sigmoid %.2g (double) %.2g (single)\n", worst[0], worst[1], worst[2], worst[3]);
    /* libmvec's tanh and exp: within 4 ulp (glibc's manual); the sigmoid
     * adds the roundings of 1 + e and of the division: 6.  (Measured: 1.1
     * and 2.9 with the AVX-512 variants, 2 and 4 with AVX2's, as under
     * valgrind.) */
    static const char *fn[] = { "tanh", "sigmoid" };
    for (int k = 0; k < 4; k++) {
        double bound = k < 2 ? 4 : 6;
        snprintf (name, sizeof name, "vmath %s %s within %g ulp", fn[k / 2],
                  k % 2 ? "single" : "double", bound);
        check (worst[k] <= bound, name);
    }

    /* special values in every position of a vector and of its tail */
    static const double sp[] = { INFINITY, -INFINITY, NAN, 0.0, -0.0 };
    static const double want_t[] = { 1, -1, NAN, 0, -0.0 }, want_s[] = { 1, 0, NAN, 0.5, 0.5 };
    int ok = 1;
    double q = 0.25, tq;                /* the neighbours' value */
    rnn_vtanh_d (&tq, &q, 1);
    for (size_t n = 1; n <= 37 && ok; n++)
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < 5; k++) {
                for (size_t j = 0; j < n; j++) { xd[j] = 0.25; xs[j] = 0.25f; }
                xd[i] = sp[k]; xs[i] = (float) sp[k];
                rnn_vtanh_d (yd, xd, n); rnn_vtanh_s (ys, xs, n);
                ok &= isnan (want_t[k]) ? isnan (yd[i]) && isnan (ys[i])
                    : yd[i] == want_t[k] && ys[i] == (float) want_t[k]
                      && signbit (yd[i]) == signbit (want_t[k]);
                for (size_t j = 0; j < n; j++) ok &= j == i || yd[j] == tq;
                rnn_vsigmoid_d (yd, xd, n); rnn_vsigmoid_s (ys, xs, n);
                ok &= isnan (want_s[k]) ? isnan (yd[i]) && isnan (ys[i])
                    : yd[i] == want_s[k] && ys[i] == (float) want_s[k];
            }
    check (ok, "vmath: tanh and sigmoid of +-Inf, NaN, +-0 at every position");
}

/* ---- rnn_gemm ---------------------------------------------------------- */
void rnn_gemm_d (char, char, size_t, size_t, size_t, double, const double *,
                 size_t, const double *, size_t, double, double *, size_t);
void rnn_gemm_s (char, char, size_t, size_t, size_t, float, const float *,
                 size_t, const float *, size_t, float, float *, size_t);

static void test_gemm (void)
{
    static const size_t sz[] = { 1, 4, 7, 12 };
    char name[96];
    for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++)
    for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) for (int c = 0; c < 4; c++) {
        size_t M = sz[a], N = sz[b], K = sz[c];
        size_t lda = (ta ? K : M) + 2, ldb = (tb ? N : K) + 1, ldc = M + 3;
        double *A = rand_d (lda * (ta ? M : K), 1), *B = rand_d (ldb * (tb ? K : N), 1);
        double *C = rand_d (ldc * N, 1), *R = malloc (ldc * N * sizeof *R);
        float *As = to_s (A, lda * (ta ? M : K)), *Bs = to_s (B, ldb * (tb ? K : N));
        float *Cs = to_s (C, ldc * N);
        memcpy (R, C, ldc * N * sizeof *R);
        for (size_t j = 0; j < N; j++) for (size_t i = 0; i < M; i++) {
            double s = 0;
            for (size_t k = 0; k < K; k++)
                s += (ta ? A[k + i*lda] : A[i + k*lda]) * (tb ? B[j + k*ldb] : B[k + j*ldb]);
            R[i + j*ldc] = 0.7 * s + 0.3 * R[i + j*ldc];
        }
        rnn_gemm_d (ta ? 'T' : 'N', tb ? 'T' : 'N', M, N, K, 0.7, A, lda, B, ldb, 0.3, C, ldc);
        rnn_gemm_s (ta ? 'T' : 'N', tb ? 'T' : 'N', M, N, K, 0.7f, As, lda, Bs, ldb, 0.3f, Cs, ldc);
        double e = 0, es = 0;
        for (size_t j = 0; j < N; j++) for (size_t i = 0; i < M; i++) {
            e = fmax (e, fabs (C[i + j*ldc] - R[i + j*ldc]));
            es = fmax (es, fabs (Cs[i + j*ldc] - R[i + j*ldc]));
        }
        snprintf (name, sizeof name, "gemm %c%c M=%zu N=%zu K=%zu", ta ? 'T' : 'N',
                  tb ? 'T' : 'N', M, N, K);
        check (e < 1e-12 && es < 1e-5, name);
        free (A); free (B); free (C); free (R); free (As); free (Bs); free (Cs);
    }
}

/* ---- rnn_layer_plan ---------------------------------------------------- */
static void test_plan (void)
{
    rnn_plan P;
    rnn_layer L = { RNN_CELL_LSTM, RNN_ACT_TANH, 1, RNN_DIR_FORWARD,
                    RNN_MERGE_CONCAT, 3, 4, 2, 5, 0 };
    check (rnn_layer_plan (&P, &L) == RNN_OK && P.G == 4 && P.rows == 16
           && P.Sh == 4 * 2 * 6 && P.Z == 16 * 2 * 5, "plan lstm sizes");
    L.m = (size_t) 1 << 40; L.T = (size_t) 1 << 40;
    check (rnn_layer_plan (&P, &L) == RNN_ERR_SIZE, "plan refuses m*T overflow");
    L.m = 2; L.T = 5; L.n_a = (size_t) 1 << 30;
    check (rnn_layer_plan (&P, &L) == RNN_ERR_SIZE, "plan refuses BLAS leading dimension");
    L.n_a = 4; L.cell = (rnn_cell_kind) 7;
    check (rnn_layer_plan (&P, &L) == RNN_ERR_ARG, "plan refuses unknown cell");
}

/* ---- layers: finite differences and single vs double ------------------- */
typedef struct {
    rnn_layer L; rnn_plan P; int use_bR, use_len;
    size_t len[3];
    double *X, *h0, *c0, *W, *R, *b, *bR, *dY, *dhN, *dcN;
    double *M;   /* recurrent dropout mask [n_a, m, D] or NULL */
} problem;

/* A recurrent dropout mask [n_a, m, D]: inverted dropout's values 0 and
 * 1/(1-0.3), and every seventh entry another value (any must work). */
static double *rand_mask (size_t n)
{
    double *M = rand_d (n, 1);
    for (size_t i = 0; i < n; i++)
        M[i] = i % 7 == 3 ? 0.5 + M[i] / 4 : M[i] < -0.4 ? 0 : 1 / 0.7;
    return M;
}

/* forward in double; returns L = sum(Y.*dY) + sum(hN.*dhN) + sum(cN.*dcN) */
static double loss (const problem *q)
{
    const rnn_plan *P = &q->P;
    double *Y = malloc (P->y * sizeof *Y), *hN = malloc (P->state * sizeof *Y);
    double *cN = malloc (P->state * sizeof *Y), *Sh = malloc (P->Sh * sizeof *Y);
    double *Sc = malloc ((P->Sc + 1) * sizeof *Y), *Z = malloc ((P->Z + 1) * sizeof *Y);
    double *w = malloc ((P->work_fwd + 1) * sizeof *Y);
    rnn_params_d p = { q->W, q->R, q->b, q->use_bR ? q->bR : NULL, q->M };
    rnn_layer_forward_d (Y, hN, cN, Sh, Sc, Z, &q->L, q->X, q->h0, q->c0, &p,
                         q->use_len ? q->len : NULL, w);
    double s = 0;
    for (size_t i = 0; i < P->y; i++) s += Y[i] * q->dY[i];
    for (size_t i = 0; i < P->state; i++)
        s += hN[i] * q->dhN[i] + (P->has_c ? cN[i] * q->dcN[i] : 0);
    free (Y); free (hN); free (cN); free (Sh); free (Sc); free (Z); free (w);
    return s;
}

static void test_layer (rnn_cell_kind cell, rnn_activation act, int reset_after,
                        rnn_direction dir, rnn_merge merge, int use_bR, int use_len,
                        int use_mask)
{
    problem q;
    memset (&q, 0, sizeof q);
    rnn_layer L0 = { cell, act, reset_after, dir, merge, 3, 4, 3, 5, use_mask };
    q.L = L0; q.use_bR = use_bR; q.use_len = use_len;
    q.len[0] = 5; q.len[1] = 2; q.len[2] = 4;
    char name[128];
    snprintf (name, sizeof name, "layer cell=%d act=%d after=%d dir=%d merge=%d bR=%d "
              "len=%d mask=%d", cell, act, reset_after, dir, merge, use_bR, use_len,
              use_mask);
    if (rnn_layer_plan (&q.P, &q.L) != RNN_OK) { check (0, name); return; }
    const rnn_plan *P = &q.P;
    size_t nx = q.L.n_x * q.L.m * q.L.T, nw = P->rows * q.L.n_x, nr = P->rows * q.L.n_a;
    q.X = rand_d (nx, 1); q.W = rand_d (nw, 0.6); q.R = rand_d (nr, 0.6);
    q.b = rand_d (P->rows, 0.3); q.bR = rand_d (P->rows, 0.3);
    q.h0 = rand_d (P->state, 0.5); q.c0 = rand_d (P->state, 0.5);
    q.dY = rand_d (P->y, 1); q.dhN = rand_d (P->state, 1); q.dcN = rand_d (P->state, 1);
    q.M = use_mask ? rand_mask (P->state) : NULL;
    if (use_len)   /* the caller's contract: padding is zero */
        for (size_t t = 0; t < q.L.T; t++)
            for (size_t j = 0; j < q.L.m; j++)
                if (t >= q.len[j])
                    memset (q.X + (t * q.L.m + j) * q.L.n_x, 0, q.L.n_x * sizeof (double));

    /* analytic gradients */
    double *Y = malloc (P->y * sizeof *Y), *hN = malloc (P->state * sizeof *Y);
    double *cN = malloc (P->state * sizeof *Y), *Sh = malloc (P->Sh * sizeof *Y);
    double *Sc = malloc ((P->Sc + 1) * sizeof *Y), *Z = malloc ((P->Z + 1) * sizeof *Y);
    double *wf = malloc ((P->work_fwd + 1) * sizeof *Y), *wb = malloc ((P->work_bwd + 1) * sizeof *Y);
    double *dX = calloc (nx, sizeof *Y), *dW = calloc (nw, sizeof *Y), *dR = calloc (nr, sizeof *Y);
    double *db = calloc (P->rows, sizeof *Y), *dbR = calloc (P->rows, sizeof *Y);
    double *dh0 = calloc (P->state, sizeof *Y), *dc0 = calloc (P->state, sizeof *Y);
    rnn_params_d p = { q.W, q.R, q.b, use_bR ? q.bR : NULL, q.M };
    rnn_grads_d g = { dW, dR, db, use_bR ? dbR : NULL };
    const size_t *len = use_len ? q.len : NULL;
    int ok = rnn_layer_forward_d (Y, hN, cN, Sh, Sc, Z, &q.L, q.X, q.h0, q.c0, &p, len, wf) == RNN_OK
        && rnn_layer_backward_d (dX, &g, dh0, dc0, &q.L, q.dY, q.dhN, q.dcN, q.X, &p,
                                 len, Sh, Sc, Z, wb) == RNN_OK;

    /* central differences over every entry of every input */
    struct { double *x, *g; size_t n; int on; } v[] = {
        { q.X, dX, nx, 1 }, { q.W, dW, nw, 1 }, { q.R, dR, nr, 1 },
        { q.b, db, P->rows, 1 }, { q.bR, dbR, P->rows, use_bR },
        { q.h0, dh0, P->state, 1 }, { q.c0, dc0, P->state, P->has_c } };
    double worst = 0;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        if (!v[k].on) continue;
        for (size_t i = 0; i < v[k].n; i++) {
            double x0 = v[k].x[i], h = 1e-6;
            v[k].x[i] = x0 + h; double lp = loss (&q);
            v[k].x[i] = x0 - h; double lm = loss (&q);
            v[k].x[i] = x0;
            double fd = (lp - lm) / (2 * h);
            if (use_len && k == 0) {   /* padding: no gradient may reach it */
                size_t col = i / q.L.n_x, j = col % q.L.m, t = col / q.L.m;
                if (t >= q.len[j]) fd = 0;
            }
            double e = fabs (fd - v[k].g[i]) / fmax (1, fabs (fd));
            worst = fmax (worst, e);
        }
    }
    if (!(ok && worst < 1e-7)) printf ("  worst relative error %g (ok=%d)\n", worst, ok);
    check (ok && worst < 1e-7, name);

    /* without dX, dh0 and dc0 (a caller that does not want them): the
     * same parameter gradients, bit for bit */
    double *gw2 = calloc (nw + nr + 2 * P->rows, sizeof *Y);
    rnn_grads_d g2 = { gw2, gw2 + nw, gw2 + nw + nr, use_bR ? gw2 + nw + nr + P->rows : NULL };
    int ok2 = rnn_layer_backward_d (NULL, &g2, NULL, NULL, &q.L, q.dY, q.dhN, q.dcN,
                                    q.X, &p, len, Sh, Sc, Z, wb) == RNN_OK
        && memcmp (g2.W, dW, nw * sizeof *Y) == 0 && memcmp (g2.R, dR, nr * sizeof *Y) == 0
        && memcmp (g2.b, db, P->rows * sizeof *Y) == 0
        && (!use_bR || memcmp (g2.bR, dbR, P->rows * sizeof *Y) == 0);
    char name2[160];
    snprintf (name2, sizeof name2, "%s: without dX, the same dp bits", name);
    check (ok2, name2);
    free (gw2);

    /* single precision agrees with double */
    float *Xs = to_s (q.X, nx), *Ws = to_s (q.W, nw), *Rs = to_s (q.R, nr);
    float *bs = to_s (q.b, P->rows), *bRs = to_s (q.bR, P->rows);
    float *h0s = to_s (q.h0, P->state), *c0s = to_s (q.c0, P->state);
    float *Ms = use_mask ? to_s (q.M, P->state) : NULL;
    float *Ys = malloc (P->y * sizeof *Ys), *hNs = malloc (P->state * sizeof *Ys);
    float *cNs = malloc (P->state * sizeof *Ys), *Shs = malloc (P->Sh * sizeof *Ys);
    float *Scs = malloc ((P->Sc + 1) * sizeof *Ys), *Zs = malloc ((P->Z + 1) * sizeof *Ys);
    float *ws = malloc ((P->work_fwd + 1) * sizeof *Ys);
    rnn_params_s ps = { Ws, Rs, bs, use_bR ? bRs : NULL, Ms };
    ok = rnn_layer_forward_s (Ys, hNs, cNs, Shs, Scs, Zs, &q.L, Xs, h0s, c0s, &ps, len, ws) == RNN_OK;
    double es = 0;
    for (size_t i = 0; i < P->y; i++) es = fmax (es, fabs (Ys[i] - Y[i]));
    strcat (name, " single");
    check (ok && es < 1e-5, name);

    free (q.X); free (q.W); free (q.R); free (q.b); free (q.bR); free (q.h0); free (q.c0);
    free (q.dY); free (q.dhN); free (q.dcN); free (Y); free (hN); free (cN); free (Sh);
    free (Sc); free (Z); free (wf); free (wb); free (dX); free (dW); free (dR); free (db);
    free (dbR); free (dh0); free (dc0); free (Xs); free (Ws); free (Rs); free (bs);
    free (bRs); free (h0s); free (c0s); free (Ys); free (hNs); free (cNs); free (Shs);
    free (Scs); free (Zs); free (ws); free (q.M); free (Ms);
}

/* ---- threads ------------------------------------------------------------
 * Forward and backward of one layer, double and single, with every output
 * and gradient in one buffer per precision, so that two runs compare with
 * memcmp. */
typedef struct { double *d; float *s; size_t n; } run_out;

/* run_layer's mask (when L->rec_mask): rand_mask's, or with mask_fill
 * nonzero every entry mask_fill, and entry mask_nan_at NaN */
static double mask_fill = 0;
static size_t mask_nan_at = SIZE_MAX;

/* A forward pass without a cache (Sh NULL) where the layer allows it (one
 * direction, no lengths) must give the same Y, hN, cN bits as with one:
 * got and want hold them in a row, bytes in all (run_layer's layout);
 * elsewhere it must be refused. */
static void no_cache_check (rnn_status st, const rnn_layer *L, const size_t *len,
                            const void *got, const void *want, size_t bytes,
                            const char *prec)
{
    char name[160];
    int allowed = L->direction != RNN_DIR_BIDIRECTIONAL && !len;
    int same = memcmp (got, want, bytes) == 0;
    snprintf (name, sizeof name, "forward without cache, %s: cell=%d dir=%d "
              "lengths=%d n_a=%zu m=%zu %s", allowed ? "same bits" : "refused",
              (int) L->cell, (int) L->direction, len != NULL, L->n_a, L->m, prec);
    check (allowed ? st == RNN_OK && same : st == RNN_ERR_ARG, name);
}

static run_out run_layer (const rnn_layer *L, int use_len, int use_bR)
{
    rnn_plan P;
    rnn_layer_plan (&P, L);
    const size_t nx = L->n_x * L->m * L->T, nw = P.rows * L->n_x, nr = P.rows * L->n_a;
    size_t len[8] = { L->T, 1, L->T - 1, L->T / 2, 2, 3, L->T, 5 };
    /* out: Y hN cN Sh Sc Z | dX dW dR db dbR dh0 dc0 */
    size_t sz[] = { P.y, P.state, P.state, P.Sh, P.Sc, P.Z,
                    nx, nw, nr, P.rows, P.rows, P.state, P.state };
    size_t off[14] = { 0 };
    for (int k = 0; k < 13; k++) off[k + 1] = off[k] + sz[k];
    run_out o = { calloc (off[13], sizeof (double)), calloc (off[13], sizeof (float)), off[13] };
    rng = 12345;               /* the same inputs in every run */
    double *X = rand_d (nx, 1), *W = rand_d (nw, 0.5), *R = rand_d (nr, 0.5);
    double *b = rand_d (P.rows, 0.5), *bR = rand_d (P.rows, 0.5);
    double *h0 = rand_d (P.state, 1), *c0 = rand_d (P.state, 1), *dY = rand_d (P.y, 1);
    double *dhN = rand_d (P.state, 1), *dcN = rand_d (P.state, 1);
    double *M = L->rec_mask ? rand_mask (P.state) : NULL;
    for (size_t i = 0; M && i < P.state; i++) {
        if (mask_fill != 0) M[i] = mask_fill;
        if (i == mask_nan_at) M[i] = NAN;
    }
    size_t nwork = P.work_fwd > P.work_bwd ? P.work_fwd : P.work_bwd;
    double *wd = malloc (nwork * sizeof *wd);
    float *ws = malloc (nwork * sizeof *ws);
    if (use_len)               /* X is zero beyond each column's length */
        for (size_t t = 0; t < L->T; t++)
            for (size_t j = 0; j < L->m; j++)
                if (t >= len[j % 8])
                    memset (X + (t * L->m + j) * L->n_x, 0, L->n_x * sizeof *X);
    const size_t *ln = use_len ? len : NULL;
    {
        double *y = o.d;
        rnn_params_d p = { W, R, b, use_bR ? bR : NULL, M };
        rnn_grads_d g = { y + off[7], y + off[8], y + off[9], use_bR ? y + off[10] : NULL };
        rnn_layer_forward_d (y, y + off[1], y + off[2], y + off[3], y + off[4],
                             y + off[5], L, X, h0, c0, &p, ln, wd);
        /* no cache (Sh NULL): the states go to Y only; the same bits */
        double *n = calloc (off[3], sizeof *n);   /* read when refused too */
        rnn_status st = rnn_layer_forward_d (n, n + off[1], n + off[2], NULL,
                                             y + off[4], y + off[5], L, X, h0, c0,
                                             &p, ln, wd);
        no_cache_check (st, L, ln, n, y, off[3] * sizeof *n, "double");
        free (n);
        rnn_layer_backward_d (y + off[6], &g, y + off[11], y + off[12], L, dY, dhN,
                              dcN, X, &p, ln, y + off[3], y + off[4], y + off[5], wd);
    }
    {
        float *Xs = to_s (X, nx), *Ws = to_s (W, nw), *Rs = to_s (R, nr);
        float *bs = to_s (b, P.rows), *bRs = to_s (bR, P.rows), *h0s = to_s (h0, P.state);
        float *c0s = to_s (c0, P.state), *dYs = to_s (dY, P.y), *dhNs = to_s (dhN, P.state);
        float *dcNs = to_s (dcN, P.state), *y = o.s;
        float *Ms = M ? to_s (M, P.state) : NULL;
        rnn_params_s p = { Ws, Rs, bs, use_bR ? bRs : NULL, Ms };
        rnn_grads_s g = { y + off[7], y + off[8], y + off[9], use_bR ? y + off[10] : NULL };
        rnn_layer_forward_s (y, y + off[1], y + off[2], y + off[3], y + off[4],
                             y + off[5], L, Xs, h0s, c0s, &p, ln, ws);
        float *n = calloc (off[3], sizeof *n);
        rnn_status st = rnn_layer_forward_s (n, n + off[1], n + off[2], NULL,
                                             y + off[4], y + off[5], L, Xs, h0s, c0s,
                                             &p, ln, ws);
        no_cache_check (st, L, ln, n, y, off[3] * sizeof *n, "single");
        free (n);
        rnn_layer_backward_s (y + off[6], &g, y + off[11], y + off[12], L, dYs, dhNs,
                              dcNs, Xs, &p, ln, y + off[3], y + off[4], y + off[5], ws);
        free (Xs); free (Ws); free (Rs); free (bs); free (bRs); free (h0s); free (c0s);
        free (dYs); free (dhNs); free (dcNs); free (Ms);
    }
    free (X); free (W); free (R); free (b); free (bR); free (h0); free (c0); free (dY);
    free (dhN); free (dcN); free (wd); free (ws); free (M);
    return o;
}

/* ---- recurrent dropout masks --------------------------------------------
 * A mask of ones computes what no mask computes: the same bits forward
 * (M.*h is h) and backward, but for the GRU before the multiplication,
 * whose dh_prev then adds its three parts in another order (to rounding).
 * A mask the plan has no room for is refused.  A NaN in the mask makes
 * its column NaN and leaves the others alone. */
static void test_mask (void)
{
    static const struct { rnn_cell_kind c; int after; } cells[] = {
        { RNN_CELL_RNN, 0 }, { RNN_CELL_GRU, 1 }, { RNN_CELL_GRU, 0 }, { RNN_CELL_LSTM, 0 } };
    char name[160];
    for (size_t c = 0; c < 4; c++)
        for (int dir = 0; dir < 3; dir++)
            for (int k = 0; k < 2; k++) {          /* k: lengths and bR */
                rnn_layer L = { cells[c].c, RNN_ACT_TANH, cells[c].after,
                                (rnn_direction) dir, RNN_MERGE_SUM, 5, 9, 8, 6, 0 };
                run_out a = run_layer (&L, k, k);
                L.rec_mask = 1;
                mask_fill = 1;
                run_out b = run_layer (&L, k, k);
                mask_fill = 0;
                rnn_plan P;
                rnn_layer_plan (&P, &L);
                /* Y hN cN Sh Sc Z: forward, the same bits */
                size_t nf = P.y + 2 * P.state + P.Sh + P.Sc + P.Z;
                int same_f = memcmp (a.d, b.d, nf * sizeof *a.d) == 0
                             && memcmp (a.s, b.s, nf * sizeof *a.s) == 0;
                int same_b = memcmp (a.d, b.d, a.n * sizeof *a.d) == 0
                             && memcmp (a.s, b.s, a.n * sizeof *a.s) == 0;
                double ed = 0, es = 0;
                for (size_t i = 0; i < a.n; i++) {
                    ed = fmax (ed, fabs (a.d[i] - b.d[i]) / (1 + fabs (a.d[i])));
                    es = fmax (es, fabs ((double) a.s[i] - b.s[i]) / (1 + fabs (a.s[i])));
                }
                int gru_before = L.cell == RNN_CELL_GRU && !L.reset_after;
                snprintf (name, sizeof name, "mask of ones: %s, cell=%d after=%d dir=%d "
                          "lengths+bR=%d (%.2g, %.2g)", gru_before ? "the same bits "
                          "forward, backward to rounding" : "the same bits", (int) L.cell,
                          L.reset_after, dir, k, ed, es);
                check (same_f && (gru_before ? ed < 1e-14 && es < 1e-6 : same_b), name);
                free (a.d); free (a.s); free (b.d); free (b.s);

                /* a NaN at unit 2 of column 0 (direction 0's page) */
                mask_nan_at = 2;
                run_out e = run_layer (&L, 0, k);
                mask_nan_at = SIZE_MAX;
                int nan_ok = 1;
                for (size_t t = 0; t < L.T; t++)
                    for (size_t j = 0; j < L.m; j++)
                        for (size_t i = 0; i < P.n_y; i++) {
                            double y = e.d[i + (j + t * L.m) * P.n_y];
                            nan_ok = nan_ok && (j == 0 ? isnan (y) : isfinite (y));
                        }
                snprintf (name, sizeof name, "mask with a NaN: its column NaN, the "
                          "others finite, cell=%d after=%d dir=%d bR=%d", (int) L.cell,
                          L.reset_after, dir, k);
                check (nan_ok, name);
                free (e.d); free (e.s);
            }

    /* a mask without L.rec_mask: refused, forward and backward */
    rnn_layer L = { RNN_CELL_LSTM, RNN_ACT_TANH, 1, RNN_DIR_FORWARD,
                    RNN_MERGE_CONCAT, 2, 3, 2, 4, 0 };
    rnn_plan P;
    rnn_layer_plan (&P, &L);
    double *X = rand_d (2 * 2 * 4, 1), *W = rand_d (P.rows * 2, 1);
    double *R = rand_d (P.rows * 3, 1), *b = rand_d (P.rows, 1), *M = rand_mask (P.state);
    double *Y = rand_d (P.y, 1), *hN = rand_d (P.state, 1), *cN = rand_d (P.state, 1);
    double *Sh = rand_d (P.Sh, 1), *Sc = rand_d (P.Sc, 1), *Z = rand_d (P.Z, 1);
    double *w = rand_d (P.work_fwd + P.work_bwd, 1);
    double *dW = rand_d (P.rows * 2, 1), *dR = rand_d (P.rows * 3, 1), *db = rand_d (P.rows, 1);
    rnn_params_d p = { W, R, b, NULL, M };
    rnn_grads_d g = { dW, dR, db, NULL };
    check (rnn_layer_forward_d (Y, hN, cN, Sh, Sc, Z, &L, X, NULL, NULL, &p, NULL, w)
           == RNN_ERR_ARG
           && rnn_layer_backward_d (NULL, &g, NULL, NULL, &L, Y, NULL, NULL, X, &p,
                                    NULL, Sh, Sc, Z, w) == RNN_ERR_ARG,
           "a mask without rec_mask (no room planned) is refused");
    free (X); free (W); free (R); free (b); free (M); free (Y); free (hN); free (cN);
    free (Sh); free (Sc); free (Z); free (w); free (dW); free (dR); free (db);
}

static void test_threads (void)
{
    const int nt0 = rnn_blas_threads ();
    const double dir0 = rnn_mt_dir_flops, gemm0 = rnn_mt_gemm_flops,
                 step0 = rnn_mt_step_flops;
    rnn_blas_set_threads (2);
    if (rnn_blas_threads () < 2) {
        printf ("threads: BLAS threads cannot be set here; one-thread runs only\n");
        return;
    }
    static const struct { rnn_cell_kind c; int after; } cells[] = {
        { RNN_CELL_RNN, 0 }, { RNN_CELL_GRU, 1 }, { RNN_CELL_GRU, 0 }, { RNN_CELL_LSTM, 0 } };
    /* n_a = 40: the backward steps' products R' dG have two panels of
       rows (the forward ones have from G n_a = 36 on), which the stepper
       splits */
    /* n_a = 33, m = 5: the input projection as one GEMM either way; with
       rnn_bgemm on every GEMM (main's second pass), rnn_big_gemm splits
       the products of 65 columns by columns and those of 66 rows or more
       by rows between two threads: then the same bits are required too */
    static const size_t dims[3][4] = { { 7, 9, 8, 13 }, { 5, 40, 8, 6 }, { 6, 33, 5, 13 } };
    char name[160];
    for (size_t sz = 0; sz < 3; sz++)
    for (size_t c = 0; c < 4; c++)
        for (int dir = 0; dir < 3; dir++)
            for (int merge = 0; merge < (dir == 2 ? 4 : 1); merge++)
                for (int kk = 0; kk < 3; kk++) {   /* lengths and bR (1), and a
                                                      recurrent dropout mask (2) */
                    /* m = 8: the input projection goes step by step */
                    const int k = kk > 0;
                    rnn_layer L = { cells[c].c, RNN_ACT_TANH, cells[c].after,
                                    (rnn_direction) dir, (rnn_merge) merge,
                                    dims[sz][0], dims[sz][1], dims[sz][2], dims[sz][3],
                                    kk == 2 };
                    /* one thread: BLAS too */
                    rnn_blas_set_threads (1);
                    run_out a = run_layer (&L, k, k);
                    /* two: the directions on two threads: the same bits */
                    rnn_blas_set_threads (2);
                    rnn_mt_dir_flops = 0;
                    run_out b = run_layer (&L, k, k);
                    rnn_mt_dir_flops = dir0;
                    int ok = memcmp (a.d, b.d, a.n * sizeof *a.d) == 0
                          && memcmp (a.s, b.s, a.n * sizeof *a.s) == 0
                          && rnn_blas_threads () == 2;   /* restored */
                    snprintf (name, sizeof name, "threads: same bits, cell=%d after=%d dir=%d "
                              "merge=%d lengths+bR=%d mask=%d n_a=%zu", (int) L.cell, L.reset_after,
                              dir, merge, k, L.rec_mask, L.n_a);
                    check (ok, name);
                    /* the steps' products split with the stepper (the
                       directions one after the other): the same bits */
                    rnn_mt_step_flops = 0;
                    run_out f = run_layer (&L, k, k);
                    rnn_mt_step_flops = step0;
                    ok = memcmp (a.d, f.d, a.n * sizeof *a.d) == 0
                         && memcmp (a.s, f.s, a.n * sizeof *a.s) == 0
                         && rnn_blas_threads () == 2;
                    snprintf (name, sizeof name, "threads: stepper, same bits, cell=%d after=%d "
                              "dir=%d merge=%d lengths+bR=%d mask=%d n_a=%zu", (int) L.cell,
                              L.reset_after, dir, merge, k, L.rec_mask, L.n_a);
                    check (ok, name);
                    free (f.d); free (f.s);
                    /* BLAS's two threads on every GEMM, and the input
                       projection as one GEMM instead of step by step: the
                       same to rounding (the order of the sums may differ) */
                    rnn_mt_gemm_flops = 0;
                    run_out e = run_layer (&L, k, k);
                    rnn_mt_gemm_flops = gemm0;
                    double ed = 0, es = 0;
                    for (size_t i = 0; i < a.n; i++) {
                        ed = fmax (ed, fabs (a.d[i] - e.d[i]) / (1 + fabs (a.d[i])));
                        es = fmax (es, fabs ((double) a.s[i] - e.s[i]) / (1 + fabs (a.s[i])));
                    }
                    snprintf (name, sizeof name, "threads: BLAS threads, cell=%d after=%d "
                              "dir=%d merge=%d lengths+bR=%d mask=%d n_a=%zu", (int) L.cell,
                              L.reset_after, dir, merge, k, L.rec_mask, L.n_a);
                    check (ed < 1e-13 && es < 1e-5 && rnn_blas_threads () == 2, name);
                    if (rnn_bgemm_min_flops == 0 && L.m < 8) {
                        snprintf (name, sizeof name, "threads: big GEMMs on two threads, "
                                  "same bits, cell=%d after=%d dir=%d merge=%d "
                                  "lengths+bR=%d mask=%d n_a=%zu", (int) L.cell, L.reset_after,
                                  dir, merge, k, L.rec_mask, L.n_a);
                        check (memcmp (a.d, e.d, a.n * sizeof *a.d) == 0
                               && memcmp (a.s, e.s, a.n * sizeof *a.s) == 0, name);
                    }
                    free (a.d); free (a.s); free (b.d); free (b.s); free (e.d); free (e.s);
                }
    rnn_blas_set_threads (nt0);
}

/* ---- rnn_exp512_s and _d (internal.h) ----------------------------------
 * Float against libm's exp in double on one bit pattern in 61 (70 million,
 * every exponent and sign; all 2^32 gave 1.08 ulp at most); double
 * against expl on 2 million doubles, half uniform on [-750, 712] (from 0
 * through the subnormals to overflow), half random bit patterns; then the
 * special values: NaN, +-Inf, +-0, overflow and the underflow to
 * subnormals and to 0.  Only on a CPU with AVX-512 (not under valgrind). */
#ifdef RNN_MVEC
__attribute__ ((target ("avx512f"))) static double exp512_sweep (int *nan_ok)
{
    double worst = 0;
    *nan_ok = 1;
    for (unsigned long long b = 0; b < (1ull << 32); b += 16 * 61) {
        v16f x, y;
        for (int i = 0; i < 16; i++) {
            unsigned u = (unsigned) (b + 61ull * (unsigned) i);
            memcpy (&x[i], &u, sizeof u);
        }
        y = rnn_exp512_s (x);
        for (int i = 0; i < 16; i++) {
            if (isnan (x[i])) { *nan_ok &= isnan (y[i]) != 0; continue; }
            worst = fmax (worst, ulps_s (y[i], exp ((double) x[i])));
        }
    }
    return worst;
}
__attribute__ ((target ("avx512f"))) static double exp512_sweep_d (int *nan_ok)
{
    double worst = 0;
    *nan_ok = 1;
    for (int it = 0; it < 250000; it++) {
        v8d x, y;
        for (int i = 0; i < 8; i++) {
            double t = urand ();
            unsigned long long u = rng;           /* the generator's bits */
            if (i < 4) x[i] = -750 + 1462 * (t + 1) / 2;
            else memcpy (&x[i], &u, sizeof u);
        }
        y = rnn_exp512_d (x);
        for (int i = 0; i < 8; i++) {
            if (isnan (x[i])) { *nan_ok &= isnan (y[i]) != 0; continue; }
            worst = fmax (worst, ulps_d (y[i], expl ((long double) x[i])));
        }
    }
    return worst;
}
__attribute__ ((target ("avx512f"))) static int exp512_specials (void)
{
    /* volatile: computed by the CPU, not folded by the compiler */
    static volatile const float x[16] = { INFINITY, -INFINITY, 0.0f, -0.0f,
        88.72f, 88.73f, 1e30f, -1e30f, -87.0f, -100.0f, -103.9f, -104.5f,
        -150.0f, 1e-30f, -1e-30f, 1.0f };
    v16f v, y;
    for (int i = 0; i < 16; i++) v[i] = x[i];
    y = rnn_exp512_s (v);
    int ok = 1;
    for (int i = 0; i < 16; i++) {
        double r = exp ((double) x[i]);
        ok &= (float) r == y[i] || (r != 0 && !isinf (r) && ulps_s (y[i], r) <= 1.5);
    }
    static volatile const double xd[8] = { INFINITY, -INFINITY, -0.0, 709.78,
        709.79, -740.0, -745.2, -1e300 };
    v8d vd, yd;
    for (int i = 0; i < 8; i++) vd[i] = xd[i];
    yd = rnn_exp512_d (vd);
    for (int i = 0; i < 8; i++) {
        long double r = expl ((long double) xd[i]);
        ok &= (double) r == yd[i]
              || ((double) r != 0 && !isinf ((double) r) && ulps_d (yd[i], r) <= 1.5);
    }
    return ok;
}
#endif
static void test_exp512 (void)
{
#ifdef RNN_MVEC
    __builtin_cpu_init ();
    if (!__builtin_cpu_supports ("avx512f")) {
        printf ("rnn_exp512_s and _d: no AVX-512 here, not tested\n");
        return;
    }
    int nan_s, nan_d;
    double ws = exp512_sweep (&nan_s), wd = exp512_sweep_d (&nan_d);
    printf ("rnn_exp512: worst error %.3g ulp (float), %.3g ulp (double)\n", ws, wd);
    check (ws <= 1.5, "rnn_exp512_s within 1.5 ulp of exp");
    check (wd <= 1.5, "rnn_exp512_d within 1.5 ulp of expl");
    check (nan_s && nan_d, "rnn_exp512_s and _d keep NaN");
    check (exp512_specials (), "rnn_exp512_s and _d: Inf, 0, overflow, underflow");
#endif
}

/* ---- rnn_tanh512_d and rnn_tanh256_d (internal.h) ----------------------
 * Against tanhl on vectors of three kinds (each of the function's branches
 * alone, and both): below 0.625 in magnitude, from 0.625 to 25, and lanes
 * of both together with tiny magnitudes and random bit patterns (NaN among
 * them); then doubles around the switch at 0.625, and the special values.
 * AVX-512: 2.2 million doubles, within 1.5 ulp (its exp is ours); AVX2:
 * 0.55 million, within 2.5 ulp (its exp is libmvec's, within 4 ulp).  On
 * the CPUs that have them. */
#ifdef RNN_MVEC
/* 8 inputs of sweep iteration it (n iterations in all) */
static void tanh_inputs (double x[8], int it, int n)
{
    for (int i = 0; i < 8; i++) {
        double t = urand ();                      /* in (-1, 1) */
        unsigned long long u = rng;
        int kind = it < n - n / 11 ? it % 3 : 3;
        if (kind == 2) kind = 4 + i % 4;          /* lanes of every kind */
        switch (kind) {
        case 0: x[i] = 0.625 * t; break;
        case 1: case 4: x[i] = (t < 0 ? -1 : 1) * (0.625 + 24.375 * fabs (t)); break;
        case 3: x[i] = (t < 0 ? -1 : 1) * (0.625 + 0.1 * t); break;
        case 5: x[i] = 1.5 * t; break;
        case 6: x[i] = ldexp (t, -(int) (u % 1080)); break;
        default: memcpy (&x[i], &u, sizeof u);
        }
    }
}
/* the worst error over the sweep; *nan_ok: NaN stays NaN */
static double tanh_worst (const double x[8], const double y[8], int *nan_ok)
{
    double worst = 0;
    for (int i = 0; i < 8; i++) {
        if (isnan (x[i])) { *nan_ok &= isnan (y[i]) != 0; continue; }
        worst = fmax (worst, ulps_d (y[i], tanhl ((long double) x[i])));
    }
    return worst;
}
/* +-Inf, +-0, subnormals, the switch, saturation, NaN */
static volatile const double tanh_special[16] = { INFINITY, -INFINITY, 0.0,
    -0.0, 4.9e-324, -2.2e-308, 1e-300, 0.625, -0.625, 19.0, 19.1, -710.0,
    1e300, -1e300, 0.6249999999999999, NAN };
static int tanh_special_ok (const double x[8], const double y[8], double tol)
{
    int ok = 1;
    for (int i = 0; i < 8; i++) {
        long double r = tanhl ((long double) x[i]);
        if (isnan (x[i])) ok &= isnan (y[i]) != 0;
        else ok &= ((double) r == y[i] && signbit (y[i]) == signbit ((double) r))
                   || ulps_d (y[i], r) <= tol;
    }
    return ok;
}
/* the ISAs' tanh on 8 doubles */
__attribute__ ((target ("avx512f"))) static void tanh512_8 (double y[8],
                                                           const double x[8])
{
    v8d v, w;
    memcpy (&v, x, sizeof v);
    w = rnn_tanh512_d (v);
    memcpy (y, &w, sizeof w);
}
__attribute__ ((target ("avx2,fma"))) static void tanh256_8 (double y[8],
                                                            const double x[8])
{
    for (int h = 0; h < 8; h += 4) {
        v4d v, w;
        memcpy (&v, x + h, sizeof v);
        w = rnn_tanh256_d (v);
        memcpy (y + h, &w, sizeof w);
    }
}
/* 1 when long double carries more bits than double, as the reference
 * tanhl needs; valgrind computes x87 arithmetic in double */
static int long_double_is_extended (void)
{
    volatile long double x = 1;
    x += 0x1p-60L;
    return x != 1;
}
/* the worst error of f over n sweep iterations; *nan_ok: NaN stays NaN;
 * *special_ok: the special values within tol */
static double tanh_sweep (void (*f) (double *, const double *), int n,
                          double tol, int *nan_ok, int *special_ok)
{
    double worst = 0, x[8], y[8];
    *nan_ok = 1;
    for (int it = 0; it < n; it++) {
        tanh_inputs (x, it, n);
        f (y, x);
        worst = fmax (worst, tanh_worst (x, y, nan_ok));
    }
    *special_ok = 1;
    for (int h = 0; h < 16; h += 8) {   /* volatile: computed by the CPU */
        for (int i = 0; i < 8; i++) x[i] = tanh_special[h + i];
        f (y, x);
        *special_ok &= tanh_special_ok (x, y, tol);
    }
    return worst;
}
#endif
static void test_tanh (void)
{
#ifdef RNN_MVEC
    __builtin_cpu_init ();
    const struct { const char *name; int has; void (*f) (double *, const double *);
                   int n; double tol; } isa[2] = {
        { "rnn_tanh512_d", __builtin_cpu_supports ("avx512f"), tanh512_8, 275000, 1.5 },
        { "rnn_tanh256_d", __builtin_cpu_supports ("avx2")
                           && __builtin_cpu_supports ("fma"), tanh256_8, 68750, 2.5 } };
    char what[128];
    for (int k = 0; k < 2; k++) {
        if (!isa[k].has) {
            printf ("%s: not on this CPU, not tested\n", isa[k].name);
            continue;
        }
        /* with tanhl no more exact than tanh (under valgrind: 3 ulp
         * measured), libmvec's documented bound */
        double tol = long_double_is_extended () ? isa[k].tol : 4;
        int nan_ok, special_ok;
        double w = tanh_sweep (isa[k].f, isa[k].n, tol, &nan_ok, &special_ok);
        printf ("%s: worst error %.3g ulp%s\n", isa[k].name, w,
                tol == isa[k].tol ? "" : " (tanhl in double precision here)");
        snprintf (what, sizeof what, "%s within %g ulp of tanhl", isa[k].name, tol);
        check (w <= tol, what);
        snprintf (what, sizeof what, "%s keeps NaN", isa[k].name);
        check (nan_ok, what);
        snprintf (what, sizeof what, "%s: +-Inf, +-0, subnormals, the switch", isa[k].name);
        check (special_ok, what);
    }
#endif
}

/* ---- ISAs ---------------------------------------------------------------
 * Each ISA's element-wise code (vmath.c's loops and the cells' fused
 * ones) against libm's path (rnn_vec_isa_max = 0) on the same layer: the
 * same to rounding.  Widths with whole vectors of 4, 8 and 16 lanes and
 * with tails of every ISA and precision (test_layer's n_a = 4 fills at
 * most one vector). */
static void test_isa (void)
{
    static const struct { rnn_cell_kind c; int after; } cells[] = {
        { RNN_CELL_RNN, 0 }, { RNN_CELL_GRU, 1 }, { RNN_CELL_GRU, 0 }, { RNN_CELL_LSTM, 0 } };
    static const size_t widths[] = { 16, 21, 40 };
    const int top = rnn_vec_isa ();
    char name[160];
    for (size_t c = 0; c < 4; c++)
        for (size_t w = 0; w < 3; w++)
            for (int k = 0; k < 2; k++) {          /* k: lengths and bR */
                rnn_layer L = { cells[c].c, RNN_ACT_TANH, cells[c].after,
                                RNN_DIR_BIDIRECTIONAL, RNN_MERGE_CONCAT, 5,
                                widths[w], 3, 7, 0 };
                rnn_vec_isa_max = 0;
                run_out a = run_layer (&L, k, k);
                for (int isa = 1; isa <= top; isa++) {
                    rnn_vec_isa_max = isa;
                    run_out b = run_layer (&L, k, k);
                    double ed = 0, es = 0;
                    for (size_t i = 0; i < a.n; i++) {
                        ed = fmax (ed, fabs (a.d[i] - b.d[i]) / (1 + fabs (a.d[i])));
                        es = fmax (es, fabs ((double) a.s[i] - b.s[i]) / (1 + fabs (a.s[i])));
                    }
                    snprintf (name, sizeof name, "isa %d agrees with libm: cell=%d "
                              "after=%d lengths+bR=%d n_a=%zu (%.2g, %.2g)", isa,
                              (int) L.cell, L.reset_after, k, L.n_a, ed, es);
                    check (ed < 1e-13 && es < 1e-5, name);
                    free (b.d); free (b.s);
                }
                free (a.d); free (a.s);
            }
    rnn_vec_isa_max = 2;
}

int main (void)
{
    test_gemm ();
    test_plan ();
    test_exp512 ();
    test_tanh ();
    test_isa ();
    /* cells under test: each variant of each cell */
    static const struct { rnn_cell_kind c; rnn_activation a; int after; } cells[] = {
        { RNN_CELL_RNN, RNN_ACT_TANH, 0 }, { RNN_CELL_RNN, RNN_ACT_RELU, 0 },
        { RNN_CELL_GRU, RNN_ACT_TANH, 1 }, { RNN_CELL_GRU, RNN_ACT_TANH, 0 },
        { RNN_CELL_LSTM, RNN_ACT_TANH, 0 },
    };
    /* the element-wise code of each ISA this CPU has (AVX-512, AVX2, libm;
       rnn_vec_isa), and for each, three times: the big GEMMs of these
       small layers through BLAS (below rnn_bgemm_min_flops), then through
       rnn_bgemm and rnn_bgemm2 with blocks small enough that their loops
       over blocks run, then with op(A) packed whole where op(B) = B (the
       plan rnn_bgemm takes by default for W X and W' dG) */
    const double bgemm_min0 = rnn_bgemm_min_flops;
    const size_t whole0 = rnn_bgemm_whole_bytes;
    static char tagbuf[48];
    for (int isa = rnn_vec_isa (); isa >= 0; isa--)
    for (int pass = 0; pass < 3; pass++) {
        rnn_vec_isa_max = isa;
        snprintf (tagbuf, sizeof tagbuf, "[isa %d%s] ", isa,
                  pass == 1 ? ", rnn_bgemm blocks" : pass == 2 ? ", rnn_bgemm whole" : "");
        tag = tagbuf;
        rnn_bgemm_min_flops = pass == 0 ? bgemm_min0 : 0;
        rnn_bgemm_blocks (pass == 1 ? 2 : 0, pass == 1 ? 1 : 0, pass == 1 ? 9 : 0);
        rnn_bgemm_whole_bytes = pass == 1 ? 0 : whole0;
        if (pass == 0) test_vmath ();
        test_mask ();
        test_threads ();
        for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++)
            for (int dir = 0; dir < 3; dir++)
                for (int merge = 0; merge < (dir == 2 ? 4 : 1); merge++)
                    for (int bR = 0; bR < 2; bR++)
                        for (int len = 0; len < 2; len++)
                            for (int mask = 0; mask < 1 + (bR == len); mask++)
                                test_layer (cells[c].c, cells[c].a, cells[c].after,
                                            (rnn_direction) dir, (rnn_merge) merge,
                                            bR, len, mask);
    }
    printf ("%d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
