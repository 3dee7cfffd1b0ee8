/*
 * dnnl_bench.c - time oneDNN's RNN primitives (forward, forward+backward)
 * as the external "vendor library" reference for the rnn toolbox benchmark.
 *
 * Build (from the repository root; oneDNN 2.x C API, Debian's libdnnl-dev):
 *
 *     cc -O2 -std=c99 tests/bench/dnnl_bench.c -ldnnl -lm -o dnnl_bench
 *
 * (-lm is needed: libm is only an indirect dependency through libdnnl,
 * and the linker does not resolve exp/tanh from it.)
 *
 * Usage:
 *
 *     OMP_NUM_THREADS=1 ./dnnl_bench CELL DIR n_x n_a m T REPS
 *
 *   CELL  rnn (vanilla, tanh) | gru (linear-before-reset GRU, i.e. PyTorch's
 *         GRU) | lstm (no peepholes, no projection)
 *   DIR   forward (unidirectional left-to-right) | bidirectional (concat)
 *   n_x   input features, n_a hidden units, m batch size, T time steps
 *   REPS  timed repetitions per mode (one untimed warm-up precedes them)
 *
 * Output (stdout):
 *
 *     line 1:  fwd_median_ms fwdbwd_median_ms
 *     then:    information lines starting with '#' (library version, ISA,
 *              threads, chosen implementations and weight formats, a
 *              checksum of the results).
 *
 * With DNNL_BENCH_CHECK=1 in the environment the program also checks the
 * results against a plain double-precision reference of the cell equations
 * (forward outputs and final states) and the gradients against central
 * finite differences of that reference; it prints the worst errors on '#'
 * lines and exits with status 3 if they are not small.  The reference is a
 * naive triple loop, so use the check with small shapes only.
 *
 * What is timed:
 *   fwd     one execution of the forward_training primitive (which also
 *           writes the workspace that backward needs).
 *   fwdbwd  forward_training, zeroing of the weight/bias gradients (oneDNN's
 *           RNN backward accumulates into them), and the backward primitive
 *           computing diff_src_layer, diff_src_iter(_c), diff_weights_layer,
 *           diff_weights_iter and diff_bias.
 * The user's weights (plain ldigo layout) are reordered once, before timing,
 * into whatever layouts the forward and backward primitives chose (format
 * tag "any"), as a training framework that caches reordered weights would.
 * The cost of those reorders is reported separately on a '#' line
 * (weights_reorder_ms) because a framework has to redo them after every
 * optimiser step.
 *
 * oneDNN conventions worth knowing (checked by DNNL_BENCH_CHECK=1):
 *   - weights are 5-D {layers, directions, inputs, gates, outputs}; the
 *     plain user layout here is ldigo.  With format "any" the forward
 *     primitive chose ldigo and the backward primitive ldgoi, both with a
 *     padded leading dimension, so the user weights need two reorders;
 *     the weight gradients come back in padded ldigo.
 *   - gate order: LSTM [i f c~ o] (as PyTorch); GRU [u r o], i.e. PyTorch's
 *     [r z n] with the first two blocks swapped (u = z, o = n).
 *   - the linear-before-reset GRU bias has 4 blocks: the 4th is PyTorch's
 *     b_hn (added to U_o h inside the reset product); for the other gates
 *     oneDNN has a single bias, PyTorch's b_ih + b_hh.
 *   - bidirectional_concat: dst_layer has 2*n_a channels, forward first;
 *     states are {1, 2, m, n_a} (ldnc), direction 1 = reverse.
 *   - backward needs the workspace written by forward_training, and it
 *     accumulates into diff_weights_* / diff_bias (zero them first).
 *
 * Exit status: 0 success, 1 usage error, 2 oneDNN/allocation failure,
 * 3 numerical check failed.
 */

#define _GNU_SOURCE /* clock_gettime, dlsym(RTLD_DEFAULT, ...) */

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>

/* ------------------------------------------------------------------------ */
/* Error handling                                                           */
/* ------------------------------------------------------------------------ */

/* Every oneDNN call goes through CHECK: on failure, say what failed and
 * stop: the program exits with status 2; built into dnnl_mex (tests/bench/
 * dnnl_mex.c, DNNL_BENCH_MEX defined) it raises an Octave error instead,
 * since exiting would end the Octave session. */
#ifdef DNNL_BENCH_MEX
#include "mex.h"
#define FAIL(code, ...) mexErrMsgIdAndTxt("rnn:dnnl_mex:failed", __VA_ARGS__)
#else
#define FAIL(code, ...) \
    (fprintf(stderr, "dnnl_bench: " __VA_ARGS__), fputc('\n', stderr), exit(code))
#endif

#define CHECK(call)                                                        \
    do {                                                                   \
        dnnl_status_t st_ = (call);                                        \
        if (st_ != dnnl_success)                                           \
            FAIL(2, "%s failed (line %d): %s", #call, __LINE__,            \
                 dnnl_status2str(st_));                                    \
    } while (0)

static void die(int code, const char *msg) {
    (void)code; /* unused in the MEX file */
    FAIL(code, "%s", msg);
}

#ifndef DNNL_BENCH_MEX
static void usage(void) {
    fprintf(stderr,
            "usage: dnnl_bench CELL DIR n_x n_a m T REPS\n"
            "  CELL rnn|gru|lstm, DIR forward|bidirectional, REPS >= 1\n");
    exit(1);
}
#endif

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) { /* sorts v in place */
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return (n % 2) ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Deterministic xorshift64* generator; uniform values in [-a, a]. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static float urand(float a) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    uint64_t r = rng_state * 0x2545F4914F6CDD1Dull;
    double u = (double)(r >> 11) * (1.0 / 9007199254740992.0); /* [0,1) */
    return (float)(a * (2.0 * u - 1.0));
}

#ifndef DNNL_BENCH_MEX
static long parse_pos(const char *s) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v <= 0) usage();
    return v;
}
#endif

/* ------------------------------------------------------------------------ */
/* Memory helpers                                                           */
/* ------------------------------------------------------------------------ */

static dnnl_engine_t engine;
static dnnl_stream_t stream;

/* Plain f32 memory descriptor with the given dims and layout tag. */
static dnnl_memory_desc_t md_tag(int nd, const dnnl_dims_t dims,
                                 dnnl_format_tag_t tag) {
    dnnl_memory_desc_t md;
    CHECK(dnnl_memory_desc_init_by_tag(&md, nd, dims, dnnl_f32, tag));
    return md;
}

/* Memory object (library-allocated) for a descriptor. */
static dnnl_memory_t mem_new(const dnnl_memory_desc_t *md) {
    dnnl_memory_t m;
    CHECK(dnnl_memory_create(&m, md, engine, DNNL_MEMORY_ALLOCATE));
    return m;
}

/* Memory object for one execution argument of a primitive descriptor,
 * in the layout that primitive chose. */
static dnnl_memory_t mem_for_arg(const_dnnl_primitive_desc_t pd, int arg) {
    const dnnl_memory_desc_t *md =
            dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg);
    if (!md) die(2, "query of an argument memory descriptor failed");
    return mem_new(md);
}

static float *mem_ptr(dnnl_memory_t m) {
    void *p = NULL;
    CHECK(dnnl_memory_get_data_handle(m, &p));
    return (float *)p;
}

static size_t mem_bytes(dnnl_memory_t m) {
    const dnnl_memory_desc_t *md;
    CHECK(dnnl_memory_get_memory_desc(m, &md));
    return dnnl_memory_desc_get_size(md);
}

static const dnnl_memory_desc_t *mem_md(dnnl_memory_t m) {
    const dnnl_memory_desc_t *md;
    CHECK(dnnl_memory_get_memory_desc(m, &md));
    return md;
}

static void fill_uniform(dnnl_memory_t m, float a) {
    float *p = mem_ptr(m);
    size_t n = mem_bytes(m) / sizeof(float);
    for (size_t i = 0; i < n; ++i) p[i] = urand(a);
}

static void fill_zero(dnnl_memory_t m) { memset(mem_ptr(m), 0, mem_bytes(m)); }

/* A reorder src -> dst (layouts taken from the memory objects). */
typedef struct {
    dnnl_primitive_t prim;
    dnnl_memory_t src, dst;
} reorder_t;

static reorder_t reorder_new(dnnl_memory_t src, dnnl_memory_t dst) {
    reorder_t r;
    dnnl_primitive_desc_t pd;
    CHECK(dnnl_reorder_primitive_desc_create(&pd, mem_md(src), engine,
                                             mem_md(dst), engine, NULL));
    CHECK(dnnl_primitive_create(&r.prim, pd));
    CHECK(dnnl_primitive_desc_destroy(pd));
    r.src = src;
    r.dst = dst;
    return r;
}

static void reorder_run(const reorder_t *r) {
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, r->src}, {DNNL_ARG_TO, r->dst}};
    CHECK(dnnl_primitive_execute(r->prim, stream, 2, args));
    CHECK(dnnl_stream_wait(stream));
}

#ifndef DNNL_BENCH_MEX /* for the check */
/* Copy m into a new memory object with layout `md` (used to read results
 * that the primitive may keep in a blocked/packed layout). */
static dnnl_memory_t to_layout(dnnl_memory_t m, const dnnl_memory_desc_t *md) {
    dnnl_memory_t out = mem_new(md);
    reorder_t r = reorder_new(m, out);
    reorder_run(&r);
    CHECK(dnnl_primitive_destroy(r.prim));
    return out;
}
#endif

/* Short description of a weights layout, e.g. "ldigo" or "ldgoi+pad":
 * plain (non-blocked) layouts are named by their dimension order (largest
 * stride first; 5-D RNN weights dims are l,d,i,g,o); "+pad" means the
 * strides leave gaps (oneDNN pads the leading dimension for its GEMMs);
 * other layouts are named by their format kind (e.g. "rnn_packed"). */
static const char *layout_name(const dnnl_memory_desc_t *md) {
    static char buf[8][32]; /* a few results may be in use at once */
    static int next = 0;
    char *s = buf[next++ % 8];
    const int nd = md->ndims;
    if (md->format_kind != dnnl_blocked || md->format_desc.blocking.inner_nblks
            || nd != 5)
        return md->format_kind == dnnl_blocked ? "blocked"
                                               : dnnl_fmt_kind2str(md->format_kind);
    const char *names = "ldigo";
    int order[5], used[5] = {0};
    for (int k = 0; k < nd; ++k) { /* selection by decreasing stride */
        int best = -1;
        for (int i = 0; i < nd; ++i)
            if (!used[i] && (best < 0 || md->format_desc.blocking.strides[i]
                                    > md->format_desc.blocking.strides[best]))
                best = i;
        used[best] = 1;
        order[k] = best;
    }
    for (int k = 0; k < nd; ++k) s[k] = names[order[k]];
    s[nd] = '\0';
    size_t dense = sizeof(float);
    for (int i = 0; i < nd; ++i) dense *= (size_t)md->dims[i];
    if (dnnl_memory_desc_get_size(md) > dense) strcat(s, "+pad");
    return s;
}

/* ------------------------------------------------------------------------ */
/* Problem                                                                  */
/* ------------------------------------------------------------------------ */

enum { CELL_RNN, CELL_GRU, CELL_LSTM };

typedef struct {
    int cell;      /* CELL_* */
    int D;         /* directions: 1 or 2 */
    long nx, na, m, T;
    int G;         /* gates: 1, 3, 4 */
    int Gb;        /* bias gates: G, or 4 for linear-before-reset GRU */
} problem_t;

/* Tensors of one benchmark, all f32. "User" tensors are in plain layouts:
 * src/dst layer tnc, states ldnc, weights ldigo, bias ldgo. */
typedef struct {
    /* forward inputs */
    dnnl_memory_t x, h0, c0, W_user, R_user, b;
    /* weights in the primitives' chosen layouts */
    dnnl_memory_t W_fwd, R_fwd, W_bwd, R_bwd;
    /* forward outputs */
    dnnl_memory_t y, hT, cT, ws;
    /* backward inputs (output gradients) */
    dnnl_memory_t dy, dhT, dcT;
    /* backward outputs */
    dnnl_memory_t dx, dh0, dc0, dW, dR, db;
} tensors_t;

#ifndef DNNL_BENCH_MEX /* the check is the program's alone */
/* ------------------------------------------------------------------------ */
/* Double-precision reference (for DNNL_BENCH_CHECK=1)                      */
/* ------------------------------------------------------------------------ */

static double sigm(double v) { return 1.0 / (1.0 + exp(-v)); }

/* Reference forward of the whole layer with oneDNN's conventions:
 *   layouts as the user tensors above; gate order LSTM [i f c~ o],
 *   GRU [u r o] (u = update gate z, o = candidate n), vanilla RNN tanh;
 *   linear-before-reset GRU bias has a 4th block b_u' added to U_o h only:
 *     u = s(Wu x + Uu h + bu),  r = s(Wr x + Ur h + br),
 *     o = tanh(Wo x + bo + r .* (Uo h + bu')),  h = u .* h_prev + (1-u) .* o
 * Returns sum(y .* dy); writes y/hT/cT if the pointers are non-NULL. */
static double ref_forward(const problem_t *p, const float *x, const float *h0,
                          const float *c0, const float *W, const float *R,
                          const float *b, const float *dy, double *y,
                          double *hT, double *cT) {
    const long nx = p->nx, na = p->na, m = p->m, T = p->T;
    const int G = p->G, Gb = p->Gb, D = p->D;
    double *h = malloc(sizeof(double) * na);
    double *c = malloc(sizeof(double) * na);
    double *gx = malloc(sizeof(double) * G * na); /* W x + b */
    double *gh = malloc(sizeof(double) * G * na); /* R h     */
    if (!h || !c || !gx || !gh) die(2, "out of memory");
    double loss = 0.0;

    for (int d = 0; d < D; ++d)
        for (long n = 0; n < m; ++n) {
            for (long o = 0; o < na; ++o) {
                h[o] = h0[(d * m + n) * na + o];
                c[o] = c0 ? c0[(d * m + n) * na + o] : 0.0;
            }
            for (long s = 0; s < T; ++s) {
                long t = (d == 0) ? s : T - 1 - s; /* reverse direction */
                const float *xt = x + (t * m + n) * nx;
                for (int g = 0; g < G; ++g)
                    for (long o = 0; o < na; ++o) {
                        double ax = b[(d * Gb + g) * na + o], ah = 0.0;
                        for (long i = 0; i < nx; ++i)
                            ax += xt[i] * (double)W[((d * nx + i) * G + g) * na + o];
                        for (long j = 0; j < na; ++j)
                            ah += h[j] * (double)R[((d * na + j) * G + g) * na + o];
                        gx[g * na + o] = ax;
                        gh[g * na + o] = ah;
                    }
                for (long o = 0; o < na; ++o) {
                    if (p->cell == CELL_RNN) {
                        h[o] = tanh(gx[o] + gh[o]);
                    } else if (p->cell == CELL_LSTM) {
                        double ig = sigm(gx[o] + gh[o]);
                        double fg = sigm(gx[na + o] + gh[na + o]);
                        double cg = tanh(gx[2 * na + o] + gh[2 * na + o]);
                        double og = sigm(gx[3 * na + o] + gh[3 * na + o]);
                        c[o] = fg * c[o] + ig * cg;
                        h[o] = og * tanh(c[o]);
                    } else {
                        double u = sigm(gx[o] + gh[o]);
                        double r = sigm(gx[na + o] + gh[na + o]);
                        double bu2 = b[(d * Gb + 3) * na + o];
                        double cand = tanh(gx[2 * na + o] + r * (gh[2 * na + o] + bu2));
                        h[o] = u * h[o] + (1.0 - u) * cand;
                    }
                }
                for (long o = 0; o < na; ++o) {
                    long k = (t * m + n) * (D * na) + d * na + o;
                    if (y) y[k] = h[o];
                    loss += h[o] * dy[k];
                }
            }
            for (long o = 0; o < na; ++o) {
                if (hT) hT[(d * m + n) * na + o] = h[o];
                if (cT) cT[(d * m + n) * na + o] = c[o];
            }
        }
    free(h); free(c); free(gx); free(gh);
    return loss;
}

/* Max |a - b| over n floats vs doubles. */
static double max_abs_diff(const float *a, const double *b, size_t n) {
    double e = 0.0;
    for (size_t i = 0; i < n; ++i) {
        double v = fabs((double)a[i] - b[i]);
        if (v > e) e = v;
    }
    return e;
}

/* Check oneDNN's forward results against the reference and its gradients
 * against central differences of the reference loss sum(y .* dy) (the output
 * state gradients dhT, dcT are zero, so they do not enter the loss).
 * Returns 0 if everything is within tolerance. */
static int run_check(const problem_t *p, tensors_t *t) {
    const long ny = p->T * p->m * p->D * p->na, ns = p->D * p->m * p->na;
    int bad = 0;

    /* oneDNN's gradients in the user layouts. */
    dnnl_memory_t dW = to_layout(t->dW, mem_md(t->W_user));
    dnnl_memory_t dR = to_layout(t->dR, mem_md(t->R_user));
    dnnl_memory_t db = to_layout(t->db, mem_md(t->b));

    float *x = mem_ptr(t->x), *h0 = mem_ptr(t->h0), *W = mem_ptr(t->W_user),
          *R = mem_ptr(t->R_user), *b = mem_ptr(t->b), *dy = mem_ptr(t->dy);
    float *c0 = (p->cell == CELL_LSTM) ? mem_ptr(t->c0) : NULL;

    /* Forward values. */
    double *y = malloc(sizeof(double) * ny), *hT = malloc(sizeof(double) * ns),
           *cT = malloc(sizeof(double) * ns);
    if (!y || !hT || !cT) die(2, "out of memory");
    ref_forward(p, x, h0, c0, W, R, b, dy, y, hT, cT);
    double ey = max_abs_diff(mem_ptr(t->y), y, (size_t)ny);
    double eh = max_abs_diff(mem_ptr(t->hT), hT, (size_t)ns);
    double ec = c0 ? max_abs_diff(mem_ptr(t->cT), cT, (size_t)ns) : 0.0;
    printf("# check forward: max|y-ref|=%.2e max|hT-ref|=%.2e max|cT-ref|=%.2e\n",
           ey, eh, ec);
    if (ey > 1e-4 || eh > 1e-4 || ec > 1e-4) bad = 1;
    free(y); free(hT); free(cT);

    /* Gradients: a few random entries of each tensor by central differences
     * (perturbing the float input, evaluating the loss in double). */
    struct {
        const char *name;
        float *v;      /* the input tensor (user layout) */
        const float *g; /* oneDNN's gradient of it */
        size_t n;
    } in[] = {
        {"dx", x, mem_ptr(t->dx), (size_t)(p->T * p->m * p->nx)},
        {"dh0", h0, mem_ptr(t->dh0), (size_t)ns},
        {"dc0", c0, c0 ? mem_ptr(t->dc0) : NULL, (size_t)ns},
        {"dW", W, mem_ptr(dW), mem_bytes(dW) / sizeof(float)},
        {"dR", R, mem_ptr(dR), mem_bytes(dR) / sizeof(float)},
        {"db", b, mem_ptr(db), mem_bytes(db) / sizeof(float)},
    };
    for (size_t k = 0; k < sizeof in / sizeof *in; ++k) {
        if (!in[k].v) continue;
        double worst = 0.0;
        for (int s = 0; s < 4; ++s) {
            size_t i = (size_t)((urand(0.5f) + 0.5f) * (float)(in[k].n - 1));
            float saved = in[k].v[i];
            const float h = 1e-2f;
            in[k].v[i] = saved + h;
            double lp = ref_forward(p, x, h0, c0, W, R, b, dy, NULL, NULL, NULL);
            in[k].v[i] = saved - h;
            double lm = ref_forward(p, x, h0, c0, W, R, b, dy, NULL, NULL, NULL);
            in[k].v[i] = saved;
            /* the float perturbation may not be exactly +-h: use the real step */
            double step = (double)(saved + h) - (double)(saved - h);
            double fd = (lp - lm) / step;
            double err = fabs(fd - in[k].g[i]) / fmax(1.0, fabs(fd));
            if (err > worst) worst = err;
        }
        printf("# check grad %-3s: max rel err vs finite differences %.2e\n",
               in[k].name, worst);
        if (worst > 2e-3) bad = 1;
    }
    CHECK(dnnl_memory_destroy(dW));
    CHECK(dnnl_memory_destroy(dR));
    CHECK(dnnl_memory_destroy(db));
    printf("# check %s\n", bad ? "FAILED" : "passed");
    return bad;
}

#endif

/* ------------------------------------------------------------------------ */
/* Main                                                                     */
/* ------------------------------------------------------------------------ */

static double sum_abs(dnnl_memory_t m) {
    const float *p = mem_ptr(m);
    size_t n = mem_bytes(m) / sizeof(float);
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) s += fabs((double)p[i]);
    return s;
}

/* One problem set up for timing: the primitives, the tensors and the
 * execution arguments (bench_init), ready for any number of executions. */
typedef struct {
    problem_t p;
    dnnl_primitive_desc_t fpd, bpd;
    dnnl_primitive_t fwd, bwd;
    tensors_t t;
    reorder_t ro[4];
    double reorder_ms; /* median time of the four weight reorders */
    dnnl_exec_arg_t fargs[16], bargs[32];
    int nf, nb;
} bench_t;

/* The engine and stream, created once. */
static void bench_engine(void) {
    if (!engine) {
        CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
        CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
    }
}

/* bench_init: the primitives of problem p (cell, D, sizes), its tensors
 * with random values (weights like PyTorch's default initialisation) and
 * the weights reordered, once, into the primitives' layouts. */
static void bench_init(bench_t *bn, const problem_t *pp) {
    memset(bn, 0, sizeof *bn);
    bn->p = *pp;
    const problem_t p = *pp;
    const int lstm = (p.cell == CELL_LSTM);
    const dnnl_rnn_direction_t dir = p.D == 2 ? dnnl_bidirectional_concat
                                              : dnnl_unidirectional_left2right;
    tensors_t t;
    bench_engine();

    /* ---- memory descriptors ------------------------------------------- */
    /* One layer (L = 1), D directions. */
    const dnnl_dims_t d_x = {p.T, p.m, p.nx};
    const dnnl_dims_t d_y = {p.T, p.m, p.D * p.na}; /* concat: fwd first */
    const dnnl_dims_t d_s = {1, p.D, p.m, p.na};
    const dnnl_dims_t d_W = {1, p.D, p.nx, p.G, p.na};
    const dnnl_dims_t d_R = {1, p.D, p.na, p.G, p.na};
    const dnnl_dims_t d_b = {1, p.D, p.Gb, p.na};

    dnnl_memory_desc_t x_md = md_tag(3, d_x, dnnl_tnc);
    dnnl_memory_desc_t y_md = md_tag(3, d_y, dnnl_tnc);
    dnnl_memory_desc_t s_md = md_tag(4, d_s, dnnl_ldnc);
    dnnl_memory_desc_t b_md = md_tag(4, d_b, dnnl_ldgo);
    dnnl_memory_desc_t W_user_md = md_tag(5, d_W, dnnl_ldigo);
    dnnl_memory_desc_t R_user_md = md_tag(5, d_R, dnnl_ldigo);
    /* weights and their gradients: let the primitive choose */
    dnnl_memory_desc_t W_any = md_tag(5, d_W, dnnl_format_tag_any);
    dnnl_memory_desc_t R_any = md_tag(5, d_R, dnnl_format_tag_any);
    const dnnl_memory_desc_t *c_md = lstm ? &s_md : NULL; /* cell states */

    /* ---- forward and backward primitive descriptors -------------------- */
    dnnl_rnn_desc_t fd, bd;
    if (p.cell == CELL_RNN) {
        CHECK(dnnl_vanilla_rnn_forward_desc_init(&fd, dnnl_forward_training,
                dnnl_eltwise_tanh, dir, &x_md, &s_md, &W_any, &R_any, &b_md,
                &y_md, &s_md, 0, 0.f, 0.f));
        CHECK(dnnl_vanilla_rnn_backward_desc_init(&bd, dnnl_backward,
                dnnl_eltwise_tanh, dir, &x_md, &s_md, &W_any, &R_any, &b_md,
                &y_md, &s_md, &x_md, &s_md, &W_any, &R_any, &b_md, &y_md,
                &s_md, 0, 0.f, 0.f));
    } else if (p.cell == CELL_GRU) {
        CHECK(dnnl_lbr_gru_forward_desc_init(&fd, dnnl_forward_training, dir,
                &x_md, &s_md, &W_any, &R_any, &b_md, &y_md, &s_md, 0));
        CHECK(dnnl_lbr_gru_backward_desc_init(&bd, dnnl_backward, dir, &x_md,
                &s_md, &W_any, &R_any, &b_md, &y_md, &s_md, &x_md, &s_md,
                &W_any, &R_any, &b_md, &y_md, &s_md, 0));
    } else {
        CHECK(dnnl_lstm_forward_desc_init(&fd, dnnl_forward_training, dir,
                &x_md, &s_md, c_md, &W_any, &R_any, &b_md, &y_md, &s_md, c_md,
                0));
        CHECK(dnnl_lstm_backward_desc_init(&bd, dnnl_backward, dir, &x_md,
                &s_md, c_md, &W_any, &R_any, &b_md, &y_md, &s_md, c_md, &x_md,
                &s_md, c_md, &W_any, &R_any, &b_md, &y_md, &s_md, c_md, 0));
    }
    CHECK(dnnl_primitive_desc_create(&bn->fpd, &fd, NULL, engine, NULL));
    CHECK(dnnl_primitive_desc_create(&bn->bpd, &bd, NULL, engine, bn->fpd));
    CHECK(dnnl_primitive_create(&bn->fwd, bn->fpd));
    CHECK(dnnl_primitive_create(&bn->bwd, bn->bpd));

    /* ---- tensors -------------------------------------------------------- */
    memset(&t, 0, sizeof t);
    t.x = mem_new(&x_md);
    t.h0 = mem_new(&s_md);
    t.W_user = mem_new(&W_user_md);
    t.R_user = mem_new(&R_user_md);
    t.b = mem_new(&b_md);
    t.y = mem_new(&y_md);
    t.hT = mem_new(&s_md);
    t.dy = mem_new(&y_md);
    t.dhT = mem_new(&s_md);
    t.dx = mem_new(&x_md);
    t.dh0 = mem_new(&s_md);
    if (lstm) {
        t.c0 = mem_new(&s_md);
        t.cT = mem_new(&s_md);
        t.dcT = mem_new(&s_md);
        t.dc0 = mem_new(&s_md);
    }
    /* Workspace: written by forward_training, read by backward. */
    t.ws = mem_for_arg(bn->fpd, DNNL_ARG_WORKSPACE);
    /* Weights in the layouts each primitive chose, and the gradients. */
    t.W_fwd = mem_for_arg(bn->fpd, DNNL_ARG_WEIGHTS_LAYER);
    t.R_fwd = mem_for_arg(bn->fpd, DNNL_ARG_WEIGHTS_ITER);
    t.W_bwd = mem_for_arg(bn->bpd, DNNL_ARG_WEIGHTS_LAYER);
    t.R_bwd = mem_for_arg(bn->bpd, DNNL_ARG_WEIGHTS_ITER);
    t.dW = mem_for_arg(bn->bpd, DNNL_ARG_DIFF_WEIGHTS_LAYER);
    t.dR = mem_for_arg(bn->bpd, DNNL_ARG_DIFF_WEIGHTS_ITER);
    t.db = mem_for_arg(bn->bpd, DNNL_ARG_DIFF_BIAS);

    /* Small random inputs; weights like PyTorch's default init. */
    const float k = 1.0f / sqrtf((float)p.na);
    fill_uniform(t.x, 1.0f);
    fill_uniform(t.h0, 0.5f);
    if (lstm) fill_uniform(t.c0, 0.5f);
    fill_uniform(t.W_user, k);
    fill_uniform(t.R_user, k);
    fill_uniform(t.b, k);
    fill_uniform(t.dy, 1.0f);
    fill_zero(t.dhT); /* loss = sum(y .* dy): no gradient on final states */
    if (lstm) fill_zero(t.dcT);

    /* Reorder the user's weights into the primitives' layouts, once.  Also
     * time these reorders (median of a few runs) for the information line. */
    reorder_t *ro = bn->ro;
    ro[0] = reorder_new(t.W_user, t.W_fwd);
    ro[1] = reorder_new(t.R_user, t.R_fwd);
    ro[2] = reorder_new(t.W_user, t.W_bwd);
    ro[3] = reorder_new(t.R_user, t.R_bwd);
    double reo_times[5];
    for (int r = 0; r < 6; ++r) {
        double t0 = now_ms();
        for (int i = 0; i < 4; ++i) reorder_run(&ro[i]);
        if (r > 0) reo_times[r - 1] = now_ms() - t0; /* first run = warm-up */
    }
    bn->reorder_ms = median(reo_times, 5);

    /* ---- execution arguments ------------------------------------------- */
    dnnl_exec_arg_t *fargs = bn->fargs, *bargs = bn->bargs;
    int nf = 0, nb = 0;
#define FARG(a, m) (fargs[nf].arg = (a), fargs[nf++].memory = (m))
#define BARG(a, m) (bargs[nb].arg = (a), bargs[nb++].memory = (m))
    FARG(DNNL_ARG_SRC_LAYER, t.x);
    FARG(DNNL_ARG_SRC_ITER, t.h0);
    FARG(DNNL_ARG_WEIGHTS_LAYER, t.W_fwd);
    FARG(DNNL_ARG_WEIGHTS_ITER, t.R_fwd);
    FARG(DNNL_ARG_BIAS, t.b);
    FARG(DNNL_ARG_DST_LAYER, t.y);
    FARG(DNNL_ARG_DST_ITER, t.hT);
    FARG(DNNL_ARG_WORKSPACE, t.ws);
    if (lstm) {
        FARG(DNNL_ARG_SRC_ITER_C, t.c0);
        FARG(DNNL_ARG_DST_ITER_C, t.cT);
    }
    BARG(DNNL_ARG_SRC_LAYER, t.x);
    BARG(DNNL_ARG_SRC_ITER, t.h0);
    BARG(DNNL_ARG_WEIGHTS_LAYER, t.W_bwd);
    BARG(DNNL_ARG_WEIGHTS_ITER, t.R_bwd);
    BARG(DNNL_ARG_BIAS, t.b);
    BARG(DNNL_ARG_DST_LAYER, t.y);
    BARG(DNNL_ARG_DST_ITER, t.hT);
    BARG(DNNL_ARG_WORKSPACE, t.ws);
    BARG(DNNL_ARG_DIFF_DST_LAYER, t.dy);
    BARG(DNNL_ARG_DIFF_DST_ITER, t.dhT);
    BARG(DNNL_ARG_DIFF_SRC_LAYER, t.dx);
    BARG(DNNL_ARG_DIFF_SRC_ITER, t.dh0);
    BARG(DNNL_ARG_DIFF_WEIGHTS_LAYER, t.dW);
    BARG(DNNL_ARG_DIFF_WEIGHTS_ITER, t.dR);
    BARG(DNNL_ARG_DIFF_BIAS, t.db);
    if (lstm) {
        BARG(DNNL_ARG_SRC_ITER_C, t.c0);
        BARG(DNNL_ARG_DST_ITER_C, t.cT);
        BARG(DNNL_ARG_DIFF_DST_ITER_C, t.dcT);
        BARG(DNNL_ARG_DIFF_SRC_ITER_C, t.dc0);
    }
#undef FARG
#undef BARG
    bn->nf = nf;
    bn->nb = nb;
    bn->t = t;
}

/* One forward_training execution (which also writes the workspace). */
static void bench_forward(bench_t *bn) {
    CHECK(dnnl_primitive_execute(bn->fwd, stream, bn->nf, bn->fargs));
    CHECK(dnnl_stream_wait(stream));
}

/* forward_training, zeroing of the weight gradients (backward accumulates
 * into them) and backward. */
static void bench_forward_backward(bench_t *bn) {
    CHECK(dnnl_primitive_execute(bn->fwd, stream, bn->nf, bn->fargs));
    fill_zero(bn->t.dW);
    fill_zero(bn->t.dR);
    fill_zero(bn->t.db);
    CHECK(dnnl_primitive_execute(bn->bwd, stream, bn->nb, bn->bargs));
    CHECK(dnnl_stream_wait(stream));
}

/* The information lines ('#' ...) into buf: version, ISA, threads, chosen
 * implementations and layouts, checksums of the last results. */
static void bench_info(const bench_t *bn, char *buf, size_t size) {
    const tensors_t t = bn->t;
    const dnnl_version_t *v = dnnl_version();
    /* oneDNN (Debian build) uses OpenMP; ask the OpenMP runtime it loaded
     * how many threads it will use, without linking it ourselves. */
    int (*omp_max)(void);
    *(void **)&omp_max = dlsym(RTLD_DEFAULT, "omp_get_max_threads"); /* POSIX idiom */
    const char *env_thr = getenv("OMP_NUM_THREADS");
    const char *fimpl = "?", *bimpl = "?";
    CHECK(dnnl_primitive_desc_query(bn->fpd, dnnl_query_impl_info_str, 0, &fimpl));
    CHECK(dnnl_primitive_desc_query(bn->bpd, dnnl_query_impl_info_str, 0, &bimpl));
    size_t k = 0;
    k += (size_t)snprintf(buf + k, size - k,
            "# onednn %d.%d.%d isa=%s runtime=%s threads=%d OMP_NUM_THREADS=%s "
            "impl_fwd=%s impl_bwd=%s\n",
            v->major, v->minor, v->patch,
            dnnl_cpu_isa2str(dnnl_get_effective_cpu_isa()),
            dnnl_runtime2str(v->cpu_runtime), omp_max ? omp_max() : -1,
            env_thr ? env_thr : "unset", fimpl, bimpl);
    if (k < size)
        k += (size_t)snprintf(buf + k, size - k,
                "# weights fwd=%s/%s bwd=%s/%s diff=%s/%s workspace_MB=%.2f "
                "weights_reorder_ms=%.4f\n",
                layout_name(mem_md(t.W_fwd)), layout_name(mem_md(t.R_fwd)),
                layout_name(mem_md(t.W_bwd)), layout_name(mem_md(t.R_bwd)),
                layout_name(mem_md(t.dW)), layout_name(mem_md(t.dR)),
                (double)mem_bytes(t.ws) / 1048576.0, bn->reorder_ms);
    /* Checksums of the last results (sums of absolute values). */
    if (k < size)
        snprintf(buf + k, size - k,
                 "# checksum y=%.6e hT=%.6e dx=%.6e dh0=%.6e dW=%.6e dR=%.6e "
                 "db=%.6e\n",
                 sum_abs(t.y), sum_abs(t.hT), sum_abs(t.dx), sum_abs(t.dh0),
                 sum_abs(t.dW), sum_abs(t.dR), sum_abs(t.db));
}

/* Everything bench_init made (the engine and stream stay). */
static void bench_free(bench_t *bn) {
    const tensors_t t = bn->t;
    for (int i = 0; i < 4; ++i)
        if (bn->ro[i].prim) CHECK(dnnl_primitive_destroy(bn->ro[i].prim));
    dnnl_memory_t all[] = {t.x, t.h0, t.c0, t.W_user, t.R_user, t.b, t.W_fwd,
            t.R_fwd, t.W_bwd, t.R_bwd, t.y, t.hT, t.cT, t.ws, t.dy, t.dhT,
            t.dcT, t.dx, t.dh0, t.dc0, t.dW, t.dR, t.db};
    for (size_t i = 0; i < sizeof all / sizeof *all; ++i)
        if (all[i]) CHECK(dnnl_memory_destroy(all[i]));
    if (bn->fwd) CHECK(dnnl_primitive_destroy(bn->fwd));
    if (bn->bwd) CHECK(dnnl_primitive_destroy(bn->bwd));
    if (bn->fpd) CHECK(dnnl_primitive_desc_destroy(bn->fpd));
    if (bn->bpd) CHECK(dnnl_primitive_desc_destroy(bn->bpd));
    memset(bn, 0, sizeof *bn);
}

#ifndef DNNL_BENCH_MEX
int main(int argc, char **argv) {
    if (argc != 8) usage();

    problem_t p;
    if (!strcmp(argv[1], "rnn")) p.cell = CELL_RNN, p.G = 1, p.Gb = 1;
    else if (!strcmp(argv[1], "gru")) p.cell = CELL_GRU, p.G = 3, p.Gb = 4;
    else if (!strcmp(argv[1], "lstm")) p.cell = CELL_LSTM, p.G = 4, p.Gb = 4;
    else usage();
    if (!strcmp(argv[2], "forward")) p.D = 1;
    else if (!strcmp(argv[2], "bidirectional")) p.D = 2;
    else usage();
    p.nx = parse_pos(argv[3]);
    p.na = parse_pos(argv[4]);
    p.m = parse_pos(argv[5]);
    p.T = parse_pos(argv[6]);
    const int reps = (int)parse_pos(argv[7]);
    const char *chk = getenv("DNNL_BENCH_CHECK");
    const int check = chk && strcmp(chk, "") && strcmp(chk, "0");

    bench_t bn;
    bench_init(&bn, &p);

    double *tf = malloc(sizeof(double) * reps), *tfb = malloc(sizeof(double) * reps);
    if (!tf || !tfb) die(2, "out of memory");
    for (int r = -1; r < reps; ++r) { /* r = -1: warm-up */
        double t0 = now_ms();
        bench_forward(&bn);
        if (r >= 0) tf[r] = now_ms() - t0;
    }
    for (int r = -1; r < reps; ++r) {
        double t0 = now_ms();
        bench_forward_backward(&bn);
        if (r >= 0) tfb[r] = now_ms() - t0;
    }
    printf("%.4f %.4f\n", median(tf, reps), median(tfb, reps));

    char info[1024];
    bench_info(&bn, info, sizeof info);
    fputs(info, stdout);

    int status = check ? (run_check(&p, &bn.t) ? 3 : 0) : 0;

    bench_free(&bn);
    CHECK(dnnl_stream_destroy(stream));
    CHECK(dnnl_engine_destroy(engine));
    free(tf);
    free(tfb);
    return status;
}
#endif
