/* update.c - gateway of the optimisers' step on one array (src/core/update.c)
 * for adamupdate, sgdmupdate and rmspropupdate.
 *
 *   [p, s1, s2] = __update__ (fn, method, p, g, s1, s2, h)
 *
 * fn: the public function (for errors); method and its states and
 * hyperparameters h (a real vector):
 *   "adam"     s1 = m, s2 = v     h = [lr, b1, b2, ep] (lr with Adam's bias
 *                                     corrections applied)
 *   "sgdm"     s1 = vel, s2 = []  h = [lr, mu]
 *   "rmsprop"  s1 = s, s2 = []    h = [lr, b2, ep]
 * p, g: real, full single or double arrays with the same number of
 * elements; a state: such an array too, or a scalar or [] (every element
 * starts from that value, [] from 0).  The outputs are shaped like p, in the
 * computing class: single when any numeric input is single, as in Octave's
 * arithmetic.  The .m functions check shapes and hyperparameters first, and
 * name the array in the parameter struct; this checks again what the core
 * relies on. */
#include "mexutil.h"
#include <math.h>
#include <string.h>

enum { IN_FN, IN_METHOD, IN_P, IN_G, IN_S1, IN_S2, IN_H, N_IN };
enum { OUT_P, OUT_S1, OUT_S2, N_OUT };

static const char *const methods[] = { "adam", "sgdm", "rmsprop", NULL };
enum { ADAM, SGDM, RMSPROP };
static const int n_states[] = { 2, 1, 1 }, n_hyper[] = { 4, 2, 3 };

/* out [n] of the computing class := a converted, a's one element in every
 * place when it is a scalar, zeros when it is empty (a checked) */
static void fill (void *out, const mxArray *a, size_t n, int single)
{
    size_t na = mxGetNumberOfElements (a);
    const void *x = mxGetData (a);
    if (na == 0) {
        memset (out, 0, n * (single ? sizeof (float) : sizeof (double)));
    } else if (na == n && single == (int) mxIsSingle (a)) {
        memcpy (out, x, n * (single ? sizeof (float) : sizeof (double)));
    } else {
        const size_t step = na == n;   /* 0: a scalar */
        for (size_t i = 0; i < n; i++) {
            double v = mxIsSingle (a) ? ((const float *) x)[i * step]
                                      : ((const double *) x)[i * step];
            if (single) ((float *) out)[i] = (float) v;
            else ((double *) out)[i] = v;
        }
    }
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char fn[64] = "__update__";
    if (nrhs != N_IN || !mxIsChar (prhs[IN_FN])
        || mxGetString (prhs[IN_FN], fn, sizeof fn))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    if (nlhs > N_OUT)
        rnn_mex_error (fn, "nargout", "too many outputs");
    const int method = rnn_mex_choice (prhs[IN_METHOD], fn, "the method", methods);

    const mxArray *p = prhs[IN_P], *g = prhs[IN_G], *h = prhs[IN_H];
    const mxArray *s[2] = { prhs[IN_S1], prhs[IN_S2] };
    static const char *const state_names[3][2] = {
        { "AVGGRAD", "AVGSQGRAD" }, { "VEL", "" }, { "AVGSQGRAD", "" } };
    rnn_mex_check_float (p, fn, "P");
    rnn_mex_check_float (g, fn, "GRAD");
    const size_t n = mxGetNumberOfElements (p);
    if (mxGetNumberOfElements (g) != n)
        rnn_mex_error (fn, "sizeMismatch", "GRAD must have as many elements as "
                       "P (%zu), not %zu", n, (size_t) mxGetNumberOfElements (g));
    int single = mxIsSingle (p) || mxIsSingle (g);
    for (int k = 0; k < n_states[method]; k++) {
        const char *name = state_names[method][k];
        rnn_mex_check_float (s[k], fn, name);
        size_t ns = mxGetNumberOfElements (s[k]);
        if (ns > 1 && ns != n)
            rnn_mex_error (fn, "invalidState", "%s must have as many elements "
                           "as P (%zu), or be a scalar or [], not %zu", name, n,
                           ns);
        single = single || mxIsSingle (s[k]);
    }
    if (!(mxIsDouble (h) && !mxIsComplex (h) && !mxIsSparse (h)
          && mxGetNumberOfElements (h) == (size_t) n_hyper[method]))
        rnn_mex_error (fn, "invalidHyperparameter", "the hyperparameters of "
                       "\"%s\" must be a real double vector of %d", methods[method],
                       n_hyper[method]);
    const double *hv = mxGetPr (h);
    for (int k = 0; k < n_hyper[method]; k++)
        if (!isfinite (hv[k]))
            rnn_mex_error (fn, "invalidHyperparameter", "the hyperparameters must "
                           "be finite");

    /* outputs: p and the states, converted, updated in place */
    size_t total = rnn_mex_mul (n, 1 + n_states[method]);
    total = rnn_mex_add (total, rnn_mex_conversion (g, single));
    rnn_mex_reserve (fn, total, single);
    const mwSize nd = mxGetNumberOfDimensions (p);
    const mwSize *dims = mxGetDimensions (p);
    const mxClassID id = single ? mxSINGLE_CLASS : mxDOUBLE_CLASS;
    mxArray *out[N_OUT] = { NULL, NULL, NULL };
    for (int k = 0; k <= n_states[method]; k++) {
        out[k] = mxCreateUninitNumericArray (nd, (mwSize *) dims, id, mxREAL);
        fill (mxGetData (out[k]), k ? s[k - 1] : p, n, single);
    }
    if (!out[OUT_S2])
        out[OUT_S2] = mxCreateDoubleMatrix (0, 0, mxREAL);
    if (n > 0) {
        const void *gd = rnn_mex_data (g, fn, single);
        void *pd = mxGetData (out[OUT_P]), *s1 = mxGetData (out[OUT_S1]);
        void *s2 = mxGetData (out[OUT_S2]);
        switch (method) {
        case ADAM:
            if (single) rnn_adam_step_s (pd, s1, s2, gd, n, hv[0], hv[1], hv[2], hv[3]);
            else rnn_adam_step_d (pd, s1, s2, gd, n, hv[0], hv[1], hv[2], hv[3]);
            break;
        case SGDM:
            if (single) rnn_sgdm_step_s (pd, s1, gd, n, hv[0], hv[1]);
            else rnn_sgdm_step_d (pd, s1, gd, n, hv[0], hv[1]);
            break;
        case RMSPROP:
            if (single) rnn_rmsprop_step_s (pd, s1, gd, n, hv[0], hv[1], hv[2]);
            else rnn_rmsprop_step_d (pd, s1, gd, n, hv[0], hv[1], hv[2]);
            break;
        }
    }
    rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
}
