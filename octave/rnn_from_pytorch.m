## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{p} =} rnn_from_pytorch (@var{S})
## @deftypefnx {} {@var{p} =} rnn_from_pytorch (@var{S}, @var{name}, @var{value}, @dots{})
## Make layer parameters from the state dict of a PyTorch recurrent module.
##
## @var{S} is a struct whose fields are the keys of the state dict of a
## @code{torch.nn.RNN}, @code{torch.nn.GRU} or @code{torch.nn.LSTM}:
## @code{weight_ih_l@var{k}}, @code{weight_hh_l@var{k}},
## @code{bias_ih_l@var{k}} and @code{bias_hh_l@var{k}} for layer
## @var{k} = 0, 1, @dots{}, and the same names with the suffix
## @code{_reverse} for the second direction of a bidirectional module.  Such
## a struct is what @code{load} returns for a MAT-file written in Python by
## @code{scipy.io.savemat (file, @{k: v.numpy () for k, v in
## module.state_dict ().items ()@})}.  Fields that do not start with the
## prefix (see below) are ignored.
##
## @var{p} is a 1-by-L struct array, one element per layer (a plain struct
## for a one-layer module): @code{p(k+1)} holds layer @var{k} with fields
## @code{cell}, @code{W} = @code{weight_ih_l@var{k}}, @code{R} =
## @code{weight_hh_l@var{k}}, @code{b} = @code{bias_ih_l@var{k}}, @code{bR}
## = @code{bias_hh_l@var{k}} (column vectors), @code{direction},
## @code{merge} = "concat" and @code{activation} (RNN) or
## @code{resetGateMode} = "after-multiplication" (GRU, which is what
## PyTorch's GRU computes).  For a bidirectional module the @code{_reverse}
## weights are stacked below the forward ones and @code{direction} is
## "bidirectional".  A module made with @code{bias=False} gives zero
## @code{b} and no @code{bR}.  The gate order, @code{[i; f; g; o]} for
## LSTM and @code{[r; z; n]} for GRU, is the same in PyTorch and here, so
## no block moves.  Numbers keep their class (PyTorch's float32 gives
## single).
##
## Layer @var{k} > 0 of a stack takes layer @var{k}-1's output as its
## input: @code{Y = rnn_forward (X, [], p(1)); Y = rnn_forward (Y, [],
## p(2))}, and so on.  PyTorch's initial state @code{h0} of shape
## @code{(L*D, m, n_a)} maps to layer @var{k}'s @code{h0} as
## @code{permute (h0(k*D + (1:D), :, :), [3 2 1])}.
##
## Options:
## @table @asis
## @item "Cell"
## "rnn", "gru" or "lstm".  By default the cell follows from the number of
## gate blocks: @code{rows (weight_hh_l0) / columns (weight_hh_l0)} is 1,
## 3 or 4.  When given, it must agree.
## @item "Activation"
## "tanh" (default) or "relu": the @code{nonlinearity} of a
## @code{torch.nn.RNN}, which the state dict does not record.  Ignored
## for GRU and LSTM.
## @item "Prefix"
## a string that starts every key, for a recurrent module inside a larger
## model whose state dict keys are, e.g., @code{encoder.weight_ih_l0}.
## MAT-file variable names cannot hold a dot, so save such keys with the
## dot replaced, e.g. @code{encoder_weight_ih_l0}, and pass
## @code{"Prefix", "encoder_"}.  Default: "".
## @end table
##
## @code{rnn_to_pytorch} is the inverse.
##
## @example
## @group
## ## In Python:
## ##   lstm = torch.nn.LSTM (3, 5, num_layers=2)
## ##   scipy.io.savemat ("lstm.mat",
## ##       @{k: v.detach ().numpy () for k, v in lstm.state_dict ().items ()@})
## ## In Octave (here a state dict made up in place of the file):
## S = struct ("weight_ih_l0", randn (20, 3), "weight_hh_l0", randn (20, 5),
##             "bias_ih_l0", randn (1, 20), "bias_hh_l0", randn (1, 20),
##             "weight_ih_l1", randn (20, 5), "weight_hh_l1", randn (20, 5),
##             "bias_ih_l1", randn (1, 20), "bias_hh_l1", randn (1, 20));
## ## S = load ("lstm.mat");
## p = rnn_from_pytorch (S);
## size (p)
##   @result{} 1   2
## p(1).cell
##   @result{} lstm
## X = randn (3, 4, 10);                  # n_x = 3, m = 4, T = 10
## Y = lstm_forward (lstm_forward (X, [], [], p(1)), [], [], p(2));
## size (Y)
##   @result{} 5   4   10
## @end group
## @end example
##
## @seealso{rnn_to_pytorch, rnn_from_matlab, rnn_init, rnn_forward, gru_forward, lstm_forward}
## @end deftypefn

function p = rnn_from_pytorch (S, varargin)
  fn = "rnn_from_pytorch";
  if (nargin < 1 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  if (! (isstruct (S) && isscalar (S)))
    error ("rnn:rnn_from_pytorch:invalidInput",
           "rnn_from_pytorch: S must be a scalar struct (a state dict), not %s",
           __show__ (S));
  endif
  o = struct ("cell", "", "activation", "tanh", "prefix", "");
  o = __name_value__ (fn, o, varargin,
                      "Cell, Activation, Prefix");
  if (! isempty (o.cell))
    o.cell = __choice__ (fn, "Cell", o.cell, {"rnn", "gru", "lstm"});
  endif
  o.activation = __choice__ (fn, "Activation", o.activation, {"tanh", "relu"});
  if (! (ischar (o.prefix) && (isrow (o.prefix) || isempty (o.prefix))))
    error ("rnn:rnn_from_pytorch:invalidOption",
           "rnn_from_pytorch: Prefix must be a string");
  endif
  pre = o.prefix;

  ## which keys of the recurrent module are there
  keys = fieldnames (S);
  if (! isempty (pre))
    keys = keys(strncmp (keys, pre, numel (pre)));
  endif
  rest = cellfun (@(k) k(numel (pre)+1:end), keys, "uniformoutput", false);
  names = regexp (rest, '^(weight|bias)_(?<mat>ih|hh|hr)_l(?<layer>\d+)(?<rev>_reverse)?$',
                  "names", "once");
  names = [names{! cellfun("isempty", names)}];
  if (isempty (names))
    error ("rnn:rnn_from_pytorch:missingField",
           "rnn_from_pytorch: S has no field %sweight_ih_l0 (not a state dict of torch.nn.RNN, GRU or LSTM%s)",
           pre, ifelse_ (isempty (pre), "; a key prefix needs the Prefix option", ""));
  endif
  if (any (strcmp ({names.mat}, "hr")))
    error ("rnn:rnn_from_pytorch:unsupported",
           "rnn_from_pytorch: %sweight_hr_l0 (an LSTM with proj_size > 0) is not supported",
           pre);
  endif
  L = max (str2double ({names.layer})) + 1;
  D = 1 + any (! cellfun ("isempty", {names.rev}));
  sfx = {"", "_reverse"}(1:D);

  p = cell (1, L);
  n_in = [];
  for l = 0:L-1
    parts = cell (D, 4);
    for d = 1:D
      nm = @(w) sprintf ("%s%s_l%d%s", pre, w, l, sfx{d});
      if (! isfield (S, nm ("weight_ih")) || ! isfield (S, nm ("weight_hh")))
        error ("rnn:rnn_from_pytorch:missingField",
               "rnn_from_pytorch: S has no field %s or %s",
               nm ("weight_ih"), nm ("weight_hh"));
      endif
      W = get_array (S, nm ("weight_ih"), true);
      R = get_array (S, nm ("weight_hh"), true);
      [rows_R, n_a] = size (R);
      G = rows_R / max (n_a, 1);
      if (n_a < 1 || ! any (G == [1 3 4]))
        error ("rnn:rnn_from_pytorch:sizeMismatch",
               "rnn_from_pytorch: %s is %dx%d; its rows must be 1, 3 or 4 times its columns",
               nm ("weight_hh"), rows_R, n_a);
      endif
      if (l == 0 && d == 1)
        kind = {"rnn", "", "gru", "lstm"}{G};
        if (! isempty (o.cell) && ! strcmp (o.cell, kind))
          error ("rnn:rnn_from_pytorch:sizeMismatch",
                 "rnn_from_pytorch: Cell is \"%s\" but %s has %d gate block(s), as a %s layer",
                 o.cell, nm ("weight_hh"), G, kind);
        endif
        G0 = G; n_a0 = n_a;
        n_in = columns (W);              # the module's input_size
      elseif (G != G0 || n_a != n_a0)
        error ("rnn:rnn_from_pytorch:sizeMismatch",
               "rnn_from_pytorch: %s is %dx%d, but %sweight_hh_l0 is %dx%d",
               nm ("weight_hh"), rows_R, n_a, pre, G0*n_a0, n_a0);
      endif
      if (rows (W) != rows_R || columns (W) != n_in)
        error ("rnn:rnn_from_pytorch:sizeMismatch",
               "rnn_from_pytorch: %s is %dx%d; expected %dx%d",
               nm ("weight_ih"), rows (W), columns (W), rows_R, n_in);
      endif
      has_b = [isfield(S, nm ("bias_ih")), isfield(S, nm ("bias_hh"))];
      if (xor (has_b(1), has_b(2)))
        error ("rnn:rnn_from_pytorch:missingField",
               "rnn_from_pytorch: S has only one of %s and %s",
               nm ("bias_ih"), nm ("bias_hh"));
      endif
      if (has_b(1))
        b = get_array (S, nm ("bias_ih"), false);
        bR = get_array (S, nm ("bias_hh"), false);
        if (numel (b) != rows_R || numel (bR) != rows_R)
          error ("rnn:rnn_from_pytorch:sizeMismatch",
                 "rnn_from_pytorch: %s and %s must have %d elements",
                 nm ("bias_ih"), nm ("bias_hh"), rows_R);
        endif
        b = b(:); bR = bR(:);
      else
        b = zeros (rows_R, 1, class (W)); bR = [];
      endif
      parts(d,:) = {W, R, b, bR};
    endfor
    q.cell = kind;
    q.W = vertcat (parts{:,1});
    q.R = vertcat (parts{:,2});
    q.b = vertcat (parts{:,3});
    if (! isempty (parts{1,4}))
      q.bR = vertcat (parts{:,4});
    endif
    q.direction = ifelse_ (D == 2, "bidirectional", "forward");
    q.merge = "concat";
    switch (kind)
      case "rnn", q.activation = o.activation;
      case "gru", q.resetGateMode = "after-multiplication";
    endswitch
    p{l+1} = q;
    clear q;
    n_in = D * n_a0;                     # the next layer's input size
  endfor
  p = [p{:}];
endfunction

function A = get_array (S, name, matrix)
  A = S.(name);
  if (! (isfloat (A) && isreal (A) && ! issparse (A)) || (matrix && ! ismatrix (A))
      || (! matrix && ! (isvector (A) || isempty (A))))
    error ("rnn:rnn_from_pytorch:invalidInput",
           "rnn_from_pytorch: %s must be a real full single or double %s, not %s",
           name, ifelse_ (matrix, "matrix", "vector"), __show__ (A));
  endif
endfunction

function r = ifelse_ (c, a, b)
  if (c) r = a; else r = b; endif
endfunction

%!shared S1, S2
%! ## a 2-layer bidirectional LSTM state dict as scipy.io.savemat writes it
%! ## (biases 1-by-N rows); n_x = 3, n_a = 2
%! S1 = struct ();
%! S2 = struct ();
%! for l = 0:1
%!   for s = {"", "_reverse"}
%!     n_in = 3 + (l == 1);
%!     S1.(sprintf ("weight_ih_l%d%s", l, s{1})) = rand (8, n_in);
%!     S1.(sprintf ("weight_hh_l%d%s", l, s{1})) = rand (8, 2);
%!     S1.(sprintf ("bias_ih_l%d%s", l, s{1})) = rand (1, 8);
%!     S1.(sprintf ("bias_hh_l%d%s", l, s{1})) = rand (1, 8);
%!   endfor
%! endfor
%! S2 = struct ("weight_ih_l0", rand (3, 2), "weight_hh_l0", rand (3, 3));

%!test
%! p = rnn_from_pytorch (S1);
%! assert (size (p), [1 2]);
%! assert (p(1).cell, "lstm"); assert (p(2).direction, "bidirectional");
%! assert (p(1).W, [S1.weight_ih_l0; S1.weight_ih_l0_reverse]);
%! assert (p(2).R, [S1.weight_hh_l1; S1.weight_hh_l1_reverse]);
%! assert (p(2).b, [S1.bias_ih_l1'; S1.bias_ih_l1_reverse']);
%! assert (p(1).bR, [S1.bias_hh_l0'; S1.bias_hh_l0_reverse']);
%! assert (p(1).merge, "concat");
%! Y = lstm_forward (lstm_forward (rand (3, 2, 4), [], [], p(1)), [], [], p(2));
%! assert (size (Y), [4 2 4]);

%!test
%! ## one direction of one layer: a plain struct; no biases: b = 0, no bR
%! p = rnn_from_pytorch (S2, "Activation", "relu");
%! assert (isscalar (p));
%! assert (p.cell, "rnn"); assert (p.activation, "relu"); assert (p.direction, "forward");
%! assert (p.b, zeros (3, 1)); assert (! isfield (p, "bR"));
%! p = rnn_from_pytorch (struct ("weight_ih_l0", rand (9, 2), "weight_hh_l0", rand (9, 3)));
%! assert (p.cell, "gru"); assert (p.resetGateMode, "after-multiplication");

%!test
%! ## keys with a prefix; other fields are ignored; single stays single
%! S.enc_weight_ih_l0 = single (rand (4, 2)); S.enc_weight_hh_l0 = single (rand (4, 1));
%! S.enc_bias_ih_l0 = single (rand (4, 1)); S.enc_bias_hh_l0 = single (rand (4, 1));
%! S.fc_weight = rand (3, 1);
%! p = rnn_from_pytorch (S, "Prefix", "enc_", "Cell", "lstm");
%! assert (p.cell, "lstm"); assert (class (p.W), "single"); assert (p.b, S.enc_bias_ih_l0);

%!test
%! ## round trip
%! assert (rnn_to_pytorch (rnn_from_pytorch (S1)), S1);

%!error <Invalid call> rnn_from_pytorch ()
%!error id=rnn:rnn_from_pytorch:invalidInput rnn_from_pytorch (1)
%!error id=rnn:rnn_from_pytorch:invalidOption rnn_from_pytorch (S1, "Cel", "lstm")
%!error id=rnn:rnn_from_pytorch:invalidOption rnn_from_pytorch (S1, "Cell", "cnn")
%!error id=rnn:rnn_from_pytorch:missingField rnn_from_pytorch (struct ("W", 1))
%!error id=rnn:rnn_from_pytorch:missingField rnn_from_pytorch (S1, "Prefix", "x_")
%!error id=rnn:rnn_from_pytorch:sizeMismatch rnn_from_pytorch (S1, "Cell", "gru")
%!error id=rnn:rnn_from_pytorch:sizeMismatch rnn_from_pytorch (setfield (S2, "weight_hh_l0", rand (2, 3)))
%!error id=rnn:rnn_from_pytorch:sizeMismatch rnn_from_pytorch (setfield (S1, "weight_ih_l1", rand (8, 3)))
%!error id=rnn:rnn_from_pytorch:sizeMismatch rnn_from_pytorch (setfield (S1, "bias_ih_l0", rand (1, 7)))
%!error id=rnn:rnn_from_pytorch:missingField rnn_from_pytorch (rmfield (S1, "bias_hh_l1"))
%!error id=rnn:rnn_from_pytorch:missingField rnn_from_pytorch (rmfield (S1, "weight_ih_l0_reverse"))
%!error id=rnn:rnn_from_pytorch:invalidInput rnn_from_pytorch (setfield (S2, "weight_ih_l0", int8 ([1 2])))
%!error id=rnn:rnn_from_pytorch:unsupported rnn_from_pytorch (setfield (S1, "weight_hr_l0", 1))
