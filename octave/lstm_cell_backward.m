## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dxt}, @var{dp}, @var{dh_prev}, @var{dc_prev}] =} lstm_cell_backward (@var{dh}, @var{dc}, @var{cache})
## Backward pass of one LSTM step.
##
## @var{dh} and @var{dc} @code{[n_a, m]} are the gradients of the loss with
## respect to the step's outputs @var{h} and @var{c} (either may be
## @code{[]} for none); @var{cache} comes from @code{lstm_cell_forward}.
## Returns the gradients with respect to @var{xt}, the parameters (a struct
## with fields @code{W}, @code{R}, @code{b} and, if present, @code{bR},
## gate blocks @code{[i; f; g; o]}), @var{h_prev} and @var{c_prev}.
## Accumulate @var{dp} over the steps of a hand-written loop.
##
## Discarded (@code{[~, dp, dh_prev] = @dots{}}), @var{dxt} is not computed.
##
## @example
## @group
## p = rnn_init ("lstm", 3, 5);
## [h, c, cache] = lstm_cell_forward (randn (3, 2), [], [], p);
## [dxt, dp, dh_prev, dc_prev] = lstm_cell_backward (ones (5, 2), [], cache);
## size (dp.W)                      # gate blocks [i; f; g; o]
##   @result{} 20   3
## size (dc_prev)
##   @result{} 5   2
## @end group
## @end example
##
## @seealso{lstm_cell_forward, lstm_backward}
## @end deftypefn

function [dxt, dp, dh_prev, dc_prev] = lstm_cell_backward (dh, dc, cache)
  if (nargin != 3)
    print_usage ();
  endif
  fn = "lstm_cell_backward";
  [dxt, dp, dh_prev, dc_prev] = __layer__ ("backward", fn, "lstm", [], dh, dc,
                                           cache, isargout (1));
endfunction

%!test
%! ## against the chain rule by hand
%! p = rnn_init ("lstm", 3, 4, "RecurrentBias", true, "Seed", 3);
%! p.bR = 0.1 * randn (16, 1);
%! x = randn (3, 2); h0 = randn (4, 2); c0 = randn (4, 2); dh = randn (4, 2); dc = randn (4, 2);
%! [h, c, cache] = lstm_cell_forward (x, h0, c0, p);
%! [dxt, dp, dh_prev, dc_prev] = lstm_cell_backward (dh, dc, cache);
%! [~, dp2, dh2, dc2] = lstm_cell_backward (dh, dc, cache);   # dxt discarded
%! assert (isequal (dp2, dp) && isequal (dh2, dh_prev) && isequal (dc2, dc_prev));
%! sg = @(a) 1 ./ (1 + exp (-a));
%! a = p.W * x + p.b + p.R * h0 + p.bR;
%! i = sg (a(1:4,:)); f = sg (a(5:8,:)); g = tanh (a(9:12,:)); o = sg (a(13:16,:));
%! dct = dc + dh .* o .* (1 - tanh (c).^2);
%! da = [dct .* g .* i .* (1 - i); dct .* c0 .* f .* (1 - f); dct .* i .* (1 - g.^2);
%!       dh .* tanh(c) .* o .* (1 - o)];
%! assert (dxt, p.W' * da, 1e-14); assert (dh_prev, p.R' * da, 1e-14);
%! assert (dc_prev, dct .* f, 1e-14);
%! assert (dp.W, da * x', 1e-14); assert (dp.R, da * h0', 1e-14);
%! assert (dp.b, sum (da, 2), 1e-14); assert (dp.bR, sum (da, 2), 1e-14);
%! ## dc = []: only h carries a gradient
%! [~, ~, ~, dc_prev] = lstm_cell_backward (dh, [], cache);
%! assert (dc_prev, dh .* o .* (1 - tanh (c).^2) .* f, 1e-14);

%!error <Invalid call> lstm_cell_backward (1, 2)
%!error id=rnn:lstm_cell_backward:invalidCache lstm_cell_backward (ones (4, 2), [], struct ("a", 1))
%!error id=rnn:lstm_cell_backward:invalidCache
%! [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4));
%! lstm_cell_backward (ones (4, 2), [], c);
%!error id=rnn:lstm_cell_backward:invalidCache
%! [~, c] = gru_cell_forward (randn (3, 2), [], rnn_init ("gru", 3, 4));
%! lstm_cell_backward (ones (4, 2), [], c);
%!error id=rnn:lstm_cell_backward:sizeMismatch
%! [~, ~, c] = lstm_cell_forward (randn (3, 2), [], [], rnn_init ("lstm", 3, 4));
%! lstm_cell_backward ([], ones (4, 3), c);
%!error id=rnn:lstm_cell_backward:invalidClass
%! [~, ~, c] = lstm_cell_forward (randn (3, 2), [], [], rnn_init ("lstm", 3, 4));
%! lstm_cell_backward ({1}, [], c);
