/* sweep.c - the time loop every cell shares.
 *
 * One direction of a layer runs its cell over t = 0..T-1 (forward) or
 * T-1..0 (reverse).  The sweep owns everything that is not the cell:
 * the input projection of all steps as one GEMM, the order of steps, the
 * states' storage, variable lengths, the two directions and their merge,
 * and the backward time loop.  A cell (rnn.c, gru.c, lstm.c) owns one step
 * forward, one step backward and its weight gradients (internal_typed.h).
 *
 * Storage of one direction's hidden states, Sh [n_a, m, T+1]: slot s holds
 * the state [n_a, m] such that the step at time t reads slot prev(t) and
 * writes slot out(t):
 *     forward:  prev(t) = t,     out(t) = t+1   (slot 0 = h0, slot T = hN)
 *     reverse:  prev(t) = t+1,   out(t) = t     (slot T = h0, slot 0 = hN)
 * so the previous states of all steps in time order are one contiguous
 * [n_a, m*T] matrix (slots 0..T-1 or 1..T) for the dR GEMM.  A forward
 * pass without a cache (Sh NULL: one direction, no lengths) keeps slots
 * 0..T-1 or 1..T, which are its outputs, in Y itself and h0's slot in hN:
 * that saves writing the states twice, a copy of the size of the output.
 *
 * Lengths: column j is active at time t iff t < len[j], in both directions
 * (the reverse direction starts at its own end).  An inactive step copies
 * the state through, outputs zero and, backward, passes the gradient
 * through; the cell itself never sees lengths: it computes every column,
 * and the sweep overwrites what an inactive column must not change.
 *
 * Threads (threads.c): the two directions of a bidirectional layer may
 * run at once, each on its own share of the workspace, cache and
 * gradients; a direction alone may share its steps' products with a
 * second thread, the stepper; the big products may run on two threads
 * (gemm.c).  Every element is computed as on one thread: the results do
 * not depend on the thread count.
 */
#ifndef REAL
#include "threads.h"

static int is_reverse (const rnn_layer *L, size_t d)
{
    return L->direction == RNN_DIR_REVERSE || d == 1;
}

/* Block of the gate buffer (gx, or the cache Z: [zld, m] per step) that
 * holds step t of direction d.  A reverse direction stores its steps in
 * the order it runs them, t = T-1 first, so that its steps too walk the
 * buffer upwards, in the order the hardware prefetcher follows best (each
 * step's recurrent product adds into its block).  Except the GRU with its
 * reset gate before the
 * multiplication, whose gradient dRn pairs the columns of Z with those of
 * dG, which are in time order. */
static size_t gate_block (const rnn_layer *L, size_t d, size_t t)
{
    int up = is_reverse (L, d)
             && !(L->cell == RNN_CELL_GRU && !L->reset_after);
    return up ? L->T - 1 - t : t;
}

/* FLOPs of one direction's forward pass, 2 G n_a (n_x + n_a) m T (the
 * input and recurrent products; backward: twice) */
static double dir_flops (const rnn_layer *L, const rnn_plan *P)
{
    return 2.0 * (double) P->G * L->n_a * (double) (L->n_x + L->n_a)
           * (double) L->m * (double) L->T;
}

#define RNN_SELF "sweep.c"
#include "typed.h"
#else

static const F(rnn_cell_ops) *F(ops_of) (rnn_cell_kind k)
{
    switch (k) {
    case RNN_CELL_RNN:  return &F(rnn_ops_rnn);
    case RNN_CELL_GRU:  return &F(rnn_ops_gru);
    case RNN_CELL_LSTM: return &F(rnn_ops_lstm);
    }
    return NULL;
}

/* The big products' workspaces in a direction's view: where pgemm.c has
 * a kernel, rnn_bgemm's gw, and gw2 for a second thread when `two`; else
 * none (BLAS, with rnn_blas_threads_for). */
static void F(gemm_room) (F(rnn_dir) *v, REAL *gw, REAL *gw2, int two)
{
    v->gw = rnn_pgemm_fast () ? gw : NULL;
    v->gw2 = v->gw && two ? gw2 : NULL;
}

/* This direction's view of the layer: parameter row blocks and sizes; and,
 * when the CPU has a kernel for it and there is more than one step, its R
 * packed into `pack` (as R for the forward sweep, trans 'N', or as R' for
 * the backward sweep, 'T') for the steps' products. */
static F(rnn_dir) F(dir_view) (const rnn_layer *L, const rnn_plan *P,
                               const rnn_cell_shape *S, size_t d,
                               const REAL *W, const REAL *R, const REAL *b,
                               const REAL *bR, REAL *scratch, REAL *pack,
                               char trans)
{
    size_t off = d * S->G * L->n_a, gna = S->G * L->n_a;
    F(rnn_dir) v = {
        L->n_x, L->n_a, L->m, L->T, P->rows, gna,
        W + off, R + off, b + off, bR ? bR + off : NULL,
        L->activation, L->reset_after,
        (S->zrows ? S->zrows : S->G) * L->n_a, scratch, NULL, NULL, NULL, NULL,
        NULL
    };
    if (L->T > 1 && rnn_pgemm_fast ()) {
        REAL *ap = rnn_align64 (pack);
        if (trans == 'N') F(rnn_pack) (ap, 'N', v.R, v.ld, gna, L->n_a);
        else F(rnn_pack) (ap, 'T', v.R, v.ld, L->n_a, gna);
        v.Rp = ap;
    }
    return v;
}

/* A stepper for this direction's time loop (see the top) when it runs
 * alone with BLAS threads to spare (big > 1) and a step's recurrent
 * product (2 G n_a n_a m FLOPs, forward or backward) is worth splitting;
 * v->stepper then points to s.  Products that go through BLAS (no packed
 * R) stay whole. */
static void F(stepper_for) (F(rnn_dir) *v, rnn_stepper *s, int big)
{
    const double flops = 2.0 * (double) v->gna * (double) v->n_a * (double) v->m;
    s->on = 0;
    if (v->Rp && big > 1 && flops >= rnn_mt_step_flops) {
        rnn_cpu_init ();
        if (rnn_stepper_start (s)) v->stepper = s;
    }
}

/* dst[:, j] = src[:, j] for the columns j inactive at time t */
static void F(copy_inactive) (REAL *dst, const REAL *src, size_t n_a, size_t m,
                              const size_t *len, size_t t)
{
    for (size_t j = 0; j < m; j++)
        if (t >= len[j]) memcpy (dst + j*n_a, src + j*n_a, n_a * sizeof (REAL));
}

/* g[:, col] = b (+ bR), col < ncols, columns v->zld apart */
static void F(fill_bias) (REAL *g, const F(rnn_dir) *v, const REAL *bR,
                          size_t ncols)
{
    for (size_t col = 0; col < ncols; col++, g += v->zld) {
        if (bR) for (size_t i = 0; i < v->gna; i++) g[i] = v->b[i] + bR[i];
        else memcpy (g, v->b, v->gna * sizeof (REAL));
    }
}

static void F(fill_state) (REAL *dst, const REAL *src, size_t n)
{
    if (src) memcpy (dst, src, n * sizeof (REAL));
    else memset (dst, 0, n * sizeof (REAL));
}

/* One direction's pass, forward or backward, as a job that may run on the
 * sweep's second thread: the layer's arguments, the direction and its
 * share of the arrays. */
typedef struct {
    const F(rnn_cell_ops) *ops;
    const rnn_cell_shape *S;
    const rnn_layer *L;
    const rnn_plan *P;
    size_t d;
    int big;                  /* threads for big GEMMs (gemm_room) */
    const REAL *X;
    const F(rnn_params) *p;
    const size_t *len;
    REAL *work;               /* this direction's workspace */
    /* forward: h0, c0 of this direction; its Sh, Sc, Z; Y and hN, which
     * hold the states when Sh is NULL (top) */
    const REAL *h0, *c0;
    REAL *Sh, *Sc, *Z, *Y, *hN;
    /* backward: dX (this direction's target), the layer's dp, dh0, dc0,
     * dY, dhN, dcN; the whole cache Sh (merges read the other direction)
     * and this direction's Sc, Z */
    REAL *dX, *dh0, *dc0;
    const F(rnn_grads) *dp;
    const REAL *dY, *dhN, *dcN, *Sh_all, *Sc_d, *Z_d;
} F(dir_job);

/* Runs pass (job[d]) for the layer's directions, of `flops` each: the two
 * of a bidirectional layer at once when it pays (see the top), BLAS then
 * on one thread each; one direction with BLAS's threads for its big
 * GEMMs. */
static void F(run_dirs) (F(dir_job) *job, const rnn_plan *P, double flops,
                         void (*pass) (void *))
{
    const int nt = rnn_blas_threads ();
    const int two = P->D == 2 && nt > 1 && flops >= rnn_mt_dir_flops;
    if (nt > 1) rnn_blas_set_threads (1);
    for (size_t d = 0; d < P->D; d++) job[d].big = two ? 1 : nt;
    if (P->D == 2) {
        rnn_cpu_init ();
        rnn_run_two (pass, &job[0], &job[1], two);
    } else
        pass (&job[0]);
    if (nt > 1) rnn_blas_set_threads (nt);
}

/* Slot s of a direction's states (top): in Sh, or where Sh is NULL in Y
 * and hN.  sm = n_a*m. */
static REAL *F(state_slot) (const F(dir_job) *j, size_t s, size_t sm)
{
    if (j->Sh) return j->Sh + s * sm;
    if (is_reverse (j->L, j->d)) return s == j->L->T ? j->hN : j->Y + s * sm;
    return s == 0 ? j->hN : j->Y + (s - 1) * sm;
}

static void F(sweep_forward_dir) (void *job)
{
    const F(dir_job) *j = job;
    const F(rnn_cell_ops) *ops = j->ops;
    const rnn_cell_shape *S = j->S;
    const rnn_layer *L = j->L;
    const F(rnn_params) *p = j->p;
    const size_t *len = j->len;
    const REAL *X = j->X, *h0 = j->h0, *c0 = j->c0;
    REAL *Sh = j->Sh, *Sc = j->Sc, *Z = j->Z, *work = j->work;
    const size_t d = j->d;
    const size_t n_a = L->n_a, m = L->m, T = L->T, sm = n_a * m, gna = S->G * n_a;
    int rev = is_reverse (L, d);
    const rnn_work_fwd *o = &j->P->wf;
    REAL *gx = S->zrows ? Z : work + o->proj;
    REAL *hr = work + o->hr;                   /* M.*h_prev (rec_mask) */
    F(rnn_dir) v = F(dir_view) (L, j->P, S, d, p->W, p->R, p->b, p->bR,
                                work + o->scratch, work + o->pack_r, 'N');
    v.mask = p->M ? p->M + d * sm : NULL;

    /* Input projection gx[:, col] = W x_col + b (+ bR when it folds: then
     * the cell's steps see no bR).  Step by step, with W packed, when the
     * steps' products have a kernel: each step's gx is then made while it
     * is in cache (for all steps at once it is written to memory and read
     * back, megabytes for a middle-sized layer).  For all steps in one
     * GEMM when it is to run on two threads, and for batches of fewer than
     * 8 columns, whose products are too narrow for the kernel to beat one
     * big GEMM.  And for all steps at once when the packed W and R, which
     * every step then reads, come to more than RNN_STEP_PACK_BYTES
     * (tuning.h): beyond the caches, reading them at every step costs more
     * than the projection's round trip through memory. */
    const double pflops = 2.0 * gna * (double) (m * T) * L->n_x;
    const int two = j->big > 1 && pflops >= rnn_mt_gemm_flops;
    const double pbytes = sizeof (REAL) * ((double) F(rnn_pack_size) (gna, L->n_x)
                                           + (double) F(rnn_pack_size) (gna, n_a));
    const REAL *bR = S->bR_folds ? v.bR : NULL;
    REAL *Wp = NULL;
    if (v.Rp && L->n_x > 0 && m >= 8 && !two
        && pbytes <= RNN_STEP_PACK_BYTES) {
        Wp = rnn_align64 (work + o->pack_w);
        F(rnn_pack) (Wp, 'N', v.W, v.ld, gna, L->n_x);
    } else {   /* one GEMM */
        F(fill_bias) (gx, &v, bR, m * T);
        F(gemm_room) (&v, work + o->gemm, work + o->gemm2, two);
        const REAL *Xg = X;          /* X's steps in the gate blocks' order */
        if (gate_block (L, d, 0) != 0) {   /* a reverse direction, T > 1 */
            REAL *xr = work + o->xrev;
            const size_t xs = m * L->n_x;
            for (size_t t = 0; t < T; t++)
                memcpy (xr + gate_block (L, d, t) * xs, X + t * xs,
                        xs * sizeof (REAL));
            Xg = xr;
        }
        if (!v.gw) rnn_blas_threads_for (pflops, j->big);
        F(rnn_big_gemm) (&v, 'N', 'N', gna, m * T, L->n_x, v.W, v.ld, Xg, L->n_x,
                         1, gx, v.zld);
        if (!v.gw) rnn_blas_threads_for (0, j->big);
    }
    if (bR) v.bR = NULL;

    F(fill_state) (F(state_slot) (j, rev ? T : 0, sm), h0, sm);
    if (S->has_c) F(fill_state) (Sc + (rev ? T : 0) * sm, c0, sm);
    rnn_stepper st;
    F(stepper_for) (&v, &st, j->big);
    for (size_t k = 0; k < T && !rnn_poll_stop (); k++) {
        size_t t = rev ? T - 1 - k : k;
        size_t ip = rev ? t + 1 : t, io = rev ? t : t + 1;
        REAL *c = S->has_c ? Sc + io * sm : NULL;
        const REAL *cp = S->has_c ? Sc + ip * sm : NULL;
        REAL *g = gx + gate_block (L, d, t) * m * v.zld;
        if (Wp && bR) {
            F(fill_bias) (g, &v, bR, m);
            F(rnn_pgemm_split) (v.stepper, gna, m, L->n_x, Wp, X + t * m * L->n_x,
                            L->n_x, 1, NULL, g, v.zld);
        } else if (Wp)      /* the kernel's sums start from b: no copy of b
                               into g first (5% of an S-shape GRU forward
                               pass with the copy and the read of g) */
            F(rnn_pgemm_split) (v.stepper, gna, m, L->n_x, Wp, X + t * m * L->n_x,
                            L->n_x, 0, v.b, g, v.zld);
        const REAL *hp = F(state_slot) (j, ip, sm);
        if (v.mask) F(rnn_vmul) (hr, v.mask, hp, sm);
        ops->step_forward (&v, g, F(state_slot) (j, io, sm), c, hp,
                           v.mask ? hr : hp, cp);
        if (len) {   /* Sh is not NULL */
            F(copy_inactive) (Sh + io * sm, Sh + ip * sm, n_a, m, len, t);
            if (c) F(copy_inactive) (c, cp, n_a, m, len, t);
        }
    }
    rnn_stepper_stop (&st);
}

/* Output of direction d at time t, column j: its state after x_t, or NULL
 * where the column is inactive (the output is zero). */
static const REAL *F(out_col) (const rnn_layer *L, const REAL *Sh, size_t d,
                               size_t t, size_t j, const size_t *len)
{
    if (len && t >= len[j]) return NULL;
    size_t io = is_reverse (L, d) ? t : t + 1;
    return Sh + (io * L->m + j) * L->n_a;
}

static void F(merge_outputs) (REAL *Y, const rnn_layer *L, const rnn_plan *P,
                              const REAL *Sh, const size_t *len)
{
    const size_t n_a = L->n_a, m = L->m, T = L->T;
    const REAL *Sb = Sh + n_a * m * (T + 1);      /* reverse direction */
    if (P->D == 1 && !len) {   /* the states after each step, in a row: one
                                * copy, not one per column (3% of an S-shape
                                * RNN forward pass with its cache) */
        memcpy (Y, F(out_col) (L, Sh, 0, 0, 0, len), n_a * m * T * sizeof (REAL));
        return;
    }
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < m; j++) {
            REAL *y = Y + (t * m + j) * P->n_y;
            const REAL *f = F(out_col) (L, Sh, 0, t, j, len);
            if (!f) { memset (y, 0, P->n_y * sizeof (REAL)); continue; }
            if (P->D == 1) { memcpy (y, f, n_a * sizeof (REAL)); continue; }
            const REAL *b = F(out_col) (L, Sb, 1, t, j, len);
            /* one loop per merge, each vectorised (a switch per element
             * would keep the compiler from vectorising the merge) */
            switch (L->merge) {
            case RNN_MERGE_CONCAT:
                memcpy (y, f, n_a * sizeof (REAL));
                memcpy (y + n_a, b, n_a * sizeof (REAL));
                break;
            case RNN_MERGE_SUM:
                for (size_t i = 0; i < n_a; i++) y[i] = f[i] + b[i];
                break;
            case RNN_MERGE_AVE:
                for (size_t i = 0; i < n_a; i++) y[i] = (f[i] + b[i]) / 2;
                break;
            case RNN_MERGE_MUL:
                for (size_t i = 0; i < n_a; i++) y[i] = f[i] * b[i];
                break;
            }
        }
}

/* typed.h makes rnn_layer_forward_d and rnn_layer_forward_s */
rnn_status F(rnn_layer_forward) (REAL *Y, REAL *hN, REAL *cN, REAL *Sh,
                                 REAL *Sc, REAL *Z, const rnn_layer *L,
                                 const REAL *X, const REAL *h0, const REAL *c0,
                                 const F(rnn_params) *p, const size_t *len,
                                 REAL *work)
{
    rnn_plan P;
    rnn_status st = rnn_layer_plan (&P, L);
    if (st != RNN_OK) return st;
    if (p->M && !L->rec_mask) return RNN_ERR_ARG;   /* no room planned */
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    const F(rnn_cell_ops) *ops = F(ops_of) (L->cell);
    const size_t sm = L->n_a * L->m, T = L->T;
    const size_t shd = P.Sh / P.D, zd = P.Z / P.D, wd = P.wf.size;
    if (len)
        for (size_t j = 0; j < L->m; j++)
            if (len[j] < 1 || len[j] > T) return RNN_ERR_ARG;
    /* Empty problems, whose arrays of no elements may be NULL (rnn_core.h):
     * no state (m = 0) means nothing to do; no step (T = 0) passes the
     * initial state through. */
    if (sm == 0) return RNN_OK;
    if (T == 0) {
        for (size_t d = 0; d < P.D; d++) {
            F(fill_state) (hN + d * sm, h0 ? h0 + d * sm : NULL, sm);
            if (Sh) F(fill_state) (Sh + d * shd, h0 ? h0 + d * sm : NULL, sm);
            if (S->has_c) {
                F(fill_state) (Sc + d * shd, c0 ? c0 + d * sm : NULL, sm);
                if (cN) F(fill_state) (cN + d * sm, c0 ? c0 + d * sm : NULL, sm);
            }
        }
        return RNN_OK;
    }
    if (!Sh && (P.D != 1 || len)) return RNN_ERR_ARG;   /* see rnn_core.h */
    REAL none[1] = { 0 };         /* n_x = 0: X and W have no elements */
    F(rnn_params) q = *p;
    if (!X) X = none;
    if (!q.W) q.W = none;
    p = &q;

    F(dir_job) job[2];
    for (size_t d = 0; d < P.D; d++)
        job[d] = (F(dir_job)) {
            .ops = ops, .S = S, .L = L, .P = &P, .d = d, .X = X, .p = p,
            .len = len, .work = work + d * wd,
            .h0 = h0 ? h0 + d * sm : NULL, .c0 = c0 ? c0 + d * sm : NULL,
            .Sh = Sh ? Sh + d * shd : NULL, .Sc = S->has_c ? Sc + d * shd : NULL,
            .Z = S->zrows ? Z + d * zd : NULL, .Y = Y, .hN = hN };
    rnn_poll_reset ();
    F(run_dirs) (job, &P, dir_flops (L, &P), F(sweep_forward_dir));
    if (rnn_poll_stopped ()) return RNN_ERR_INTERRUPTED;
    if (Sh) F(merge_outputs) (Y, L, &P, Sh, len);
    for (size_t d = 0; d < P.D; d++) {
        size_t last = is_reverse (L, d) ? 0 : T;
        memcpy (hN + d * sm, F(state_slot) (&job[d], last, sm), sm * sizeof (REAL));
        if (S->has_c && cN)
            memcpy (cN + d * sm, Sc + d * shd + last * sm, sm * sizeof (REAL));
    }
    return RNN_OK;
}

/* dh[:, j] += dL/d(output of direction d at t, column j), active columns */
static void F(add_output_grad) (REAL *dh, const rnn_layer *L, const rnn_plan *P,
                                size_t d, size_t t, const REAL *dY,
                                const REAL *Sh, const size_t *len)
{
    const size_t n_a = L->n_a, m = L->m;
    const REAL *So = Sh + (1 - d) * n_a * m * (L->T + 1);  /* other direction */
    for (size_t j = 0; j < m; j++) {
        if (len && t >= len[j]) continue;
        const REAL *dy = dY + (t * m + j) * P->n_y;
        REAL *g = dh + j * n_a;
        if (P->D == 1 || L->merge == RNN_MERGE_SUM)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i];
        else if (L->merge == RNN_MERGE_CONCAT)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[d * n_a + i];
        else if (L->merge == RNN_MERGE_AVE)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i] / 2;
        else {
            const REAL *o = F(out_col) (L, So, 1 - d, t, j, len);
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i] * o[i];
        }
    }
}

/* dst[:, j] = 0 for the columns inactive at t, keeping them in keep */
static void F(hold_inactive) (REAL *keep, REAL *dst, size_t n_a, size_t m,
                              const size_t *len, size_t t)
{
    for (size_t j = 0; j < m; j++)
        if (t >= len[j]) {
            memcpy (keep + j*n_a, dst + j*n_a, n_a * sizeof (REAL));
            memset (dst + j*n_a, 0, n_a * sizeof (REAL));
        }
}

static void F(sweep_backward_dir) (void *job)
{
    const F(dir_job) *j = job;
    const F(rnn_cell_ops) *ops = j->ops;
    const rnn_cell_shape *S = j->S;
    const rnn_layer *L = j->L;
    const rnn_plan *P = j->P;
    const F(rnn_params) *p = j->p;
    const F(rnn_grads) *dp = j->dp;
    const size_t *len = j->len;
    const REAL *X = j->X, *dY = j->dY, *dhN = j->dhN, *dcN = j->dcN;
    const REAL *Sh_all = j->Sh_all, *Sc = j->Sc_d, *Z = j->Z_d;
    REAL *dX = j->dX, *dh0 = j->dh0, *dc0 = j->dc0, *work = j->work;
    const size_t d = j->d;
    const size_t n_a = L->n_a, m = L->m, T = L->T, sm = n_a * m;
    const size_t dgld = S->dgrows * n_a;
    const REAL *Sh = Sh_all + d * (P->Sh / P->D);
    int rev = is_reverse (L, d);
    /* Hr: the states that entered the recurrent products, in time order,
     * when there is a mask (without one: Sh's slots) */
    const rnn_work_bwd *o = &P->wb;
    REAL *dG = work + o->dG, *Hr = work + o->hr;
    REAL *dh = work + o->dh, *dhp = work + o->dh_prev;
    REAL *dc = work + o->dc, *dcp = work + o->dc_prev;
    REAL *keep_h = work + o->keep_h, *keep_c = work + o->keep_c;
    F(rnn_dir) v = F(dir_view) (L, P, S, d, p->W, p->R, p->b, p->bR,
                                work + o->scratch, work + o->pack_r, 'T');
    v.mask = p->M ? p->M + d * sm : NULL;

    F(fill_state) (dh, dhN ? dhN + d * sm : NULL, sm);
    F(fill_state) (dc, dcN && S->has_c ? dcN + d * sm : NULL, sm);
    rnn_stepper st;
    F(stepper_for) (&v, &st, j->big);
    for (size_t k = 0; k < T && !rnn_poll_stop (); k++) {
        size_t t = rev ? k : T - 1 - k;
        size_t ip = rev ? t + 1 : t, io = rev ? t : t + 1;
        if (dY) F(add_output_grad) (dh, L, P, d, t, dY, Sh_all, len);
        if (len) {
            F(hold_inactive) (keep_h, dh, n_a, m, len, t);
            F(hold_inactive) (keep_c, dc, n_a, m, len, t);
        }
        const REAL *c = S->has_c ? Sc + io * sm : NULL;
        const REAL *cp = S->has_c ? Sc + ip * sm : NULL;
        const REAL *z = S->zrows ? Z + gate_block (L, d, t) * m * v.zld : NULL;
        const REAL *hp = Sh + ip * sm, *hr = hp;
        if (v.mask) {
            F(rnn_vmul) (Hr + t * sm, v.mask, hp, sm);
            hr = Hr + t * sm;
        }
        ops->step_backward (&v, dG + t * m * dgld, dhp, dcp, dh, dc, z,
                            Sh + io * sm, c, hp, hr, cp);
        if (len) {   /* an inactive step passes its gradient through */
            F(copy_inactive) (dhp, keep_h, n_a, m, len, t);
            F(copy_inactive) (dcp, keep_c, n_a, m, len, t);
        }
        REAL *tmp = dh; dh = dhp; dhp = tmp;
        tmp = dc; dc = dcp; dcp = tmp;
    }
    rnn_stepper_stop (&st);
    if (rnn_poll_stopped ()) return;
    if (dh0) for (size_t i = 0; i < sm; i++) dh0[d * sm + i] += dh[i];
    if (dc0 && S->has_c) for (size_t i = 0; i < sm; i++) dc0[d * sm + i] += dc[i];

    size_t off = d * S->G * n_a;
    F(rnn_dgrads) g = { dp->W + off, dp->R + off, dp->b + off,
                        dp->bR ? dp->bR + off : NULL };
    /* the weight and input gradients: GEMMs of m*T columns */
    const double gflops = 2.0 * S->G * n_a * (double) (m * T)
                          * (L->n_x > n_a ? L->n_x : n_a);
    F(gemm_room) (&v, work + o->gemm, work + o->gemm2,
                  j->big > 1 && gflops >= rnn_mt_gemm_flops);
    if (!v.gw) rnn_blas_threads_for (gflops, j->big);
    ops->grads (&v, dX, &g, dG, X, v.mask ? Hr : Sh + (rev ? sm : 0), Z);
    if (!v.gw) rnn_blas_threads_for (0, j->big);
}

/* typed.h makes rnn_layer_backward_d and rnn_layer_backward_s */
rnn_status F(rnn_layer_backward) (REAL *dX, const F(rnn_grads) *dp, REAL *dh0,
                                  REAL *dc0, const rnn_layer *L, const REAL *dY,
                                  const REAL *dhN, const REAL *dcN,
                                  const REAL *X, const F(rnn_params) *p,
                                  const size_t *len, const REAL *Sh,
                                  const REAL *Sc, const REAL *Z, REAL *work)
{
    rnn_plan P;
    rnn_status st = rnn_layer_plan (&P, L);
    if (st != RNN_OK) return st;
    if (p->M && !L->rec_mask) return RNN_ERR_ARG;   /* no room planned */
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    const F(rnn_cell_ops) *ops = F(ops_of) (L->cell);
    if (len)
        for (size_t j = 0; j < L->m; j++)
            if (len[j] < 1 || len[j] > L->T) return RNN_ERR_ARG;
    /* Empty problems, as in rnn_layer_forward: with no step the gradient
     * of the final state is that of the initial state. */
    if (P.state == 0) return RNN_OK;
    if (L->T == 0) {
        for (size_t i = 0; i < P.state; i++) {
            if (dh0 && dhN) dh0[i] += dhN[i];
            if (dc0 && dcN && S->has_c) dc0[i] += dcN[i];
        }
        return RNN_OK;
    }
    REAL none[1] = { 0 };         /* n_x = 0: X, W and dW have no elements */
    F(rnn_params) q = *p;
    F(rnn_grads) g = *dp;
    if (!X) X = none;
    if (!q.W) q.W = none;
    if (!g.W) g.W = none;
    p = &q; dp = &g;
    /* the reverse direction of two accumulates its dX in the workspace,
     * after the directions' own parts */
    const size_t nx = L->n_x * L->m * L->T, wd = P.wb.size;
    REAL *dX1 = dX && P.D == 2 ? work + P.dx_rev : NULL;
    if (dX1) memset (dX1, 0, nx * sizeof (REAL));
    F(dir_job) job[2];
    for (size_t d = 0; d < P.D; d++)
        job[d] = (F(dir_job)) {
            .ops = ops, .S = S, .L = L, .P = &P, .d = d, .X = X, .p = p,
            .len = len, .work = work + d * wd,
            .dX = d == 1 && dX1 ? dX1 : dX, .dh0 = dh0, .dc0 = dc0, .dp = dp,
            .dY = dY, .dhN = dhN, .dcN = dcN, .Sh_all = Sh,
            .Sc_d = S->has_c ? Sc + d * (P.Sc / P.D) : NULL,
            .Z_d = S->zrows ? Z + d * (P.Z / P.D) : NULL };
    rnn_poll_reset ();
    F(run_dirs) (job, &P, 2 * dir_flops (L, &P), F(sweep_backward_dir));
    if (rnn_poll_stopped ()) return RNN_ERR_INTERRUPTED;
    if (dX1) for (size_t i = 0; i < nx; i++) dX[i] += dX1[i];
    return RNN_OK;
}
#endif
