/* cache_pool.c - caches kept between forward and backward (cache_pool.h). */
#include "cache_pool.h"
#include "mexutil.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RNN_POOL_DEFAULT_BYTES ((size_t) 32 << 20)
#define RNN_POOL_ENTRIES 64

typedef struct {
    uint64_t key;        /* 0: a free entry */
    uint64_t age;        /* order of creation: the smallest goes first */
    int used;            /* a backward pass has read it */
    int single;
    size_t n[3];
    size_t bytes;
    void *data;
} entry;

static entry pool[RNN_POOL_ENTRIES];
static size_t pool_bytes;
static uint64_t pool_age;

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
    return v > SIZE_MAX / 4 ? SIZE_MAX / 4 : (size_t) v;
}

static size_t cache_bytes (int single, const size_t n[3])
{
    size_t es = single ? sizeof (float) : sizeof (double), total = 0;
    for (int k = 0; k < 3; k++) {
        if (n[k] > (SIZE_MAX - total) / es) return SIZE_MAX;
        total += n[k] * es;
    }
    return total;
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
    /* the caches whose backward passes have run go first: in a training
     * loop the next forward pass then takes the memory they leave, still
     * in the processor's caches, instead of pages not touched for a while */
    for (int k = 0; k < RNN_POOL_ENTRIES; k++)
        if (pool[k].key && pool[k].used) forget (&pool[k]);
    if (!key || bytes == 0 || bytes > limit) return NULL;
    /* room: drop the oldest until this one fits and an entry is free */
    entry *e;
    for (;;) {
        entry *oldest = NULL;
        e = NULL;
        for (int k = 0; k < RNN_POOL_ENTRIES; k++) {
            if (!pool[k].key) e = &pool[k];
            else if (!oldest || pool[k].age < oldest->age) oldest = &pool[k];
        }
        if (e && pool_bytes + bytes <= 4 * limit) break;
        forget (oldest);   /* not NULL: the pool is full, so it has entries */
    }
    void *data = malloc (bytes);
    if (!data) return NULL;
    *e = (entry) { key, ++pool_age, 0, single, { n[0], n[1], n[2] }, bytes, data };
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
