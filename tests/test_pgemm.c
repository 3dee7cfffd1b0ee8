/* test_pgemm.c - rnn_pack + rnn_pgemm, and rnn_bgemm (src/core/pgemm.c),
 * against a naive triple loop accumulated in long double, both precisions
 * (rnn_bgemm: all four transposes, with its default blocks and with small
 * ones, so that every loop over blocks and its partial last block runs;
 * rnn_bgemm2 against two rnn_bgemm calls):
 *   - many shapes: M, N, K around the register tile (MR = 2 vectors of rows,
 *     NR columns) and its multiples, N = 1, K = 0, tiny and odd sizes;
 *   - trans 'N' and 'T', beta 0 and 1, leading dimensions larger than the
 *     matrices, packed buffers at unaligned addresses;
 *   - NaN in C with beta = 0 (C is not read), NaN and Inf in A, B and C
 *     (IEEE propagation: NaN stays NaN, Inf stays Inf, Inf - Inf is NaN);
 *   - the rows of C between M and ldc are not touched; M = 0, N = 0 with
 *     NULL arrays.
 * Error bound: |C - ref| <= 2 (K + 2) u (sum_k |a_ik b_kj| + |beta c_ij|),
 * u the unit roundoff of the precision.  Exact-size buffers, so valgrind
 * and the sanitizers see any overrun.  Build (from the repository root):
 *
 *   gcc -std=gnu99 -O2 -ftree-vectorize -fno-math-errno -Isrc/core \
 *       tests/test_pgemm.c src/core/pgemm.c src/core/blas.c -lblas -lm \
 *       -o /tmp/test_pgemm
 *
 * -DRNN_PGEMM_ISA_MAX=1 (AVX2) or 0 (BLAS fallback) on all three files
 * tests the other paths on an AVX-512 machine.  Valgrind (3.19) hides
 * AVX-512 from the program, so under valgrind the AVX2 kernels run; the
 * AVX-512 ones are covered by -fsanitize=address,undefined.  Prints
 * "N passed, N failed" and exits non-zero on a failure. */
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int npass, nfail;

static unsigned long long rng = 88172645463325252ull;
static double urand (void)       /* uniform in [-1, 1) */
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double) (rng >> 11) / 4503599627370496.0 - 1;
}

/* the precision under test: 0 double, 1 float (values are rounded to
 * float before use, so the double arrays hold exactly what float sees) */
static double rnd (int prec, double x) { return prec ? (double) (float) x : x; }

/* exact-size copy in the precision under test, at offset off elements
 * (an unaligned address when off = 1); NULL for n = 0 */
static void *to_prec (int prec, const double *x, size_t n, size_t off, void **base)
{
    size_t es = prec ? sizeof (float) : sizeof (double);
    *base = NULL;
    if (n == 0) return NULL;
    char *p = malloc ((n + off) * es);
    *base = p;
    p += off * es;
    for (size_t i = 0; i < n; i++) {
        if (prec) ((float *) p)[i] = (float) x[i];
        else ((double *) p)[i] = x[i];
    }
    return p;
}
static void from_prec (int prec, double *y, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = prec ? ((const float *) p)[i] : ((const double *) p)[i];
}

static size_t pack_size (int prec, size_t M, size_t K)
{
    return prec ? rnn_pack_size_s (M, K) : rnn_pack_size_d (M, K);
}
static size_t work_size (int prec, size_t K, size_t N)
{
    return prec ? rnn_pgemm_work_s (K, N) : rnn_pgemm_work_d (K, N);
}

/* specials */
enum { PLAIN, NAN_C, NONFINITE };

typedef struct {
    int prec; char tr; size_t M, N, K, lda, ldb, ldc; double beta;
    int special; int unaligned;
    char tb;       /* rnn_bgemm's op(B): 'N' (or 0) or 'T' (B [N, K]) */
    int bg;        /* 1: rnn_bgemm (both operands by blocks), 0: rnn_pgemm */
    int bias;      /* rnn_pgemm_bias (beta 0): C := op(A) B + bias [M] */
} tcase;

static void run (const tcase *t)
{
    const int prec = t->prec;
    const size_t M = t->M, N = t->N, K = t->K;
    const size_t acols = t->tr == 'T' ? M : K;
    const int btr = t->tb == 'T';
    const size_t na = t->lda * acols, nb = t->ldb * (btr ? K : N), nc = t->ldc * N;
    const double canary = 12345.0;
    double *A = malloc ((na + 1) * sizeof *A), *B = malloc ((nb + 1) * sizeof *B);
    double *C = malloc ((nc + 1) * sizeof *C), *Cout = malloc ((nc + 1) * sizeof *C);
    for (size_t i = 0; i < na; i++) A[i] = rnd (prec, urand ());
    for (size_t i = 0; i < nb; i++) B[i] = rnd (prec, urand ());
    double *bias = malloc ((M + 1) * sizeof *bias);
    for (size_t i = 0; i < M; i++) bias[i] = rnd (prec, 4 * urand ());
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < t->ldc; i++)
            C[i + j*t->ldc] = i < M ? rnd (prec, urand ()) : canary;
    if (t->special == NAN_C)
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < M; i++) C[i + j*t->ldc] = NAN;
    if (t->special == NONFINITE) {   /* a few NaN and +-Inf anywhere */
        size_t n = 1 + (M + N + K) / 16;
        for (size_t r = 0; r < n; r++) {
            double v[3] = { NAN, INFINITY, -INFINITY };
            if (na) A[(size_t) ((urand () + 1) / 2 * na)] = v[r % 3];
            if (nb) B[(size_t) ((urand () + 1) / 2 * nb)] = v[(r + 1) % 3];
            if (M && N) {
                size_t i = (size_t) ((urand () + 1) / 2 * M), j = (size_t) ((urand () + 1) / 2 * N);
                C[i + j*t->ldc] = v[(r + 2) % 3];
            }
        }
    }

    /* the reference and the magnitude bound */
    double *ref = malloc ((M * N + 1) * sizeof *ref), *mag = malloc ((M * N + 1) * sizeof *mag);
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < M; i++) {
            long double s = 0, m = 0;
            for (size_t k = 0; k < K; k++) {
                long double a = t->tr == 'T' ? A[k + i*t->lda] : A[i + k*t->lda];
                long double b = btr ? B[j + k*t->ldb] : B[k + j*t->ldb];
                s += a * b;
                m += fabsl (a * b);
            }
            if (t->beta != 0) {
                s += (long double) t->beta * C[i + j*t->ldc];
                m += fabsl ((long double) t->beta * C[i + j*t->ldc]);
            }
            if (t->bias) { s += bias[i]; m += fabs (bias[i]); }
            ref[i + j*M] = (double) s;
            mag[i + j*M] = (double) m;
        }

    /* pack and multiply in the precision under test */
    void *Abase, *Bbase, *Cbase, *Apbase = NULL, *wbase = NULL;
    void *Ad = to_prec (prec, A, na, 0, &Abase);
    void *Bd = to_prec (prec, B, nb, 0, &Bbase);
    void *Cd = to_prec (prec, C, nc, 0, &Cbase);
    void *biasbase, *biasd = to_prec (prec, bias, M, t->unaligned, &biasbase);
    const size_t es = prec ? sizeof (float) : sizeof (double);
    const char tb = btr ? 'T' : 'N';
    const size_t np = t->bg ? 0 : pack_size (prec, M, K);
    const size_t nw = !t->bg ? work_size (prec, K, N)
                    : prec ? rnn_bgemm_work_s (tb, M, N, K) : rnn_bgemm_work_d (tb, M, N, K);
    const size_t off = t->unaligned ? 1 : 0;
    void *Ap = NULL, *w = NULL;
    if (np) { Apbase = malloc ((np + off) * es); Ap = (char *) Apbase + off * es; }
    if (nw) { wbase = malloc ((nw + off) * es); w = (char *) wbase + off * es; }
    if (t->bg && prec)
        rnn_bgemm_s (t->tr, tb, M, N, K, Ad, t->lda, Bd, t->ldb, (float) t->beta, Cd,
                     t->ldc, w);
    else if (t->bg)
        rnn_bgemm_d (t->tr, tb, M, N, K, Ad, t->lda, Bd, t->ldb, t->beta, Cd, t->ldc, w);
    else if (prec) {
        rnn_pack_s (Ap, t->tr, Ad, t->lda, M, K);
        if (t->bias) rnn_pgemm_bias_s (M, N, K, Ap, Bd, t->ldb, biasd, Cd, t->ldc);
        else rnn_pgemm_s (M, N, K, Ap, Bd, t->ldb, (float) t->beta, Cd, t->ldc, w);
    } else {
        rnn_pack_d (Ap, t->tr, Ad, t->lda, M, K);
        if (t->bias) rnn_pgemm_bias_d (M, N, K, Ap, Bd, t->ldb, biasd, Cd, t->ldc);
        else rnn_pgemm_d (M, N, K, Ap, Bd, t->ldb, t->beta, Cd, t->ldc, w);
    }
    from_prec (prec, Cout, Cd, nc);

    const double u = prec ? ldexp (1, -24) : ldexp (1, -53);
    const double tol = 2.0 * (double) (K + 2) * u;
    size_t bad = 0, badi = 0, badj = 0;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < t->ldc; i++) {
            double g = Cout[i + j*t->ldc];
            int ok;
            if (i >= M) ok = g == canary;
            else {
                double r = ref[i + j*M];
                if (isnan (r)) ok = isnan (g);
                else if (isinf (r)) ok = g == r;
                else ok = isfinite (g) && fabs (g - r) <= tol * mag[i + j*M];
            }
            if (!ok && bad++ == 0) { badi = i; badj = j; }
        }
    char name[200];
    snprintf (name, sizeof name, "%s %s %c%c M=%zu N=%zu K=%zu lda=%zu ldb=%zu ldc=%zu beta=%g special=%d unaligned=%d",
              t->bg ? "bgemm" : t->bias ? "pgemm_bias" : "pgemm", prec ? "float" : "double", t->tr, tb, M, N, K,
              t->lda, t->ldb, t->ldc, t->beta, t->special, t->unaligned);
    if (bad == 0) npass++;
    else {
        nfail++;
        printf ("FAIL %s: %zu wrong, first C(%zu,%zu) = %.17g, ref %.17g\n", name, bad,
                badi, badj, Cout[badi + badj*t->ldc], badi < M ? ref[badi + badj*M] : canary);
    }
    free (A); free (B); free (C); free (Cout); free (ref); free (mag);
    free (bias); free (biasbase);
    free (Abase); free (Bbase); free (Cbase); free (Apbase); free (wbase);
}

int main (void)
{
    static const size_t Ms[] = { 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 50, 64, 65, 100, 200 };
    static const size_t Ns[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 24, 25, 32, 33, 64 };
    static const size_t Ks[] = { 0, 1, 2, 3, 4, 5, 7, 16, 33, 50, 64, 129 };
    const size_t nM = sizeof Ms / sizeof *Ms, nN = sizeof Ns / sizeof *Ns, nK = sizeof Ks / sizeof *Ks;

    printf ("# rnn_pgemm_fast () = %d, panel rows MR = %zu (float), %zu (double)\n",
            rnn_pgemm_fast (), rnn_pack_size_s (1, 1), rnn_pack_size_d (1, 1));

    size_t n = 0;
    for (int prec = 0; prec < 2; prec++)
        for (int ti = 0; ti < 2; ti++)
            for (int bi = 0; bi < 2; bi++) {
                /* every M and N, each with a K from the list in turn, and
                 * every K with a few M and N */
                for (size_t a = 0; a < nM; a++)
                    for (size_t b = 0; b < nN; b++) {
                        size_t K = Ks[(a * 5 + b * 3 + n) % nK];
                        size_t M = Ms[a], N = Ns[b];
                        tcase t = { prec, ti ? 'T' : 'N', M, N, K, 0, 0, 0, (double) bi,
                                    PLAIN, (int) (n % 2), 0, 0, 0 };
                        size_t ar = ti ? K : M;
                        t.lda = (ar ? ar : 1) + n % 3;
                        t.ldb = (K ? K : 1) + (n % 2) * 3;
                        t.ldc = M + n % 4;
                        run (&t);
                        n++;
                    }
                for (size_t c = 0; c < nK; c++)
                    for (size_t a = 0; a < nM; a += 4)
                        for (size_t b = 0; b < nN; b += 5) {
                            size_t M = Ms[a], N = Ns[b], K = Ks[c];
                            tcase t = { prec, ti ? 'T' : 'N', M, N, K, 0, 0, M, (double) bi,
                                        PLAIN, 0, 0, 0, 0 };
                            t.lda = ti ? (K ? K : 1) : M;
                            t.ldb = K ? K : 1;
                            run (&t);
                        }
            }

    /* rnn_pgemm_bias: every M (partial panels, and the half panels of
     * M <= one vector) with N and K from the lists, C all NaN (not read),
     * the bias at an unaligned address in every other case, and NaN /
     * Inf in A and B */
    for (int prec = 0; prec < 2; prec++)
        for (int ti = 0; ti < 2; ti++)
            for (size_t a = 0; a < nM; a++)
                for (size_t b = 0; b < nN; b += 2) {
                    size_t M = Ms[a], N = Ns[b], K = Ks[(a * 3 + b + n) % nK];
                    int sp = n % 5 == 0 && K ? NONFINITE : NAN_C;
                    tcase t = { prec, ti ? 'T' : 'N', M, N, K, 0, K ? K : 1, M + n % 3, 0,
                                sp, (int) (n % 2), 0, 0, 1 };
                    t.lda = (ti ? (K ? K : 1) : M) + n % 2;
                    run (&t);
                    n++;
                }

    /* the recurrent shapes themselves (4*n_a x n_a forward, n_a x 4*n_a
     * backward), and NaN / Inf */
    for (int prec = 0; prec < 2; prec++) {
        static const size_t sh[][3] = { { 200, 50, 1 }, { 256, 64, 16 }, { 192, 64, 16 },
                                        { 1024, 256, 32 }, { 768, 256, 3 } };
        for (size_t s = 0; s < sizeof sh / sizeof *sh; s++) {
            size_t M = sh[s][0], K = sh[s][1], N = sh[s][2];
            tcase f = { prec, 'N', M, N, K, M, K, M, 1, PLAIN, 0, 0, 0, 0 };
            tcase b = { prec, 'T', K, N, M, M, M, K, 0, PLAIN, 0, 0, 0, 0 };
            run (&f);
            run (&b);
        }
        for (int ti = 0; ti < 2; ti++)
            for (size_t a = 0; a < nM; a += 3)
                for (size_t b = 0; b < nN; b += 4)
                    for (int sp = NAN_C; sp <= NONFINITE; sp++)
                        for (int bi = 0; bi < 2; bi++) {
                            size_t M = Ms[a], N = Ns[b], K = Ks[(a + b) % nK];
                            if (sp == NONFINITE && K == 0) K = 3;
                            tcase t = { prec, ti ? 'T' : 'N', M, N, K, 0, K ? K : 1, M + 1,
                                        (double) bi, sp, 0, 0, 0, 0 };
                            t.lda = ti ? (K ? K : 1) : M;
                            run (&t);
                        }
    }

    /* rnn_bgemm: every op(A), op(B), beta, with the default blocks (the
     * benchmark's shapes, scaled down) and with small ones, so that the
     * loops over blocks of K, of op(A)'s rows and of op(B)'s columns, and
     * their partial last blocks, run on small matrices; NaN / Inf */
    rnn_bgemm_min_flops = 0;         /* the kernels, however small */
    const size_t whole0 = rnn_bgemm_whole_bytes;
    for (int blk = 0; blk < 3; blk++) {
        /* blk 0: op(A) packed whole where op(B) = B (the default); 1, 2:
           the blocked plan for every op(B) */
        if (blk == 1) rnn_bgemm_blocks (7, 1, 20);    /* KC 7, MC = MR, NC 20 */
        if (blk == 2) rnn_bgemm_blocks (64, 3000, 64);
        rnn_bgemm_whole_bytes = blk ? 0 : whole0;
        for (int prec = 0; prec < 2; prec++)
            for (int ti = 0; ti < 4; ti++)
                for (int bi = 0; bi < 2; bi++)
                    for (size_t a = 0; a < nM; a += blk ? 2 : 3)
                        for (size_t b = 0; b < nN; b += blk ? 3 : 4) {
                            size_t M = Ms[a], N = Ns[b], K = Ks[(a + 2 * b + n) % nK] + blk * 17;
                            const char ta = ti & 1 ? 'T' : 'N', tb = ti & 2 ? 'T' : 'N';
                            tcase t = { prec, ta, M, N, K, 0, 0, M + n % 3, (double) bi,
                                        n % 5 == 0 ? NAN_C : n % 7 == 0 && K ? NONFINITE : PLAIN,
                                        (int) (n % 2), tb, 1, 0 };
                            size_t ar = ta == 'T' ? K : M, br = tb == 'T' ? N : K;
                            t.lda = (ar ? ar : 1) + n % 2;
                            t.ldb = (br ? br : 1) + n % 3;
                            run (&t);
                            n++;
                        }
        /* the last: K so deep that the whole plan's blocks of columns are
           narrower than 8 tiles */
        static const size_t big[][3] = { { 256, 160, 32 }, { 32, 160, 256 },
                                          { 256, 32, 160 }, { 96, 1030, 300 },
                                          { 40, 150, 2100 } };
        for (int prec = 0; prec < 2; prec++)
            for (size_t s = 0; s < sizeof big / sizeof *big; s++)
                for (int ti = 0; ti < 4; ti++) {
                    size_t M = big[s][0], N = big[s][1], K = big[s][2];
                    const char ta = ti & 1 ? 'T' : 'N', tb = ti & 2 ? 'T' : 'N';
                    tcase t = { prec, ta, M, N, K, ta == 'T' ? K : M, tb == 'T' ? N : K, M,
                                (double) (ti & 1), PLAIN, 0, tb, 1, 0 };
                    run (&t);
                }
    }
    /* rnn_bgemm2 against two rnn_bgemm calls, with the parts in one block
     * of columns and, NC small, in several (and the fallback): the two
     * differ by at most twice the error bound of run() (a column may sit
     * in a tile of another width, whose sums run in another order) */
    for (int blk = 0; blk < 3; blk++) {
        rnn_bgemm_blocks (blk == 2 ? 5 : 0, blk == 2 ? 1 : 0, blk == 0 ? 0 : 13);
        rnn_bgemm_whole_bytes = blk ? 0 : whole0;
        for (int ti = 0; ti < 4; ti++)
            for (size_t s = 0; s < 6; s++) {
                static const size_t sh[6][4] = { { 64, 32, 64, 1600 }, { 200, 27, 50, 20 },
                                                 { 33, 5, 9, 40 }, { 96, 13, 1, 7 },
                                                 { 7, 1, 12, 300 }, { 256, 30, 31, 65 } };
                const size_t M = sh[s][0], N1 = sh[s][1], N2 = sh[s][2], K = sh[s][3];
                const char ta = ti & 1 ? 'T' : 'N', tb = ti & 2 ? 'T' : 'N';
                const double beta = ti == 2 ? 0 : 1;
                const size_t lda = (ta == 'T' ? K : M) + 1, ldc = M + 2;
                const size_t l1 = (tb == 'T' ? N1 : K) + 3, l2 = tb == 'T' ? N2 : K;
                const size_t nA = lda * (ta == 'T' ? M : K), n1 = l1 * (tb == 'T' ? K : N1);
                const size_t n2 = l2 * (tb == 'T' ? K : N2);
                const size_t nw = rnn_bgemm_work_d (tb, M, N1 + N2, K);
                double *A = malloc (nA * sizeof *A), *B1 = malloc (n1 * sizeof *A);
                double *B2 = malloc (n2 * sizeof *A), *w = malloc ((nw + 1) * sizeof *A);
                double *C[4];
                for (int c = 0; c < 4; c++) C[c] = malloc (ldc * (c % 2 ? N2 : N1) * sizeof *A);
                for (size_t i = 0; i < nA; i++) A[i] = urand ();
                for (size_t i = 0; i < n1; i++) B1[i] = urand ();
                for (size_t i = 0; i < n2; i++) B2[i] = urand ();
                for (size_t i = 0; i < ldc * N1; i++) C[0][i] = C[2][i] = urand ();
                for (size_t i = 0; i < ldc * N2; i++) C[1][i] = C[3][i] = urand ();
                rnn_bgemm2_d (ta, tb, M, K, A, lda, N1, B1, l1, C[0], ldc, N2, B2, l2, C[1],
                              ldc, beta, w);
                rnn_bgemm_d (ta, tb, M, N1, K, A, lda, B1, l1, beta, C[2], ldc, w);
                rnn_bgemm_d (ta, tb, M, N2, K, A, lda, B2, l2, beta, C[3], ldc, w);
                int ok = 1;
                const double tol = 4.0 * (double) (K + 2) * ldexp (1, -53);
                for (int part = 0; part < 2; part++) {
                    const size_t N = part ? N2 : N1, ldb = part ? l2 : l1;
                    const double *B = part ? B2 : B1;
                    for (size_t j = 0; j < N; j++)
                        for (size_t i = 0; i < ldc; i++) {
                            double x = C[part][i + j*ldc], y = C[part + 2][i + j*ldc];
                            double mag = beta * fabs (x);   /* roughly |beta c| */
                            for (size_t k = 0; k < K && i < M; k++)
                                mag += fabs ((ta == 'T' ? A[k + i*lda] : A[i + k*lda])
                                             * (tb == 'T' ? B[j + k*ldb] : B[k + j*ldb]));
                            ok = ok && (i < M ? fabs (x - y) <= tol * (mag + 1e-300)
                                              : x == y);
                        }
                }
                if (ok) npass++;
                else {
                    nfail++;
                    printf ("FAIL bgemm2 %c%c M=%zu N1=%zu N2=%zu K=%zu blocks %d: not "
                            "the bits of two rnn_bgemm\n", ta, tb, M, N1, N2, K, blk);
                }
                free (A); free (B1); free (B2); free (w);
                for (int c = 0; c < 4; c++) free (C[c]);
            }
    }
    rnn_bgemm_blocks (0, 0, 0);
    rnn_bgemm_whole_bytes = whole0;
    {   /* no workspace: BLAS; M = 0, N = 0: nothing touched */
        double A[6] = { 1, 2, 3, 4, 5, 6 }, B[3] = { 1, 1, 1 }, C[2] = { 0, 0 }, c = 7;
        rnn_bgemm_d ('N', 'N', 2, 1, 3, A, 2, B, 3, 0, C, 2, NULL);
        rnn_bgemm_d ('N', 'N', 0, 1, 3, NULL, 1, NULL, 3, 0, NULL, 1, NULL);
        rnn_bgemm_d ('N', 'T', 1, 0, 3, NULL, 1, NULL, 1, 0, &c, 1, &c);
        int ok = C[0] == 9 && C[1] == 12 && c == 7
            && rnn_bgemm_work_d ('T', 0, 5, 5) == 0 && rnn_bgemm_work_s ('N', 5, 5, 0) == 0;
        if (ok) npass++;
        else { nfail++; printf ("FAIL bgemm without workspace / empty: C = %g %g\n", C[0], C[1]); }
    }

    /* M = 0 or N = 0 with NULL arrays: nothing is touched */
    {
        double c = 7;
        float cs = 7;
        rnn_pack_d (NULL, 'N', NULL, 1, 0, 5);
        rnn_pgemm_d (0, 3, 5, NULL, NULL, 5, 0, NULL, 1, NULL);
        rnn_pgemm_d (4, 0, 5, NULL, NULL, 5, 0, NULL, 4, NULL);
        rnn_pgemm_s (0, 0, 0, NULL, NULL, 1, 0, NULL, 1, NULL);
        /* K = 0: C := beta C; beta = 0 clears NaN, beta = 1 keeps it */
        rnn_pgemm_d (1, 1, 0, NULL, NULL, 1, 1, &c, 1, NULL);
        int ok = c == 7;
        c = NAN;
        rnn_pgemm_d (1, 1, 0, NULL, NULL, 1, 0, &c, 1, NULL);
        ok = ok && c == 0;
        cs = NAN;
        rnn_pgemm_s (1, 1, 0, NULL, NULL, 1, 1, &cs, 1, NULL);
        ok = ok && isnan (cs);
        if (ok) npass++;
        else { nfail++; printf ("FAIL empty sizes\n"); }
        if (pack_size (0, 0, 9) == 0 && pack_size (1, 9, 0) == 0 && work_size (0, 0, 3) == 0
            && pack_size (1, (size_t) -1, 2) == (size_t) -1
            && pack_size (0, (size_t) -1 / 4, 5) == (size_t) -1)
            npass++;
        else { nfail++; printf ("FAIL sizes: zero or overflow\n"); }
    }

    printf ("%d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
