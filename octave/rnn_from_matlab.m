## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{p} =} rnn_from_matlab (@var{S})
## @deftypefnx {} {@var{p} =} rnn_from_matlab (@var{S}, @var{name}, @var{value}, @dots{})
## Make layer parameters from the properties of a MATLAB recurrent layer.
##
## @var{S} is a struct with the learnable properties of a layer of MATLAB's
## Deep Learning Toolbox: @code{InputWeights}, @code{RecurrentWeights} and
## @code{Bias}, and optionally @code{ResetGateMode} (@code{gruLayer}),
## @code{StateActivationFunction} and @code{GateActivationFunction}; other
## fields (@code{Name}, @code{NumHiddenUnits}, @code{OutputMode}, @dots{})
## are ignored.  A struct array or a cell array of such structs (a stack of
## layers) gives a struct array @var{p} with one element per layer.
##
## The layer follows from the shapes: with @code{n_a} the columns of
## @code{RecurrentWeights}, @code{4*n_a} rows make an @code{lstmLayer}
## (gates @code{[i; f; g; o]}), @code{8*n_a} a @code{bilstmLayer} (the four
## forward gate blocks, then the four backward ones) and @code{3*n_a} a
## @code{gruLayer} (gates reset, update, candidate: @code{[r; z; n]}).
## Those are this toolbox's gate orders and its stacking of directions, so
## @code{p.W} is @code{InputWeights}, @code{p.R} is @code{RecurrentWeights}
## and no block moves.  For a @code{gruLayer}, @code{ResetGateMode}
## "after-multiplication" (MATLAB's default) and "before-multiplication"
## keep their names in @code{p.resetGateMode} with @code{p.b = Bias};
## "recurrent-bias-after-multiplication" has a @code{Bias} of
## @code{6*n_a} rows, the input bias then the recurrent bias, which become
## @code{p.b} and @code{p.bR} of an "after-multiplication" layer.  Without
## @code{ResetGateMode} a GRU bias of @code{6*n_a} rows means the latter.
## A bidirectional layer has @code{direction} "bidirectional" and
## @code{merge} "concat", as @code{bilstmLayer} computes.
##
## Options:
## @table @asis
## @item "Cell"
## "lstm", "gru" or "rnn": the cell, which must agree with the shapes
## (MATLAB has no plain RNN layer; "rnn" reads a layout with one block per
## direction).  Default: from the shapes.
## @item "ResetGateMode"
## for a GRU whose @var{S} has no such field.
## @end table
##
## Only MATLAB's default activations (tanh state, sigmoid gates) are
## computed here: other @code{StateActivationFunction} or
## @code{GateActivationFunction} values are an error
## (@code{rnn:rnn_from_matlab:unsupported}).
##
## In MATLAB, save a layer's properties with, e.g.,
##
## @example
## @group
## L = net.Layers(2);
## S = struct ("InputWeights", L.InputWeights, ...
##             "RecurrentWeights", L.RecurrentWeights, "Bias", L.Bias);
## save ("lstm.mat", "-struct", "S");
## @end group
## @end example
##
## @noindent
## (a @code{gruLayer} also with @code{"ResetGateMode", L.ResetGateMode}),
## then in Octave @code{p = rnn_from_matlab (load ("lstm.mat"))}.
## @code{rnn_to_matlab} is the inverse.
##
## @example
## @group
## S = struct ("InputWeights", randn (12, 3), "RecurrentWeights", randn (12, 4),
##             "Bias", randn (24, 1),
##             "ResetGateMode", "recurrent-bias-after-multiplication");
## p = rnn_from_matlab (S);
## p.cell
##   @result{} gru
## p.resetGateMode
##   @result{} after-multiplication
## size (p.bR)
##   @result{} 12   1
## Y = gru_forward (randn (3, 2, 5), [], p);
## @end group
## @end example
##
## @seealso{rnn_to_matlab, rnn_from_pytorch, lstm, gru, rnn_init}
## @end deftypefn

function p = rnn_from_matlab (S, varargin)
  fn = "rnn_from_matlab";
  if (nargin < 1 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  o = struct ("cell", "", "resetgatemode", "");
  o = __name_value__ (fn, o, varargin,
                      "Cell, ResetGateMode");
  if (! isempty (o.cell))
    o.cell = __choice__ (fn, "Cell", o.cell, {"rnn", "gru", "lstm"});
  endif
  modes = {"after-multiplication", "before-multiplication", ...
           "recurrent-bias-after-multiplication"};
  if (! isempty (o.resetgatemode))
    o.resetgatemode = __choice__ (fn, "ResetGateMode", o.resetgatemode, modes);
  endif
  layers = __layer_list__ (fn, S, "S", "a struct of layer properties");

  p = cell (1, numel (layers));
  for l = 1:numel (layers)
    q = layers{l};
    where = "";
    if (numel (layers) > 1)
      where = sprintf (" (layer %d)", l);
    endif
    for f = {"InputWeights", "RecurrentWeights", "Bias"}
      if (! isfield (q, f{1}))
        error ("rnn:rnn_from_matlab:missingField",
               "rnn_from_matlab: S%s has no field %s", where, f{1});
      endif
      v = q.(f{1});
      if (! (isfloat (v) && isreal (v) && ! issparse (v) && ismatrix (v)))
        error ("rnn:rnn_from_matlab:invalidInput",
               "rnn_from_matlab: S.%s%s must be a real full single or double matrix, not %s",
               f{1}, where, __show__ (v));
      endif
    endfor
    for f = {"StateActivationFunction", "tanh"; "GateActivationFunction", "sigmoid"}'
      if (isfield (q, f{1}) && ! (ischar (q.(f{1})) && strcmpi (q.(f{1}), f{2})))
        error ("rnn:rnn_from_matlab:unsupported",
               "rnn_from_matlab: %s must be \"%s\" (S%s has %s)",
               f{1}, f{2}, where, __show__ (q.(f{1})));
      endif
    endfor
    W = q.InputWeights; R = q.RecurrentWeights; B = q.Bias(:);
    [rows_R, n_a] = size (R);
    ratio = rows_R / max (n_a, 1);
    ## blocks per layer -> cell and directions (1, 2, 3, 4, 6, 8 are distinct)
    kinds = {1, "rnn", 1; 2, "rnn", 2; 3, "gru", 1; 4, "lstm", 1; 6, "gru", 2; 8, "lstm", 2};
    k = find ([kinds{:,1}] == ratio);
    if (! isempty (o.cell))
      k = k(strcmp (kinds(k,2), o.cell));
    endif
    if (n_a < 1 || isempty (k))
      error ("rnn:rnn_from_matlab:sizeMismatch",
             "rnn_from_matlab: RecurrentWeights%s is %dx%d; its rows must be 3 (gruLayer), 4 (lstmLayer) or 8 (bilstmLayer) times its columns%s",
             where, rows_R, n_a,
             ifelse_ (isempty (o.cell), "", sprintf (" for Cell \"%s\"", o.cell)));
    endif
    kind = kinds{k,2}; D = kinds{k,3};
    if (rows (W) != rows_R)
      error ("rnn:rnn_from_matlab:sizeMismatch",
             "rnn_from_matlab: InputWeights%s has %d rows; RecurrentWeights has %d",
             where, rows (W), rows_R);
    endif
    mode = "";
    if (strcmp (kind, "gru"))
      mode = o.resetgatemode;
      if (isfield (q, "ResetGateMode"))
        mode = __choice__ (fn, "ResetGateMode", q.ResetGateMode, modes);
      endif
      if (isempty (mode))
        mode = modes{1 + 2 * (numel (B) == 2 * rows_R)};
      endif
    endif
    r = {"cell", kind, "W", W, "R", R};
    if (strcmp (mode, "recurrent-bias-after-multiplication"))
      if (D != 1 || numel (B) != 2 * rows_R)
        error ("rnn:rnn_from_matlab:sizeMismatch",
               "rnn_from_matlab: with ResetGateMode \"%s\", Bias%s must have %d rows (input bias, then recurrent bias)",
               mode, where, 2 * rows_R);
      endif
      r(end+1:end+4) = {"b", B(1:rows_R), "bR", B(rows_R+1:end)};
      mode = "after-multiplication";
    elseif (numel (B) != rows_R)
      error ("rnn:rnn_from_matlab:sizeMismatch",
             "rnn_from_matlab: Bias%s has %d elements; expected %d", where, numel (B), rows_R);
    else
      r(end+1:end+2) = {"b", B};
    endif
    direction = ifelse_ (D == 2, "bidirectional", "forward");
    r(end+1:end+4) = {"direction", direction, "merge", "concat"};
    switch (kind)
      case "rnn", r(end+1:end+2) = {"activation", "tanh"};
      case "gru", r(end+1:end+2) = {"resetGateMode", mode};
    endswitch
    p{l} = struct (r{:});
  endfor
  try
    p = [p{:}];
  catch
    error ("rnn:rnn_from_matlab:invalidInput",
           "rnn_from_matlab: the layers of S differ in kind; convert them one at a time");
  end_try_catch
endfunction

function r = ifelse_ (c, a, b)
  if (c) r = a; else r = b; endif
endfunction

%!test
%! ## lstmLayer and bilstmLayer: the same layout as here
%! S = struct ("InputWeights", rand (8, 3), "RecurrentWeights", rand (8, 2),
%!             "Bias", rand (8, 1), "NumHiddenUnits", 2, "Name", "lstm1",
%!             "StateActivationFunction", "tanh");
%! p = rnn_from_matlab (S);
%! assert (p, struct ("cell", "lstm", "W", S.InputWeights, "R", S.RecurrentWeights,
%!                    "b", S.Bias, "direction", "forward", "merge", "concat"));
%! S.InputWeights = rand (16, 3); S.RecurrentWeights = rand (16, 2); S.Bias = rand (16, 1);
%! p = rnn_from_matlab (S);
%! assert (p.direction, "bidirectional"); assert (p.W, S.InputWeights);
%! [Y, hN] = lstm_forward (rand (3, 2, 4), [], [], p);
%! assert (size (Y), [4 2 4]);

%!test
%! ## gruLayer in its three reset gate modes
%! S = struct ("InputWeights", rand (6, 3), "RecurrentWeights", rand (6, 2), "Bias", rand (6, 1));
%! p = rnn_from_matlab (S);
%! assert (p.resetGateMode, "after-multiplication"); assert (! isfield (p, "bR"));
%! p = rnn_from_matlab (S, "ResetGateMode", "before-multiplication");
%! assert (p.resetGateMode, "before-multiplication");
%! S.ResetGateMode = "recurrent-bias-after-multiplication"; S.Bias = (1:12)';
%! p = rnn_from_matlab (S);
%! assert (p.resetGateMode, "after-multiplication");
%! assert (p.b, (1:6)'); assert (p.bR, (7:12)');
%! S = rmfield (S, "ResetGateMode");
%! assert (rnn_from_matlab (S), p);

%!test
%! ## a stack; the round trip through rnn_to_matlab
%! S = struct ("InputWeights", {rand(8, 3), rand(8, 2)},
%!             "RecurrentWeights", {rand(8, 2), rand(8, 2)}, "Bias", {rand(8, 1), rand(8, 1)});
%! p = rnn_from_matlab (S);
%! assert (size (p), [1 2]); assert (p(2).W, S(2).InputWeights);
%! T = rnn_to_matlab (p);
%! assert ({T.InputWeights}, {S.InputWeights}); assert ({T.Bias}, {S.Bias});

%!error <Invalid call> rnn_from_matlab ()
%!error id=rnn:rnn_from_matlab:invalidInput rnn_from_matlab (1)
%!error id=rnn:rnn_from_matlab:invalidOption rnn_from_matlab (struct (), "Cel", "lstm")
%!error id=rnn:rnn_from_matlab:missingField rnn_from_matlab (struct ("InputWeights", 1))
%!error id=rnn:rnn_from_matlab:invalidInput rnn_from_matlab (struct ("InputWeights", "a", "RecurrentWeights", 1, "Bias", 1))
%!error id=rnn:rnn_from_matlab:sizeMismatch rnn_from_matlab (struct ("InputWeights", rand (5, 3), "RecurrentWeights", rand (5, 1), "Bias", rand (5, 1)))
%!error id=rnn:rnn_from_matlab:sizeMismatch rnn_from_matlab (struct ("InputWeights", rand (8, 3), "RecurrentWeights", rand (8, 2), "Bias", rand (8, 1)), "Cell", "gru")
%!error id=rnn:rnn_from_matlab:sizeMismatch rnn_from_matlab (struct ("InputWeights", rand (7, 3), "RecurrentWeights", rand (8, 2), "Bias", rand (8, 1)))
%!error id=rnn:rnn_from_matlab:sizeMismatch rnn_from_matlab (struct ("InputWeights", rand (8, 3), "RecurrentWeights", rand (8, 2), "Bias", rand (9, 1)))
%!error id=rnn:rnn_from_matlab:sizeMismatch rnn_from_matlab (struct ("InputWeights", rand (6, 3), "RecurrentWeights", rand (6, 2), "Bias", rand (6, 1), "ResetGateMode", "recurrent-bias-after-multiplication"))
%!error id=rnn:rnn_from_matlab:invalidOption rnn_from_matlab (struct ("InputWeights", rand (6, 3), "RecurrentWeights", rand (6, 2), "Bias", rand (6, 1), "ResetGateMode", "sometimes"))
%!error id=rnn:rnn_from_matlab:unsupported rnn_from_matlab (struct ("InputWeights", rand (8, 3), "RecurrentWeights", rand (8, 2), "Bias", rand (8, 1), "StateActivationFunction", "softsign"))
%!error id=rnn:rnn_from_matlab:unsupported rnn_from_matlab (struct ("InputWeights", rand (8, 3), "RecurrentWeights", rand (8, 2), "Bias", rand (8, 1), "GateActivationFunction", "hard-sigmoid"))
