/* mexutil.c - argument validation and conversion shared by the gateways. */
#include "mexutil.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rnn_mex_error (const char *fn, const char *reason, const char *fmt, ...)
{
    char id[128], msg[1024];
    int n;
    va_list ap;
    snprintf (id, sizeof id, "rnn:%s:%s", fn, reason);
    n = snprintf (msg, sizeof msg, "%s: ", fn);
    va_start (ap, fmt);
    vsnprintf (msg + n, sizeof msg - n, fmt, ap);
    va_end (ap);
    mexErrMsgIdAndTxt (id, "%s", msg);
    for (;;) ;   /* not reached: mexErrMsgIdAndTxt does not return */
}

void rnn_mex_status (const char *fn, rnn_status s)
{
    switch (s) {
    case RNN_OK: return;
    case RNN_ERR_SIZE:
        rnn_mex_error (fn, "tooLarge", "the problem is too large: %s",
                       rnn_status_message (s));
    case RNN_ERR_NONFINITE:
        rnn_mex_error (fn, "nonfinite", "%s", rnn_status_message (s));
    default:
        rnn_mex_error (fn, "invalidInput", "%s", rnn_status_message (s));
    }
}

void rnn_mex_check_float (const mxArray *a, const char *fn, const char *name)
{
    if (!mxIsDouble (a) && !mxIsSingle (a))
        rnn_mex_error (fn, "invalidClass",
                       "%s must be a single or double array, not %s", name,
                       mxGetClassName (a));
    if (mxIsComplex (a))
        rnn_mex_error (fn, "complexInput", "%s must be real, not complex", name);
    if (mxIsSparse (a))
        rnn_mex_error (fn, "sparseInput", "%s must be a full array, not sparse",
                       name);
}

int rnn_mex_is_empty (const mxArray *a)
{
    return mxGetNumberOfElements (a) == 0;
}

size_t rnn_mex_dim (const mxArray *a, size_t k)
{
    size_t nd = mxGetNumberOfDimensions (a);
    return k < nd ? (size_t) mxGetDimensions (a)[k] : 1;
}

static void shape_string (char *buf, size_t len, size_t nd, const size_t *d)
{
    size_t n = 0;
    buf[0] = 0;
    for (size_t k = 0; k < nd && n < len; k++)
        n += snprintf (buf + n, len - n, k ? "x%zu" : "%zu", d[k]);
}

void rnn_mex_check_size (const mxArray *a, const char *fn, const char *name,
                         size_t nd, const size_t *want)
{
    size_t and_ = mxGetNumberOfDimensions (a), got[16];
    int ok = 1;
    for (size_t k = 0; k < and_ && k < 16; k++) got[k] = rnn_mex_dim (a, k);
    for (size_t k = nd; k < and_; k++)
        if (rnn_mex_dim (a, k) != 1) ok = 0;
    for (size_t k = 0; k < nd; k++)
        if (rnn_mex_dim (a, k) != want[k]) ok = 0;
    if (!ok) {
        char w[256], g[256];
        shape_string (w, sizeof w, nd, want);
        shape_string (g, sizeof g, and_ < 16 ? and_ : 16, got);
        rnn_mex_error (fn, "sizeMismatch", "%s must be %s, not %s", name, w, g);
    }
}

char *rnn_mex_string (const mxArray *a, const char *fn, const char *name)
{
    if (!mxIsChar (a) || mxGetM (a) > 1 || mxGetNumberOfDimensions (a) > 2)
        rnn_mex_error (fn, "invalidOption", "%s must be a string", name);
    char *s = mxArrayToString (a);
    if (!s) rnn_mex_error (fn, "invalidOption", "%s must be a string", name);
    for (char *c = s; *c; c++) *c = (char) tolower ((unsigned char) *c);
    return s;
}

int rnn_mex_choice (const mxArray *a, const char *fn, const char *name,
                    const char *const *choices)
{
    char *s = rnn_mex_string (a, fn, name);
    char list[512];
    size_t n = 0;
    for (int k = 0; choices[k]; k++) {
        if (strcmp (s, choices[k]) == 0) { mxFree (s); return k; }
        n += snprintf (list + n, sizeof list - n, "%s\"%s\"", k ? ", " : "",
                       choices[k]);
        if (n >= sizeof list) n = sizeof list - 1;
    }
    rnn_mex_error (fn, "invalidOption", "%s must be one of %s, not \"%s\"",
                   name, list, s);
}

void *rnn_mex_data (const mxArray *a, const char *fn, int want_single)
{
    size_t n = mxGetNumberOfElements (a);
    if (n == 0) return NULL;
    if (want_single ? mxIsSingle (a) : mxIsDouble (a)) return mxGetData (a);
    /* only double -> single arises: the computing class is single whenever
     * any input is */
    const double *src = (const double *) mxGetData (a);
    float *dst = (float *) rnn_mex_alloc (fn, n, 1);
    for (size_t i = 0; i < n; i++) dst[i] = (float) src[i];
    return dst;
}

void *rnn_mex_alloc (const char *fn, size_t n, int single)
{
    size_t es = single ? sizeof (float) : sizeof (double);
    if (n > SIZE_MAX / es)
        rnn_mex_error (fn, "outOfMemory", "the workspace would need more than "
                       "the address space");
    void *p = mxMalloc (n ? n * es : 1);
    if (!p)
        rnn_mex_error (fn, "outOfMemory", "could not allocate %zu bytes of "
                       "workspace", n * es);
    return p;
}

mxArray *rnn_mex_create (size_t nd, const size_t *d, int single)
{
    mwSize dims[8];
    for (size_t k = 0; k < nd; k++) dims[k] = (mwSize) d[k];
    return mxCreateNumericArray ((mwSize) nd, dims,
                                 single ? mxSINGLE_CLASS : mxDOUBLE_CLASS, mxREAL);
}

void rnn_mex_hand_over (mxArray **plhs, int nlhs, mxArray **out, int nout)
{
    int n = nlhs < 1 ? 1 : nlhs;
    for (int k = 0; k < nout; k++) {
        if (k < n) plhs[k] = out[k];
        else mxDestroyArray (out[k]);
    }
}
