/* vmath.c - the activations over arrays: y = tanh(x), y = 1/(1+exp(-x)).
 *
 * On x86-64 with glibc these call glibc's vector math library (libmvec,
 * see internal.h; on AVX-512 exp is internal.h's rnn_exp512_*, and tanh
 * of doubles is its rnn_tanh512_d and rnn_tanh256_d), choosing AVX-512 or
 * AVX2 at run time (rnn_vec_isa), since mkoctfile's flags carry no
 * -march.  Elsewhere they call libm.
 * tests/test_core.c measures the worst error against libm.
 * NaN and Inf follow IEEE arithmetic: tanh(+-Inf) = +-1, sigmoid(-Inf) = 0,
 * NaN stays NaN. */
#ifndef REAL
#include "internal.h"

int rnn_vec_isa_max = 2;

int rnn_vec_isa (void)
{
#ifdef RNN_MVEC
    static int level = -1;
    if (level < 0) {
        __builtin_cpu_init ();
        level = __builtin_cpu_supports ("avx512f") ? 2
              : __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? 1 : 0;
    }
    return level < rnn_vec_isa_max ? level : rnn_vec_isa_max;
#else
    return 0;
#endif
}

void rnn_cpu_init (void)
{
    (void) rnn_vec_isa ();
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
VLOOP (tanh_avx2, "avx2,fma", vm256, vtanh256, ID, ID)
VLOOP (tanh_avx512, "avx512f", vm512, vtanh512, ID, ID)
VLOOP (sigmoid_avx2, "avx2,fma", vm256, vexp256, NEG, SIGM)
VLOOP (sigmoid_avx512, "avx512f", vm512, vexp512, NEG, SIGM)
#endif

void F(rnn_vtanh) (REAL *y, const REAL *x, size_t n)
{
#ifdef RNN_MVEC
    int isa = rnn_vec_isa ();
    if (isa == 2) { F(tanh_avx512) (y, x, n); return; }
    if (isa == 1) { F(tanh_avx2) (y, x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) y[i] = tanh (x[i]);
}

void F(rnn_vsigmoid) (REAL *y, const REAL *x, size_t n)
{
#ifdef RNN_MVEC
    int isa = rnn_vec_isa ();
    if (isa == 2) { F(sigmoid_avx512) (y, x, n); return; }
    if (isa == 1) { F(sigmoid_avx2) (y, x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) y[i] = 1 / (1 + exp (-x[i]));
}

RNN_VECTOR_CLONES
void F(rnn_vmul) (REAL *y, const REAL *a, const REAL *b, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = a[i] * b[i];
}

RNN_VECTOR_CLONES
void F(rnn_vmask_add) (REAL *y, const REAL *M, const REAL *a, size_t n)
{
    if (a) for (size_t i = 0; i < n; i++) y[i] = M[i] * y[i] + a[i];
    else   for (size_t i = 0; i < n; i++) y[i] *= M[i];
}
#endif
