## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{S} =} rnn_to_pytorch (@var{model})
## @deftypefnx {} {@var{S} =} rnn_to_pytorch (@var{p})
## @deftypefnx {} {@var{S} =} rnn_to_pytorch (@dots{}, "Prefix", @var{prefix})
## @deftypefnx {} {[@var{S}, @var{cfg}] =} rnn_to_pytorch (@dots{})
## Write a model or layer parameters as the state dict of a PyTorch module.
##
## @strong{A whole model.}  @var{model} is a struct with fields
## @code{layers} (a 1-by-L struct array of layer structs), @code{Wy},
## @code{by}, optionally @code{E} (an embedding) and the rates
## @code{dropout} and @code{recurrentDropout}; a flat layer struct with
## @code{Wy} and @code{by} (@code{rnn_init (@dots{}, "OutputSize", n_y)})
## is a one-layer model.  @var{S} is then the state dict of the module
## @code{RNNModel} of @file{examples/rnn_model.py}: an
## @code{nn.Embedding} (when @var{model} has @code{E}), one
## @code{nn.RNN}, @code{nn.GRU} or @code{nn.LSTM} with @code{num_layers}
## L, and an @code{nn.Linear} output layer.  MAT-file names cannot hold a
## dot, so each key has its first dot replaced by an underscore:
##
## @multitable @columnfractions 0.45 0.55
## @headitem field of @var{S} @tab value
## @item @code{embedding_weight} @tab @code{[zeros(1, d); E']}: row 0 is
## the padding index 0 (@code{padding_idx=0}), row @var{v} symbol @var{v}
## @item @code{rnn_weight_ih_l@var{k}} @dots{} @tab layer @var{k}+1, as
## for a layer stack below
## @item @code{fc_weight}, @code{fc_bias} @tab @code{Wy}, @code{by'}
## @end multitable
##
## @strong{A layer or a stack of layers.}  @var{p} is one layer's
## parameter struct (without @code{Wy}, @code{by}), or a stack of layers
## as a struct array or a cell array of structs (layer 2 takes layer 1's
## output as its input, and so on).  @var{S} holds the keys of one
## @code{torch.nn.RNN}, @code{torch.nn.GRU} or @code{torch.nn.LSTM}:
## @code{weight_ih_l@var{k}} (@code{W}), @code{weight_hh_l@var{k}}
## (@code{R}), @code{bias_ih_l@var{k}} (@code{b}) and
## @code{bias_hh_l@var{k}} (@code{bR}, zeros when the layer has none) for
## layer @var{k}+1 of the stack, and the same keys with the suffix
## @code{_reverse} for the second half of the rows of a bidirectional
## layer.
##
## Biases are 1-by-N rows, as @code{scipy.io.savemat} stores PyTorch's
## 1-D arrays.  With "Prefix", every key starts with @var{prefix}.
##
## @var{cfg} holds the module's constructor arguments.  For a layer stack:
## @code{module} ("RNN", "GRU" or "LSTM"), @code{input_size},
## @code{hidden_size}, @code{num_layers}, @code{bias} (true),
## @code{bidirectional} and, for "RNN", @code{nonlinearity} ("tanh" or
## "relu").  For a model, the arguments of @code{RNNModel}:
## @code{module}, @code{input_size} (the embedding size @var{d} with an
## embedding), @code{hidden_size}, @code{num_layers},
## @code{bidirectional}, @code{dropout}, @code{output_size} and, when they
## apply, @code{nonlinearity} and @code{num_embeddings} (V+1).
##
## One PyTorch module computes some models of this toolbox only.  An error
## @code{rnn:rnn_to_pytorch:unsupported} names a direction "reverse", a
## bidirectional merge other than "concat", a GRU with
## @code{resetGateMode} "before-multiplication" and a model with
## @code{recurrentDropout} > 0 (PyTorch has no variational dropout; set
## the rate to 0 to export: the weights compute the same outside
## training); @code{rnn:rnn_to_pytorch:invalidInput} layers of a stack
## that differ in cell, direction, activation or number of units.  The
## arrays must be real, full, single or double
## (@code{rnn:rnn_to_pytorch:invalidClass}, @code{complexInput},
## @code{sparseInput} otherwise) and fit together
## (@code{rnn:rnn_to_pytorch:sizeMismatch}).
##
## Save @var{S} with @code{save ("-v7", file, "-struct", "S")} and load it
## in Python with @code{rnn_model.load_mat (file)} (a whole model), or
## for a bare recurrent module
##
## @example
## @group
## S = scipy.io.loadmat (file)
## module.load_state_dict (@{k: torch.from_numpy (S[k]).reshape (v.shape)
##                          for k, v in module.state_dict ().items ()@})
## @end group
## @end example
##
## @noindent
## (the @code{reshape} turns the 2-D rows back into PyTorch's 1-D biases).
## The page @file{docs/pytorch.md} shows the whole way there and back.
##
## @code{rnn_from_pytorch} is the inverse.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5, "Direction", "bidirectional");
## [S, cfg] = rnn_to_pytorch (p);
## fieldnames (S)'
##   @result{} ans =
##      @{
##        [1,1] = weight_ih_l0
##        [1,2] = weight_hh_l0
##        [1,3] = bias_ih_l0
##        [1,4] = bias_hh_l0
##        [1,5] = weight_ih_l0_reverse
##        [1,6] = weight_hh_l0_reverse
##        [1,7] = bias_ih_l0_reverse
##        [1,8] = bias_hh_l0_reverse
##      @}
## cfg.module, cfg.bidirectional
##   @result{} ans = GRU
##   @result{} ans = 1
## model = rnn_init ("lstm", 27, 16, "OutputSize", 27);
## [S, cfg] = rnn_to_pytorch (model);
## fieldnames (S)'
##   @result{} ans =
##      @{
##        [1,1] = rnn_weight_ih_l0
##        [1,2] = rnn_weight_hh_l0
##        [1,3] = rnn_bias_ih_l0
##        [1,4] = rnn_bias_hh_l0
##        [1,5] = fc_weight
##        [1,6] = fc_bias
##      @}
## cfg.output_size
##   @result{} ans = 27
## @end group
## @end example
##
## @seealso{rnn_from_pytorch, rnn_to_matlab, rnn_init}
## @end deftypefn

function [S, cfg] = rnn_to_pytorch (p, varargin)
  fn = "rnn_to_pytorch";
  if (nargin < 1 || ! any (numel (varargin) == [0 2]))
    print_usage ();
  endif
  pre = "";
  if (! isempty (varargin))
    if (! (ischar (varargin{1}) && strcmpi (varargin{1}, "Prefix")))
      error ("rnn:rnn_to_pytorch:invalidOption",
             "rnn_to_pytorch: unknown option %s (options: Prefix)",
             __show__ (varargin{1}));
    endif
    pre = varargin{2};
    if (! (ischar (pre) && (isrow (pre) || isempty (pre))))
      error ("rnn:rnn_to_pytorch:invalidOption", "rnn_to_pytorch: Prefix must be a string");
    endif
  endif
  if (isstruct (p) && isscalar (p)
      && (isfield (p, "layers") || all (isfield (p, {"Wy", "by"}))))
    [S, cfg] = model_dict (fn, p, pre);
  else
    [S, cfg] = layer_dict (fn, __layer_list__ (fn, p, "P", "a parameter struct"), pre, "P");
  endif
endfunction

## The keys of one torch.nn.RNN, GRU or LSTM module for the stack LAYERS
## (a cell array of layer structs), each key starting with PRE; cfg holds
## the module's constructor arguments.  NM names the stack in messages.
function [S, cfg] = layer_dict (fn, layers, pre, nm)
  S = struct ();
  for l = 1:numel (layers)
    q = layers{l};
    where = [nm merge(numel (layers) > 1, sprintf ("(%d)", l), "")];
    for f = {"cell", "W", "R", "b"}
      if (! isfield (q, f{1}))
        error ("rnn:rnn_to_pytorch:missingField",
               "rnn_to_pytorch: %s has no field %s", where, f{1});
      endif
    endfor
    for f = {"W", "R", "b", "bR"}
      if (isfield (q, f{1}))
        __check_float__ (fn, q.(f{1}), [where "." f{1}]);
      endif
    endfor
    kind = __choice__ (fn, [where ".cell"], q.cell, {"rnn", "gru", "lstm"});
    direction = __choice__ (fn, [where ".direction"], __get_opt__ (q, "direction", "forward"),
                            {"forward", "reverse", "bidirectional"});
    mrg = __choice__ (fn, [where ".merge"], __get_opt__ (q, "merge", "concat"),
                      {"concat", "sum", "ave", "mul"});
    G = struct ("rnn", 1, "gru", 3, "lstm", 4).(kind);
    D = 1 + strcmp (direction, "bidirectional");
    if (strcmp (direction, "reverse"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch has no reverse-only layer (%s has direction \"reverse\")",
             where);
    endif
    if (D == 2 && ! strcmp (mrg, "concat"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch's bidirectional layers concatenate their outputs; %s has merge \"%s\" (set it to \"concat\")",
             where, mrg);
    endif
    if (strcmp (kind, "gru")
        && ! strcmp (__choice__ (fn, [where ".resetGateMode"],
                                 __get_opt__ (q, "resetGateMode", "after-multiplication"),
                                 {"after-multiplication", "before-multiplication"}),
                     "after-multiplication"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch's GRU applies the reset gate after the multiplication; %s has resetGateMode \"before-multiplication\"",
             where);
    endif
    act = "tanh";
    if (strcmp (kind, "rnn"))
      act = __choice__ (fn, [where ".activation"], __get_opt__ (q, "activation", "tanh"),
                        {"tanh", "relu"});
    endif
    n_a = columns (q.R);
    rows_all = G * n_a * D;
    bR = __get_opt__ (q, "bR", zeros (rows_all, 1, class (q.b)));
    if (rows (q.R) != rows_all || rows (q.W) != rows_all || numel (q.b) != rows_all
        || numel (bR) != rows_all || ! ismatrix (q.W) || ! ismatrix (q.R))
      error ("rnn:rnn_to_pytorch:sizeMismatch",
             "rnn_to_pytorch: %s: W, R, b and bR must have %d*n_a*%d rows, R n_a columns",
             where, G, D);
    endif
    if (l == 1)
      cfg = struct ("module", upper (kind), "input_size", columns (q.W),
                    "hidden_size", n_a, "num_layers", numel (layers), "bias", true,
                    "bidirectional", D == 2);
      if (strcmp (kind, "rnn"))
        cfg.nonlinearity = act;
      endif
      first = struct ("kind", kind, "D", D, "act", act);
    elseif (! strcmp (kind, first.kind) || D != first.D || n_a != cfg.hidden_size
            || ! strcmp (act, first.act))
      error ("rnn:rnn_to_pytorch:invalidInput",
             "rnn_to_pytorch: every layer of a PyTorch module has the cell, direction, activation and number of units of the first; %s differs",
             where);
    elseif (columns (q.W) != D * n_a)
      error ("rnn:rnn_to_pytorch:sizeMismatch",
             "rnn_to_pytorch: %s takes layer %d's output of size %d, but its W has %d columns",
             where, l-1, D * n_a, columns (q.W));
    endif
    sfx = {"", "_reverse"};
    for d = 1:D
      blk = (d-1)*G*n_a + (1:G*n_a);
      key = @(w) sprintf ("%s%s_l%d%s", pre, w, l-1, sfx{d});
      S.(key ("weight_ih")) = q.W(blk,:);
      S.(key ("weight_hh")) = q.R(blk,:);
      S.(key ("bias_ih")) = reshape (q.b(blk), 1, []);
      S.(key ("bias_hh")) = reshape (bR(blk), 1, []);
    endfor
  endfor
endfunction

## The keys of the module of examples/rnn_model.py for a whole model
function [S, cfg] = model_dict (fn, model, pre)
  if (isfield (model, "layers"))
    layers = model.layers;
    if (! (isstruct (layers) && ! isempty (layers) && isvector (layers)))
      error ("rnn:rnn_to_pytorch:invalidInput",
             "rnn_to_pytorch: MODEL.layers must be a 1-by-L struct array of layer structs, not %s",
             __show__ (layers));
    endif
    for f = {"Wy", "by"}
      if (! isfield (model, f{1}))
        error ("rnn:rnn_to_pytorch:missingField",
               "rnn_to_pytorch: MODEL has no field %s (the output layer)", f{1});
      endif
    endfor
    [Srnn, c] = layer_dict (fn, num2cell (layers), [pre "rnn_"], "MODEL.layers");
  else
    ## a flat one-layer model: the layer's fields beside Wy and by
    [Srnn, c] = layer_dict (fn, {model}, [pre "rnn_"], "MODEL");
  endif
  for f = {"dropout", "recurrentDropout"}
    r = __get_opt__ (model, f{1}, 0);
    if (! (isnumeric (r) && isreal (r) && isscalar (r) && r >= 0 && r < 1))
      error ("rnn:rnn_to_pytorch:invalidInput",
             "rnn_to_pytorch: MODEL.%s must be a rate in [0, 1), not %s",
             f{1}, __show__ (r));
    endif
  endfor
  if (__get_opt__ (model, "recurrentDropout", 0) != 0)
    error ("rnn:rnn_to_pytorch:unsupported",
           "rnn_to_pytorch: PyTorch's recurrent modules have no recurrent (variational) dropout; MODEL.recurrentDropout is %g (set it to 0: the weights compute the same outside training)",
           model.recurrentDropout);
  endif
  n_out = c.hidden_size * (1 + c.bidirectional);
  __check_float__ (fn, model.Wy, "MODEL.Wy");
  __check_float__ (fn, model.by, "MODEL.by");
  n_y = rows (model.Wy);
  if (! ismatrix (model.Wy) || columns (model.Wy) != n_out || n_y < 1
      || numel (model.by) != n_y)
    error ("rnn:rnn_to_pytorch:sizeMismatch",
           "rnn_to_pytorch: MODEL.Wy must be n_y-by-%d (the last layer's output size) and MODEL.by have n_y elements; they are %s and %s",
           n_out, mat2str (size (model.Wy)), mat2str (size (model.by)));
  endif
  cfg = struct ("module", c.module, "input_size", c.input_size,
                "hidden_size", c.hidden_size, "num_layers", c.num_layers,
                "bidirectional", c.bidirectional,
                "dropout", double (__get_opt__ (model, "dropout", 0)),
                "output_size", n_y);
  if (isfield (c, "nonlinearity"))
    cfg.nonlinearity = c.nonlinearity;
  endif
  S = struct ();
  if (isfield (model, "E") && ! isempty (model.E))
    E = model.E;
    __check_float__ (fn, E, "MODEL.E");
    if (! ismatrix (E) || rows (E) != c.input_size)
      error ("rnn:rnn_to_pytorch:sizeMismatch",
             "rnn_to_pytorch: MODEL.E must be d-by-V with d = %d (the first layer's input size), not %s",
             c.input_size, mat2str (size (E)));
    endif
    ## row 0 of nn.Embedding (padding_idx=0) is the padding symbol's zeros
    S.([pre "embedding_weight"]) = [zeros(1, rows (E), class (E)); E.'];
    cfg.num_embeddings = columns (E) + 1;
  endif
  for k = fieldnames (Srnn)'
    S.(k{1}) = Srnn.(k{1});
  endfor
  S.([pre "fc_weight"]) = model.Wy;
  S.([pre "fc_bias"]) = reshape (model.by, 1, []);
endfunction

%!demo
%! ## a two-layer GRU word model as the state dict of examples/rnn_model.py's
%! ## RNNModel: the keys (as MAT-file names), their sizes, the module's arguments
%! model = rnn_init ("gru", 1000, [64 64], "EmbeddingSize", 32, "OutputSize", 1000,
%!                   "Dropout", 0.2, "RecurrentBias", true);
%! [S, cfg] = rnn_to_pytorch (model);
%! for [v, k] = S
%!   printf ("%-22s %s\n", k, mat2str (size (v)));
%! endfor
%! cfg
%! ## then: save ("-v7", "model.mat", "-struct", "S"), and in Python
%! ## rnn_model.load_mat ("model.mat", dropout=0.2)

%!test
%! p = rnn_init ("lstm", 3, 2, "Seed", 1);
%! p.bR = (1:8)';
%! [S, cfg] = rnn_to_pytorch (p);
%! assert (fieldnames (S), {"weight_ih_l0"; "weight_hh_l0"; "bias_ih_l0"; "bias_hh_l0"});
%! assert (S.weight_ih_l0, p.W); assert (S.weight_hh_l0, p.R);
%! assert (S.bias_ih_l0, p.b'); assert (S.bias_hh_l0, 1:8);
%! assert (cfg, struct ("module", "LSTM", "input_size", 3, "hidden_size", 2,
%!                      "num_layers", 1, "bias", true, "bidirectional", false));

%!test
%! ## a stack as a cell array; no bR gives zeros; relu
%! p1 = rnn_init ("rnn", 3, 2, "Direction", "bidirectional", "Activation", "relu");
%! p2 = rnn_init ("rnn", 4, 2, "Direction", "bidirectional", "Activation", "relu");
%! [S, cfg] = rnn_to_pytorch ({p1, p2}, "Prefix", "rnn_");
%! assert (S.rnn_weight_ih_l1_reverse, p2.W(3:4,:));
%! assert (S.rnn_bias_hh_l0, [0 0]);
%! assert (cfg.num_layers, 2); assert (cfg.nonlinearity, "relu"); assert (cfg.bidirectional);
%! q = rnn_from_pytorch (S, "Prefix", "rnn_", "Activation", "relu");
%! assert (q(2).W, p2.W); assert (q(1).b, p1.b);

%!test
%! ## round trip p -> S -> p, struct array; outputs agree
%! p = [rnn_init("gru", 3, 4, "RecurrentBias", true, "Seed", 2), ...
%!      rnn_init("gru", 4, 4, "RecurrentBias", true, "Seed", 3)];
%! p(1).bR(:) = 0.1;
%! q = rnn_from_pytorch (rnn_to_pytorch (p));
%! assert (q, p);

%!test
%! ## a whole model: embedding, two bidirectional GRU layers, output layer
%! l1 = rnn_init ("gru", 5, 3, "Direction", "bidirectional", "RecurrentBias", true, "Seed", 1);
%! l2 = rnn_init ("gru", 6, 3, "Direction", "bidirectional", "RecurrentBias", true, "Seed", 2);
%! model = struct ("layers", [l1, l2], "Wy", rand (4, 6), "by", rand (4, 1),
%!                 "E", rand (5, 7), "dropout", 0.25, "recurrentDropout", 0);
%! [S, cfg] = rnn_to_pytorch (model);
%! assert (fieldnames (S)([1 2 end-1 end]),
%!         {"embedding_weight"; "rnn_weight_ih_l0"; "fc_weight"; "fc_bias"});
%! assert (numel (fieldnames (S)), 1 + 16 + 2);
%! assert (S.embedding_weight, [zeros(1, 5); model.E']);
%! assert (S.rnn_weight_hh_l1_reverse, l2.R(10:18,:));
%! assert (S.rnn_bias_hh_l0, l1.bR(1:9)');
%! assert (S.fc_weight, model.Wy); assert (S.fc_bias, model.by');
%! assert (cfg, struct ("module", "GRU", "input_size", 5, "hidden_size", 3,
%!                      "num_layers", 2, "bidirectional", true, "dropout", 0.25,
%!                      "output_size", 4, "num_embeddings", 8));
%! m2 = rnn_from_pytorch (S, "Dropout", 0.25);
%! assert (m2.layers, model.layers);
%! for f = {"Wy", "by", "E", "dropout", "recurrentDropout"}
%!   assert (m2.(f{1}), model.(f{1}));
%! endfor

%!test
%! ## a flat one-layer model (rnn_init with OutputSize); single; prefix
%! model = rnn_init ("rnn", 3, 2, "OutputSize", 5, "Activation", "relu", "Class", "single");
%! [S, cfg] = rnn_to_pytorch (model, "Prefix", "lm_");
%! assert (fieldnames (S), {"lm_rnn_weight_ih_l0"; "lm_rnn_weight_hh_l0"; "lm_rnn_bias_ih_l0";
%!                          "lm_rnn_bias_hh_l0"; "lm_fc_weight"; "lm_fc_bias"});
%! assert (class (S.lm_fc_weight), "single");
%! assert (cfg.nonlinearity, "relu"); assert (cfg.dropout, 0); assert (cfg.output_size, 5);
%! assert (! isfield (cfg, "num_embeddings"));
%! m2 = rnn_from_pytorch (S, "Prefix", "lm_", "Activation", "relu");
%! assert (m2.layers.W, model.W); assert (m2.layers.activation, "relu");
%! assert (m2.Wy, model.Wy); assert (! isfield (m2, "E"));

%!test
%! ## models that rnn_init makes come back equal and compute the same loss
%! m = rnn_init ("gru", 10, [4 4], "EmbeddingSize", 3, "OutputSize", 2, "Seed", 1,
%!               "Direction", "bidirectional", "RecurrentBias", true, "Dropout", 0.3);
%! assert (rnn_from_pytorch (rnn_to_pytorch (m), "Dropout", 0.3), m);
%! m = rnn_init ("lstm", 5, [3 3 3], "OutputSize", 5, "Seed", 2);
%! m2 = rnn_from_pytorch (rnn_to_pytorch (m));     # bR = 0 added
%! X = randn (5, 2, 4); labels = randi (5, 2, 4);
%! assert (rnn_loss (m2, X, labels), rnn_loss (m, X, labels), 1e-14);

%!error <Invalid call> rnn_to_pytorch ()
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch (1)
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch ({})
%!error id=rnn:rnn_to_pytorch:invalidOption rnn_to_pytorch (rnn_init ("rnn", 2, 3), "Prefx", "a")
%!error id=rnn:rnn_to_pytorch:missingField rnn_to_pytorch (struct ("cell", "rnn", "W", 1))
%!error id=rnn:rnn_to_pytorch:unsupported rnn_to_pytorch (rnn_init ("rnn", 2, 3, "Direction", "reverse"))
%!error id=rnn:rnn_to_pytorch:unsupported rnn_to_pytorch (rnn_init ("lstm", 2, 3, "Direction", "bidirectional", "Merge", "sum"))
%!error id=rnn:rnn_to_pytorch:unsupported rnn_to_pytorch (rnn_init ("gru", 2, 3, "ResetGateMode", "before-multiplication"))
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch ({rnn_init("gru", 2, 3), rnn_init("lstm", 3, 3)})
%!error id=rnn:rnn_to_pytorch:sizeMismatch rnn_to_pytorch ({rnn_init("gru", 2, 3), rnn_init("gru", 2, 3)})
%!error id=rnn:rnn_to_pytorch:sizeMismatch rnn_to_pytorch (setfield (rnn_init ("gru", 2, 3), "b", 1))
%!error id=rnn:rnn_to_pytorch:invalidOption rnn_to_pytorch (setfield (rnn_init ("gru", 2, 3), "cell", "cnn"))
%!error id=rnn:rnn_to_pytorch:invalidClass rnn_to_pytorch (setfield (rnn_init ("lstm", 3, 2), "b", @sin))
%!error id=rnn:rnn_to_pytorch:invalidClass rnn_to_pytorch ({rnn_init("rnn", 2, 3), setfield(rnn_init ("rnn", 3, 3), "W", int8 (1))})
%!error id=rnn:rnn_to_pytorch:complexInput rnn_to_pytorch (setfield (rnn_init ("rnn", 2, 3), "bR", complex (zeros (3, 1))))
%!error id=rnn:rnn_to_pytorch:sparseInput rnn_to_pytorch (setfield (rnn_init ("rnn", 2, 3), "R", sparse (eye (3))))

## models
%!shared M
%! M = struct ("layers", [rnn_init("lstm", 3, 2), rnn_init("lstm", 2, 2)],
%!             "Wy", rand (4, 2), "by", rand (4, 1), "dropout", 0, "recurrentDropout", 0);
%!test
%! assert (numel (fieldnames (rnn_to_pytorch (M))), 10);
%!error <recurrent \(variational\) dropout> rnn_to_pytorch (setfield (M, "recurrentDropout", 0.1))
%!error id=rnn:rnn_to_pytorch:unsupported rnn_to_pytorch (setfield (M, "recurrentDropout", 0.1))
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch (setfield (M, "dropout", 1))
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch (setfield (M, "dropout", "a"))
%!error id=rnn:rnn_to_pytorch:invalidInput rnn_to_pytorch (setfield (M, "layers", {}))
%!error id=rnn:rnn_to_pytorch:missingField rnn_to_pytorch (rmfield (M, "by"))
%!error <MODEL.Wy must be n_y-by-2> rnn_to_pytorch (setfield (M, "Wy", rand (4, 3)))
%!error id=rnn:rnn_to_pytorch:sizeMismatch rnn_to_pytorch (setfield (M, "by", rand (3, 1)))
%!error id=rnn:rnn_to_pytorch:sizeMismatch rnn_to_pytorch (setfield (M, "E", rand (2, 5)))
%!error id=rnn:rnn_to_pytorch:invalidClass rnn_to_pytorch (setfield (M, "E", int8 (ones (3, 5))))
%!error <MODEL.layers\(2\) takes layer 1's output> rnn_to_pytorch (setfield (M, "layers", [rnn_init("lstm", 3, 2), rnn_init("lstm", 3, 2)]))
%!error <MODEL.layers\(2\) has merge "sum"> rnn_to_pytorch (setfield (M, "layers", [rnn_init("gru", 3, 2, "Direction", "bidirectional"), rnn_init("gru", 4, 2, "Direction", "bidirectional", "Merge", "sum")]))
%!error <MODEL.layers\(1\) has resetGateMode> rnn_to_pytorch (rnn_init ("gru", 3, [2 2], "ResetGateMode", "before-multiplication", "OutputSize", 2))
%!error <MODEL has direction "reverse"> rnn_to_pytorch (rnn_init ("gru", 3, 2, "Direction", "reverse", "OutputSize", 2))
