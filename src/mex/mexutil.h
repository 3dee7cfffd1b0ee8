/* mexutil.h - what every gateway needs to validate and convert arguments.
 *
 * Errors carry the id rnn:<fn>:<reason> and a message that starts with the
 * public function's name, names the argument and says what was expected.
 * Numeric arguments are real, full single or double arrays; a gateway
 * computes in single when any of its numeric inputs is single. */
#ifndef RNN_MEXUTIL_H
#define RNN_MEXUTIL_H

#include "mex.h"
#include "rnn_core.h"
#include <stddef.h>

/* Raises rnn:<fn>:<reason> with "<fn>: <message>"; does not return.
 * (Through Octave's error(): mexErrMsgIdAndTxt would prefix the message
 * with the gateway's own name, "__layer__: ...".) */
void rnn_mex_error (const char *fn, const char *reason, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__ ((noreturn, format (printf, 3, 4)))
#endif
    ;

/* Raises the error that matches a core status. */
void rnn_mex_status (const char *fn, rnn_status s);

/* The core's poll function (rnn_set_poll) in Octave: non-zero when Octave
 * has caught a signal it has not handled yet (Ctrl-C is one).  Only reads
 * a flag: safe on any thread.  Always 0 outside Octave. */
int rnn_mex_poll (void);

/* After a core call returned RNN_ERR_INTERRUPTED: lets Octave handle the
 * signal it caught.  For an interrupt (Ctrl-C) that raises Octave's
 * interrupt, which unwinds the MEX call (its mxMalloc'd memory is freed);
 * for another signal (a child process ended) it returns, and the caller
 * runs its core call again. */
void rnn_mex_resume (void);

/* a must be a real, full, single or double array (empty allowed). */
void rnn_mex_check_float (const mxArray *a, const char *fn, const char *name);

/* a is an empty array ([] or any 0-element array)? */
int rnn_mex_is_empty (const mxArray *a);

/* Size k (0-based) of a, 1 beyond its dimensions. */
size_t rnn_mex_dim (const mxArray *a, size_t k);

/* a has at most nd dimensions and the given sizes in them, else an
 * rnn:<fn>:sizeMismatch error that shows both shapes. */
void rnn_mex_check_size (const mxArray *a, const char *fn, const char *name,
                         size_t nd, const size_t *want);

/* a as a lowercase string; an rnn:<fn>:invalidOption error if it is not a
 * character row vector.  Returned memory is mxMalloc'd: mxFree'd by the
 * caller, or by Octave when the MEX call ends (also on an error). */
char *rnn_mex_string (const mxArray *a, const char *fn, const char *name);

/* "a 2x3 cell": what a is, for messages (a static buffer, valid until
 * the next call). */
const char *rnn_mex_describe (const mxArray *a);

/* Element j of a's data as a double, whatever a's numeric class (exact
 * for integers of up to 53 bits); NaN when a is not numeric.  Read here,
 * not through Octave's double (), which a double.m of the user's could
 * shadow.  For integer arguments: Lengths, symbol indices. */
double rnn_mex_number (const mxArray *a, size_t j);

/* Index of a's value (case-insensitive) in choices (NULL-terminated), or an
 * rnn:<fn>:invalidOption error that lists the choices. */
int rnn_mex_choice (const mxArray *a, const char *fn, const char *name,
                    const char *const *choices);

/* Data of a in the computing class (single if want_single): a's own data
 * when it has that class, else a converted copy (mxMalloc'd).  NULL for an
 * empty array.  a must have passed rnn_mex_check_float. */
void *rnn_mex_data (const mxArray *a, const char *fn, int want_single);

/* a + b, or SIZE_MAX when that overflows (saturating: a sum of sizes that
 * reaches SIZE_MAX cannot be allocated anyway). */
size_t rnn_mex_add (size_t a, size_t b);
size_t rnn_mex_mul (size_t a, size_t b);

/* Elements a conversion to the computing class would copy: numel (a) if a
 * is not already of that class, else 0. */
size_t rnn_mex_conversion (const mxArray *a, int want_single);

/* Makes sure that n elements of the computing class can be allocated
 * before a gateway allocates them (outputs, workspace, converted copies):
 * raises rnn:<fn>:outOfMemory otherwise.  Octave's own allocators raise an
 * error without an identifier when they fail (and compute the byte count
 * in a signed type that overflows), so gateways ask here first. */
void rnn_mex_reserve (const char *fn, size_t n, int single);

/* mxMalloc of n elements of the computing class with overflow checks;
 * rnn:<fn>:outOfMemory when it cannot be had. */
void *rnn_mex_alloc (const char *fn, size_t n, int single);

/* The gateway's workspace of n elements of the computing class: one buffer
 * kept from call to call (grown when a call needs more, freed when Octave
 * clears the MEX file), so that a training loop does not map, fault in and
 * unmap fresh pages for it on every call; rnn:<fn>:outOfMemory when it
 * cannot be had.  Its contents are undefined; not for outputs. */
void *rnn_mex_workspace (const char *fn, size_t n, int single);

/* Runs f when Octave clears the MEX file (mexAtExit keeps only one
 * function; this keeps them all).  Registering f again does nothing. */
void rnn_mex_on_exit (void (*f) (void));

/* A numeric array of the computing class with dims d[0..nd-1] (zeros). */
mxArray *rnn_mex_create (size_t nd, const size_t *d, int single);

/* The same, uninitialised: for outputs the core writes in full. */
mxArray *rnn_mex_create_uninit (size_t nd, const size_t *d, int single);

/* plhs[k] = out[k] for the outputs the caller asked for (at least one);
 * the others are destroyed.  Octave gives plhs room for max(nlhs, 1). */
void rnn_mex_hand_over (mxArray **plhs, int nlhs, mxArray **out, int nout);

#endif
