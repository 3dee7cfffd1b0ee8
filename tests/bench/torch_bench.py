#!/usr/bin/python3
"""Time one PyTorch RNN layer (forward, forward+backward) on the CPU.

External reference for the rnn toolbox benchmark (tests/bench/bench.m).

Usage (Debian's python3, which has python3-torch; not a pyenv python):

    /usr/bin/python3 tests/bench/torch_bench.py CELL DIR n_x n_a m T REPS DTYPE THREADS

    CELL     rnn (nn.RNN, tanh) | gru (nn.GRU) | lstm (nn.LSTM)
    DIR      forward | bidirectional (outputs concatenated, forward first)
    n_x n_a  input features, hidden units
    m T      batch size, time steps; the input is (T, m, n_x)
    REPS     timed repetitions per mode (one untimed warm-up precedes them)
    DTYPE    float32 | float64
    THREADS  intra-op threads (torch.set_num_threads and OpenBLAS)

Output (stdout):

    line 1:  fwd_median_ms fwdbwd_median_ms
    then:    information lines starting with '#'

What is timed (module in training mode, autograd on, input requires grad):
    fwd     Y, _ = layer(X)            (including building the autograd graph)
    fwdbwd  Y, _ = layer(X); (Y * dY).sum().backward()
            with a fixed random dY; gradients are reset to None (not zeroed)
            before each repetition, outside the timed region, so backward
            writes them instead of accumulating.  h_n/c_n are not in the loss.

Threads: this Debian build of PyTorch does its GEMMs in OpenBLAS (pthreads
build), and torch.set_num_threads() does not change OpenBLAS's thread count,
which defaults to all cores.  So the script sets both: torch.set_num_threads
(the OpenMP intra-op pool, used by the element-wise ops) and
openblas_set_num_threads (through ctypes, on the OpenBLAS library torch
loaded).  With more than one thread, libgomp's spinning idle threads and
OpenBLAS's own threads fight over the cores (measured: 3x to 30x
slower on 2 cores), so unless OMP_WAIT_POLICY is already set the
script sets OMP_WAIT_POLICY=passive before importing torch.  The environment
variable TORCH_BENCH_INTRAOP=k overrides the intra-op thread count alone
(e.g. TORCH_BENCH_INTRAOP=1 with THREADS=2: OpenBLAS on 2 threads,
element-wise ops on 1; on this machine about as fast as, sometimes faster
than, 2+2 with passive waiting; 2-thread timings vary by +-20%).  The '#'
line reports the OpenBLAS core type, which follows OPENBLAS_CORETYPE if set.

oneDNN: torch 1.13's CPU RNN layers are composed of ATen ops (addmm per step
plus element-wise ops); the script runs one forward+backward under the
autograd profiler and reports whether any mkldnn/oneDNN op appeared.
"""

import ctypes
import os
import re
import statistics
import sys
import time

CELLS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
DIRS = {"forward": False, "bidirectional": True}
DTYPES = ("float32", "float64")


def usage(msg=None):
    if msg:
        sys.stderr.write("torch_bench: %s\n" % msg)
    sys.stderr.write(
        "usage: torch_bench.py CELL DIR n_x n_a m T REPS DTYPE THREADS\n"
        "  CELL rnn|gru|lstm, DIR forward|bidirectional, DTYPE float32|float64\n")
    sys.exit(1)


def parse_args(argv):
    if len(argv) != 10:
        usage()
    cell, direction = argv[1], argv[2]
    if cell not in CELLS:
        usage("unknown CELL %r" % cell)
    if direction not in DIRS:
        usage("unknown DIR %r" % direction)
    try:
        nx, na, m, T, reps, threads = (int(a) for a in argv[3:8] + argv[9:10])
    except ValueError:
        usage("sizes, REPS and THREADS must be integers")
    if min(nx, na, m, T, reps, threads) <= 0:
        usage("sizes, REPS and THREADS must be positive")
    dtype = argv[8]
    if dtype not in DTYPES:
        usage("unknown DTYPE %r" % dtype)
    return cell, direction, nx, na, m, T, reps, dtype, threads


def openblas_handle():
    """ctypes handle of the OpenBLAS library already loaded by torch, or None.

    torch's libraries are loaded RTLD_LOCAL, so the symbols are not visible
    through ctypes.CDLL(None); opening the same file again returns the same
    (already initialised) library instance."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "libopenblas" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_num_threads.restype = ctypes.c_int
            lib.openblas_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except (OSError, AttributeError):
            continue
    return None


def main(argv):
    cell, direction, nx, na, m, T, reps, dtype_name, threads = parse_args(argv)
    intraop = threads
    if os.environ.get("TORCH_BENCH_INTRAOP"):
        try:
            intraop = int(os.environ["TORCH_BENCH_INTRAOP"])
        except ValueError:
            usage("TORCH_BENCH_INTRAOP must be a positive integer")
        if intraop <= 0:
            usage("TORCH_BENCH_INTRAOP must be a positive integer")
    if intraop > 1 and "OMP_WAIT_POLICY" not in os.environ:
        # Must be set before libgomp is loaded (by `import torch`).
        os.environ["OMP_WAIT_POLICY"] = "passive"

    import torch  # imported late so a usage error is fast

    torch.set_num_threads(intraop)
    blas = openblas_handle()
    if blas is not None:
        blas.openblas_set_num_threads(threads)
    dtype = getattr(torch, dtype_name)
    torch.manual_seed(0)

    bidir = DIRS[direction]
    kwargs = dict(num_layers=1, bias=True, batch_first=False, bidirectional=bidir)
    if cell == "rnn":
        kwargs["nonlinearity"] = "tanh"
    layer = getattr(torch.nn, CELLS[cell])(nx, na, **kwargs).to(dtype)
    layer.train()

    X = torch.empty(T, m, nx, dtype=dtype).uniform_(-1.0, 1.0).requires_grad_()
    D = 2 if bidir else 1
    dY = torch.empty(T, m, D * na, dtype=dtype).uniform_(-1.0, 1.0)

    def reset_grads():
        X.grad = None
        for prm in layer.parameters():
            prm.grad = None

    def step_fwd():
        Y, _ = layer(X)
        return Y

    def step_fwdbwd():
        Y, _ = layer(X)
        (Y * dY).sum().backward()
        return Y

    def timed(fn):
        """Median wall time of fn in ms over reps, after one warm-up call."""
        times = []
        for r in range(reps + 1):
            reset_grads()
            t0 = time.perf_counter()
            fn()
            t1 = time.perf_counter()
            if r > 0:
                times.append(1e3 * (t1 - t0))
        return statistics.median(times)

    with torch.enable_grad():
        t_fwd = timed(step_fwd)
        t_fwdbwd = timed(step_fwdbwd)
    # The result line first, flushed, so a reader that stops after it has it.
    print("%.4f %.4f" % (t_fwd, t_fwdbwd), flush=True)

    # ---- information lines (not timed) ------------------------------------
    # Which ATen ops ran: did any go through mkldnn (oneDNN)?
    reset_grads()
    with torch.autograd.profiler.profile() as prof:
        Y = step_fwdbwd()
    names = {e.name for e in prof.function_events}
    dnnl_ops = sorted(n for n in names if re.search("mkldnn|onednn|dnnl", n, re.I))
    rnn_ops = sorted(n for n in names if re.fullmatch(r"aten::(lstm|gru|rnn_tanh)", n))
    mk = torch.backends.mkldnn
    print("# torch %s dtype=%s threads=%d openblas=%s/%s mkldnn_available=%s "
          "mkldnn_enabled=%s used_onednn=%s ops=%s"
          % (torch.__version__, dtype_name, torch.get_num_threads(),
             blas.openblas_get_corename().decode() if blas else "none",
             blas.openblas_get_num_threads() if blas else "-",
             mk.is_available(), mk.enabled,
             ",".join(dnnl_ops) if dnnl_ops else "no",
             ",".join(rnn_ops) or "?"))
    print("# env OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s OPENBLAS_CORETYPE=%s "
          "OPENBLAS_L2_SIZE=%s"
          % tuple(os.environ.get(k, "unset") for k in
                  ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_CORETYPE",
                   "OPENBLAS_L2_SIZE")))
    # Checksums of the last forward+backward (sums of absolute values).
    grads = {n: p.grad for n, p in layer.named_parameters()}
    dW = sum(float(g.abs().sum()) for n, g in grads.items() if n.startswith("weight_ih"))
    dR = sum(float(g.abs().sum()) for n, g in grads.items() if n.startswith("weight_hh"))
    db = sum(float(g.abs().sum()) for n, g in grads.items() if n.startswith("bias"))
    print("# checksum y=%.6e dx=%.6e dW=%.6e dR=%.6e db=%.6e"
          % (float(Y.detach().abs().sum()), float(X.grad.abs().sum()), dW, dR, db))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:
        # The reader closed the pipe early (e.g. `| head -1`): not an error.
        # Point stdout at /dev/null so the interpreter's final flush is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
