## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dxt}, @var{dp}, @var{dh_prev}] =} rnn_cell_backward (@var{dh}, @var{cache})
## Backward pass of one vanilla RNN step.
##
## @var{dh} @code{[n_a, m]} is the gradient of the loss with respect to the
## step's output @var{h}; @var{cache} comes from @code{rnn_cell_forward}.
## Returns the gradients with respect to @var{xt}, the parameters (a struct
## with fields @code{W}, @code{R}, @code{b} and, if present, @code{bR}) and
## @var{h_prev}.  Accumulate @var{dp} over the steps of a hand-written loop.
##
## Discarded (@code{[~, dp, dh_prev] = @dots{}}), @var{dxt} is not computed.
##
## @example
## @group
## p = rnn_init ("rnn", 3, 5);
## [h, cache] = rnn_cell_forward (randn (3, 2), [], p);
## [dxt, dp, dh_prev] = rnn_cell_backward (ones (5, 2), cache);
## size (dxt)
##   @result{} 3   2
## size (dp.R)
##   @result{} 5   5
## @end group
## @end example
##
## @seealso{rnn_cell_forward, rnn_backward}
## @end deftypefn

function [dxt, dp, dh_prev] = rnn_cell_backward (dh, cache)
  if (nargin != 2)
    print_usage ();
  endif
  fn = "rnn_cell_backward";
  [dxt, dp, dh_prev] = __layer__ ("backward", fn, "rnn", [], dh, [], cache,
                                   isargout (1));
endfunction

%!test
%! ## one step of the sequence backward; and against finite differences
%! p = rnn_init ("rnn", 3, 4, "RecurrentBias", true, "Seed", 3);
%! x = randn (3, 2); h0 = randn (4, 2); dh = randn (4, 2);
%! [h, cache] = rnn_cell_forward (x, h0, p);
%! [dxt, dp, dh_prev] = rnn_cell_backward (dh, cache);
%! a = dh .* (1 - h.^2);
%! assert (dxt, p.W' * a, 1e-14); assert (dh_prev, p.R' * a, 1e-14);
%! assert (dp.W, a * x', 1e-14); assert (dp.b, sum (a, 2), 1e-14); assert (dp.bR, sum (a, 2), 1e-14);
%! [~, dp2, dh2] = rnn_cell_backward (dh, cache);   # dxt discarded: not computed
%! assert (isequal (dp2, dp) && isequal (dh2, dh_prev));

%!error <Invalid call> rnn_cell_backward (1)
%!error id=rnn:rnn_cell_backward:invalidCache rnn_cell_backward (1, struct ("cell", "rnn"))
%!test
%! p = rnn_init ("rnn", 3, 4);
%! [~, ~, c] = rnn_forward (randn (3, 2, 5), [], p);
%! fail ("rnn_cell_backward (ones (4, 2), c)", "one step");
%! [~, c] = rnn_cell_forward (randn (3, 2), [], p);
%! fail ("rnn_cell_backward (ones (4, 3), c)", "rnn_cell_backward: dh must be 4x2, not 4x3");
%!error id=rnn:rnn_cell_backward:invalidCache rnn_cell_backward (1, repmat (struct ("X", 1), 1, 2))
