/* threads.c - the threads a layer runs on.
 *
 * A layer may use as many threads as the BLAS may (OpenBLAS's count:
 * OPENBLAS_NUM_THREADS; 1 under a BLAS that cannot be asked), and uses
 * them only where a second thread repays its cost (waking a core, moving
 * half a result between the cores' caches); the thresholds are in
 * tuning.h:
 *   - the time steps, and every GEMM of less than rnn_mt_gemm_flops, run
 *     on one thread: a step's product or a small input projection is too
 *     short to repay waking BLAS's second thread;
 *   - the big products (input projection, weight and input gradients) of
 *     rnn_mt_gemm_flops or more run on two threads: rnn_big_gemm (gemm.c)
 *     splits rnn_bgemm's work between them, each element made as on one
 *     thread (BLAS's threads where pgemm.c has no kernel);
 *   - the two directions of a bidirectional layer run on two threads of
 *     the sweep's own when a direction's pass (forward, or backward: twice
 *     the FLOPs) has rnn_mt_dir_flops or more, BLAS on one thread in each;
 *   - a direction that runs alone with threads to spare (a unidirectional
 *     layer, or the directions one after the other) splits each step's
 *     packed product (the recurrent one, and the input projection when it
 *     goes step by step) by rows with a thread of its own, the stepper,
 *     when the product has rnn_mt_step_flops or more.  The stepper waits
 *     for its half of the next product spinning, then yielding, on another
 *     CPU than the layer's thread; it lives for one direction's time loop.
 *     Each element of a product is still computed by one thread with the
 *     same kernel and order of sums, the rows split at a panel's boundary:
 *     the results are the same bits.
 *     Nothing is shared but the inputs: each direction has its own rows of
 *     the parameters' gradients, slices of the states, cache and
 *     workspace; the reverse direction's dX goes to a workspace buffer
 *     added to dX after both finish (in one thread too, so that results do
 *     not depend on the thread count).
 * The sweep's thread blocks all signals (Octave's are for its own thread)
 * and is joined before the layer returns. */
#if defined __linux__ && !defined _GNU_SOURCE
#define _GNU_SOURCE   /* the stepper's CPU: sched_getcpu, *_affinity_np */
#endif
#include "threads.h"

double rnn_mt_dir_flops = RNN_MT_DIR_FLOPS, rnn_mt_gemm_flops = RNN_MT_GEMM_FLOPS,
       rnn_mt_step_flops = RNN_MT_STEP_FLOPS;

void rnn_blas_threads_for (double flops, int big)
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
 * moves it, which it need not do while another process's thread, or a
 * BLAS worker spinning after its last call, keeps the other core busy:
 * the two threads would then take turns on one core.
 * 1 if it was made; 0 if not, or when this thread may run on one CPU only
 * (taskset), where a second thread only adds its hand-offs. */
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
void rnn_run_two (void (*fn) (void *), void *a0, void *a1, int two)
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
#ifdef RNN_STEPPER
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

int rnn_stepper_start (rnn_stepper *s)
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

/* fn (arg) on the stepper (or, see rnn_stepper_wait, on this thread) */
void rnn_stepper_run (rnn_stepper *s, void (*fn) (void *), void *arg)
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

void rnn_stepper_wait (rnn_stepper *s)
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

void rnn_stepper_stop (rnn_stepper *s)
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

