## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{S} =} rnn_to_matlab (@var{p})
## @deftypefnx {} {[@var{S}, @var{layer}] =} rnn_to_matlab (@var{p})
## Write layer parameters as the properties of a MATLAB recurrent layer.
##
## @var{p} is one layer's parameter struct, or a struct array or cell array
## of them.  @var{S} is a struct (a struct array for several layers) with
## the fields @code{NumHiddenUnits}, @code{InputSize},
## @code{InputWeights}, @code{RecurrentWeights} and @code{Bias}, and for a
## GRU @code{ResetGateMode}: name-value arguments of the MATLAB layer
## named by @var{layer} (a cell array of names for several layers):
##
## @table @asis
## @item "lstmLayer"
## an LSTM with direction "forward".  MATLAB's layer has one bias, so
## @code{Bias = b + bR}, which computes the same.
## @item "bilstmLayer"
## an LSTM with direction "bidirectional" and merge "concat" (forward
## rows first in @code{W}, @code{R} and @code{b}, as in MATLAB).
## @item "gruLayer"
## a GRU with direction "forward".  Without @code{bR}, the
## @code{ResetGateMode} is @code{p.resetGateMode} and @code{Bias = b}.
## With @code{bR}, an "after-multiplication" layer becomes
## "recurrent-bias-after-multiplication" with @code{Bias = [b; bR]}
## (@code{6*n_a} rows) and a "before-multiplication" layer keeps its mode
## with @code{Bias = b + bR}.
## @end table
##
## MATLAB has no layer for the other cases (RNN cells, the direction
## "reverse", a bidirectional GRU, a merge other than "concat"): they are an
## error @code{rnn:rnn_to_matlab:unsupported}.
##
## In MATLAB, make the layer from a MAT-file saved in Octave with
## @code{save ("-v7", "lstm.mat", "-struct", "S")}:
##
## @example
## @group
## S = load ("lstm.mat");
## args = namedargs2cell (rmfield (S, "NumHiddenUnits"));
## L = lstmLayer (S.NumHiddenUnits, args@{:@});
## @end group
## @end example
##
## @code{rnn_from_matlab} is the inverse.
##
## @example
## @group
## p = rnn_init ("gru", 3, 4, "RecurrentBias", true);
## [S, layer] = rnn_to_matlab (p);
## layer, S.ResetGateMode, size (S.Bias)
##   @result{} layer = gruLayer
##   @result{} ans = recurrent-bias-after-multiplication
##   @result{} ans =
##        24    1
## @end group
## @end example
##
## @seealso{rnn_from_matlab, rnn_to_pytorch, lstm, gru}
## @end deftypefn

function [S, layer] = rnn_to_matlab (p)
  fn = "rnn_to_matlab";
  if (nargin != 1)
    print_usage ();
  endif
  layers = __layer_list__ (fn, p, "P", "a parameter struct");
  S = cell (1, numel (layers));
  layer = cell (1, numel (layers));
  for l = 1:numel (layers)
    q = layers{l};
    where = "";
    if (numel (layers) > 1)
      where = sprintf (" (layer %d)", l);
    endif
    for f = {"cell", "W", "R", "b"}
      if (! isfield (q, f{1}))
        error ("rnn:rnn_to_matlab:missingField", "rnn_to_matlab: P%s has no field %s",
               where, f{1});
      endif
    endfor
    kind = __choice__ (fn, "P.cell", q.cell, {"rnn", "gru", "lstm"});
    direction = __choice__ (fn, "P.direction", __get_opt__ (q, "direction", "forward"),
                            {"forward", "reverse", "bidirectional"});
    mrg = __choice__ (fn, "P.merge", __get_opt__ (q, "merge", "concat"),
                        {"concat", "sum", "ave", "mul"});
    D = 1 + strcmp (direction, "bidirectional");
    n_a = columns (q.R);
    G = struct ("rnn", 1, "gru", 3, "lstm", 4).(kind);
    n = G * n_a * D;
    has_bR = isfield (q, "bR");
    if (rows (q.W) != n || rows (q.R) != n || numel (q.b) != n
        || (has_bR && numel (q.bR) != n))
      error ("rnn:rnn_to_matlab:sizeMismatch",
             "rnn_to_matlab: P%s: W, R, b and bR must have %d*n_a*%d rows, R n_a columns",
             where, G, D);
    endif
    why = "";
    if (strcmp (kind, "rnn"))
      why = "MATLAB has no plain RNN layer";
    elseif (strcmp (direction, "reverse"))
      why = "MATLAB has no reverse-only layer";
    elseif (D == 2 && strcmp (kind, "gru"))
      why = "MATLAB has no bidirectional GRU layer";
    elseif (D == 2 && ! strcmp (mrg, "concat"))
      why = sprintf ("bilstmLayer concatenates its outputs; P has merge \"%s\"", mrg);
    endif
    if (! isempty (why))
      error ("rnn:rnn_to_matlab:unsupported", "rnn_to_matlab: %s%s", why, where);
    endif
    b = q.b(:);
    s = struct ("NumHiddenUnits", n_a, "InputSize", columns (q.W),
                "InputWeights", q.W, "RecurrentWeights", q.R, "Bias", b);
    if (strcmp (kind, "lstm"))
      layer{l} = merge (D == 2, "bilstmLayer", "lstmLayer");
      if (has_bR)
        s.Bias = b + q.bR(:);
      endif
    else
      layer{l} = "gruLayer";
      mode = __choice__ (fn, "P.resetGateMode",
                         __get_opt__ (q, "resetGateMode", "after-multiplication"),
                         {"after-multiplication", "before-multiplication"});
      if (has_bR && strcmp (mode, "after-multiplication"))
        mode = "recurrent-bias-after-multiplication";
        s.Bias = [b; q.bR(:)];
      elseif (has_bR)
        s.Bias = b + q.bR(:);
      endif
      s.ResetGateMode = mode;
    endif
    S{l} = s;
  endfor
  try
    S = [S{:}];
  catch
    error ("rnn:rnn_to_matlab:invalidInput",
           "rnn_to_matlab: the layers of P differ in kind (LSTM and GRU); convert them one at a time");
  end_try_catch
  if (numel (layer) == 1)
    layer = layer{1};
  endif
endfunction

%!test
%! ## LSTM: one bias b + bR; the same outputs from the MATLAB-style lstm ()
%! p = rnn_init ("lstm", 3, 2, "RecurrentBias", true, "Seed", 4);
%! p.bR(:) = 0.25;
%! [S, layer] = rnn_to_matlab (p);
%! assert (layer, "lstmLayer");
%! assert (S.NumHiddenUnits, 2); assert (S.InputSize, 3);
%! assert (S.InputWeights, p.W); assert (S.RecurrentWeights, p.R);
%! assert (S.Bias, p.b + 0.25);
%! X = rand (3, 2, 5);
%! q = rnn_from_matlab (S);
%! assert (lstm_forward (X, [], [], q), lstm_forward (X, [], [], p), 1e-14);

%!test
%! ## bidirectional LSTM
%! p = rnn_init ("lstm", 3, 2, "Direction", "bidirectional");
%! [S, layer] = rnn_to_matlab (p);
%! assert (layer, "bilstmLayer"); assert (size (S.InputWeights), [16 3]);
%! assert (rnn_from_matlab (S), p);

%!test
%! ## GRU: the three ways a bias maps, each computing the same as p
%! X = rand (3, 2, 5);
%! p = rnn_init ("gru", 3, 2, "RecurrentBias", true, "BiasInitializer", "narrow-normal");
%! p.bR = rand (6, 1);
%! [S, layer] = rnn_to_matlab (p);
%! assert (layer, "gruLayer");
%! assert (S.ResetGateMode, "recurrent-bias-after-multiplication");
%! assert (S.Bias, [p.b; p.bR]);
%! assert (gru_forward (X, [], rnn_from_matlab (S)), gru_forward (X, [], p), 1e-14);
%! S = rnn_to_matlab (rmfield (p, "bR"));
%! assert (S.ResetGateMode, "after-multiplication"); assert (S.Bias, p.b);
%! p.resetGateMode = "before-multiplication";
%! S = rnn_to_matlab (p);
%! assert (S.ResetGateMode, "before-multiplication"); assert (S.Bias, p.b + p.bR);
%! assert (gru_forward (X, [], rnn_from_matlab (S)), gru_forward (X, [], p), 1e-14);

%!test
%! ## the properties drive the MATLAB-style lstm () and gru () as p drives
%! ## lstm_forward and gru_forward
%! X = rand (3, 2, 5); h0 = rand (2, 2); c0 = rand (2, 2);
%! p = rnn_init ("lstm", 3, 2, "RecurrentBias", true, "Seed", 5);
%! p.bR = rand (8, 1);
%! S = rnn_to_matlab (p);
%! [Y, hN, cN] = lstm (X, h0, c0, S.InputWeights, S.RecurrentWeights, S.Bias);
%! [Y2, hN2, cN2] = lstm_forward (X, h0, c0, p);
%! assert ({Y, hN, cN}, {Y2, hN2, cN2}, 1e-14);
%! for mode = {"after-multiplication", "before-multiplication"}
%!   p = rnn_init ("gru", 3, 2, "RecurrentBias", true, "ResetGateMode", mode{1}, "Seed", 6);
%!   p.b = rand (6, 1); p.bR = rand (6, 1);
%!   S = rnn_to_matlab (p);
%!   [Y, hN] = gru (X, h0, S.InputWeights, S.RecurrentWeights, S.Bias,
%!                  "ResetGateMode", S.ResetGateMode);
%!   [Y2, hN2] = gru_forward (X, h0, p);
%!   assert ({Y, hN}, {Y2, hN2}, 1e-14);
%! endfor

%!test
%! ## a stack as a cell array
%! [S, layer] = rnn_to_matlab ({rnn_init("lstm", 3, 2), rnn_init("lstm", 2, 2)});
%! assert (size (S), [1 2]); assert (layer, {"lstmLayer", "lstmLayer"});

%!error <Invalid call> rnn_to_matlab ()
%!error id=rnn:rnn_to_matlab:invalidInput rnn_to_matlab (1)
%!error id=rnn:rnn_to_matlab:missingField rnn_to_matlab (struct ("cell", "lstm"))
%!error id=rnn:rnn_to_matlab:sizeMismatch rnn_to_matlab (setfield (rnn_init ("lstm", 3, 2), "b", 1))
%!error id=rnn:rnn_to_matlab:unsupported rnn_to_matlab (rnn_init ("rnn", 3, 2))
%!error id=rnn:rnn_to_matlab:unsupported rnn_to_matlab (rnn_init ("lstm", 3, 2, "Direction", "reverse"))
%!error id=rnn:rnn_to_matlab:unsupported rnn_to_matlab (rnn_init ("gru", 3, 2, "Direction", "bidirectional"))
%!error id=rnn:rnn_to_matlab:unsupported rnn_to_matlab (rnn_init ("lstm", 3, 2, "Direction", "bidirectional", "Merge", "ave"))
%!error id=rnn:rnn_to_matlab:invalidInput rnn_to_matlab ({rnn_init("lstm", 3, 2), rnn_init("gru", 2, 2)})
%!error id=rnn:rnn_to_matlab:invalidOption rnn_to_matlab (setfield (rnn_init ("lstm", 3, 2), "direction", "up"))
