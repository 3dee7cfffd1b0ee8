/* vmath.c - the activations over arrays: y = tanh(x), y = 1/(1+exp(-x)).
 *
 * The cells spend most of their non-GEMM time here.  On x86-64 with glibc
 * these call glibc's vector math library (libmvec: _ZGV... variants of exp
 * and tanh, documented to stay within 4 ulp of the correctly rounded
 * result), choosing AVX-512 or AVX2 at run time, since mkoctfile's flags
 * carry no -march.  Elsewhere they call libm.  tests/test_core.c measures
 * the worst error against libm.
 * NaN and Inf follow IEEE arithmetic: tanh(+-Inf) = +-1, sigmoid(-Inf) = 0,
 * NaN stays NaN. */
#ifndef REAL
#include "internal.h"

#if defined RNN_HAVE_LIBMVEC && defined __x86_64__ && defined __GNUC__
#define RNN_MVEC 1
typedef double v4d __attribute__ ((vector_size (32)));
typedef float v8f __attribute__ ((vector_size (32)));
typedef double v8d __attribute__ ((vector_size (64)));
typedef float v16f __attribute__ ((vector_size (64)));
/* glibc's vector ABI names: _ZGV <isa: d = AVX2, e = AVX-512> N <lanes> v_ */
v4d _ZGVdN4v_exp (v4d);    v8f _ZGVdN8v_expf (v8f);
v4d _ZGVdN4v_tanh (v4d);   v8f _ZGVdN8v_tanhf (v8f);
v8d _ZGVeN8v_exp (v8d);    v16f _ZGVeN16v_expf (v16f);
v8d _ZGVeN8v_tanh (v8d);   v16f _ZGVeN16v_tanhf (v16f);
#define v256_d v4d
#define v256_s v8f
#define v512_d v8d
#define v512_s v16f
#define exp256_d _ZGVdN4v_exp
#define exp256_s _ZGVdN8v_expf
#define tanh256_d _ZGVdN4v_tanh
#define tanh256_s _ZGVdN8v_tanhf
#define exp512_d _ZGVeN8v_exp
#define exp512_s _ZGVeN16v_expf
#define tanh512_d _ZGVeN8v_tanh
#define tanh512_s _ZGVeN16v_tanhf

/* 0: libm only, 1: AVX2, 2: AVX-512 */
static int isa_level (void)
{
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init ();
        level = __builtin_cpu_supports ("avx512f") ? 2
              : __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? 1 : 0;
    }
    return level;
}
#endif

void rnn_cpu_init (void)
{
#ifdef RNN_MVEC
    (void) isa_level ();
#endif
    (void) rnn_pgemm_fast ();
}

#define RNN_SELF "vmath.c"
#include "typed.h"
#else

#ifdef RNN_MVEC
/* One vector loop per ISA and function, y = post (vfun (pre (x))).  The
 * tail (n mod L elements) goes through one more vector call on a
 * zero-padded copy: a row of 50 units would otherwise make 2 of every 18
 * evaluations scalar libm calls, each costing as much as a vector call. */
#define VLOOP(name, isa, vtype, vfun, pre, post)                             \
    __attribute__ ((target (isa))) static void F(name) (REAL *y,             \
                                                      const REAL *x, size_t n) \
    {                                                                        \
        const size_t L = sizeof (F(vtype)) / sizeof (REAL);                 \
        size_t i = 0;                                                        \
        F(vtype) v;                                                          \
        for (; i + L <= n; i += L) {                                         \
            memcpy (&v, x + i, sizeof v);                                    \
            v = post (F(vfun) (pre (v)));                                    \
            memcpy (y + i, &v, sizeof v);                                    \
        }                                                                    \
        if (i < n) {                                                         \
            v = (F(vtype)) { 0 };                                            \
            memcpy (&v, x + i, (n - i) * sizeof (REAL));                     \
            v = post (F(vfun) (pre (v)));                                    \
            memcpy (y + i, &v, (n - i) * sizeof (REAL));                     \
        }                                                                    \
    }
#define ID(v) (v)
#define NEG(v) (-(v))
/* sigmoid(x) = 1 / (1 + exp(-x)): exact in relative terms on both tails */
#define SIGM(e) (1 / (1 + (e)))
VLOOP (tanh_avx2, "avx2,fma", v256, tanh256, ID, ID)
VLOOP (tanh_avx512, "avx512f", v512, tanh512, ID, ID)
VLOOP (sigmoid_avx2, "avx2,fma", v256, exp256, NEG, SIGM)
VLOOP (sigmoid_avx512, "avx512f", v512, exp512, NEG, SIGM)
#endif

void F(rnn_vtanh) (REAL *y, const REAL *x, size_t n)
{
#ifdef RNN_MVEC
    int isa = isa_level ();
    if (isa == 2) { F(tanh_avx512) (y, x, n); return; }
    if (isa == 1) { F(tanh_avx2) (y, x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) y[i] = tanh (x[i]);
}

void F(rnn_vsigmoid) (REAL *y, const REAL *x, size_t n)
{
#ifdef RNN_MVEC
    int isa = isa_level ();
    if (isa == 2) { F(sigmoid_avx512) (y, x, n); return; }
    if (isa == 1) { F(sigmoid_avx2) (y, x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) y[i] = 1 / (1 + exp (-x[i]));
}
#endif
