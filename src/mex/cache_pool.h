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
 * of one of its size) and those no backward pass has read for
 * RNN_POOL_ENTRIES forward passes.  A backward pass whose cache was
 * dropped (or comes from another session, or from before a `clear
 * functions`) runs the forward pass again from the inputs its cache
 * holds: slower, never wrong. */
#ifndef RNN_CACHE_POOL_H
#define RNN_CACHE_POOL_H

#include <stddef.h>
#include <stdint.h>

/* A key not handed out before in this session, and not 0; its first value
 * is seeded from the clock and an address, so that a cache saved in one
 * session is unlikely to find a cache of another. */
uint64_t rnn_pool_key (void);

/* Memory for the cache of `key`: n[0] + n[1] + n[2] elements (Sh, Sc, Z)
 * of the class (single: float, else double).  NULL (nothing kept) when
 * the pool has no room for it, or it has no elements, or malloc fails. */
void *rnn_pool_put (uint64_t key, int single, const size_t n[3]);

/* The cache of `key` if the pool has it with exactly this class and these
 * sizes (marked as read by a backward pass), else NULL. */
void *rnn_pool_get (uint64_t key, int single, const size_t n[3]);

/* Forgets the cache of `key` (a forward pass that failed). */
void rnn_pool_drop (uint64_t key);

/* Bytes the pool may hold: the environment variable RNN_CACHE_BYTES if
 * set to a count (0: nothing, every cache is returned to Octave), else
 * RNN_POOL_DEFAULT_BYTES (256 MiB).  Read at each call, so that a script
 * can change it with setenv. */
size_t rnn_pool_limit (void);

#endif
