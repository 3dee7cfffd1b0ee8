/* attention.c - one decoder step of additive, dot or general attention over
 * a batch of source sequences, forward and backward (see attention.h for
 * the shapes and the three score forms).
 *
 * Per step the matrix products are those of the query (additive: Ws s;
 * general without keys: Wa' s), and backward their two gradient products;
 * the scores e(t,j) = q(:,j)' K(:,j,t) and the context sum over t are, for
 * a batch, m separate dot products per source step: one pass each over K
 * and H in memory order (a GEMM would have nothing to share between
 * columns).  Keys computed here (additive without keys) cost one product
 * with Wh, column by column within the lengths when there are lengths, so
 * that the padding is never read. */
#ifndef REAL
#include "internal.h"
#include "attention.h"

rnn_status rnn_att_plan (rnn_att *a)
{
    if (!a) return RNN_ERR_ARG;
    size_t mt, nk_mt, t1, t2;
    if (!rnn_mul (&mt, a->m, a->Tx)) return RNN_ERR_SIZE;
    switch (a->score) {
    case RNN_ATT_ADDITIVE:
        a->n_k = a->n_att;
        break;
    case RNN_ATT_DOT:
        if (a->n_s != a->n_h) return RNN_ERR_ARG;
        a->n_k = a->n_h;
        break;
    case RNN_ATT_GENERAL:
        a->n_k = a->keys ? a->n_s : a->n_h;
        break;
    default:
        return RNN_ERR_ARG;
    }
    if (!rnn_mul (&nk_mt, a->n_k, mt)) return RNN_ERR_SIZE;
    /* every array must be addressable, with room to add a few together */
    size_t big = a->n_s > a->n_h ? a->n_s : a->n_h;
    if (a->n_att > big) big = a->n_att;
    if (!rnn_mul (&t1, big, mt) || !rnn_mul (&t2, big, a->m)
        || !rnn_add (&t1, t1, t2) || !rnn_add (&t1, t1, nk_mt)
        || t1 > SIZE_MAX / 4 / sizeof (double))
        return RNN_ERR_SIZE;
    a->cache = a->score == RNN_ATT_ADDITIVE ? nk_mt : 0;
    /* forward: the query [n_k, m]; backward: da [Tx, m], the query and
     * its gradient [n_k, m] each, and dA [n_att, m, Tx] when additive
     * without keys (with keys dA is dK) */
    size_t q = a->n_k * a->m;
    a->work_fwd = q;
    a->work_bwd = mt + 2 * q
        + (a->score == RNN_ATT_ADDITIVE && !a->keys ? nk_mt : 0);
    return RNN_OK;
}

#define RNN_SELF "attention.c"
#include "typed.h"

#else   /* ---- typed part: REAL = double or float ------------------------- */

/* valid steps of column j */
static size_t F(steps) (const rnn_att *a, const size_t *len, size_t j)
{
    return len ? len[j] : a->Tx;
}

/* C_j [M, steps_j] (:= or +=, beta) op(P) B_j for every column j, B_j
 * [Kd, steps_j] the column's source steps of B [Kd, m, Tx]: one product
 * over all m*Tx columns when there are no lengths. */
static void F(proj) (const rnn_att *a, const size_t *len, char tp, size_t M,
                     size_t Kd, const REAL *P, size_t ldp, const REAL *B,
                     REAL beta, REAL *C)
{
    const size_t m = a->m, Tx = a->Tx;
    if (!len) {
        F(rnn_gemm) (tp, 'N', M, m * Tx, Kd, 1, P, ldp, B, Kd, beta, C, M);
        return;
    }
    for (size_t j = 0; j < m; j++)
        F(rnn_gemm) (tp, 'N', M, len[j], Kd, 1, P, ldp, B + j * Kd, Kd * m,
                     beta, C + j * M, M * m);
}

/* G [M, N] (:= or +=) sum over columns j of D_j B_j', D [M, m, Tx],
 * B [N, m, Tx], each within the lengths: the weight gradient of proj. */
static void F(proj_grad) (const rnn_att *a, const size_t *len, size_t M,
                          size_t N, const REAL *D, const REAL *B, REAL *G)
{
    const size_t m = a->m, Tx = a->Tx;
    if (!len) {
        F(rnn_gemm) ('N', 'T', M, N, m * Tx, 1, D, M, B, N, 0, G, M);
        return;
    }
    memset (G, 0, M * N * sizeof *G);
    for (size_t j = 0; j < m; j++)
        F(rnn_gemm) ('N', 'T', M, N, len[j], 1, D + j * M, M * m, B + j * N,
                     N * m, 1, G, M);
}

rnn_status F(rnn_att_forward) (REAL *ctx, REAL *alpha, REAL *A,
                               const rnn_att *a, const REAL *s, const REAL *H,
                               const REAL *K, const F(rnn_att_params) *p,
                               const size_t *len, REAL *work)
{
    if (!a || !p) return RNN_ERR_ARG;
    const size_t m = a->m, Tx = a->Tx, n_s = a->n_s, n_h = a->n_h,
        n_k = a->n_k;
    if (m == 0) return RNN_OK;
    if (!ctx || (Tx && !alpha) || (Tx && n_h && !H) || (n_s && !s)
        || (a->keys && Tx && n_k && !K))
        return RNN_ERR_ARG;
    if (len)
        for (size_t j = 0; j < m; j++)
            if (len[j] < 1 || len[j] > Tx) return RNN_ERR_ARG;

    /* the query q [n_k, m] and the keys Kp [n_k, m, Tx] */
    const REAL *q = s, *Kp = a->keys ? K : H;
    if (a->score == RNN_ATT_ADDITIVE) {
        if (n_k && ((Tx && !A) || !work || !p->v || (n_s && !p->Ws)
                    || (!a->keys && (!p->b || (n_h && !p->Wh)))))
            return RNN_ERR_ARG;
        REAL *u = work;                                  /* Ws s [n_att, m] */
        F(rnn_gemm) ('N', 'N', n_k, m, n_s, 1, p->Ws, n_k, s, n_s, 0, u, n_k);
        if (!a->keys && Tx && n_k)                       /* A := Wh H */
            F(proj) (a, len, 'N', n_k, n_h, p->Wh, n_k, H, 0, A);
        for (size_t t = 0; t < Tx; t++)
            for (size_t j = 0; j < m; j++) {
                REAL *At = A + (t * m + j) * n_k;
                const REAL *uj = u + j * n_k;
                if (t >= F(steps) (a, len, j)) {
                    memset (At, 0, n_k * sizeof *At);
                } else if (a->keys) {
                    const REAL *Kt = K + (t * m + j) * n_k;
                    for (size_t i = 0; i < n_k; i++) At[i] = Kt[i] + uj[i];
                } else {
                    for (size_t i = 0; i < n_k; i++) At[i] += p->b[i] + uj[i];
                }
            }
        F(rnn_vtanh) (A, A, n_k * m * Tx);              /* tanh (0) = 0 */
        q = NULL;
    } else if (a->score == RNN_ATT_GENERAL && !a->keys) {
        if (n_k && (!work || (n_s && !p->Wa))) return RNN_ERR_ARG;
        REAL *qw = work;                                 /* Wa' s [n_h, m] */
        F(rnn_gemm) ('T', 'N', n_h, m, n_s, 1, p->Wa, n_s, s, n_s, 0, qw, n_h);
        q = qw;
    }

    /* scores, then the softmax over each column's steps */
    for (size_t j = 0; j < m; j++) {
        const size_t L = F(steps) (a, len, j);
        REAL *al = alpha + j * Tx;
        for (size_t t = 0; t < L; t++) {
            REAL e = 0;
            if (!q) {
                const REAL *At = A + (t * m + j) * n_k;
                for (size_t i = 0; i < n_k; i++) e += p->v[i] * At[i];
            } else {
                const REAL *Kt = Kp + (t * m + j) * n_k, *qj = q + j * n_k;
                for (size_t i = 0; i < n_k; i++) e += qj[i] * Kt[i];
            }
            al[t] = e;
        }
        REAL mx = L ? al[0] : 0, sum = 0;
        for (size_t t = 1; t < L; t++) if (al[t] > mx) mx = al[t];
        for (size_t t = 0; t < L; t++) { al[t] = exp (al[t] - mx); sum += al[t]; }
        for (size_t t = 0; t < L; t++) al[t] /= sum;
        for (size_t t = L; t < Tx; t++) al[t] = 0;
    }

    /* ctx(:,j) = sum_t alpha(t,j) H(:,j,t), in the order of H in memory */
    memset (ctx, 0, n_h * m * sizeof *ctx);
    for (size_t t = 0; t < Tx; t++)
        for (size_t j = 0; j < m; j++) {
            if (t >= F(steps) (a, len, j)) continue;
            const REAL w = alpha[j * Tx + t], *Ht = H + (t * m + j) * n_h;
            REAL *c = ctx + j * n_h;
            for (size_t i = 0; i < n_h; i++) c[i] += w * Ht[i];
        }
    return RNN_OK;
}

rnn_status F(rnn_att_backward) (REAL *ds, REAL *dH, REAL *dK,
                                const F(rnn_att_grads) *dp, const rnn_att *a,
                                const REAL *dctx, const REAL *dalpha,
                                const REAL *s, const REAL *H, const REAL *K,
                                const F(rnn_att_params) *p, const size_t *len,
                                const REAL *alpha, const REAL *A, REAL *work)
{
    if (!a || !p || !dp) return RNN_ERR_ARG;
    const size_t m = a->m, Tx = a->Tx, n_s = a->n_s, n_h = a->n_h,
        n_k = a->n_k;
    const int additive = a->score == RNN_ATT_ADDITIVE;
    const int query = a->score == RNN_ATT_GENERAL && !a->keys;
    /* the parameter gradients are written even when m = 0 (zeros) */
    if (additive) {
        if ((n_k && n_s && !dp->Ws) || (n_k && !dp->v)
            || (!a->keys && ((n_k && n_h && !dp->Wh) || (n_k && !dp->b))))
            return RNN_ERR_ARG;
        if (n_k && n_s) memset (dp->Ws, 0, n_k * n_s * sizeof (REAL));
        if (n_k) memset (dp->v, 0, n_k * sizeof (REAL));
        if (!a->keys && n_k) {
            if (n_h) memset (dp->Wh, 0, n_k * n_h * sizeof (REAL));
            memset (dp->b, 0, n_k * sizeof (REAL));
        }
    } else if (a->score == RNN_ATT_GENERAL && !a->keys) {
        if (n_s && n_h && !dp->Wa) return RNN_ERR_ARG;
        if (n_s && n_h) memset (dp->Wa, 0, n_s * n_h * sizeof (REAL));
    }
    if (m == 0) return RNN_OK;
    if (!ds || (n_s && !s) || (Tx && (!alpha || !work))
        || (Tx && n_h && (!H || !dH))
        || (a->keys && Tx && n_k && (!K || !dK))
        || (additive && Tx && n_k && !A))
        return RNN_ERR_ARG;
    if (len)
        for (size_t j = 0; j < m; j++)
            if (len[j] < 1 || len[j] > Tx) return RNN_ERR_ARG;

    REAL *da = work;                          /* [Tx, m] dL/dalpha, then de */
    REAL *q = da + Tx * m;                    /* [n_k, m] query */
    REAL *dq = q + n_k * m;                   /* [n_k, m] its gradient */
    REAL *dA = additive ? (a->keys ? dK : dq + n_k * m) : NULL;

    /* the context: da = dalpha + H_j' dctx_j, dH = alpha dctx' */
    for (size_t t = 0; t < Tx; t++)
        for (size_t j = 0; j < m; j++) {
            REAL *dHt = dH + (t * m + j) * n_h;
            if (t >= F(steps) (a, len, j)) {
                memset (dHt, 0, n_h * sizeof *dHt);
                da[j * Tx + t] = 0;
                continue;
            }
            REAL g = dalpha ? dalpha[j * Tx + t] : 0;
            const REAL w = alpha[j * Tx + t];
            if (dctx) {
                const REAL *Ht = H + (t * m + j) * n_h, *dc = dctx + j * n_h;
                for (size_t i = 0; i < n_h; i++) {
                    g += dc[i] * Ht[i];
                    dHt[i] = w * dc[i];
                }
            } else {
                memset (dHt, 0, n_h * sizeof *dHt);
            }
            da[j * Tx + t] = g;
        }
    /* the softmax: de = alpha .* (da - alpha' da), in place */
    for (size_t j = 0; j < m; j++) {
        const size_t L = F(steps) (a, len, j);
        const REAL *al = alpha + j * Tx;
        REAL *d = da + j * Tx, dot = 0;
        for (size_t t = 0; t < L; t++) dot += al[t] * d[t];
        for (size_t t = 0; t < L; t++) d[t] = al[t] * (d[t] - dot);
    }

    if (additive) {
        /* dA = de v .* (1 - A.^2), dv = sum de A, du = sum_t dA */
        REAL *du = dq;
        memset (du, 0, n_k * m * sizeof *du);
        for (size_t t = 0; t < Tx; t++)
            for (size_t j = 0; j < m; j++) {
                REAL *dAt = dA + (t * m + j) * n_k;
                if (t >= F(steps) (a, len, j)) {
                    memset (dAt, 0, n_k * sizeof *dAt);
                    continue;
                }
                const REAL de = da[j * Tx + t], *At = A + (t * m + j) * n_k;
                REAL *duj = du + j * n_k;
                for (size_t i = 0; i < n_k; i++) {
                    dp->v[i] += de * At[i];
                    dAt[i] = de * p->v[i] * (1 - At[i] * At[i]);
                    duj[i] += dAt[i];
                }
            }
        /* u = Ws s: dWs = du s', ds = Ws' du */
        F(rnn_gemm) ('N', 'T', n_k, n_s, m, 1, du, n_k, s, n_s, 0, dp->Ws, n_k);
        F(rnn_gemm) ('T', 'N', n_s, m, n_k, 1, p->Ws, n_k, du, n_k, 0, ds, n_s);
        if (!a->keys && Tx && n_k) {
            /* K = Wh H + b: db = sum dA, dWh = dA H', dH += Wh' dA */
            for (size_t j = 0; j < m; j++)
                for (size_t i = 0; i < n_k; i++) dp->b[i] += du[j * n_k + i];
            F(proj_grad) (a, len, n_k, n_h, dA, H, dp->Wh);
            F(proj) (a, len, 'T', n_h, n_k, p->Wh, n_k, dA, 1, dH);
        }
        return RNN_OK;
    }

    /* multiplicative: e = q_j' Kp_jt; dq_j = sum_t de Kp_jt, dKp = de q_j */
    const REAL *Kp = a->keys ? K : H;
    REAL *dKp = a->keys ? dK : dH;
    const REAL *qq = s;
    if (query) {
        F(rnn_gemm) ('T', 'N', n_h, m, n_s, 1, p->Wa, n_s, s, n_s, 0, q, n_h);
        qq = q;
    }
    REAL *dqq = query ? dq : ds;
    memset (dqq, 0, n_k * m * sizeof *dqq);
    for (size_t t = 0; t < Tx; t++)
        for (size_t j = 0; j < m; j++) {
            REAL *dKt = dKp + (t * m + j) * n_k;
            if (t >= F(steps) (a, len, j)) {
                if (a->keys) memset (dKt, 0, n_k * sizeof *dKt);
                continue;
            }
            const REAL de = da[j * Tx + t], *Kt = Kp + (t * m + j) * n_k,
                *qj = qq + j * n_k;
            REAL *dqj = dqq + j * n_k;
            if (a->keys)
                for (size_t i = 0; i < n_k; i++) {
                    dqj[i] += de * Kt[i];
                    dKt[i] = de * qj[i];
                }
            else
                for (size_t i = 0; i < n_k; i++) {
                    dqj[i] += de * Kt[i];
                    dKt[i] += de * qj[i];
                }
        }
    if (query) {
        /* q = Wa' s: dWa = s dq', ds = Wa dq */
        F(rnn_gemm) ('N', 'T', n_s, n_h, m, 1, s, n_s, dq, n_h, 0, dp->Wa, n_s);
        F(rnn_gemm) ('N', 'N', n_s, m, n_h, 1, p->Wa, n_s, dq, n_h, 0, ds, n_s);
    }
    return RNN_OK;
}

#endif
