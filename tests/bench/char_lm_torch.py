#!/usr/bin/python3
"""Train make demo's character model (examples/char_lm.m) in PyTorch and
print its training speed in characters per second.

    /usr/bin/python3 tests/bench/char_lm_torch.py ITERS THREADS [padded|packed] [WARMUP]

The model, data and training step are those of examples/char_lm.m through
rnn_train:

  data     the lowercase a-z words of wamerican's list (as char_lm.m), each word the
           sequence [end-of-word, letters, end-of-word] over V = 27 symbols
           (one-hot inputs, float32); 2000 random words held out;
  batches  128 words of similar length, drawn as rnn_train draws them: an
           epoch is a random permutation cut into chunks of 50 batches,
           each chunk sorted by length and cut into batches, the batches
           then shuffled; input symbols 1..n-1 of a word, labels 2..n;
  model    one LSTM layer of 256 units (nn.LSTM), a linear output layer to
           27 symbols, softmax cross-entropy averaged over the labels that
           are not padding;
  step     backward, clip_grad_norm_ at 1 (the global norm), Adam with
           learning rate 0.02 on a cosine schedule down to 1% of it.

Mode "padded" (default) runs everything on the padded [T, 128, 27] batch,
with ignore_index for the padding labels; "packed" runs the LSTM on
pack_padded_sequence's packed batch, and the output layer and loss on the
packed outputs only.  The batches of words of similar lengths have under 2%
padding, and "padded" is the faster of the two here.  The batch is built
from the word list inside the timed loop, as rnn_train builds it.

THREADS sets torch's intra-op threads and OpenBLAS's (torch_bench.py's
openblas_handle, through ctypes: this torch does its GEMMs in OpenBLAS, which
torch.set_num_threads does not reach); with more than one thread
OMP_WAIT_POLICY=passive unless set.  WARMUP (default 10) iterations are run
first and not timed.

Prints "chars_per_s ms_per_iteration" on line 1, then "#" lines.  A counted
character is a label that is not padding, as rnn_train counts them.
"""

import math
import os
import sys
import time


def usage(msg):
    sys.stderr.write("char_lm_torch.py: %s\nusage: char_lm_torch.py ITERS THREADS "
                     "[padded|packed] [WARMUP]\n" % msg)
    sys.exit(1)


def main(argv):
    if len(argv) < 3:
        usage("ITERS and THREADS are needed")
    try:
        iters, threads = int(argv[1]), int(argv[2])
        warmup = int(argv[4]) if len(argv) > 4 else 10
    except ValueError:
        usage("ITERS, THREADS and WARMUP must be integers")
    mode = argv[3] if len(argv) > 3 else "padded"
    if iters < 1 or threads < 1 or warmup < 0 or mode not in ("packed", "padded"):
        usage("bad arguments")
    if threads > 1 and "OMP_WAIT_POLICY" not in os.environ:
        os.environ["OMP_WAIT_POLICY"] = "passive"   # before libgomp loads

    import numpy as np
    import torch
    from torch_bench import openblas_handle   # this directory's harness
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.nn.utils.rnn import pack_padded_sequence

    torch.set_num_threads(threads)
    blas = openblas_handle()
    if blas is not None:
        blas.openblas_set_num_threads(threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)

    V, N_A, B, LR, CLIP = 27, 256, 128, 0.02, 1.0
    path = "/usr/share/dict/american-english"     # as examples/char_lm.m reads it
    if not os.path.exists(path):
        path = "/usr/share/dict/words"
    with open(path, encoding="utf-8", errors="replace") as f:
        words = [w for w in f.read().split("\n")
                 if w and all("a" <= ch <= "z" for ch in w)]
    eow = V - 1
    seqs = [np.array([eow] + [ord(ch) - 97 for ch in w] + [eow], dtype=np.int64)
            for w in words]
    perm = rng.permutation(len(seqs))
    train = [seqs[i] for i in perm[2000:]]
    lens = np.array([len(s) for s in train])

    def epoch():
        p = rng.permutation(len(train))
        p = p[:B * (len(p) // B)]
        batches = []
        for s in range(0, len(p), 50 * B):
            c = p[s:s + 50 * B]
            c = c[np.argsort(lens[c], kind="stable")]
            batches += [c[j:j + B] for j in range(0, len(c), B)]
        return [batches[i] for i in rng.permutation(len(batches))]

    lstm = nn.LSTM(V, N_A)
    out = nn.Linear(N_A, V)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=LR)
    total = warmup + iters

    order = []
    t0 = 0.0
    chars = 0
    padded_steps = 0
    for it in range(total):
        if it == warmup:
            chars = padded_steps = 0
            t0 = time.perf_counter()
        if not order:
            order = epoch()
        b = [train[i] for i in order.pop()]
        L = np.array([len(s) - 1 for s in b])
        T = int(L.max())
        inp = np.zeros((T, B), dtype=np.int64)
        lab = np.full((T, B), -100, dtype=np.int64)
        for j, s in enumerate(b):
            inp[:L[j], j] = s[:-1]
            lab[:L[j], j] = s[1:]
        X = F.one_hot(torch.from_numpy(inp), V).to(torch.float32)
        Y = torch.from_numpy(lab)
        Lt = torch.from_numpy(L)
        if mode == "packed":
            h, _ = lstm(pack_padded_sequence(X, Lt, enforce_sorted=False))
            z = out(h.data)
            y = pack_padded_sequence(Y, Lt, enforce_sorted=False).data
            loss = F.cross_entropy(z, y)
        else:
            h, _ = lstm(X)
            loss = F.cross_entropy(out(h).reshape(-1, V), Y.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, CLIP)
        lr = LR * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * it / total)))
        for g in opt.param_groups:
            g["lr"] = lr
        opt.step()
        chars += int(L.sum())
        padded_steps += T * B
    secs = time.perf_counter() - t0
    print("%.1f %.3f" % (chars / secs, 1000 * secs / iters))
    print("# torch %s, %s, threads %d, openblas %s/%s, %d timed iterations after %d, "
          "%.1f counted chars per iteration, padding %.1f%% of the steps, last loss %.3f"
          % (torch.__version__, mode, torch.get_num_threads(),
             blas.openblas_get_corename().decode() if blas else "none",
             blas.openblas_get_num_threads() if blas else "-", iters, warmup,
             chars / iters, 100 * (1 - chars / padded_steps), float(loss)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
