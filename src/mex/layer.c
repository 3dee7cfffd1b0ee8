/* layer.c - the MEX file of the layer functions.
 *
 *   [Y, hN, cN, S] = __layer__ ("forward", ...)        layer_forward.c
 *   [dX, dp, dh0, dc0] = __layer__ ("backward", ...)   layer_backward.c
 *   [entries, bytes, window] = __layer__ ("pool")      the pool, for tests
 *
 * (S: the cache's key in the pool, or its arrays {Sh, Sc, Z, fingerprint};
 * a cell step's {Sh, Sc, Z}.)
 *
 * One MEX file for both passes, so that they share the pool of caches
 * (cache_pool.h) and the workspace. */
#include "layer_args.h"
#include "cache_pool.h"
#include <string.h>

void mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char verb[16] = "";
    if (nrhs < 1 || !mxIsChar (prhs[0]) || mxGetString (prhs[0], verb, sizeof verb))
        verb[0] = 0;
    rnn_set_poll (rnn_mex_poll);   /* Ctrl-C stops a layer between steps */
    if (strcmp (verb, "forward") == 0)
        rnn_layer_forward_gateway (nlhs, plhs, nrhs - 1, prhs + 1);
    else if (strcmp (verb, "backward") == 0)
        rnn_layer_backward_gateway (nlhs, plhs, nrhs - 1, prhs + 1);
    else if (strcmp (verb, "pool") == 0 && nrhs == 1) {
        size_t v[3];
        rnn_pool_stats (&v[0], &v[1], &v[2]);
        plhs[0] = mxCreateDoubleMatrix (1, 3, mxREAL);
        for (int k = 0; k < 3; k++) mxGetPr (plhs[0])[k] = (double) v[k];
    } else
        rnn_mex_error ("__layer__", "nargin", "internal gateway called with "
                       "bad arguments");
}
