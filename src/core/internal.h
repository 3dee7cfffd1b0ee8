/* internal.h - what the core's files share and users never see.
 *
 * Typed code: each core .c file is compiled once and includes itself twice
 * with REAL and F() defined (F(name) -> name_d for double, name_s for
 * float), so one source serves both precisions; <tgmath.h> makes exp(),
 * tanh() and fabs() follow REAL.  The pattern, at the top of a file:
 *
 *     #ifndef REAL
 *     #include "internal.h"
 *     #define RNN_SELF "this_file.c"
 *     #include "typed.h"        -- includes RNN_SELF for double and float
 *     #else
 *     ... typed body ...
 *     #endif
 *
 * A typed function F(name) exists as name_d and name_s; grep for those
 * finds a comment "typed.h makes name_d and name_s" above each definition
 * that other files call (static ones are local to their file).
 */
#ifndef RNN_INTERNAL_H
#define RNN_INTERNAL_H

#include "rnn_core.h"
#include "tuning.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <tgmath.h>

/* a*b into *r; 0 if it overflows size_t */
static inline int rnn_mul (size_t *r, size_t a, size_t b)
{
    if (a != 0 && b > SIZE_MAX / a) return 0;
    *r = a * b;
    return 1;
}
static inline int rnn_add (size_t *r, size_t a, size_t b)
{
    if (b > SIZE_MAX - a) return 0;
    *r = a + b;
    return 1;
}

/* p rounded up to a multiple of 64 bytes (the plan leaves room for it) */
static inline void *rnn_align64 (void *p)
{
    return (void *) (((uintptr_t) p + 63) & ~(uintptr_t) 63);
}

/* Largest dimension BLAS takes: Octave 7.3 on Debian links a BLAS with
 * 32-bit Fortran INTEGERs.  Leading dimensions must fit (rnn_layer_plan
 * refuses layers where they do not); rnn_gemm splits M, N and K into chunks
 * of at most RNN_BLAS_CHUNK (the C unit tests set a tiny one to exercise
 * the splitting). */
#define RNN_BLAS_INT_MAX 2147483647u
#ifndef RNN_BLAS_CHUNK
#define RNN_BLAS_CHUNK RNN_BLAS_INT_MAX
#endif

/* The BLAS's thread count (OpenBLAS's; 1 under a BLAS that cannot be
 * asked), and setting it (nothing under such a BLAS).  blas.c */
int rnn_blas_threads (void);
void rnn_blas_set_threads (int n);

/* Threads of a layer (threads.c): the two directions of a bidirectional
 * layer run on two threads when one direction's forward takes at least
 * rnn_mt_dir_flops; in one thread, a big GEMM of at least
 * rnn_mt_gemm_flops runs on two (rnn_big_gemm, or BLAS's threads).  Defaults RNN_MT_DIR_FLOPS and
 * RNN_MT_GEMM_FLOPS; tests set them to force either way. */
extern double rnn_mt_dir_flops, rnn_mt_gemm_flops;

/* A direction in one thread (a unidirectional layer, or a bidirectional
 * one whose directions run one after the other) with BLAS threads to
 * spare splits the rows of each step's packed products with a second
 * thread of its own, the stepper, when a step's product has at least
 * rnn_mt_step_flops (default RNN_MT_STEP_FLOPS).  threads.c */
extern double rnn_mt_step_flops;
typedef struct rnn_stepper rnn_stepper;

/* The cells' element-wise loops, compiled for AVX-512 and AVX2 too, the
 * version chosen at load time (GCC's target_clones: mkoctfile's flags
 * carry no -march, so the plain build is SSE2's 4 floats a vector).
 * Results differ between the versions in the last bits (FMA contraction),
 * never between runs on one machine. */
#if defined __GNUC__ && !defined __clang__ && defined __x86_64__ \
    && defined __has_attribute && !defined RNN_NO_CLONES
#if __has_attribute (target_clones)
#define RNN_VECTOR_CLONES __attribute__ ((target_clones ("avx512f", "avx2,fma", "default")))
#endif
#endif
#ifndef RNN_VECTOR_CLONES
#define RNN_VECTOR_CLONES
#endif

/* The element-wise loops of a cell live in small functions whose array
 * parameters are restrict-qualified (GCC vectorises a loop over many
 * pointers only when told they do not overlap) and which are inlined into
 * each of the step's clones. */
#if defined __GNUC__
#define RNN_INLINE static inline __attribute__ ((always_inline))
#else
#define RNN_INLINE static inline
#endif

/* Makes the CPU dispatch of vmath.c and pgemm.c, cached in static
 * variables, before threads read it. */
void rnn_cpu_init (void);

/* poll.c: rnn_poll_reset at the start of a layer call; rnn_poll_stop
 * between its time steps (non-zero: stop, the poll function asked to, now
 * or earlier in this call, on any thread); rnn_poll_stopped after them. */
void rnn_poll_reset (void);
int rnn_poll_stop (void);
int rnn_poll_stopped (void);

/* Vector element-wise code (vmath.c, and the cells' fused loops): on
 * x86-64 with glibc, GCC's vector types and glibc's vector math library
 * (libmvec: _ZGV<isa: d = AVX2, e = AVX-512>N<lanes>v_ variants of exp
 * and tanh, documented within 4 ulp of the correctly rounded result),
 * for AVX-512 or AVX2 as rnn_vec_isa says, except AVX-512's exp and the
 * tanh of doubles (rnn_exp512_s and _d, rnn_tanh512_d and rnn_tanh256_d,
 * below).  Elsewhere libm, one element at a time. */
#if defined RNN_HAVE_LIBMVEC && defined __x86_64__ && defined __GNUC__
#define RNN_MVEC 1
typedef double v4d __attribute__ ((vector_size (32)));
typedef float v8f __attribute__ ((vector_size (32)));
typedef double v8d __attribute__ ((vector_size (64)));
typedef float v16f __attribute__ ((vector_size (64)));
v4d _ZGVdN4v_exp (v4d);    v8f _ZGVdN8v_expf (v8f);
v4d _ZGVdN4v_tanh (v4d);   v8f _ZGVdN8v_tanhf (v8f);
v8d _ZGVeN8v_tanh (v8d);   v16f _ZGVeN16v_tanhf (v16f);
/* per precision, F(vm512), F(vexp512) etc.: the vector type and functions of an ISA */
#define vm256_d v4d
#define vm256_s v8f
#define vm512_d v8d
#define vm512_s v16f
#define vexp256_d _ZGVdN4v_exp
#define vexp256_s _ZGVdN8v_expf
#define vtanh256_d rnn_tanh256_d
#define vtanh256_s _ZGVdN8v_tanhf
#define vexp512_d rnn_exp512_d
#define vexp512_s rnn_exp512_s
#define vtanh512_d rnn_tanh512_d
#define vtanh512_s _ZGVeN16v_tanhf

/* exp of a vector, AVX-512, inlined where the sigmoids are computed:
 *   exp(x) = 2^n e^r,  n = round(x / ln 2),  r = x - n ln 2 (ln 2 in two
 *   parts, the first with enough trailing zeros that n times it is
 *   exact), |r| <= ln 2 / 2,
 *   e^r = 1 + r + r^2 P(r), P a Chebyshev interpolant of
 *   (e^r - 1 - r) / r^2, of degree 4 for float (relative error 1e-8
 *   before rounding) and 9 for double (2e-17);
 * vscalefps/pd make 2^n e^r with IEEE overflow to Inf and gradual
 * underflow.  x is clamped first to where exp is finite and not 0, and a
 * little beyond, which keeps NaN: maxps and minps return their second
 * operand when one is NaN.  On this machine (test_core's test_exp512
 * checks the errors against libm):
 *   float:  0.11 ns an element, libmvec's _ZGVeN16v_expf 0.20-0.28;
 *           worst error over every float 1.08 ulp (libmvec's 2.64);
 *   double: 0.31 ns, _ZGVeN8v_exp 0.46; worst error 1.07 ulp over 32
 *           million doubles, half uniform on [-750, 712] and half random
 *           bit patterns (libmvec's 3.06).
 * The split of ln 2 for double is fdlibm's.  src/core/coefficients.py
 * computes the polynomials' coefficients (here and in rnn_tanh_poly_d). */
#include <immintrin.h>
static inline __attribute__ ((always_inline, target ("avx512f"))) v16f
rnn_exp512_s (v16f x)
{
    __m512 v = _mm512_max_ps (_mm512_set1_ps (-104.0f),
                              _mm512_min_ps (_mm512_set1_ps (89.0f), (__m512) x));
    __m512 n = _mm512_roundscale_ps (_mm512_mul_ps (v, _mm512_set1_ps (1.44269504f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps (n, _mm512_set1_ps (0.693145751953125f), v);
    r = _mm512_fnmadd_ps (n, _mm512_set1_ps (1.42860677e-06f), r);
    __m512 p = _mm512_set1_ps (1.392617589e-03f);
    p = _mm512_fmadd_ps (p, r, _mm512_set1_ps (8.363173343e-03f));
    p = _mm512_fmadd_ps (p, r, _mm512_set1_ps (4.166655615e-02f));
    p = _mm512_fmadd_ps (p, r, _mm512_set1_ps (1.666657776e-01f));
    p = _mm512_fmadd_ps (p, r, _mm512_set1_ps (0.5f));
    p = _mm512_fmadd_ps (p, _mm512_mul_ps (r, r), r);          /* e^r - 1 */
    return (v16f) _mm512_scalef_ps (_mm512_add_ps (p, _mm512_set1_ps (1.0f)), n);
}
static inline __attribute__ ((always_inline, target ("avx512f"))) v8d
rnn_exp512_d (v8d x)
{
    __m512d v = _mm512_max_pd (_mm512_set1_pd (-746.0),
                               _mm512_min_pd (_mm512_set1_pd (710.0), (__m512d) x));
    __m512d n = _mm512_roundscale_pd (_mm512_mul_pd (v, _mm512_set1_pd (1.4426950408889634)),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd (n, _mm512_set1_pd (6.93147180369123816490e-01), v);
    r = _mm512_fnmadd_pd (n, _mm512_set1_pd (1.90821492927058770002e-10), r);
    __m512d p = _mm512_set1_pd (2.5100375832561234e-08);
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (2.7620075879983367e-07));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (2.7557268480310024e-06));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (2.4801521322368692e-05));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (1.9841269863040545e-04));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (1.3888888917196719e-03));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (8.333333333330065e-03));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (4.1666666666624164e-02));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (1.6666666666666669e-01));
    p = _mm512_fmadd_pd (p, r, _mm512_set1_pd (0.50000000000000011));
    p = _mm512_fmadd_pd (p, _mm512_mul_pd (r, r), r);          /* e^r - 1 */
    return (v8d) _mm512_scalef_pd (_mm512_add_pd (p, _mm512_set1_pd (1.0)), n);
}

/* tanh of a vector of doubles, inlined where tanh is computed:
 *   |x| < 0.625:  tanh x = x + x^3 P(x^2), P (rnn_tanh_poly_d, highest
 *                 degree first) a Chebyshev interpolant of
 *                 (tanh(x)/x - 1) / x^2 on [0, 0.625^2] of degree 11
 *                 (relative error 8e-18 before rounding);
 *   |x| >= 0.625: tanh |x| = 1 - 2 / (exp(2|x|) + 1); from 0.625 on,
 *                 2 / (e + 1) < 0.8 tanh |x|, so its error does not grow
 *                 in the subtraction;
 * then the sign of x.  A vector computes only the branches its lanes
 * need.  NaN stays NaN (exp keeps it), tanh(+-Inf) = +-1, tanh(-0) = -0.
 * On this machine, over 4096 doubles, ns an element (libmvec's tanh):
 *                   |x| < 0.6   |x| < 3 (both)   |x| < 10
 *   AVX-512 (exp above)   0.26        0.68           0.60      (0.87)
 *   AVX2 (libmvec's exp)  0.52        1.20           1.07      (1.70)
 * Worst errors: AVX-512 1.31 ulp, AVX2 2.06 (libmvec 1.18 and 2.14);
 * test_core's test_tanh checks both against tanhl. */
static const double rnn_tanh_poly_d[12] = {
    6.485163482793113e-06, -3.1201101425797402e-05, 9.2571161295567687e-05,
    -0.0002375906496055562, 0.00058966065777570434, -0.0014557754120478055,
    0.0035921217511549622, -0.0088632351032408782, 0.021869488519008305,
    -0.053968253967896992, 0.13333333333333042, -0.33333333333333331 };
static inline __attribute__ ((always_inline, target ("avx512f"))) v8d
rnn_tanh512_d (v8d x)
{
    __m512d a = _mm512_abs_pd ((__m512d) x);
    __mmask8 big = _mm512_cmp_pd_mask (a, _mm512_set1_pd (0.625), _CMP_NLT_UQ);
    __m512d y = a;
    if (big != 0xff) {   /* a < 0.625: the polynomial */
        __m512d z = _mm512_mul_pd (a, a);
        __m512d p = _mm512_set1_pd (rnn_tanh_poly_d[0]);
        for (int k = 1; k < 12; k++)
            p = _mm512_fmadd_pd (p, z, _mm512_set1_pd (rnn_tanh_poly_d[k]));
        y = _mm512_fmadd_pd (_mm512_mul_pd (a, z), p, a);
    }
    if (big) {           /* a >= 0.625 or NaN */
        __m512d e = (__m512d) rnn_exp512_d ((v8d) _mm512_add_pd (a, a));
        __m512d q = _mm512_div_pd (_mm512_set1_pd (2.0),
                                   _mm512_add_pd (e, _mm512_set1_pd (1.0)));
        y = _mm512_mask_sub_pd (y, big, _mm512_set1_pd (1.0), q);
    }
    __m512i sign = _mm512_and_si512 (_mm512_castpd_si512 ((__m512d) x),
                                     _mm512_set1_epi64 ((long long) 0x8000000000000000ULL));
    return (v8d) _mm512_castsi512_pd (_mm512_or_si512 (_mm512_castpd_si512 (y), sign));
}
static inline __attribute__ ((always_inline, target ("avx2,fma"))) v4d
rnn_tanh256_d (v4d x)
{
    const __m256d sign = _mm256_set1_pd (-0.0);
    __m256d a = _mm256_andnot_pd (sign, (__m256d) x);
    __m256d big = _mm256_cmp_pd (a, _mm256_set1_pd (0.625), _CMP_NLT_UQ);
    int nbig = _mm256_movemask_pd (big);
    __m256d y = a;
    if (nbig != 0xf) {   /* a < 0.625: the polynomial */
        __m256d z = _mm256_mul_pd (a, a);
        __m256d p = _mm256_set1_pd (rnn_tanh_poly_d[0]);
        for (int k = 1; k < 12; k++)
            p = _mm256_fmadd_pd (p, z, _mm256_set1_pd (rnn_tanh_poly_d[k]));
        y = _mm256_fmadd_pd (_mm256_mul_pd (a, z), p, a);
    }
    if (nbig) {          /* a >= 0.625 or NaN */
        __m256d e = (__m256d) _ZGVdN4v_exp ((v4d) _mm256_add_pd (a, a));
        __m256d q = _mm256_div_pd (_mm256_set1_pd (2.0),
                                   _mm256_add_pd (e, _mm256_set1_pd (1.0)));
        y = _mm256_blendv_pd (y, _mm256_sub_pd (_mm256_set1_pd (1.0), q), big);
    }
    return (v4d) _mm256_or_pd (y, _mm256_and_pd (sign, (__m256d) x));
}
#endif

/* 0: libm, one element at a time; 1: AVX2 (+FMA); 2: AVX-512F.  What the
 * CPU has, at most rnn_vec_isa_max (default 2; tests lower it to run the
 * other versions; 0 without RNN_MVEC).  vmath.c */
int rnn_vec_isa (void);
extern int rnn_vec_isa_max;

/* What a cell must tell the sweep about its shapes, in units of n_a rows. */
typedef struct {
    size_t G;        /* gate blocks: W, R, b have G*n_a rows per direction */
    size_t zrows;    /* rows of one step of the cache Z; 0 = no Z (the input
                        projection then lives in the workspace, G rows) */
    size_t dgrows;   /* rows of one step of the backward buffer dG */
    size_t scratch;  /* rows of per-step scratch */
    int has_c;       /* a cell state c (LSTM) */
    int bR_folds;    /* bR only adds to the pre-activations (RNN, LSTM): the
                        sweep adds it to the input projection once, and
                        step_forward sees bR == NULL */
} rnn_cell_shape;

extern const rnn_cell_shape rnn_shape_rnn, rnn_shape_gru, rnn_shape_lstm;
const rnn_cell_shape *rnn_cell_shape_of (rnn_cell_kind k);

/* 1 when pgemm.c has a vector kernel for this CPU (x86-64 with AVX2+FMA or
 * AVX-512F); 0 when rnn_pgemm calls BLAS on a plain copy of op(A). */
int rnn_pgemm_fast (void);

/* rnn_bgemm's block sizes: K in blocks of kc, rows of op(A) in blocks of
 * about a_bytes, columns of op(B) in blocks of nc; 0 restores a default
 * (RNN_BGEMM_KC, RNN_BGEMM_A_BYTES, RNN_BGEMM_NC).  For tests and
 * benchmarks: call it before asking rnn_bgemm_work.  pgemm.c */
void rnn_bgemm_blocks (size_t kc, size_t a_bytes, size_t nc);

/* rnn_bgemm hands products of fewer FLOPs (2 M N K) to BLAS; default
 * RNN_BGEMM_MIN_FLOPS, tests set 0.  pgemm.c */
extern double rnn_bgemm_min_flops;

/* rnn_bgemm packs op(A) whole when op(B) = B and the packed op(A) takes
 * at most this many bytes (default RNN_BGEMM_WHOLE_BYTES, 8 MiB; 0
 * never: tests use that to run the blocked plan).  Call before asking
 * rnn_bgemm_work.  pgemm.c */
extern size_t rnn_bgemm_whole_bytes;

#define REAL double
#define F(name) name##_d
#include "internal_typed.h"
#undef REAL
#undef F
#define REAL float
#define F(name) name##_s
#include "internal_typed.h"
#undef REAL
#undef F

#endif
