## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dX}, @var{dp}, @var{dh0}] =} gru_backward (@var{dY}, @var{dhN}, @var{cache})
## Backpropagation through time for a GRU layer.
##
## @var{dY} (shaped like @var{Y}) and @var{dhN} (shaped like @var{hN}) are
## the gradients of a loss with respect to the outputs of
## @code{gru_forward}; either may be @code{[]} for none.  @var{cache} is the
## third output of @code{gru_forward}.
##
## @var{dX} is shaped like @var{X}; @var{dp} is a struct with the numeric
## fields of @var{p} (@code{W}, @code{R}, @code{b} and, if present,
## @code{bR}), each shaped like its parameter, gate blocks @code{[r; z; n]}
## as in @var{p}; @var{dh0} is shaped like the state (zeros-initial states
## get a gradient too).  Steps beyond a column's @code{"Lengths"} receive
## no gradient.  A forward pass with a
## @code{"RecurrentDropoutMask"} keeps the mask in @var{cache}: the
## gradients are those of the masked layer.
##
## A caller with no use for @var{dX} (the first layer of a network, whose
## input is data) can discard it, @code{[~, dp] = gru_backward (@dots{})}:
## it is then not computed, which saves the product of @code{W'} with the
## gates' gradients, about a sixth of the backward pass's time.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5);
## X = randn (3, 2, 10);
## [Y, hN, cache] = gru_forward (X, [], p);
## dY = 2 * Y;                        # loss = sum (Y(:).^2)
## [dX, dp, dh0] = gru_backward (dY, [], cache);
## size (dp.W)
##   @result{} 15   3
## @end group
## @end example
##
## @seealso{gru_forward, gru_cell_backward, gradcheck, clip_gradients}
## @end deftypefn

function [dX, dp, dh0] = gru_backward (dY, dhN, cache)
  if (nargin != 3)
    print_usage ();
  endif
  [dX, dp, dh0] = __layer__ ("backward", "gru_backward", "gru", dY, dhN, [],
                             cache, isargout (1));
endfunction

%!function [L, g] = loss (t, p, dY, dhN)
%!  p.W = t.W; p.R = t.R; p.b = t.b; p.bR = t.bR;
%!  [Y, hN, cache] = gru_forward (t.X, t.h0, p, "Lengths", [4 2]);
%!  L = sum (Y(:) .* dY(:)) + sum (hN(:) .* dhN(:));
%!  [dX, dp, dh0] = gru_backward (dY, dhN, cache);
%!  g = struct ("X", dX, "h0", dh0, "W", dp.W, "R", dp.R, "b", dp.b, "bR", dp.bR);
%!endfunction

%!test
%! ## against finite differences (every variant: tests/test_layer_gradients.m)
%! for mode = {"after-multiplication", "before-multiplication"}
%!   p = rnn_init ("gru", 3, 4, "Direction", "bidirectional", "RecurrentBias", true,
%!                 "ResetGateMode", mode{1}, "BiasInitializer", "narrow-normal", "Seed", 1);
%!   X = randn (3, 2, 4); dY = randn (8, 2, 4); dhN = randn (4, 2, 2);
%!   t = struct ("X", X, "h0", randn (4, 2, 2), "W", p.W, "R", p.R, "b", p.b, "bR", p.bR);
%!   assert (gradcheck (@(t) loss (t, p, dY, dhN), t) < 1e-7);
%! endfor

%!test
%! ## one step by hand (after-multiplication, no bR)
%! p = rnn_init ("gru", 3, 4, "BiasInitializer", "narrow-normal", "Seed", 2);
%! x = randn (3, 2); h0 = randn (4, 2); dh = randn (4, 2);
%! [~, ~, cache] = gru_forward (x, h0, p);
%! [dx, dp, dh0] = gru_backward ([], dh, cache);
%! sg = @(a) 1 ./ (1 + exp (-a)); i1 = 1:4; i2 = 5:8; i3 = 9:12;
%! a = p.W * x + p.b; q = p.R * h0;
%! r = sg (a(i1,:) + q(i1,:)); z = sg (a(i2,:) + q(i2,:)); n = tanh (a(i3,:) + r .* q(i3,:));
%! dn = dh .* (1 - z) .* (1 - n.^2); dz = dh .* (h0 - n) .* z .* (1 - z);
%! dr = dn .* q(i3,:) .* r .* (1 - r);
%! assert (dx, p.W' * [dr; dz; dn], 1e-14);
%! assert (dp.R, [dr; dz; dn .* r] * h0', 1e-14);
%! assert (dp.b, sum ([dr; dz; dn], 2), 1e-14);
%! assert (dh0, dh .* z + p.R' * [dr; dz; dn .* r], 1e-14);
%! assert (isfield (dp, "bR"), false);

%!test
%! ## dX discarded: not computed (no W' * dG), the same dp to the bit
%! p = rnn_init ("gru", 3, 4, "Direction", "bidirectional", "Seed", 4);
%! for X = {randn(3, 2, 5), randn(3, 2, 5, "single")}
%!   X = X{1};
%!   [Y, ~, c] = gru_forward (X, [], p, "Lengths", [5 3]);
%!   dY = randn (size (Y), class (Y));
%!   [dX, dp, dh0] = gru_backward (dY, [], c);
%!   [~, dp2, dh02] = gru_backward (dY, [], c);
%!   assert (isequal (dp2, dp) && isequal (dh02, dh0));
%! endfor

%!error <Invalid call> gru_backward (1, 2)
%!error id=rnn:gru_backward:invalidCache gru_backward ([], [], struct ("a", 1))
%!error id=rnn:gru_backward:invalidCache gru_backward ([], [], 1)
%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays, to forge them
%! unwind_protect
%!   p = rnn_init ("gru", 3, 4);
%!   [~, ~, c] = gru_forward (randn (3, 2, 5), [], p);
%!   fail ("gru_backward (ones (4, 2, 4), [], c)", "dY must be 4x2x5");
%!   fail ("gru_backward ([], ones (4, 3), c)", "dhN must be 4x2, not 4x3");
%!   fail ("gru_backward ([], [], c, 1)", "called with too many inputs");
%!   ## forged caches: c{7} is {Sh, Sc, Z}
%!   c2 = c; c2{7}{3} = c{7}{3}(:, :, 1:3);
%!   fail ("gru_backward ([], [], c2)", "CACHE's Z does not match");
%!   c2 = c; c2{7}{1} = single (c{7}{1}(:, :, 1:3));
%!   fail ("gru_backward ([], [], c2)", "CACHE's Sh does not match");
%!   c2 = c; c2{7} = c{7}(1:2);
%!   fail ("gru_backward ([], [], c2)", "CACHE must be the cache output");
%!   [~, ~, c3] = rnn_forward (randn (3, 2, 5), [], rnn_init ("rnn", 3, 4));
%!   fail ("gru_backward ([], [], c3)", "not a \"gru\" layer");
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect
%!error id=rnn:gru_backward:sizeMismatch
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_backward ([], ones (4, 3), c);
%!error id=rnn:gru_backward:invalidClass
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_backward (int8 (ones (4, 2, 5)), [], c);
