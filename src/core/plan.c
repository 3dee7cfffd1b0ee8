/* plan.c - what a layer needs: the sizes of its arrays and the layout of
 * its workspaces (rnn_plan, rnn_core.h), computed once per call with
 * every product checked for overflow, and the cells' shapes. */
#include "internal.h"

const rnn_cell_shape *rnn_cell_shape_of (rnn_cell_kind k)
{
    switch (k) {
    case RNN_CELL_RNN:  return &rnn_shape_rnn;
    case RNN_CELL_GRU:  return &rnn_shape_gru;
    case RNN_CELL_LSTM: return &rnn_shape_lstm;
    }
    return NULL;
}

/* elements for R [gna, n_a] packed as R or R', in either precision
 * (SIZE_MAX on overflow) */
#define RNN_PACK_ALIGN 16        /* elements: 64 bytes of float */
static size_t pack_size (size_t gna, size_t n_a)
{
    size_t a = rnn_pack_size_d (gna, n_a), b = rnn_pack_size_d (n_a, gna);
    size_t c = rnn_pack_size_s (gna, n_a), d = rnn_pack_size_s (n_a, gna);
    size_t m1 = a > b ? a : b, m2 = c > d ? c : d;
    return m1 > m2 ? m1 : m2;
}

/* the same plus room to align it to 64 bytes (SIZE_MAX on overflow) */
static size_t pack_room (size_t gna, size_t n)
{
    size_t a = pack_size (gna, n);
    return a == SIZE_MAX || a > SIZE_MAX - RNN_PACK_ALIGN ? SIZE_MAX
                                                          : a + RNN_PACK_ALIGN;
}

/* Workspace of rnn_bgemm (pgemm.c) for a direction's big GEMMs, in either
 * precision (SIZE_MAX on overflow): the input projection W X, and
 * backward W' dG and dG [X; H]' (rnn_bgemm2; a cell's smaller products
 * need less). */
static size_t bgemm_room (size_t gna, size_t n_x, size_t n_a, size_t mT)
{
    const size_t need[3][4] = { { 'N', gna, mT, n_x }, { 'N', n_x, mT, gna },
                                { 'T', gna, n_x + n_a, mT } };
    size_t n = 0;
    if (n_x > SIZE_MAX - n_a) return SIZE_MAX;
    for (int i = 0; i < 3; i++) {
        size_t a = rnn_bgemm_work_d ((char) need[i][0], need[i][1], need[i][2], need[i][3]);
        size_t b = rnn_bgemm_work_s ((char) need[i][0], need[i][1], need[i][2], need[i][3]);
        n = a > n ? a : n;
        n = b > n ? b : n;
    }
    return n;
}

/* *off = *at, then *at += n; 0 if that overflows */
static int place (size_t *off, size_t *at, size_t n)
{
    *off = *at;
    return rnn_add (at, *at, n);
}

size_t rnn_cell_gates (rnn_cell_kind k)
{
    const rnn_cell_shape *S = rnn_cell_shape_of (k);
    return S ? S->G : 0;
}

rnn_status rnn_layer_plan (rnn_plan *P, const rnn_layer *L)
{
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    if (!S || L->direction > RNN_DIR_BIDIRECTIONAL || L->merge > RNN_MERGE_MUL
        || L->activation > RNN_ACT_RELU)
        return RNN_ERR_ARG;
    memset (P, 0, sizeof *P);
    size_t n_a = L->n_a, m = L->m, T = L->T, mT, sm, gna;
    P->G = S->G;
    P->D = L->direction == RNN_DIR_BIDIRECTIONAL ? 2 : 1;
    P->has_c = S->has_c;
    size_t dgld;
    P->n_y = (P->D == 2 && L->merge == RNN_MERGE_CONCAT) ? 2 * n_a : n_a;
    int ok = rnn_mul (&P->zrows, S->zrows, n_a) && rnn_mul (&dgld, S->dgrows, n_a)
        && rnn_mul (&gna, S->G, n_a) && rnn_mul (&P->rows, gna, P->D)
        && rnn_mul (&mT, m, T) && rnn_mul (&sm, n_a, m)
        && rnn_mul (&P->y, P->n_y, mT) && rnn_mul (&P->state, sm, P->D)
        && rnn_mul (&P->Sh, sm, T + 1) && rnn_mul (&P->Sh, P->Sh, P->D)
        && rnn_mul (&P->Z, P->zrows, mT) && rnn_mul (&P->Z, P->Z, P->D)
        && T < SIZE_MAX;
    if (!ok) return RNN_ERR_SIZE;
    P->Sc = S->has_c ? P->Sh : 0;
    /* R packed for the steps' products (pgemm.c), either precision, either
     * orientation, aligned; W packed for the steps' input products; the
     * big products' rnn_bgemm workspace */
    size_t pk = pack_room (gna, n_a), pkw = pack_room (gna, L->n_x);
    size_t bw = bgemm_room (gna, L->n_x, n_a, mT);
    ok = pk != SIZE_MAX && pkw != SIZE_MAX && bw != SIZE_MAX;
    const size_t hr = L->rec_mask ? 1 : 0;
    size_t at = 0, proj, scr, hrs, xr, dg, hrb, dx;
    /* forward, one direction */
    rnn_work_fwd *f = &P->wf;
    ok = ok && rnn_mul (&proj, S->zrows ? 0 : gna, mT)
        && rnn_mul (&scr, S->scratch, sm) && rnn_mul (&hrs, hr, sm)
        && rnn_mul (&xr, L->direction == RNN_DIR_FORWARD ? 0 : L->n_x, mT)
        && place (&f->proj, &at, proj) && place (&f->scratch, &at, scr)
        && place (&f->hr, &at, hrs) && place (&f->pack_r, &at, pk)
        && place (&f->pack_w, &at, pkw) && place (&f->gemm, &at, bw)
        && place (&f->gemm2, &at, bw) && place (&f->xrev, &at, xr)
        && rnn_mul (&P->work_fwd, f->size = at, P->D);
    /* backward, one direction; with two, the reverse one's dX after both */
    rnn_work_bwd *b = &P->wb;
    at = 0;
    ok = ok && rnn_mul (&dg, dgld, mT) && rnn_mul (&hrb, hr * n_a, mT)
        && place (&b->dG, &at, dg) && place (&b->hr, &at, hrb)
        && place (&b->dh, &at, sm) && place (&b->dh_prev, &at, sm)
        && place (&b->dc, &at, sm) && place (&b->dc_prev, &at, sm)
        && place (&b->keep_h, &at, sm) && place (&b->keep_c, &at, sm)
        && place (&b->scratch, &at, scr) && place (&b->pack_r, &at, pk)
        && place (&b->gemm, &at, bw) && place (&b->gemm2, &at, bw)
        && rnn_mul (&P->dx_rev, b->size = at, P->D)
        && rnn_mul (&dx, P->D == 2 ? L->n_x : 0, mT)
        && rnn_add (&P->work_bwd, P->dx_rev, dx);
    if (!ok) return RNN_ERR_SIZE;
    /* leading dimensions handed to BLAS must fit its 32-bit INTEGER */
    if (P->rows > RNN_BLAS_INT_MAX || L->n_x > RNN_BLAS_INT_MAX
        || P->zrows > RNN_BLAS_INT_MAX || dgld > RNN_BLAS_INT_MAX)
        return RNN_ERR_SIZE;
    return RNN_OK;
}
