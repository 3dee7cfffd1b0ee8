/* cache_pool.h - the caches of forward passes, kept inside the MEX file
 * until their backward passes.
 *
 * Octave 7 copies every array a MEX function returns, element by element
 * (and its zeros() fills one element at a time): 0.3 ns an element here,
 * whatever the class.  A cache handed to Octave and back is such an array,
 * and for the S shape it is most of what a training step costs beyond the
 * C core (an S bidirectional GRU: Y 0.2 M elements, its cache 0.8 M).  So
 * the forward pass puts its cache here under a fresh key, and the backward
 * pass finds it by that key.
 *
 * The pool holds up to rnn_pool_limit() bytes and RNN_POOL_ENTRIES caches;
 * a cache that does not fit goes to Octave as arrays, as before.  A new
 * cache first drops those whose backward pass has run (reusing the memory
 * of one of its size) and those no backward pass has read for a window of
 * forward passes (below).  A backward pass whose cache was dropped (or
 * comes from another session, another process, or from before a `clear
 * functions`) runs the forward pass again from the inputs its cache
 * holds: slower, never wrong.
 *
 * Each entry carries the fingerprint of the inputs its forward pass read
 * (rnn_pool_fingerprint of X, p, the options, h0 and c0): a backward pass
 * whose cache finds an entry of its key with another fingerprint or other
 * sizes (an edited X, p, h0, c0 or option, or the key of another forward
 * pass put into it) is refused (rnn_pool_get's stale), never served with
 * another layer's states.
 *
 * The window: a cache no backward pass has read is dropped after `window`
 * more forward passes with a cache.  It starts at RNN_POOL_WINDOW_MIN, so
 * that forward passes whose caches nobody reads (evaluation code that asks
 * for a cache) soon reuse the memory of the old ones instead of taking
 * fresh memory for each of RNN_POOL_ENTRIES caches (fresh pages are faulted
 * in, a cost as large as a small pass's work); it grows to the
 * distance seen when a backward pass comes for a cache the window dropped
 * (a stack of many layers, many chunks of a long sequence), up to
 * RNN_POOL_ENTRIES. */
#ifndef RNN_CACHE_POOL_H
#define RNN_CACHE_POOL_H

#include "mex.h"
#include <stddef.h>
#include <stdint.h>

/* A key not handed out before in this process, and not 0.  Keys are drawn
 * from a generator seeded from the process id, the clock and an address,
 * and seeded again in a new process (after fork), so that the keys of a
 * parent and its forked child differ, and a cache saved in one session is
 * unlikely to name a cache of another. */
uint64_t rnn_pool_key (void);

/* h extended by the value of a: class, sizes and contents, structs and
 * cells walked element by element (field names included).  A cheap hash,
 * not a cryptographic one: it tells a changed array from the one the
 * forward pass read, it does not stand up to a forger. */
uint64_t rnn_pool_fingerprint (uint64_t h, const mxArray *a);

/* The fingerprint of a layer's forward pass: its inputs X, p, the nopt
 * options opt, h0 and c0, in that order; the forward gateway stores it,
 * the backward gateway recomputes it from the cache. */
uint64_t rnn_pool_layer_fingerprint (const mxArray *X, const mxArray *p,
                                     const mxArray *const *opt, int nopt,
                                     const mxArray *h0, const mxArray *c0);

/* Memory for the cache of `key`: n[0] + n[1] + n[2] elements (Sh, Sc, Z)
 * of the class (single: float, else double), with the fingerprint fp of
 * the forward pass's inputs.  NULL (nothing kept) when the pool has no
 * room for it, or it has no elements, or malloc fails. */
void *rnn_pool_put (uint64_t key, int single, const size_t n[3], uint64_t fp);

/* The cache of `key` (marked as read by a backward pass), its class in
 * *single.  NULL when the pool does not have the key (*stale = 0), or has
 * it with other sizes or another fingerprint (*stale = 1). */
void *rnn_pool_get (uint64_t key, const size_t n[3], uint64_t fp, int *single,
                    int *stale);

/* Forgets the cache of `key` (a forward pass that failed). */
void rnn_pool_drop (uint64_t key);

/* Marks the cache of `key` as not to be read (dead = 1: its forward pass
 * was interrupted; rnn_pool_get does not find it, the next rnn_pool_put
 * frees it) or as good again (dead = 0: the forward pass runs again into
 * it).  For a pass that may be left by an exception, which a C caller
 * cannot catch to drop the entry afterwards. */
void rnn_pool_mark_dead (uint64_t key, int dead);

/* Bytes the pool may hold: the environment variable RNN_CACHE_BYTES if
 * set to a count (0: nothing, every cache is returned to Octave), else
 * RNN_POOL_DEFAULT_BYTES (256 MiB).  Read at each call, so that a script
 * can change it with setenv. */
size_t rnn_pool_limit (void);

/* For tests and the soak test: caches held, their bytes, the window. */
void rnn_pool_stats (size_t *entries, size_t *bytes, size_t *window);

#endif
