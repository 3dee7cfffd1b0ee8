## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{p} =} rnn_init (@var{cell}, @var{n_x}, @var{n_a})
## @deftypefnx {} {@var{p} =} rnn_init (@dots{}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {@var{model} =} rnn_init (@var{cell}, @var{n_x}, [@var{n_a1}, @var{n_a2}, @dots{}], "OutputSize", @var{n_y}, @dots{})
## Make the parameter struct of a recurrent layer, or a model of several
## layers, initialised.
##
## @var{cell} is @code{"rnn"}, @code{"gru"} or @code{"lstm"}; @var{n_x} the
## input size, @var{n_a} the number of hidden units.  The struct has fields
## @code{cell}, @code{W} @code{[G*n_a*D, n_x]}, @code{R} @code{[G*n_a*D, n_a]},
## @code{b} @code{[G*n_a*D, 1]}, optionally @code{bR}, and @code{direction},
## @code{merge} and (per cell) @code{activation} or @code{resetGateMode}; G
## is 1, 3 or 4 gate blocks (GRU @code{[r; z; n]}, LSTM @code{[i; f; g; o]})
## and D is 2 for a bidirectional layer (forward rows first).
##
## A vector of sizes @code{[n_a1, n_a2, @dots{}]} makes a @emph{model}
## of that many stacked layers, and so does any of the options
## "EmbeddingSize", "Dropout" and "RecurrentDropout" (with a scalar
## @var{n_a}: a one-layer model); a model needs "OutputSize".  It is a
## scalar struct with fields @code{layers} (a 1-by-L struct array of layer
## structs as above; layer k+1's input size is layer k's output size, twice
## its units for a bidirectional layer with merge "concat"), @code{Wy},
## @code{by}, @code{E} (with "EmbeddingSize"), @code{dropout} and
## @code{recurrentDropout} (rates, 0 when not given).  Every other call
## returns the layer struct, which with "OutputSize" is also a one-layer
## model (@code{rnn_loss}, @code{rnn_sample} and @code{rnn_summary} take
## both forms; docs/models.md).
##
## Options (MATLAB's names and defaults):
## @table @asis
## @item "Direction"
## "forward" (default), "reverse" or "bidirectional".
## @item "Merge"
## bidirectional output merge: "concat" (default), "sum", "ave", "mul".
## @item "Activation"
## RNN only: "tanh" (default) or "relu".
## @item "ResetGateMode"
## GRU only: "after-multiplication" (default, PyTorch's GRU) or
## "before-multiplication" (Cho et al. 2014).
## @item "InputWeightsInitializer"
## "glorot" (default), "he", "orthogonal", "narrow-normal", "zeros", "ones".
## @item "RecurrentWeightsInitializer"
## "orthogonal" (default), "identity" (each gate block the identity; with
## relu this is the IRNN of Le, Jaitly and Hinton 2015), "glorot", "he",
## "narrow-normal", "zeros", "ones".
## @item "BiasInitializer"
## "unit-forget-gate" (default for LSTM: forget-gate bias 1, the rest 0),
## "zeros" (default for RNN and GRU), "ones", "narrow-normal".
## @item "RecurrentBias"
## true to add @code{bR} (zeros), as PyTorch's layers have; default false.
## @item "OutputSize"
## @var{n_y}: also add an output layer @code{Wy} @code{[n_y, n_out]}
## (glorot) and @code{by} @code{[n_y, 1]} (zeros), where n_out is the
## (last) layer's output size; the layer functions ignore these fields.
## @item "EmbeddingSize"
## @var{d}: a model whose inputs are symbol indices 1..@var{n_x} (0 for
## padding) with an embedding @code{E} @code{[d, n_x]} (standard normal,
## as PyTorch's @code{nn.Embedding}); the first layer's input size is
## @var{d}.
## @item "Dropout"
## a rate in [0, 1): when training, dropout on each layer's output but the
## last (PyTorch's @code{dropout}).  Default 0.
## @item "RecurrentDropout"
## a rate in [0, 1): when training, one dropout mask per sequence and
## direction on the state entering each layer's recurrent product, the
## same at every step (Keras' @code{recurrent_dropout}).  Default 0.
## @item "Class"
## "double" (default) or "single".
## @item "Seed"
## a seed for reproducible weights; the global random state is left as it
## was.  Default: draw from the global state.
## @end table
##
## Sizes whose parameters could not be allocated raise
## @code{rnn:rnn_init:tooLarge} before anything is allocated.
##
## glorot draws uniformly from +-sqrt(6/(fan_in+fan_out)), he normally with
## variance 2/fan_in, narrow-normal normally with standard deviation 0.01,
## orthogonal takes Q of the QR decomposition of a unit normal matrix (per
## direction), as MATLAB's Deep Learning Toolbox defines them.
##
## @example
## @group
## p = rnn_init ("lstm", 27, 50, "Seed", 1);
## [size(p.W); size(p.R)]
##   @result{} ans =
##
##        200    27
##        200    50
##
## p.b(51:52)'                  # the forget gate's bias
##   @result{} ans =
##
##        1   1
##
## q = rnn_init ("rnn", 2, 100, "Activation", "relu", ...
##               "RecurrentWeightsInitializer", "identity");   # IRNN
## model = rnn_init ("gru", 10000, [128 128], "EmbeddingSize", 64, ...
##                   "OutputSize", 5, "Direction", "bidirectional", ...
##                   "Dropout", 0.2);
## size (model.layers(2).W), size (model.E)
##   @result{} ans =
##
##        768   256
##
##      ans =
##
##           64   10000
##
## @end group
## @end example
##
## @seealso{rnn_num_params, rnn_summary, rnn_loss, rnn_forward, gru_forward, lstm_forward}
## @end deftypefn

function p = rnn_init (cell, n_x, n_a, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "rnn_init";
  cell = __choice__ (fn, "CELL", cell, {"rnn", "gru", "lstm"});
  if (! (isnumeric (n_x) && isscalar (n_x) && isreal (n_x) && n_x >= 0
         && isfinite (n_x) && n_x == fix (n_x)))
    error ("rnn:rnn_init:invalidSize", "rnn_init: N_X must be a non-negative integer, not %s",
           __show__ (n_x));
  endif
  if (! (isnumeric (n_a) && isvector (n_a) && isreal (n_a) && all (n_a >= 1)
         && all (isfinite (n_a)) && all (n_a == fix (n_a))))
    error ("rnn:rnn_init:invalidSize",
           "rnn_init: N_A must be a positive integer or a vector of them (one per layer), not %s",
           __show__ (n_a));
  endif
  n_x = full (double (n_x)); n_a = full (double (n_a(:)'));

  bias = "zeros";
  if (strcmp (cell, "lstm"))
    bias = "unit-forget-gate";
  endif
  o = struct ("direction", "forward", "merge", "concat", "activation", "tanh",
              "resetgatemode", "after-multiplication",
              "inputweightsinitializer", "glorot",
              "recurrentweightsinitializer", "orthogonal",
              "biasinitializer", bias, "recurrentbias", false, "outputsize", [],
              "embeddingsize", [], "dropout", [], "recurrentdropout", [],
              "class", "double", "seed", []);
  o = __name_value__ (fn, o, varargin,
                      ["Direction, Merge, Activation, ResetGateMode, " ...
                       "InputWeightsInitializer, RecurrentWeightsInitializer, " ...
                       "BiasInitializer, RecurrentBias, OutputSize, EmbeddingSize, " ...
                       "Dropout, RecurrentDropout, Class, Seed"]);
  o.direction = __choice__ (fn, "Direction", o.direction, {"forward", "reverse", "bidirectional"});
  o.merge = __choice__ (fn, "Merge", o.merge, {"concat", "sum", "ave", "mul"});
  o.activation = __choice__ (fn, "Activation", o.activation, {"tanh", "relu"});
  o.resetgatemode = __choice__ (fn, "ResetGateMode", o.resetgatemode,
                                {"after-multiplication", "before-multiplication"});
  inits = {"glorot", "he", "orthogonal", "narrow-normal", "zeros", "ones", "identity"};
  o.inputweightsinitializer = __choice__ (fn, "InputWeightsInitializer",
                                          o.inputweightsinitializer, inits(1:6));
  o.recurrentweightsinitializer = __choice__ (fn, "RecurrentWeightsInitializer",
                                              o.recurrentweightsinitializer, inits);
  o.biasinitializer = __choice__ (fn, "BiasInitializer", o.biasinitializer,
                                  {"zeros", "ones", "narrow-normal", "unit-forget-gate"});
  o.class = __choice__ (fn, "Class", o.class, {"double", "single"});
  if (strcmp (o.biasinitializer, "unit-forget-gate") && ! strcmp (cell, "lstm"))
    error ("rnn:rnn_init:invalidOption",
           "rnn_init: BiasInitializer \"unit-forget-gate\" is for LSTM layers only");
  endif
  o.recurrentbias = __flag__ ("rnn_init", "RecurrentBias", o.recurrentbias);
  positive_int (o.outputsize, "OutputSize");
  positive_int (o.embeddingsize, "EmbeddingSize");
  for r = {"dropout", "Dropout"; "recurrentdropout", "RecurrentDropout"}'
    v = o.(r{1});
    if (! isempty (v) && ! (isnumeric (v) && isscalar (v) && isreal (v) && v >= 0 && v < 1))
      error ("rnn:rnn_init:invalidOption",
             "rnn_init: %s must be a rate in [0, 1), not %s", r{2}, __show__ (v));
    endif
  endfor
  if (! isempty (o.seed) && ! (isnumeric (o.seed) && isscalar (o.seed) && isreal (o.seed)
                               && isfinite (o.seed)))
    error ("rnn:rnn_init:invalidOption", "rnn_init: Seed must be a finite real scalar");
  endif
  ## a model (rather than a flat layer struct) for several layers, or when
  ## an option that only a model has is given
  model = numel (n_a) > 1 || ! (isempty (o.embeddingsize) && isempty (o.dropout)
                                && isempty (o.recurrentdropout));
  if (model && isempty (o.outputsize))
    error ("rnn:rnn_init:invalidOption",
           "rnn_init: a model (several layers, EmbeddingSize, Dropout or RecurrentDropout) needs an OutputSize");
  endif
  check_size (cell, n_x, n_a, o);

  if (! isempty (o.seed))               # seeded: leave the global state alone
    old_n = randn ("state"); old_u = rand ("state");
    randn ("state", o.seed); rand ("state", o.seed + 1);
    unwind_protect
      p = make (cell, n_x, n_a, o, model);
    unwind_protect_cleanup
      randn ("state", old_n); rand ("state", old_u);
    end_unwind_protect
  else
    p = make (cell, n_x, n_a, o, model);
  endif
endfunction

function positive_int (v, name)
  if (! isempty (v) && ! (isnumeric (v) && isscalar (v) && isreal (v) && isfinite (v)
                          && v >= 1 && v == fix (v)))
    error ("rnn:rnn_init:invalidOption", "rnn_init: %s must be a positive integer, not %s",
           name, __show__ (v));
  endif
endfunction

## Refuse sizes whose arrays cannot be had, before allocating any: their
## elements must be countable exactly (below flintmax) and their bytes
## within the memory the system has.
function check_size (cell, n_x, n_a, o)
  G = struct ("rnn", 1, "gru", 3, "lstm", 4).(cell);
  D = 1 + strcmp (o.direction, "bidirectional");
  n_in = [n_x, n_a(1:end-1) * (1 + (D == 2 && strcmp (o.merge, "concat")))];
  if (! isempty (o.embeddingsize))
    n_in(1) = o.embeddingsize;
  endif
  ## the largest array and the total, in elements
  sizes = [G*n_a*D .* n_in, G*n_a*D .* n_a];
  if (! isempty (o.embeddingsize))
    sizes(end+1) = double (o.embeddingsize) * n_x;
  endif
  if (! isempty (o.outputsize))
    sizes(end+1) = double (o.outputsize) * n_a(end) * D;
  endif
  bytes = sum (sizes) * 8 / (1 + strcmp (o.class, "single"));
  limit = flintmax ();
  try
    [~, sys] = memory ();
    limit = min (limit, sys.SystemMemory.Total);
  catch
  end_try_catch
  if (any (sizes >= flintmax ()) || bytes > limit)
    error ("rnn:rnn_init:tooLarge",
           "rnn_init: the parameters would take %.3g bytes (N_X = %d, N_A = %s): more than this system's %.3g",
           bytes, n_x, mat2str (n_a), limit);
  endif
endfunction

function p = make (cell, n_x, n_a, o, model)
  D = 1 + strcmp (o.direction, "bidirectional");
  concat = D == 2 && strcmp (o.merge, "concat");
  if (! model)
    p = make_params (cell, n_x, n_a, o);
    if (! isempty (o.outputsize))
      [p.Wy, p.by] = output_layer (o, n_a * (1 + concat), n_a);
    endif
    return;
  endif
  n_in = n_x;
  E = [];
  if (! isempty (o.embeddingsize))
    d = double (o.embeddingsize);
    E = cast (randn (d, n_x), o.class);  # N(0, 1), as PyTorch's nn.Embedding
    n_in = d;
  endif
  layers = {};
  for k = 1:numel (n_a)
    layers{k} = make_params (cell, n_in, n_a(k), o);
    n_in = n_a(k) * (1 + concat);
  endfor
  p.layers = [layers{:}];
  [p.Wy, p.by] = output_layer (o, n_in, n_a(end));
  if (! isempty (E))
    p.E = E;
  endif
  p.dropout = double (merge (isempty (o.dropout), 0, o.dropout));
  p.recurrentDropout = double (merge (isempty (o.recurrentdropout), 0, o.recurrentdropout));
endfunction

function [Wy, by] = output_layer (o, n_out, n_a)
  n_y = double (o.outputsize);
  Wy = cast (init_weights ("glorot", n_y, n_out, n_out, n_y, n_a), o.class);
  by = zeros (n_y, 1, o.class);
endfunction

function p = make_params (cell, n_x, n_a, o)
  G = struct ("rnn", 1, "gru", 3, "lstm", 4).(cell);
  D = 1 + strcmp (o.direction, "bidirectional");
  W = R = b = [];
  for d = 1:D                           # each direction on its own
    W = [W; init_weights(o.inputweightsinitializer, G*n_a, n_x, n_x, G*n_a, n_a)];
    R = [R; init_weights(o.recurrentweightsinitializer, G*n_a, n_a, n_a, G*n_a, n_a)];
    b = [b; init_bias(o.biasinitializer, G, n_a)];
  endfor
  p.cell = cell;
  p.W = cast (W, o.class);
  p.R = cast (R, o.class);
  p.b = cast (b, o.class);
  if (o.recurrentbias)
    p.bR = zeros (G*n_a*D, 1, o.class);
  endif
  p.direction = o.direction;
  p.merge = o.merge;
  switch (cell)
    case "rnn", p.activation = o.activation;
    case "gru", p.resetGateMode = o.resetgatemode;
  endswitch
endfunction

function W = init_weights (how, rows, cols, fan_in, fan_out, n_a)
  switch (how)
    case "glorot"
      s = sqrt (6 / max (fan_in + fan_out, 1));
      W = s * (2 * rand (rows, cols) - 1);
    case "he"
      W = sqrt (2 / max (fan_in, 1)) * randn (rows, cols);
    case "narrow-normal"
      W = 0.01 * randn (rows, cols);
    case "zeros"
      W = zeros (rows, cols);
    case "ones"
      W = ones (rows, cols);
    case "orthogonal"
      [Q, Rq] = qr (randn (max (rows, cols), min (rows, cols)), 0);
      Q = Q .* sign (diag (Rq) + (diag (Rq) == 0))';   # a uniformly random Q
      if (rows < cols)
        Q = Q';
      endif
      W = Q;
    case "identity"                     # each gate block the identity
      W = repmat (eye (n_a), rows / n_a, 1);
  endswitch
endfunction

function b = init_bias (how, G, n_a)
  switch (how)
    case "zeros",          b = zeros (G*n_a, 1);
    case "ones",           b = ones (G*n_a, 1);
    case "narrow-normal",  b = 0.01 * randn (G*n_a, 1);
    case "unit-forget-gate"
      b = zeros (G*n_a, 1);
      b(n_a+1:2*n_a) = 1;               # gate order [i; f; g; o]
  endswitch
endfunction

%!test
%! p = rnn_init ("lstm", 3, 5);
%! assert (size (p.W), [20 3]); assert (size (p.R), [20 5]); assert (size (p.b), [20 1]);
%! assert (p.b, [zeros(5,1); ones(5,1); zeros(10,1)]);
%! assert (! isfield (p, "bR"));
%! assert (norm (p.R' * p.R - eye (5)), 0, 1e-12);     # orthonormal columns

%!test
%! p = rnn_init ("gru", 4, 6, "Direction", "bidirectional", "RecurrentBias", true, "Class", "single");
%! assert (size (p.W), [36 4]); assert (class (p.W), "single");
%! assert (p.resetGateMode, "after-multiplication"); assert (size (p.bR), [36 1]);

%!test
%! p = rnn_init ("rnn", 2, 4, "Activation", "relu", "RecurrentWeightsInitializer", "identity");
%! assert (p.R, eye (4)); assert (p.activation, "relu");

%!test
%! ## seeded: reproducible, and the global random state is left alone
%! s = randn ("state");
%! assert (rnn_init ("gru", 3, 4, "Seed", 7), rnn_init ("gru", 3, 4, "Seed", 7));
%! assert (randn ("state"), s);
%! assert (! isequal (rnn_init ("gru", 3, 4, "Seed", 7).W, rnn_init ("gru", 3, 4, "Seed", 8).W));

%!test
%! p = rnn_init ("lstm", 3, 5, "Direction", "bidirectional", "OutputSize", 7);
%! assert (size (p.Wy), [7 10]); assert (size (p.by), [7 1]);
%! [Y, hN] = lstm_forward (randn (3, 2, 4), [], [], p);   # Wy, by are ignored
%! assert (size (Y), [10 2 4]);

%!test
%! ## glorot bound
%! p = rnn_init ("rnn", 30, 10, "Seed", 3);
%! assert (max (abs (p.W(:))) <= sqrt (6 / 40));

%!error <Invalid call> rnn_init ("rnn", 3)
%!error id=rnn:rnn_init:invalidOption rnn_init ("cnn", 3, 4)
%!error id=rnn:rnn_init:invalidSize rnn_init ("rnn", 3, 0)
%!error id=rnn:rnn_init:invalidSize rnn_init ("rnn", -1, 4)
%!error id=rnn:rnn_init:invalidSize rnn_init ("rnn", Inf, 4)
%!error id=rnn:rnn_init:invalidSize rnn_init ("rnn", 3, NaN)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "RecurrentBias", NaN)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "OutputSize", Inf)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "Seed", NaN)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, ["ab"; "cd"], 1)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "Dirction", "reverse")
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "BiasInitializer", "unit-forget-gate")
%!error id=rnn:rnn_init:invalidOption rnn_init ("gru", 3, 4, "ResetGateMode", "sometimes")
%!error id=rnn:rnn_init:invalidSize rnn_init ("rnn", 3, [4 0], "OutputSize", 2)
%!error id=rnn:rnn_init:tooLarge rnn_init ("lstm", 1e10, 3)
%!error id=rnn:rnn_init:tooLarge rnn_init ("gru", 3, [4 1e9], "OutputSize", 2)
%!error id=rnn:rnn_init:tooLarge rnn_init ("rnn", 3, 4, "OutputSize", 1e16)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, [4 4])
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "OutputSize", 2, "Dropout", 1)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "OutputSize", 2, "RecurrentDropout", -0.1)
%!error id=rnn:rnn_init:invalidOption rnn_init ("rnn", 3, 4, "OutputSize", 2, "EmbeddingSize", 0)

%!test
%! ## a stack: layer k+1 reads layer k's merged output
%! m = rnn_init ("lstm", 27, [8 6], "OutputSize", 5, "Dropout", 0.2,
%!               "RecurrentDropout", 0.1, "Seed", 1);
%! assert (fieldnames (m), {"layers"; "Wy"; "by"; "dropout"; "recurrentDropout"});
%! assert (size (m.layers), [1 2]);
%! assert (size (m.layers(1).W), [32 27]); assert (size (m.layers(2).W), [24 8]);
%! assert (size (m.Wy), [5 6]); assert ([m.dropout, m.recurrentDropout], [0.2 0.1]);
%! m = rnn_init ("gru", 100, [5 4], "EmbeddingSize", 3, "OutputSize", 5,
%!               "Direction", "bidirectional", "Class", "single");
%! assert (size (m.E), [3 100]); assert (class (m.E), "single");
%! assert (size (m.layers(1).W), [30 3]); assert (size (m.layers(2).W), [24 10]);
%! assert (size (m.Wy), [5 8]); assert ([m.dropout, m.recurrentDropout], [0 0]);
%! m = rnn_init ("rnn", 3, [4 4], "OutputSize", 2, "Direction", "bidirectional",
%!               "Merge", "sum");
%! assert (size (m.layers(2).W), [8 4]); assert (size (m.Wy), [2 4]);

%!test
%! ## which calls make a model: several layers or a model's own option
%! assert (isfield (rnn_init ("rnn", 3, 4, "OutputSize", 2), "cell"));
%! assert (isfield (rnn_init ("rnn", 3, [4], "OutputSize", 2), "cell"));
%! assert (isfield (rnn_init ("rnn", 3, 4, "OutputSize", 2, "Dropout", 0), "layers"));
%! assert (isfield (rnn_init ("rnn", 3, 4, "OutputSize", 2, "EmbeddingSize", 2), "layers"));
%! ## the same seed, the same first layer as the flat struct
%! f = rnn_init ("gru", 3, 4, "OutputSize", 2, "Seed", 5);
%! m = rnn_init ("gru", 3, 4, "OutputSize", 2, "Dropout", 0, "Seed", 5);
%! assert (m.layers, rmfield (f, {"Wy", "by"}));
