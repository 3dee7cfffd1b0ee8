/* clip.c - gradient clipping: overflow-safe sums of squares and norms,
 * scaling by min(1, threshold/norm) and element-wise clamping, for lists of
 * float and double arrays.
 *
 * Sums of squares use Blue's three-accumulator method (J. L. Blue, "A
 * portable Fortran program to find the Euclidean norm of a vector", ACM TOMS
 * 4, 1978) in the form LAPACK 3.10's dnrm2 and dlassq use (E. Anderson,
 * "Algorithm 978: Safe scaling in the Level 1 BLAS", ACM TOMS 44, 2017):
 * magnitudes below TSML, between TSML and TBIG, and above TBIG are squared
 * after scaling by a power of two (SSML, 1, SBIG), so that no square
 * overflows or underflows; one pass, no division per element.  A sum is
 * represented as scale^2 * ssq with scale a power of two, as in dlassq.
 * Every sum is accumulated in double, for float data too.
 *
 * NaN and Inf: a NaN anywhere makes ssq NaN, an Inf (and no NaN) makes it
 * Inf; the norm is then NaN or Inf, and the clipping factor follows what
 * PyTorch's clip_grad_norm_ computes from such a norm (see rnn_clip_factor).
 */
#ifndef REAL
#include "internal.h"

/* Blue's constants for IEEE double (radix 2, 53 digits, exponents
 * -1021..1024): TSML = 2^ceil((emin-1)/2), TBIG = 2^floor((emax-t+1)/2),
 * SSML = 2^-floor((emin-t)/2), SBIG = 2^-ceil((emax+t-1)/2). */
#define TSML 0x1p-511
#define TBIG 0x1p486
#define SSML 0x1p537
#define SBIG 0x1p-538

typedef struct { double sml, med, big; } ssq_acc;

/* Adds the sum scale^2 * ssq to the accumulators (scale, ssq >= 0). */
static void acc_add_pair (ssq_acc *a, double scale, double ssq)
{
    if (isnan (scale) || isnan (ssq)) { a->med = NAN; return; }
    if (!(ssq > 0 && scale > 0)) return;
    double ax = scale * sqrt (ssq);
    if (ax > TBIG) {
        double s = scale > 1 ? scale * SBIG : scale;
        a->big += scale > 1 ? s * (s * ssq) : s * (s * (SBIG * (SBIG * ssq)));
    } else if (ax < TSML) {
        double s = scale < 1 ? scale * SSML : scale;
        a->sml += scale < 1 ? s * (s * ssq) : s * (s * (SSML * (SSML * ssq)));
    } else {
        a->med += scale * (scale * ssq);
    }
}

/* The sum in the accumulators as scale^2 * ssq. */
static void acc_finish (const ssq_acc *a, double *scale, double *ssq)
{
    if (a->big > 0) {                       /* the small ones are negligible */
        double big = a->big;
        if (a->med > 0 || isnan (a->med)) big += (a->med * SBIG) * SBIG;
        *scale = 1 / SBIG;
        *ssq = big;
    } else if (a->sml > 0) {
        if (a->med > 0 || isnan (a->med)) {
            double ym = sqrt (a->med), ys = sqrt (a->sml) / SSML;
            double ymin = ys > ym ? ym : ys, ymax = ys > ym ? ys : ym;
            *scale = 1;
            *ssq = ymax * ymax * (1 + (ymin / ymax) * (ymin / ymax));
        } else {
            *scale = 1 / SSML;
            *ssq = a->sml;
        }
    } else {
        *scale = 1;
        *ssq = a->med;
    }
}

rnn_status rnn_sumsq_merge (double *scale, double *ssq, double scale2,
                            double ssq2)
{
    if (!scale || !ssq || *scale < 0 || *ssq < 0 || scale2 < 0 || ssq2 < 0)
        return RNN_ERR_ARG;
    ssq_acc a = { 0, 0, 0 };
    acc_add_pair (&a, *scale, *ssq);
    acc_add_pair (&a, scale2, ssq2);
    acc_finish (&a, scale, ssq);
    return RNN_OK;
}

double rnn_sumsq_norm (double scale, double ssq)
{
    return scale * sqrt (ssq);
}

double rnn_clip_factor (double threshold, double scale, double ssq)
{
    if (isnan (scale) || isnan (ssq)) return NAN;       /* threshold / NaN */
    if (isinf (scale) || isinf (ssq)) return 0;         /* threshold / Inf */
    if (!(scale > 0 && ssq > 0)) return 1;              /* a zero norm */
    /* threshold / (scale*sqrt(ssq)) without forming the norm, which may
     * overflow although the factor does not */
    double f = threshold / scale / sqrt (ssq);
    return f < 1 ? f : 1;
}

#define RNN_SELF "clip.c"
#include "typed.h"

/* ---- a list of arrays ---------------------------------------------------- */

static int method_ok (rnn_clip_method m)
{
    return m == RNN_CLIP_GLOBAL_L2NORM || m == RNN_CLIP_L2NORM
        || m == RNN_CLIP_ABSOLUTE;
}

rnn_status rnn_clip_plan (double *total_norm, rnn_clip_array *a, size_t k,
                          rnn_clip_method method, double threshold,
                          int error_if_nonfinite)
{
    if (!total_norm || (k && !a) || !method_ok (method)
        || !(threshold > 0 && isfinite (threshold)))
        return RNN_ERR_ARG;
    for (size_t i = 0; i < k; i++)
        if (a[i].n && !a[i].x) return RNN_ERR_ARG;

    double gscale = 1, gssq = 0;
    for (size_t i = 0; i < k; i++) {
        rnn_status st;
        a[i].scale = 1;
        a[i].ssq = 0;
        st = a[i].single
            ? rnn_sumsq_scaled_s (&a[i].scale, &a[i].ssq, a[i].x, a[i].n)
            : rnn_sumsq_scaled_d (&a[i].scale, &a[i].ssq, a[i].x, a[i].n);
        if (st == RNN_OK) st = rnn_sumsq_merge (&gscale, &gssq, a[i].scale, a[i].ssq);
        if (st != RNN_OK) return st;
    }
    *total_norm = rnn_sumsq_norm (gscale, gssq);
    if (error_if_nonfinite && !isfinite (*total_norm)) return RNN_ERR_NONFINITE;

    double gf = rnn_clip_factor (threshold, gscale, gssq);
    for (size_t i = 0; i < k; i++) {
        switch (method) {
        case RNN_CLIP_GLOBAL_L2NORM:
            a[i].factor = gf;
            a[i].changed = a[i].n > 0 && !(gf == 1);
            break;
        case RNN_CLIP_L2NORM:
            a[i].factor = rnn_clip_factor (threshold, a[i].scale, a[i].ssq);
            a[i].changed = a[i].n > 0 && !(a[i].factor == 1);
            break;
        case RNN_CLIP_ABSOLUTE:
            a[i].factor = 1;
            a[i].changed = (a[i].single
                            ? count_outside_s (a[i].x, a[i].n, threshold)
                            : count_outside_d (a[i].x, a[i].n, threshold)) > 0;
            break;
        }
    }
    return RNN_OK;
}

rnn_status rnn_clip_apply (const rnn_clip_array *a, size_t k,
                           rnn_clip_method method, double threshold)
{
    if ((k && !a) || !method_ok (method)
        || !(threshold > 0 && isfinite (threshold)))
        return RNN_ERR_ARG;
    for (size_t i = 0; i < k; i++) {
        if (!a[i].y) continue;
        if (a[i].n && !a[i].x) return RNN_ERR_ARG;
        if (method == RNN_CLIP_ABSOLUTE) {
            if (a[i].single) rnn_clamp_s (a[i].y, a[i].x, a[i].n, threshold);
            else rnn_clamp_d (a[i].y, a[i].x, a[i].n, threshold);
        } else {
            if (a[i].single) rnn_scale_s (a[i].y, a[i].x, a[i].n, a[i].factor);
            else rnn_scale_d (a[i].y, a[i].x, a[i].n, a[i].factor);
        }
    }
    return RNN_OK;
}

#else   /* ---- typed part: REAL = double or float ------------------------- */

/* typed.h makes rnn_sumsq_scaled_d and rnn_sumsq_scaled_s */
rnn_status F(rnn_sumsq_scaled) (double *scale, double *ssq, const REAL *x,
                                size_t n)
{
    if (!scale || !ssq || (n && !x) || *scale < 0 || *ssq < 0)
        return RNN_ERR_ARG;
    ssq_acc a = { 0, 0, 0 };
    acc_add_pair (&a, *scale, *ssq);
    /* four medium accumulators: independent chains the compiler can keep
     * in flight; the branches are almost always "medium" */
    double med[4] = { 0, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        double ax = fabs ((double) x[i]);
        if (ax > TBIG) { double t = ax * SBIG; a.big += t * t; }
        else if (ax < TSML) { double t = ax * SSML; a.sml += t * t; }
        else med[i & 3] += ax * ax;            /* NaN lands here */
    }
    a.med += (med[0] + med[1]) + (med[2] + med[3]);
    acc_finish (&a, scale, ssq);
    return RNN_OK;
}

/* typed.h makes rnn_scale_d and rnn_scale_s */
rnn_status F(rnn_scale) (REAL *y, const REAL *x, size_t n, double factor)
{
    if (n && (!y || !x)) return RNN_ERR_ARG;
    for (size_t i = 0; i < n; i++) y[i] = (REAL) ((double) x[i] * factor);
    return RNN_OK;
}

/* typed.h makes rnn_clamp_d and rnn_clamp_s */
rnn_status F(rnn_clamp) (REAL *y, const REAL *x, size_t n, double threshold)
{
    if ((n && (!y || !x)) || !(threshold >= 0)) return RNN_ERR_ARG;
    const REAL hi = (REAL) threshold;
    for (size_t i = 0; i < n; i++) {
        double v = (double) x[i];
        y[i] = v > threshold ? hi : v < -threshold ? -hi : x[i];   /* NaN stays */
    }
    return RNN_OK;
}

/* number of elements with |x| > threshold (NaN is not counted) */
static size_t F(count_outside) (const REAL *x, size_t n, double threshold)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += fabs ((double) x[i]) > threshold;
    return c;
}

#endif
