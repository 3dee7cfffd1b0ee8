/* pgemm.c - C [M, N] := op(A) [M, K] * B [K, N] + beta C with op(A) packed
 * once (rnn_pgemm), and a blocked GEMM on the same kernels (rnn_bgemm,
 * below); declarations: internal_typed.h.  rnn_pgemm is the recurrent
 * product of every time step, where op(A) is a layer's weights R (or R')
 * and B the batch of states, N = 1..64 columns; rnn_pgemm_bias, the same
 * with the tile's sums starting from a bias instead of zero (C is not
 * read), is a step's input projection W x_t + b.
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
 * registers).  Packing B into contiguous slivers, as BLAS does, costs more
 * than it saves at these sizes (a step's B is small and read once per
 * panel of rows), so rnn_pgemm needs no workspace.
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
 * hide the 4-cycle FMA latency at 2 FMAs per cycle; more accumulators
 * (-DRNN_PGEMM_NR512=12) add registers without adding speed.
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
 * rnn_bgemm: the same kernels for the big products of a layer (the input
 * projection of all steps, and backward W' dG, dG X', dG H'), blocked as
 * BLAS libraries block theirs: K in blocks of KC = 256, op(A) packed in
 * blocks of MC rows x KC (512 KB: in L2), op(B) packed into slivers of NR
 * columns x KC (in L1) when it is B', read in place when it is B (its
 * columns already contiguous in k), and C updated once per block of K.
 * When op(B) = B and op(A) packed is small enough (8 MB), op(A) is
 * packed whole instead and the products run as rnn_pgemm's, on blocks of
 * columns (bg_whole).  rnn_bgemm2 makes dG X' and dG H' in one pass, each
 * block of dG packed once for both.  On the benchmark's shapes
 * (tests/bench/gemm_bench.c, one core of the development machine) single
 * precision ran at 1.0-1.3x OpenBLAS's best kernels (L 1.0-1.1x, S
 * fastest), double at 1.1-1.7x.
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

/* the blocks and thresholds: tuning.h */
double rnn_bgemm_min_flops = RNN_BGEMM_MIN_FLOPS;

static size_t bg_kc = RNN_BGEMM_KC, bg_a_bytes = RNN_BGEMM_A_BYTES,
              bg_nc = RNN_BGEMM_NC;

size_t rnn_bgemm_whole_bytes = RNN_BGEMM_WHOLE_BYTES;

void rnn_bgemm_blocks (size_t kc, size_t a_bytes, size_t nc)
{
    bg_kc = kc ? kc : RNN_BGEMM_KC;
    bg_a_bytes = a_bytes ? a_bytes : RNN_BGEMM_A_BYTES;
    bg_nc = nc ? nc : RNN_BGEMM_NC;
}

#define RNN_SELF "pgemm.c"
#include "typed.h"

#elif !defined PG_ISA   /* ---- typed part: packing and dispatch ---- */

/* one part of rnn_bgemm's product: C [M, N] (ldc) := op(A) op(B) + beta C,
 * B with leading dimension ldb */
typedef struct {
    const REAL *B;
    size_t ldb, N;
    REAL *C;
    size_t ldc;
} F(bg_part);

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

/* columns of the register tile (0: no kernel) */
static size_t F(pg_nr) (void)
{
    switch (pg_isa ()) {
#ifdef RNN_PGEMM_X86
    case 2: return RNN_PGEMM_NR512;
    case 1: return RNN_PGEMM_NR256;
#endif
    default: return 0;
    }
}

/* typed.h makes rnn_pack_panel_d and rnn_pack_panel_s */
size_t F(rnn_pack_panel) (void)
{
    return F(pg_mr) ();
}

/* typed.h makes rnn_pack_size_d and rnn_pack_size_s */
size_t F(rnn_pack_size) (size_t M, size_t K)
{
    size_t MR = F(pg_mr) (), rows = M, n;
    if (MR && !rnn_mul (&rows, M / MR + (M % MR != 0), MR)) return SIZE_MAX;
    return rnn_mul (&n, rows, K) ? n : SIZE_MAX;
}

/* d [0..MR) = s [0..MR), with a constant size for the usual MR (inlined) */
static inline void F(copy_mr) (REAL *d, const REAL *s, size_t MR)
{
    switch (MR * sizeof (REAL)) {
    case 64:  memcpy (d, s, 64); break;
    case 128: memcpy (d, s, 128); break;
    default:  memcpy (d, s, MR * sizeof (REAL));
    }
}

/* typed.h makes rnn_pack_d and rnn_pack_s */
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
    if (!tr)   /* whole panels column by column: A is read in order
                  (panel by panel, a panel's rows at each k would be lda
                  apart, a page or more, one TLB entry each) */
        for (size_t k = 0; k < K; k++)
            for (size_t i0 = 0; i0 + MR <= M; i0 += MR)
                F(copy_mr) (Ap + i0*K + k*MR, A + i0 + k*lda, MR);
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
        else if (mr < MR)
            for (size_t k = 0; k < K; k++)
                memcpy (ap + k*MR, A + i0 + k*lda, mr * sizeof (REAL));
        if (mr < MR)       /* zero-pad the last panel */
            for (size_t k = 0; k < K; k++)
                memset (ap + k*MR + mr, 0, (MR - mr) * sizeof (REAL));
    }
}

/* typed.h makes rnn_pgemm_work_d and rnn_pgemm_work_s */
size_t F(rnn_pgemm_work) (size_t K, size_t N)
{
    (void) K; (void) N;     /* B is read in place (see the top) */
    return 0;
}

/* rnn_pgemm (bias NULL) and rnn_pgemm_bias (beta 0) */
static void F(pgemm_run) (size_t M, size_t N, size_t K, const REAL *Ap,
                          const REAL *B, size_t ldb, REAL beta,
                          const REAL *bias, REAL *C, size_t ldc)
{
    if (M == 0 || N == 0) return;
    if (K == 0 || (bias && !pg_isa ())) {
        /* C := beta C (not read if beta = 0) or the bias, then the
           product (K > 0: BLAS on the plain copy of op(A)) */
        if (bias || beta != 1)
            for (size_t j = 0; j < N; j++)
                for (size_t i = 0; i < M; i++)
                    C[i + j*ldc] = bias ? bias[i]
                                 : beta == 0 ? 0 : beta * C[i + j*ldc];
        if (K > 0)
            F(rnn_gemm) ('N', 'N', M, N, K, 1, Ap, M, B, ldb, 1, C, ldc);
        return;
    }
    switch (pg_isa ()) {
#ifdef RNN_PGEMM_X86
    case 2:
        PG_CAT (F(pg_run), avx512) (M, N, K, Ap, B, ldb, beta, bias, C, ldc);
        return;
    case 1:
        PG_CAT (F(pg_run), avx2) (M, N, K, Ap, B, ldb, beta, bias, C, ldc);
        return;
#endif
    default:
        F(rnn_gemm) ('N', 'N', M, N, K, 1, Ap, M, B, ldb, beta, C, ldc);
    }
}

/* typed.h makes rnn_pgemm_d and rnn_pgemm_s */
void F(rnn_pgemm) (size_t M, size_t N, size_t K, const REAL *Ap,
                   const REAL *B, size_t ldb, REAL beta, REAL *C, size_t ldc,
                   REAL *work)
{
    (void) work;
    F(pgemm_run) (M, N, K, Ap, B, ldb, beta, NULL, C, ldc);
}

/* typed.h makes rnn_pgemm_bias_d and rnn_pgemm_bias_s */
void F(rnn_pgemm_bias) (size_t M, size_t N, size_t K, const REAL *Ap,
                        const REAL *B, size_t ldb, const REAL *bias, REAL *C,
                        size_t ldc)
{
    F(pgemm_run) (M, N, K, Ap, B, ldb, 0, bias, C, ldc);
}

/* ---- rnn_bgemm: a blocked GEMM with both operands packed ---- */

/* rnn_bgemm's plan for op(B) = B when op(A) packed whole takes at most
 * rnn_bgemm_whole_bytes: op(A) is packed once, as a step's R (rnn_pack),
 * and rnn_pgemm's loops (panel by panel of op(A), tile by tile of NR
 * columns) run on blocks of nb columns of B, so that each panel is read
 * once per block and serves nb / NR tiles while the block [K, nb] stays
 * in L2.  Every tile sums over all of K at once and C is written once,
 * which beats the blocked plan's partial sums per block of K; but every
 * block of columns reads all of op(A), from memory once it outgrows the
 * caches: hence rnn_bgemm_whole_bytes (tuning.h).  Returns nb and the
 * packed size in *n, or 0: blocks. */
static size_t F(bg_whole) (char tb, size_t M, size_t K, size_t *n)
{
    const size_t NR = F(pg_nr) ();
    if (!NR || K == 0 || (tb != 'N' && tb != 'n')) return 0;
    *n = F(rnn_pack_size) (M, K);
    if (*n == SIZE_MAX || *n > rnn_bgemm_whole_bytes / sizeof (REAL)) return 0;
    size_t nb = RNN_BGEMM_WHOLE_B_BYTES / sizeof (REAL) / K / NR * NR;
    return nb > 8 * NR ? 8 * NR : nb < NR ? NR : nb;
}

/* The blocks of a product (M, N, K > 0; N the columns of all parts):
 * KC, MC (a whole number of panels), NC, none larger than the product
 * needs; and the workspace's offset to Bp and its size in elements
 * (SIZE_MAX on overflow): Ap [MC, KC], then Bp [KC, NC] in whole slivers
 * of each of up to 2 parts (PG_NR <= 16) when op(B) = B', each 64-byte
 * aligned. */
static size_t F(bg_plan) (char tb, size_t M, size_t N, size_t K, size_t *KC,
                          size_t *MC, size_t *NC, size_t *boff)
{
    const size_t MR = F(pg_mr) (), al = 64 / sizeof (REAL);
    size_t mc = bg_a_bytes / (bg_kc * sizeof (REAL)) / MR;      /* panels */
    size_t mp = M / MR + (M % MR != 0), a, b, n;
    *KC = K < bg_kc ? K : bg_kc;
    *MC = (mp < mc ? mp : mc > 1 ? mc : 1) * MR;
    /* B in place needs no room: one block of all columns then, and each
       block of op(A) is packed once */
    *NC = N < bg_nc || tb == 'N' || tb == 'n' ? N : bg_nc;
    int ok = rnn_mul (&a, *MC, *KC) && rnn_add (boff, a, al)
        && rnn_mul (&b, tb == 'N' || tb == 'n' ? 0 : *NC + 2 * 16, *KC)
        && rnn_add (&n, *boff, b) && rnn_add (&n, n, al);
    return ok ? n : SIZE_MAX;
}

/* typed.h makes rnn_bgemm_work_d and rnn_bgemm_work_s */
size_t F(rnn_bgemm_work) (char tb, size_t M, size_t N, size_t K)
{
    size_t KC, MC, NC, boff, n;
    if (!F(pg_mr) () || M == 0 || N == 0 || K == 0) return 0;
    if (F(bg_whole) (tb, M, K, &n)) return n + 64 / sizeof (REAL);
    return F(bg_plan) (tb, M, N, K, &KC, &MC, &NC, &boff);
}

/* the products of op(A) with each part (M, K > 0, np parts, N their
 * columns); without a kernel, BLAS part by part */
static void F(bg_run) (char ta, char tb, size_t M, size_t K, const REAL *A,
                       size_t lda, const F(bg_part) *part, int np, size_t N,
                       REAL beta, REAL *work)
{
    size_t KC, MC, NC, boff;
    if (!work || !F(pg_mr) ()
        || 2.0 * (double) M * (double) N * (double) K < rnn_bgemm_min_flops) {
        for (int p = 0; p < np; p++)
            F(rnn_gemm) (ta, tb, M, part[p].N, K, 1, A, lda, part[p].B,
                         part[p].ldb, beta, part[p].C, part[p].ldc);
        return;
    }
    REAL *Ap = (REAL *) (((uintptr_t) work + 63) & ~(uintptr_t) 63);
    size_t nb, n;
    if ((nb = F(bg_whole) (tb, M, K, &n))) {
        F(rnn_pack) (Ap, ta, A, lda, M, K);
        for (int p = 0; p < np; p++)
            for (size_t j = 0; j < part[p].N; j += nb)
                F(pgemm_run) (M, part[p].N - j < nb ? part[p].N - j : nb, K,
                              Ap, part[p].B + j*part[p].ldb, part[p].ldb, beta,
                              NULL, part[p].C + j*part[p].ldc, part[p].ldc);
        return;
    }
    F(bg_plan) (tb, M, N, K, &KC, &MC, &NC, &boff);
    REAL *Bp = (REAL *) (((uintptr_t) (work + boff) + 63) & ~(uintptr_t) 63);
    switch (pg_isa ()) {
#ifdef RNN_PGEMM_X86
    case 2:
        PG_CAT (F(pg_blocked), avx512) (ta, tb, M, K, A, lda, part, np, N,
                                        beta, Ap, Bp, KC, MC, NC);
        return;
    case 1:
        PG_CAT (F(pg_blocked), avx2) (ta, tb, M, K, A, lda, part, np, N, beta,
                                      Ap, Bp, KC, MC, NC);
        return;
#endif
    }
}

/* typed.h makes rnn_bgemm_d and rnn_bgemm_s */
void F(rnn_bgemm) (char ta, char tb, size_t M, size_t N, size_t K,
                   const REAL *A, size_t lda, const REAL *B, size_t ldb,
                   REAL beta, REAL *C, size_t ldc, REAL *work)
{
    if (M == 0 || N == 0) return;
    if (K == 0) {
        F(rnn_gemm) (ta, tb, M, N, K, 1, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    const F(bg_part) part = { B, ldb, N, C, ldc };
    F(bg_run) (ta, tb, M, K, A, lda, &part, 1, N, beta, work);
}

/* typed.h makes rnn_bgemm2_d and rnn_bgemm2_s */
void F(rnn_bgemm2) (char ta, char tb, size_t M, size_t K, const REAL *A,
                    size_t lda, size_t N1, const REAL *B1, size_t ldb1,
                    REAL *C1, size_t ldc1, size_t N2, const REAL *B2,
                    size_t ldb2, REAL *C2, size_t ldc2, REAL beta, REAL *work)
{
    const F(bg_part) part[2] = { { B1, ldb1, N1, C1, ldc1 },
                                 { B2, ldb2, N2, C2, ldc2 } };
    if (M == 0 || K == 0 || N1 == 0 || N2 == 0 || N1 + N2 > bg_nc) {
        F(rnn_bgemm) (ta, tb, M, N1, K, A, lda, B1, ldb1, beta, C1, ldc1, work);
        F(rnn_bgemm) (ta, tb, M, N2, K, A, lda, B2, ldb2, beta, C2, ldc2, work);
        return;
    }
    F(bg_run) (ta, tb, M, K, A, lda, part, 2, N1 + N2, beta, work);
}

#else   /* ---- one ISA's kernels (PG_ISA, PG_TARGET, PG_V, PG_SET1, PG_FMA,
           PG_NR) for one precision ---- */

/* One register tile: C [mr, nr] := A panel [MR, K] * B [K, nr] + beta C,
 * or with bias (then beta = 0) := A panel * B + bias [mr] in each column:
 * the sums start from the bias.  B [k, j] at b [k*sk + j*sj] (in place:
 * sk = 1, sj = ldb; a packed sliver: sk = PG_NR, sj = 1), mr <= MR,
 * nr <= PG_NR.  Always inlined with a constant nr, so that the loops over
 * j unroll and the accumulators live in registers (checked with objdump
 * -d: no spills in the k loop). */
static inline __attribute__ ((always_inline, target (PG_TARGET))) void
PGN(pg_tile) (size_t K, const REAL *a, const REAL *b, const size_t sk,
              const size_t sj, REAL *c, size_t ldc, size_t mr, REAL beta,
              const REAL *bias, const int nr, const int nv)
{
    enum { VL = sizeof (PG_V) / sizeof (REAL), MR = 2 * VL };
    /* S partial sums over alternate k keep >= 8 independent FMA chains */
    const int S = nv * nr >= 8 ? 1 : nv * nr >= 4 ? 2 : 4;
    PG_V acc[4][PG_NR][2], b0 = { 0 }, b1 = { 0 };
    if (bias) {                         /* zero-padded past mr */
        REAL t[MR] = { 0 };
        const REAL *bs = bias;
        if (mr < MR) { memcpy (t, bias, mr * sizeof (REAL)); bs = t; }
        memcpy (&b0, bs, sizeof b0);
        if (nv > 1) memcpy (&b1, bs + VL, sizeof b1);
    }
PG_UNROLL
    for (int s = 0; s < S; s++)
PG_UNROLL
        for (int j = 0; j < nr; j++) {
            acc[s][j][0] = s ? (PG_V) { 0 } : b0;
            acc[s][j][1] = s ? (PG_V) { 0 } : b1;
        }

    size_t k = 0;
    for (; k + S <= K; k += S) {
PG_UNROLL
        for (int s = 0; s < S; s++) {
            const REAL *ak = a + (k + s)*MR, *bk = b + (k + s)*sk;
            PG_V a0, a1;
            memcpy (&a0, ak, sizeof a0);
            if (nv > 1) memcpy (&a1, ak + VL, sizeof a1);
PG_UNROLL
            for (int j = 0; j < nr; j++) {
                PG_V bj = PG_SET1 (bk[j*sj]);
                acc[s][j][0] = PG_FMA (a0, bj, acc[s][j][0]);
                if (nv > 1) acc[s][j][1] = PG_FMA (a1, bj, acc[s][j][1]);
            }
        }
    }
    for (; k < K; k++) {                /* K mod S leftover steps */
        const REAL *ak = a + k*MR, *bk = b + k*sk;
        PG_V a0, a1;
        memcpy (&a0, ak, sizeof a0);
        if (nv > 1) memcpy (&a1, ak + VL, sizeof a1);
PG_UNROLL
        for (int j = 0; j < nr; j++) {
            PG_V bj = PG_SET1 (bk[j*sj]);
            acc[0][j][0] = PG_FMA (a0, bj, acc[0][j][0]);
            if (nv > 1) acc[0][j][1] = PG_FMA (a1, bj, acc[0][j][1]);
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
            if (nv > 1) memcpy (t[j] + VL, &acc[0][j][1], sizeof (PG_V));
        }
        for (int j = 0; j < nr; j++)
            for (size_t i = 0; i < mr; i++)
                c[i + j*ldc] = beta == 0 ? t[j][i]
                                         : t[j][i] + beta * c[i + j*ldc];
    }
}

/* the tile for a run-time nr: one inlined copy per width; B in place
 * (columns ldb apart), or a packed sliver when ldb = 0; a last panel of
 * at most one vector of rows computes that vector alone */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_tiles) (size_t K, const REAL *a, const REAL *b, size_t ldb, REAL *c,
               size_t ldc, size_t mr, REAL beta, const REAL *bias, size_t nr)
{
    const int half = mr <= sizeof (PG_V) / sizeof (REAL);
#define PG_CASE(n) \
    case n: \
        if (half) { \
            if (ldb) PGN(pg_tile) (K, a, b, 1, ldb, c, ldc, mr, beta, bias, n, 1); \
            else PGN(pg_tile) (K, a, b, PG_NR, 1, c, ldc, mr, beta, bias, n, 1); \
        } else if (ldb) PGN(pg_tile) (K, a, b, 1, ldb, c, ldc, mr, beta, bias, n, 2); \
        else PGN(pg_tile) (K, a, b, PG_NR, 1, c, ldc, mr, beta, bias, n, 2); \
        break;
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

/* rnn_pgemm and rnn_pgemm_bias for K > 0, M > 0, N > 0 */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_run) (size_t M, size_t N, size_t K, const REAL *Ap, const REAL *B,
             size_t ldb, REAL beta, const REAL *bias, REAL *C, size_t ldc)
{
    enum { VL = sizeof (PG_V) / sizeof (REAL), MR = 2 * VL, NR = PG_NR };
    for (size_t i0 = 0; i0 < M; i0 += MR) {
        const size_t mr = M - i0 < MR ? M - i0 : MR;
        const REAL *a = Ap + i0*K;       /* panel i0 / MR */
        for (size_t j0 = 0; j0 < N; j0 += NR) {
            const size_t nr = N - j0 < NR ? N - j0 : NR;
            PGN(pg_tiles) (K, a, B + j0*ldb, ldb, C + i0 + j0*ldc, ldc, mr,
                           beta, bias ? bias + i0 : NULL, nr);
        }
    }
}

/* Pack op(B) = B' [kc, nc] (its top-left element at B: op(B) [k, j] =
 * B [j + k*ldb]) into slivers of PG_NR columns, each k-major:
 * Bp [j0*kc + k*PG_NR + j] = op(B) [k, j0 + j].  Columns of the last
 * sliver past nc are not written (its tile reads nc - j0 of them). */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_pack_b) (REAL *Bp, const REAL *B, size_t ldb, size_t kc, size_t nc)
{
    enum { NR = PG_NR };
    for (size_t j0 = 0; j0 < nc; j0 += NR) {
        const size_t nr = nc - j0 < NR ? nc - j0 : NR;
        REAL *bp = Bp + j0*kc;
        if (nr == NR)    /* a constant size: the copy is inlined */
            for (size_t k = 0; k < kc; k++)
                memcpy (bp + k*NR, B + j0 + k*ldb, NR * sizeof (REAL));
        else
            for (size_t k = 0; k < kc; k++)
                memcpy (bp + k*NR, B + j0 + k*ldb, nr * sizeof (REAL));
    }
}

/* rnn_bgemm and rnn_bgemm2 for M, K > 0: the columns of the np parts one
 * after the other, N in all, in blocks of NC (with 2 parts N <= NC: each
 * block of op(A) is packed once for both).  For each block of columns and
 * each block of KC rows of op(B), op(B) is packed if it is B' (in place
 * when it is B: its slivers' columns are contiguous already; packing them
 * cost 10-30% here), a part's slivers after the last of the part before;
 * then for each block of MC rows of op(A), packed, the tiles, sliver by
 * sliver (the sliver in L1) and panel by panel (the block of op(A) in L2). */
static __attribute__ ((target (PG_TARGET))) void
PGN(pg_blocked) (char ta, char tb, size_t M, size_t K, const REAL *A,
                 size_t lda, const F(bg_part) *part, int np, size_t N,
                 REAL beta, REAL *Ap, REAL *Bp, size_t KC, size_t MC,
                 size_t NC)
{
    enum { VL = sizeof (PG_V) / sizeof (REAL), MR = 2 * VL, NR = PG_NR };
    const int at = ta == 'T' || ta == 't', bt = tb == 'T' || tb == 't';
    if (NC < N) NC = NC > NR ? NC / NR * NR : NR;   /* whole slivers */
    for (size_t jc = 0; jc < N; jc += NC) {
        const size_t nc = N - jc < NC ? N - jc : NC;
        /* this block's columns of each part: [j0[p], j1[p]) */
        size_t j0[2] = { 0, 0 }, j1[2] = { 0, 0 }, off = 0;
        for (int p = 0; p < np; p++) {
            size_t lo = jc > off ? jc - off : 0, hi = jc + nc - off;
            j0[p] = lo < part[p].N ? lo : part[p].N;
            j1[p] = jc + nc <= off ? 0 : hi < part[p].N ? hi : part[p].N;
            if (j1[p] < j0[p]) j1[p] = j0[p];
            off += part[p].N;
        }
        for (size_t pc = 0; pc < K; pc += KC) {
            const size_t kc = K - pc < KC ? K - pc : KC;
            const REAL bk = pc == 0 ? beta : 1;
            const REAL *Bb[2];
            REAL *bp = Bp;
            for (int p = 0; p < np; p++) {
                const size_t w = j1[p] - j0[p], ldb = part[p].ldb;
                if (bt) {
                    PGN(pg_pack_b) (bp, part[p].B + j0[p] + pc*ldb, ldb, kc, w);
                    Bb[p] = bp;
                    bp += (w / NR + (w % NR != 0)) * NR * kc;
                } else
                    Bb[p] = part[p].B + pc + j0[p]*ldb;
            }
            for (size_t ic = 0; ic < M; ic += MC) {
                const size_t mc = M - ic < MC ? M - ic : MC;
                F(rnn_pack) (Ap, ta, at ? A + pc + ic*lda : A + ic + pc*lda,
                             lda, mc, kc);
                for (int p = 0; p < np; p++) {
                    const size_t w = j1[p] - j0[p], ldc = part[p].ldc;
                    REAL *C = part[p].C + ic + j0[p]*ldc;
                    for (size_t jr = 0; jr < w; jr += NR) {
                        const size_t nr = w - jr < NR ? w - jr : NR;
                        const REAL *b = bt ? Bb[p] + jr*kc
                                           : Bb[p] + jr*part[p].ldb;
                        for (size_t ir = 0; ir < mc; ir += MR) {
                            const size_t mr = mc - ir < MR ? mc - ir : MR;
                            PGN(pg_tiles) (kc, Ap + ir*kc, b,
                                           bt ? 0 : part[p].ldb,
                                           C + ir + jr*ldc, ldc, mr, bk, NULL,
                                           nr);
                        }
                    }
                }
            }
        }
    }
}

#endif
