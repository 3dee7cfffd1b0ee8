## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dX}, @var{dp}, @var{dh0}] =} rnn_backward (@var{dY}, @var{dhN}, @var{cache})
## Backpropagation through time for a vanilla RNN layer.
##
## @var{dY} (shaped like @var{Y}) and @var{dhN} (shaped like @var{hN}) are
## the gradients of a loss with respect to the outputs of
## @code{rnn_forward}; either may be @code{[]} for none.  @var{cache} is the
## third output of @code{rnn_forward}.
##
## @var{dX} is shaped like @var{X}; @var{dp} is a struct with the numeric
## fields of @var{p} (@code{W}, @code{R}, @code{b} and, if present,
## @code{bR}), each shaped like its parameter; @var{dh0} is shaped like the
## state (zeros-initial states get a gradient too).  Steps beyond a column's
## @code{"Lengths"} receive no gradient.  A forward pass with a
## @code{"RecurrentDropoutMask"} keeps the mask in @var{cache}: the
## gradients are those of the masked layer.
##
## A caller with no use for @var{dX} (the first layer of a network, whose
## input is data) can discard it, @code{[~, dp] = rnn_backward (@dots{})}:
## it is then not computed, which saves the product of @code{W'} with the
## gates' gradients, about a sixth of the backward pass's time.
##
## @example
## @group
## p = rnn_init ("rnn", 3, 5);
## X = randn (3, 2, 10);
## [Y, hN, cache] = rnn_forward (X, [], p);
## dY = 2 * Y;                        # loss = sum (Y(:).^2)
## [dX, dp, dh0] = rnn_backward (dY, [], cache);
## size (dp.W)
##   @result{} 5   3
## @end group
## @end example
##
## @seealso{rnn_forward, gradcheck, clip_gradients}
## @end deftypefn

function [dX, dp, dh0] = rnn_backward (dY, dhN, cache)
  if (nargin != 3)
    print_usage ();
  endif
  [dX, dp, dh0] = __layer__ ("backward", "rnn_backward", "rnn", dY, dhN, [],
                             cache, isargout (1));
endfunction

%!function [L, g] = loss (t, p, dY)
%!  p.W = t.W; p.R = t.R; p.b = t.b; p.bR = t.bR;
%!  [Y, ~, cache] = rnn_forward (t.X, [], p, "Lengths", [4 2]);
%!  L = sum (Y(:) .* dY(:));
%!  [dX, dp] = rnn_backward (dY, [], cache);
%!  g = struct ("X", dX, "W", dp.W, "R", dp.R, "b", dp.b, "bR", dp.bR);
%!endfunction

%!test
%! ## against finite differences (every variant: tests/test_layer_gradients.m)
%! p = rnn_init ("rnn", 3, 4, "Direction", "bidirectional", "RecurrentBias", true, "Seed", 1);
%! X = randn (3, 2, 4); dY = randn (8, 2, 4);
%! f = @(t) loss (t, p, dY);
%! assert (gradcheck (f, struct ("X", X, "W", p.W, "R", p.R, "b", p.b, "bR", p.bR)) < 1e-7);

%!test
%! ## dX discarded: not computed (no W' * dG), the same dp to the bit
%! p = rnn_init ("rnn", 3, 4, "Direction", "bidirectional", "Seed", 4);
%! for X = {randn(3, 2, 5), randn(3, 2, 5, "single")}
%!   X = X{1};
%!   [Y, ~, c] = rnn_forward (X, [], p, "Lengths", [5 3]);
%!   dY = randn (size (Y), class (Y));
%!   [dX, dp, dh0] = rnn_backward (dY, [], c);
%!   [~, dp2, dh02] = rnn_backward (dY, [], c);
%!   assert (isequal (dp2, dp) && isequal (dh02, dh0));
%! endfor

%!error <Invalid call> rnn_backward (1, 2)
%!error id=rnn:rnn_backward:invalidCache rnn_backward ([], [], struct ("a", 1))
%!error id=rnn:rnn_backward:invalidCache rnn_backward ([], [], cell (1, 7))
%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays, to forge them
%! unwind_protect
%!   p = rnn_init ("rnn", 3, 4);
%!   [~, ~, c] = rnn_forward (randn (3, 2, 5), [], p);
%!   c{7}{1} = c{7}{1}(:, :, 1:3);          # a forged cache: its Sh
%!   fail ("rnn_backward ([], [], c)", "CACHE's Sh does not match");
%!   [~, ~, c] = rnn_forward (randn (3, 2, 5), [], p);
%!   fail ("rnn_backward (ones (4, 2, 4), [], c)", "dY must be 4x2x5");
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect
