/* clip_gradients.c - gateway of clip_gradients.
 *
 *   [Y, total_norm, changed] = __clip_gradients__ (fn, G, threshold, method,
 *                                                  error_if_nonfinite)
 *
 * fn: the public function (for errors); G: a cell array of real, full
 * single or double arrays (clip_gradients.m collects them from the user's
 * nested structs and cells); threshold: a positive finite real scalar;
 * method: "global-l2norm", "l2norm" or "absolute-value"; error_if_nonfinite:
 * a logical or real scalar.
 *
 * total_norm is the L2 norm of all of G together, before clipping (double).
 * changed is a 1xK logical; Y is a cell shaped like G holding the clipped
 * copy of G{k} where changed(k) and [] elsewhere (unchanged arrays are not
 * copied: the caller keeps its own). */
#include "mexutil.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>

enum { IN_FN, IN_G, IN_THRESHOLD, IN_METHOD, IN_ERRNF, N_IN };
enum { OUT_Y, OUT_NORM, OUT_CHANGED, N_OUT };

static const char *const methods[] = { "global-l2norm", "l2norm", "absolute-value", NULL };

static int real_scalar (const mxArray *a)
{
    return (mxIsNumeric (a) || mxIsLogical (a)) && !mxIsComplex (a)
        && !mxIsSparse (a) && mxGetNumberOfElements (a) == 1;
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char fn[64] = "__clip_gradients__";
    if (nrhs != N_IN || !mxIsChar (prhs[IN_FN])
        || mxGetString (prhs[IN_FN], fn, sizeof fn))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > N_OUT)
        rnn_mex_error (fn, "nargout", "too many outputs");

    const mxArray *G = prhs[IN_G], *th = prhs[IN_THRESHOLD], *en = prhs[IN_ERRNF];
    if (!mxIsCell (G))
        rnn_mex_error (fn, "invalidInput", "the gradient list must be a cell array");
    if (!real_scalar (th) || mxIsLogical (th) || !(mxGetScalar (th) > 0)
        || !isfinite (mxGetScalar (th)))
        rnn_mex_error (fn, "invalidThreshold",
                       "THRESHOLD must be a positive, finite, real scalar");
    const double threshold = mxGetScalar (th);
    const rnn_clip_method method = (rnn_clip_method)
        rnn_mex_choice (prhs[IN_METHOD], fn, "Method", methods);
    if (!real_scalar (en) || isnan (mxGetScalar (en)))
        rnn_mex_error (fn, "invalidOption",
                       "ErrorIfNonfinite must be true or false");
    const int errnf = mxGetScalar (en) != 0;

    const size_t k = mxGetNumberOfElements (G);
    if (k > SIZE_MAX / sizeof (rnn_clip_array))
        rnn_mex_error (fn, "outOfMemory", "too many gradient arrays");
    rnn_clip_array *a = mxMalloc (k ? k * sizeof *a : 1);
    if (!a)
        rnn_mex_error (fn, "outOfMemory", "could not allocate the array list");
    for (size_t i = 0; i < k; i++) {
        const mxArray *x = mxGetCell (G, (mwIndex) i);
        char name[64];
        snprintf (name, sizeof name, "gradient array %zu", i + 1);
        if (!x)
            rnn_mex_error (fn, "invalidClass",
                           "%s must be a single or double array", name);
        rnn_mex_check_float (x, fn, name);
        a[i].x = mxGetData (x);
        a[i].y = NULL;
        a[i].n = mxGetNumberOfElements (x);
        a[i].single = mxIsSingle (x);
    }

    double norm = 0;
    rnn_status st = rnn_clip_plan (&norm, a, k, method, threshold, errnf);
    if (st == RNN_ERR_NONFINITE)
        rnn_mex_error (fn, "nonfinite", "the total gradient norm is %s and "
                       "ErrorIfNonfinite is true", isnan (norm) ? "NaN" : "Inf");
    rnn_mex_status (fn, st);

    /* the clipped copies, in bytes (counted as single elements): ask for
     * the memory first, Octave's allocators fail without an identifier */
    size_t bytes = 0;
    for (size_t i = 0; i < k; i++)
        if (a[i].changed)
            bytes = rnn_mex_add (bytes, rnn_mex_mul (a[i].n, a[i].single ? 4 : 8));
    rnn_mex_reserve (fn, bytes / 4 + 1, 1);

    mxArray *out[N_OUT];
    out[OUT_Y] = mxCreateCellArray (mxGetNumberOfDimensions (G), mxGetDimensions (G));
    out[OUT_NORM] = mxCreateDoubleScalar (norm);
    out[OUT_CHANGED] = mxCreateLogicalMatrix (1, k);
    mxLogical *changed = mxGetLogicals (out[OUT_CHANGED]);
    for (size_t i = 0; i < k; i++) {
        mxArray *y;
        changed[i] = a[i].changed != 0;
        if (a[i].changed) {
            const mxArray *x = mxGetCell (G, (mwIndex) i);
            y = mxCreateNumericArray (mxGetNumberOfDimensions (x),
                                      mxGetDimensions (x), mxGetClassID (x), mxREAL);
            a[i].y = mxGetData (y);
        } else {
            y = mxCreateDoubleMatrix (0, 0, mxREAL);
        }
        mxSetCell (out[OUT_Y], (mwIndex) i, y);
    }
    st = rnn_clip_apply (a, k, method, threshold);
    mxFree (a);
    rnn_mex_status (fn, st);
    rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
}
