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

It also writes tests/ref/model_<case>.mat: whole models (an optional
embedding, a stack of recurrent layers, a dense output layer, softmax
cross-entropy over the counted labels) with the loss and the gradient of
every parameter from torch.nn.Embedding/LSTM/GRU (num_layers=2)/Linear and
autograd, checked first against a numpy loop of the stacked model and a
finite difference of its loss.

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


def write_mat(path, data, writer="tests/ref/make_refs.py"):
    """savemat, with the creation time in the 116-byte text header replaced
    by a fixed string (naming WRITER) so that reruns give byte-identical
    files."""
    buf = io.BytesIO()
    scipy.io.savemat(buf, data, format="5", do_compression=True,
                     oned_as="column")
    raw = bytearray(buf.getvalue())
    text = ("MATLAB 5.0 MAT-file, written by " + writer).encode()
    raw[:116] = text.ljust(116, b" ")
    with open(path, "wb") as f:
        f.write(raw)


# ---------------------------------------------------------------------------
# Whole models: embedding, stacked layers, output layer, cross-entropy
# ---------------------------------------------------------------------------

# vocabulary size and embedding size (models with an embedding), classes
V, N_E, N_Y = 6, 3, 5

# case -> (cell, direction, layers, embedding?, lengths?)
MODELS = {
    "model_lstm_2layers": ("lstm", "forward", 2, False, False),
    "model_gru_bidirectional_2layers_embedding": ("gru", "bidirectional", 2, True, True),
}


def np_model_loss(mc):
    """Mean cross-entropy over the counted labels by numpy loops: the
    embedding as a column lookup (index 0: zeros), each layer by
    np_forward from zero states, Z = Wy Y + by, softmax over classes."""
    if mc["E"] is not None:
        idx = mc["idx"]
        X = np.zeros((mc["E"].shape[0], M, T))
        for j in range(M):
            for t in range(T):
                if idx[j, t] > 0:
                    X[:, j, t] = mc["E"][:, int(idx[j, t]) - 1]
    else:
        X = mc["X"]
    D = 2 if mc["direction"] == "bidirectional" else 1
    for lay in mc["layers"]:
        case = dict(lay, X=X, cell=mc["cell"], direction=mc["direction"],
                    lengths=mc["lengths"],
                    h0=np.zeros((N_A, M, D)) if D == 2 else np.zeros((N_A, M)))
        if mc["cell"] == "lstm":
            case["c0"] = case["h0"]
        X, _, _ = np_forward(case)
    total, count = 0.0, 0
    for j in range(M):
        for t in range(T):
            lab = int(mc["labels"][j, t])
            if lab == 0:
                continue
            z = mc["Wy"] @ X[:, j, t] + mc["by"]
            zmax = np.max(z)
            total += zmax + np.log(np.sum(np.exp(z - zmax))) - z[lab - 1]
            count += 1
    return total / count


def make_model_case(name):
    cell, direction, L, with_E, with_len = MODELS[name]
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    G = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    D = 2 if direction == "bidirectional" else 1
    mc = {"cell": cell, "direction": direction, "E": None}
    lens = LENGTHS if with_len else [T] * M
    mc["lengths"] = np.array(lens, dtype=float) if with_len else np.zeros((0, 0))
    n_in = N_X
    if with_E:
        n_in = N_E
        mc["E"] = rng.uniform(-1, 1, (N_E, V))
        idx = rng.integers(1, V + 1, (M, T)).astype(float)
        for j, Lj in enumerate(lens):
            idx[j, Lj:] = 0                      # padding after each length
        idx[1, 0] = 0                            # and a padding symbol inside
        mc["idx"] = idx
    else:
        mc["X"] = rng.standard_normal((N_X, M, T))
    mc["layers"] = []
    for _ in range(L):
        mc["layers"].append({
            "W": rng.uniform(-0.5, 0.5, (G * N_A * D, n_in)),
            "R": rng.uniform(-0.5, 0.5, (G * N_A * D, N_A)),
            "b": rng.uniform(-0.5, 0.5, G * N_A * D),
            "bR": rng.uniform(-0.5, 0.5, G * N_A * D)})
        n_in = D * N_A
    mc["Wy"] = rng.uniform(-0.5, 0.5, (N_Y, D * N_A))
    mc["by"] = rng.uniform(-0.5, 0.5, N_Y)
    labels = rng.integers(1, N_Y + 1, (M, T)).astype(float)
    for j, Lj in enumerate(lens):
        labels[j, Lj:] = 0                       # not counted
    labels[0, 1] = 0                             # a step not counted inside
    mc["labels"] = labels
    return mc, rng


def torch_model_case(mc):
    """Loss and gradients of the model by torch.nn and autograd, in our
    layout: grads["layers"][k]["W"], ..., grads["E"], ["Wy"], ["by"]."""
    cell, L = mc["cell"], len(mc["layers"])
    bidir = mc["direction"] == "bidirectional"
    n_in = N_E if mc["E"] is not None else N_X
    cls = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell]
    rnn = cls(n_in, N_A, num_layers=L, bidirectional=bidir).double()
    fc = torch.nn.Linear(N_A * (2 if bidir else 1), N_Y).double()
    sfx = ["", "_reverse"] if bidir else [""]
    rows = mc["layers"][0]["W"].shape[0] // len(sfx)
    with torch.no_grad():
        for k, lay in enumerate(mc["layers"]):
            for d, s in enumerate(sfx):
                blk = slice(d * rows, (d + 1) * rows)
                for ours, theirs in (("W", "weight_ih"), ("R", "weight_hh"),
                                     ("b", "bias_ih"), ("bR", "bias_hh")):
                    getattr(rnn, "%s_l%d%s" % (theirs, k, s)).copy_(
                        torch.from_numpy(lay[ours][blk]))
        fc.weight.copy_(torch.from_numpy(mc["Wy"]))
        fc.bias.copy_(torch.from_numpy(mc["by"]))
    lens = [int(v) for v in mc["lengths"]] if mc["lengths"].size else [T] * M
    if mc["E"] is not None:
        emb = torch.nn.Embedding(V + 1, N_E, padding_idx=0).double()
        with torch.no_grad():
            emb.weight.copy_(torch.from_numpy(
                np.concatenate([np.zeros((1, N_E)), mc["E"].T])))
        x = emb(torch.from_numpy(mc["idx"].T.astype(np.int64)))      # (T, m, d)
    else:
        x = torch.from_numpy(mc["X"].transpose(2, 1, 0).copy())
    if mc["lengths"].size:
        out, _ = rnn(pack_padded_sequence(x, torch.tensor(lens), enforce_sorted=False))
        y, _ = pad_packed_sequence(out, total_length=T)
    else:
        y, _ = rnn(x)
    z = fc(y)                                                        # (T, m, n_y)
    target = torch.from_numpy(mc["labels"].T.astype(np.int64)) - 1   # -1: not counted
    loss = torch.nn.functional.cross_entropy(z.reshape(-1, N_Y), target.reshape(-1),
                                             ignore_index=-1)
    loss.backward()
    g = {"layers": []}
    for k in range(L):
        g["layers"].append({ours: np.concatenate(
            [getattr(rnn, "%s_l%d%s" % (theirs, k, s)).grad.numpy() for s in sfx])
            for ours, theirs in (("W", "weight_ih"), ("R", "weight_hh"),
                                 ("b", "bias_ih"), ("bR", "bias_hh"))})
    g["Wy"] = fc.weight.grad.numpy().copy()
    g["by"] = fc.bias.grad.numpy().copy()
    if mc["E"] is not None:
        assert not np.any(emb.weight.grad[0].numpy())   # padding: no gradient
        g["E"] = emb.weight.grad[1:].numpy().T.copy()
    return float(loss.detach()), g


def check_model_against_numpy(name, mc, loss, g, rng):
    ref = np_model_loss(mc)
    assert abs(ref - loss) <= 1e-12 * max(1.0, abs(loss)), (name, ref, loss)
    # directional derivative along a random direction of every parameter
    params = [(lay, k) for lay in mc["layers"] for k in ("W", "R", "b", "bR")]
    params += [(mc, "Wy"), (mc, "by")] + ([(mc, "E")] if mc["E"] is not None else [])
    grads = [(gl, k) for gl in g["layers"] for k in ("W", "R", "b", "bR")]
    grads += [(g, "Wy"), (g, "by")] + ([(g, "E")] if mc["E"] is not None else [])
    V_ = [rng.standard_normal(d[k].shape) for d, k in params]
    an = sum(np.sum(gd[k] * v) for (gd, k), v in zip(grads, V_))
    eps = 1e-6
    base = [d[k].copy() for d, k in params]
    vals = []
    for sign in (1, -1):
        for (d, k), b0, v in zip(params, base, V_):
            d[k] = b0 + sign * eps * v
        vals.append(np_model_loss(mc))
    for (d, k), b0 in zip(params, base):
        d[k] = b0
    fd = (vals[0] - vals[1]) / (2 * eps)
    assert abs(fd - an) <= 1e-7 * max(1.0, abs(an)), (name, fd, an)


def struct_array(dicts):
    """A list of dicts with the same keys -> a 1-by-L MAT struct array."""
    keys = list(dicts[0])
    arr = np.empty((1, len(dicts)), dtype=[(k, object) for k in keys])
    for i, d in enumerate(dicts):
        for k in keys:
            v = d[k]
            arr[0, i][k] = v.reshape(-1, 1) if (isinstance(v, np.ndarray) and v.ndim == 1) else v
    return arr


def write_model_case(name, mc, loss, g):
    D = 2 if mc["direction"] == "bidirectional" else 1
    extra = {"cell": mc["cell"], "direction": mc["direction"], "merge": "concat"}
    if mc["cell"] == "gru":
        extra["resetGateMode"] = "after-multiplication"
    model = {"layers": struct_array([dict(extra, **lay) for lay in mc["layers"]]),
             "Wy": mc["Wy"], "by": mc["by"].reshape(-1, 1),
             "dropout": 0.0, "recurrentDropout": 0.0}
    grad = {"layers": struct_array(g["layers"]), "Wy": g["Wy"],
            "by": g["by"].reshape(-1, 1)}
    out = {"model": model, "labels": mc["labels"], "lengths": mc["lengths"],
           "loss": loss, "grad": grad}
    if mc["E"] is not None:
        model["E"] = mc["E"]
        grad["E"] = g["E"]
        out["X"] = mc["idx"]
    else:
        out["X"] = mc["X"]
    path = os.path.join(OUT_DIR, name + ".mat")
    write_mat(path, out)
    return path


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
    for name in MODELS:
        mc, rng = make_model_case(name)
        loss, g = torch_model_case(mc)
        check_model_against_numpy(name, mc, loss, g, rng)
        path = write_model_case(name, mc, loss, g)
        size = os.path.getsize(path)
        total += size
        print("%-32s %6d bytes  loss %.6f" % (name + ".mat", size, loss))
    print("total %d bytes, torch %s, numpy %s, scipy %s"
          % (total, torch.__version__, np.__version__, scipy.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
