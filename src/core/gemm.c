/* gemm.c - the products a layer asks for, dispatched to the kernels:
 * rnn_pgemm on a packed R for each step's recurrent product (rnn_rec,
 * rnn_rec_t), its rows shared with the stepper (rnn_pgemm_split);
 * rnn_bgemm for the big products over all steps (rnn_big_gemm,
 * rnn_big_gemm2), on one thread or two; BLAS (rnn_gemm) where pgemm.c has
 * no kernel.  Declarations: internal_typed.h. */
#ifndef REAL
#include "threads.h"
#define RNN_SELF "gemm.c"
#include "typed.h"
#else

/* ---- the big products: rnn_bgemm, on one thread or two ---- */

typedef struct {
    char ta, tb;
    size_t M, K;
    const REAL *A;
    size_t lda, N1;
    const REAL *B1;
    size_t ldb1;
    REAL *C1;
    size_t ldc1, N2;
    const REAL *B2;
    size_t ldb2;
    REAL *C2;
    size_t ldc2;
    REAL beta;
    REAL *work;
} F(big_job);

static void F(big_run) (void *p)
{
    const F(big_job) *j = p;
    if (j->N2)
        F(rnn_bgemm2) (j->ta, j->tb, j->M, j->K, j->A, j->lda, j->N1, j->B1,
                       j->ldb1, j->C1, j->ldc1, j->N2, j->B2, j->ldb2, j->C2,
                       j->ldc2, j->beta, j->work);
    else
        F(rnn_bgemm) (j->ta, j->tb, j->M, j->N1, j->K, j->A, j->lda, j->B1,
                      j->ldb1, j->beta, j->C1, j->ldc1, j->work);
}

/* Columns of a half: a multiple of 24, whole tiles of 6, 8 or 12
 * columns (pgemm.c's NR), so that every column is made by a tile of the
 * same width as on one thread. */
#define RNN_SPLIT_COLS 24

/* j on this thread, or its halves on two when d->gw2 is set: split by
 * columns when op(B) = B (each half reads its half of B in place), by
 * rows of op(A) at a panel's boundary when op(B) = B' (each packs its
 * half of A; B' is small).  Each element is made by the same tile, over
 * the same blocks of K, as on one thread: the same bits. */
static void F(big_split) (const F(rnn_dir) *d, F(big_job) *j)
{
    const size_t MR = F(rnn_pack_panel) ();
    F(big_job) h = *j;
    h.work = d->gw2;
    if (d->gw2 && j->tb == 'N' && !j->N2 && j->N1 >= 2 * RNN_SPLIT_COLS) {
        const size_t n1 = j->N1 / 2 / RNN_SPLIT_COLS * RNN_SPLIT_COLS;
        j->N1 = n1;
        h.N1 -= n1;
        h.B1 += n1 * j->ldb1;
        h.C1 += n1 * j->ldc1;
    } else if (d->gw2 && j->tb == 'T' && MR && j->M >= 2 * MR) {
        const size_t m1 = (j->M / MR + 1) / 2 * MR;
        j->M = m1;
        h.M -= m1;
        h.A += j->ta == 'N' ? m1 : m1 * j->lda;
        h.C1 += m1;
        if (h.C2) h.C2 += m1;
    } else {
        F(big_run) (j);
        return;
    }
    rnn_run_two (F(big_run), j, &h, 1);
}

/* typed.h makes rnn_big_gemm_d and rnn_big_gemm_s */
void F(rnn_big_gemm) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                      size_t N, size_t K, const REAL *A, size_t lda,
                      const REAL *B, size_t ldb, REAL beta, REAL *C,
                      size_t ldc)
{
    F(big_job) j = { ta, tb, M, K, A, lda, N, B, ldb, C, ldc, 0, NULL, 0,
                     NULL, 0, beta, d->gw };
    F(big_split) (d, &j);
}

/* typed.h makes rnn_big_gemm2_d and rnn_big_gemm2_s */
void F(rnn_big_gemm2) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                       size_t K, const REAL *A, size_t lda, size_t N1,
                       const REAL *B1, size_t ldb1, REAL *C1, size_t ldc1,
                       size_t N2, const REAL *B2, size_t ldb2, REAL *C2,
                       size_t ldc2, REAL beta)
{
    F(big_job) j = { ta, tb, M, K, A, lda, N1, B1, ldb1, C1, ldc1, N2, B2,
                     ldb2, C2, ldc2, beta, d->gw };
    F(big_split) (d, &j);
}

/* rnn_pgemm_split's task: rnn_pgemm, or rnn_pgemm_bias when bias is not NULL */
typedef struct {
    size_t M, N, K;
    const REAL *Ap, *B;
    size_t ldb;
    REAL beta;
    const REAL *bias;
    REAL *C;
    size_t ldc;
} F(pg_task);

static void F(pg_task_run) (void *arg)
{
    const F(pg_task) *t = arg;
    if (t->bias)
        F(rnn_pgemm_bias) (t->M, t->N, t->K, t->Ap, t->B, t->ldb, t->bias,
                           t->C, t->ldc);
    else
        F(rnn_pgemm) (t->M, t->N, t->K, t->Ap, t->B, t->ldb, t->beta, t->C,
                      t->ldc, NULL);
}

/* typed.h makes rnn_pgemm_split_d and rnn_pgemm_split_s */
void F(rnn_pgemm_split) (rnn_stepper *s, size_t M, size_t N, size_t K,
                            const REAL *Ap, const REAL *B, size_t ldb,
                            REAL beta, const REAL *bias, REAL *C, size_t ldc)
{
    const size_t MR = F(rnn_pack_panel) ();
    const size_t panels = MR ? M / MR + (M % MR != 0) : 0;
    F(pg_task) t = { M, N, K, Ap, B, ldb, beta, bias, C, ldc };
    if (!s || !s->on || panels < 2 || N == 0 || K == 0) {
        F(pg_task_run) (&t);
        return;
    }
    const size_t M1 = (panels + 1) / 2 * MR;
    F(pg_task) t2 = { M - M1, N, K, Ap + M1 * K, B, ldb, beta,
                      bias ? bias + M1 : NULL, C + M1, ldc };
    rnn_stepper_run (s, F(pg_task_run), &t2);
    t.M = M1;
    F(pg_task_run) (&t);
    rnn_stepper_wait (s);
}

/* typed.h makes rnn_rec_d and rnn_rec_s */
void F(rnn_rec) (const F(rnn_dir) *d, size_t M, const REAL *h, REAL beta,
                 REAL *C, size_t ldc)
{
    if (d->Rp)   /* packed rows 0..M-1: the first panels of the packed R */
        F(rnn_pgemm_split) (d->stepper, M, d->m, d->n_a, d->Rp, h, d->n_a, beta,
                        NULL, C, ldc);
    else
        F(rnn_gemm) ('N', 'N', M, d->m, d->n_a, 1, d->R, d->ld, h, d->n_a,
                     beta, C, ldc);
}

/* typed.h makes rnn_rec_t_d and rnn_rec_t_s */
void F(rnn_rec_t) (const F(rnn_dir) *d, size_t K, const REAL *G, size_t ldg,
                   REAL beta, REAL *C)
{
    if (d->Rp && K == d->gna)   /* R' is packed whole: a full K only */
        F(rnn_pgemm_split) (d->stepper, d->n_a, d->m, K, d->Rp, G, ldg, beta,
                        NULL, C, d->n_a);
    else
        F(rnn_gemm) ('T', 'N', d->n_a, d->m, K, 1, d->R, d->ld, G, ldg, beta,
                     C, d->n_a);
}

/* typed.h makes rnn_grads_plain_d and rnn_grads_plain_s */
void F(rnn_grads_plain) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                         const REAL *dG, const REAL *X, const REAL *Hp, size_t G)
{
    const size_t rows = G * d->n_a, mT = d->m * d->T;
    if (dX)
        F(rnn_big_gemm) (d, 'T', 'N', d->n_x, mT, rows, d->W, d->ld, dG, rows,
                         1, dX, d->n_x);
    F(rnn_big_gemm2) (d, 'N', 'T', rows, mT, dG, rows, d->n_x, X, d->n_x, g->W,
                      d->ld, d->n_a, Hp, d->n_a, g->R, d->ld, 1);
    F(rnn_rowsum_acc) (g->b, dG, rows, rows, mT);
    if (g->bR) F(rnn_rowsum_acc) (g->bR, dG, rows, rows, mT);
}
#endif
