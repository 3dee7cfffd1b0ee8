/* core_bench.c - time the toolbox's C core (src/core) with no Octave around
 * it, as dnnl_bench.c times oneDNN: the same command line and output, so
 * that bench.m can put the two side by side and show what Octave's own
 * call costs add to the public functions.
 *
 * Built by `make bench` (Makefile.am: tests/bench/core_bench).  Usage:
 *
 *     OPENBLAS_NUM_THREADS=1 ./core_bench CELL DIR n_x n_a m T REPS [PREC [RATE]]
 *
 *   CELL rnn | gru | lstm; DIR forward | reverse | bidirectional (concat);
 *   PREC single (default) | double.  GRU is the reset-after form
 *   (PyTorch's and oneDNN's linear-before-reset GRU), RNN is tanh.
 *   RATE: with a recurrent dropout mask (rnn_params M) of that rate, its
 *   entries 0 or 1/(1-RATE) as inverted dropout draws them; none if
 *   absent.
 *
 * Output: one line "fwd_median_ms fwdbwd_median_ms", then '#' lines.
 *   fwd     rnn_layer_forward with its cache (what lstm_forward with a
 *           cache output computes);
 *   fwdbwd  that, then rnn_layer_backward into zeroed gradients.
 * Each timed sample repeats the call until it lasts 20 ms, as bench.m's
 * samples do; one untimed call precedes the samples.
 * RNN_BENCH_CLOCK=cpu in the environment times CPU time instead of wall
 * time (see now ()). */
#define _POSIX_C_SOURCE 200112L
#include "rnn_core.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the clock: wall time, or with RNN_BENCH_CLOCK=cpu the process's CPU
 * time (all its threads), which a shared machine's other processes do not
 * inflate by taking the core away; for one-thread runs */
static clockid_t clock_id = CLOCK_MONOTONIC;

static double now (void)
{
    struct timespec t;
    clock_gettime (clock_id, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* REAL arrays of n elements, uniform in [-a, a].  The inputs are drawn as
 * dnnl_bench.c draws them (X and dY in [-1, 1], the parameters in
 * [-1/sqrt(n_a), 1/sqrt(n_a)], PyTorch's default): the activations' time
 * depends on where their arguments lie (internal.h's rnn_tanh512_d). */
#define ARRAYS(REAL, SFX)                                                    \
static REAL *rnd_##SFX (size_t n, double a)                                  \
{                                                                            \
    REAL *x = malloc ((n ? n : 1) * sizeof *x);                              \
    if (!x) { fprintf (stderr, "core_bench: out of memory\n"); exit (2); }   \
    for (size_t i = 0; i < n; i++)                                           \
        x[i] = (REAL) (a * (2.0 * rand () / RAND_MAX - 1));                  \
    return x;                                                                \
}                                                                            \
/* median seconds of reps samples of one forward (bwd = 0) or forward +    \
 * backward (bwd = 1) pass */                                                \
static double time_##SFX (const rnn_layer *L, const rnn_plan *P, int bwd,    \
                          int reps)                                          \
{                                                                            \
    size_t nx = L->n_x * L->m * L->T;                                        \
    double k = 1 / sqrt ((double) L->n_a);                                   \
    REAL *X = rnd_##SFX (nx, 1), *W = rnd_##SFX (P->rows * L->n_x, k);       \
    REAL *R = rnd_##SFX (P->rows * L->n_a, k), *b = rnd_##SFX (P->rows, k);  \
    /* outputs and workspaces: overwritten */                                \
    REAL *Y = rnd_##SFX (P->y, 1), *hN = rnd_##SFX (P->state, 1);            \
    REAL *cN = rnd_##SFX (P->state, 1), *Sh = rnd_##SFX (P->Sh, 1);          \
    REAL *Sc = rnd_##SFX (P->Sc, 1), *Z = rnd_##SFX (P->Z, 1);               \
    REAL *w = rnd_##SFX (P->work_fwd > P->work_bwd ? P->work_fwd             \
                         : P->work_bwd, 1);                                  \
    REAL *dY = rnd_##SFX (P->y, 1), *dX = rnd_##SFX (nx, 1);                 \
    REAL *dW = rnd_##SFX (P->rows * L->n_x, 1);                              \
    REAL *dR = rnd_##SFX (P->rows * L->n_a, 1);                              \
    REAL *db = rnd_##SFX (P->rows, 1);                                       \
    REAL *dh0 = rnd_##SFX (P->state, 1), *dc0 = rnd_##SFX (P->state, 1);     \
    REAL *M = NULL;                                                          \
    if (L->rec_mask) {                                                       \
        M = rnd_##SFX (P->state, 1);                                         \
        for (size_t i = 0; i < P->state; i++)                                \
            M[i] = (REAL) ((M[i] + 1) / 2 < mask_rate ? 0                    \
                                                      : 1 / (1 - mask_rate)); \
    }                                                                        \
    rnn_params_##SFX p = { W, R, b, NULL, M };                               \
    rnn_grads_##SFX g = { dW, dR, db, NULL };                                \
    double s[64], t0, t1;                                                    \
    long inner = 1;                                                          \
    if (reps > 64) reps = 64;                                                \
    for (int k = -1; k < reps; k++) {                                        \
        t0 = now ();                                                         \
        for (long r = 0; r < inner; r++) {                                   \
            rnn_layer_forward_##SFX (Y, hN, cN, Sh, Sc, Z, L, X, NULL, NULL, \
                                     &p, NULL, w);                           \
            if (bwd) {   /* gradients accumulate: start from zero */         \
                memset (dX, 0, nx * sizeof *dX);                             \
                memset (dW, 0, P->rows * L->n_x * sizeof *dW);               \
                memset (dR, 0, P->rows * L->n_a * sizeof *dR);               \
                memset (db, 0, P->rows * sizeof *db);                        \
                memset (dh0, 0, P->state * sizeof *dh0);                     \
                memset (dc0, 0, P->state * sizeof *dc0);                     \
                rnn_layer_backward_##SFX (dX, &g, dh0, dc0, L, dY, NULL,     \
                                          NULL, X, &p, NULL, Sh, Sc, Z, w);  \
            }                                                                \
        }                                                                    \
        t1 = (now () - t0) / inner;                                          \
        if (k < 0)   /* the warm-up sets how many calls make 20 ms */        \
            inner = t1 > 0.02 ? 1 : (long) (0.02 / (t1 > 1e-7 ? t1 : 1e-7)) + 1; \
        else                                                                 \
            s[k] = t1;                                                       \
    }                                                                        \
    qsort (s, (size_t) reps, sizeof s[0], cmp);                              \
    REAL *all[] = { X, W, R, b, Y, hN, cN, Sh, Sc, Z, w, dY, dX, dW, dR, db, \
                    dh0, dc0, M };                                           \
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free (all[i]);   \
    return reps % 2 ? s[reps / 2] : 0.5 * (s[reps / 2 - 1] + s[reps / 2]);   \
}
static double mask_rate;   /* RATE */
ARRAYS (float, s)
ARRAYS (double, d)

int main (int argc, char **argv)
{
    if (argc < 8 || argc > 10) {
        fprintf (stderr, "usage: core_bench CELL DIR n_x n_a m T REPS [PREC [RATE]]\n");
        return 2;
    }
    rnn_layer L;
    memset (&L, 0, sizeof L);
    const char *cells[] = { "rnn", "gru", "lstm" };
    int c = -1;
    for (int k = 0; k < 3; k++)
        if (strcmp (argv[1], cells[k]) == 0) c = k;
    const char *dirs[] = { "forward", "reverse", "bidirectional" };
    const rnn_direction dir_of[] = { RNN_DIR_FORWARD, RNN_DIR_REVERSE,
                                     RNN_DIR_BIDIRECTIONAL };
    int dir = -1;
    for (int k = 0; k < 3; k++)
        if (strcmp (argv[2], dirs[k]) == 0) dir = k;
    int single = argc < 9 || strcmp (argv[8], "double") != 0;
    if (c < 0 || dir < 0) {
        fprintf (stderr, "core_bench: CELL rnn|gru|lstm, DIR forward|reverse|bidirectional\n");
        return 2;
    }
    L.cell = (rnn_cell_kind) c;
    L.direction = dir_of[dir];
    L.merge = RNN_MERGE_CONCAT;
    L.activation = RNN_ACT_TANH;
    L.reset_after = 1;
    L.n_x = strtoul (argv[3], NULL, 10); L.n_a = strtoul (argv[4], NULL, 10);
    L.m = strtoul (argv[5], NULL, 10); L.T = strtoul (argv[6], NULL, 10);
    if (argc > 9) {
        mask_rate = strtod (argv[9], NULL);
        if (!(mask_rate >= 0 && mask_rate < 1)) {
            fprintf (stderr, "core_bench: RATE must be in [0, 1)\n");
            return 2;
        }
        L.rec_mask = 1;
    }
    int reps = atoi (argv[7]);
    if (reps < 1) reps = 1;
    rnn_plan P;
    if (rnn_layer_plan (&P, &L) != RNN_OK || L.n_a == 0) {
        fprintf (stderr, "core_bench: bad sizes\n");
        return 2;
    }
    const char *ck = getenv ("RNN_BENCH_CLOCK");
    if (ck && strcmp (ck, "cpu") == 0) clock_id = CLOCK_PROCESS_CPUTIME_ID;
    srand (1);
    double f = single ? time_s (&L, &P, 0, reps) : time_d (&L, &P, 0, reps);
    double fb = single ? time_s (&L, &P, 1, reps) : time_d (&L, &P, 1, reps);
    printf ("%.4f %.4f\n", 1e3 * f, 1e3 * fb);
    printf ("# core %s %s %s n_x=%zu n_a=%zu m=%zu T=%zu", cells[c], argv[2],
            single ? "single" : "double", L.n_x, L.n_a, L.m, L.T);
    if (L.rec_mask) printf (" recurrent dropout %g", mask_rate);
    printf ("\n");
    return 0;
}
