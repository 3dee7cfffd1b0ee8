/* gemm_bench.c - the large GEMMs of a layer (DESIGN.md section 6: the input
 * projection of all steps, and the backward pass's dX, dW and dR) with the
 * BLAS the toolbox calls (sgemm_, OpenBLAS here) and with oneDNN's own
 * dnnl_sgemm, in one process, samples of the two in turn.  What it tells:
 * how much of the difference between the toolbox and oneDNN's RNN
 * primitives on the M and L shapes is the GEMM library's.
 *
 * Build and run (from the repository root; Debian's libdnnl-dev; say which
 * OPENBLAS_* variables were set when quoting numbers):
 *
 *   cc -O2 -std=c99 tests/bench/gemm_bench.c -ldnnl -lopenblas -o /tmp/gemm_bench
 *   OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /tmp/gemm_bench [SAMPLES]
 *
 * For each shape (n_x, n_a, m, T) of the benchmark grid (S, M, L) and each
 * cell (G = 1, 3, 4 gates), with N = m T columns (column-major, as the core):
 *   in   G [G n_a, N]   = W [G n_a, n_x] X [n_x, N]
 *   dX   dX [n_x, N]    = W' dG [G n_a, N]
 *   dW   dW [G n_a, n_x] += dG X'
 *   dR   dR [G n_a, n_a] += dG H' (H [n_a, N])
 * and prints per shape and cell the median time of each product with
 * each library (SAMPLES samples of at least 20 ms, default 7), their
 * GFLOP/s, and the sum of the four: one direction's large GEMMs of a
 * forward+backward pass.  dnnl_sgemm is row-major: C = A B column-major
 * is C' = B' A' row-major, so the operands swap.
 */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <oneapi/dnnl/dnnl.h>

void sgemm_ (const char *ta, const char *tb, const int *m, const int *n,
             const int *k, const float *alpha, const float *a, const int *lda,
             const float *b, const int *ldb, const float *beta, float *c,
             const int *ldc);

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

/* one product, column-major C [M, N] = op(A) op(B) + beta C */
typedef struct {
    char ta, tb;
    int M, N, K;
    float beta;
} gemm_t;

static void run (int lib, const gemm_t *g, const float *A, const float *B,
                 float *C)
{
    const int lda = g->ta == 'N' ? g->M : g->K;
    const int ldb = g->tb == 'N' ? g->K : g->N;
    const float one = 1;
    if (lib == 0)
        sgemm_ (&g->ta, &g->tb, &g->M, &g->N, &g->K, &one, A, &lda, B, &ldb,
                &g->beta, C, &g->M);
    else if (dnnl_sgemm (g->tb, g->ta, g->N, g->M, g->K, 1.0f, B, ldb, A, lda,
                         g->beta, C, g->M) != dnnl_success) {
        fprintf (stderr, "gemm_bench: dnnl_sgemm failed\n");
        exit (2);
    }
}

/* seconds per call of lib's product: calls repeated for >= 20 ms */
static double sample (int lib, const gemm_t *g, const float *A,
                      const float *B, float *C, int inner)
{
    double t0 = now ();
    for (int i = 0; i < inner; i++) run (lib, g, A, B, C);
    return (now () - t0) / inner;
}

static float *fill (size_t n)
{
    float *v = malloc (n * sizeof *v);
    if (!v) {
        fprintf (stderr, "gemm_bench: out of memory\n");
        exit (2);
    }
    for (size_t i = 0; i < n; i++) v[i] = (float) ((i * 7919 % 201) - 100) / 1000.0f;
    return v;
}

int main (int argc, char **argv)
{
    const int samples = argc > 1 ? atoi (argv[1]) : 7;
    const struct { const char *name; int nx, na, m, T; } shapes[] = {
        { "S", 32, 64, 16, 100 }, { "M", 128, 256, 32, 100 },
        { "L", 512, 512, 64, 50 } };
    const struct { const char *name; int G; } cells[] = {
        { "rnn", 1 }, { "gru", 3 }, { "lstm", 4 } };
    const char *what[4] = { "in", "dX", "dW", "dR" };
    if (samples < 1 || samples > 1000) {
        fprintf (stderr, "usage: gemm_bench [SAMPLES (1..1000)]\n");
        return 1;
    }
    printf ("# the large GEMMs of one direction, single; medians of %d samples "
            "taken in turn\n# shape cell  product    M     N     K   "
            "blas_ms  dnnl_ms  blas_GF  dnnl_GF  dnnl/blas time\n", samples);
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            const int nx = shapes[s].nx, na = shapes[s].na, Gn = cells[c].G * na,
                      N = shapes[s].m * shapes[s].T;
            const gemm_t g[4] = {
                { 'N', 'N', Gn, N, nx, 0 },     /* in: W X        */
                { 'T', 'N', nx, N, Gn, 0 },     /* dX: W' dG      */
                { 'N', 'T', Gn, nx, N, 1 },     /* dW: += dG X'   */
                { 'N', 'T', Gn, na, N, 1 } };   /* dR: += dG H'   */
            float *W = fill ((size_t) Gn * nx), *X = fill ((size_t) nx * N),
                  *dG = fill ((size_t) Gn * N), *H = fill ((size_t) na * N),
                  *out = fill ((size_t) Gn * (N > nx ? N : nx));
            const float *A[4] = { W, W, dG, dG }, *B[4] = { X, dG, X, H };
            double sum[2] = { 0, 0 };
            for (int k = 0; k < 4; k++) {
                double t[2][1000], flops = 2.0 * g[k].M * g[k].N * g[k].K;
                int inner[2];
                for (int lib = 0; lib < 2; lib++) {
                    double t1 = sample (lib, &g[k], A[k], B[k], out, 1);
                    inner[lib] = 1 + (int) (0.02 / (t1 > 1e-7 ? t1 : 1e-7));
                }
                for (int r = 0; r < samples; r++)
                    for (int i = 0; i < 2; i++) {
                        int lib = (r + i) % 2;   /* the order alternates */
                        t[lib][r] = sample (lib, &g[k], A[k], B[k], out, inner[lib]);
                    }
                double mb = median (t[0], samples), md = median (t[1], samples);
                sum[0] += mb;
                sum[1] += md;
                printf ("  %-5s %-5s %-6s %5d %5d %5d %8.3f %8.3f %8.0f %8.0f %8.2f\n",
                        shapes[s].name, cells[c].name, what[k], g[k].M, g[k].N,
                        g[k].K, 1e3 * mb, 1e3 * md, flops / mb / 1e9,
                        flops / md / 1e9, md / mb);
            }
            printf ("  %-5s %-5s %-6s %23s %8.3f %8.3f %26.2f\n", shapes[s].name,
                    cells[c].name, "sum", "", 1e3 * sum[0], 1e3 * sum[1],
                    sum[1] / sum[0]);
            free (W); free (X); free (dG); free (H); free (out);
        }
    return 0;
}
