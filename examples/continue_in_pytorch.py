#!/usr/bin/python3
"""Continue training an rnn toolbox model in PyTorch, on several processes.

    python3 examples/continue_in_pytorch.py MODEL.mat DATA.mat OUT.mat \\
        [--steps 20] [--lr 0.01] [--clip 5] [--procs 2] [--log LOG.mat]

MODEL.mat is a model written by Octave (see docs/pytorch.md):

    [S, cfg] = rnn_to_pytorch (model);
    for [v, k] = cfg, S.(["cfg_" k]) = v; endfor     # constructor arguments
    save ("-v7", "model.mat", "-struct", "S");

DATA.mat holds, in Octave's layout, the input X (symbol indices [m, T],
0 = padding, for a model with an embedding; else features [n_x, m, T]),
labels [m, T] (classes 1..n_y, 0 = not counted) and optionally lengths
[m, 1], as rnn_loss (model, X, labels, "Lengths", lengths) takes them:

    save ("-v7", "data.mat", "X", "labels", "lengths");

The script starts PROCS processes with torch.multiprocessing; they meet
through a file store and talk over the loopback interface with the gloo
backend.  Each takes every PROCS-th batch column, wraps the model of
examples/rnn_model.py in torch.nn.parallel.DistributedDataParallel (which
averages the gradients across processes) and takes STEPS Adam steps
(learning rate LR, gradients clipped to global norm CLIP) on the mean
cross-entropy over its counted labels, with the model's dropout.  Process 0
then writes OUT.mat with rnn_model.save_mat, which Octave reads back:

    model = rnn_from_pytorch (load ("out.mat"));
    rnn_sample (model, vocab, 100)

With --log, process 0 also writes LOG.mat: loss_before and loss_after
(the mean cross-entropy of the whole data set, no dropout, in the model's
precision: what rnn_loss gives in Octave) and loss (each step's training
loss, averaged over the processes).
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile

import numpy as np
import scipy.io
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

# no __pycache__ beside the sources (make check runs this from them)
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rnn_model  # noqa: E402  (examples/rnn_model.py)


def load_data(path, model):
    """(x, targets, lengths) in PyTorch's layout: x (T, m) int64 or
    (T, m, n_x); targets (T, m) with -1 for labels not counted (0 in
    Octave, or beyond a column's length); lengths (m,) int64."""
    d = scipy.io.loadmat(path)
    X, labels = d["X"], d["labels"]
    m, T = labels.shape
    if model.embedding is not None:
        x = torch.from_numpy(np.ascontiguousarray(X.T).astype(np.int64))
    else:
        X = X.reshape(X.shape[0], m, T)             # T = 1 drops a dimension
        x = torch.from_numpy(np.ascontiguousarray(X.transpose(2, 1, 0)))
        x = x.to(model.fc.weight.dtype)
    if "lengths" in d and d["lengths"].size:
        lengths = torch.from_numpy(d["lengths"].reshape(-1).astype(np.int64))
    else:
        lengths = torch.full((m,), T, dtype=torch.int64)
    y = torch.from_numpy(labels.T.astype(np.int64)) - 1
    y[torch.arange(T).unsqueeze(1) >= lengths.unsqueeze(0)] = -1
    return x, y, lengths


def mean_loss(model, x, y, lengths):
    z, _ = model(x, lengths)
    return torch.nn.functional.cross_entropy(z.reshape(-1, z.shape[-1]),
                                             y.reshape(-1), ignore_index=-1)


def worker(rank, args, store):
    torch.set_num_threads(1)
    # a process that waits longer than a minute for the others fails
    # instead of hanging (the default is half an hour)
    dist.init_process_group("gloo", init_method="file://" + store,
                            rank=rank, world_size=args.procs,
                            timeout=datetime.timedelta(seconds=60))
    torch.manual_seed(rank)                         # dropout masks per process
    model = rnn_model.load_mat(args.model)
    x, y, lengths = load_data(args.data, model)
    if rank == 0:
        model.eval()
        with torch.no_grad():
            before = mean_loss(model, x, y, lengths).item()
    cols = torch.arange(rank, x.shape[1], args.procs)   # this process's columns
    xs, ys, ls = x[:, cols], y[:, cols], lengths[cols]

    model.train()
    ddp = DistributedDataParallel(model)
    opt = torch.optim.Adam(ddp.parameters(), lr=args.lr)
    losses = []
    for step in range(args.steps):
        opt.zero_grad()
        loss = mean_loss(ddp, xs, ys, ls)
        loss.backward()                             # gradients averaged here
        torch.nn.utils.clip_grad_norm_(ddp.parameters(), args.clip)
        opt.step()
        mean = loss.detach().clone()
        dist.all_reduce(mean)
        losses.append(mean.item() / args.procs)

    # DistributedDataParallel keeps the copies equal: check it
    flat = torch.cat([q.detach().reshape(-1) for q in model.parameters()])
    copies = [torch.empty_like(flat) for _ in range(args.procs)]
    dist.all_gather(copies, flat)
    if any(not torch.equal(c, flat) for c in copies):
        raise RuntimeError("process %d: the model copies differ after training" % rank)

    if rank == 0:
        model.eval()
        with torch.no_grad():
            after = mean_loss(model, x, y, lengths).item()
        rnn_model.save_mat(args.out, model)
        print("%d processes, %d steps: loss %.4f -> %.4f (whole data, no dropout)"
              % (args.procs, args.steps, before, after))
        if args.log:
            scipy.io.savemat(args.log, dict(loss_before=before, loss_after=after,
                                            loss=np.array(losses)))
    dist.barrier()
    dist.destroy_process_group()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help="MAT-file of the model, from Octave")
    ap.add_argument("data", help="MAT-file with X, labels (and lengths)")
    ap.add_argument("out", help="MAT-file to write the trained model to")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--log", default="", help="MAT-file for the losses")
    args = ap.parse_args(argv)
    m = scipy.io.loadmat(args.data, variable_names=["labels"])["labels"].shape[0]
    if not 1 <= args.procs <= m:
        ap.error("--procs must be between 1 and the number of batch columns (%d)" % m)
    # gloo's connections between the processes stay on the loopback interface
    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    tmp = tempfile.mkdtemp(prefix="continue_in_pytorch_")
    try:
        mp.spawn(worker, args=(args, os.path.join(tmp, "store")),
                 nprocs=args.procs, join=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
