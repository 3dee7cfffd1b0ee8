#!/usr/bin/python3
"""Generate PyTorch reference tensors for the toolbox's attention step.

Run from the top of the repository with Debian's interpreter:

    /usr/bin/python3 tests/ref/make_attention_refs.py

For each score form (additive, dot, general) and lengths (full, varying)
this writes tests/ref/attention_<form>_<full|len>.mat with the inputs, the
upstream gradients dctx and dalpha, and the outputs and gradients that
PyTorch autograd computes, in the toolbox's layout:

    s [n_s, m]   H [n_h, m, Tx]   alpha [Tx, m]   ctx [n_h, m]
    additive: Ws [n_att, n_s], Wh [n_att, n_h], b [n_att, 1], v [n_att, 1]
    general:  Wa [n_s, n_h]

The scores are
    additive  e = v' tanh(Ws s + Wh h_t + b)   (Bahdanau et al. 2015)
    dot       e = s' h_t                        (Luong et al. 2015)
    general   e = s' Wa h_t                     (Luong et al. 2015)
masked beyond each column's length (masked_fill with -inf, so the softmax
gives exactly 0 there), softmax over the source steps, ctx = sum alpha h.

Before anything is saved, ctx and alpha are recomputed by a plain numpy
loop over columns and steps (agreement to 1e-12 asserted), and the autograd
gradients are checked against a central finite difference of that loop's
loss L = sum(ctx .* dctx) + sum(alpha .* dalpha) along a random direction.

Everything is float64 and seeded from the case name; the .mat header
carries no timestamp, so reruns give byte-identical files.
"""

import os
import sys
import zlib

import numpy as np
import scipy
import torch

from make_refs import write_mat

torch.set_default_dtype(torch.float64)

N_S, N_H, N_ATT, M, TX = 3, 4, 5, 3, 6
LENGTHS = [6, 2, 4]
FORMS = ["additive", "dot", "general"]
OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def params_of(form):
    return {"additive": ["Ws", "Wh", "b", "v"], "dot": [], "general": ["Wa"]}[form]


# ---------------------------------------------------------------------------
# Independent numpy loop
# ---------------------------------------------------------------------------

def np_forward(case):
    form, s, H = case["type"], case["s"], case["H"]
    lens = case["lengths"].astype(int) if case["lengths"].size else np.full(M, TX)
    n_h = H.shape[0]
    ctx = np.zeros((n_h, M))
    alpha = np.zeros((TX, M))
    for j in range(M):
        e = np.zeros(lens[j])
        for t in range(lens[j]):
            h = H[:, j, t]
            if form == "additive":
                e[t] = case["v"][:, 0] @ np.tanh(case["Ws"] @ s[:, j] + case["Wh"] @ h
                                                 + case["b"][:, 0])
            elif form == "dot":
                e[t] = s[:, j] @ h
            else:
                e[t] = s[:, j] @ case["Wa"] @ h
        a = np.exp(e - e.max())
        a /= a.sum()
        alpha[:lens[j], j] = a
        for t in range(lens[j]):
            ctx[:, j] += a[t] * H[:, j, t]
    return ctx, alpha


def np_loss(case):
    ctx, alpha = np_forward(case)
    return np.sum(ctx * case["dctx"]) + np.sum(alpha * case["dalpha"])


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------

def torch_case(case):
    form = case["type"]
    leaves = {k: torch.tensor(case[k], requires_grad=True)
              for k in ["s", "H"] + params_of(form)}
    s = leaves["s"].t()                       # (m, n_s)
    H = leaves["H"].permute(1, 2, 0)          # (m, Tx, n_h)
    if form == "additive":
        u = s @ leaves["Ws"].t()              # (m, n_att)
        k = H @ leaves["Wh"].t() + leaves["b"][:, 0]   # (m, Tx, n_att)
        e = torch.tanh(k + u.unsqueeze(1)) @ leaves["v"][:, 0]   # (m, Tx)
    elif form == "dot":
        e = torch.bmm(H, s.unsqueeze(2)).squeeze(2)
    else:
        q = s @ leaves["Wa"]                   # (m, n_h): s' Wa
        e = torch.bmm(H, q.unsqueeze(2)).squeeze(2)
    if case["lengths"].size:
        lens = torch.tensor(case["lengths"].astype(int))
        mask = torch.arange(TX).unsqueeze(0) >= lens.unsqueeze(1)
        e = e.masked_fill(mask, float("-inf"))
    a = torch.softmax(e, dim=1)               # (m, Tx)
    ctx = torch.bmm(a.unsqueeze(1), H).squeeze(1)   # (m, n_h)
    ctx_o, alpha_o = ctx.t(), a.t()
    loss = (ctx_o * torch.from_numpy(case["dctx"])).sum() \
        + (alpha_o * torch.from_numpy(case["dalpha"])).sum()
    loss.backward()
    res = {"ctx": ctx_o.detach().numpy().copy(),
           "alpha": alpha_o.detach().numpy().copy()}
    for k, leaf in leaves.items():
        res["d" + k] = leaf.grad.numpy().copy()
    return res


def make_case(form, with_len):
    name = "attention_%s_%s" % (form, "len" if with_len else "full")
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    n_s = N_H if form == "dot" else N_S
    case = {"name": name, "type": form}
    case["s"] = rng.standard_normal((n_s, M))
    case["H"] = rng.standard_normal((N_H, M, TX))
    if form == "additive":
        case["Ws"] = rng.uniform(-0.8, 0.8, (N_ATT, n_s))
        case["Wh"] = rng.uniform(-0.8, 0.8, (N_ATT, N_H))
        case["b"] = rng.uniform(-0.5, 0.5, (N_ATT, 1))
        case["v"] = rng.uniform(-1, 1, (N_ATT, 1))
    elif form == "general":
        case["Wa"] = rng.uniform(-0.8, 0.8, (n_s, N_H))
    case["lengths"] = np.array(LENGTHS, dtype=float) if with_len else np.zeros((0, 0))
    case["dctx"] = rng.standard_normal((N_H, M))
    case["dalpha"] = rng.standard_normal((TX, M))
    return case, rng


def check_against_numpy(case, res, rng):
    ctx, alpha = np_forward(case)
    for key, ref in (("ctx", ctx), ("alpha", alpha)):
        err = np.max(np.abs(res[key] - ref))
        assert err <= 1e-12, (case["name"], key, err)
    if case["lengths"].size:
        for j, L in enumerate(case["lengths"].astype(int)):
            assert np.all(res["alpha"][L:, j] == 0), (case["name"], j)
    keys = ["s", "H"] + params_of(case["type"])
    V = {k: rng.standard_normal(case[k].shape) for k in keys}
    eps = 1e-6
    plus, minus = dict(case), dict(case)
    for k in keys:
        plus[k] = case[k] + eps * V[k]
        minus[k] = case[k] - eps * V[k]
    fd = (np_loss(plus) - np_loss(minus)) / (2 * eps)
    an = sum(np.sum(res["d" + k] * V[k]) for k in keys)
    assert abs(fd - an) <= 1e-7 * max(1.0, abs(an)), (case["name"], fd, an)


def main():
    total = 0
    for form in FORMS:
        for with_len in (False, True):
            case, rng = make_case(form, with_len)
            res = torch_case(case)
            check_against_numpy(case, res, rng)
            out = {k: v for k, v in case.items() if k != "name"}
            out.update(res)
            path = os.path.join(OUT_DIR, case["name"] + ".mat")
            write_mat(path, out, "tests/ref/make_attention_refs.py")
            size = os.path.getsize(path)
            total += size
            print("%-32s %6d bytes" % (case["name"] + ".mat", size))
    print("total %d bytes, torch %s, numpy %s, scipy %s"
          % (total, torch.__version__, np.__version__, scipy.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
