/* update.c - gateway of the optimisers' step on one array (src/core/optimizers.c)
 * for adamupdate, sgdmupdate and rmspropupdate.
 *
 *   [p, s1, s2] = __update__ (fn, method, p, g, s1, s2, h)
 *   [p, s1, s2, done] = __update__ (fn, method, p, g, s1, s2, h)   (p a struct)
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
 * relies on.
 *
 * With a struct p, the step on a flat parameter struct in one call: p and g
 * scalar structs, every field of g one of p's, each field of p that g has a
 * real, full single or double array with a gradient of its dimensions and
 * states of them ([] or scalar structs; a state without the field starts
 * from 0), or a field that is not numeric (kept, as the .m walk keeps it).
 * Outputs as the walk makes them: p with those fields updated, the states
 * with the updated fields in p's order, done = true.  For anything else
 * (nested structs or cells, struct arrays, any mismatch) nothing is made
 * and done = false: the .m walk then does the work and names what is
 * wrong.  The struct mode exists because the walk interprets several
 * statements per field, which cost more than a small model's whole step. */
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

/* The step on one array: out[0] := p after it, out[1], out[2] := its states
 * (out[2] [] for a method of one state); checks as above. */
static void step_array (const char *fn, int method, const mxArray *p,
                        const mxArray *g, const mxArray *const s[2],
                        const double *hv, mxArray *out[3])
{
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

    /* outputs: p and the states, converted, updated in place */
    size_t total = rnn_mex_mul (n, 1 + n_states[method]);
    total = rnn_mex_add (total, rnn_mex_conversion (g, single));
    rnn_mex_reserve (fn, total, single);
    /* outputs of a megabyte or more made by Octave (rnn_mex_create_uninit):
     * Octave 7 would copy each array made here once more on return */
    const size_t nd = mxGetNumberOfDimensions (p);
    size_t *dims = mxMalloc (nd * sizeof *dims);
    for (size_t k = 0; k < nd; k++) dims[k] = rnn_mex_dim (p, k);
    out[2] = NULL;
    for (int k = 0; k <= n_states[method]; k++) {
        out[k] = rnn_mex_create_uninit (nd, dims, single);
        if (n) fill (mxGetData (out[k]), k ? s[k - 1] : p, n, single);
    }
    mxFree (dims);
    if (!out[2])
        out[2] = mxCreateDoubleMatrix (0, 0, mxREAL);
    if (n == 0) return;
    const void *gd = rnn_mex_data (g, fn, single);
    void *pd = mxGetData (out[0]), *s1 = mxGetData (out[1]), *s2 = mxGetData (out[2]);
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

/* a real, full single or double array */
static int real_float (const mxArray *a)
{
    return (mxIsDouble (a) || mxIsSingle (a)) && !mxIsComplex (a) && !mxIsSparse (a);
}

static int same_dims (const mxArray *a, const mxArray *b)
{
    mwSize nd = mxGetNumberOfDimensions (a);
    return nd == mxGetNumberOfDimensions (b)
        && memcmp (mxGetDimensions (a), mxGetDimensions (b), nd * sizeof (mwSize)) == 0;
}

/* A field that the .m walk keeps as it is: not numeric, not a container */
static int kept (const mxArray *a)
{
    return !(mxIsNumeric (a) || mxIsStruct (a) || mxIsCell (a));
}

/* The struct mode (top): 1 with out[0..2] made, or 0 with nothing made */
static int step_struct (const char *fn, int method, const mxArray *p,
                        const mxArray *g, const mxArray *const s[2],
                        const double *hv, mxArray *out[3])
{
    const int ns = n_states[method];
    if (!mxIsStruct (g) || mxGetNumberOfElements (p) != 1
        || mxGetNumberOfElements (g) != 1)
        return 0;
    for (int q = 0; q < ns; q++)
        if (!(mxIsStruct (s[q]) ? mxGetNumberOfElements (s[q]) == 1
              : mxIsDouble (s[q]) && rnn_mex_is_empty (s[q])))
            return 0;
    const int np = mxGetNumberOfFields (p), ng = mxGetNumberOfFields (g);
    for (int k = 0; k < ng; k++)   /* every field of g is one of p's */
        if (mxGetFieldNumber (p, mxGetFieldNameByNumber (g, k)) < 0) return 0;
    /* p's fields; the gradient of each one to update (else NULL), whose
     * names, in p's order, are the states' fields */
    const char **pn = mxMalloc ((np ? np : 1) * sizeof *pn);
    const char **un = mxMalloc ((np ? np : 1) * sizeof *un);
    const mxArray **gf = mxMalloc ((np ? np : 1) * sizeof *gf);
    int nu = 0;
    for (int k = 0; k < np; k++) {
        const mxArray *pv = mxGetFieldByNumber (p, 0, k);
        pn[k] = mxGetFieldNameByNumber (p, k);
        gf[k] = kept (pv) ? NULL : mxGetField (g, 0, pn[k]);
        if (!gf[k]) continue;
        if (!real_float (pv) || !real_float (gf[k]) || !same_dims (pv, gf[k]))
            return 0;   /* (Octave frees the mxMalloc'd lists) */
        for (int q = 0; q < ns; q++) {
            const mxArray *sv = mxIsStruct (s[q]) ? mxGetField (s[q], 0, pn[k]) : NULL;
            if (sv && !rnn_mex_is_empty (sv)
                && !(real_float (sv) && same_dims (pv, sv)))
                return 0;
        }
        un[nu++] = pn[k];
    }

    out[0] = mxCreateStructMatrix (1, 1, np, pn);
    out[1] = mxCreateStructMatrix (1, 1, nu, un);
    out[2] = ns > 1 ? mxCreateStructMatrix (1, 1, nu, un)
                    : mxCreateDoubleMatrix (0, 0, mxREAL);
    mxArray *none = mxCreateDoubleMatrix (0, 0, mxREAL);   /* a state from 0 */
    for (int k = 0; k < np; k++) {
        const mxArray *pv = mxGetFieldByNumber (p, 0, k);
        if (!gf[k]) {
            mxSetFieldByNumber (out[0], 0, k, mxDuplicateArray (pv));
            continue;
        }
        const mxArray *sv[2] = { none, none };
        for (int q = 0; q < ns; q++) {
            const mxArray *f = mxIsStruct (s[q]) ? mxGetField (s[q], 0, pn[k]) : NULL;
            if (f) sv[q] = f;
        }
        mxArray *o[3];
        step_array (fn, method, pv, gf[k], sv, hv, o);
        mxSetFieldByNumber (out[0], 0, k, o[0]);
        mxSetField (out[1], 0, pn[k], o[1]);
        if (ns > 1) mxSetField (out[2], 0, pn[k], o[2]);
        else mxDestroyArray (o[2]);
    }
    mxDestroyArray (none);
    mxFree (pn);
    mxFree (un);
    mxFree ((void *) gf);
    return 1;
}

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char fn[64] = "__update__";
    if (nrhs != N_IN || !mxIsChar (prhs[IN_FN])
        || mxGetString (prhs[IN_FN], fn, sizeof fn))
        rnn_mex_error (fn, "nargin", "internal gateway called with bad arguments");
    const mxArray *p = prhs[IN_P], *g = prhs[IN_G], *h = prhs[IN_H];
    const mxArray *const s[2] = { prhs[IN_S1], prhs[IN_S2] };
    if (nlhs > N_OUT + mxIsStruct (p))
        rnn_mex_error (fn, "nargout", "too many outputs");
    const int method = rnn_mex_choice (prhs[IN_METHOD], fn, "the method", methods);
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

    mxArray *out[N_OUT + 1] = { NULL, NULL, NULL, NULL };
    if (mxIsStruct (p)) {
        int done = step_struct (fn, method, p, g, s, hv, out);
        for (int k = 0; k < N_OUT && !done; k++)
            out[k] = mxCreateDoubleMatrix (0, 0, mxREAL);
        out[N_OUT] = mxCreateLogicalScalar (done);
        rnn_mex_hand_over (plhs, nlhs, out, N_OUT + 1);
    } else {
        step_array (fn, method, p, g, s, hv, out);
        rnn_mex_hand_over (plhs, nlhs, out, N_OUT);
    }
}
