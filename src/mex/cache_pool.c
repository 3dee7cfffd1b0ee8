/* cache_pool.c - caches kept between forward and backward (cache_pool.h). */
#include "cache_pool.h"
#include "mexutil.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RNN_POOL_DEFAULT_BYTES ((size_t) 256 << 20)
#define RNN_POOL_ENTRIES 64
#define RNN_POOL_WINDOW_MIN 4

typedef struct {
    uint64_t key;        /* 0: a free entry */
    uint64_t clock;      /* pool_clock when it came */
    uint64_t fp;         /* fingerprint of its forward pass's inputs */
    int used;            /* a backward pass has read it, or it is dead */
    int dead;            /* not to be read (rnn_pool_mark_dead) */
    int single;
    size_t n[3];
    size_t bytes;
    void *data;
} entry;

static entry pool[RNN_POOL_ENTRIES];
static size_t pool_bytes;
static uint64_t pool_clock;   /* forward passes that asked for a cache */
static uint64_t window = RNN_POOL_WINDOW_MIN;
/* the keys the window dropped unread, and when they came: a backward pass
 * that asks for one of them widens the window */
static struct { uint64_t key, clock; } aged[RNN_POOL_ENTRIES];
static int n_aged;

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
    n_aged = 0;
}

static uint64_t mix64 (uint64_t z)   /* splitmix64's finaliser: a bijection */
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* splitmix64: every counter value gives a different key.  The state is
 * seeded again when the process id changes: a child made by fork starts
 * from its parent's state, and would hand out its parent's next keys. */
uint64_t rnn_pool_key (void)
{
    static uint64_t state;
    static pid_t owner;
    pid_t pid = getpid ();
    if (!state || pid != owner) {
        struct timespec ts = { 0, 0 };
        clock_gettime (CLOCK_REALTIME, &ts);
        state = mix64 ((uint64_t) pid) ^ mix64 ((uint64_t) ts.tv_sec << 32
                                                ^ (uint64_t) ts.tv_nsec)
            ^ (uint64_t) clock () ^ (uint64_t) (uintptr_t) &state ^ state;
        owner = pid;
    }
    uint64_t z;
    do
        z = mix64 (state += 0x9e3779b97f4a7c15u);
    while (z == 0);
    return z;
}

/* The fingerprint's hash of bytes: 16 lanes of 32-bit words, each a chain
 * of h = x ^ (x >> 15), x = (h ^ w) * M, a bijection of h for each word w,
 * so that arrays that differ in one word always differ in their hash.
 * The lanes are independent, so that the loop runs in vector registers
 * (the check runs twice a training step, over X and p: it must cost far
 * less than a small layer's step; docs/memory.md has its speed).
 * Baseline x86-64 has no 32-bit vector multiply, hence
 * the AVX2 clone, chosen when the program loads; the two give the same
 * bits. */
#define RNN_HASH_LANES 16
typedef uint32_t __attribute__ ((may_alias, aligned (1))) u32_unaligned;
#if defined __GNUC__ && !defined __clang__ && defined __x86_64__ \
    && defined __linux__
__attribute__ ((target_clones ("avx2", "default")))
#endif
static uint64_t hash_bytes (uint64_t h, const void *data, size_t n)
{
    const u32_unaligned *p = (const u32_unaligned *) data;
    uint32_t l[RNN_HASH_LANES];
    for (int k = 0; k < RNN_HASH_LANES; k++) l[k] = (uint32_t) mix64 (h + k);
    size_t nw = n / (4 * RNN_HASH_LANES) * RNN_HASH_LANES, i;
    for (i = 0; i < nw; i += RNN_HASH_LANES)
        for (int k = 0; k < RNN_HASH_LANES; k++) {
            uint32_t x = (l[k] ^ p[i + k]) * 0x9e3779b1u;
            l[k] = x ^ (x >> 15);
        }
    uint64_t r = mix64 (h ^ n);
    for (int k = 0; k < RNN_HASH_LANES; k++) r = mix64 (r ^ l[k]);
    const unsigned char *b = (const unsigned char *) data;
    for (i *= 4; i < n; i += 8) {   /* the last bytes, zero-padded */
        uint64_t w = 0;
        memcpy (&w, b + i, n - i < 8 ? n - i : 8);
        r = mix64 (r ^ w);
    }
    return r;
}

static uint64_t hash_word (uint64_t h, uint64_t w)
{
    return mix64 (h ^ mix64 (w + 0x9e3779b97f4a7c15u));
}

uint64_t rnn_pool_fingerprint (uint64_t h, const mxArray *a)
{
    if (!a) return hash_word (h, 0x6e756c6cu);   /* an empty field or cell */
    size_t nd = mxGetNumberOfDimensions (a);
    const mwSize *d = mxGetDimensions (a);
    h = hash_word (h, (uint64_t) mxGetClassID (a));
    h = hash_word (h, nd);
    for (size_t k = 0; k < nd; k++) h = hash_word (h, (uint64_t) d[k]);
    size_t n = mxGetNumberOfElements (a);
    if (mxIsStruct (a)) {
        int nf = mxGetNumberOfFields (a);
        for (int f = 0; f < nf; f++) {
            const char *name = mxGetFieldNameByNumber (a, f);
            h = hash_bytes (h, name, strlen (name));
        }
        for (size_t i = 0; i < n; i++)
            for (int f = 0; f < nf; f++)
                h = rnn_pool_fingerprint (h, mxGetFieldByNumber (a, i, f));
    } else if (mxIsCell (a)) {
        for (size_t i = 0; i < n; i++)
            h = rnn_pool_fingerprint (h, mxGetCell (a, i));
    } else if (mxIsSparse (a)) {
        size_t nz = mxGetNzmax (a), nc = mxGetN (a);
        h = hash_bytes (h, mxGetJc (a), (nc + 1) * sizeof (mwIndex));
        h = hash_bytes (h, mxGetIr (a), nz * sizeof (mwIndex));
        if (mxGetData (a))
            h = hash_bytes (h, mxGetData (a), nz * mxGetElementSize (a));
    } else if (mxIsNumeric (a) || mxIsChar (a) || mxIsLogical (a)) {
        size_t es = mxGetElementSize (a);
        if (n && mxGetData (a)) h = hash_bytes (h, mxGetData (a), n * es);
        if (mxIsComplex (a) && mxGetImagData (a))
            h = hash_bytes (h, mxGetImagData (a), n * es);
    }   /* anything else (function handles, objects): class and size */
    return h;
}

uint64_t rnn_pool_layer_fingerprint (const mxArray *X, const mxArray *p,
                                     const mxArray *const *opt, int nopt,
                                     const mxArray *h0, const mxArray *c0)
{
    uint64_t h = rnn_pool_fingerprint (0, X);
    h = rnn_pool_fingerprint (h, p);
    for (int k = 0; k < nopt; k++) h = rnn_pool_fingerprint (h, opt[k]);
    h = rnn_pool_fingerprint (h, h0);
    return rnn_pool_fingerprint (h, c0);
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

void rnn_pool_mark_dead (uint64_t key, int dead)
{
    entry *e = find (key);
    if (e) e->dead = e->used = dead;
}

void *rnn_pool_put (uint64_t key, int single, const size_t n[3], uint64_t fp)
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
         * by page).  Caches that no backward pass has read for `window`
         * forward passes go too. */
        int old = o->key && !o->used && now - o->clock >= window;
        if (o->key && (o->used || old)) {
            if (old) {
                aged[n_aged % RNN_POOL_ENTRIES].key = o->key;
                aged[n_aged % RNN_POOL_ENTRIES].clock = o->clock;
                n_aged++;
            }
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
    *e = (entry) { key, now, fp, 0, 0, single, { n[0], n[1], n[2] }, bytes, data };
    pool_bytes += bytes;
    rnn_mex_on_exit (pool_free);
    return data;
}

void *rnn_pool_get (uint64_t key, const size_t n[3], uint64_t fp, int *single,
                    int *stale)
{
    entry *e = find (key);
    *stale = 0;
    if (e && e->dead) return NULL;
    if (!e) {
        /* dropped by the window before its backward pass: widen it */
        int last = n_aged < RNN_POOL_ENTRIES ? n_aged : RNN_POOL_ENTRIES;
        for (int k = 0; key && k < last; k++)
            if (aged[k].key == key) {
                uint64_t need = pool_clock - aged[k].clock + 1;
                if (need > window)
                    window = need < RNN_POOL_ENTRIES ? need : RNN_POOL_ENTRIES;
                aged[k].key = 0;
                break;
            }
        return NULL;
    }
    if (e->fp != fp || e->n[0] != n[0] || e->n[1] != n[1] || e->n[2] != n[2]) {
        *stale = 1;
        return NULL;
    }
    e->used = 1;
    *single = e->single;
    return e->data;
}

void rnn_pool_stats (size_t *entries, size_t *bytes, size_t *win)
{
    size_t k, n = 0;
    for (k = 0; k < RNN_POOL_ENTRIES; k++) n += pool[k].key != 0;
    *entries = n;
    *bytes = pool_bytes;
    *win = (size_t) window;
}
