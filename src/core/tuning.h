/* tuning.h - the core's tuning constants, each with the reason for its
 * value.  Each may be set at build time (-DNAME=value); the ones that have
 * a run-time copy (rnn_mt_*_flops, rnn_bgemm_*: internal.h) are changed
 * there by tests and benchmarks.  The values were chosen by timing the
 * layers on a 2-core x86-64 machine (tests/bench); docs/architecture.md
 * tells how each mechanism works. */
#ifndef RNN_TUNING_H
#define RNN_TUNING_H

/* ---- threads (threads.c, sweep.c) ---- */

/* The two directions of a bidirectional layer run on two threads when one
 * direction's pass has at least this many FLOPs: waking a second core and
 * joining it costs as much as a small direction's whole pass. */
#ifndef RNN_MT_DIR_FLOPS
#define RNN_MT_DIR_FLOPS 40e6
#endif

/* A big product (the input projection, the weight and input gradients)
 * runs on two threads from this many FLOPs: below, waking the second
 * thread and moving its half of the result between the cores' caches
 * costs more than the half saves. */
#ifndef RNN_MT_GEMM_FLOPS
#define RNN_MT_GEMM_FLOPS 64e6
#endif

/* A step's packed product is split by rows with the stepper from this
 * many FLOPs: each step then pays one hand-off between the threads, which
 * only products of this size save clearly more than. */
#ifndef RNN_MT_STEP_FLOPS
#define RNN_MT_STEP_FLOPS 2e6
#endif

/* Rounds the stepper spins (PAUSE) waiting for its next half before it
 * yields its core: long enough to stay awake from one step to the next,
 * short enough to give the core back when the layer's thread is busy
 * elsewhere. */
#ifndef RNN_STEPPER_SPINS
#define RNN_STEPPER_SPINS 2000
#endif

/* ---- the input projection (sweep.c) ---- */

/* The forward pass makes its input projection step by step (each step's
 * W x_t + b while it is in cache, with W packed) when the packed W and R
 * together take at most this many bytes, and as one GEMM over all steps
 * above: every step reads both, and beyond the caches' size that reading
 * costs more than writing the projection out and back. */
#ifndef RNN_STEP_PACK_BYTES
#define RNN_STEP_PACK_BYTES (6.0 * 1024 * 1024)
#endif

/* ---- rnn_bgemm's blocks (pgemm.c) ---- */

/* K in blocks of KC, op(A) packed in blocks of about A_BYTES (MC rows of
 * KC), op(B) in blocks of NC columns: a packed block of op(A) stays in L2
 * and a sliver of op(B) (NR columns of KC) in L1, as BLAS libraries block
 * their GEMMs. */
#ifndef RNN_BGEMM_KC
#define RNN_BGEMM_KC 256
#endif
#ifndef RNN_BGEMM_A_BYTES
#define RNN_BGEMM_A_BYTES (512 * 1024)
#endif
#ifndef RNN_BGEMM_NC
#define RNN_BGEMM_NC 1024
#endif

/* Products of fewer FLOPs go to BLAS: packing costs more than it saves. */
#ifndef RNN_BGEMM_MIN_FLOPS
#define RNN_BGEMM_MIN_FLOPS 4e6
#endif

/* With op(B) = B, op(A) is packed whole (and read once per block of
 * columns) when it takes at most this many bytes: every block of columns
 * reads all of it, which is cheap while it stays in the caches. */
#ifndef RNN_BGEMM_WHOLE_BYTES
#define RNN_BGEMM_WHOLE_BYTES ((size_t) 8 << 20)
#endif

/* ... and the block of columns of B it serves at a time takes about this
 * many bytes, so that it stays in L2 while the panels of op(A) pass. */
#ifndef RNN_BGEMM_WHOLE_B_BYTES
#define RNN_BGEMM_WHOLE_B_BYTES (512 * 1024)
#endif

#endif
