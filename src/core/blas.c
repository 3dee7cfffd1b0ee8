/* blas.c - the core's only door to BLAS.
 *
 * Octave's BLAS (mkoctfile -p BLAS_LIBS) is called through its Fortran
 * symbols.  Debian's Octave 7.3 uses 32-bit INTEGERs, so rnn_gemm splits
 * any of M, N, K into chunks of at most RNN_BLAS_CHUNK (internal.h). */
#ifndef REAL
#include "internal.h"

typedef int blas_int;   /* OCTAVE_SIZEOF_F77_INT_TYPE == 4 */

/* The trailing size_t arguments are the hidden lengths of the two
 * CHARACTER arguments that gfortran-built BLAS libraries expect. */
void dgemm_ (const char *ta, const char *tb, const blas_int *M,
             const blas_int *N, const blas_int *K, const double *alpha,
             const double *A, const blas_int *lda, const double *B,
             const blas_int *ldb, const double *beta, double *C,
             const blas_int *ldc, size_t lta, size_t ltb);
void sgemm_ (const char *ta, const char *tb, const blas_int *M,
             const blas_int *N, const blas_int *K, const float *alpha,
             const float *A, const blas_int *lda, const float *B,
             const blas_int *ldb, const float *beta, float *C,
             const blas_int *ldc, size_t lta, size_t ltb);
void dgemv_ (const char *t, const blas_int *M, const blas_int *N,
             const double *alpha, const double *A, const blas_int *lda,
             const double *x, const blas_int *incx, const double *beta,
             double *y, const blas_int *incy, size_t lt);
void sgemv_ (const char *t, const blas_int *M, const blas_int *N,
             const float *alpha, const float *A, const blas_int *lda,
             const float *x, const blas_int *incx, const float *beta,
             float *y, const blas_int *incy, size_t lt);
#define gemm_d dgemm_
#define gemm_s sgemm_
#define gemv_d dgemv_
#define gemv_s sgemv_

/* BLAS threads.  Under OpenBLAS (Debian's libblas.so.3 alternatives for
 * OpenBLAS included) its own thread count is read and set through its
 * extension functions, referenced weakly: under any other BLAS they are
 * NULL, the count reads as 1 and is never changed. */
#if defined __GNUC__ && !defined RNN_NO_BLAS_THREADS
int openblas_get_num_threads (void) __attribute__ ((weak));
void openblas_set_num_threads (int) __attribute__ ((weak));
#define RNN_OPENBLAS_THREADS 1
#endif

int rnn_blas_threads (void)
{
#ifdef RNN_OPENBLAS_THREADS
    if (openblas_get_num_threads) {
        int n = openblas_get_num_threads ();
        return n > 1 ? n : 1;
    }
#endif
    return 1;
}

void rnn_blas_set_threads (int n)
{
#ifdef RNN_OPENBLAS_THREADS
    if (openblas_set_num_threads && n >= 1) openblas_set_num_threads (n);
#else
    (void) n;
#endif
}

const char *rnn_status_message (rnn_status s)
{
    switch (s) {
    case RNN_OK:            return "success";
    case RNN_ERR_ARG:       return "an argument is out of its domain";
    case RNN_ERR_SIZE:      return "the sizes overflow the address space or BLAS's 32-bit integers";
    case RNN_ERR_NONFINITE: return "the gradient norm is not finite";
    case RNN_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown status";
}

#define RNN_SELF "blas.c"
#include "typed.h"
#else

/* typed.h makes rnn_gemm_d and rnn_gemm_s */
void F(rnn_gemm) (char ta, char tb, size_t M, size_t N, size_t K, REAL alpha,
                  const REAL *A, size_t lda, const REAL *B, size_t ldb,
                  REAL beta, REAL *C, size_t ldc)
{
    const size_t cap = RNN_BLAS_CHUNK;
    if (M == 0 || N == 0) return;
    if (K == 0 || alpha == 0) {          /* BLAS semantics: C := beta*C */
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < M; i++)
                C[i + j*ldc] = beta == 0 ? 0 : beta * C[i + j*ldc];
        return;
    }
    blas_int ilda = (blas_int) lda, ildb = (blas_int) ldb, ildc = (blas_int) ldc;
    for (size_t k0 = 0; k0 < K; k0 += cap) {
        blas_int k = (blas_int) (K - k0 < cap ? K - k0 : cap);
        REAL bt = k0 == 0 ? beta : 1;
        for (size_t j0 = 0; j0 < N; j0 += cap) {
            blas_int n = (blas_int) (N - j0 < cap ? N - j0 : cap);
            for (size_t i0 = 0; i0 < M; i0 += cap) {
                blas_int mm = (blas_int) (M - i0 < cap ? M - i0 : cap);
                /* op(A) is [M, K]: row i0, column k0 */
                const REAL *a = ta == 'N' ? A + i0 + k0*lda : A + k0 + i0*lda;
                /* op(B) is [K, N]: row k0, column j0 */
                const REAL *b = tb == 'N' ? B + k0 + j0*ldb : B + j0 + k0*ldb;
                if (n == 1) {   /* a matrix-vector product: GEMV is
                                   cheaper per call (batch size 1) */
                    blas_int one = 1, inc = tb == 'N' ? 1 : ildb;
                    blas_int rows = ta == 'N' ? mm : k, cols = ta == 'N' ? k : mm;
                    F(gemv) (&ta, &rows, &cols, &alpha, a, &ilda, b, &inc, &bt,
                             C + i0 + j0*ldc, &one, 1);
                } else
                    F(gemm) (&ta, &tb, &mm, &n, &k, &alpha, a, &ilda, b, &ildb,
                             &bt, C + i0 + j0*ldc, &ildc, 1, 1);
            }
        }
    }
}

/* four columns at a time: y is read and written once per four columns of
 * A (the bias gradients sum all m*T columns of a layer's dG) */
RNN_INLINE void F(add4) (size_t M, REAL *restrict y, const REAL *restrict a0,
                         const REAL *restrict a1, const REAL *restrict a2,
                         const REAL *restrict a3)
{
    for (size_t i = 0; i < M; i++) y[i] += (a0[i] + a1[i]) + (a2[i] + a3[i]);
}

/* typed.h makes rnn_rowsum_acc_d and rnn_rowsum_acc_s */
RNN_VECTOR_CLONES
void F(rnn_rowsum_acc) (REAL *y, const REAL *A, size_t lda, size_t M, size_t N)
{
    size_t j = 0;
    for (; j + 4 <= N; j += 4) {
        const REAL *a = A + j*lda;
        F(add4) (M, y, a, a + lda, a + 2*lda, a + 3*lda);
    }
    for (; j < N; j++) {
        const REAL *a = A + j*lda;
        for (size_t i = 0; i < M; i++) y[i] += a[i];
    }
}
#endif
