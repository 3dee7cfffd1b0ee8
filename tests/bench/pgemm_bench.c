/* pgemm_bench.c - rnn_pgemm (pre-packed, src/core/pgemm.c) against BLAS
 * through rnn_gemm (sgemm_/dgemm_, sgemv_/dgemv_ when N = 1, as the cells
 * call it) on the per-step recurrent products, in one process.
 *
 * Build (from the repository root):
 *
 *   gcc -std=gnu99 -O2 -ftree-vectorize -fno-math-errno -Isrc/core \
 *       tests/bench/pgemm_bench.c src/core/pgemm.c src/core/blas.c \
 *       -lblas -lm -o /tmp/pgemm_bench
 *
 * Run (one core; the OPENBLAS_* variables of the environment select
 * OpenBLAS's kernels, so say which were set when quoting numbers):
 *
 *   OPENBLAS_NUM_THREADS=1 /tmp/pgemm_bench [SAMPLES [MS [wall]]]
 *
 * SAMPLES (default 15) timed samples per side, each a block of calls of
 * about MS milliseconds (default 2, at least 8 calls); the two sides
 * alternate sample by sample so that both see the same machine load, and
 * each side's median time per call is reported, and as GFLOP/s (2 M N K
 * per call), with the GFLOP/s of each side's fastest sample (best_*: the
 * machine is shared).
 * Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which leaves
 * out the time other processes hold the core; "wall" uses CLOCK_MONOTONIC.
 *
 * Shapes, (M, K, N) of C [M, N] (+)= op(R) [M, K] h [K, N]:
 *   fwd  'N': R [G n_a, n_a], beta 1 (z += R h), the layer's forward step
 *   bwd  'T': R [G n_a, n_a], op(R) = R', M = n_a, K = G n_a, beta 0
 *            (dh_prev = R' dg), the backward step
 * with G = 4 (LSTM) and 3 (GRU) and (n_a, batch N) = (50, 1), (64, 16),
 * (256, 32), (512, 64).  Each line also gives the time to pack R once
 * (rnn_pack; paid after each weight update) in microseconds, and the
 * largest relative difference between the two results (a sanity check).
 */
#define _POSIX_C_SOURCE 200112L
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The CPU time of this thread by default: the machine is shared, and time
 * spent preempted is not ours; "wall" on the command line: wall-clock. */
static clockid_t clock_id = CLOCK_THREAD_CPUTIME_ID;
static double now (void)
{
    struct timespec t;
    clock_gettime (clock_id, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp_dbl (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}
static double median (double *x, int n)
{
    qsort (x, n, sizeof *x, cmp_dbl);
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

static unsigned long long rng = 88172645463325252ull;
static double urand (void)       /* uniform in [-0.5, 0.5) */
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double) (rng >> 11) / 9007199254740992.0 - 0.5;
}

static void *alloc64 (size_t bytes)
{
    void *p = NULL;
    if (posix_memalign (&p, 64, bytes ? bytes : 64) != 0) { perror ("alloc"); exit (2); }
    return p;
}

static int SAMPLES = 15;
static double SAMPLE_MS = 2;

/* the two precisions behind one interface (an indirect call per product:
 * nothing next to a GEMM of these sizes) */
typedef struct {
    const char *name;
    size_t es;
    size_t (*pack_size) (size_t, size_t);
    size_t (*work_size) (size_t, size_t);
    void (*pack) (void *, char, const void *, size_t, size_t, size_t);
    void (*pgemm) (size_t, size_t, size_t, const void *, const void *, size_t, double,
                   void *, size_t, void *);
    void (*gemm) (char, size_t, size_t, size_t, const void *, size_t, const void *, size_t,
                  double, void *, size_t);
    void (*fill) (void *, size_t);
    double (*get) (const void *, size_t);
} prec_ops;

#define PREC_OPS(REAL, sfx)                                                     \
    static void pack_##sfx (void *Ap, char tr, const void *A, size_t lda, size_t M, \
                            size_t K)                                           \
    { rnn_pack_##sfx (Ap, tr, A, lda, M, K); }                                  \
    static void pgemm_##sfx (size_t M, size_t N, size_t K, const void *Ap,      \
                             const void *B, size_t ldb, double beta, void *C,   \
                             size_t ldc, void *w)                               \
    { rnn_pgemm_##sfx (M, N, K, Ap, B, ldb, (REAL) beta, C, ldc, w); }           \
    static void gemm_##sfx (char tr, size_t M, size_t N, size_t K, const void *A, \
                            size_t lda, const void *B, size_t ldb, double beta,  \
                            void *C, size_t ldc)                                \
    { rnn_gemm_##sfx (tr, 'N', M, N, K, 1, A, lda, B, ldb, (REAL) beta, C, ldc); } \
    static void fill_##sfx (void *x, size_t n)                                  \
    { for (size_t i = 0; i < n; i++) ((REAL *) x)[i] = (REAL) urand (); }       \
    static double get_##sfx (const void *x, size_t i) { return ((const REAL *) x)[i]; } \
    static const prec_ops ops_##sfx = { #REAL, sizeof (REAL), rnn_pack_size_##sfx, \
        rnn_pgemm_work_##sfx, pack_##sfx, pgemm_##sfx, gemm_##sfx, fill_##sfx, get_##sfx };
PREC_OPS (float, s)
PREC_OPS (double, d)

typedef struct { const char *cell; int G; size_t n_a, m; } shape;

/* calls per sample so that a sample takes about SAMPLE_MS, and at least
 * 8: a layer makes T calls in a row with the same weights, so the first
 * call of a sample, which finds the weights evicted by the other side's
 * sample (8 MB for (2048, 512) double), should not be the whole sample */
static long reps_for (double sec_per_call)
{
    long r = (long) (SAMPLE_MS * 1e-3 / sec_per_call);
    return r < 8 ? 8 : r;
}

static void bench (const prec_ops *o, const shape *s, char tr)
{
    const size_t n_a = s->n_a, Gn = (size_t) s->G * n_a, N = s->m;
    /* R [G n_a, n_a] with ld = G n_a as in the cells; op(R) [M, K] */
    const size_t M = tr == 'N' ? Gn : n_a, K = tr == 'N' ? n_a : Gn;
    const double beta = tr == 'N' ? 1 : 0;
    void *R = alloc64 (Gn * n_a * o->es), *B = alloc64 (K * N * o->es);
    void *C1 = alloc64 (M * N * o->es), *C2 = alloc64 (M * N * o->es);
    void *Rp = alloc64 (o->pack_size (M, K) * o->es);
    void *w = alloc64 (o->work_size (K, N) * o->es);
    o->fill (R, Gn * n_a);
    o->fill (B, K * N);
    o->fill (C1, M * N);
    memcpy (C2, C1, M * N * o->es);

    /* packing: median of a few */
    double tp[9];
    for (int i = 0; i < 9; i++) {
        double t0 = now ();
        o->pack (Rp, tr, R, Gn, M, K);
        tp[i] = now () - t0;
    }
    double tpack = median (tp, 9);

    /* sanity: both sides from the same C with beta 0 */
    o->pgemm (M, N, K, Rp, B, K, 0, C1, M, w);
    o->gemm (tr, M, N, K, R, Gn, B, K, 0, C2, M);
    double diff = 0, big = 0;
    for (size_t i = 0; i < M * N; i++) {
        double a = o->get (C1, i), b = o->get (C2, i);
        if (fabs (a - b) > diff) diff = fabs (a - b);
        if (fabs (b) > big) big = fabs (b);
    }

    /* warm up and size the samples */
    double t0 = now ();
    int nw = 0;
    while (now () - t0 < 20e-3 || nw < 3) {
        o->pgemm (M, N, K, Rp, B, K, beta, C1, M, w);
        o->gemm (tr, M, N, K, R, Gn, B, K, beta, C2, M);
        nw++;
    }
    long reps = reps_for ((now () - t0) / nw / 2);

    double *ta = malloc (SAMPLES * sizeof *ta), *tb = malloc (SAMPLES * sizeof *tb);
    for (int smp = 0; smp < SAMPLES; smp++) {
        double t1 = now ();
        for (long r = 0; r < reps; r++) o->pgemm (M, N, K, Rp, B, K, beta, C1, M, w);
        double t2 = now ();
        for (long r = 0; r < reps; r++) o->gemm (tr, M, N, K, R, Gn, B, K, beta, C2, M);
        double t3 = now ();
        ta[smp] = (t2 - t1) / reps;
        tb[smp] = (t3 - t2) / reps;
    }
    double fl = 2.0 * M * N * K, a = median (ta, SAMPLES), b = median (tb, SAMPLES);
    /* after median (): sorted, [0] is the fastest sample */
    printf ("%-6s %-4s %-4s %5zu %5zu %3zu  %8.2f %8.2f  %7.1f %7.1f  %5.2f  %7.1f %7.1f  %8.1f  %.1e\n",
            o->name, s->cell, tr == 'N' ? "fwd" : "bwd", M, K, N, a * 1e6, b * 1e6,
            fl / a * 1e-9, fl / b * 1e-9, b / a, fl / ta[0] * 1e-9, fl / tb[0] * 1e-9,
            tpack * 1e6, big > 0 ? diff / big : diff);
    fflush (stdout);
    free (ta); free (tb);
    free (R); free (B); free (C1); free (C2); free (Rp); free (w);
}

int main (int argc, char **argv)
{
    if (argc > 1) SAMPLES = atoi (argv[1]);
    if (argc > 2) SAMPLE_MS = atof (argv[2]);
    if (argc > 3 && strcmp (argv[3], "wall") == 0) clock_id = CLOCK_MONOTONIC;
    if (SAMPLES < 1) SAMPLES = 1;
    const char *ct = getenv ("OPENBLAS_CORETYPE"), *l2 = getenv ("OPENBLAS_L2_SIZE");
    const char *nt = getenv ("OPENBLAS_NUM_THREADS");
    printf ("# rnn_pgemm_fast () = %d, panel rows MR = %zu (float), %zu (double)\n",
            rnn_pgemm_fast (), rnn_pack_size_s (1, 1), rnn_pack_size_d (1, 1));
    printf ("# OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s OPENBLAS_NUM_THREADS=%s\n",
            ct ? ct : "(unset)", l2 ? l2 : "(unset)", nt ? nt : "(unset)");
    printf ("# %d samples of ~%g ms per side (%s time), medians; blas = rnn_gemm (GEMV when N = 1)\n",
            SAMPLES, SAMPLE_MS, clock_id == CLOCK_MONOTONIC ? "wall-clock" : "thread CPU");
    printf ("# *_us, *_GF: medians; best_*: the fastest sample; speedup = blas_us / pgemm_us\n");
    printf ("# prec   cell dir      M     K   N   pgemm_us  blas_us  pgemm_GF blas_GF  speedup best_pg best_bl  pack_us  reldiff\n");
    static const shape shapes[] = {
        { "lstm", 4, 50, 1 }, { "lstm", 4, 64, 16 }, { "lstm", 4, 256, 32 }, { "lstm", 4, 512, 64 },
        { "gru", 3, 50, 1 }, { "gru", 3, 64, 16 }, { "gru", 3, 256, 32 }, { "gru", 3, 512, 64 },
    };
    const prec_ops *ops[] = { &ops_s, &ops_d };
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
            bench (ops[p], &shapes[i], 'N');
            bench (ops[p], &shapes[i], 'T');
        }
    return 0;
}
