/* gemm_bench.c - the large GEMMs of a layer (docs/architecture.md: the input
 * projection of all steps, and the backward pass's dX, dW and dR) with the
 * BLAS (sgemm_, OpenBLAS here), with oneDNN's own dnnl_sgemm, and with the
 * toolbox's rnn_bgemm (src/core/pgemm.c, what the layers call for these
 * products), in one process, samples of the three in turn.  What it
 * tells: how the GEMMs under the toolbox and under oneDNN's RNN primitives
 * compare on the benchmark's shapes.
 *
 * Build and run (from the repository root; Debian's libdnnl-dev; say which
 * OPENBLAS_* variables were set when quoting numbers):
 *
 *   cc -O2 -std=gnu99 -ftree-vectorize -fno-math-errno -Isrc/core \
 *      tests/bench/gemm_bench.c src/core/pgemm.c src/core/blas.c \
 *      -ldnnl -lopenblas -lm -o /tmp/gemm_bench
 *   OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /tmp/gemm_bench [SAMPLES [double]]
 *
 * With "double": dgemm_ and rnn_bgemm_d (oneDNN has no double GEMM: its
 * columns read nan).
 *
 * For each shape (n_x, n_a, m, T) of the benchmark grid (S, M, L) and each
 * cell (G = 1, 3, 4 gates), with N = m T columns (column-major, as the core):
 *   in   G [G n_a, N]   = W [G n_a, n_x] X [n_x, N]
 *   dX   dX [n_x, N]    = W' dG [G n_a, N]
 *   dW   dW [G n_a, n_x] += dG X'
 *   dR   dR [G n_a, n_a] += dG H' (H [n_a, N])
 *   dWR  dW and dR: two calls, or one rnn_bgemm2 for the toolbox (dG
 *        packed once for both), as the layers make them
 * and prints per shape and cell the median time of each product with
 * each library (SAMPLES samples of at least 20 ms, default 7), their
 * GFLOP/s, the ratios of times to BLAS's, and the sum of in, dX and dWR:
 * one direction's large GEMMs of a forward+backward pass.  dnnl_sgemm is
 * row-major: C = A B column-major is C' = B' A' row-major, so the operands
 * swap.
 */
#define _POSIX_C_SOURCE 200112L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oneapi/dnnl/dnnl.h>

#include "internal.h"    /* rnn_bgemm_s, rnn_bgemm2_s */

void sgemm_ (const char *ta, const char *tb, const int *m, const int *n,
             const int *k, const float *alpha, const float *a, const int *lda,
             const float *b, const int *ldb, const float *beta, float *c,
             const int *ldc);
void dgemm_ (const char *ta, const char *tb, const int *m, const int *n,
             const int *k, const double *alpha, const double *a,
             const int *lda, const double *b, const int *ldb,
             const double *beta, double *c, const int *ldc);

static double now (void)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median (double *v, int n)
{
    qsort (v, (size_t) n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* one product, column-major C [M, N] = op(A) op(B) + beta C; with N2 > 0,
 * also C2 [M, N2] = op(A) op(B2) + beta C2 (dWR) */
typedef struct {
    char ta, tb;
    int M, N, K;
    float beta;
    int N2;
} gemm_t;

enum { BLAS, DNNL, OURS, NLIB };
static int dbl;          /* double precision (no oneDNN side) */
static void *work;       /* rnn_bgemm's */

static void run1 (int lib, char ta, char tb, int M, int N, int K, float beta,
                  const void *A, const void *B, void *C)
{
    const int lda = ta == 'N' ? M : K, ldb = tb == 'N' ? K : N;
    const float one = 1;
    const double oned = 1, betad = beta;
    if (lib == BLAS && dbl)
        dgemm_ (&ta, &tb, &M, &N, &K, &oned, A, &lda, B, &ldb, &betad, C, &M);
    else if (lib == BLAS)
        sgemm_ (&ta, &tb, &M, &N, &K, &one, A, &lda, B, &ldb, &beta, C, &M);
    else if (lib == OURS && dbl)
        rnn_bgemm_d (ta, tb, M, N, K, A, lda, B, ldb, betad, C, M, work);
    else if (lib == OURS)
        rnn_bgemm_s (ta, tb, M, N, K, A, lda, B, ldb, beta, C, M, work);
    else if (dnnl_sgemm (tb, ta, N, M, K, 1.0f, B, ldb, A, lda, beta, C, M)
             != dnnl_success) {
        fprintf (stderr, "gemm_bench: dnnl_sgemm failed\n");
        exit (2);
    }
}

static void run (int lib, const gemm_t *g, const void *A, const void *B,
                 const void *B2, void *C, void *C2)
{
    const size_t lda = g->ta == 'N' ? g->M : g->K;
    const size_t ldb = g->tb == 'N' ? g->K : g->N, ldb2 = g->tb == 'N' ? g->K : g->N2;
    if (g->N2 && lib == OURS && dbl)
        rnn_bgemm2_d (g->ta, g->tb, g->M, g->K, A, lda, g->N, B, ldb, C, g->M,
                      g->N2, B2, ldb2, C2, g->M, g->beta, work);
    else if (g->N2 && lib == OURS)
        rnn_bgemm2_s (g->ta, g->tb, g->M, g->K, A, lda, g->N, B, ldb, C, g->M,
                      g->N2, B2, ldb2, C2, g->M, g->beta, work);
    else {
        run1 (lib, g->ta, g->tb, g->M, g->N, g->K, g->beta, A, B, C);
        if (g->N2) run1 (lib, g->ta, g->tb, g->M, g->N2, g->K, g->beta, A, B2, C2);
    }
}

/* seconds per call of lib's product: calls repeated for >= 20 ms */
static double sample (int lib, const gemm_t *g, const void *A,
                      const void *B, const void *B2, void *C, void *C2,
                      int inner)
{
    double t0 = now ();
    for (int i = 0; i < inner; i++) run (lib, g, A, B, B2, C, C2);
    return (now () - t0) / inner;
}

static void *fill (size_t n)
{
    void *v = malloc (n * (dbl ? sizeof (double) : sizeof (float)));
    if (!v) {
        fprintf (stderr, "gemm_bench: out of memory\n");
        exit (2);
    }
    for (size_t i = 0; i < n; i++) {
        double x = (double) ((i * 7919 % 201) - 100) / 1000.0;
        if (dbl) ((double *) v)[i] = x;
        else ((float *) v)[i] = (float) x;
    }
    return v;
}

int main (int argc, char **argv)
{
    const int samples = argc > 1 ? atoi (argv[1]) : 7;
    dbl = argc > 2 && strcmp (argv[2], "double") == 0;
    const struct { const char *name; int nx, na, m, T; } shapes[] = {
        { "S", 32, 64, 16, 100 }, { "M", 128, 256, 32, 100 },
        { "L", 512, 512, 64, 50 } };
    const struct { const char *name; int G; } cells[] = {
        { "rnn", 1 }, { "gru", 3 }, { "lstm", 4 } };
    const char *what[5] = { "in", "dX", "dW", "dR", "dWR" };
    if (samples < 1 || samples > 1000) {
        fprintf (stderr, "usage: gemm_bench [SAMPLES (1..1000) [double]]\n");
        return 1;
    }
    printf ("# the large GEMMs of one direction, %s; medians of %d samples "
            "taken in turn\n# shape cell  product    M     N     K   blas_ms  "
            "dnnl_ms  ours_ms  blas_GF  dnnl_GF  ours_GF  time/blas: dnnl  ours\n",
            dbl ? "double" : "single", samples);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            const int nx = shapes[s].nx, na = shapes[s].na, Gn = cells[c].G * na,
                      N = shapes[s].m * shapes[s].T;
            const gemm_t g[5] = {
                { 'N', 'N', Gn, N, nx, 0, 0 },      /* in: W X        */
                { 'T', 'N', nx, N, Gn, 0, 0 },      /* dX: W' dG      */
                { 'N', 'T', Gn, nx, N, 1, 0 },      /* dW: += dG X'   */
                { 'N', 'T', Gn, na, N, 1, 0 },      /* dR: += dG H'   */
                { 'N', 'T', Gn, nx, N, 1, na } };   /* dW and dR      */
            void *W = fill ((size_t) Gn * nx), *X = fill ((size_t) nx * N),
                 *dG = fill ((size_t) Gn * N), *H = fill ((size_t) na * N),
                 *out = fill ((size_t) Gn * (N > nx ? N : nx)),
                 *out2 = fill ((size_t) Gn * na);
            size_t nw = 0;
            const size_t need[3][4] = { { 'N', Gn, N, nx }, { 'N', nx, N, Gn },
                                        { 'T', Gn, nx + na, N } };
            for (int i = 0; i < 3; i++) {
                size_t n = dbl ? rnn_bgemm_work_d ((char) need[i][0], need[i][1],
                                                   need[i][2], need[i][3])
                               : rnn_bgemm_work_s ((char) need[i][0], need[i][1],
                                                   need[i][2], need[i][3]);
                if (n > nw) nw = n;
            }
            work = fill (nw ? nw : 1);
            const void *A[5] = { W, W, dG, dG, dG }, *B[5] = { X, dG, X, H, X };
            double sum[NLIB] = { 0 };
            for (int k = 0; k < 5; k++) {
                double t[NLIB][1000], m[NLIB];
                double flops = 2.0 * g[k].M * (g[k].N + g[k].N2) * g[k].K;
                int inner[NLIB];
                for (int lib = 0; lib < NLIB; lib++) {
                    if (dbl && lib == DNNL) continue;
                    double t1 = sample (lib, &g[k], A[k], B[k], H, out, out2, 1);
                    inner[lib] = 1 + (int) (0.02 / (t1 > 1e-7 ? t1 : 1e-7));
                }
                for (int r = 0; r < samples; r++)
                    for (int i = 0; i < NLIB; i++) {
                        int lib = (r + i) % NLIB;   /* the order rotates */
                        t[lib][r] = dbl && lib == DNNL ? NAN
                            : sample (lib, &g[k], A[k], B[k], H, out, out2, inner[lib]);
                    }
                for (int lib = 0; lib < NLIB; lib++) {
                    m[lib] = dbl && lib == DNNL ? NAN : median (t[lib], samples);
                    if (k != 2 && k != 3) sum[lib] += m[lib];
                }
                printf ("  %-5s %-5s %-6s %5d %5d %5d %8.3f %8.3f %8.3f %8.0f %8.0f %8.0f"
                        " %10.2f %5.2f\n", shapes[s].name, cells[c].name, what[k],
                        g[k].M, g[k].N + g[k].N2, g[k].K, 1e3 * m[BLAS], 1e3 * m[DNNL],
                        1e3 * m[OURS], flops / m[BLAS] / 1e9, flops / m[DNNL] / 1e9,
                        flops / m[OURS] / 1e9, m[DNNL] / m[BLAS], m[OURS] / m[BLAS]);
            }
            printf ("  %-5s %-5s %-6s %17s %8.3f %8.3f %8.3f %26s %10.2f %5.2f\n",
                    shapes[s].name, cells[c].name, "sum", "", 1e3 * sum[BLAS],
                    1e3 * sum[DNNL], 1e3 * sum[OURS], "", sum[DNNL] / sum[BLAS],
                    sum[OURS] / sum[BLAS]);
            free (W); free (X); free (dG); free (H); free (out); free (out2); free (work);
        }
    return 0;
}
