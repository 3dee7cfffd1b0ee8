#!/usr/bin/python3
"""Generate PyTorch reference tensors for the rnn toolbox tests.

Run from the top of the repository with Debian's interpreter:

    /usr/bin/python3 tests/ref/make_refs.py

For every combination of cell (rnn_tanh, rnn_relu, gru, lstm), direction
(forward, reverse, bidirectional) and lengths (full, varying) this writes
tests/ref/<cell>_<direction>_<full|len>.mat holding the inputs, the upstream
gradients, and the outputs and gradients computed by PyTorch autograd, all in
the toolbox's layout (docs/architecture.md, "Data layouts"):

    X  [n_x, m, T]      h0, c0  [n_a, m]  or  [n_a, m, 2] (bidirectional)
    Y  [D*n_a, m, T]    W [G*n_a*D, n_x]  R [G*n_a*D, n_a]  b, bR [G*n_a*D, 1]

Before anything is saved, Y/hN/cN are recomputed by a plain numpy loop that
follows the equations of docs/architecture.md directly (including Lengths and the reverse
sweep), and the autograd gradients are checked against a central finite
difference of that numpy loss along a random direction.  Both checks are
independent of PyTorch's packing and of the layout conversions below.

Everything is float64 and seeded from the case name, and the .mat header
carries no timestamp, so reruns give byte-identical files.
"""

import io
import os
import sys
import zlib

import numpy as np
import scipy.io
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_default_dtype(torch.float64)

# Problem sizes: tiny on purpose (the .mat files are committed).
N_X, N_A, M, T = 3, 4, 3, 5
# Varying, unsorted lengths; one column runs the full T steps.
LENGTHS = [5, 2, 4]

# cell name in the file name -> (p.cell, activation or None, gates per unit)
CELLS = {
    "rnn_tanh": ("rnn", "tanh", 1),
    "rnn_relu": ("rnn", "relu", 1),
    "gru": ("gru", None, 3),
    "lstm": ("lstm", None, 4),
}
DIRECTIONS = ["forward", "reverse", "bidirectional"]

OUT_DIR = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Independent numpy implementation of docs/architecture.md, "Equations"
# (one column at a time)
# ---------------------------------------------------------------------------

def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def np_step(cell, act, x, h, c, W, R, b, bR, kinks=None):
    """One step of one cell for one batch column; returns (h, c).  For relu,
    appends the smallest |pre-activation| to the list KINKS if given."""
    if cell == "rnn":
        a = W @ x + b + R @ h + bR
        if act == "relu" and kinks is not None:
            kinks.append(np.min(np.abs(a)))
        return (np.tanh(a) if act == "tanh" else np.maximum(a, 0.0)), None
    if cell == "lstm":
        a = W @ x + b + R @ h + bR
        i, f, g, o = np.split(a, 4)
        c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        return sigmoid(o) * np.tanh(c_new), c_new
    # GRU, reset gate applied after the recurrent multiplication
    gx = W @ x + b
    gh = R @ h + bR
    xr, xz, xn = np.split(gx, 3)
    hr, hz, hn = np.split(gh, 3)
    r = sigmoid(xr + hr)
    z = sigmoid(xz + hz)
    n = np.tanh(xn + r * hn)
    return (1.0 - z) * n + z * h, None


def np_forward(case, kinks=None):
    """Y, hN, cN (cN None unless LSTM) by the textbook per-step loop."""
    cell, act = case["cell"], case.get("activation")
    X, W, R, b, bR = case["X"], case["W"], case["R"], case["b"], case["bR"]
    lens = case["lengths"].astype(int) if case["lengths"].size else np.full(M, T)
    bidir = case["direction"] == "bidirectional"
    dirs = ["forward", "reverse"] if bidir else [case["direction"]]
    rows = W.shape[0] // len(dirs)
    h0 = case["h0"] if bidir else case["h0"][:, :, None]
    c0 = None
    if cell == "lstm":
        c0 = case["c0"] if bidir else case["c0"][:, :, None]

    Y = np.zeros((N_A * len(dirs), M, T))
    hN = np.zeros((N_A, M, len(dirs)))
    cN = np.zeros((N_A, M, len(dirs)))
    for d, name in enumerate(dirs):
        blk = slice(d * rows, (d + 1) * rows)
        Wd, Rd, bd, bRd = W[blk], R[blk], b[blk], bR[blk]
        for j in range(M):
            steps = range(lens[j]) if name == "forward" else range(lens[j] - 1, -1, -1)
            h = h0[:, j, d].copy()
            c = c0[:, j, d].copy() if c0 is not None else None
            for t in steps:
                h, c = np_step(cell, act, X[:, j, t], h, c, Wd, Rd, bd, bRd, kinks)
                Y[d * N_A:(d + 1) * N_A, j, t] = h  # stays zero after L_j
            hN[:, j, d] = h
            if c is not None:
                cN[:, j, d] = c
    if not bidir:
        hN, cN = hN[:, :, 0], cN[:, :, 0]
    return Y, hN, (cN if cell == "lstm" else None)


def np_loss(case):
    """L = sum(Y.*dY) + sum(hN.*dhN) (+ sum(cN.*dcN)) from the numpy loop."""
    Y, hN, cN = np_forward(case)
    L = np.sum(Y * case["dY"]) + np.sum(hN * case["dhN"])
    if cN is not None:
        L += np.sum(cN * case["dcN"])
    return L


# ---------------------------------------------------------------------------
# PyTorch computation (the reference values)
# ---------------------------------------------------------------------------

def ours_to_seq(A):
    """[k, m, T] (ours) -> (T, m, k) (PyTorch seq-first); also for states
    [n_a, m, D] -> (D, m, n_a).  Differentiable (a view)."""
    return A.permute(2, 1, 0)


def reverse_index(lens):
    """Index [T, m] mapping step t of column j to L_j-1-t inside the length
    and to itself after it.  The map is its own inverse."""
    idx = torch.arange(T).unsqueeze(1).repeat(1, M)
    for j, L in enumerate(lens):
        idx[:L, j] = torch.arange(L - 1, -1, -1)
    return idx


def torch_case(case):
    """Run the case through torch.nn and autograd; returns a dict of outputs
    and gradients in our layout."""
    cell, act = case["cell"], case.get("activation")
    direction = case["direction"]
    bidir = direction == "bidirectional"
    has_len = case["lengths"].size > 0
    lens = [int(v) for v in case["lengths"]] if has_len else [T] * M

    if cell == "rnn":
        mod = torch.nn.RNN(N_X, N_A, nonlinearity=act, bidirectional=bidir)
    elif cell == "gru":
        mod = torch.nn.GRU(N_X, N_A, bidirectional=bidir)
    else:
        mod = torch.nn.LSTM(N_X, N_A, bidirectional=bidir)
    mod = mod.double()

    # Load our stacked parameters into the module (forward rows first).
    rows = case["W"].shape[0] // (2 if bidir else 1)
    suffixes = ["", "_reverse"] if bidir else [""]
    with torch.no_grad():
        for d, suf in enumerate(suffixes):
            blk = slice(d * rows, (d + 1) * rows)
            getattr(mod, "weight_ih_l0" + suf).copy_(torch.from_numpy(case["W"][blk]))
            getattr(mod, "weight_hh_l0" + suf).copy_(torch.from_numpy(case["R"][blk]))
            getattr(mod, "bias_ih_l0" + suf).copy_(torch.from_numpy(case["b"][blk]))
            getattr(mod, "bias_hh_l0" + suf).copy_(torch.from_numpy(case["bR"][blk]))

    # Leaves in our layout, so their .grad is already in our layout.
    X = torch.tensor(case["X"], requires_grad=True)
    h0 = torch.tensor(case["h0"], requires_grad=True)
    c0 = torch.tensor(case["c0"], requires_grad=True) if cell == "lstm" else None

    def seq_state(s):
        # [n_a, m] -> (1, m, n_a); [n_a, m, 2] -> (2, m, n_a)
        return ours_to_seq(s if bidir else s.unsqueeze(2)).contiguous()

    x = ours_to_seq(X)                                   # (T, m, n_x)
    rev_idx = reverse_index(lens)
    cols = torch.arange(M).unsqueeze(0).expand(T, M)
    if direction == "reverse":
        # Reverse every column inside its own length, then run forward.
        x = x[rev_idx, cols]

    state = seq_state(h0) if c0 is None else (seq_state(h0), seq_state(c0))
    if has_len:
        packed = pack_padded_sequence(x, torch.tensor(lens), enforce_sorted=False)
        out, st = mod(packed, state)
        y, _ = pad_packed_sequence(out, padding_value=0.0, total_length=T)
    else:
        y, st = mod(x, state)
    if direction == "reverse":
        y = y[rev_idx, cols]                             # undo the reversal

    hN_seq, cN_seq = (st, None) if c0 is None else st

    def our_state(s):
        # (D, m, n_a) -> [n_a, m, D], dropping D for one direction
        s = ours_to_seq(s)
        return s if bidir else s.squeeze(2)

    Y = ours_to_seq(y)                                   # [D*n_a, m, T]
    hN = our_state(hN_seq)
    cN = our_state(cN_seq) if cN_seq is not None else None

    loss = (Y * torch.from_numpy(case["dY"])).sum() \
        + (hN * torch.from_numpy(case["dhN"])).sum()
    if cN is not None:
        loss = loss + (cN * torch.from_numpy(case["dcN"])).sum()
    loss.backward()

    def stacked_grad(name):
        return np.concatenate(
            [getattr(mod, name + suf).grad.numpy() for suf in suffixes], axis=0)

    res = {
        "Y": Y.detach().numpy().copy(),
        "hN": hN.detach().numpy().copy(),
        "dX": X.grad.numpy().copy(),
        "dh0": h0.grad.numpy().copy(),
        "dW": stacked_grad("weight_ih_l0"),
        "dR": stacked_grad("weight_hh_l0"),
        "db": stacked_grad("bias_ih_l0"),
        "dbR": stacked_grad("bias_hh_l0"),
        "loss": float(loss.detach()),
    }
    if cN is not None:
        res["cN"] = cN.detach().numpy().copy()
        res["dc0"] = c0.grad.numpy().copy()
    return res


# ---------------------------------------------------------------------------
# Case construction and checks
# ---------------------------------------------------------------------------

def make_case(cell_key, direction, with_len):
    """Random inputs for one case; seeded from the case name."""
    name = "%s_%s_%s" % (cell_key, direction, "len" if with_len else "full")
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    cell, act, G = CELLS[cell_key]
    D = 2 if direction == "bidirectional" else 1
    state_shape = (N_A, M, D) if D == 2 else (N_A, M)
    out_rows = D * N_A

    case = {"name": name, "cell": cell, "direction": direction}
    if act is not None:
        case["activation"] = act
    if cell == "gru":
        case["resetGateMode"] = "after-multiplication"
    case["X"] = rng.standard_normal((N_X, M, T))
    case["h0"] = 0.5 * rng.standard_normal(state_shape)
    if cell == "lstm":
        case["c0"] = 0.5 * rng.standard_normal(state_shape)
    case["W"] = rng.uniform(-0.5, 0.5, (G * N_A * D, N_X))
    case["R"] = rng.uniform(-0.5, 0.5, (G * N_A * D, N_A))
    case["b"] = rng.uniform(-0.5, 0.5, G * N_A * D)
    case["bR"] = rng.uniform(-0.5, 0.5, G * N_A * D)
    case["lengths"] = np.array(LENGTHS, dtype=float) if with_len else np.zeros((0, 0))
    case["dY"] = rng.standard_normal((out_rows, M, T))
    case["dhN"] = rng.standard_normal(state_shape)
    if cell == "lstm":
        case["dcN"] = rng.standard_normal(state_shape)
    return case, rng


def check_against_numpy(case, res, rng):
    """Assert the torch results against the independent numpy loop."""
    kinks = []
    Y, hN, cN = np_forward(case, kinks)
    if kinks:
        # No relu pre-activation may sit near the kink at 0: single precision
        # (or the finite difference below) could then take the other branch.
        assert min(kinks) > 1e-3, (case["name"], min(kinks))
    for key, ref in (("Y", Y), ("hN", hN), ("cN", cN)):
        if ref is None:
            continue
        got = res[key]
        assert got.shape == ref.shape, (case["name"], key, got.shape, ref.shape)
        err = np.max(np.abs(got - ref))
        assert err <= 1e-12, (case["name"], key, err)

    # Directional derivative: perturb every differentiable input along a
    # random direction V; compare the central difference of the numpy loss
    # with sum(grad .* V) from autograd.  Checks the gradient layout too.
    grads = {"X": "dX", "h0": "dh0", "W": "dW", "R": "dR", "b": "db",
             "bR": "dbR", "c0": "dc0"}
    grads = {k: v for k, v in grads.items() if k in case}
    V = {k: rng.standard_normal(case[k].shape) for k in grads}
    eps = 1e-6
    plus = dict(case, **{k: case[k] + eps * V[k] for k in grads})
    minus = dict(case, **{k: case[k] - eps * V[k] for k in grads})
    fd = (np_loss(plus) - np_loss(minus)) / (2 * eps)
    an = sum(np.sum(res[g] * V[k]) for k, g in grads.items())
    assert abs(fd - an) <= 1e-7 * max(1.0, abs(an)), (case["name"], fd, an)

    # The numpy loss must equal torch's at the unperturbed point.
    assert abs(np_loss(case) - res["loss"]) <= 1e-12 * max(1.0, abs(res["loss"]))


def write_mat(path, data):
    """savemat, with the creation time in the 116-byte text header replaced
    by a fixed string so that reruns give byte-identical files."""
    buf = io.BytesIO()
    scipy.io.savemat(buf, data, format="5", do_compression=True,
                     oned_as="column")
    raw = bytearray(buf.getvalue())
    text = b"MATLAB 5.0 MAT-file, written by tests/ref/make_refs.py"
    raw[:116] = text.ljust(116, b" ")
    with open(path, "wb") as f:
        f.write(raw)


def main():
    total = 0
    for cell_key in CELLS:
        for direction in DIRECTIONS:
            for with_len in (False, True):
                case, rng = make_case(cell_key, direction, with_len)
                res = torch_case(case)
                check_against_numpy(case, res, rng)

                if case.get("activation") == "relu":
                    # Sanity: the relu net must not be dead (or linear).
                    pos = np.mean(res["Y"] > 0)
                    assert 0.2 < pos, (case["name"], pos)

                out = {k: v for k, v in case.items() if k != "name"}
                res.pop("loss")
                out.update(res)
                path = os.path.join(OUT_DIR, case["name"] + ".mat")
                write_mat(path, out)
                size = os.path.getsize(path)
                total += size
                print("%-32s %6d bytes" % (case["name"] + ".mat", size))
    print("total %d bytes, torch %s, numpy %s, scipy %s"
          % (total, torch.__version__, np.__version__, scipy.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
