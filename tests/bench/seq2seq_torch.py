#!/usr/bin/python3
"""Time the date-translation model of examples/date_translation.m in PyTorch.

    OMP_NUM_THREADS=1 /usr/bin/python3 tests/bench/seq2seq_torch.py [REPS]

The model and batch are those of the example: a bidirectional LSTM encoder
(41 inputs, 32 units per direction) over one-hot sources of varying lengths
(packed sequences), additive attention (32 units) whose keys W_h H + b are
computed once per batch, and an LSTM decoder cell (64 units) reading
[onehot(previous symbol); context], a linear layer to 11 output symbols, 10
output steps.  Two modes, float64 (the toolbox's example runs in double):

  train   one teacher-forced training step on a batch of 64 sources of
          lengths 10..29: forward, cross-entropy, backward, gradient
          clipping at norm 5, an Adam update;
  decode  greedy decoding of 1000 sources of lengths 10..29 (no autograd).

Prints "train_median_ms decode_median_ms" on line 1 and "#" lines after it.
One thread (torch.set_num_threads(1)); one warm-up repetition, then REPS
(default 20 for train, 5 for decode) timed ones.
"""

import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

N_IN, N_OUT, N_A, N_S, N_ATT, TY = 41, 11, 32, 64, 32, 10


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.LSTM(N_IN, N_A, bidirectional=True)
        self.Ws = nn.Linear(N_S, N_ATT, bias=False)
        self.Wh = nn.Linear(2 * N_A, N_ATT)
        self.v = nn.Linear(N_ATT, 1, bias=False)
        self.dec = nn.LSTMCell(N_OUT + 2 * N_A, N_S)
        self.out = nn.Linear(N_S, N_OUT)

    def encode(self, X, L):
        # X (Tx, m, n_in), L lengths; H (m, Tx, 2 n_a), keys (m, Tx, n_att)
        packed = pack_padded_sequence(X, L, enforce_sorted=False)
        H, _ = self.enc(packed)
        H, _ = pad_packed_sequence(H, total_length=X.shape[0])
        H = H.transpose(0, 1)
        mask = torch.arange(X.shape[0]).unsqueeze(0) >= L.unsqueeze(1)
        return H, self.Wh(H), mask

    def step(self, prev, s, c, H, K, mask):
        e = self.v(torch.tanh(K + self.Ws(s).unsqueeze(1))).squeeze(2)
        alpha = torch.softmax(e.masked_fill(mask, float("-inf")), dim=1)
        ctx = torch.bmm(alpha.unsqueeze(1), H).squeeze(1)
        s, c = self.dec(torch.cat([prev, ctx], 1), (s, c))
        return self.out(s), s, c

    def loss(self, X, L, Y):
        H, K, mask = self.encode(X, L)
        m = X.shape[1]
        s = torch.zeros(m, N_S)
        c = torch.zeros(m, N_S)
        prev = torch.zeros(m, N_OUT)
        logits = []
        for t in range(TY):
            z, s, c = self.step(prev, s, c, H, K, mask)
            logits.append(z)
            prev = nn.functional.one_hot(Y[:, t], N_OUT).to(X.dtype)
        return nn.functional.cross_entropy(torch.stack(logits, 1).reshape(-1, N_OUT),
                                           Y.reshape(-1))

    @torch.no_grad()
    def greedy(self, X, L):
        H, K, mask = self.encode(X, L)
        m = X.shape[1]
        s = torch.zeros(m, N_S)
        c = torch.zeros(m, N_S)
        prev = torch.zeros(m, N_OUT)
        out = []
        for t in range(TY):
            z, s, c = self.step(prev, s, c, H, K, mask)
            y = z.argmax(1)
            out.append(y)
            prev = nn.functional.one_hot(y, N_OUT).to(X.dtype)
        return torch.stack(out, 1)


def batch(m, rng):
    L = rng.integers(10, 30, m)
    Tx = int(L.max())
    X = np.zeros((Tx, m, N_IN))
    for j in range(m):
        X[np.arange(L[j]), j, rng.integers(0, N_IN, L[j])] = 1
    Y = rng.integers(0, N_OUT, (m, TY))
    return torch.from_numpy(X), torch.from_numpy(L), torch.from_numpy(Y)


def median_ms(f, reps):
    f()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return 1000 * float(np.median(t))


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = np.random.default_rng(1)
    torch.manual_seed(1)
    model = Seq2Seq()
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    X, L, Y = batch(64, rng)
    Xd, Ld, _ = batch(1000, rng)

    def train():
        opt.zero_grad()
        loss = model.loss(X, L, Y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()

    def decode():
        model.greedy(Xd, Ld)

    tr = median_ms(train, reps)
    de = median_ms(decode, max(1, reps // 4))
    print("%.3f %.3f" % (tr, de))
    print("# torch %s, threads %d, float64, train batch 64, decode 1000, Ty %d"
          % (torch.__version__, torch.get_num_threads(), TY))
    return 0


if __name__ == "__main__":
    sys.exit(main())
