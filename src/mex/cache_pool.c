/* cache_pool.c - caches kept between forward and backward (cache_pool.h). */
#include "cache_pool.h"
#include "mexutil.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RNN_POOL_DEFAULT_BYTES ((size_t) 256 << 20)
#define RNN_POOL_ENTRIES 64

typedef struct {
    uint64_t key;        /* 0: a free entry */
    uint64_t clock;      /* pool_clock when it came */
    int used;            /* a backward pass has read it */
    int single;
    size_t n[3];
    size_t bytes;
    void *data;
} entry;

static entry pool[RNN_POOL_ENTRIES];
static size_t pool_bytes;
static uint64_t pool_clock;   /* forward passes that asked for a cache */

static void forget (entry *e)
{
    free (e->data);
    pool_bytes -= e->bytes;
    memset (e, 0, sizeof *e);
}

static void pool_free (void)
{
    for (int k = 0; k < RNN_POOL_ENTRIES; k++)
        if (pool[k].key) forget (&pool[k]);
}

/* splitmix64: every counter value gives a different key */
uint64_t rnn_pool_key (void)
{
    static uint64_t state;
    if (!state)
        state = ((uint64_t) time (NULL) << 32) ^ (uint64_t) clock ()
            ^ (uint64_t) (uintptr_t) &state;
    uint64_t z;
    do {
        z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
    } while (z == 0);
    return z;
}

size_t rnn_pool_limit (void)
{
    const char *s = getenv ("RNN_CACHE_BYTES");
    if (!s || !*s) return RNN_POOL_DEFAULT_BYTES;
    char *end;
    unsigned long long v = strtoull (s, &end, 10);
    if (*end || s[0] == '-') return RNN_POOL_DEFAULT_BYTES;   /* not a count */
    return v > SIZE_MAX ? SIZE_MAX : (size_t) v;
}

/* SIZE_MAX when that overflows: more than any limit */
static size_t cache_bytes (int single, const size_t n[3])
{
    return rnn_mex_mul (rnn_mex_add (n[0], rnn_mex_add (n[1], n[2])),
                        single ? sizeof (float) : sizeof (double));
}

static entry *find (uint64_t key)
{
    for (int k = 0; key && k < RNN_POOL_ENTRIES; k++)
        if (pool[k].key == key) return &pool[k];
    return NULL;
}

void rnn_pool_drop (uint64_t key)
{
    entry *e = find (key);
    if (e) forget (e);
}

void *rnn_pool_put (uint64_t key, int single, const size_t n[3])
{
    size_t limit = rnn_pool_limit (), bytes = cache_bytes (single, n);
    uint64_t now = ++pool_clock;
    void *reuse = NULL;
    entry *e = NULL;
    for (int k = 0; k < RNN_POOL_ENTRIES; k++) {
        entry *o = &pool[k];
        /* Caches whose backward pass has run go, and one of exactly this
         * size lends its memory to the new cache: in a training loop that
         * memory is still in the processor's caches, and a block above the
         * mmap threshold stays mapped (a new one would be faulted in page
         * by page).  Caches that no backward pass has read for
         * RNN_POOL_ENTRIES forward passes go too. */
        if (o->key && (o->used || now - o->clock >= RNN_POOL_ENTRIES)) {
            if (!reuse && o->bytes == bytes) {
                reuse = o->data;
                o->data = NULL;
            }
            forget (o);
        }
        if (!o->key) e = o;
    }
    /* no room: the cache goes to Octave as arrays */
    if (!key || bytes == 0 || !e || bytes > limit || pool_bytes > limit - bytes) {
        free (reuse);
        return NULL;
    }
    void *data = reuse ? reuse : malloc (bytes);
    if (!data) return NULL;
    *e = (entry) { key, now, 0, single, { n[0], n[1], n[2] }, bytes, data };
    pool_bytes += bytes;
    rnn_mex_on_exit (pool_free);
    return data;
}

void *rnn_pool_get (uint64_t key, int single, const size_t n[3])
{
    entry *e = find (key);
    if (!e || e->single != single || e->n[0] != n[0] || e->n[1] != n[1]
        || e->n[2] != n[2])
        return NULL;
    e->used = 1;
    return e->data;
}
