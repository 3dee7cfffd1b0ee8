/* poll.c - the layers' check for a request to stop (rnn_set_poll): a long
 * layer call can be interrupted between time steps, and returns
 * RNN_ERR_INTERRUPTED with nothing allocated behind the caller's back. */
#include "internal.h"

static int (*poll_fn) (void);
static int stopped;   /* the current layer call was asked to stop */

void rnn_set_poll (int (*poll) (void))
{
    poll_fn = poll;
}

void rnn_poll_reset (void)
{
    __atomic_store_n (&stopped, 0, __ATOMIC_RELAXED);
}

int rnn_poll_stop (void)
{
    if (__atomic_load_n (&stopped, __ATOMIC_RELAXED)) return 1;
    if (poll_fn && poll_fn ()) {
        __atomic_store_n (&stopped, 1, __ATOMIC_RELAXED);
        return 1;
    }
    return 0;
}

int rnn_poll_stopped (void)
{
    return __atomic_load_n (&stopped, __ATOMIC_RELAXED);
}
