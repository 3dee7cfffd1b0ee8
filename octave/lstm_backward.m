## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dX}, @var{dp}, @var{dh0}, @var{dc0}] =} lstm_backward (@var{dY}, @var{dhN}, @var{dcN}, @var{cache})
## Backpropagation through time for an LSTM layer.
##
## @var{dY} (shaped like @var{Y}), @var{dhN} and @var{dcN} (shaped like
## @var{hN} and @var{cN}) are the gradients of a loss with respect to the
## outputs of @code{lstm_forward}; each may be @code{[]} for none.
## @var{cache} is the fourth output of @code{lstm_forward}.
##
## @var{dX} is shaped like @var{X}; @var{dp} is a struct with the numeric
## fields of @var{p} (@code{W}, @code{R}, @code{b} and, if present,
## @code{bR}), each shaped like its parameter, gate blocks
## @code{[i; f; g; o]} as in @var{p}; @var{dh0} and @var{dc0} are shaped
## like the states (zeros-initial states get a gradient too).  Steps beyond
## a column's @code{"Lengths"} receive no gradient.  A forward pass with a
## @code{"RecurrentDropoutMask"} keeps the mask in @var{cache}: the
## gradients are those of the masked layer.
##
## A caller with no use for @var{dX} (the first layer of a network, whose
## input is data) can discard it, @code{[~, dp] = lstm_backward (@dots{})}:
## it is then not computed, which saves the product of @code{W'} with the
## gates' gradients, about a sixth of the backward pass's time.
##
## @example
## @group
## p = rnn_init ("lstm", 3, 5);
## X = randn (3, 2, 10);
## [Y, hN, cN, cache] = lstm_forward (X, [], [], p);
## dY = 2 * Y;                        # loss = sum (Y(:).^2)
## [dX, dp, dh0, dc0] = lstm_backward (dY, [], [], cache);
## size (dp.W)
##   @result{} 20   3
## @end group
## @end example
##
## @seealso{lstm_forward, lstm_cell_backward, gradcheck, clip_gradients}
## @end deftypefn

function [dX, dp, dh0, dc0] = lstm_backward (dY, dhN, dcN, cache)
  if (nargin != 4)
    print_usage ();
  endif
  [dX, dp, dh0, dc0] = __layer__ ("backward", "lstm_backward", "lstm", dY, dhN,
                                  dcN, cache, isargout (1));
endfunction

%!function [L, g] = loss (t, p, dY, dhN, dcN)
%!  p.W = t.W; p.R = t.R; p.b = t.b; p.bR = t.bR;
%!  [Y, hN, cN, cache] = lstm_forward (t.X, t.h0, t.c0, p, "Lengths", [4 2]);
%!  L = sum (Y(:) .* dY(:)) + sum (hN(:) .* dhN(:)) + sum (cN(:) .* dcN(:));
%!  [dX, dp, dh0, dc0] = lstm_backward (dY, dhN, dcN, cache);
%!  g = struct ("X", dX, "h0", dh0, "c0", dc0, "W", dp.W, "R", dp.R, "b", dp.b, "bR", dp.bR);
%!endfunction

%!test
%! ## against finite differences (every variant: tests/test_layer_gradients.m)
%! p = rnn_init ("lstm", 3, 4, "Direction", "bidirectional", "RecurrentBias", true, "Seed", 1);
%! X = randn (3, 2, 4); dY = randn (8, 2, 4); dhN = randn (4, 2, 2); dcN = randn (4, 2, 2);
%! t = struct ("X", X, "h0", randn (4, 2, 2), "c0", randn (4, 2, 2), "W", p.W,
%!             "R", p.R, "b", p.b, "bR", p.bR);
%! assert (gradcheck (@(t) loss (t, p, dY, dhN, dcN), t) < 1e-7);

%!test
%! ## one step by hand; [] gradients are zeros
%! p = rnn_init ("lstm", 3, 4, "Seed", 2);
%! x = randn (3, 2); h0 = randn (4, 2); c0 = randn (4, 2); dh = randn (4, 2); dc = randn (4, 2);
%! [~, ~, ~, cache] = lstm_forward (x, h0, c0, p);
%! [dx, dp, dh0, dc0] = lstm_backward ([], dh, dc, cache);
%! sg = @(a) 1 ./ (1 + exp (-a));
%! a = p.W * x + p.b + p.R * h0;
%! i = sg (a(1:4,:)); f = sg (a(5:8,:)); g = tanh (a(9:12,:)); o = sg (a(13:16,:));
%! c = f .* c0 + i .* g;
%! dct = dc + dh .* o .* (1 - tanh (c).^2);
%! da = [dct .* g .* i .* (1 - i); dct .* c0 .* f .* (1 - f); dct .* i .* (1 - g.^2);
%!       dh .* tanh(c) .* o .* (1 - o)];
%! assert (dx, p.W' * da, 1e-14); assert (dh0, p.R' * da, 1e-14);
%! assert (dc0, dct .* f, 1e-14); assert (dp.W, da * x', 1e-14);
%! assert (dp.R, da * h0', 1e-14); assert (dp.b, sum (da, 2), 1e-14);
%! [dx, dp, dh0, dc0] = lstm_backward ([], [], [], cache);
%! assert (all ([dx(:); dp.W(:); dh0(:); dc0(:)] == 0));

%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays
%! unwind_protect
%!   ## outputs of 1 MB and more are arrays made by Octave (src/mex/mexutil.c):
%!   ## a batch of 40 columns (Z: 1.5 MB) against its columns one at a time
%!   p = rnn_init ("lstm", 8, 40, "Direction", "bidirectional", "Seed", 3);
%!   X = randn (8, 40, 30); dY = randn (80, 40, 30); dhN = randn (40, 40, 2);
%!   [Y, hN, cN, cache] = lstm_forward (X, [], [], p);
%!   assert (numel (cache{7}{3}) * 8 >= 2^20);   # its Z
%!   [dX, dp, dh0] = lstm_backward (dY, dhN, [], cache);
%!   dW = zeros (size (p.W));
%!   for j = 1:40
%!     [Yj, hj, cj, cj_cache] = lstm_forward (X(:,j,:), [], [], p);
%!     assert (Yj, Y(:,j,:), 1e-14); assert (hj, hN(:,j,:), 1e-14);
%!     assert (cj, cN(:,j,:), 1e-14);
%!     [dXj, dpj, dh0j] = lstm_backward (dY(:,j,:), dhN(:,j,:), [], cj_cache);
%!     assert (dXj, dX(:,j,:), 1e-13); assert (dh0j, dh0(:,j,:), 1e-13);
%!     dW += dpj.W;
%!   endfor
%!   assert (dW, dp.W, 1e-12);
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect

%!test
%! ## dX discarded: not computed (no W' * dG), the same dp to the bit
%! p = rnn_init ("lstm", 3, 4, "Direction", "bidirectional", "Seed", 4);
%! for X = {randn(3, 2, 5), randn(3, 2, 5, "single")}
%!   X = X{1};
%!   [Y, ~, ~, c] = lstm_forward (X, [], [], p, "Lengths", [5 3]);
%!   dY = randn (size (Y), class (Y));
%!   [dX, dp, dh0, dc0] = lstm_backward (dY, [], [], c);
%!   [~, dp2, dh02, dc02] = lstm_backward (dY, [], [], c);
%!   assert (isequal (dp2, dp) && isequal (dh02, dh0) && isequal (dc02, dc0));
%! endfor

%!error <Invalid call> lstm_backward (1, 2, 3)
%!error id=rnn:lstm_backward:invalidCache lstm_backward ([], [], [], struct ("a", 1))
%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays, to forge them
%! unwind_protect
%!   p = rnn_init ("lstm", 3, 4);
%!   [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], p);
%!   fail ("lstm_backward (ones (4, 2, 4), [], [], c)", "dY must be 4x2x5");
%!   fail ("lstm_backward ([], [], ones (4, 3), c)", "dcN must be 4x2, not 4x3");
%!   c2 = c; c2{7}{2} = c{7}{2}(:, :, 1:3);  # forged: Sc, then Z
%!   fail ("lstm_backward ([], [], [], c2)", "CACHE's Sc does not match");
%!   c2 = c; c2{7}{3} = [];
%!   fail ("lstm_backward ([], [], [], c2)", "CACHE's Z does not match");
%!   [~, ~, c3] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%!   fail ("lstm_backward ([], [], [], c3)", "not a \"lstm\" layer");
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect
%!error id=rnn:lstm_backward:sizeMismatch
%! [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4));
%! lstm_backward ([], [], ones (4, 3), c);
%!error id=rnn:lstm_backward:complexInput
%! [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4));
%! lstm_backward ([], [], complex (ones (4, 2)), c);
%!error id=rnn:lstm_backward:invalidClass
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays, to forge them
%! unwind_protect
%!   [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4));
%!   c{7}{2} = int8 (c{7}{2});               # its Sc
%!   lstm_backward ([], [], [], c);
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect
