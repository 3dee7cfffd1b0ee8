/* threads.h - the layer's threads (threads.c), for the files that run
 * work on them: sweep.c (the directions, the stepper's lifetime) and
 * gemm.c (the big products' halves, the steps' split products). */
#ifndef RNN_THREADS_H
#define RNN_THREADS_H

#include "internal.h"

#ifdef RNN_HAVE_PTHREAD
#include <pthread.h>
#endif

/* The stepper needs threads and GCC's __atomic builtins; without them a
 * stepper never starts and its tasks run on the layer's thread. */
#if defined RNN_HAVE_PTHREAD && defined __GNUC__ && defined __ATOMIC_ACQUIRE
#define RNN_STEPPER 1
#endif

/* A second thread that runs half of each step's product (threads.c). */
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

/* Starts s's thread; 0 (s->on = 0) where there are no threads or none
 * could be made: the tasks then run on the calling thread. */
int rnn_stepper_start (rnn_stepper *s);
/* Posts fn (arg) to the stepper and returns at once. */
void rnn_stepper_run (rnn_stepper *s, void (*fn) (void *), void *arg);
/* Returns when the posted task has run (on the stepper, or here if the
 * stepper had not started it). */
void rnn_stepper_wait (rnn_stepper *s);
/* Ends s's thread (nothing if it has none). */
void rnn_stepper_stop (rnn_stepper *s);

/* fn (a0) and fn (a1): at once on two threads when `two` (and a thread
 * can be made), else one after the other. */
void rnn_run_two (void (*fn) (void *), void *a0, void *a1, int two);

/* BLAS threads for a GEMM of `flops` FLOPs where rnn_bgemm has no kernel:
 * `big` if the product has rnn_mt_gemm_flops or more, else 1; nothing
 * when big <= 1.  Only from the layer's one thread. */
void rnn_blas_threads_for (double flops, int big);

#endif
