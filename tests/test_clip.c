/* test_clip.c - unit tests of clip.c (gradient clipping), without Octave.
 *
 * Checks:
 *   - rnn_sumsq_scaled against a plain long-double sum where that is safe,
 *     and the extremes it exists for: [1e200 1e200] (no overflow), [1e-200
 *     1e-200] (no underflow), mixed magnitudes, subnormals, DBL_MAX, NaN,
 *     Inf, empty, float data, accumulation across calls, bad arguments;
 *   - rnn_sumsq_merge, rnn_clip_factor (zero norm, overflowing norm,
 *     PyTorch's rule for NaN and Inf);
 *   - rnn_scale and rnn_clamp (in place, NaN, Inf, float);
 *   - rnn_clip_plan / rnn_clip_apply for all three methods on a mixed
 *     float/double list: norms, factors, changed flags, clipped values,
 *     zero gradients, ErrorIfNonfinite, bad threshold and method.
 * Prints "N passed, N failed"; returns non-zero on any failure. */
#include "rnn_core.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int npass, nfail;

static void check (int ok, const char *what)
{
    if (ok) npass++;
    else { nfail++; printf ("FAIL %s\n", what); }
}

/* |a - b| <= tol * |b| (both NaN, or equal infinities, count as equal) */
static int close_rel (double a, double b, double tol)
{
    if (isnan (a) || isnan (b)) return isnan (a) && isnan (b);
    if (isinf (a) || isinf (b)) return a == b;
    return fabs (a - b) <= tol * fabs (b);
}

static double norm_d (const double *x, size_t n)
{
    double s = 1, q = 0;
    if (rnn_sumsq_scaled_d (&s, &q, x, n) != RNN_OK) return -1;
    return rnn_sumsq_norm (s, q);
}

static double norm_s (const float *x, size_t n)
{
    double s = 1, q = 0;
    if (rnn_sumsq_scaled_s (&s, &q, x, n) != RNN_OK) return -1;
    return rnn_sumsq_norm (s, q);
}

static unsigned long long rng = 0x2545F4914F6CDD1Dull;
static double urand (void)   /* uniform in (-1, 1), xorshift64 */
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double) (rng >> 11) / 4503599627370496.0 - 1.0;
}

/* ---- sums of squares --------------------------------------------------- */
static void test_sumsq (void)
{
    const double eps = DBL_EPSILON;

    /* ordinary data against a long-double reference, many lengths */
    for (size_t n = 0; n < 40; n += 3) {
        double x[40];
        float xs[40];
        long double ref = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = 3 * urand ();
            xs[i] = (float) x[i];
            ref += (long double) x[i] * x[i];
        }
        char name[64];
        snprintf (name, sizeof name, "sumsq random n=%zu", n);
        check (close_rel (norm_d (x, n), (double) sqrtl (ref), 4 * eps), name);
        long double refs = 0;
        for (size_t i = 0; i < n; i++) refs += (long double) xs[i] * xs[i];
        snprintf (name, sizeof name, "sumsq float random n=%zu", n);
        check (close_rel (norm_s (xs, n), (double) sqrtl (refs), 4 * eps), name);
    }

    /* the extremes: no overflow, no underflow, exact to rounding */
    double big[2] = { 1e200, 1e200 }, tiny[2] = { 1e-200, 1e-200 };
    check (close_rel (norm_d (big, 2), sqrt (2.0) * 1e200, 2 * eps), "norm [1e200 1e200]");
    check (close_rel (norm_d (tiny, 2), sqrt (2.0) * 1e-200, 2 * eps), "norm [1e-200 1e-200]");
    double neg[3] = { -3e300, 4e300, 0 };
    check (close_rel (norm_d (neg, 3), 5e300, 2 * eps), "norm [-3e300 4e300 0]");
    double one_big[1] = { DBL_MAX };
    check (norm_d (one_big, 1) == DBL_MAX, "norm [DBL_MAX] is DBL_MAX");
    double two_max[2] = { DBL_MAX, DBL_MAX };
    check (isinf (norm_d (two_max, 2)), "norm [DBL_MAX DBL_MAX] overflows to Inf");
    double sub[2] = { 3 * 0x1p-1074, 4 * 0x1p-1074 };
    check (norm_d (sub, 2) == 5 * 0x1p-1074, "norm of subnormals [3 4]*2^-1074");
    double mixed[4] = { 1e200, 1, 1e-200, -1e200 };
    check (close_rel (norm_d (mixed, 4), sqrt (2.0) * 1e200, 2 * eps), "norm big+medium+small");
    double medsml[3] = { 3e-160, 4e-160, 1e-170 };   /* medium and small together */
    check (close_rel (norm_d (medsml, 3), 5e-160, 4 * eps), "norm medium+small");
    double sml[2] = { 3e-300, 4e-300 };
    check (close_rel (norm_d (sml, 2), 5e-300, 2 * eps), "norm [3e-300 4e-300]");
    double zeros[5] = { 0, 0, -0.0, 0, 0 };
    check (norm_d (zeros, 5) == 0, "norm of zeros is 0");
    check (norm_d (NULL, 0) == 0, "norm of nothing is 0");
    float fbig[2] = { 3e38f, 3e38f };
    check (close_rel (norm_s (fbig, 2), sqrt (2.0) * (double) 3e38f, 2 * eps),
           "float norm [3e38 3e38] is finite (accumulated in double)");
    float ftiny[2] = { 1e-45f, 1e-45f };
    check (close_rel (norm_s (ftiny, 2), sqrt (2.0) * (double) 1e-45f, 2 * eps),
           "float norm of subnormals");

    /* non-finite data */
    double wnan[3] = { 1, NAN, 1e300 }, winf[3] = { 1, -INFINITY, 1e-300 };
    double both[3] = { INFINITY, NAN, 1 };
    check (isnan (norm_d (wnan, 3)), "NaN -> NaN");
    check (isinf (norm_d (winf, 3)), "Inf -> Inf");
    check (isnan (norm_d (both, 3)), "Inf and NaN -> NaN");
    float fnan[2] = { 1, NAN };
    check (isnan (norm_s (fnan, 2)), "float NaN -> NaN");

    /* accumulation across calls and ranges: equal to one call */
    {
        double x[6] = { 1e200, 2, 3e-200, 4, -5e200, 6 };
        double s = 1, q = 0;
        int ok = 1;
        for (int i = 0; i < 6; i++) ok &= rnn_sumsq_scaled_d (&s, &q, x + i, 1) == RNN_OK;
        check (ok && close_rel (rnn_sumsq_norm (s, q), norm_d (x, 6), 4 * eps),
               "accumulation one element at a time");
        double s2 = 1, q2 = 0, s3 = 1, q3 = 0;
        rnn_sumsq_scaled_d (&s2, &q2, x, 3);
        rnn_sumsq_scaled_d (&s3, &q3, x + 3, 3);
        check (rnn_sumsq_merge (&s2, &q2, s3, q3) == RNN_OK
               && close_rel (rnn_sumsq_norm (s2, q2), norm_d (x, 6), 4 * eps), "merge");
        double s4 = 1, q4 = 0, s5 = 1, q5 = 0;
        rnn_sumsq_scaled_d (&s4, &q4, tiny, 2);
        rnn_sumsq_scaled_d (&s5, &q5, big, 2);
        rnn_sumsq_merge (&s4, &q4, s5, q5);
        check (close_rel (rnn_sumsq_norm (s4, q4), sqrt (2.0) * 1e200, 2 * eps), "merge small into big");
        double s6 = 1, q6 = 0, s7 = 1, q7 = 0;
        rnn_sumsq_scaled_d (&s6, &q6, tiny, 2);
        rnn_sumsq_scaled_d (&s7, &q7, tiny, 2);
        rnn_sumsq_merge (&s6, &q6, s7, q7);
        check (close_rel (rnn_sumsq_norm (s6, q6), 2e-200, 2 * eps), "merge small and small");
        /* starting from a given (scale, ssq) as dlassq does */
        double s8 = 2, q8 = 4, one = 3;
        rnn_sumsq_scaled_d (&s8, &q8, &one, 1);
        check (close_rel (s8 * s8 * q8, 25, 2 * eps), "sumsq with an initial (2, 4)");
    }

    /* bad arguments */
    double s = 1, q = 0, v = 1;
    check (rnn_sumsq_scaled_d (NULL, &q, &v, 1) == RNN_ERR_ARG, "NULL scale");
    check (rnn_sumsq_scaled_d (&s, &q, NULL, 1) == RNN_ERR_ARG, "NULL x with n > 0");
    s = -1;
    check (rnn_sumsq_scaled_d (&s, &q, &v, 1) == RNN_ERR_ARG, "negative scale");
    s = 1; q = -1;
    check (rnn_sumsq_scaled_s (&s, &q, NULL, 0) == RNN_ERR_ARG, "negative ssq");
    s = 1; q = 0;
    check (rnn_sumsq_merge (&s, &q, -1, 1) == RNN_ERR_ARG, "merge negative scale");
}

/* ---- factor, scale, clamp ---------------------------------------------- */
static void test_elementwise (void)
{
    check (rnn_clip_factor (1, 1, 0) == 1, "factor of a zero norm is 1, not 0/0");
    check (rnn_clip_factor (5, 1, 4) == 1, "factor 1 below the threshold");
    check (rnn_clip_factor (1, 1, 16) == 0.25, "factor threshold/norm above it");
    check (rnn_clip_factor (2, 1, 4) == 1, "factor 1 at the threshold");
    check (isnan (rnn_clip_factor (1, 1, NAN)), "factor of a NaN norm is NaN (PyTorch)");
    check (rnn_clip_factor (1, 1, INFINITY) == 0, "factor of an Inf norm is 0 (PyTorch)");
    /* a norm that overflows: [DBL_MAX DBL_MAX] has norm sqrt(2)*DBL_MAX */
    {
        double x[2] = { DBL_MAX, DBL_MAX }, s = 1, q = 0;
        rnn_sumsq_scaled_d (&s, &q, x, 2);
        double f = rnn_clip_factor (1, s, q);
        check (f > 0 && close_rel (f * DBL_MAX, 1 / sqrt (2.0), 4 * DBL_EPSILON),
               "factor of an overflowing norm is finite and right");
    }

    double x[5] = { 1, -2, NAN, INFINITY, -INFINITY }, y[5];
    check (rnn_scale_d (y, x, 5, 0.5) == RNN_OK && y[0] == 0.5 && y[1] == -1
           && isnan (y[2]) && isinf (y[3]) && y[3] > 0, "scale");
    check (rnn_clamp_d (y, x, 5, 1.5) == RNN_OK && y[0] == 1 && y[1] == -1.5
           && isnan (y[2]) && y[3] == 1.5 && y[4] == -1.5, "clamp: NaN stays, Inf clamps");
    double z[3] = { 3, -3, 0.5 };
    rnn_clamp_d (z, z, 3, 1);
    check (z[0] == 1 && z[1] == -1 && z[2] == 0.5, "clamp in place");
    rnn_scale_d (z, z, 3, 2);
    check (z[0] == 2 && z[1] == -2 && z[2] == 1, "scale in place");
    float f[3] = { 3, -3, 0.25f }, g[3];
    rnn_clamp_s (g, f, 3, 0.1);
    check (g[0] == 0.1f && g[1] == -0.1f && g[2] == 0.1f, "float clamp to (float) threshold");
    rnn_scale_s (g, f, 3, 1.0 / 3);
    check (g[0] == 1 && g[1] == -1 && g[2] == (float) (0.25 / 3), "float scale via double");
    check (rnn_clamp_d (y, x, 5, -1) == RNN_ERR_ARG, "clamp negative threshold");
    check (rnn_clamp_d (y, x, 5, NAN) == RNN_ERR_ARG, "clamp NaN threshold");
    check (rnn_scale_d (NULL, x, 5, 1) == RNN_ERR_ARG, "scale NULL y");
    check (rnn_scale_d (NULL, NULL, 0, 1) == RNN_OK, "scale nothing");
}

/* ---- lists ------------------------------------------------------------- */
static void set (rnn_clip_array *a, const void *x, size_t n, int single)
{
    memset (a, 0, sizeof *a);
    a->x = x; a->n = n; a->single = single;
}

static void test_list (void)
{
    /* double [3 4] (norm 5), float [0 12] (norm 12), empty: total norm 13 */
    double d[2] = { 3, 4 }, dy[2];
    float s[2] = { 0, 12 }, sy[2];
    rnn_clip_array a[3];
    double norm = -1;

    /* global: factor 13/26 = 0.5 for all */
    set (&a[0], d, 2, 0); set (&a[1], s, 2, 1); set (&a[2], NULL, 0, 0);
    check (rnn_clip_plan (&norm, a, 3, RNN_CLIP_GLOBAL_L2NORM, 6.5, 0) == RNN_OK
           && norm == 13, "global: total norm 13 over mixed classes");
    check (a[0].factor == 0.5 && a[1].factor == 0.5 && a[0].changed && a[1].changed
           && !a[2].changed, "global: factor 0.5, empty unchanged");
    a[0].y = dy; a[1].y = sy;
    check (rnn_clip_apply (a, 3, RNN_CLIP_GLOBAL_L2NORM, 6.5) == RNN_OK
           && dy[0] == 1.5 && dy[1] == 2 && sy[0] == 0 && sy[1] == 6, "global: values");
    double s1 = 1, q1 = 0, s2 = 1, q2 = 0;
    rnn_sumsq_scaled_d (&s1, &q1, dy, 2);
    rnn_sumsq_scaled_s (&s2, &q2, sy, 2);
    rnn_sumsq_merge (&s1, &q1, s2, q2);
    check (close_rel (rnn_sumsq_norm (s1, q1), 6.5, 2 * DBL_EPSILON),
           "global: the clipped norm is the threshold");

    /* below the threshold: nothing changes */
    set (&a[0], d, 2, 0); set (&a[1], s, 2, 1);
    check (rnn_clip_plan (&norm, a, 2, RNN_CLIP_GLOBAL_L2NORM, 13, 0) == RNN_OK
           && norm == 13 && !a[0].changed && !a[1].changed && a[0].factor == 1,
           "global: at the threshold nothing changes");

    /* per array: 5 -> unchanged at threshold 6, 12 -> 6 */
    set (&a[0], d, 2, 0); set (&a[1], s, 2, 1);
    check (rnn_clip_plan (&norm, a, 2, RNN_CLIP_L2NORM, 6, 0) == RNN_OK && norm == 13
           && !a[0].changed && a[1].changed && a[1].factor == 0.5,
           "l2norm: per-array factors, total norm before clipping");
    a[1].y = sy;
    rnn_clip_apply (a, 2, RNN_CLIP_L2NORM, 6);
    check (sy[0] == 0 && sy[1] == 6, "l2norm: values");

    /* absolute value */
    set (&a[0], d, 2, 0); set (&a[1], s, 2, 1);
    check (rnn_clip_plan (&norm, a, 2, RNN_CLIP_ABSOLUTE, 4, 0) == RNN_OK && norm == 13
           && !a[0].changed && a[1].changed, "absolute: changed where |x| > threshold");
    a[0].y = dy; a[1].y = sy;
    rnn_clip_apply (a, 2, RNN_CLIP_ABSOLUTE, 4);
    check (dy[0] == 3 && dy[1] == 4 && sy[0] == 0 && sy[1] == 4, "absolute: values");

    /* zero gradients: no NaN */
    double zero[3] = { 0, 0, 0 };
    set (&a[0], zero, 3, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, 1, 1) == RNN_OK
           && norm == 0 && a[0].factor == 1 && !a[0].changed, "zero gradient: factor 1");
    set (&a[0], zero, 3, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_L2NORM, 1, 1) == RNN_OK
           && a[0].factor == 1, "zero gradient per array: factor 1");

    /* huge: 1e200 entries are clipped exactly */
    double huge[2] = { 3e200, -4e200 }, hy[2];
    set (&a[0], huge, 2, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, 1, 1) == RNN_OK
           && close_rel (norm, 5e200, 2 * DBL_EPSILON), "huge: norm 5e200");
    a[0].y = hy;
    rnn_clip_apply (a, 1, RNN_CLIP_GLOBAL_L2NORM, 1);
    check (close_rel (hy[0], 0.6, 4 * DBL_EPSILON) && close_rel (hy[1], -0.8, 4 * DBL_EPSILON),
           "huge: clipped to [0.6 -0.8]");

    /* NaN and Inf */
    double wnan[2] = { 1, NAN }, winf[2] = { 1, INFINITY }, ny[2];
    set (&a[0], wnan, 2, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, 1, 1) == RNN_ERR_NONFINITE
           && isnan (norm), "NaN with error_if_nonfinite: RNN_ERR_NONFINITE");
    set (&a[0], winf, 2, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_ABSOLUTE, 1, 1) == RNN_ERR_NONFINITE
           && isinf (norm), "Inf with error_if_nonfinite, any method");
    set (&a[0], wnan, 2, 0); set (&a[1], d, 2, 0);
    check (rnn_clip_plan (&norm, a, 2, RNN_CLIP_GLOBAL_L2NORM, 1, 0) == RNN_OK
           && isnan (norm) && isnan (a[0].factor) && a[0].changed && a[1].changed,
           "NaN without the error: factor NaN for all (PyTorch)");
    set (&a[0], winf, 2, 0); set (&a[1], d, 2, 0);
    rnn_clip_plan (&norm, a, 2, RNN_CLIP_GLOBAL_L2NORM, 1, 0);
    a[0].y = ny; a[1].y = dy;
    rnn_clip_apply (a, 2, RNN_CLIP_GLOBAL_L2NORM, 1);
    check (isinf (norm) && a[0].factor == 0 && ny[0] == 0 && isnan (ny[1])
           && dy[0] == 0 && dy[1] == 0, "Inf without the error: factor 0 (PyTorch)");
    set (&a[0], winf, 2, 0); set (&a[1], d, 2, 0);
    rnn_clip_plan (&norm, a, 2, RNN_CLIP_L2NORM, 10, 0);
    check (a[0].factor == 0 && a[1].factor == 1 && !a[1].changed,
           "Inf per array: only that array's factor is 0");
    set (&a[0], winf, 2, 0);
    rnn_clip_plan (&norm, a, 1, RNN_CLIP_ABSOLUTE, 2, 0);
    a[0].y = ny;
    rnn_clip_apply (a, 1, RNN_CLIP_ABSOLUTE, 2);
    check (a[0].changed && ny[0] == 1 && ny[1] == 2, "Inf clamped by absolute-value");

    /* bad arguments */
    set (&a[0], d, 2, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, 0, 0) == RNN_ERR_ARG,
           "threshold 0");
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, -1, 0) == RNN_ERR_ARG,
           "negative threshold");
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, NAN, 0) == RNN_ERR_ARG,
           "NaN threshold");
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, INFINITY, 0) == RNN_ERR_ARG,
           "Inf threshold");
    check (rnn_clip_plan (&norm, a, 1, (rnn_clip_method) 7, 1, 0) == RNN_ERR_ARG,
           "unknown method");
    check (rnn_clip_plan (NULL, a, 1, RNN_CLIP_GLOBAL_L2NORM, 1, 0) == RNN_ERR_ARG,
           "NULL total_norm");
    set (&a[0], NULL, 2, 0);
    check (rnn_clip_plan (&norm, a, 1, RNN_CLIP_GLOBAL_L2NORM, 1, 0) == RNN_ERR_ARG,
           "NULL data");
    check (rnn_clip_plan (&norm, NULL, 0, RNN_CLIP_GLOBAL_L2NORM, 1, 0) == RNN_OK
           && norm == 0, "an empty list: norm 0");
}

int main (void)
{
    test_sumsq ();
    test_elementwise ();
    test_list ();
    printf ("%d passed, %d failed\n", npass, nfail);
    return nfail != 0;
}
