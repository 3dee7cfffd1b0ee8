"""The PyTorch module that an rnn toolbox model maps to, and its MAT-files.

A model of the Octave toolbox rnn (a struct with `layers`, `Wy`, `by`,
optionally `E`, `dropout`) computes exactly what `RNNModel` below computes
with the same weights:

    optional nn.Embedding(V+1, d, padding_idx=0)   index 0 = padding -> zeros
    one nn.RNN / nn.GRU / nn.LSTM with num_layers  (dropout between layers)
    nn.Linear(D*n_a, n_y)                          logits at every step

`rnn_to_pytorch (model)` in Octave gives this module's state dict (keys
`embedding.weight`, `rnn.weight_ih_l0`, ..., `fc.weight`, `fc.bias`) and
`rnn_from_pytorch (S)` reads it back.  A MAT-file name cannot hold a dot, so
in MAT-files each key has its first dot replaced by an underscore
(`rnn_weight_ih_l0`); `load_mat` and `save_mat` below translate.

Layouts: Octave's inputs X [n_x, m, T] are (T, m, n_x) here
(`x = torch.from_numpy(X).permute(2, 1, 0)`), its symbol indices [m, T]
(1..V, 0 = padding) are (T, m) here with the same numbers, and its labels
[m, T] (classes 1..n_y, 0 = not counted) are `labels - 1` here with
`ignore_index=-1`; Octave's "Lengths" are the `lengths` argument.

    import rnn_model
    model = rnn_model.load_mat("model.mat")      # written by Octave
    logits, state = model(x, lengths)            # (T, m, n_y)
    rnn_model.save_mat("model.mat", model)       # for rnn_from_pytorch

Needs torch, numpy and scipy (Debian: python3-torch, python3-scipy).
See docs/pytorch.md in the toolbox.
"""

import numpy as np
import scipy.io
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# gate blocks per unit -> recurrent module
MODULES = {1: "RNN", 3: "GRU", 4: "LSTM"}


class RNNModel(nn.Module):
    """Embedding (optional), a stack of recurrent layers, a linear output.

    The constructor arguments are the fields of the `cfg` that Octave's
    `[S, cfg] = rnn_to_pytorch (model)` returns: module ("RNN", "GRU" or
    "LSTM"), input_size (the embedding size with an embedding),
    hidden_size, num_layers, bidirectional, dropout, output_size, and
    nonlinearity ("tanh" or "relu", nn.RNN only) and num_embeddings (V+1,
    0 for none).
    """

    def __init__(self, module, input_size, hidden_size, output_size,
                 num_layers=1, bidirectional=False, dropout=0.0,
                 nonlinearity="tanh", num_embeddings=0):
        super().__init__()
        self.config = dict(module=module, input_size=input_size,
                           hidden_size=hidden_size, output_size=output_size,
                           num_layers=num_layers, bidirectional=bidirectional,
                           dropout=dropout, nonlinearity=nonlinearity,
                           num_embeddings=num_embeddings)
        self.embedding = None
        if num_embeddings:
            self.embedding = nn.Embedding(num_embeddings, input_size, padding_idx=0)
        kw = dict(num_layers=num_layers, dropout=dropout, bidirectional=bidirectional)
        if module == "RNN":
            kw["nonlinearity"] = nonlinearity
        self.rnn = getattr(nn, module)(input_size, hidden_size, **kw)
        self.fc = nn.Linear(hidden_size * (2 if bidirectional else 1), output_size)

    def forward(self, x, lengths=None, state=None):
        """x: (T, m) int64 indices 0..V with an embedding, else (T, m, n_x).
        lengths: optional (m,) valid steps per column (packed sequences:
        outputs after a length are zero, the final state is the state at
        the length).  Returns the logits (T, m, n_y) and the final state
        (h_n, or (h_n, c_n) for LSTM, each (L*D, m, n_a))."""
        if self.embedding is not None:
            x = self.embedding(x)
        if lengths is None:
            y, state = self.rnn(x, state)
        else:
            packed = pack_padded_sequence(x, torch.as_tensor(lengths).cpu(),
                                          enforce_sorted=False)
            y, state = self.rnn(packed, state)
            y, _ = pad_packed_sequence(y, total_length=x.shape[0])
        return self.fc(y), state


def mat_key(key):
    """State dict key -> MAT-file name: rnn.weight_ih_l0 -> rnn_weight_ih_l0."""
    return key.replace(".", "_", 1)


def config_from_arrays(arrays, nonlinearity="tanh", dropout=0.0):
    """RNNModel's constructor arguments from the shapes of a state dict
    given by MAT-file names (the recurrent module's type, sizes and depth,
    the embedding and output sizes).  The two arguments a state dict does
    not record, nonlinearity and dropout, are passed in."""
    w_hh = arrays["rnn_weight_hh_l0"]
    n_a = w_hh.shape[1]
    layers = 1 + max(int(k.split("_l")[-1].split("_")[0])
                     for k in arrays if k.startswith("rnn_weight_ih_l"))
    cfg = dict(module=MODULES[w_hh.shape[0] // n_a],
               input_size=arrays["rnn_weight_ih_l0"].shape[1], hidden_size=n_a,
               output_size=arrays["fc_weight"].shape[0], num_layers=layers,
               bidirectional="rnn_weight_ih_l0_reverse" in arrays,
               dropout=float(dropout), nonlinearity=str(nonlinearity),
               num_embeddings=0)
    if "embedding_weight" in arrays:
        cfg["num_embeddings"] = arrays["embedding_weight"].shape[0]
    return cfg


def _text(v):
    """A string as scipy.io.loadmat returns it (an array of str)."""
    v = np.asarray(v)
    return str(v.flat[0]).strip() if v.size else ""


def load_mat(path, **overrides):
    """An RNNModel with the weights of a MAT-file that Octave wrote with
    save ("-v7", path, "-struct", "S") for S = rnn_to_pytorch (model).
    nonlinearity and dropout come from the file's cfg_nonlinearity and
    cfg_dropout if it has them, else from OVERRIDES, else tanh and 0.
    The module has the weights' dtype (double in Octave: float64)."""
    raw = scipy.io.loadmat(path)
    arrays = {k: v for k, v in raw.items()
              if not k.startswith(("__", "cfg_"))}
    extra = {}
    if "cfg_nonlinearity" in raw:
        extra["nonlinearity"] = _text(raw["cfg_nonlinearity"])
    if "cfg_dropout" in raw:
        extra["dropout"] = float(np.asarray(raw["cfg_dropout"]).flat[0])
    extra.update(overrides)
    model = RNNModel(**config_from_arrays(arrays, **extra))
    model = model.to(torch.from_numpy(arrays["fc_weight"]).dtype)
    want = model.state_dict()
    if {mat_key(k) for k in want} != set(arrays):
        raise ValueError("%s holds %s; RNNModel wants %s"
                         % (path, sorted(arrays), sorted(mat_key(k) for k in want)))
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(arrays[mat_key(k)]))
                           .reshape(v.shape) for k, v in want.items()})
    return model


def save_mat(path, model):
    """Write MODEL's state dict (MAT-file names) and its constructor
    arguments (cfg_*) for rnn_from_pytorch (load (path)) in Octave."""
    data = {mat_key(k): v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    data.update({"cfg_" + k: v for k, v in model.config.items()})
    scipy.io.savemat(path, data)
