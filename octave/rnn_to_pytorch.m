## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{S} =} rnn_to_pytorch (@var{p})
## @deftypefnx {} {@var{S} =} rnn_to_pytorch (@var{p}, "Prefix", @var{prefix})
## @deftypefnx {} {[@var{S}, @var{cfg}] =} rnn_to_pytorch (@dots{})
## Write layer parameters as the state dict of a PyTorch recurrent module.
##
## @var{p} is one layer's parameter struct, or a stack of layers as a
## struct array or a cell array of structs (layer 2 takes layer 1's output
## as its input, and so on), all with the same cell, number of units and
## direction, as one @code{torch.nn.RNN}, @code{torch.nn.GRU} or
## @code{torch.nn.LSTM} requires.
##
## @var{S} is a struct with one field per state dict key:
## @code{weight_ih_l@var{k}} (@code{W}), @code{weight_hh_l@var{k}}
## (@code{R}), @code{bias_ih_l@var{k}} (@code{b}) and
## @code{bias_hh_l@var{k}} (@code{bR}, zeros when @var{p} has none) for the
## layer @var{k}+1 of the stack, and the same keys with the suffix
## @code{_reverse} for the second half of the rows of a bidirectional
## layer.  Biases are 1-by-N rows, as @code{scipy.io.savemat} stores
## PyTorch's 1-D arrays.  With "Prefix", every key starts with
## @var{prefix}.
##
## @var{cfg} holds the module's constructor arguments: @code{module}
## ("RNN", "GRU" or "LSTM"), @code{input_size}, @code{hidden_size},
## @code{num_layers}, @code{bias} (true), @code{bidirectional} and, for
## "RNN", @code{nonlinearity} ("tanh" or "relu").
##
## PyTorch computes some layers of this toolbox only: an error
## (@code{rnn:rnn_to_pytorch:unsupported}) names a direction "reverse", a
## bidirectional merge other than "concat" and a GRU with
## @code{resetGateMode} "before-multiplication".  The arrays @code{W},
## @code{R}, @code{b} and @code{bR} must be real, full, single or double
## (@code{rnn:rnn_to_pytorch:invalidClass}, @code{complexInput},
## @code{sparseInput} otherwise).
##
## Save @var{S} with @code{save ("-v7", file, "-struct", "S")} and load it
## in Python with
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
##
## @code{rnn_from_pytorch} is the inverse.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5, "Direction", "bidirectional");
## [S, cfg] = rnn_to_pytorch (p);
## fieldnames (S)'
##   @result{} @{
##        [1,1] = weight_ih_l0
##        [1,2] = weight_hh_l0
##        [1,3] = bias_ih_l0
##        [1,4] = bias_hh_l0
##        [1,5] = weight_ih_l0_reverse
##        [1,6] = weight_hh_l0_reverse
##        [1,7] = bias_ih_l0_reverse
##        [1,8] = bias_hh_l0_reverse
##      @}
## cfg.module
##   @result{} GRU
## cfg.bidirectional
##   @result{} 1
## save ("-v7", "gru.mat", "-struct", "S");
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
  layers = __layer_list__ (fn, p, "P", "a parameter struct");

  S = struct ();
  for l = 1:numel (layers)
    q = layers{l};
    where = ifelse_ (numel (layers) > 1, sprintf (" (layer %d)", l), "");
    for f = {"cell", "W", "R", "b"}
      if (! isfield (q, f{1}))
        error ("rnn:rnn_to_pytorch:missingField",
               "rnn_to_pytorch: P%s has no field %s", where, f{1});
      endif
    endfor
    for f = {"W", "R", "b", "bR"}
      if (isfield (q, f{1}))
        __check_float__ (fn, q.(f{1}), ["P." f{1} where]);
      endif
    endfor
    kind = __choice__ (fn, "P.cell", q.cell, {"rnn", "gru", "lstm"});
    direction = __choice__ (fn, "P.direction", __get_opt__ (q, "direction", "forward"),
                            {"forward", "reverse", "bidirectional"});
    merge = __choice__ (fn, "P.merge", __get_opt__ (q, "merge", "concat"),
                        {"concat", "sum", "ave", "mul"});
    G = struct ("rnn", 1, "gru", 3, "lstm", 4).(kind);
    D = 1 + strcmp (direction, "bidirectional");
    if (strcmp (direction, "reverse"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch has no reverse-only layer (P%s has direction \"reverse\")",
             where);
    endif
    if (D == 2 && ! strcmp (merge, "concat"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch's bidirectional layers concatenate their outputs; P%s has merge \"%s\" (set it to \"concat\")",
             where, merge);
    endif
    if (strcmp (kind, "gru")
        && ! strcmp (__choice__ (fn, "P.resetGateMode",
                                 __get_opt__ (q, "resetGateMode", "after-multiplication"),
                                 {"after-multiplication", "before-multiplication"}),
                     "after-multiplication"))
      error ("rnn:rnn_to_pytorch:unsupported",
             "rnn_to_pytorch: PyTorch's GRU applies the reset gate after the multiplication; P%s has resetGateMode \"before-multiplication\"",
             where);
    endif
    act = "tanh";
    if (strcmp (kind, "rnn"))
      act = __choice__ (fn, "P.activation", __get_opt__ (q, "activation", "tanh"), {"tanh", "relu"});
    endif
    n_a = columns (q.R);
    rows_all = G * n_a * D;
    bR = __get_opt__ (q, "bR", zeros (rows_all, 1, class (q.b)));
    if (rows (q.R) != rows_all || rows (q.W) != rows_all || numel (q.b) != rows_all
        || numel (bR) != rows_all || ! ismatrix (q.W) || ! ismatrix (q.R))
      error ("rnn:rnn_to_pytorch:sizeMismatch",
             "rnn_to_pytorch: P%s: W, R, b and bR must have %d*n_a*%d rows, R n_a columns",
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
             "rnn_to_pytorch: every layer of a PyTorch module has the cell, direction, activation and number of units of the first; layer %d differs",
             l);
    elseif (columns (q.W) != D * n_a)
      error ("rnn:rnn_to_pytorch:sizeMismatch",
             "rnn_to_pytorch: layer %d takes layer %d's output of size %d, but its W has %d columns",
             l, l-1, D * n_a, columns (q.W));
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


function r = ifelse_ (c, a, b)
  if (c) r = a; else r = b; endif
endfunction

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
