/* mexutil.c - argument validation and conversion shared by the gateways. */
#include "mexutil.h"
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
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
    /* builtin ("error", id, "%s", msg): Octave's mexErrMsgIdAndTxt would
     * put the gateway's name in front of the public function's, and
     * through builtin an error.m of the user's on the path cannot take the
     * call over.  The mxArrays are freed with the rest of the call's memory
     * when the error unwinds. */
    mxArray *args[4] = { mxCreateString ("error"), mxCreateString (id),
                         mxCreateString ("%s"), mxCreateString (msg) };
    if (args[0] && args[1] && args[2] && args[3])
        mexCallMATLAB (0, NULL, 4, args, "builtin");
    mexErrMsgIdAndTxt (id, "%s", msg);   /* only if error() returned */
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
    case RNN_ERR_INTERRUPTED:   /* the caller did not run it again */
        rnn_mex_error (fn, "interrupted", "interrupted");
    default:
        rnn_mex_error (fn, "invalidInput", "%s", rnn_status_message (s));
    }
}

/* Octave's own flag of a caught signal, which it handles at its next
 * check (octave_quit): a sig_atomic_t in Octave 7, a std::atomic<bool> from
 * Octave 8 on, both exported under this C name by liboctave.  Read here as
 * its first byte, which holds the flag in either type on a little-endian
 * machine (on a big-endian one Octave 7's flag would read as 0: the layers
 * could not be interrupted, as before).  Declared by hand because Octave's
 * quit.h declares the Octave 8 form for C++ only. */
#if defined octave_mex_h && !defined RNN_NO_INTERRUPT
extern volatile unsigned char octave_signal_caught;
extern void octave_handle_signal (void);

int rnn_mex_poll (void)
{
    return octave_signal_caught != 0;
}

void rnn_mex_resume (void)
{
    if (!octave_signal_caught) return;
    octave_signal_caught = 0;   /* as octave_quit () does, then handles it */
    octave_handle_signal ();
}
#else
int rnn_mex_poll (void) { return 0; }
void rnn_mex_resume (void) { }
#endif

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

/* "4x2x5"; trailing singleton dimensions beyond two are left out, as
 * Octave's size() leaves them out ([4, 2, 1] is "4x2") */
static void shape_string (char *buf, size_t len, size_t nd, const size_t *d)
{
    size_t n = 0;
    buf[0] = 0;
    while (nd > 2 && d[nd - 1] == 1) nd--;
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
    /* Octave's mxArrayToString allocates memory that is not freed when the
     * MEX call ends (unlike mxMalloc's), so an error raised before the
     * caller's mxFree would leak it: copy it into mxMalloc'd memory and
     * give Octave's block back at once. */
    char *t = mxArrayToString (a);
    if (!t) rnn_mex_error (fn, "invalidOption", "%s must be a string", name);
    size_t n = strlen (t);
    char *s = (char *) mxMalloc (n + 1);
    if (!s) { mxFree (t); rnn_mex_error (fn, "outOfMemory", "out of memory"); }
    for (size_t i = 0; i <= n; i++) s[i] = (char) tolower ((unsigned char) t[i]);
    mxFree (t);
    return s;
}

double rnn_mex_number (const mxArray *a, size_t j)
{
    const void *d = mxGetData (a);
    switch (mxGetClassID (a)) {
    case mxDOUBLE_CLASS: return ((const double *) d)[j];
    case mxSINGLE_CLASS: return ((const float *) d)[j];
    case mxINT8_CLASS:   return ((const int8_t *) d)[j];
    case mxUINT8_CLASS:  return ((const uint8_t *) d)[j];
    case mxINT16_CLASS:  return ((const int16_t *) d)[j];
    case mxUINT16_CLASS: return ((const uint16_t *) d)[j];
    case mxINT32_CLASS:  return ((const int32_t *) d)[j];
    case mxUINT32_CLASS: return ((const uint32_t *) d)[j];
    case mxINT64_CLASS:  return (double) ((const int64_t *) d)[j];
    case mxUINT64_CLASS: return (double) ((const uint64_t *) d)[j];
    default:             return NAN;
    }
}

/* "a 2x3 cell": what a is, for messages (a static buffer) */
const char *rnn_mex_describe (const mxArray *a)
{
    static char buf[160];
    size_t nd = mxGetNumberOfDimensions (a), n;
    const mwSize *d = mxGetDimensions (a);
    n = (size_t) snprintf (buf, sizeof buf, "a ");
    for (size_t k = 0; k < nd && n < sizeof buf; k++)
        n += snprintf (buf + n, sizeof buf - n, k ? "x%zu" : "%zu", (size_t) d[k]);
    if (n < sizeof buf)
        snprintf (buf + n, sizeof buf - n, " %s%s%s", mxIsSparse (a) ? "sparse " : "",
                  mxIsComplex (a) ? "complex " : "", mxGetClassName (a));
    return buf;
}

int rnn_mex_choice (const mxArray *a, const char *fn, const char *name,
                    const char *const *choices)
{
    /* called several times on every layer call: no allocation and no
     * formatting unless it fails */
    char s[32], list[512];
    int ok = mxIsChar (a) && mxGetM (a) <= 1 && mxGetNumberOfDimensions (a) <= 2;
    if (ok && mxGetString (a, s, sizeof s) == 0) {   /* longer: no choice */
        for (char *c = s; *c; c++) *c = (char) tolower ((unsigned char) *c);
        for (int k = 0; choices[k]; k++)
            if (strcmp (s, choices[k]) == 0) return k;
    }
    size_t n = 0;
    for (int k = 0; choices[k] && n < sizeof list; k++)
        n += snprintf (list + n, sizeof list - n, "%s\"%s\"", k ? ", " : "",
                       choices[k]);
    if (!ok)
        rnn_mex_error (fn, "invalidOption", "%s must be one of %s, not %s",
                       name, list, rnn_mex_describe (a));
    char *v = rnn_mex_string (a, fn, name);
    rnn_mex_error (fn, "invalidOption", "%s must be one of %s, not \"%s\"",
                   name, list, v);
}

void *rnn_mex_data (const mxArray *a, const char *fn, int want_single)
{
    size_t n = mxGetNumberOfElements (a);
    if (n == 0) return NULL;
    if (want_single ? mxIsSingle (a) : mxIsDouble (a)) return mxGetData (a);
    if (!mxIsSingle (a) && !mxIsDouble (a))   /* a gateway forgot to check */
        rnn_mex_error (fn, "invalidClass", "an argument is %s, not single or "
                       "double", mxGetClassName (a));
    if (want_single) {   /* the usual case: single wins over double */
        const double *src = (const double *) mxGetData (a);
        float *dst = (float *) rnn_mex_alloc (fn, n, 1);
        for (size_t i = 0; i < n; i++) dst[i] = (float) src[i];
        return dst;
    }
    const float *src = (const float *) mxGetData (a);
    double *dst = (double *) rnn_mex_alloc (fn, n, 0);
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
    return dst;
}

size_t rnn_mex_add (size_t a, size_t b)
{
    return b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

size_t rnn_mex_mul (size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

size_t rnn_mex_conversion (const mxArray *a, int want_single)
{
    if (!a || (want_single ? mxIsSingle (a) : mxIsDouble (a))) return 0;
    return mxGetNumberOfElements (a);
}

/* Below this many bytes a gateway does not probe: such an allocation does
 * not fail in practice, and the probe would cost a malloc per call. */
#define RNN_PROBE_BYTES ((size_t) 1 << 26)

void rnn_mex_reserve (const char *fn, size_t n, int single)
{
    size_t es = single ? sizeof (float) : sizeof (double);
    /* Octave counts bytes in a signed 64-bit integer */
    if (n > (size_t) PTRDIFF_MAX / es)
        rnn_mex_error (fn, "outOfMemory", "out of memory: the outputs and "
                       "workspace would need more bytes than the address "
                       "space has (%zu elements of %zu bytes)", n, es);
    if (n * es < RNN_PROBE_BYTES) return;
    /* malloc answers NULL where Octave's allocators would raise an error
     * without an identifier; nothing is touched, so this costs no memory */
    void *probe = malloc (n * es);
    if (!probe)
        rnn_mex_error (fn, "outOfMemory", "out of memory: the outputs and "
                       "workspace need %.4g GB, which cannot be allocated",
                       (double) (n * es) / 1e9);
    free (probe);
}

/* Octave keeps one exit function per MEX file (the last mexAtExit's):
 * this one runs those of every part of the gateway that keeps memory */
static void (*exit_fns[4]) (void);
static int n_exit_fns;

static void run_exit_fns (void)
{
    for (int k = 0; k < n_exit_fns; k++) exit_fns[k] ();
}

void rnn_mex_on_exit (void (*f) (void))
{
    for (int k = 0; k < n_exit_fns; k++)
        if (exit_fns[k] == f) return;
    if (n_exit_fns == (int) (sizeof exit_fns / sizeof exit_fns[0]))
        mexErrMsgIdAndTxt ("rnn:internal", "rnn_mex_on_exit: too many functions");
    exit_fns[n_exit_fns++] = f;
    mexAtExit (run_exit_fns);
}

static void *workspace;
static size_t workspace_bytes;

static void workspace_free (void)
{
    free (workspace);
    workspace = NULL;
    workspace_bytes = 0;
}

void *rnn_mex_workspace (const char *fn, size_t n, int single)
{
    size_t es = single ? sizeof (float) : sizeof (double);
    if (n > (size_t) PTRDIFF_MAX / es)
        rnn_mex_error (fn, "outOfMemory", "out of memory: the workspace would "
                       "need more bytes than the address space has");
    size_t bytes = n ? n * es : 1;
    if (bytes > workspace_bytes) {
        workspace_free ();
        workspace = malloc (bytes);
        if (!workspace)
            rnn_mex_error (fn, "outOfMemory", "out of memory: could not "
                           "allocate %zu bytes of workspace", bytes);
        workspace_bytes = bytes;
        rnn_mex_on_exit (workspace_free);
    }
    return workspace;
}

void *rnn_mex_alloc (const char *fn, size_t n, int single)
{
    size_t es = single ? sizeof (float) : sizeof (double);
    if (n > (size_t) PTRDIFF_MAX / es)
        rnn_mex_error (fn, "outOfMemory", "out of memory: the workspace would "
                       "need more bytes than the address space has");
    void *p = mxMalloc (n ? n * es : 1);
    if (!p)   /* MATLAB; Octave's mxMalloc raises its own error instead */
        rnn_mex_error (fn, "outOfMemory", "out of memory: could not allocate "
                       "%zu bytes of workspace", n * es);
    return p;
}

/* glibc's malloc, as the gateways find it, maps every block above its
 * mmap threshold (128 KiB, raised only to the largest block freed so far)
 * afresh and gives the top of the heap back to the system beyond twice
 * that.  A layer's outputs are such blocks, and Octave copies each into an
 * array of its own (Octave 7's MEX interface does not adopt the memory),
 * so a training step mapped, faulted in and unmapped its cache twice: an
 * LSTM of the S shape (n_a = 64, m = 16, T = 100) spent 2.9 of its 3.7 ms
 * forward pass in the kernel's page faults.  The gateways therefore set
 * the mmap threshold to the largest glibc accepts (32 MiB) and keep up to
 * RNN_MEX_HEAP_BYTES of free heap top (trim threshold), once, unless the
 * user has set malloc's tunables in the environment; and they take their
 * outputs of 32 MiB up to RNN_MEX_HEAP_BYTES from the heap too (mmap off
 * for that one allocation, see create).  The caches of bidirectional M
 * and L layers have such arrays (the M double GRU's gates: 52 MB), and a
 * fresh mapping of them on every call had cost 11% of a training step in
 * page faults: M double bidirectional GRU, forward + backward, 162 ms
 * with only the 32 MiB threshold, 143-147 ms so, 133 ms in the core
 * alone.  Larger outputs are still mapped and go back to the system when
 * freed.  Bounded and undone: at most RNN_MEX_HEAP_BYTES of freed heap is
 * kept, glibc's default thresholds come back when Octave unloads the MEX
 * file, and RNN_MALLOC_TUNING=0 turns the tuning off (docs/memory.md). */
#ifndef RNN_MEX_HEAP_BYTES
#define RNN_MEX_HEAP_BYTES ((size_t) 256 << 20)
#endif
#define RNN_MEX_MMAP_BYTES ((size_t) 32 << 20)
#if defined __GLIBC__ && !defined RNN_NO_MALLOPT
#include <malloc.h>
#include <strings.h>
/* glibc's defaults, which a process that never called mallopt has (the
 * mmap threshold then rises with the largest mapped block freed; after a
 * mallopt it stays where it is put) */
#define RNN_GLIBC_MMAP_BYTES ((int) 128 * 1024)
#define RNN_GLIBC_TRIM_BYTES ((int) 128 * 1024)
static int malloc_tuned;   /* this MEX file set the thresholds */
static void heap_only (int on);
/* Gives the process glibc's thresholds back and returns the free heap top
 * to the system: when Octave unloads the MEX file (clear functions, clear
 * all, exit) and when the user turns the tuning off. */
static void malloc_restore (void)
{
    if (!malloc_tuned) return;
    heap_only (0);
    mallopt (M_MMAP_THRESHOLD, RNN_GLIBC_MMAP_BYTES);
    mallopt (M_TRIM_THRESHOLD, RNN_GLIBC_TRIM_BYTES);
    malloc_trim (0);
    malloc_tuned = 0;
}
/* The user's switch: the environment variable RNN_MALLOC_TUNING, read at
 * every layer call ("0", "off" or "false": glibc's own thresholds). */
static int tuning_wanted (void)
{
    const char *s = getenv ("RNN_MALLOC_TUNING");
    return !(s && (strcmp (s, "0") == 0 || strcasecmp (s, "off") == 0
                   || strcasecmp (s, "false") == 0));
}
static void malloc_setup (void)
{
    static int checked, user_set;
    if (!checked) {   /* the user tuned malloc: leave it alone */
        const char *t = getenv ("GLIBC_TUNABLES");
        user_set = (t && strstr (t, "malloc")) || getenv ("MALLOC_MMAP_THRESHOLD_")
            || getenv ("MALLOC_TRIM_THRESHOLD_") || getenv ("MALLOC_TOP_PAD_")
            || getenv ("MALLOC_MMAP_MAX_");
        checked = 1;
    }
    if (user_set) return;
    int want = tuning_wanted ();
    if (want && !malloc_tuned) {
        mallopt (M_MMAP_THRESHOLD, (int) RNN_MEX_MMAP_BYTES);
        mallopt (M_TRIM_THRESHOLD, (int) RNN_MEX_HEAP_BYTES);
        malloc_tuned = 1;
        rnn_mex_on_exit (malloc_restore);
    } else if (!want && malloc_tuned)
        malloc_restore ();
}
/* no mapped blocks while on (a block too large for the heap is still
 * mapped: glibc falls back to mmap when the heap cannot grow).  mallopt
 * only when the setting changes: every call of it consolidates the heap's
 * free chunks, and one per output had cost 0.7-1.7% of a C-shape LSTM
 * forward pass (n_a = 50, m = 1, T = 20: 18.7 us, the gateway called
 * directly). */
static void heap_only (int on)
{
    static int now;
    if (on == now) return;
    mallopt (M_MMAP_MAX, on ? 0 : 65536);   /* 65536: glibc's default */
    now = on;
}
#else
static const int malloc_tuned = 0;
static void malloc_setup (void) { }
static void heap_only (int on) { (void) on; }
#endif

/* Octave 7 copies an output that mxCreate* made into an array of its own
 * when the MEX function returns (mxArray_base_full::fp_to_ov); an array
 * that Octave made itself (here by zeros, through mexCallMATLAB) it
 * returns as it is, and mxGetData gives that array's own memory, new and
 * not shared.  Outputs of RNN_MEX_OCTAVE_BYTES or more are made so: a pass
 * over memory and a fresh mapping less (an L-shape GRU's cache is 52 MB);
 * for smaller ones the call of zeros (~10 us) would cost more than the
 * copy.  NULL if zeros fails: the caller falls back to mxCreate*. */
#define RNN_MEX_OCTAVE_BYTES ((size_t) 1 << 20)
static mxArray *octave_zeros (size_t nd, const size_t *d, int single)
{
    size_t n = single ? sizeof (float) : sizeof (double);
    for (size_t k = 0; k < nd; k++) n = rnn_mex_mul (n, d[k]);
    if (n < RNN_MEX_OCTAVE_BYTES || nd > 8) return NULL;
    /* builtin ("zeros", d..., class): Octave's own zeros even where a
     * zeros.m of the user's shadows it (one that returned a shared array
     * would have its data overwritten) */
    mxArray *in[10], *out = NULL;
    in[0] = mxCreateString ("zeros");
    for (size_t k = 0; k < nd; k++) in[k + 1] = mxCreateDoubleScalar ((double) d[k]);
    in[nd + 1] = mxCreateString (single ? "single" : "double");
    /* an error of zeros (out of memory) comes back as an exception object
     * instead of being raised: the caller then tries mxCreate* and raises
     * rnn:<fn>:outOfMemory if that fails too */
    mxArray *err = mexCallMATLABWithTrap (1, &out, (int) nd + 2, in, "builtin");
    for (size_t k = 0; k < nd + 2; k++) mxDestroyArray (in[k]);
    if (err) { mxDestroyArray (err); out = NULL; }
    if (out && mxGetData (out)
        && (single ? mxIsSingle (out) : mxIsDouble (out))
        && mxGetNumberOfElements (out) * (single ? 4 : 8) == n)
        return out;
    if (out) mxDestroyArray (out);
    return NULL;
}

/* the two below: Octave's zeros for a large array, else mxCreate* (zeroed
 * or not) */
static mxArray *create (size_t nd, const size_t *d, int single, int zeroed)
{
    malloc_setup ();
    size_t bytes = single ? sizeof (float) : sizeof (double);
    for (size_t k = 0; k < nd; k++) bytes = rnn_mex_mul (bytes, d[k]);
    const int heap = malloc_tuned && bytes >= RNN_MEX_MMAP_BYTES
                     && bytes <= RNN_MEX_HEAP_BYTES;
    if (heap) heap_only (1);
    mxArray *o = octave_zeros (nd, d, single);
    if (malloc_tuned) heap_only (0);   /* also after an interrupted call */
    if (o) return o;
    mwSize few[8], *dims = nd <= 8 ? few : mxMalloc (nd * sizeof *dims);
    for (size_t k = 0; k < nd; k++) dims[k] = (mwSize) d[k];
    mxClassID id = single ? mxSINGLE_CLASS : mxDOUBLE_CLASS;
    o = zeroed ? mxCreateNumericArray ((mwSize) nd, dims, id, mxREAL)
               : mxCreateUninitNumericArray ((mwSize) nd, dims, id, mxREAL);
    if (dims != few) mxFree (dims);
    return o;
}

mxArray *rnn_mex_create (size_t nd, const size_t *d, int single)
{
    return create (nd, d, single, 1);
}

mxArray *rnn_mex_create_uninit (size_t nd, const size_t *d, int single)
{
    return create (nd, d, single, 0);
}

void rnn_mex_hand_over (mxArray **plhs, int nlhs, mxArray **out, int nout)
{
    int n = nlhs < 1 ? 1 : nlhs;
    for (int k = 0; k < nout; k++) {
        if (k < n) plhs[k] = out[k];
        else if (out[k]) mxDestroyArray (out[k]);
    }
}
