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
## @code{"Lengths"} receive no gradient.
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
  __check_cache__ ("rnn_backward", cache, "rnn");
  [dX, dW, dR, db, dbR, dh0] = __layer_backward__ ("rnn_backward", "rnn", dY,
      dhN, [], cache.X, cache.p, cache.Sh, cache.Sc, cache.Z, cache.options{:});
  dp = __param_grads__ (cache.p, dW, dR, db, dbR);
endfunction

%!test
%! ## finite differences in every direction and merge, with Lengths and bR
%! for dir = {"forward", "reverse", "bidirectional"}
%!   for merge = {"concat", "sum", "ave", "mul"}
%!     p = rnn_init ("rnn", 3, 4, "Direction", dir{1}, "Merge", merge{1}, ...
%!                   "RecurrentBias", true, "Seed", 1);
%!     __fd_check__ (@rnn_forward, @rnn_backward, p, 3, 5, [5 2 4]);
%!     __fd_check__ (@rnn_forward, @rnn_backward, rmfield (p, "bR"), 3, 5, []);
%!   endfor
%! endfor
