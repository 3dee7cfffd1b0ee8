/* test_edge.c - the core at the edges, as the MEX gateways call it:
 *   - zero sizes (T = 0, m = 0, n_x = 0) with NULL for every array of zero
 *     elements (the gateways pass NULL for empty inputs, and Octave's
 *     mxGetData of an empty array may be NULL): RNN_OK, hN = h0, and
 *     backward gives dh0 = dhN, dp = 0;
 *   - sizes whose products overflow size_t, or exceed BLAS's 32-bit
 *     INTEGER in a leading dimension: RNN_ERR_SIZE from rnn_layer_plan and
 *     from the passes themselves, before any array is touched;
 *   - lengths out of 1..T: RNN_ERR_ARG;
 *   - NaN and Inf: a NaN in one batch column stays in that column.
 * Every cell and direction.  Meant for the sanitizers and valgrind as much
 * as for the checks (make check-asan, make check-valgrind).  Prints
 * "N passed, N failed". */
#include "rnn_core.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int npass, nfail;

static void check (int ok, const char *what)
{
    if (ok) npass++;
    else { nfail++; printf ("FAIL %s\n", what); }
}

/* n doubles, or NULL for n = 0 (what a gateway hands over for []) */
static double *arr (size_t n, double v)
{
    if (n == 0) return NULL;
    double *x = malloc (n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = v * (double) ((i * 7919) % 13) / 13.0 - v / 3;
    return x;
}
static double *zeros (size_t n) { return n ? calloc (n, sizeof (double)) : NULL; }

static const char *const cell_names[] = { "rnn", "gru", "lstm" };

/* One layer of the given sizes: forward and backward with NULL for every
 * empty array; returns 0 on a failed check. */
static void edge_layer (rnn_cell_kind cell, rnn_direction dir, size_t n_x,
                        size_t n_a, size_t m, size_t T, int use_len)
{
    char name[160];
    snprintf (name, sizeof name, "edge %s dir=%d n_x=%zu n_a=%zu m=%zu T=%zu len=%d",
              cell_names[cell], dir, n_x, n_a, m, T, use_len);
    rnn_layer L = { cell, RNN_ACT_TANH, 1, dir, RNN_MERGE_CONCAT, n_x, n_a, m, T, 0 };
    rnn_plan P;
    if (rnn_layer_plan (&P, &L) != RNN_OK) { check (0, name); return; }
    size_t nx = n_x * m * T;
    double *X = arr (nx, 1), *W = arr (P.rows * n_x, 0.5), *R = arr (P.rows * n_a, 0.5);
    double *b = arr (P.rows, 0.2), *bR = arr (P.rows, 0.1);
    double *h0 = arr (P.state, 0.3), *c0 = arr (P.state, 0.3);
    double *Y = zeros (P.y), *hN = zeros (P.state), *cN = zeros (P.state);
    double *Sh = zeros (P.Sh), *Sc = zeros (P.Sc), *Z = zeros (P.Z);
    double *wf = zeros (P.work_fwd), *wb = zeros (P.work_bwd);
    double *dY = arr (P.y, 1), *dhN = arr (P.state, 1), *dcN = arr (P.state, 1);
    double *dX = zeros (nx), *dW = zeros (P.rows * n_x), *dR = zeros (P.rows * n_a);
    double *db = zeros (P.rows), *dbR = zeros (P.rows);
    double *dh0 = zeros (P.state), *dc0 = zeros (P.state);
    size_t *len = NULL;
    if (use_len && m > 0) {
        len = malloc (m * sizeof *len);
        for (size_t j = 0; j < m; j++) len[j] = 1 + j % T;
    }
    rnn_params_d p = { W, R, b, bR, NULL };
    rnn_grads_d g = { dW, dR, db, dbR };
    int ok = rnn_layer_forward_d (Y, hN, P.has_c ? cN : NULL, Sh, Sc, Z, &L, X,
                                  h0, c0, &p, len, wf) == RNN_OK
          && rnn_layer_backward_d (dX, &g, dh0, P.has_c ? dc0 : NULL, &L, dY,
                                   dhN, dcN, X, &p, len, Sh, Sc, Z, wb) == RNN_OK;
    if (ok && T == 0)   /* nothing happens: the state passes through */
        for (size_t i = 0; i < P.state; i++)
            ok = ok && hN[i] == h0[i] && dh0[i] == dhN[i]
                 && (!P.has_c || (cN[i] == c0[i] && dc0[i] == dcN[i]));
    if (ok && (T == 0 || m == 0))   /* no step, no parameter gradient */
        for (size_t i = 0; i < P.rows; i++)
            ok = ok && db[i] == 0 && dbR[i] == 0;
    if (ok)
        for (size_t i = 0; i < P.y; i++) ok = ok && isfinite (Y[i]);
    if (ok && dir != RNN_DIR_BIDIRECTIONAL && !len) {
        /* without a cache (Sh NULL): the same outputs */
        double *Y2 = zeros (P.y), *hN2 = zeros (P.state), *cN2 = zeros (P.state);
        ok = rnn_layer_forward_d (Y2, hN2, P.has_c ? cN2 : NULL, NULL, Sc, Z, &L,
                                  X, h0, c0, &p, NULL, wf) == RNN_OK;
        for (size_t i = 0; i < P.y; i++) ok = ok && Y2[i] == Y[i];
        for (size_t i = 0; i < P.state; i++)
            ok = ok && hN2[i] == hN[i] && (!P.has_c || cN2[i] == cN[i]);
        free (Y2); free (hN2); free (cN2);
    }
    check (ok, name);
    free (X); free (W); free (R); free (b); free (bR); free (h0); free (c0);
    free (Y); free (hN); free (cN); free (Sh); free (Sc); free (Z); free (wf);
    free (wb); free (dY); free (dhN); free (dcN); free (dX); free (dW); free (dR);
    free (db); free (dbR); free (dh0); free (dc0); free (len);
}

/* Sizes that cannot be: refused before anything is read or written (the
 * arrays are NULL; touching one would crash). */
static void edge_sizes (void)
{
    rnn_plan P;
    const size_t big = (size_t) 1 << 40, huge = SIZE_MAX / 2;
    struct { size_t n_x, n_a, m, T; const char *what; } c[] = {
        { 3, 4, big, big, "m*T overflows" },
        { 3, 4, 2, SIZE_MAX, "T+1 overflows" },
        { 3, huge, 1, 1, "n_a*m overflows" },
        { 3, (size_t) 1 << 30, 1, 1, "G*n_a beyond BLAS" },
        { (size_t) 1 << 32, 4, 1, 1, "n_x beyond BLAS" },
        { 0, 4, (size_t) 1 << 62, 4, "work overflows" },
    };
    char name[128];
    for (int cell = 0; cell < 3; cell++)
        for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
            rnn_layer L = { (rnn_cell_kind) cell, RNN_ACT_TANH, 1,
                            RNN_DIR_BIDIRECTIONAL, RNN_MERGE_CONCAT,
                            c[k].n_x, c[k].n_a, c[k].m, c[k].T, 0 };
            snprintf (name, sizeof name, "sizes %s: %s", cell_names[cell], c[k].what);
            rnn_params_d p = { NULL, NULL, NULL, NULL, NULL };
            rnn_grads_d g = { NULL, NULL, NULL, NULL };
            check (rnn_layer_plan (&P, &L) == RNN_ERR_SIZE
                   && rnn_layer_forward_d (NULL, NULL, NULL, NULL, NULL, NULL, &L,
                                           NULL, NULL, NULL, &p, NULL, NULL) == RNN_ERR_SIZE
                   && rnn_layer_backward_d (NULL, &g, NULL, NULL, &L, NULL, NULL, NULL,
                                            NULL, &p, NULL, NULL, NULL, NULL,
                                            NULL) == RNN_ERR_SIZE, name);
        }
    /* options out of their enums */
    rnn_layer L = { RNN_CELL_RNN, RNN_ACT_TANH, 1, (rnn_direction) 9,
                    RNN_MERGE_CONCAT, 1, 1, 1, 1, 0 };
    check (rnn_layer_plan (&P, &L) == RNN_ERR_ARG, "plan refuses an unknown direction");
    L.direction = RNN_DIR_FORWARD; L.merge = (rnn_merge) 9;
    check (rnn_layer_plan (&P, &L) == RNN_ERR_ARG, "plan refuses an unknown merge");
}

/* Lengths out of 1..T: RNN_ERR_ARG, outputs untouched. */
static void edge_lengths (void)
{
    rnn_layer L = { RNN_CELL_GRU, RNN_ACT_TANH, 1, RNN_DIR_FORWARD,
                    RNN_MERGE_CONCAT, 2, 3, 2, 3, 0 };
    rnn_plan P;
    rnn_layer_plan (&P, &L);
    double *X = arr (2 * 2 * 3, 1), *W = arr (P.rows * 2, 1), *R = arr (P.rows * 3, 1);
    double *b = arr (P.rows, 1), *Y = zeros (P.y), *hN = zeros (P.state);
    double *Sh = zeros (P.Sh), *Z = zeros (P.Z), *w = zeros (P.work_fwd);
    rnn_params_d p = { W, R, b, NULL, NULL };
    size_t bad[][2] = { { 0, 1 }, { 1, 4 }, { SIZE_MAX, 1 } };
    for (size_t k = 0; k < 3; k++)
        check (rnn_layer_forward_d (Y, hN, NULL, Sh, NULL, Z, &L, X, NULL, NULL,
                                    &p, bad[k], w) == RNN_ERR_ARG,
               "lengths out of 1..T refused");
    free (X); free (W); free (R); free (b); free (Y); free (hN); free (Sh);
    free (Z); free (w);
}

/* NaN in column 0 of X stays in column 0, every cell and direction. */
static void edge_nan (void)
{
    char name[96];
    for (int cell = 0; cell < 3; cell++)
        for (int dir = 0; dir < 3; dir++) {
            rnn_layer L = { (rnn_cell_kind) cell, RNN_ACT_TANH, 1, (rnn_direction) dir,
                            RNN_MERGE_SUM, 2, 3, 2, 4, 0 };
            rnn_plan P;
            rnn_layer_plan (&P, &L);
            double *X = arr (2 * 2 * 4, 1), *W = arr (P.rows * 2, 1);
            double *R = arr (P.rows * 3, 1), *b = arr (P.rows, 1);
            double *Y = zeros (P.y), *hN = zeros (P.state), *cN = zeros (P.state);
            double *Sh = zeros (P.Sh), *Sc = zeros (P.Sc), *Z = zeros (P.Z);
            double *w = zeros (P.work_fwd);
            X[2 * 2 * 1] = NAN;             /* x(0, column 0, t = 1) */
            X[2 * 2 * 2 + 2] = INFINITY;    /* x(0, column 1, t = 2) */
            rnn_params_d p = { W, R, b, NULL, NULL };
            int ok = rnn_layer_forward_d (Y, hN, cN, Sh, Sc, Z, &L, X, NULL, NULL,
                                          &p, NULL, w) == RNN_OK;
            /* column 0: NaN from t = 1 on (forward; reverse: up to t = 1) */
            for (size_t t = 0; t < 4; t++) {
                int reached = dir == 0 ? t >= 1 : dir == 1 ? t <= 1 : 1;
                for (size_t i = 0; i < 3; i++)
                    ok = ok && (isnan (Y[(t * 2) * 3 + i]) == reached);
            }
            snprintf (name, sizeof name, "NaN stays in its column: %s dir=%d",
                      cell_names[cell], dir);
            check (ok, name);
            free (X); free (W); free (R); free (b); free (Y); free (hN); free (cN);
            free (Sh); free (Sc); free (Z); free (w);
        }
}

int main (void)
{
    static const size_t shapes[][4] = {   /* n_x, n_a, m, T */
        { 3, 2, 2, 0 }, { 3, 2, 0, 3 }, { 0, 2, 2, 3 }, { 0, 2, 0, 0 }, { 3, 1, 1, 1 },
    };
    for (int cell = 0; cell < 3; cell++)
        for (int dir = 0; dir < 3; dir++)
            for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
                for (int len = 0; len < 2; len++)
                    if (!len || shapes[s][3] > 0)
                        edge_layer ((rnn_cell_kind) cell, (rnn_direction) dir,
                                    shapes[s][0], shapes[s][1], shapes[s][2],
                                    shapes[s][3], len);
    edge_sizes ();
    edge_lengths ();
    edge_nan ();
    printf ("%d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
