/* pgemm.c - C [M, N] := op(A) [M, K] * B [K, N] + beta C with op(A) packed
 * once (declarations: internal_typed.h): the recurrent product of every time step, where op(A) is
 * a layer's weights R (or R') and B the batch of states, N = 1..64 columns.
 * Shapes of a step: LSTM forward (M, K) = (4 n_a, n_a), backward
 * (n_a, 4 n_a); GRU 3 n_a; e.g. (1024, 256, N = 32), (2048, 512, 64).
 *
 * Packed layout of op(A) (rnn_pack).  The rows are cut into panels of MR
 * rows (the last one zero-padded to MR); a panel is stored k-major, the MR
 * values of column k contiguous:
 *
 *     Ap [p*MR*K + k*MR + r] = op(A) [p*MR + r, k],   r < MR, k < K
 *
 * so the kernel reads a panel front to back, 2 vector loads per k.
 *
 * B is read in place: a tile broadcasts B [k, j0 + j], j < nr, from nr
 * columns (addresses b + k + j*ldb, nr constant offsets that GCC keeps in
 * registers).  Packing B into contiguous slivers, as BLAS does, cost more
 * than it saved at these sizes (about 1 us for K*N = 4096, a third of
 * the product (64, 256, 16)), so rnn_pgemm needs no workspace.
 *
 * Loop order:  for each panel of MR rows of op(A)     (MR*K values: L1/L2)
 *                for each NR columns of B              (NR*K values: L1)
 *                  register tile C [MR, nr] over all k (MR*nr in registers)
 * The register tile holds MR = 2 vectors of rows times nr <= NR columns of
 * accumulators; each k loads the 2 vectors of A and, per column, FMAs them
 * with a broadcast of B [k, j]: 2 nr FMAs per 2 loads + nr broadcasts.
 *
 *   ISA       REAL    VL  MR  NR  accumulators (registers)
 *   AVX-512   float   16  32  8   16 of 32 zmm
 *   AVX-512   double   8  16  8   16 of 32 zmm
 *   AVX2+FMA  float    8  16  6   12 of 16 ymm
 *   AVX2+FMA  double   4   8  6   12 of 16 ymm
 *
 * NR = 8 divides the usual batch sizes (16, 32, 64), and 16 accumulators
 * hide the 4-cycle FMA latency at 2 FMAs per cycle (NR = 12, i.e. 24
 * accumulators, measured no faster on Zen 5: -DRNN_PGEMM_NR512=12).
 * Narrow tiles (nr < 4, e.g. batch size 1) would be latency-bound, so
 * they keep S = 2 or 4 partial sums over alternate k and add them at the
 * end.  The tile is
 * added to beta C (or stored, beta = 0: C is not read) straight from
 * registers, or through a small buffer for the last, partial panel.
 *
 * The ISA is chosen at run time (__builtin_cpu_supports, as vmath.c); the
 * kernels are compiled with GCC's target attribute, vector extensions and
 * the FMA and broadcast intrinsics (FMA regardless of -ffp-contract).
 * Elsewhere (other CPUs, compilers without GCC's extensions, or
 * -DRNN_PGEMM_ISA_MAX=0) rnn_pack stores op(A) plainly and rnn_pgemm is
 * rnn_gemm (BLAS).
 * -DRNN_PGEMM_ISA_MAX=1 caps the choice at AVX2 (for tests).
 *
 * Source layout: the file includes itself for each precision (typed.h),
 * and the typed part includes it once more for each ISA with PG_ISA, the
 * target, vector type, broadcast, FMA and NR defined: the kernels, at the
 * end of the file.
 */
#ifndef REAL
#include "internal.h"

#ifndef RNN_PGEMM_ISA_MAX
#define RNN_PGEMM_ISA_MAX 2
#endif

#if defined __GNUC__ && defined __x86_64__ && RNN_PGEMM_ISA_MAX > 0
#define RNN_PGEMM_X86 1
#include <immintrin.h>

/* 0: BLAS only, 1: AVX2+FMA, 2: AVX-512F (at most RNN_PGEMM_ISA_MAX) */
static int pg_isa (void)
{
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init ();
        int l = __builtin_cpu_supports ("avx512f") ? 2
              : __builtin_cpu_supports ("avx2")
                && __builtin_cpu_supports ("fma") ? 1 : 0;
        level = l < RNN_PGEMM_ISA_MAX ? l : RNN_PGEMM_ISA_MAX;
    }
    return level;
}

/* per precision: vector types, broadcast and FMA of each ISA */
#define v512_d __m512d
#define v512_s __m512
#define set1_512_d _mm512_set1_pd
#define set1_512_s _mm512_set1_ps
#define fma512_d _mm512_fmadd_pd
#define fma512_s _mm512_fmadd_ps
#define v256_d __m256d
#define v256_s __m256
#define set1_256_d _mm256_set1_pd
#define set1_256_s _mm256_set1_ps
#define fma256_d _mm256_fmadd_pd
#define fma256_s _mm256_fmadd_ps

/* columns of the register tile */
#ifndef RNN_PGEMM_NR512
#define RNN_PGEMM_NR512 8
#endif
#define RNN_PGEMM_NR256 6

/* full unrolling of the loops over the tile's columns (clang ignores
 * "GCC unroll" and would keep the accumulators in memory) */
#ifdef __clang__
#define PG_UNROLL _Pragma ("unroll")
#else
#define PG_UNROLL _Pragma ("GCC unroll 16")
#endif

/* PGN(name) -> name_s_avx512 etc.: one ISA's function of one precision */
#define PG_CAT2(a, b) a##_##b
#define PG_CAT(a, b) PG_CAT2 (a, b)
#define PGN(name) PG_CAT (F(name), PG_ISA)
#else
static int pg_isa (void) { return 0; }
#endif

int rnn_pgemm_fast (void)
{
    return pg_isa () > 0;
}

#define RNN_SELF "pgemm.c"
#include "typed.h"

#elif !defined PG_ISA   /* ---- typed part: packing and dispatch ---- */

#ifdef RNN_PGEMM_X86
#define PG_ISA avx512
#define PG_TARGET "avx512f"
#define PG_V F(v512)
#define PG_SET1 F(set1_512)
#define PG_FMA F(fma512)
#define PG_NR RNN_PGEMM_NR512
#include "pgemm.c"
#undef PG_ISA
#undef PG_TARGET
#undef PG_V
#undef PG_SET1
#undef PG_FMA
#undef PG_NR
#define PG_ISA avx2
#define PG_TARGET "avx2,fma"
#define PG_V F(v256)
#define PG_SET1 F(set1_256)
#define PG_FMA F(fma256)
#define PG_NR RNN_PGEMM_NR256
#include "pgemm.c"
#undef PG_ISA
#undef PG_TARGET
#undef PG_V
#undef PG_SET1
#undef PG_FMA
#undef PG_NR
#endif

/* rows of a panel, MR = 2 vectors; 0: plain layout (BLAS) */
static size_t F(pg_mr) (void)
{
    switch (pg_isa ()) {
    case 2: return 2 * 64 / sizeof (REAL);
    case 1: return 2 * 32 / sizeof (REAL);
    default: return 0;
    }
}

size_t F(rnn_pack_panel) (void)
{
    return F(pg_mr) ();
}

size_t F(rnn_pack_size) (size_t M, size_t K)
{
    size_t MR = F(pg_mr) (), rows = M, n;
    if (MR && !rnn_mul (&rows, M / MR + (M % MR != 0), MR)) return SIZE_MAX;
    return rnn_mul (&n, rows, K) ? n : SIZE_MAX;
}

void F(rnn_pack) (REAL *Ap, char trans, const REAL *A, size_t lda, size_t M,
                  size_t K)
{
    const int tr = trans == 'T' || trans == 't';
    const size_t MR = F(pg_mr) (), KB = 64;
    if (M == 0 || K == 0) return;
    if (MR == 0) {   /* plain op(A), [M, K] with leading dimension M */
        for (size_t k = 0; k < K; k++)
            for (size_t i = 0; i < M; i++)
                Ap[i + k*M] = tr ? A[k + i*lda] : A[i + k*lda];
        return;
    }
    for (size_t i0 = 0; i0 < M; i0 += MR) {
        const size_t mr = M - i0 < MR ? M - i0 : MR;
        REAL *ap = Ap + i0*K;                      /* this panel, [MR, K] */
        if (tr)   /* row i of op(A) is column i of A: read mr columns
                     KB values at a time, so that the [MR, KB] block
                     written stays in L1 */
            for (size_t k0 = 0; k0 < K; k0 += KB) {
                const size_t kb = K - k0 < KB ? K - k0 : KB;
                for (size_t i = 0; i < mr; i++) {
                    const REAL *a = A + k0 + (i0 + i)*lda;
                    REAL *apk = ap + k0*MR + i;
                    for (size_t k = 0; k < kb; k++) apk[k*MR] = a[k];
                }
            }
        else
            for (size_t k = 0; k < K; k++)
                memcpy (ap + k*MR, A + i0 + k*lda, mr * sizeof (REAL));
        if (mr < MR)       /* zero-pad the last panel */
            for (size_t k = 0; k < K; k++)
                memset (ap + k*MR + mr, 0, (MR - mr) * sizeof (REAL));
    }
}

size_t F(rnn_pgemm_work) (size_t K, size_t N)
{
    (void) K; (void) N;     /* B is read in place (see the top) */
    return 0;
}

void F(rnn_pgemm) (size_t M, size_t N, size_t K, const REAL *Ap,
                   const REAL *B, size_t ldb, REAL beta, REAL *C, size_t ldc,
                   REAL *work)
{
    (void) work;
    if (M == 0 || N == 0) return;
    if (K == 0) {                       /* C := beta C, not read if beta = 0 */
        if (beta != 1)
            for (size_t j = 0; j < N; j++)
                for (size_t i = 0; i < M; i++)
                    C[i + j*ldc] = beta == 0 ? 0 : beta * C[i + j*ldc];
        return;
    }
    switch (pg_isa ()) {
#ifdef RNN_PGEMM_X86
    case 2:
        PG_CAT (F(pg_run), avx512) (M, N, K, Ap, B, ldb, beta, C, ldc);
        return;
    case 1:
        PG_CAT (F(pg_run), avx2) (M, N, K, Ap, B, ldb, beta, C, ldc);
        return;
#endif
    default:
        F(rnn_gemm) ('N', 'N', M, N, K, 1, Ap, M, B, ldb, beta, C, ldc);
    }
}

#else   /* ---- one ISA's kernels (PG_ISA, PG_TARGET, PG_V, PG_SET1, PG_FMA,
           PG_NR) for one precision ---- */

/* One register tile: C [mr, nr] := A panel [MR, K] * B [K, nr] (columns
 * ldb apart) + beta C, mr <= MR, nr <= PG_NR.  Always inlined with a
 * constant nr, so that the loops over j unroll and the accumulators live
 * in registers (checked with objdump -d: no spills in the k loop). */
static inline __attribute__ ((always_inline, target (PG_TARGET))) void
PGN(pg_tile) (size_t K, const REAL *a, const REAL *b, size_t ldb, REAL *c,
              size_t ldc, size_t mr, REAL beta, const int nr)
{
    enum { VL = sizeof (PG_V) / sizeof (REAL), MR = 2 * VL };
    /* S partial sums over alternate k keep >= 8 independent FMA chains */
    const int S = nr >= 4 ? 1 : nr >= 2 ? 2 : 4;
    PG_V acc[4][PG_NR][2];
PG_UNROLL
    for (int s = 0; s < S; s++)
PG_UNROLL
        for (int j = 0; j < nr; j++) acc[s][j][0] = acc[s][j][1] = (PG_V) {0};

    size_t k = 0;
    for (; k + S <= K; k += S) {
PG_UNROLL
        for (int s = 0; s < S; s++) {
            const REAL *ak = a + (k + s)*MR, *bk = b + (k + s);
            PG_V a0, a1;
            memcpy (&a0, ak, sizeof a0);
            memcpy (&a1, ak + VL, sizeof a1);
PG_UNROLL
            for (int j = 0; j < nr; j++) {
                PG_V bj = PG_SET1 (bk[j*ldb]);
                acc[s][j][0] = PG_FMA (a0, bj, acc[s][j][0]);
                acc[s][j][1] = PG_FMA (a1, bj, acc[s][j][1]);
            }
        }
    }
    for (; k < K; k++) {                /* K mod S leftover steps */
        const REAL *ak = a + k*MR, *bk = b + k;
        PG_V a0, a1;
        memcpy (&a0, ak, sizeof a0);
        memcpy (&a1, ak + VL, sizeof a1);
PG_UNROLL
        for (int j = 0; j < nr; j++) {
            PG_V bj = PG_SET1 (bk[j*ldb]);
            acc[0][j][0] = PG_FMA (a0, bj, acc[0][j][0]);
            acc[0][j][1] = PG_FMA (a1, bj, acc[0][j][1]);
        }
    }
PG_UNROLL
    for (int s = 1; s < S; s++)
PG_UNROLL
        for (int j = 0; j < nr; j++) {
            acc[0][j][0] += acc[s][j][0];
            acc[0][j][1] += acc[s][j][1];
        }

    if (mr == MR) {                     /* a whole panel: straight to C */
        const PG_V vbeta = PG_SET1 (beta);
PG_UNROLL
        for (int j = 0; j < nr; j++)
PG_UNROLL
            for (int h = 0; h < 2; h++) {
                REAL *cj = c + j*ldc + h*VL;
                PG_V v = acc[0][j][h];
                if (beta != 0) {
                    PG_V cv;
                    memcpy (&cv, cj, sizeof cv);
                    v += vbeta * cv;
                }
                memcpy (cj, &v, sizeof v);
            }
    } else {                            /* the last panel: mr < MR rows */
        REAL t[PG_NR][MR];
PG_UNROLL
        for (int j = 0; j < nr; j++) {
            memcpy (t[j], &acc[0][j][0], sizeof (PG_V));
            memcpy (t[j] + VL, &acc[0][j][1], sizeof (PG_V));
        }
        for (int j = 0; j < nr; j++)
            for (size_t i = 0; i < mr; i++)
                c[i + j*ldc] = beta == 0 ? t[j][i]
                                         : t[j][i] + beta * c[i + j*ldc];
    }
}

/* the tile for a run-time nr: one inlined copy per width */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_tiles) (size_t K, const REAL *a, const REAL *b, size_t ldb, REAL *c,
               size_t ldc, size_t mr, REAL beta, size_t nr)
{
#define PG_CASE(n) \
    case n: PGN(pg_tile) (K, a, b, ldb, c, ldc, mr, beta, n); break;
    switch (nr) {
    PG_CASE (1) PG_CASE (2) PG_CASE (3) PG_CASE (4) PG_CASE (5) PG_CASE (6)
#if PG_NR >= 8
    PG_CASE (7) PG_CASE (8)
#endif
#if PG_NR >= 12
    PG_CASE (9) PG_CASE (10) PG_CASE (11) PG_CASE (12)
#endif
#if PG_NR != 6 && PG_NR != 8 && PG_NR != 12
#error "PG_NR must be 6, 8 or 12"
#endif
    }
#undef PG_CASE
}

/* rnn_pgemm for K > 0, M > 0, N > 0 */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_run) (size_t M, size_t N, size_t K, const REAL *Ap, const REAL *B,
             size_t ldb, REAL beta, REAL *C, size_t ldc)
{
    enum { VL = sizeof (PG_V) / sizeof (REAL), MR = 2 * VL, NR = PG_NR };
    for (size_t i0 = 0; i0 < M; i0 += MR) {
        const size_t mr = M - i0 < MR ? M - i0 : MR;
        const REAL *a = Ap + i0*K;       /* panel i0 / MR */
        for (size_t j0 = 0; j0 < N; j0 += NR) {
            const size_t nr = N - j0 < NR ? N - j0 : NR;
            PGN(pg_tiles) (K, a, B + j0*ldb, ldb, C + i0 + j0*ldc, ldc, mr,
                           beta, nr);
        }
    }
}

#endif
