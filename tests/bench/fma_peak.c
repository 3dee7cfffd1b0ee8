/* fma_peak.c - the FMA peak of one core: the bound every speed figure of
 * the benchmarks is checked against (docs/performance.md, "The bound").
 *
 * Built by `make bench` (Makefile.am: tests/bench/fma_peak) and run by
 * tests/bench/run.sh and char_lm_bench.m.  Usage:
 *
 *     ./fma_peak [single|double]
 *
 * Output: one line "GFLOPS", then '#' lines: the FLOPs per second of one
 * thread running twelve independent chains of vector FMAs (a*x + y, two
 * FLOPs per lane), the widest vectors the CPU has (AVX-512F, else
 * AVX2+FMA), best of 7 runs of about 50 ms.  Twelve chains cover the FMA
 * latency times the FMA units of current x86 cores (4 cycles x 2 units),
 * so the loop is bound by the FMA issue rate alone: nothing that computes
 * a product can go faster on this core.  The chains start away from 1.0,
 * the fixed point of a*x + y here, so that no compiler can prove a chain
 * constant and drop it (clang did, with one starting at 1.0); the loop is
 * compiled with -O2 whatever CFLAGS the build was configured with.  A core that runs AVX-512 as two
 * 256-bit halves (AMD Zen 4) shows the same peak with both widths. */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <string.h>
#include <time.h>

#if defined __GNUC__ && defined __x86_64__
#include <immintrin.h>

static double now (void)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

enum { CHAINS = 12 };

#ifdef __clang__
#define PEAK_O2                 /* clang has no optimize attribute */
#else
#define PEAK_O2 , optimize ("O2")
#endif

/* GFLOP/s of n rounds of CHAINS FMAs on vectors V of L lanes; the sum of
 * the chains is returned through *sink so that nothing is optimised away */
#define PEAK(name, isa, V, L, set1, fma, store)                        \
static __attribute__ ((target (isa), noinline PEAK_O2)) double             \
name (long n, double *sink)                                                 \
{                                                                           \
    V a[CHAINS], x = set1 (0.999), y = set1 (0.001);                        \
    for (int i = 0; i < CHAINS; i++) a[i] = set1 (i + 2);                  \
    double t = now ();                                                      \
    for (long k = 0; k < n; k++) {                                          \
        _Pragma ("GCC unroll 12")                                           \
        for (int i = 0; i < CHAINS; i++) a[i] = fma (a[i], x, y);           \
    }                                                                       \
    t = now () - t;                                                         \
    double s = 0, lane[L];                                                  \
    for (int i = 0; i < CHAINS; i++) {                                      \
        store (lane, a[i]);                                                 \
        for (int j = 0; j < L; j++) s += lane[j];                           \
    }                                                                       \
    *sink += s;                                                             \
    return 2.0 * CHAINS * L * n / t / 1e9;                                  \
}

/* stores of each vector type into a double array of its lanes */
static __attribute__ ((target ("avx512f"))) void st512s (double *d, __m512 v)
{ float f[16]; _mm512_storeu_ps (f, v); for (int i = 0; i < 16; i++) d[i] = f[i]; }
static __attribute__ ((target ("avx512f"))) void st512d (double *d, __m512d v)
{ _mm512_storeu_pd (d, v); }
static __attribute__ ((target ("avx2,fma"))) void st256s (double *d, __m256 v)
{ float f[8]; _mm256_storeu_ps (f, v); for (int i = 0; i < 8; i++) d[i] = f[i]; }
static __attribute__ ((target ("avx2,fma"))) void st256d (double *d, __m256d v)
{ _mm256_storeu_pd (d, v); }

PEAK (peak512s, "avx512f", __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps, st512s)
PEAK (peak512d, "avx512f", __m512d, 8, _mm512_set1_pd, _mm512_fmadd_pd, st512d)
PEAK (peak256s, "avx2,fma", __m256, 8, _mm256_set1_ps, _mm256_fmadd_ps, st256s)
PEAK (peak256d, "avx2,fma", __m256d, 4, _mm256_set1_pd, _mm256_fmadd_pd, st256d)

int main (int argc, char **argv)
{
    const int dbl = argc > 1 && strcmp (argv[1], "double") == 0;
    if (argc > 2 || (argc > 1 && !dbl && strcmp (argv[1], "single") != 0)) {
        fprintf (stderr, "usage: fma_peak [single|double]\n");
        return 1;
    }
    __builtin_cpu_init ();
    const int avx512 = __builtin_cpu_supports ("avx512f");
    if (!avx512 && !(__builtin_cpu_supports ("avx2")
                     && __builtin_cpu_supports ("fma"))) {
        printf ("NaN\n# fma_peak: no AVX2+FMA on this CPU\n");
        return 0;
    }
    double (*f) (long, double *) = avx512 ? (dbl ? peak512d : peak512s)
                                          : (dbl ? peak256d : peak256s);
    double sink = 0, best = 0;
    long n = 1000000;
    double t = now ();                  /* scale n to about 50 ms a run */
    f (n, &sink);
    t = now () - t;
    if (t > 0) n = (long) (n * 0.05 / t) + 1;
    for (int r = 0; r < 7; r++) {
        double g = f (n, &sink);
        if (g > best) best = g;
    }
    printf ("%.1f\n# FMA peak of one core, %s precision, %s: %.1f GFLOP/s "
            "(best of 7 runs; checksum %g)\n", best, dbl ? "double" : "single",
            avx512 ? "AVX-512F" : "AVX2+FMA", best, sink);
    return 0;
}
#else
int main (void)
{
    printf ("NaN\n# fma_peak: x86-64 with GCC's vector intrinsics only\n");
    return 0;
}
#endif
