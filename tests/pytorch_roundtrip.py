#!/usr/bin/python3
"""PyTorch side of tests/test_pytorch_roundtrip.m.

    /usr/bin/python3 tests/pytorch_roundtrip.py make DIR
    /usr/bin/python3 tests/pytorch_roundtrip.py check DIR

make: builds real torch.nn.RNN / GRU / LSTM modules (tanh and relu RNN;
uni- and bidirectional; 1 and 2 layers; plus an LSTM inside a larger model
whose keys carry a prefix, and a float32 GRU), runs each on a random input
and writes DIR/<case>.mat with scipy.io.savemat: the state dict exactly as
    {k: v.numpy() for k, v in module.state_dict().items()}
gives it (1-D biases become 1-by-N rows), and, in PyTorch's own layout
(sequence first), the input X (T, m, n_x), the initial states h0, c0
(L*D, m, n_a) and the outputs Y (T, m, D*n_a), hN, cN.  Metadata: case_cell,
case_activation, case_prefix, case_dtype.

check: for every DIR/<case>_back.mat that Octave wrote with rnn_to_pytorch
(the state dict keys, the module's constructor arguments as cfg_* variables,
and Octave's output Y_octave in PyTorch's layout), builds a new module from
cfg_*, loads the state dict into it (strict: the key sets must match),
checks that every weight equals the original module's, runs the module on
the stored input and compares with the original output and with Octave's.
Prints one line per case ("ok ..." or "FAIL ...") and exits non-zero on any
failure.

Whole models (examples/rnn_model.py's RNNModel: optional nn.Embedding,
one recurrent module with num_layers, nn.Linear) go the same way:

make also writes DIR/model_<case>.mat with rnn_model.save_mat (the state
dict under MAT-file names, and cfg_* constructor arguments) together with
an input in Octave's layout (symbol indices idx [m, T], 0 = padding, or
features X [n_x, m, T]), lengths and the module's logits Z [n_y, m, T].

check also reads every DIR/model_<case>_back.mat that Octave wrote with
rnn_to_pytorch (state dict and cfg_*; Octave's logits Z_octave are in
model_<case>_z.mat), loads it with
rnn_model.load_mat (strict key check), checks that every weight equals the
original module's, builds the module from the cfg_* Octave wrote and
compares its state dict keys, and compares the logits again.

Everything is seeded from the case name.
"""

import glob
import os
import sys
import zlib

import numpy as np
import scipy.io
import torch

# no __pycache__ beside the sources (make check runs this from them)
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "examples"))
import rnn_model  # noqa: E402  (examples/rnn_model.py)

N_X, N_A, M, T = 3, 4, 3, 5
# whole models: vocabulary (with an embedding), embedding size, outputs
V, N_E, N_Y = 6, 3, 5
LENGTHS = [5, 2, 4]


def model_cases():
    """RNNModel constructor arguments of the whole-model cases."""
    base = dict(hidden_size=N_A, output_size=N_Y, dropout=0.0, nonlinearity="tanh")
    return {
        "lstm_2layers": dict(base, module="LSTM", input_size=N_X, num_layers=2,
                             bidirectional=False, num_embeddings=0),
        "gru_bi_2layers_embedding": dict(base, module="GRU", input_size=N_E, num_layers=2,
                                         bidirectional=True, num_embeddings=V + 1,
                                         dropout=0.25),
        "rnn_relu_embedding": dict(base, module="RNN", input_size=N_E, num_layers=1,
                                   bidirectional=False, num_embeddings=V + 1,
                                   nonlinearity="relu"),
        "lstm_bi_3layers_float32": dict(base, module="LSTM", input_size=N_X, num_layers=3,
                                        bidirectional=True, num_embeddings=0),
    }


def cases():
    out = []
    for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("gru", None), ("lstm", None)):
        for bidir in (False, True):
            for layers in (1, 2):
                name = "%s_%s_l%d" % (cell if act is None else "rnn_" + act,
                                      "bi" if bidir else "uni", layers)
                out.append(dict(name=name, cell=cell, act=act, bidir=bidir,
                                layers=layers, prefix="", dtype="double"))
    out.append(dict(name="lstm_prefixed", cell="lstm", act=None, bidir=True,
                    layers=2, prefix="enc_", dtype="double"))
    out.append(dict(name="gru_float32", cell="gru", act=None, bidir=True,
                    layers=1, prefix="", dtype="single"))
    return out


def module_for(cell, act, n_x, n_a, layers, bidir):
    if cell == "rnn":
        return torch.nn.RNN(n_x, n_a, num_layers=layers, nonlinearity=act,
                            bidirectional=bidir)
    cls = torch.nn.GRU if cell == "gru" else torch.nn.LSTM
    return cls(n_x, n_a, num_layers=layers, bidirectional=bidir)


class Encoder(torch.nn.Module):
    """A recurrent module inside a larger model: keys enc.*, fc.*."""

    def __init__(self, rnn):
        super().__init__()
        self.enc = rnn
        self.fc = torch.nn.Linear(8, 2)


def run(mod, cell, x, h0, c0):
    with torch.no_grad():
        if cell == "lstm":
            y, (hn, cn) = mod(x, (h0, c0))
            return y, hn, cn
        y, hn = mod(x, h0)
        return y, hn, None


def make(dirname):
    for c in cases():
        torch.manual_seed(zlib.crc32(c["name"].encode()))
        dt = torch.float64 if c["dtype"] == "double" else torch.float32
        mod = module_for(c["cell"], c["act"], N_X, N_A, c["layers"], c["bidir"]).to(dt)
        D = 2 if c["bidir"] else 1
        x = torch.randn(T, M, N_X, dtype=dt)
        h0 = 0.5 * torch.randn(c["layers"] * D, M, N_A, dtype=dt)
        c0 = 0.5 * torch.randn(c["layers"] * D, M, N_A, dtype=dt)
        y, hn, cn = run(mod, c["cell"], x, h0, c0)
        if c["prefix"]:
            model = Encoder(mod).to(dt)
            # MAT-file names cannot hold dots: enc.weight_ih_l0 -> enc_weight_ih_l0
            sd = {k.replace(".", "_"): v for k, v in model.state_dict().items()}
        else:
            sd = mod.state_dict()
        data = {k: v.detach().numpy() for k, v in sd.items()}
        data.update(X=x.numpy(), h0=h0.numpy(), Y=y.numpy(), hN=hn.numpy(),
                    case_cell=c["cell"], case_activation=c["act"] or "",
                    case_prefix=c["prefix"], case_dtype=c["dtype"])
        if c["cell"] == "lstm":
            data.update(c0=c0.numpy(), cN=cn.numpy())
        scipy.io.savemat(os.path.join(dirname, c["name"] + ".mat"), data)
    return make_models(dirname)


def make_models(dirname):
    for name, cfg in model_cases().items():
        torch.manual_seed(zlib.crc32(name.encode()))
        dt = torch.float32 if name.endswith("float32") else torch.float64
        model = rnn_model.RNNModel(**cfg).to(dt)
        model.eval()                      # no dropout: Octave compares outputs
        lengths = torch.tensor(LENGTHS)
        data = {}
        if cfg["num_embeddings"]:
            idx = torch.randint(1, V + 1, (T, M))
            for j, L in enumerate(LENGTHS):
                idx[L:, j] = 0            # padding after each length
            idx[0, 1] = 0                 # and a padding symbol inside one
            x = idx
            data["idx"] = idx.numpy().T.astype(float)          # [m, T]
        else:
            x = torch.randn(T, M, N_X, dtype=dt)
            data["X"] = x.numpy().transpose(2, 1, 0)           # [n_x, m, T]
        with torch.no_grad():
            z, _ = model(x, lengths)
        path = os.path.join(dirname, "model_%s.mat" % name)
        rnn_model.save_mat(path, model)
        extra = scipy.io.loadmat(path)
        extra = {k: v for k, v in extra.items() if not k.startswith("__")}
        extra.update(data, lengths=np.array(LENGTHS, dtype=float),
                     Z=z.numpy().transpose(2, 1, 0), case_dtype=
                     "single" if dt == torch.float32 else "double")
        scipy.io.savemat(path, extra)
    return 0


def check_models(dirname):
    fails = 0
    backs = sorted(glob.glob(os.path.join(dirname, "model_*_back.mat")))
    if len(backs) != len(model_cases()):
        print("FAIL expected %d model_*_back.mat files from Octave, found %d"
              % (len(model_cases()), len(backs)))
        fails += 1
    for back in backs:
        name = os.path.basename(back)[len("model_"):-len("_back.mat")]
        try:
            orig = scipy.io.loadmat(os.path.join(dirname, "model_%s.mat" % name))
            B = scipy.io.loadmat(back)
            model = rnn_model.load_mat(back)        # strict: exactly the keys
            model.eval()
            if model.config != model_cases()[name]:
                raise AssertionError("config %s, expected %s"
                                     % (model.config, model_cases()[name]))
            # the module that Octave's cfg (cfg_* without the loader) describes
            cfg = {k[4:]: B[k] for k in B if k.startswith("cfg_")}
            kw = dict(module=text(cfg["module"]),
                      nonlinearity=text(cfg.get("nonlinearity", "tanh")),
                      num_embeddings=int(np.asarray(cfg.get("num_embeddings", 0)).flat[0]),
                      dropout=float(cfg["dropout"][0, 0]),
                      bidirectional=bool(cfg["bidirectional"][0, 0]),
                      **{k: int(cfg[k][0, 0]) for k in
                         ("input_size", "hidden_size", "output_size", "num_layers")})
            if kw != model_cases()[name]:
                raise AssertionError("Octave's cfg %s, expected %s" % (kw, model_cases()[name]))
            keys = set(rnn_model.RNNModel(**kw).state_dict())
            if keys != set(model.state_dict()):
                raise AssertionError("keys differ")
            for k, v in model.state_dict().items():
                a = v.numpy()
                b = np.asarray(orig[rnn_model.mat_key(k)]).reshape(a.shape)
                if a.dtype != b.dtype or not np.array_equal(a, b):
                    raise AssertionError("weight %s differs from the original" % k)
            if "idx" in orig:
                x = torch.from_numpy(orig["idx"].T.astype(np.int64))
            else:
                x = torch.from_numpy(orig["X"].transpose(2, 1, 0).copy())
            with torch.no_grad():
                z, _ = model(x, torch.tensor(LENGTHS))
            z = z.numpy().transpose(2, 1, 0)
            err_torch = np.max(np.abs(z - orig["Z"]))
            zo = scipy.io.loadmat(back[:-len("_back.mat")] + "_z.mat")["Z_octave"]
            err_octave = np.max(np.abs(z - zo))
            tol = 1e-5 if text(orig["case_dtype"]) == "single" else 1e-10
            if err_torch != 0.0 or err_octave > tol:
                raise AssertionError("logits differ: %.3g from the original module, "
                                     "%.3g from Octave's" % (err_torch, err_octave))
            print("ok   model %-26s |Z - Z_octave| = %.2g" % (name, err_octave))
        except Exception as e:  # report every case, then fail
            print("FAIL model %s: %s" % (name, e))
            fails += 1
    return fails


def text(v):
    """A string variable as loadmat returns it (an array of str, maybe empty)."""
    v = np.asarray(v)
    return str(v.flat[0]) if v.size else ""


def check(dirname):
    fails = 0
    backs = sorted(b for b in glob.glob(os.path.join(dirname, "*_back.mat"))
                   if not os.path.basename(b).startswith("model_"))
    if len(backs) != len(cases()):
        print("FAIL expected %d *_back.mat files from Octave, found %d"
              % (len(cases()), len(backs)))
        fails += 1
    for back in backs:
        name = os.path.basename(back)[:-len("_back.mat")]
        try:
            orig = scipy.io.loadmat(os.path.join(dirname, name + ".mat"))
            B = scipy.io.loadmat(back)
            cell, prefix = text(orig["case_cell"]), text(orig["case_prefix"])
            single = text(orig["case_dtype"]) == "single"
            module = text(B["cfg_module"])
            kw = dict(num_layers=int(B["cfg_num_layers"][0, 0]),
                      bias=bool(B["cfg_bias"][0, 0]),
                      bidirectional=bool(B["cfg_bidirectional"][0, 0]))
            if module == "RNN":
                kw["nonlinearity"] = text(B["cfg_nonlinearity"])
            mod = getattr(torch.nn, module)(int(B["cfg_input_size"][0, 0]),
                                            int(B["cfg_hidden_size"][0, 0]), **kw)
            dt = torch.float32 if single else torch.float64
            mod = mod.to(dt)
            ref = mod.state_dict()
            # exactly the module's keys, no more and no fewer
            ours = {k for k in B if not k.startswith(("__", "cfg_", "Y_octave"))}
            want = {prefix + k for k in ref}
            if ours != want:
                raise AssertionError("keys %s, module wants %s" % (sorted(ours), sorted(want)))
            sd = {k: torch.from_numpy(np.asarray(B[prefix + k])).reshape(v.shape)
                  for k, v in ref.items()}
            mod.load_state_dict(sd, strict=True)
            for k in ref:
                a = mod.state_dict()[k].numpy()
                b = np.asarray(orig[prefix + k]).reshape(a.shape)
                if a.dtype != b.dtype or not np.array_equal(a, b):
                    raise AssertionError("weight %s differs from the original" % k)
            x = torch.from_numpy(orig["X"])
            h0 = torch.from_numpy(orig["h0"])
            c0 = torch.from_numpy(orig["c0"]) if cell == "lstm" else None
            y, hn, cn = run(mod, cell, x, h0, c0)
            err_torch = np.max(np.abs(y.numpy() - orig["Y"]))
            err_torch = max(err_torch, np.max(np.abs(hn.numpy() - orig["hN"])))
            if cn is not None:
                err_torch = max(err_torch, np.max(np.abs(cn.numpy() - orig["cN"])))
            err_octave = np.max(np.abs(y.numpy() - B["Y_octave"]))
            tol = 1e-5 if single else 1e-10
            if err_torch != 0.0 or err_octave > tol:
                raise AssertionError("outputs differ: %.3g from the original module, "
                                     "%.3g from Octave's" % (err_torch, err_octave))
            print("ok   %-18s %-4s layers %d %s  |Y - Y_octave| = %.2g"
                  % (name, module, kw["num_layers"],
                     "bidirectional " if kw["bidirectional"] else "unidirectional",
                     err_octave))
        except Exception as e:  # report every case, then fail
            print("FAIL %s: %s" % (name, e))
            fails += 1
    fails += check_models(dirname)
    return 1 if fails else 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("make", "check"):
        print(__doc__)
        return 2
    return make(argv[2]) if argv[1] == "make" else check(argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
