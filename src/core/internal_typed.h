/* internal_typed.h - typed declarations shared by the core; included by
 * internal.h once per precision with REAL and F() defined. */

/* C := alpha*op(A)*op(B) + beta*C, op(X) = X or X' (ta, tb = 'N' or 'T').
 * C is [M, N]; sizes of any magnitude (split for BLAS's 32-bit INTEGER). */
void F(rnn_gemm) (char ta, char tb, size_t M, size_t N, size_t K, REAL alpha,
                  const REAL *A, size_t lda, const REAL *B, size_t ldb,
                  REAL beta, REAL *C, size_t ldc);

/* y[i] += sum_j A[i + j*lda], A [M, N] */
void F(rnn_rowsum_acc) (REAL *y, const REAL *A, size_t lda, size_t M, size_t N);

/* What one direction of a layer gives a cell for a step.  Pointers to W, R,
 * b, bR are this direction's row blocks; the leading dimension of W and R
 * (and of their gradients) is ld = plan rows. */
typedef struct {
    size_t n_x, n_a, m, T;
    size_t ld;                 /* rows of W and R (all directions) */
    size_t gna;                /* rows of this direction's block: G*n_a */
    const REAL *W, *R, *b, *bR;/* bR may be NULL */
    rnn_activation activation;
    int reset_after;
    size_t zld;                /* rows of one step of the gate buffer z */
    REAL *scratch;             /* [shape.scratch*n_a, m] */
    const REAL *Rp;            /* this direction's R packed for the steps'
                                  products (pgemm.c): R [G*n_a, n_a] in the
                                  forward sweep, R' [n_a, G*n_a] backward;
                                  NULL: BLAS on R */
    rnn_stepper *stepper;      /* a second thread for the steps' packed
                                  products, or NULL (sweep.c) */
    REAL *gw, *gw2;            /* workspaces of rnn_bgemm for the big
                                  products (rnn_big_gemm): this thread's,
                                  and a second thread's or NULL (one
                                  thread); gw NULL: BLAS (sweep.c) */
    const REAL *mask;          /* this direction's recurrent dropout mask
                                  [n_a, m], or NULL (rnn_core.h) */
} F(rnn_dir);

/* A big product of a direction (the input projection in one GEMM, the
 * weight and input gradients): rnn_bgemm (and rnn_bgemm2) on d->gw,
 * shared with a second thread when d->gw2 is set, with the same bits as
 * on one; BLAS when d->gw is NULL.  sweep.c */
void F(rnn_big_gemm) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                      size_t N, size_t K, const REAL *A, size_t lda,
                      const REAL *B, size_t ldb, REAL beta, REAL *C,
                      size_t ldc);
void F(rnn_big_gemm2) (const F(rnn_dir) *d, char ta, char tb, size_t M,
                       size_t K, const REAL *A, size_t lda, size_t N1,
                       const REAL *B1, size_t ldb1, REAL *C1, size_t ldc1,
                       size_t N2, const REAL *B2, size_t ldb2, REAL *C2,
                       size_t ldc2, REAL beta);

/* The recurrent product of a step, through the packed R when there is one:
 *   rnn_rec:    C [M, m] (ldc) := R(1:M, :) h + beta C,   h [n_a, m]
 *   rnn_rec_t:  C [n_a, m] := R(1:K, :)' G + beta C,     G [K, m] (ldg) */
void F(rnn_rec) (const F(rnn_dir) *d, size_t M, const REAL *h, REAL beta,
                 REAL *C, size_t ldc);
void F(rnn_rec_t) (const F(rnn_dir) *d, size_t K, const REAL *G, size_t ldg,
                   REAL beta, REAL *C);

/* Gradient pointers of one direction (row blocks, leading dimension ld). */
typedef struct { REAL *W, *R, *b, *bR; } F(rnn_dgrads);

/* A cell's operations.  The sweep owns the time loop, directions, lengths
 * and the input projection; a cell owns one step and its weight gradients.
 *
 * hr, in both steps, is the state that enters the recurrent products:
 * h_prev itself, or M.*h_prev [n_a, m] (made by the sweep) when the
 * direction has a recurrent dropout mask d->mask.  A cell multiplies R
 * (and, GRU before the multiplication, r) with hr and uses h_prev
 * elsewhere (the GRU's update); backward, it multiplies the gradient that
 * reaches hr by d->mask before adding it to dh_prev.
 *
 * step_forward:  z [zld, m] holds W x_t + b (rows 0..G*n_a-1) on entry;
 *                computes h [n_a, m] (and c) from h_prev, hr (c_prev),
 *                leaving in z what step_backward needs.
 * step_backward: from dh, dc (gradients wrt h, c of this step) writes dg
 *                [dgrows*n_a, m] and OVERWRITES dh_prev, dc_prev.
 * grads:         dX += W' dGx, dW += dGx X', db, dR, dbR from all steps'
 *                dG [dgrows*n_a, m*T] with X [n_x, m*T], the states that
 *                entered the recurrent products Hp [n_a, m*T] (hr of each
 *                step) and the cache Z (time order). */
typedef struct {
    void (*step_forward) (const F(rnn_dir) *d, REAL *z, REAL *h, REAL *c,
                          const REAL *h_prev, const REAL *hr,
                          const REAL *c_prev);
    void (*step_backward) (const F(rnn_dir) *d, REAL *dg, REAL *dh_prev,
                           REAL *dc_prev, const REAL *dh, const REAL *dc,
                           const REAL *z, const REAL *h, const REAL *c,
                           const REAL *h_prev, const REAL *hr,
                           const REAL *c_prev);
    void (*grads) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                   const REAL *dG, const REAL *X, const REAL *Hp,
                   const REAL *Z);
} F(rnn_cell_ops);

extern const F(rnn_cell_ops) F(rnn_ops_rnn), F(rnn_ops_gru), F(rnn_ops_lstm);

/* The gradient step every cell whose recurrent and input pre-activations
 * are the same sum (RNN, LSTM) uses: dX += W' dG, dW += dG X', db += sum dG,
 * dR += dG Hp', dbR += sum dG, with dG [G*n_a, m*T]. */
void F(rnn_grads_plain) (const F(rnn_dir) *d, REAL *dX, const F(rnn_dgrads) *g,
                         const REAL *dG, const REAL *X, const REAL *Hp,
                         size_t G);

/* y[i] = tanh (x[i]) and y[i] = 1 / (1 + exp (-x[i])), i < n; y may be x.
 * Vectorised where the CPU allows (vmath.c). */
void F(rnn_vtanh) (REAL *y, const REAL *x, size_t n);
void F(rnn_vsigmoid) (REAL *y, const REAL *x, size_t n);

/* Recurrent dropout's element-wise products (vmath.c), i < n:
 *   rnn_vmul:      y[i] = a[i] * b[i]               (the masked state)
 *   rnn_vmask_add: y[i] = M[i] * y[i] (+ a[i] when a is not NULL)
 *                  (a gradient through the mask, plus a direct part) */
void F(rnn_vmul) (REAL *y, const REAL *a, const REAL *b, size_t n);
void F(rnn_vmask_add) (REAL *y, const REAL *M, const REAL *a, size_t n);

/* ---- pre-packed GEMM for the recurrent product (pgemm.c) ---------------- */

/* Elements needed to hold op(A) [M, K] packed (SIZE_MAX if that overflows
 * size_t).  Padded to whole panels of rows, so a little more than M*K. */
size_t F(rnn_pack_size) (size_t M, size_t K);

/* Rows of a packed panel (MR), 0 when op(A) is stored plainly: rows i0..
 * of a packed op(A), i0 a multiple of MR, start at Ap + i0*K. */
size_t F(rnn_pack_panel) (void);

/* Pack op(A) [M, K] into Ap (rnn_pack_size (M, K) elements):
 * trans 'N': A is [M, K] with leading dimension lda, op(A) = A;
 * trans 'T': A is [K, M] with leading dimension lda, op(A) = A'.
 * A may be NULL when M*K = 0. */
void F(rnn_pack) (REAL *Ap, char trans, const REAL *A, size_t lda, size_t M,
                  size_t K);

/* Workspace elements rnn_pgemm needs for B [K, N].  0 at present: the
 * kernels read B in place (a future kernel may want a packed copy). */
size_t F(rnn_pgemm_work) (size_t K, size_t N);

/* C [M, N] (leading dimension ldc) := op(A) B + beta C, with B [K, N]
 * (leading dimension ldb), Ap from rnn_pack (M, K), work of
 * rnn_pgemm_work (K, N) elements (NULL if 0).  beta = 0 or 1 (others work
 * too); with beta = 0 C is not read (NaN in C does not propagate), as in
 * BLAS.  Any M, N, K >= 0; NaN and Inf follow IEEE arithmetic. */
void F(rnn_pgemm) (size_t M, size_t N, size_t K, const REAL *Ap,
                   const REAL *B, size_t ldb, REAL beta, REAL *C, size_t ldc,
                   REAL *work);

/* C [M, N] := op(A) B + bias [M] in each column, as rnn_pgemm with beta = 0
 * (C is not read), the kernels' sums starting from the bias: the input
 * projection of a step without a pass that first copies b into C. */
void F(rnn_pgemm_bias) (size_t M, size_t N, size_t K, const REAL *Ap,
                        const REAL *B, size_t ldb, const REAL *bias, REAL *C,
                        size_t ldc);

/* ---- blocked GEMM, both operands packed (pgemm.c) ------------------------ */

/* Workspace elements rnn_bgemm needs for that product (0 where it has no
 * kernel or nothing to do; SIZE_MAX if the count overflows). */
size_t F(rnn_bgemm_work) (char tb, size_t M, size_t N, size_t K);

/* C [M, N] (leading dimension ldc) := op(A) op(B) + beta C, as BLAS's GEMM
 * with alpha = 1 (ta, tb 'N' or 'T'; op(A) [M, K], op(B) [K, N]), with the
 * kernels of rnn_pgemm: K in blocks of KC, op(B) packed KC x NC at a time
 * into slivers of the tile's columns, op(A) packed MC x KC at a time into
 * panels; or, when op(B) = B and op(A) packed takes at most
 * rnn_bgemm_whole_bytes, op(A) packed whole and B read in place.
 * work: rnn_bgemm_work (tb, M, N, K) elements, any alignment.
 * Where there is no kernel, or work is NULL: rnn_gemm (BLAS). */
void F(rnn_bgemm) (char ta, char tb, size_t M, size_t N, size_t K,
                   const REAL *A, size_t lda, const REAL *B, size_t ldb,
                   REAL beta, REAL *C, size_t ldc, REAL *work);

/* C1 [M, N1] := op(A) op(B1) + beta C1 and C2 [M, N2] := op(A) op(B2) +
 * beta C2, each block of op(A) packed once for both when N1 + N2 fits one
 * block of columns (the weight gradients dG X' and dG H' then read dG
 * once); work: rnn_bgemm_work (tb, M, N1 + N2, K) elements. */
void F(rnn_bgemm2) (char ta, char tb, size_t M, size_t K, const REAL *A,
                    size_t lda, size_t N1, const REAL *B1, size_t ldb1,
                    REAL *C1, size_t ldc1, size_t N2, const REAL *B2,
                    size_t ldb2, REAL *C2, size_t ldc2, REAL beta, REAL *work);
