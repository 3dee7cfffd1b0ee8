/* gru.c - the GRU cell (Cho et al. 2014), gate blocks in MATLAB's and
 * PyTorch's order [r; z; n]:
 *
 *     r = sigma (Wr x + br + Rr h_prev + bRr)
 *     z = sigma (Wz x + bz + Rz h_prev + bRz)
 *     n = tanh (Wn x + bn + r .* (Rn h_prev + bRn))     "after-multiplication"
 *     n = tanh (Wn x + bn + Rn (r .* h_prev) + bRn)     "before-multiplication"
 *     h = (1 - z) .* n + z .* h_prev
 *
 * With a recurrent dropout mask M (rnn_core.h), every product of R takes
 * hr = M.*h_prev instead of h_prev (in before mode, u = r .* hr), while
 * the update h = (1 - z) .* n + z .* h_prev keeps h_prev, as Keras' GRU
 * computes with recurrent_dropout.  Without a mask hr is h_prev.
 *
 * The sweep (sweep.c) runs it over time.  Below, q = Rn hr + bRn (after
 * mode) and u = r .* hr (before mode).
 *
 * Cache Z, per step [4*n_a, m]:
 *     rows 0..3*n_a-1   [r; z; n], activated in place (the sweep writes
 *                       W x + b there before each step)
 *     rows 3*n_a..      after mode: q;  before mode: u
 * so that backward needs nothing else but h_prev (Sh) and hr, and the
 * weight gradient of Rn in before mode reads u straight from Z.
 *
 * Scratch [3*n_a, m] per step (after mode): R hr, one GEMM for all
 * three gates (the n block must stay apart from W x, r multiplies it).
 * Backward, with a mask: the direct part dh .* z of dh_prev [n_a, m],
 * kept apart while the part through hr is multiplied by M.
 *
 * Backward buffer dG, per step [4*n_a, m], gradients wrt:
 *     block 0, 1   the pre-activations of r and z (both sides share them)
 *     block 2      after mode: q, i.e. dq = dn_pre .* r, the recurrent side
 *                  of n;  before mode: u, i.e. du = Rn' dn_pre, a temporary
 *                  of the step
 *     block 3      the pre-activation of n, dn_pre: the input side of n
 * In after mode blocks 0..2 are the recurrent side [dr; dz; dq] in R's row
 * order, so each step's dh_prev takes one GEMM R' [dr; dz; dq]; before
 * mode needs two (Rn' dn_pre first: r depends on it).  grads() then runs
 * over all steps at once: dW, dX split in the r,z rows (blocks 0, 1) and
 * the n rows (block 3); dR is one GEMM in after mode. */
#ifndef REAL
#include "internal.h"
/*                                  G  zrows dgrows scratch has_c bR_folds */
const rnn_cell_shape rnn_shape_gru = { 3, 4,    4,     3,      0,    0 };
#define RNN_SELF "gru.c"
#include "typed.h"
#else

/* The element-wise loops of one column, over n units (restrict: see
 * RNN_INLINE in internal.h). */

/* a += b (+ c when c is not NULL) */
RNN_INLINE void F(add2) (size_t n, REAL *restrict a, const REAL *restrict b,
                         const REAL *restrict c)
{
    if (c) for (size_t k = 0; k < n; k++) a[k] += b[k] + c[k];
    else   for (size_t k = 0; k < n; k++) a[k] += b[k];
}

/* after mode: q = s (+ bRn);  n_pre += r .* q */
RNN_INLINE void F(reset_after) (size_t n, REAL *restrict q, REAL *restrict zn,
                                const REAL *restrict s, const REAL *restrict bRn,
                                const REAL *restrict r)
{
    if (bRn) for (size_t k = 0; k < n; k++) q[k] = s[k] + bRn[k];
    else     for (size_t k = 0; k < n; k++) q[k] = s[k];
    for (size_t k = 0; k < n; k++) zn[k] += r[k] * q[k];
}

/* u = r .* h_prev */
RNN_INLINE void F(times) (size_t n, REAL *restrict u, const REAL *restrict r,
                          const REAL *restrict hp)
{
    for (size_t k = 0; k < n; k++) u[k] = r[k] * hp[k];
}

/* h = (1 - z) .* n + z .* h_prev */
RNN_INLINE void F(blend) (size_t n, REAL *restrict h, const REAL *restrict z,
                          const REAL *restrict nn, const REAL *restrict hp)
{
    for (size_t k = 0; k < n; k++) h[k] = (1 - z[k]) * nn[k] + z[k] * hp[k];
}

#ifdef RNN_MVEC
/* After mode, fused: the element-wise part of a step for one column, from
 * the recurrent product s to h, in two passes over its n units instead of
 * the five of the generic loops below (add2 .. blend), with the same
 * operations in the same order: r and z, then n and h.  (A single pass
 * was 6% slower on the C shape in double: each vector's chain of exp,
 * division and tanh then runs on its own.)  z: the column's rows [r; z;
 * n; q], W x + b in the first three on entry;  s [3*n] = R h_prev;  bR
 * NULL or [3*n].  One vector of L units at a time, the last zero-padded
 * (cnt < L) as in vmath.c's loops.  Instantiated below for AVX-512 and
 * AVX2 (rnn_vec_isa chooses).  Measured (tests/bench/core_bench, single,
 * AVX-512, old and new in turns): forward pass S shape 2-4% faster, M 2%,
 * C and L the same within noise. */
/* v = p[0..cnt-1], zero-padded, and back: one vector move when cnt is all
 * L lanes (the calls below pass the constant), element by element in the
 * column's tail (a memcpy call per array there cost 4% on the C shape,
 * n_a = 50, single) */
#define GRU_LOAD(v, p)                                                       \
    do { if (cnt == L) memcpy (&(v), (p), sizeof (v));                       \
         else for (size_t k_ = 0; k_ < cnt; k_++) (v)[k_] = (p)[k_]; } while (0)
#define GRU_STORE(p, v)                                                      \
    do { if (cnt == L) memcpy ((p), &(v), sizeof (v));                       \
         else for (size_t k_ = 0; k_ < cnt; k_++) (p)[k_] = (v)[k_]; } while (0)
#define GRU_AFTER_COLUMN(isa, tgt, V, VEXP, VTANH)                            \
__attribute__ ((target (tgt), always_inline)) static inline void             \
F(after_rz_##isa) (size_t i, size_t cnt, size_t n, REAL *restrict z,         \
                   const REAL *restrict s, const REAL *restrict bR)          \
{                                                                            \
    const size_t L = sizeof (V) / sizeof (REAL);                             \
    V xr = { 0 }, xz = { 0 }, sr = { 0 }, sz = { 0 };                        \
    GRU_LOAD (xr, z + i);          GRU_LOAD (sr, s + i);                     \
    GRU_LOAD (xz, z + n + i);      GRU_LOAD (sz, s + n + i);                 \
    if (bR) {                                                                \
        V br = { 0 }, bz = { 0 };                                            \
        GRU_LOAD (br, bR + i);     GRU_LOAD (bz, bR + n + i);                \
        sr = sr + br; sz = sz + bz;                                          \
    }                                                                        \
    V r = 1 / (1 + VEXP (-(xr + sr)));                                       \
    V u = 1 / (1 + VEXP (-(xz + sz)));                                       \
    GRU_STORE (z + i, r);          GRU_STORE (z + n + i, u);                 \
}                                                                            \
__attribute__ ((target (tgt), always_inline)) static inline void             \
F(after_nh_##isa) (size_t i, size_t cnt, size_t n, REAL *restrict z,         \
                   const REAL *restrict s, const REAL *restrict bR,          \
                   REAL *restrict h, const REAL *restrict hp)                \
{                                                                            \
    const size_t L = sizeof (V) / sizeof (REAL);                             \
    V r = { 0 }, u = { 0 }, xn = { 0 }, q = { 0 }, hv = { 0 };               \
    GRU_LOAD (r, z + i);           GRU_LOAD (u, z + n + i);                  \
    GRU_LOAD (xn, z + 2 * n + i);  GRU_LOAD (q, s + 2 * n + i);              \
    GRU_LOAD (hv, hp + i);                                                   \
    if (bR) {                                                                \
        V bn = { 0 };                                                        \
        GRU_LOAD (bn, bR + 2 * n + i);                                       \
        q = q + bn;                                                          \
    }                                                                        \
    V nn = VTANH (xn + r * q);                                               \
    V hn = (1 - u) * nn + u * hv;                                            \
    GRU_STORE (z + 2 * n + i, nn); GRU_STORE (z + 3 * n + i, q);             \
    GRU_STORE (h + i, hn);                                                   \
}                                                                            \
__attribute__ ((target (tgt))) static void                                   \
F(after_column_##isa) (size_t n, REAL *z, const REAL *s, const REAL *bR,     \
                       REAL *h, const REAL *hp)                              \
{                                                                            \
    const size_t L = sizeof (V) / sizeof (REAL);                             \
    size_t i = 0;                                                            \
    for (; i + L <= n; i += L) F(after_rz_##isa) (i, L, n, z, s, bR);        \
    if (i < n) F(after_rz_##isa) (i, n - i, n, z, s, bR);                    \
    for (i = 0; i + L <= n; i += L) F(after_nh_##isa) (i, L, n, z, s, bR, h, hp); \
    if (i < n) F(after_nh_##isa) (i, n - i, n, z, s, bR, h, hp);             \
}
GRU_AFTER_COLUMN (avx512, "avx512f", F(vm512), F(vexp512), F(vtanh512))
GRU_AFTER_COLUMN (avx2, "avx2,fma", F(vm256), F(vexp256), F(vtanh256))
#endif

/* z [4*n_a, m] (ld zld): W x + b in rows 0..3*n_a-1 on entry, the cache
 * (see above) on exit;  h [n_a, m] from h_prev and hr [n_a, m].  Per column,
 * where there is no fused kernel (after mode) or it does not apply (before
 * mode), the activations run over contiguous blocks (vmath.c): r and z
 * together. */
RNN_VECTOR_CLONES
static void F(step_forward) (const F(rnn_dir) *d, REAL *z, REAL *h, REAL *c,
                             const REAL *h_prev, const REAL *hr,
                             const REAL *c_prev)
{
    (void) c; (void) c_prev;
    const size_t n_a = d->n_a, m = d->m, ld = d->zld;
    const REAL *bR = d->bR;

    if (d->reset_after) {
        /* s [3*n_a, m] = R hr */
        REAL *s = d->scratch;
        const size_t sld = 3 * n_a;
        F(rnn_rec) (d, 3 * n_a, hr, 0, s, sld);
#ifdef RNN_MVEC
        const int isa = rnn_vec_isa ();
        if (isa > 0) {
            for (size_t j = 0; j < m; j++) {
                if (isa == 2)
                    F(after_column_avx512) (n_a, z + j * ld, s + j * sld, bR,
                                            h + j * n_a, h_prev + j * n_a);
                else
                    F(after_column_avx2) (n_a, z + j * ld, s + j * sld, bR,
                                          h + j * n_a, h_prev + j * n_a);
            }
            return;
        }
#endif
        for (size_t j = 0; j < m; j++) {
            REAL *zr = z + j * ld, *zz = zr + n_a, *zn = zz + n_a, *zq = zn + n_a;
            const REAL *sr = s + j * sld;
            F(add2) (2 * n_a, zr, sr, bR);                  /* r, z pre-act. */
            F(rnn_vsigmoid) (zr, zr, 2 * n_a);
            F(reset_after) (n_a, zq, zn, sr + 2 * n_a, bR ? bR + 2 * n_a : NULL, zr);
            F(rnn_vtanh) (zn, zn, n_a);
            F(blend) (n_a, h + j * n_a, zz, zn, h_prev + j * n_a);
        }
    } else {
        /* rows 0..2*n_a-1 += [Rr; Rz] hr */
        F(rnn_rec) (d, 2 * n_a, hr, 1, z, ld);
        for (size_t j = 0; j < m; j++) {
            REAL *zr = z + j * ld;
            if (bR) F(add2) (2 * n_a, zr, bR, NULL);
            F(rnn_vsigmoid) (zr, zr, 2 * n_a);
            F(times) (n_a, zr + 3 * n_a, zr, hr + j * n_a);   /* u */
        }
        /* n rows += Rn u */
        F(rnn_gemm) ('N', 'N', n_a, m, n_a, 1, d->R + 2 * n_a, d->ld,
                     z + 3 * n_a, ld, 1, z + 2 * n_a, ld);
        for (size_t j = 0; j < m; j++) {
            REAL *zz = z + j * ld + n_a, *zn = zz + n_a;
            if (bR) F(add2) (n_a, zn, bR + 2 * n_a, NULL);
            F(rnn_vtanh) (zn, zn, n_a);
            F(blend) (n_a, h + j * n_a, zz, zn, h_prev + j * n_a);
        }
    }
}

/* backward, both modes: gz, gn (dn_pre) and dh_prev = dh .* z */
RNN_INLINE void F(zn_backward) (size_t n, REAL *restrict gz, REAL *restrict gn,
                                REAL *restrict dhp, const REAL *restrict dh,
                                const REAL *restrict zz, const REAL *restrict zn,
                                const REAL *restrict hp)
{
    for (size_t k = 0; k < n; k++) {
        REAL zt = zz[k], nn = zn[k], dhk = dh[k];
        gz[k] = dhk * (hp[k] - nn) * zt * (1 - zt);
        gn[k] = dhk * (1 - zt) * (1 - nn * nn);
        dhp[k] = dhk * zt;
    }
}

/* after mode: dq = dn_pre .* r, dr_pre = dn_pre .* q .* r(1-r) */
RNN_INLINE void F(r_after_backward) (size_t n, REAL *restrict gq, REAL *restrict gr,
                                     const REAL *restrict gn, const REAL *restrict zr,
                                     const REAL *restrict zq)
{
    for (size_t k = 0; k < n; k++) {
        REAL r = zr[k];
        gq[k] = gn[k] * r;
        gr[k] = gn[k] * zq[k] * r * (1 - r);
    }
}

/* before mode: dr_pre = du .* hr .* r(1-r), dh_prev += du .* r (add) or
 * dh_prev = du .* r */
RNN_INLINE void F(r_before_backward) (size_t n, REAL *restrict gr, REAL *restrict dhp,
                                      const REAL *restrict gu, const REAL *restrict zr,
                                      const REAL *restrict hp, int add)
{
    if (add)
        for (size_t k = 0; k < n; k++) {
            REAL r = zr[k];
            gr[k] = gu[k] * hp[k] * r * (1 - r);
            dhp[k] += gu[k] * r;
        }
    else
        for (size_t k = 0; k < n; k++) {
            REAL r = zr[k];
            gr[k] = gu[k] * hp[k] * r * (1 - r);
            dhp[k] = gu[k] * r;
        }
}

/* From dh [n_a, m] (wrt this step's h) and the cache: dg [4*n_a, m] (see
 * above) and dh_prev [n_a, m].  With dn_pre = dh .* (1-z) .* (1-n.^2):
 *   after:  dq = dn_pre .* r,  dr_pre = dn_pre .* q .* r(1-r),
 *           dhr = R' [dr_pre; dz_pre; dq]
 *   before: du = Rn' dn_pre,   dr_pre = du .* hr .* r(1-r),
 *           dhr = du .* r + [Rr; Rz]' [dr_pre; dz_pre]
 *   dh_prev = dh .* z + dhr, or with a mask dh .* z + M .* dhr.
 * Without a mask dhr accumulates onto dh .* z in dh_prev; with one, dh .*
 * z waits in the scratch until M has multiplied dhr. */
RNN_VECTOR_CLONES
static void F(step_backward) (const F(rnn_dir) *d, REAL *dg, REAL *dh_prev,
                              REAL *dc_prev, const REAL *dh, const REAL *dc,
                              const REAL *z, const REAL *h, const REAL *c,
                              const REAL *h_prev, const REAL *hr,
                              const REAL *c_prev)
{
    (void) dc_prev; (void) dc; (void) h; (void) c; (void) c_prev;
    const size_t n_a = d->n_a, m = d->m, ld = d->zld, dld = 4 * n_a;
    const int masked = d->mask != NULL;
    REAL *direct = masked ? d->scratch : dh_prev;   /* dh .* z */

    /* the z and n parts, which both modes share */
    for (size_t j = 0; j < m; j++) {
        const REAL *zz = z + j * ld + n_a;
        REAL *gz = dg + j * dld + n_a;
        const size_t s = j * n_a;
        F(zn_backward) (n_a, gz, gz + 2 * n_a, direct + s, dh + s, zz, zz + n_a,
                        h_prev + s);
    }

    if (d->reset_after) {
        for (size_t j = 0; j < m; j++) {
            const REAL *zr = z + j * ld;
            REAL *gr = dg + j * dld;
            F(r_after_backward) (n_a, gr + 2 * n_a, gr, gr + 3 * n_a, zr, zr + 3 * n_a);
        }
        F(rnn_rec_t) (d, 3 * n_a, dg, dld, masked ? 0 : 1, dh_prev);
    } else {
        /* du = Rn' dn_pre into block 2 */
        F(rnn_gemm) ('T', 'N', n_a, m, n_a, 1, d->R + 2 * n_a, d->ld,
                     dg + 3 * n_a, dld, 0, dg + 2 * n_a, dld);
        for (size_t j = 0; j < m; j++) {
            REAL *gr = dg + j * dld;
            const size_t s = j * n_a;
            F(r_before_backward) (n_a, gr, dh_prev + s, gr + 2 * n_a, z + j * ld,
                                  hr + s, !masked);
        }
        F(rnn_rec_t) (d, 2 * n_a, dg, dld, 1, dh_prev);
    }
    if (masked) F(rnn_vmask_add) (dh_prev, d->mask, direct, n_a * m);
}

/* Weight gradients over all steps, dG [4*n_a, m*T], X [n_x, m*T],
 * Hp [n_a, m*T] (the states hr that entered the recurrent products),
 * Z [4*n_a, m*T] (the cache):
 *   input side:  dGx = [dG block 0; block 1; block 3]
 *                dX += W' dGx,  dW += dGx X',  db += sum dGx
 *   recurrent:   after:  dR += dG(blocks 0..2) Hp',  dbR += sum of them
 *                before: dR(r,z) += dG(blocks 0, 1) Hp',
 *                        dRn += dG(block 3) U' (U = Z rows 3*n_a..),
 *                        dbR += sum dGx */
static void F(grads) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                      const REAL *dG, const REAL *X, const REAL *Hp,
                      const REAL *Z)
{
    const size_t n_a = d->n_a, n_x = d->n_x, mT = d->m * d->T, ld = d->ld;
    const size_t dld = 4 * n_a, zld = d->zld;
    const REAL *dGrz = dG, *dGn = dG + 3 * n_a;

    if (dX) {
        F(rnn_big_gemm) (d, 'T', 'N', n_x, mT, 2 * n_a, d->W, ld, dGrz, dld, 1,
                         dX, n_x);
        F(rnn_big_gemm) (d, 'T', 'N', n_x, mT, n_a, d->W + 2 * n_a, ld, dGn, dld,
                         1, dX, n_x);
    }
    /* r, z: dW and dR from one pass over dG's rows (rnn_bgemm2) */
    F(rnn_big_gemm2) (d, 'N', 'T', 2 * n_a, mT, dGrz, dld, n_x, X, n_x, g->W, ld,
                      n_a, Hp, n_a, g->R, ld, 1);
    F(rnn_rowsum_acc) (g->b, dGrz, dld, 2 * n_a, mT);
    F(rnn_rowsum_acc) (g->b + 2 * n_a, dGn, dld, n_a, mT);

    if (d->reset_after) {
        F(rnn_big_gemm) (d, 'N', 'T', n_a, n_x, mT, dGn, dld, X, n_x, 1,
                         g->W + 2 * n_a, ld);
        F(rnn_big_gemm) (d, 'N', 'T', n_a, n_a, mT, dG + 2 * n_a, dld, Hp, n_a, 1,
                         g->R + 2 * n_a, ld);
        if (g->bR) F(rnn_rowsum_acc) (g->bR, dG, dld, 3 * n_a, mT);
    } else {
        F(rnn_big_gemm2) (d, 'N', 'T', n_a, mT, dGn, dld, n_x, X, n_x,
                          g->W + 2 * n_a, ld, n_a, Z + 3 * n_a, zld,
                          g->R + 2 * n_a, ld, 1);
        if (g->bR) {
            F(rnn_rowsum_acc) (g->bR, dGrz, dld, 2 * n_a, mT);
            F(rnn_rowsum_acc) (g->bR + 2 * n_a, dGn, dld, n_a, mT);
        }
    }
}

const F(rnn_cell_ops) F(rnn_ops_gru) = { F(step_forward), F(step_backward), F(grads) };
#endif
