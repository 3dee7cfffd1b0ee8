/* layer_args.c - validation of a layer's X, p and options (layer_args.h). */
#include "layer_args.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const cells[] = { "rnn", "gru", "lstm", NULL };
static const char *const directions[] = { "forward", "reverse", "bidirectional", NULL };
static const char *const merges[] = { "concat", "sum", "ave", "mul", NULL };
static const char *const activations[] = { "tanh", "relu", NULL };
static const char *const reset_modes[] = { "before-multiplication",
                                           "after-multiplication", NULL };

/* Fields a parameter struct may have, and for which cells ("*" = all).
 * Wy and by (an output layer, see rnn_init) are allowed and ignored. */
static const struct { const char *name, *cells; } fields[] = {
    { "cell", "*" }, { "W", "*" }, { "R", "*" }, { "b", "*" }, { "bR", "*" },
    { "direction", "*" }, { "merge", "*" }, { "Wy", "*" }, { "by", "*" },
    { "activation", "rnn" }, { "resetGateMode", "gru" },
};
#define NFIELDS (sizeof fields / sizeof fields[0])

int rnn_mex_is_single (const mxArray *a)
{
    return a && mxIsSingle (a);
}

static const mxArray *field (const mxArray *p, const char *name)
{
    return mxGetField (p, 0, name);
}

static void check_fields (const char *fn, const char *cell, const mxArray *p)
{
    int nf = mxGetNumberOfFields (p);
    for (int k = 0; k < nf; k++) {
        const char *f = mxGetFieldNameByNumber (p, k);
        size_t i;
        for (i = 0; i < NFIELDS; i++)
            if (strcmp (f, fields[i].name) == 0
                && (fields[i].cells[0] == '*' || strcmp (fields[i].cells, cell) == 0))
                break;
        if (i == NFIELDS)
            rnn_mex_error (fn, "unknownField", "p has a field \"%s\" that a %s "
                           "layer does not have (its fields: cell, W, R, b, bR, "
                           "direction, merge%s)", f, cell,
                           strcmp (cell, "rnn") == 0 ? ", activation"
                           : strcmp (cell, "gru") == 0 ? ", resetGateMode" : "");
    }
    static const char *const required[] = { "cell", "W", "R", "b" };
    for (size_t i = 0; i < 4; i++)
        if (!field (p, required[i]))
            rnn_mex_error (fn, "missingField", "p must have a field \"%s\"",
                           required[i]);
}

/* "3x4x5": the dimensions of a, for messages (a static buffer) */
static const char *dims_string (const mxArray *a)
{
    static char buf[128];
    size_t nd = mxGetNumberOfDimensions (a), n = 0;
    const mwSize *d = mxGetDimensions (a);
    buf[0] = 0;
    for (size_t k = 0; k < nd && n < sizeof buf; k++)
        n += snprintf (buf + n, sizeof buf - n, k ? "x%zu" : "%zu", (size_t) d[k]);
    return buf;
}

size_t *rnn_mex_lengths (const char *fn, const mxArray *v, size_t m, size_t T)
{
    if (rnn_mex_is_empty (v) && mxIsNumeric (v)) return NULL;
    if (!mxIsNumeric (v) || mxIsComplex (v) || mxIsSparse (v))
        rnn_mex_error (fn, "invalidLengths", "Lengths must be a real full "
                       "numeric vector of %zu integers, not %s", m,
                       rnn_mex_describe (v));
    if (mxGetNumberOfElements (v) != m
        || (mxGetM (v) != 1 && mxGetN (v) != 1) || mxGetNumberOfDimensions (v) > 2)
        rnn_mex_error (fn, "invalidLengths", "Lengths must have one element per "
                       "batch column (%zu), not %zu", m,
                       (size_t) mxGetNumberOfElements (v));
    size_t *len = (size_t *) mxMalloc (m ? m * sizeof *len : 1);
    if (!len) rnn_mex_error (fn, "outOfMemory", "cannot allocate Lengths");
    for (size_t j = 0; j < m; j++) {
        const double x = rnn_mex_number (v, j);
        if (!(x >= 1 && x <= (double) T && x == floor (x)))
            rnn_mex_error (fn, "invalidLengths", "Lengths(%zu) must be an "
                           "integer from 1 to T = %zu, not %g", j + 1, T, x);
        len[j] = (size_t) x;
    }
    return len;
}

/* "RecurrentDropoutMask": [] (NULL: no mask) or [n_a, m, D], real single
 * or double; any values (NaN propagates).  a's sizes are set. */
static const mxArray *parse_mask (const rnn_layer_args *a, const mxArray *v)
{
    const char *name = "RecurrentDropoutMask";
    rnn_mex_check_float (v, a->fn, name);
    if (rnn_mex_is_empty (v) && mxGetM (v) == 0 && mxGetN (v) == 0
        && mxGetNumberOfDimensions (v) == 2)
        return NULL;
    size_t D = a->L.direction == RNN_DIR_BIDIRECTIONAL ? 2 : 1;
    size_t want[3] = { a->L.n_a, a->L.m, D };
    rnn_mex_check_size (v, a->fn, name, 3, want);
    return v;
}

void rnn_layer_args_parse (rnn_layer_args *a, const char *fn, const char *cell,
                           const mxArray *X, const mxArray *p, int nopt,
                           const mxArray *const *opt)
{
    memset (a, 0, sizeof *a);
    a->fn = fn;
    a->step = strstr (fn, "_cell_") != NULL;
    const char *xname = rnn_layer_arg_name (a, "X");
    /* checked here, not in the .m functions: interpreted checks would cost
     * as much as a small layer's whole step */
    if (a->step && mxGetNumberOfDimensions (X) > 2)
        rnn_mex_error (fn, "invalidInput", "XT must be one time step [n_x, m], "
                       "not %s", dims_string (X));
    if (!mxIsStruct (p) || mxGetNumberOfElements (p) != 1)
        rnn_mex_error (fn, "invalidParams", "p must be a scalar struct of layer "
                       "parameters (see rnn_init)");
    /* the kind of layer first: a struct of another cell is "wrongCell",
     * not an unknown field of this one (and no p.cell is "missingField",
     * from check_fields) */
    const mxArray *f = field (p, "cell");
    int kind = f ? rnn_mex_choice (f, fn, "p.cell", cells) : 0;
    if (f && strcmp (cells[kind], cell) != 0)
        rnn_mex_error (fn, "wrongCell", "p describes a \"%s\" layer, but %s "
                       "takes a \"%s\" layer", cells[kind], fn, cell);
    check_fields (fn, cell, p);
    a->L.cell = (rnn_cell_kind) kind;
    if ((f = field (p, "direction")))
        a->L.direction = (rnn_direction) rnn_mex_choice (f, fn, "p.direction", directions);
    if (a->step && a->L.direction == RNN_DIR_BIDIRECTIONAL)
        rnn_mex_error (fn, "invalidInput", "a single step has no bidirectional "
                       "form; use the sequence function");
    if ((f = field (p, "merge")))
        a->L.merge = (rnn_merge) rnn_mex_choice (f, fn, "p.merge", merges);
    if ((f = field (p, "activation")))
        a->L.activation = (rnn_activation) rnn_mex_choice (f, fn, "p.activation", activations);
    a->L.reset_after = 1;
    if ((f = field (p, "resetGateMode")))
        a->L.reset_after = rnn_mex_choice (f, fn, "p.resetGateMode", reset_modes);

    a->X = X;
    a->W = field (p, "W"); a->R = field (p, "R"); a->b = field (p, "b");
    a->bR = field (p, "bR");
    rnn_mex_check_float (X, fn, xname);
    rnn_mex_check_float (a->W, fn, "p.W");
    rnn_mex_check_float (a->R, fn, "p.R");
    rnn_mex_check_float (a->b, fn, "p.b");
    if (a->bR) rnn_mex_check_float (a->bR, fn, "p.bR");

    /* sizes: n_a from R, rows from the cell and direction, n_x from W */
    size_t D = a->L.direction == RNN_DIR_BIDIRECTIONAL ? 2 : 1;
    size_t G = rnn_cell_gates (a->L.cell);
    if (mxGetNumberOfDimensions (a->R) > 2)
        rnn_mex_error (fn, "sizeMismatch", "p.R must be a matrix, not %s",
                       dims_string (a->R));
    if (mxGetNumberOfDimensions (a->W) > 2)
        rnn_mex_error (fn, "sizeMismatch", "p.W must be a matrix, not %s",
                       dims_string (a->W));
    size_t n_a = mxGetN (a->R), rows = mxGetM (a->R);
    /* saturating: G * D * n_a must not wrap round to rows (an empty R of
     * 2^62 columns would otherwise pass as 0 rows) */
    if (n_a == 0 || rows != rnn_mex_mul (G * D, n_a))
        rnn_mex_error (fn, "sizeMismatch", "p.R must be [%zu*n_a, n_a] for a %s "
                       "%s layer (n_a >= 1), not %zux%zu", G * D, cell,
                       directions[a->L.direction], rows, n_a);
    size_t n_x = mxGetN (a->W);
    size_t want[3] = { rows, n_x, 1 };
    rnn_mex_check_size (a->W, fn, "p.W", 2, want);
    if (mxGetNumberOfElements (a->b) != rows || mxGetNumberOfDimensions (a->b) > 2
        || (mxGetM (a->b) != 1 && mxGetN (a->b) != 1))
        rnn_mex_error (fn, "sizeMismatch", "p.b must be a vector of %zu "
                       "elements (the rows of p.R), not %s", rows, dims_string (a->b));
    if (a->bR && (mxGetNumberOfElements (a->bR) != rows
                  || mxGetNumberOfDimensions (a->bR) > 2
                  || (mxGetM (a->bR) != 1 && mxGetN (a->bR) != 1)))
        rnn_mex_error (fn, "sizeMismatch", "p.bR must be a vector of %zu "
                       "elements, like p.b, not %s", rows, dims_string (a->bR));
    if (mxGetNumberOfDimensions (X) > 3 || rnn_mex_dim (X, 0) != n_x)
        rnn_mex_error (fn, "sizeMismatch", "%s must be %s with n_x = columns "
                       "of p.W = %zu, not %s", xname,
                       a->step ? "[n_x, m]" : "[n_x, m, T]", n_x,
                       dims_string (X));
    a->L.n_x = n_x; a->L.n_a = n_a;
    a->L.m = rnn_mex_dim (X, 1); a->L.T = rnn_mex_dim (X, 2);
    if (rnn_mex_is_empty (X) && mxGetNumberOfDimensions (X) == 2
        && mxGetM (X) == 0 && mxGetN (X) == 0 && n_x != 0)
        rnn_mex_error (fn, "sizeMismatch", "%s must be %s with n_x = %zu",
                       xname, a->step ? "[n_x, m]" : "[n_x, m, T]", n_x);

    const char *known = a->step ? "\"RecurrentDropoutMask\""
                                : "\"Lengths\", \"RecurrentDropoutMask\"";
    for (int k = 0; k < nopt; k += 2) {
        if (!mxIsChar (opt[k]) || mxGetM (opt[k]) > 1
            || mxGetNumberOfDimensions (opt[k]) > 2)
            rnn_mex_error (fn, "invalidOption", "option names must be strings "
                           "(options: %s), not %s", known,
                           rnn_mex_describe (opt[k]));
        char *name = rnn_mex_string (opt[k], fn, "an option name");
        if (k + 1 >= nopt)
            rnn_mex_error (fn, "invalidOption", "option \"%s\" has no value", name);
        if (strcmp (name, "lengths") == 0 && !a->step)
            a->len = rnn_mex_lengths (fn, opt[k + 1], a->L.m, a->L.T);
        else if (strcmp (name, "recurrentdropoutmask") == 0)
            a->M = parse_mask (a, opt[k + 1]);
        else
            rnn_mex_error (fn, "invalidOption", "unknown option \"%s\" (options: "
                           "%s)", name, known);
        mxFree (name);
    }
    a->L.rec_mask = a->M != NULL;
    rnn_mex_status (fn, rnn_layer_plan (&a->P, &a->L));
    a->single = rnn_mex_is_single (X) || rnn_mex_is_single (a->W)
        || rnn_mex_is_single (a->R) || rnn_mex_is_single (a->b)
        || rnn_mex_is_single (a->bR);
}

void rnn_layer_reserve (const rnn_layer_args *a, size_t n,
                        const mxArray *const *more, int nmore)
{
    int s = a->single;
    n = rnn_mex_add (n, rnn_mex_conversion (a->X, s));
    n = rnn_mex_add (n, rnn_mex_conversion (a->W, s));
    n = rnn_mex_add (n, rnn_mex_conversion (a->R, s));
    n = rnn_mex_add (n, rnn_mex_conversion (a->b, s));
    n = rnn_mex_add (n, rnn_mex_conversion (a->bR, s));
    n = rnn_mex_add (n, rnn_mex_conversion (a->M, s));
    if (a->len)   /* X with its padding zeroed, at worst */
        n = rnn_mex_add (n, mxGetNumberOfElements (a->X));
    for (int k = 0; k < nmore; k++)
        n = rnn_mex_add (n, rnn_mex_conversion (more[k], s));
    rnn_mex_reserve (a->fn, n, s);
}

void rnn_layer_args_convert (rnn_layer_args *a)
{
    const char *fn = a->fn;
    a->x = rnn_mex_data (a->X, fn, a->single);
    a->w = rnn_mex_data (a->W, fn, a->single);
    a->r = rnn_mex_data (a->R, fn, a->single);
    a->bb = rnn_mex_data (a->b, fn, a->single);
    a->br = a->bR ? rnn_mex_data (a->bR, fn, a->single) : NULL;
    a->mk = a->M ? rnn_mex_data (a->M, fn, a->single) : NULL;
    if (!a->len || !a->x) return;
    /* Padding beyond a column's length is read as zero: copy X only if
     * some padding is not zero already. */
    size_t n_x = a->L.n_x, m = a->L.m, T = a->L.T;
    size_t es = a->single ? sizeof (float) : sizeof (double);
    int dirty = 0;
    for (size_t t = 0; t < T && !dirty; t++)
        for (size_t j = 0; j < m && !dirty; j++)
            if (t >= a->len[j])
                for (size_t i = 0; i < n_x && !dirty; i++) {
                    size_t e = i + (j + t * m) * n_x;
                    dirty = a->single ? ((const float *) a->x)[e] != 0
                                      : ((const double *) a->x)[e] != 0;
                }
    if (!dirty) return;
    size_t n = n_x * m * T;   /* fits: X exists */
    char *copy = (char *) rnn_mex_alloc (fn, n, a->single);
    memcpy (copy, a->x, n * es);
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < m; j++)
            if (t >= a->len[j])
                memset (copy + (j + t * m) * n_x * es, 0, n_x * es);
    a->x = copy;
}

const char *rnn_layer_arg_name (const rnn_layer_args *a, const char *name)
{
    static const char *const names[][2] = {
        { "X", "xt" }, { "h0", "h_prev" }, { "c0", "c_prev" },
        { "dhN", "dh" }, { "dcN", "dc" } };
    if (a->step)
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strcmp (name, names[k][0]) == 0) return names[k][1];
    return name;
}

void rnn_layer_check_state (const rnn_layer_args *a, const mxArray *s,
                            const char *name)
{
    name = rnn_layer_arg_name (a, name);
    rnn_mex_check_float (s, a->fn, name);
    if (rnn_mex_is_empty (s) && mxGetM (s) == 0 && mxGetN (s) == 0) return;
    size_t want[3] = { a->L.n_a, a->L.m, a->P.D };
    rnn_mex_check_size (s, a->fn, name, 3, want);
}

rnn_status rnn_layer_args_forward (const rnn_layer_args *a, void *Y, void *hN,
                                   void *cN, void *Sh, void *Sc, void *Z,
                                   const void *h0, const void *c0, void *work)
{
    if (a->single) {
        rnn_params_s p = { a->w, a->r, a->bb, a->br, a->mk };
        return rnn_layer_forward_s (Y, hN, cN, Sh, Sc, Z, &a->L, a->x, h0, c0,
                                    &p, a->len, work);
    }
    rnn_params_d p = { a->w, a->r, a->bb, a->br, a->mk };
    return rnn_layer_forward_d (Y, hN, cN, Sh, Sc, Z, &a->L, a->x, h0, c0, &p,
                                a->len, work);
}

rnn_status rnn_layer_args_backward (const rnn_layer_args *a, void *dX,
                                    void *dW, void *dR, void *db, void *dbR,
                                    void *dh0, void *dc0, const void *dY,
                                    const void *dhN, const void *dcN,
                                    const void *Sh, const void *Sc,
                                    const void *Z, void *work)
{
    if (a->single) {
        rnn_params_s p = { a->w, a->r, a->bb, a->br, a->mk };
        rnn_grads_s g = { dW, dR, db, dbR };
        return rnn_layer_backward_s (dX, &g, dh0, dc0, &a->L, dY, dhN, dcN,
                                     a->x, &p, a->len, Sh, Sc, Z, work);
    }
    rnn_params_d p = { a->w, a->r, a->bb, a->br, a->mk };
    rnn_grads_d g = { dW, dR, db, dbR };
    return rnn_layer_backward_d (dX, &g, dh0, dc0, &a->L, dY, dhN, dcN, a->x,
                                 &p, a->len, Sh, Sc, Z, work);
}
