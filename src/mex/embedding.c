/* embedding.c - gateway of embedding_forward and embedding_backward
 * (src/core/embedding.c).
 *
 *   Y  = __embedding__ (fn, "forward", idx, E)       Y  [d, m, T]
 *   dE = __embedding__ (fn, "backward", idx, dY, V)  dE [d, V]
 *
 * fn: the public function (for errors).  idx: a real, full numeric matrix
 * [m, T] of integers 0..V (any numeric class; 0 = padding).  E [d, V] and
 * dY [d, m, T] (or any array of d*m*T elements): real, full single or
 * double; the output has their class.  V: a non-negative integer scalar. */
#include "mexutil.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static const char *const ops[] = { "forward", "backward", NULL };

/* idx as size_t indices, each checked to be an integer in 0..V; errors
 * name the element and the sizes (what names what V comes from) */
static size_t *read_indices (const char *fn, const mxArray *idx, size_t V,
                             const char *what)
{
    if (!(mxIsNumeric (idx) && !mxIsComplex (idx) && !mxIsSparse (idx)))
        rnn_mex_error (fn, "invalidIndex", "IDX must be a real, full numeric "
                       "array of symbol indices, not %s", rnn_mex_describe (idx));
    if (mxGetNumberOfDimensions (idx) > 2)
        rnn_mex_error (fn, "invalidIndex", "IDX must be an [m, T] matrix, not "
                       "%s", rnn_mex_describe (idx));
    const size_t n = mxGetNumberOfElements (idx);
    const size_t m = mxGetM (idx);
    if (n > SIZE_MAX / sizeof (size_t))
        rnn_mex_error (fn, "outOfMemory", "IDX is too large");
    size_t *k = mxMalloc (n ? n * sizeof *k : 1);
    if (!k) rnn_mex_error (fn, "outOfMemory", "out of memory for IDX");
    for (size_t j = 0; j < n; j++) {
        const double v = rnn_mex_number (idx, j);
        if (!(v >= 0 && v <= (double) V && v == floor (v))) {
            const int integer = isfinite (v) && v == floor (v);
            rnn_mex_error (fn, "invalidIndex", "IDX(%zu,%zu) = %g is %s: the "
                           "indices of %s must be integers from 1 to V = %zu "
                           "(0 for padding)", j % (m ? m : 1) + 1,
                           j / (m ? m : 1) + 1, v,
                           integer ? "out of range" : "not an integer", what, V);
        }
        k[j] = (size_t) v;
    }
    return k;
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char fn[64] = "__embedding__";
    if (nrhs < 4 || !mxIsChar (prhs[0]) || mxGetString (prhs[0], fn, sizeof fn))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > 1)
        rnn_mex_error (fn, "nargout", "too many outputs");
    const int backward = rnn_mex_choice (prhs[1], fn, "the operation", ops);
    if (nrhs != 4 + backward)
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    const mxArray *idx = prhs[2];
    mxArray *out;
    rnn_status s;

    if (!backward) {
        const mxArray *E = prhs[3];
        rnn_mex_check_float (E, fn, "E");
        if (mxGetNumberOfDimensions (E) > 2)
            rnn_mex_error (fn, "sizeMismatch", "E must be a [d, V] matrix, not %s",
                           rnn_mex_describe (E));
        const size_t d = mxGetM (E), V = mxGetN (E);
        char what[80];
        snprintf (what, sizeof what, "E (%zux%zu)", d, V);
        size_t *k = read_indices (fn, idx, V, what);
        const size_t m = mxGetM (idx), T = mxGetN (idx), n = m * T;
        const int single = mxIsSingle (E);
        rnn_mex_reserve (fn, rnn_mex_mul (d, n), single);
        const size_t dims[3] = { d, m, T };
        out = rnn_mex_create_uninit (3, dims, single);
        s = single ? rnn_embedding_forward_s (mxGetData (out), mxGetData (E), k, d, V, n)
                   : rnn_embedding_forward_d (mxGetData (out), mxGetData (E), k, d, V, n);
        mxFree (k);
    } else {
        const mxArray *dY = prhs[3], *Va = prhs[4];
        if (!(mxIsNumeric (Va) && !mxIsComplex (Va) && !mxIsSparse (Va)
              && mxGetNumberOfElements (Va) == 1 && mxGetScalar (Va) >= 0
              && mxGetScalar (Va) == floor (mxGetScalar (Va))
              && mxGetScalar (Va) < 9007199254740992.0))
            rnn_mex_error (fn, "invalidInput", "V must be a non-negative "
                           "integer, not %s", rnn_mex_describe (Va));
        const size_t V = (size_t) mxGetScalar (Va);
        rnn_mex_check_float (dY, fn, "DY");
        char what[80];
        snprintf (what, sizeof what, "a vocabulary of V = %zu", V);
        size_t *k = read_indices (fn, idx, V, what);
        const size_t m = mxGetM (idx), T = mxGetN (idx), n = m * T;
        const size_t ny = mxGetNumberOfElements (dY);
        const size_t d = mxGetM (dY);
        if (rnn_mex_dim (dY, 1) != m || ny != rnn_mex_mul (d, n)
            || (n == 0 && ny != 0))
            rnn_mex_error (fn, "sizeMismatch", "DY must be [d, %zu, %zu] like "
                           "IDX (%zux%zu), not %s", m, T, m, T,
                           rnn_mex_describe (dY));
        const int single = mxIsSingle (dY);
        rnn_mex_reserve (fn, rnn_mex_mul (d, V), single);
        const size_t dims[2] = { d, V };
        out = rnn_mex_create_uninit (2, dims, single);
        s = single ? rnn_embedding_backward_s (mxGetData (out), mxGetData (dY), k, d, V, n)
                   : rnn_embedding_backward_d (mxGetData (out), mxGetData (dY), k, d, V, n);
        mxFree (k);
    }
    if (s != RNN_OK) {
        mxDestroyArray (out);
        rnn_mex_status (fn, s);
    }
    rnn_mex_hand_over (plhs, nlhs, &out, 1);
}
