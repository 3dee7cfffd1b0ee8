/* sweep.c - the time loop every cell shares.
 *
 * One direction of a layer runs its cell over t = 0..T-1 (forward) or
 * T-1..0 (reverse).  The sweep owns everything that is not the cell:
 * the input projection of all steps as one GEMM, the order of steps, the
 * states' storage, variable lengths, the two directions and their merge,
 * and the backward time loop.  A cell (rnn.c, gru.c, lstm.c) owns one step
 * forward, one step backward and its weight gradients (internal_typed.h).
 *
 * Storage of one direction's hidden states, Sh [n_a, m, T+1]: slot s holds
 * the state [n_a, m] such that the step at time t reads slot prev(t) and
 * writes slot out(t):
 *     forward:  prev(t) = t,     out(t) = t+1   (slot 0 = h0, slot T = hN)
 *     reverse:  prev(t) = t+1,   out(t) = t     (slot T = h0, slot 0 = hN)
 * so the previous states of all steps in time order are one contiguous
 * [n_a, m*T] matrix (slots 0..T-1 or 1..T) for the dR GEMM.  A forward
 * pass without a cache (Sh NULL: one direction, no lengths) keeps slots
 * 0..T-1 or 1..T, which are its outputs, in Y itself and h0's slot in hN:
 * that saves writing the states twice (a forward pass of the M shape,
 * n_a = 256, m = 32, T = 100, spent 7% of its time copying Sh to Y).
 *
 * Lengths: column j is active at time t iff t < len[j], in both directions
 * (the reverse direction starts at its own end).  An inactive step copies
 * the state through, outputs zero and, backward, passes the gradient
 * through; the cell itself never sees lengths: it computes every column,
 * and the sweep overwrites what an inactive column must not change.
 *
 * Threads.  A layer may use as many threads as the BLAS may (OpenBLAS's
 * count: OPENBLAS_NUM_THREADS; 1 under a BLAS that cannot be asked), and
 * uses them where they paid on 2 cores (tests/bench/RESULTS.md):
 *   - the time steps, and every GEMM of less than rnn_mt_gemm_flops, run
 *     on one thread: waking BLAS's second thread for a step's product or a
 *     small input projection, and moving its half of the result between
 *     the cores' caches, cost more than it saved (small layers were up to
 *     1.4x slower with 2 threads than with 1);
 *   - the big products (input projection, weight and input gradients) of
 *     rnn_mt_gemm_flops or more run on two threads: rnn_big_gemm splits
 *     rnn_bgemm's work between them, each element made as on one thread
 *     (about as fast as OpenBLAS's two threads: M products faster, L
 *     ones up to 9% slower; BLAS's threads where pgemm.c has no kernel);
 *   - the two directions of a bidirectional layer run on two threads of
 *     the sweep's own when a direction's pass (forward, or backward: twice
 *     the FLOPs) has rnn_mt_dir_flops or more, BLAS on one thread in each;
 *   - a direction that runs alone with threads to spare (a unidirectional
 *     layer, or the directions one after the other) splits each step's
 *     packed product (the recurrent one, and the input projection when it
 *     goes step by step) by rows with a thread of its own, the stepper,
 *     when the product has rnn_mt_step_flops or more (2 MFLOP: the M
 *     shape's products ran 1.3-1.4x faster so, the S shape's 0.4-0.5
 *     MFLOP ones gained 0-12%).  The stepper waits for its half of the
 *     next product spinning, then yielding, on another CPU than the
 *     layer's thread; it lives for one direction's time loop.  Each
 *     element of a product is still computed by one thread with the same
 *     kernel and order of sums, the rows split at a panel's boundary: the
 *     results are the same bits.
 *     Nothing is shared but the inputs: each direction has its own rows of
 *     the parameters' gradients, slices of the states, cache and
 *     workspace; the reverse direction's dX goes to a workspace buffer
 *     added to dX after both finish (in one thread too, so that results do
 *     not depend on the thread count).
 * The sweep's thread blocks all signals (Octave's are for its own thread)
 * and is joined before the layer returns. */
#ifndef REAL
#if defined __linux__ && !defined _GNU_SOURCE
#define _GNU_SOURCE   /* the stepper's CPU: sched_getcpu, *_affinity_np */
#endif
#include "internal.h"

const rnn_cell_shape *rnn_cell_shape_of (rnn_cell_kind k)
{
    switch (k) {
    case RNN_CELL_RNN:  return &rnn_shape_rnn;
    case RNN_CELL_GRU:  return &rnn_shape_gru;
    case RNN_CELL_LSTM: return &rnn_shape_lstm;
    }
    return NULL;
}

/* elements for R [gna, n_a] packed as R or R', in either precision
 * (SIZE_MAX on overflow) */
#define RNN_PACK_ALIGN 16        /* elements: 64 bytes of float */
static size_t pack_size (size_t gna, size_t n_a)
{
    size_t a = rnn_pack_size_d (gna, n_a), b = rnn_pack_size_d (n_a, gna);
    size_t c = rnn_pack_size_s (gna, n_a), d = rnn_pack_size_s (n_a, gna);
    size_t m1 = a > b ? a : b, m2 = c > d ? c : d;
    return m1 > m2 ? m1 : m2;
}

/* the same plus room to align it to 64 bytes (SIZE_MAX on overflow) */
static size_t pack_room (size_t gna, size_t n)
{
    size_t a = pack_size (gna, n);
    return a == SIZE_MAX || a > SIZE_MAX - RNN_PACK_ALIGN ? SIZE_MAX
                                                          : a + RNN_PACK_ALIGN;
}

/* Workspace of rnn_bgemm (pgemm.c) for a direction's big GEMMs, in either
 * precision (SIZE_MAX on overflow): the input projection W X, and
 * backward W' dG and dG [X; H]' (rnn_bgemm2; a cell's smaller products
 * need less). */
static size_t bgemm_room (size_t gna, size_t n_x, size_t n_a, size_t mT)
{
    const size_t need[3][4] = { { 'N', gna, mT, n_x }, { 'N', n_x, mT, gna },
                                { 'T', gna, n_x + n_a, mT } };
    size_t n = 0;
    if (n_x > SIZE_MAX - n_a) return SIZE_MAX;
    for (int i = 0; i < 3; i++) {
        size_t a = rnn_bgemm_work_d ((char) need[i][0], need[i][1], need[i][2], need[i][3]);
        size_t b = rnn_bgemm_work_s ((char) need[i][0], need[i][1], need[i][2], need[i][3]);
        n = a > n ? a : n;
        n = b > n ? b : n;
    }
    return n;
}

static void *align64 (void *p)
{
    return (void *) (((uintptr_t) p + 63) & ~(uintptr_t) 63);
}

size_t rnn_cell_gates (rnn_cell_kind k)
{
    const rnn_cell_shape *S = rnn_cell_shape_of (k);
    return S ? S->G : 0;
}

rnn_status rnn_layer_plan (rnn_plan *P, const rnn_layer *L)
{
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    if (!S || L->direction > RNN_DIR_BIDIRECTIONAL || L->merge > RNN_MERGE_MUL
        || L->activation > RNN_ACT_RELU)
        return RNN_ERR_ARG;
    memset (P, 0, sizeof *P);
    size_t n_a = L->n_a, m = L->m, T = L->T, mT, sm, gna, w, s;
    P->G = S->G;
    P->D = L->direction == RNN_DIR_BIDIRECTIONAL ? 2 : 1;
    P->has_c = S->has_c;
    size_t dgld;
    P->n_y = (P->D == 2 && L->merge == RNN_MERGE_CONCAT) ? 2 * n_a : n_a;
    int ok = rnn_mul (&P->zrows, S->zrows, n_a) && rnn_mul (&dgld, S->dgrows, n_a)
        && rnn_mul (&gna, S->G, n_a) && rnn_mul (&P->rows, gna, P->D)
        && rnn_mul (&mT, m, T) && rnn_mul (&sm, n_a, m)
        && rnn_mul (&P->y, P->n_y, mT) && rnn_mul (&P->state, sm, P->D)
        && rnn_mul (&P->Sh, sm, T + 1) && rnn_mul (&P->Sh, P->Sh, P->D)
        && rnn_mul (&P->Z, P->zrows, mT) && rnn_mul (&P->Z, P->Z, P->D)
        && T < SIZE_MAX;
    if (!ok) return RNN_ERR_SIZE;
    P->Sc = S->has_c ? P->Sh : 0;
    /* R packed for the steps' products (pgemm.c), either precision, either
     * orientation, aligned; W packed for the steps' input products */
    size_t pk = pack_room (gna, n_a), pkw = pack_room (gna, L->n_x);
    size_t bw = bgemm_room (gna, L->n_x, n_a, mT);
    ok = ok && pk != SIZE_MAX && pkw != SIZE_MAX && bw != SIZE_MAX
        && rnn_mul (&bw, bw, 2);
    /* forward workspace of one direction: projection (if not in Z),
     * scratch, packed R, packed W, rnn_bgemm's (twice: big_gemm), and with
     * a reverse direction X with its steps in reverse order (gate_block) */
    ok = ok && rnn_mul (&w, S->zrows ? 0 : gna, mT) && rnn_mul (&s, S->scratch, sm)
        && rnn_add (&w, w, s) && rnn_add (&w, w, pk) && rnn_add (&w, w, pkw)
        && rnn_add (&w, w, bw)
        && rnn_mul (&s, L->direction == RNN_DIR_FORWARD ? 0 : L->n_x, mT)
        && rnn_add (&w, w, s) && rnn_mul (&P->work_fwd, w, P->D);
    /* backward: dG, 6 state-sized buffers (sweep_backward_dir), scratch,
     * packed R', rnn_bgemm's (twice); with two directions, the reverse
     * one's dX [n_x, m*T] */
    ok = ok && rnn_mul (&w, dgld, mT) && rnn_mul (&s, 6 + S->scratch, sm)
        && rnn_add (&w, w, s) && rnn_add (&w, w, pk) && rnn_add (&w, w, bw)
        && rnn_mul (&P->work_bwd, w, P->D)
        && rnn_mul (&s, P->D == 2 ? L->n_x : 0, mT)
        && rnn_add (&P->work_bwd, P->work_bwd, s);
    if (!ok) return RNN_ERR_SIZE;
    /* leading dimensions handed to BLAS must fit its 32-bit INTEGER */
    if (P->rows > RNN_BLAS_INT_MAX || L->n_x > RNN_BLAS_INT_MAX
        || P->zrows > RNN_BLAS_INT_MAX || dgld > RNN_BLAS_INT_MAX)
        return RNN_ERR_SIZE;
    return RNN_OK;
}

static int is_reverse (const rnn_layer *L, size_t d)
{
    return L->direction == RNN_DIR_REVERSE || d == 1;
}

/* Block of the gate buffer (gx, or the cache Z: [zld, m] per step) that
 * holds step t of direction d.  A reverse direction stores its steps in
 * the order it runs them, t = T-1 first: reading the blocks from the top
 * of the buffer down made each step's recurrent product, which adds into
 * its block, slower (forward passes of the L shape, n_x = n_a = 512, m =
 * 64, T = 50, single, C core: the LSTM's reverse direction 63.5-64.7 ms
 * against 59-60 forward, and as fast as forward with its blocks read
 * upwards).  Except the GRU with its reset gate before the
 * multiplication, whose gradient dRn pairs the columns of Z with those of
 * dG, which are in time order. */
static size_t gate_block (const rnn_layer *L, size_t d, size_t t)
{
    int up = is_reverse (L, d)
             && !(L->cell == RNN_CELL_GRU && !L->reset_after);
    return up ? L->T - 1 - t : t;
}

/* ---- threads (see the top) ---- */
/* Measured on the 2 cores of the development machine (a VM): waking the
 * second core costs tens of microseconds, so a direction must take about
 * 0.2 ms before the second thread pays: the S shape's GRU (59 MFLOP a
 * direction forward) ran 1.15x faster on two threads, its RNN (20 MFLOP)
 * 1.5x slower. */
#ifndef RNN_MT_DIR_FLOPS
#define RNN_MT_DIR_FLOPS 40e6
#endif
#ifndef RNN_MT_GEMM_FLOPS
#define RNN_MT_GEMM_FLOPS 64e6
#endif
#ifndef RNN_MT_STEP_FLOPS
#define RNN_MT_STEP_FLOPS 2e6
#endif
double rnn_mt_dir_flops = RNN_MT_DIR_FLOPS, rnn_mt_gemm_flops = RNN_MT_GEMM_FLOPS,
       rnn_mt_step_flops = RNN_MT_STEP_FLOPS;

/* Largest packed W and R (bytes, together) for which the forward pass
 * makes its input projection step by step (sweep_forward_dir). */
#ifndef RNN_STEP_PACK_BYTES
#define RNN_STEP_PACK_BYTES (6.0 * 1024 * 1024)
#endif

/* FLOPs of one direction's forward pass (DESIGN.md; backward: twice) */
static double dir_flops (const rnn_layer *L, const rnn_plan *P)
{
    return 2.0 * (double) P->G * L->n_a * (double) (L->n_x + L->n_a)
           * (double) L->m * (double) L->T;
}

/* BLAS threads for a GEMM of `flops` FLOPs where rnn_bgemm has no kernel:
 * `big` if it is big enough, else 1.  Only called with big > 1, i.e. from
 * the layer's one thread. */
static void blas_threads_for (double flops, int big)
{
    if (big > 1) rnn_blas_set_threads (flops >= rnn_mt_gemm_flops ? big : 1);
}

#ifdef RNN_HAVE_PTHREAD
#include <pthread.h>
#include <sched.h>
#include <signal.h>
typedef struct { void (*fn) (void *); void *arg; } rnn_job;
static void *job_main (void *j)
{
    ((rnn_job *) j)->fn (((rnn_job *) j)->arg);
    return NULL;
}

/* A second thread for this one's work, start (arg), with every signal
 * blocked, and not on this thread's CPU (Linux): a new thread may
 * otherwise start there and share it with this thread until the scheduler
 * moves it, which it did not while another process's thread, or a BLAS
 * worker spinning after its last call, kept the other core busy (an L
 * LSTM forward pass took 37-52 ms with 2 threads, 38 once the BLAS workers
 * slept, 63 with 1; the S GRU's bidirectional forward pass took 0.61-0.71
 * ms on two threads so, 0.44 ms now).
 * 1 if it was made; 0 if not, or when this thread may run on one CPU only
 * (taskset), where a second thread is of no use (an M LSTM forward pass
 * took 12.8 ms with the stepper there, 12.2 without). */
static int thread_elsewhere (pthread_t *th, void *(*start) (void *), void *arg)
{
    pthread_attr_t attr, *pa = NULL;
    if (pthread_attr_init (&attr) == 0) {
        pa = &attr;
#if defined __linux__ && defined CPU_SET && defined CPU_COUNT
        cpu_set_t set;
        int cpu = sched_getcpu ();
        if (pthread_getaffinity_np (pthread_self (), sizeof set, &set) == 0) {
            if (CPU_COUNT (&set) < 2) {
                pthread_attr_destroy (&attr);
                return 0;
            }
            if (cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET (cpu, &set)) {
                CPU_CLR (cpu, &set);
                pthread_attr_setaffinity_np (&attr, sizeof set, &set);
            }
        }
#endif
    }
    sigset_t all, old;
    sigfillset (&all);
    pthread_sigmask (SIG_SETMASK, &all, &old);   /* the thread inherits it */
    int made = pthread_create (th, pa, start, arg) == 0;
    pthread_sigmask (SIG_SETMASK, &old, NULL);
    if (pa) pthread_attr_destroy (pa);
    return made;
}
#endif

/* fn (a0) and fn (a1): at once on two threads when `two` (and a thread can
 * be made), else one after the other */
static void run_two (void (*fn) (void *), void *a0, void *a1, int two)
{
#ifdef RNN_HAVE_PTHREAD
    if (two) {
        rnn_job j = { fn, a1 };
        pthread_t th;
        if (thread_elsewhere (&th, job_main, &j)) {
            fn (a0);
            pthread_join (th, NULL);
            return;
        }
    }
#else
    (void) two;
#endif
    fn (a0);
    fn (a1);
}

/* The stepper: a second thread that runs half of each step's product.
 * stepper_run posts a task (fn, arg) and returns; stepper_wait makes sure
 * it has run: whoever claims a task first runs it, the stepper or, when
 * the stepper has not started it by the time the layer's thread has done
 * its own half (the stepper's core busy with another thread), the layer's
 * thread itself.  A stepper that is slow to get a core therefore costs at
 * most the wait for a half it has started.  Between tasks the stepper
 * spins on the task counter (PAUSE), then yields the core after
 * RNN_STEPPER_SPINS rounds; the layer's thread waits for a started half
 * the same way.  Tasks pass through the counters with release/acquire
 * ordering (GCC's __atomic builtins).  stepper_start returns 0 where there
 * are no threads, no such builtins, or no thread could be made: the
 * products then run whole on the layer's thread. */
#if defined RNN_HAVE_PTHREAD && defined __GNUC__ && defined __ATOMIC_ACQUIRE
#define RNN_STEPPER 1
#ifndef RNN_STEPPER_SPINS
#define RNN_STEPPER_SPINS 2000
#endif
/* helgrind (make check-helgrind) does not see the ordering the atomics
 * give: where valgrind's header is installed, its client requests (a few
 * no-op instructions outside valgrind) tell it; it then ignores the
 * counters themselves. */
#if defined __has_include
#if __has_include (<valgrind/helgrind.h>)
#include <valgrind/helgrind.h>
#define RNN_HB(p) ANNOTATE_HAPPENS_BEFORE (p)
#define RNN_HA(p) ANNOTATE_HAPPENS_AFTER (p)
#define RNN_HG_IGNORE(p, n) VALGRIND_HG_DISABLE_CHECKING (p, n)
#endif
#endif
#ifndef RNN_HB
#define RNN_HB(p) ((void) 0)
#define RNN_HA(p) ((void) 0)
#define RNN_HG_IGNORE(p, n) ((void) 0)
#endif
#endif
struct rnn_stepper {
#ifdef RNN_STEPPER
    pthread_t th;
    void (*fn) (void *);
    void *arg;
    unsigned cnt[3];   /* tasks posted, claimed, done (atomic) */
    int quit;          /* (atomic) */
#endif
    int on;
};

#ifdef RNN_STEPPER
static void stepper_pause (unsigned *spins)
{
    if (++*spins < RNN_STEPPER_SPINS) {
#if defined __x86_64__ || defined __i386__
        __builtin_ia32_pause ();
#endif
    } else
        sched_yield ();
}

/* claim task n (posted, not yet run): 1 for the one who gets it */
static int stepper_claim (rnn_stepper *s, unsigned n)
{
    unsigned expect = n - 1;
    return __atomic_compare_exchange_n (&s->cnt[1], &expect, n, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void *stepper_main (void *arg)
{
    rnn_stepper *s = arg;
    unsigned seen = 0;
    for (;;) {
        unsigned spins = 0, n;
        while ((n = __atomic_load_n (&s->cnt[0], __ATOMIC_ACQUIRE)) == seen)
            stepper_pause (&spins);
        seen = n;
        RNN_HA (s);
        /* atomic: a task that the layer's thread claimed first leaves
           this read unordered with stepper_stop's write (helgrind) */
        if (__atomic_load_n (&s->quit, __ATOMIC_ACQUIRE))
            return NULL;                          /* stepper_stop */
        if (stepper_claim (s, n)) {
            s->fn (s->arg);
            RNN_HB (&s->fn);
            __atomic_store_n (&s->cnt[2], n, __ATOMIC_RELEASE);
        }
    }
}
#endif

static int stepper_start (rnn_stepper *s)
{
    s->on = 0;
#ifdef RNN_STEPPER
    s->fn = NULL;
    s->arg = NULL;
    s->cnt[0] = s->cnt[1] = s->cnt[2] = 0;
    s->quit = 0;
    RNN_HG_IGNORE (s->cnt, sizeof s->cnt);
    RNN_HG_IGNORE (&s->quit, sizeof s->quit);
    s->on = thread_elsewhere (&s->th, stepper_main, s);
#endif
    return s->on;
}

/* fn (arg) on the stepper (or, see stepper_wait, on this thread) */
static void stepper_run (rnn_stepper *s, void (*fn) (void *), void *arg)
{
#ifdef RNN_STEPPER
    s->fn = fn;
    s->arg = arg;
    RNN_HB (s);
    __atomic_store_n (&s->cnt[0], s->cnt[0] + 1, __ATOMIC_RELEASE);
#else
    (void) s; fn (arg);
#endif
}

static void stepper_wait (rnn_stepper *s)
{
#ifdef RNN_STEPPER
    const unsigned n = s->cnt[0];
    if (stepper_claim (s, n)) {          /* not started: run it here */
        s->fn (s->arg);
        return;
    }
    unsigned spins = 0;
    while (__atomic_load_n (&s->cnt[2], __ATOMIC_ACQUIRE) != n)
        stepper_pause (&spins);
    RNN_HA (&s->fn);
#else
    (void) s;
#endif
}

static void stepper_stop (rnn_stepper *s)
{
#ifdef RNN_STEPPER
    if (!s->on) return;
    __atomic_store_n (&s->quit, 1, __ATOMIC_RELEASE);
    RNN_HB (s);
    __atomic_store_n (&s->cnt[0], s->cnt[0] + 1, __ATOMIC_RELEASE);
    pthread_join (s->th, NULL);
    s->on = 0;
#else
    (void) s;
#endif
}

#define RNN_SELF "sweep.c"
#include "typed.h"
#else

static const F(rnn_cell_ops) *F(ops_of) (rnn_cell_kind k)
{
    switch (k) {
    case RNN_CELL_RNN:  return &F(rnn_ops_rnn);
    case RNN_CELL_GRU:  return &F(rnn_ops_gru);
    case RNN_CELL_LSTM: return &F(rnn_ops_lstm);
    }
    return NULL;
}

/* ---- the big products: rnn_bgemm, on one thread or two ---- */

/* The big products' workspaces in a direction's view: where pgemm.c has
 * a kernel, rnn_bgemm's on `room` (twice bgemm_room), the second for a
 * second thread when `two`; else none (BLAS, with blas_threads_for). */
static void F(gemm_room) (F(rnn_dir) *v, REAL *room, int two)
{
    v->gw = rnn_pgemm_fast () ? room : NULL;
    v->gw2 = v->gw && two
        ? room + bgemm_room (v->gna, v->n_x, v->n_a, v->m * v->T) : NULL;
}

typedef struct {
    char ta, tb;
    size_t M, K;
    const REAL *A;
    size_t lda, N1;
    const REAL *B1;
    size_t ldb1;
    REAL *C1;
    size_t ldc1, N2;
    const REAL *B2;
    size_t ldb2;
    REAL *C2;
    size_t ldc2;
    REAL beta;
    REAL *work;
} F(big_job);

static void F(big_run) (void *p)
{
    const F(big_job) *j = p;
    if (j->N2)
        F(rnn_bgemm2) (j->ta, j->tb, j->M, j->K, j->A, j->lda, j->N1, j->B1,
                       j->ldb1, j->C1, j->ldc1, j->N2, j->B2, j->ldb2, j->C2,
                       j->ldc2, j->beta, j->work);
    else
        F(rnn_bgemm) (j->ta, j->tb, j->M, j->N1, j->K, j->A, j->lda, j->B1,
                      j->ldb1, j->beta, j->C1, j->ldc1, j->work);
}

/* Columns of a half: a multiple of 24, whole tiles of 6, 8 or 12
 * columns (pgemm.c's NR), so that every column is made by a tile of the
 * same width as on one thread. */
#define RNN_SPLIT_COLS 24

/* j on this thread, or its halves on two when d->gw2 is set: split by
 * columns when op(B) = B (each half reads its half of B in place), by
 * rows of op(A) at a panel's boundary when op(B) = B' (each packs its
 * half of A; B' is small).  Each element is made by the same tile, over
 * the same blocks of K, as on one thread: the same bits. */
static void F(big_split) (const F(rnn_dir) *d, F(big_job) *j)
{
    const size_t MR = F(rnn_pack_panel) ();
    F(big_job) h = *j;
    h.work = d->gw2;
    if (d->gw2 && j->tb == 'N' && !j->N2 && j->N1 >= 2 * RNN_SPLIT_COLS) {
        const size_t n1 = j->N1 / 2 / RNN_SPLIT_COLS * RNN_SPLIT_COLS;
        j->N1 = n1;
        h.N1 -= n1;
        h.B1 += n1 * j->ldb1;
        h.C1 += n1 * j->ldc1;
    } else if (d->gw2 && j->tb == 'T' && MR && j->M >= 2 * MR) {
        const size_t m1 = (j->M / MR + 1) / 2 * MR;
        j->M = m1;
        h.M -= m1;
        h.A += j->ta == 'N' ? m1 : m1 * j->lda;
        h.C1 += m1;
        if (h.C2) h.C2 += m1;
    } else {
        F(big_run) (j);
        return;
    }
    run_two (F(big_run), j, &h, 1);
}

void F(rnn_big_gemm) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                      size_t N, size_t K, const REAL *A, size_t lda,
                      const REAL *B, size_t ldb, REAL beta, REAL *C,
                      size_t ldc)
{
    F(big_job) j = { ta, tb, M, K, A, lda, N, B, ldb, C, ldc, 0, NULL, 0,
                     NULL, 0, beta, d->gw };
    F(big_split) (d, &j);
}

void F(rnn_big_gemm2) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                       size_t K, const REAL *A, size_t lda, size_t N1,
                       const REAL *B1, size_t ldb1, REAL *C1, size_t ldc1,
                       size_t N2, const REAL *B2, size_t ldb2, REAL *C2,
                       size_t ldc2, REAL beta)
{
    F(big_job) j = { ta, tb, M, K, A, lda, N1, B1, ldb1, C1, ldc1, N2, B2,
                     ldb2, C2, ldc2, beta, d->gw };
    F(big_split) (d, &j);
}

/* This direction's view of the layer: parameter row blocks and sizes; and,
 * when the CPU has a kernel for it and there is more than one step, its R
 * packed into `pack` (as R for the forward sweep, trans 'N', or as R' for
 * the backward sweep, 'T') for the steps' products. */
static F(rnn_dir) F(dir_view) (const rnn_layer *L, const rnn_plan *P,
                               const rnn_cell_shape *S, size_t d,
                               const REAL *W, const REAL *R, const REAL *b,
                               const REAL *bR, REAL *scratch, REAL *pack,
                               char trans)
{
    size_t off = d * S->G * L->n_a, gna = S->G * L->n_a;
    F(rnn_dir) v = {
        L->n_x, L->n_a, L->m, L->T, P->rows, gna,
        W + off, R + off, b + off, bR ? bR + off : NULL,
        L->activation, L->reset_after,
        (S->zrows ? S->zrows : S->G) * L->n_a, scratch, NULL, NULL, NULL, NULL
    };
    if (L->T > 1 && rnn_pgemm_fast ()) {
        REAL *ap = align64 (pack);
        if (trans == 'N') F(rnn_pack) (ap, 'N', v.R, v.ld, gna, L->n_a);
        else F(rnn_pack) (ap, 'T', v.R, v.ld, L->n_a, gna);
        v.Rp = ap;
    }
    return v;
}

/* rnn_pgemm, or rnn_pgemm_bias when bias is not NULL (then beta is 0),
 * its rows split with the stepper when there is one: the first half of
 * the panels here, the rest on the stepper, at once. */
typedef struct {
    size_t M, N, K;
    const REAL *Ap, *B;
    size_t ldb;
    REAL beta;
    const REAL *bias;
    REAL *C;
    size_t ldc;
} F(pg_task);

static void F(pg_task_run) (void *arg)
{
    const F(pg_task) *t = arg;
    if (t->bias)
        F(rnn_pgemm_bias) (t->M, t->N, t->K, t->Ap, t->B, t->ldb, t->bias,
                           t->C, t->ldc);
    else
        F(rnn_pgemm) (t->M, t->N, t->K, t->Ap, t->B, t->ldb, t->beta, t->C,
                      t->ldc, NULL);
}

static void F(pgemm_split) (rnn_stepper *s, size_t M, size_t N, size_t K,
                            const REAL *Ap, const REAL *B, size_t ldb,
                            REAL beta, const REAL *bias, REAL *C, size_t ldc)
{
    const size_t MR = F(rnn_pack_panel) ();
    const size_t panels = MR ? M / MR + (M % MR != 0) : 0;
    F(pg_task) t = { M, N, K, Ap, B, ldb, beta, bias, C, ldc };
    if (!s || !s->on || panels < 2 || N == 0 || K == 0) {
        F(pg_task_run) (&t);
        return;
    }
    const size_t M1 = (panels + 1) / 2 * MR;
    F(pg_task) t2 = { M - M1, N, K, Ap + M1 * K, B, ldb, beta,
                      bias ? bias + M1 : NULL, C + M1, ldc };
    stepper_run (s, F(pg_task_run), &t2);
    t.M = M1;
    F(pg_task_run) (&t);
    stepper_wait (s);
}

/* A stepper for this direction's time loop (see the top) when it runs
 * alone with BLAS threads to spare (big > 1) and a step's recurrent
 * product (2 G n_a n_a m FLOPs, forward or backward) is worth splitting;
 * v->stepper then points to s.  Products that go through BLAS (no packed
 * R) stay whole. */
static void F(stepper_for) (F(rnn_dir) *v, rnn_stepper *s, int big)
{
    const double flops = 2.0 * (double) v->gna * (double) v->n_a * (double) v->m;
    s->on = 0;
    if (v->Rp && big > 1 && flops >= rnn_mt_step_flops) {
        rnn_cpu_init ();
        if (stepper_start (s)) v->stepper = s;
    }
}

void F(rnn_rec) (const F(rnn_dir) *d, size_t M, const REAL *h, REAL beta,
                 REAL *C, size_t ldc)
{
    if (d->Rp)   /* packed rows 0..M-1: the first panels of the packed R */
        F(pgemm_split) (d->stepper, M, d->m, d->n_a, d->Rp, h, d->n_a, beta,
                        NULL, C, ldc);
    else
        F(rnn_gemm) ('N', 'N', M, d->m, d->n_a, 1, d->R, d->ld, h, d->n_a,
                     beta, C, ldc);
}

void F(rnn_rec_t) (const F(rnn_dir) *d, size_t K, const REAL *G, size_t ldg,
                   REAL beta, REAL *C)
{
    if (d->Rp && K == d->gna)   /* R' is packed whole: a full K only */
        F(pgemm_split) (d->stepper, d->n_a, d->m, K, d->Rp, G, ldg, beta,
                        NULL, C, d->n_a);
    else
        F(rnn_gemm) ('T', 'N', d->n_a, d->m, K, 1, d->R, d->ld, G, ldg, beta,
                     C, d->n_a);
}

/* dst[:, j] = src[:, j] for the columns j inactive at time t */
static void F(copy_inactive) (REAL *dst, const REAL *src, size_t n_a, size_t m,
                              const size_t *len, size_t t)
{
    for (size_t j = 0; j < m; j++)
        if (t >= len[j]) memcpy (dst + j*n_a, src + j*n_a, n_a * sizeof (REAL));
}

/* g[:, col] = b (+ bR), col < ncols, columns v->zld apart */
static void F(fill_bias) (REAL *g, const F(rnn_dir) *v, const REAL *bR,
                          size_t ncols)
{
    for (size_t col = 0; col < ncols; col++, g += v->zld) {
        if (bR) for (size_t i = 0; i < v->gna; i++) g[i] = v->b[i] + bR[i];
        else memcpy (g, v->b, v->gna * sizeof (REAL));
    }
}

static void F(fill_state) (REAL *dst, const REAL *src, size_t n)
{
    if (src) memcpy (dst, src, n * sizeof (REAL));
    else memset (dst, 0, n * sizeof (REAL));
}

/* One direction's pass, forward or backward, as a job that may run on the
 * sweep's second thread: the layer's arguments, the direction and its
 * share of the arrays. */
typedef struct {
    const F(rnn_cell_ops) *ops;
    const rnn_cell_shape *S;
    const rnn_layer *L;
    const rnn_plan *P;
    size_t d;
    int big;                  /* threads for big GEMMs (gemm_room) */
    const REAL *X;
    const F(rnn_params) *p;
    const size_t *len;
    REAL *work;               /* this direction's workspace */
    /* forward: h0, c0 of this direction; its Sh, Sc, Z; Y and hN, which
     * hold the states when Sh is NULL (top) */
    const REAL *h0, *c0;
    REAL *Sh, *Sc, *Z, *Y, *hN;
    /* backward: dX (this direction's target), the layer's dp, dh0, dc0,
     * dY, dhN, dcN; the whole cache Sh (merges read the other direction)
     * and this direction's Sc, Z */
    REAL *dX, *dh0, *dc0;
    const F(rnn_grads) *dp;
    const REAL *dY, *dhN, *dcN, *Sh_all, *Sc_d, *Z_d;
} F(dir_job);

/* Runs pass (job[d]) for the layer's directions, of `flops` each: the two
 * of a bidirectional layer at once when it pays (see the top), BLAS then
 * on one thread each; one direction with BLAS's threads for its big
 * GEMMs. */
static void F(run_dirs) (F(dir_job) *job, const rnn_plan *P, double flops,
                         void (*pass) (void *))
{
    const int nt = rnn_blas_threads ();
    const int two = P->D == 2 && nt > 1 && flops >= rnn_mt_dir_flops;
    if (nt > 1) rnn_blas_set_threads (1);
    for (size_t d = 0; d < P->D; d++) job[d].big = two ? 1 : nt;
    if (P->D == 2) {
        rnn_cpu_init ();
        run_two (pass, &job[0], &job[1], two);
    } else
        pass (&job[0]);
    if (nt > 1) rnn_blas_set_threads (nt);
}

/* Slot s of a direction's states (top): in Sh, or where Sh is NULL in Y
 * and hN.  sm = n_a*m. */
static REAL *F(state_slot) (const F(dir_job) *j, size_t s, size_t sm)
{
    if (j->Sh) return j->Sh + s * sm;
    if (is_reverse (j->L, j->d)) return s == j->L->T ? j->hN : j->Y + s * sm;
    return s == 0 ? j->hN : j->Y + (s - 1) * sm;
}

static void F(sweep_forward_dir) (void *job)
{
    const F(dir_job) *j = job;
    const F(rnn_cell_ops) *ops = j->ops;
    const rnn_cell_shape *S = j->S;
    const rnn_layer *L = j->L;
    const F(rnn_params) *p = j->p;
    const size_t *len = j->len;
    const REAL *X = j->X, *h0 = j->h0, *c0 = j->c0;
    REAL *Sh = j->Sh, *Sc = j->Sc, *Z = j->Z, *work = j->work;
    const size_t d = j->d;
    const size_t n_a = L->n_a, m = L->m, T = L->T, sm = n_a * m, gna = S->G * n_a;
    int rev = is_reverse (L, d);
    REAL *gx = S->zrows ? Z : work;
    REAL *scratch = S->zrows ? work : work + gna * m * T;
    REAL *pack = scratch + S->scratch * n_a * m;
    F(rnn_dir) v = F(dir_view) (L, j->P, S, d, p->W, p->R, p->b, p->bR, scratch,
                                pack, 'N');

    /* Input projection gx[:, col] = W x_col + b (+ bR when it folds: then
     * the cell's steps see no bR).  Step by step, with W packed, when the
     * steps' products have a kernel: each step's gx is then made while it
     * is in cache (for all steps at once it was written to memory and read
     * back: 9 MB for the M shape's GRU, which ran 10% faster so).  For
     * all steps in one GEMM when it is to run on two threads, and for
     * batches of fewer than 8 columns, whose products are too narrow for
     * the kernel (batch 1: 1.4x slower step by step; even at 8).  And for
     * all steps at once when the packed W and R, which every step then
     * reads, come to more than RNN_STEP_PACK_BYTES: in forward passes of
     * the L shape (n_x = n_a = 512, m = 64) timed alternately, one GEMM
     * was 15% (LSTM) and 16% (GRU) faster in double (16 and 12 MB) and 3%
     * for the single LSTM (8 MB), while the single GRU (6 MB) and a double
     * GRU with n_a = 384 (5.9 MB) stayed faster step by step. */
    const double pflops = 2.0 * gna * (double) (m * T) * L->n_x;
    const int two = j->big > 1 && pflops >= rnn_mt_gemm_flops;
    const double pbytes = sizeof (REAL) * ((double) F(rnn_pack_size) (gna, L->n_x)
                                           + (double) F(rnn_pack_size) (gna, n_a));
    const REAL *bR = S->bR_folds ? v.bR : NULL;
    REAL *Wp = NULL;
    if (v.Rp && L->n_x > 0 && m >= 8 && !two
        && pbytes <= RNN_STEP_PACK_BYTES) {
        Wp = align64 (pack + pack_room (gna, n_a));
        F(rnn_pack) (Wp, 'N', v.W, v.ld, gna, L->n_x);
    } else {   /* one GEMM */
        F(fill_bias) (gx, &v, bR, m * T);
        REAL *room = pack + pack_room (gna, n_a) + pack_room (gna, L->n_x);
        F(gemm_room) (&v, room, two);
        const REAL *Xg = X;          /* X's steps in the gate blocks' order */
        if (gate_block (L, d, 0) != 0) {   /* a reverse direction, T > 1 */
            REAL *xr = room + 2 * bgemm_room (gna, L->n_x, n_a, m * T);
            const size_t xs = m * L->n_x;
            for (size_t t = 0; t < T; t++)
                memcpy (xr + gate_block (L, d, t) * xs, X + t * xs,
                        xs * sizeof (REAL));
            Xg = xr;
        }
        if (!v.gw) blas_threads_for (pflops, j->big);
        F(rnn_big_gemm) (&v, 'N', 'N', gna, m * T, L->n_x, v.W, v.ld, Xg, L->n_x,
                         1, gx, v.zld);
        if (!v.gw) blas_threads_for (0, j->big);
    }
    if (bR) v.bR = NULL;

    F(fill_state) (F(state_slot) (j, rev ? T : 0, sm), h0, sm);
    if (S->has_c) F(fill_state) (Sc + (rev ? T : 0) * sm, c0, sm);
    rnn_stepper st;
    F(stepper_for) (&v, &st, j->big);
    for (size_t k = 0; k < T && !rnn_poll_stop (); k++) {
        size_t t = rev ? T - 1 - k : k;
        size_t ip = rev ? t + 1 : t, io = rev ? t : t + 1;
        REAL *c = S->has_c ? Sc + io * sm : NULL;
        const REAL *cp = S->has_c ? Sc + ip * sm : NULL;
        REAL *g = gx + gate_block (L, d, t) * m * v.zld;
        if (Wp && bR) {
            F(fill_bias) (g, &v, bR, m);
            F(pgemm_split) (v.stepper, gna, m, L->n_x, Wp, X + t * m * L->n_x,
                            L->n_x, 1, NULL, g, v.zld);
        } else if (Wp)      /* the kernel's sums start from b: no copy of b
                               into g first (5% of an S-shape GRU forward
                               pass with the copy and the read of g) */
            F(pgemm_split) (v.stepper, gna, m, L->n_x, Wp, X + t * m * L->n_x,
                            L->n_x, 0, v.b, g, v.zld);
        ops->step_forward (&v, g, F(state_slot) (j, io, sm), c,
                           F(state_slot) (j, ip, sm), cp);
        if (len) {   /* Sh is not NULL */
            F(copy_inactive) (Sh + io * sm, Sh + ip * sm, n_a, m, len, t);
            if (c) F(copy_inactive) (c, cp, n_a, m, len, t);
        }
    }
    stepper_stop (&st);
}

/* Output of direction d at time t, column j: its state after x_t, or NULL
 * where the column is inactive (the output is zero). */
static const REAL *F(out_col) (const rnn_layer *L, const REAL *Sh, size_t d,
                               size_t t, size_t j, const size_t *len)
{
    if (len && t >= len[j]) return NULL;
    size_t io = is_reverse (L, d) ? t : t + 1;
    return Sh + (io * L->m + j) * L->n_a;
}

static void F(merge_outputs) (REAL *Y, const rnn_layer *L, const rnn_plan *P,
                              const REAL *Sh, const size_t *len)
{
    const size_t n_a = L->n_a, m = L->m, T = L->T;
    const REAL *Sb = Sh + n_a * m * (T + 1);      /* reverse direction */
    if (P->D == 1 && !len) {   /* the states after each step, in a row: one
                                * copy, not one per column (3% of an S-shape
                                * RNN forward pass with its cache) */
        memcpy (Y, F(out_col) (L, Sh, 0, 0, 0, len), n_a * m * T * sizeof (REAL));
        return;
    }
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < m; j++) {
            REAL *y = Y + (t * m + j) * P->n_y;
            const REAL *f = F(out_col) (L, Sh, 0, t, j, len);
            if (!f) { memset (y, 0, P->n_y * sizeof (REAL)); continue; }
            if (P->D == 1) { memcpy (y, f, n_a * sizeof (REAL)); continue; }
            const REAL *b = F(out_col) (L, Sb, 1, t, j, len);
            /* one loop per merge, each vectorised: with a switch per
             * element the merge took 12% of a bidirectional M RNN forward
             * pass (perf), which now runs 7% faster */
            switch (L->merge) {
            case RNN_MERGE_CONCAT:
                memcpy (y, f, n_a * sizeof (REAL));
                memcpy (y + n_a, b, n_a * sizeof (REAL));
                break;
            case RNN_MERGE_SUM:
                for (size_t i = 0; i < n_a; i++) y[i] = f[i] + b[i];
                break;
            case RNN_MERGE_AVE:
                for (size_t i = 0; i < n_a; i++) y[i] = (f[i] + b[i]) / 2;
                break;
            case RNN_MERGE_MUL:
                for (size_t i = 0; i < n_a; i++) y[i] = f[i] * b[i];
                break;
            }
        }
}

rnn_status F(rnn_layer_forward) (REAL *Y, REAL *hN, REAL *cN, REAL *Sh,
                                 REAL *Sc, REAL *Z, const rnn_layer *L,
                                 const REAL *X, const REAL *h0, const REAL *c0,
                                 const F(rnn_params) *p, const size_t *len,
                                 REAL *work)
{
    rnn_plan P;
    rnn_status st = rnn_layer_plan (&P, L);
    if (st != RNN_OK) return st;
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    const F(rnn_cell_ops) *ops = F(ops_of) (L->cell);
    const size_t sm = L->n_a * L->m, T = L->T;
    const size_t shd = P.Sh / P.D, zd = P.Z / P.D, wd = P.work_fwd / P.D;
    if (len)
        for (size_t j = 0; j < L->m; j++)
            if (len[j] < 1 || len[j] > T) return RNN_ERR_ARG;
    /* Empty problems, whose arrays of no elements may be NULL (rnn_core.h):
     * no state (m = 0) means nothing to do; no step (T = 0) passes the
     * initial state through. */
    if (sm == 0) return RNN_OK;
    if (T == 0) {
        for (size_t d = 0; d < P.D; d++) {
            F(fill_state) (hN + d * sm, h0 ? h0 + d * sm : NULL, sm);
            if (Sh) F(fill_state) (Sh + d * shd, h0 ? h0 + d * sm : NULL, sm);
            if (S->has_c) {
                F(fill_state) (Sc + d * shd, c0 ? c0 + d * sm : NULL, sm);
                if (cN) F(fill_state) (cN + d * sm, c0 ? c0 + d * sm : NULL, sm);
            }
        }
        return RNN_OK;
    }
    if (!Sh && (P.D != 1 || len)) return RNN_ERR_ARG;   /* see rnn_core.h */
    REAL none[1] = { 0 };         /* n_x = 0: X and W have no elements */
    F(rnn_params) q = *p;
    if (!X) X = none;
    if (!q.W) q.W = none;
    p = &q;

    F(dir_job) job[2];
    for (size_t d = 0; d < P.D; d++)
        job[d] = (F(dir_job)) {
            .ops = ops, .S = S, .L = L, .P = &P, .d = d, .X = X, .p = p,
            .len = len, .work = work + d * wd,
            .h0 = h0 ? h0 + d * sm : NULL, .c0 = c0 ? c0 + d * sm : NULL,
            .Sh = Sh ? Sh + d * shd : NULL, .Sc = S->has_c ? Sc + d * shd : NULL,
            .Z = S->zrows ? Z + d * zd : NULL, .Y = Y, .hN = hN };
    rnn_poll_reset ();
    F(run_dirs) (job, &P, dir_flops (L, &P), F(sweep_forward_dir));
    if (rnn_poll_stopped ()) return RNN_ERR_INTERRUPTED;
    if (Sh) F(merge_outputs) (Y, L, &P, Sh, len);
    for (size_t d = 0; d < P.D; d++) {
        size_t last = is_reverse (L, d) ? 0 : T;
        memcpy (hN + d * sm, F(state_slot) (&job[d], last, sm), sm * sizeof (REAL));
        if (S->has_c && cN)
            memcpy (cN + d * sm, Sc + d * shd + last * sm, sm * sizeof (REAL));
    }
    return RNN_OK;
}

/* dh[:, j] += dL/d(output of direction d at t, column j), active columns */
static void F(add_output_grad) (REAL *dh, const rnn_layer *L, const rnn_plan *P,
                                size_t d, size_t t, const REAL *dY,
                                const REAL *Sh, const size_t *len)
{
    const size_t n_a = L->n_a, m = L->m;
    const REAL *So = Sh + (1 - d) * n_a * m * (L->T + 1);  /* other direction */
    for (size_t j = 0; j < m; j++) {
        if (len && t >= len[j]) continue;
        const REAL *dy = dY + (t * m + j) * P->n_y;
        REAL *g = dh + j * n_a;
        if (P->D == 1 || L->merge == RNN_MERGE_SUM)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i];
        else if (L->merge == RNN_MERGE_CONCAT)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[d * n_a + i];
        else if (L->merge == RNN_MERGE_AVE)
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i] / 2;
        else {
            const REAL *o = F(out_col) (L, So, 1 - d, t, j, len);
            for (size_t i = 0; i < n_a; i++) g[i] += dy[i] * o[i];
        }
    }
}

/* dst[:, j] = 0 for the columns inactive at t, keeping them in keep */
static void F(hold_inactive) (REAL *keep, REAL *dst, size_t n_a, size_t m,
                              const size_t *len, size_t t)
{
    for (size_t j = 0; j < m; j++)
        if (t >= len[j]) {
            memcpy (keep + j*n_a, dst + j*n_a, n_a * sizeof (REAL));
            memset (dst + j*n_a, 0, n_a * sizeof (REAL));
        }
}

static void F(sweep_backward_dir) (void *job)
{
    const F(dir_job) *j = job;
    const F(rnn_cell_ops) *ops = j->ops;
    const rnn_cell_shape *S = j->S;
    const rnn_layer *L = j->L;
    const rnn_plan *P = j->P;
    const F(rnn_params) *p = j->p;
    const F(rnn_grads) *dp = j->dp;
    const size_t *len = j->len;
    const REAL *X = j->X, *dY = j->dY, *dhN = j->dhN, *dcN = j->dcN;
    const REAL *Sh_all = j->Sh_all, *Sc = j->Sc_d, *Z = j->Z_d;
    REAL *dX = j->dX, *dh0 = j->dh0, *dc0 = j->dc0, *work = j->work;
    const size_t d = j->d;
    const size_t n_a = L->n_a, m = L->m, T = L->T, sm = n_a * m;
    const size_t dgld = S->dgrows * n_a;
    const REAL *Sh = Sh_all + d * (P->Sh / P->D);
    int rev = is_reverse (L, d);
    REAL *dG = work, *buf = work + dgld * m * T;
    REAL *dh = buf, *dhp = buf + sm, *dc = buf + 2*sm, *dcp = buf + 3*sm;
    REAL *keep_h = buf + 4*sm, *keep_c = buf + 5*sm, *scratch = buf + 6*sm;
    F(rnn_dir) v = F(dir_view) (L, P, S, d, p->W, p->R, p->b, p->bR, scratch,
                                scratch + S->scratch * sm, 'T');

    F(fill_state) (dh, dhN ? dhN + d * sm : NULL, sm);
    F(fill_state) (dc, dcN && S->has_c ? dcN + d * sm : NULL, sm);
    rnn_stepper st;
    F(stepper_for) (&v, &st, j->big);
    for (size_t k = 0; k < T && !rnn_poll_stop (); k++) {
        size_t t = rev ? k : T - 1 - k;
        size_t ip = rev ? t + 1 : t, io = rev ? t : t + 1;
        if (dY) F(add_output_grad) (dh, L, P, d, t, dY, Sh_all, len);
        if (len) {
            F(hold_inactive) (keep_h, dh, n_a, m, len, t);
            F(hold_inactive) (keep_c, dc, n_a, m, len, t);
        }
        const REAL *c = S->has_c ? Sc + io * sm : NULL;
        const REAL *cp = S->has_c ? Sc + ip * sm : NULL;
        const REAL *z = S->zrows ? Z + gate_block (L, d, t) * m * v.zld : NULL;
        ops->step_backward (&v, dG + t * m * dgld, dhp, dcp, dh, dc, z,
                            Sh + io * sm, c, Sh + ip * sm, cp);
        if (len) {   /* an inactive step passes its gradient through */
            F(copy_inactive) (dhp, keep_h, n_a, m, len, t);
            F(copy_inactive) (dcp, keep_c, n_a, m, len, t);
        }
        REAL *tmp = dh; dh = dhp; dhp = tmp;
        tmp = dc; dc = dcp; dcp = tmp;
    }
    stepper_stop (&st);
    if (rnn_poll_stopped ()) return;
    if (dh0) for (size_t i = 0; i < sm; i++) dh0[d * sm + i] += dh[i];
    if (dc0 && S->has_c) for (size_t i = 0; i < sm; i++) dc0[d * sm + i] += dc[i];

    size_t off = d * S->G * n_a;
    F(rnn_dgrads) g = { dp->W + off, dp->R + off, dp->b + off,
                        dp->bR ? dp->bR + off : NULL };
    /* the weight and input gradients: GEMMs of m*T columns */
    const double gflops = 2.0 * S->G * n_a * (double) (m * T)
                          * (L->n_x > n_a ? L->n_x : n_a);
    F(gemm_room) (&v, scratch + S->scratch * sm + pack_room (S->G * n_a, n_a),
                  j->big > 1 && gflops >= rnn_mt_gemm_flops);
    if (!v.gw) blas_threads_for (gflops, j->big);
    ops->grads (&v, dX, &g, dG, X, Sh + (rev ? sm : 0), Z);
    if (!v.gw) blas_threads_for (0, j->big);
}

rnn_status F(rnn_layer_backward) (REAL *dX, const F(rnn_grads) *dp, REAL *dh0,
                                  REAL *dc0, const rnn_layer *L, const REAL *dY,
                                  const REAL *dhN, const REAL *dcN,
                                  const REAL *X, const F(rnn_params) *p,
                                  const size_t *len, const REAL *Sh,
                                  const REAL *Sc, const REAL *Z, REAL *work)
{
    rnn_plan P;
    rnn_status st = rnn_layer_plan (&P, L);
    if (st != RNN_OK) return st;
    const rnn_cell_shape *S = rnn_cell_shape_of (L->cell);
    const F(rnn_cell_ops) *ops = F(ops_of) (L->cell);
    if (len)
        for (size_t j = 0; j < L->m; j++)
            if (len[j] < 1 || len[j] > L->T) return RNN_ERR_ARG;
    /* Empty problems, as in rnn_layer_forward: with no step the gradient
     * of the final state is that of the initial state. */
    if (P.state == 0) return RNN_OK;
    if (L->T == 0) {
        for (size_t i = 0; i < P.state; i++) {
            if (dh0 && dhN) dh0[i] += dhN[i];
            if (dc0 && dcN && S->has_c) dc0[i] += dcN[i];
        }
        return RNN_OK;
    }
    REAL none[1] = { 0 };         /* n_x = 0: X, W and dW have no elements */
    F(rnn_params) q = *p;
    F(rnn_grads) g = *dp;
    if (!X) X = none;
    if (!q.W) q.W = none;
    if (!g.W) g.W = none;
    p = &q; dp = &g;
    /* the reverse direction of two accumulates its dX in the workspace,
     * after the directions' own parts */
    const size_t nx = L->n_x * L->m * L->T, dxn = P.D == 2 ? nx : 0;
    const size_t wd = (P.work_bwd - dxn) / P.D;
    REAL *dX1 = dX && P.D == 2 ? work + P.D * wd : NULL;
    if (dX1) memset (dX1, 0, nx * sizeof (REAL));
    F(dir_job) job[2];
    for (size_t d = 0; d < P.D; d++)
        job[d] = (F(dir_job)) {
            .ops = ops, .S = S, .L = L, .P = &P, .d = d, .X = X, .p = p,
            .len = len, .work = work + d * wd,
            .dX = d == 1 && dX1 ? dX1 : dX, .dh0 = dh0, .dc0 = dc0, .dp = dp,
            .dY = dY, .dhN = dhN, .dcN = dcN, .Sh_all = Sh,
            .Sc_d = S->has_c ? Sc + d * (P.Sc / P.D) : NULL,
            .Z_d = S->zrows ? Z + d * (P.Z / P.D) : NULL };
    rnn_poll_reset ();
    F(run_dirs) (job, &P, 2 * dir_flops (L, &P), F(sweep_backward_dir));
    if (rnn_poll_stopped ()) return RNN_ERR_INTERRUPTED;
    if (dX1) for (size_t i = 0; i < nx; i++) dX[i] += dX1[i];
    return RNN_OK;
}

void F(rnn_grads_plain) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                         const REAL *dG, const REAL *X, const REAL *Hp, size_t G)
{
    const size_t rows = G * d->n_a, mT = d->m * d->T;
    if (dX)
        F(rnn_big_gemm) (d, 'T', 'N', d->n_x, mT, rows, d->W, d->ld, dG, rows,
                         1, dX, d->n_x);
    F(rnn_big_gemm2) (d, 'N', 'T', rows, mT, dG, rows, d->n_x, X, d->n_x, g->W,
                      d->ld, d->n_a, Hp, d->n_a, g->R, d->ld, 1);
    F(rnn_rowsum_acc) (g->b, dG, rows, rows, mT);
    if (g->bR) F(rnn_rowsum_acc) (g->bR, dG, rows, rows, mT);
}
#endif
