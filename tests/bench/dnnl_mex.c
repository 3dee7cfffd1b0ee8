/*
 * dnnl_mex.c - oneDNN's RNN primitives inside Octave, for bench.m: the
 * same set-up and passes as the dnnl_bench program (this file includes
 * dnnl_bench.c with DNNL_BENCH_MEX defined), so that the benchmark times
 * oneDNN and the toolbox in one process, one sample of each in turn.
 * Bench-only: `make bench` builds it when libdnnl-dev is installed.
 *
 *   h  = dnnl_mex ("new", cell, dir, n_x, n_a, m, T)
 *        set up a problem (cell "rnn" | "gru" | "lstm", dir "forward" |
 *        "bidirectional"); h is its handle (a double)
 *   s  = dnnl_mex ("run", h, mode, n)
 *        n executions of mode 0 (forward_training) or 1 (forward_training,
 *        zeroing of the weight gradients, backward); s is the seconds per
 *        execution
 *   tx = dnnl_mex ("info", h)     the harness's '#' information lines
 *   dnnl_mex ("free", h)
 *
 * Octave puts "dnnl_mex: " before the messages of its errors.
 * Threads: oneDNN's OpenMP runtime reads OMP_NUM_THREADS when it loads.
 */
#define DNNL_BENCH_MEX 1
#include "dnnl_bench.c"

#define NSLOTS 8
static bench_t *slots[NSLOTS];
static int ready[NSLOTS]; /* bench_init returned (it may raise an error) */

static void free_all(void) {
    for (int i = 0; i < NSLOTS; ++i)
        if (slots[i]) {
            bench_free(slots[i]);
            free(slots[i]);
            slots[i] = NULL;
            ready[i] = 0;
        }
    if (stream) dnnl_stream_destroy(stream);
    if (engine) dnnl_engine_destroy(engine);
    stream = NULL;
    engine = NULL;
}

static double scalar_arg(const mxArray *a, const char *what, double lo, double hi) {
    if (!mxIsDouble(a) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfElements(a) != 1)
        mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput", "%s must be a real double scalar", what);
    double v = mxGetScalar(a);
    if (!(v >= lo && v <= hi) || v != (double)(long)v)
        mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput",
                          "%s must be an integer in [%g, %g]", what, lo, hi);
    return v;
}

static bench_t *slot_arg(const mxArray *a) {
    int h = (int)scalar_arg(a, "the handle", 1, NSLOTS);
    if (!slots[h - 1] || !ready[h - 1])
        mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput", "no problem has handle %d", h);
    return slots[h - 1];
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[]) {
    char verb[8], s[16];
    (void)nlhs;
    mexAtExit(free_all);
    if (nrhs < 1 || !mxIsChar(prhs[0]) || mxGetString(prhs[0], verb, sizeof verb))
        mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput",
                          "the first argument must be \"new\", \"run\", \"info\" or \"free\"");

    if (!strcmp(verb, "new") && nrhs == 7) {
        problem_t p;
        if (!mxIsChar(prhs[1]) || mxGetString(prhs[1], s, sizeof s))
            s[0] = '\0';
        if (!strcmp(s, "rnn")) p.cell = CELL_RNN, p.G = 1, p.Gb = 1;
        else if (!strcmp(s, "gru")) p.cell = CELL_GRU, p.G = 3, p.Gb = 4;
        else if (!strcmp(s, "lstm")) p.cell = CELL_LSTM, p.G = 4, p.Gb = 4;
        else mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput",
                               "CELL must be \"rnn\", \"gru\" or \"lstm\"");
        if (!mxIsChar(prhs[2]) || mxGetString(prhs[2], s, sizeof s))
            s[0] = '\0';
        if (!strcmp(s, "forward")) p.D = 1;
        else if (!strcmp(s, "bidirectional")) p.D = 2;
        else mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput",
                               "DIR must be \"forward\" or \"bidirectional\"");
        p.nx = (long)scalar_arg(prhs[3], "n_x", 1, 65536);
        p.na = (long)scalar_arg(prhs[4], "n_a", 1, 65536);
        p.m = (long)scalar_arg(prhs[5], "m", 1, 65536);
        p.T = (long)scalar_arg(prhs[6], "T", 1, 65536);
        int h = 0;
        for (h = 0; h < NSLOTS; ++h)   /* what a failed "new" left */
            if (slots[h] && !ready[h]) {
                bench_free(slots[h]);
                free(slots[h]);
                slots[h] = NULL;
            }
        h = 0;
        while (h < NSLOTS && slots[h]) ++h;
        if (h == NSLOTS)
            mexErrMsgIdAndTxt("rnn:dnnl_mex:tooMany", "%d problems are set up: free one", NSLOTS);
        bench_t *bn = calloc(1, sizeof *bn);
        if (!bn) mexErrMsgIdAndTxt("rnn:dnnl_mex:outOfMemory", "out of memory");
        slots[h] = bn;   /* before bench_init, which may raise an error */
        bench_init(bn, &p);
        ready[h] = 1;
        plhs[0] = mxCreateDoubleScalar(h + 1);
    } else if (!strcmp(verb, "run") && nrhs == 4) {
        bench_t *bn = slot_arg(prhs[1]);
        int mode = (int)scalar_arg(prhs[2], "MODE", 0, 1);
        long n = (long)scalar_arg(prhs[3], "N", 1, 1e9);
        double t0 = now_ms();
        for (long k = 0; k < n; ++k) {
            if (mode) bench_forward_backward(bn);
            else bench_forward(bn);
        }
        plhs[0] = mxCreateDoubleScalar((now_ms() - t0) * 1e-3 / (double)n);
    } else if (!strcmp(verb, "info") && nrhs == 2) {
        char info[1024];
        bench_info(slot_arg(prhs[1]), info, sizeof info);
        plhs[0] = mxCreateString(info);
    } else if (!strcmp(verb, "free") && nrhs == 2) {
        bench_t *bn = slot_arg(prhs[1]);
        int h = (int)mxGetScalar(prhs[1]);
        bench_free(bn);
        free(bn);
        slots[h - 1] = NULL;
        ready[h - 1] = 0;
    } else {
        mexErrMsgIdAndTxt("rnn:dnnl_mex:invalidInput",
                          "see tests/bench/dnnl_mex.c for the calls and their arguments");
    }
}
