## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{h}, @var{cache}] =} rnn_cell_forward (@var{xt}, @var{h_prev}, @var{p})
## @deftypefnx {} {[@dots{}] =} rnn_cell_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## One step of a vanilla RNN cell: @code{h = act (W*xt + b + R*h_prev + bR)}.
##
## The course's @code{rnn_cell_forward}: @var{xt} is @code{[n_x, m]} (one
## time step of a batch), @var{h_prev} is @code{[n_a, m]} or @code{[]} for
## zeros, @var{p} a unidirectional layer's parameters (@code{rnn_init}).
## Returns the next state @var{h} @code{[n_a, m]} and the @var{cache} for
## @code{rnn_cell_backward}.  It is exactly one step of @code{rnn_forward};
## use that for whole sequences, it is much faster than a loop of steps.
##
## With @code{"RecurrentDropoutMask"}, @var{M} @code{[n_a, m]} multiplies
## @var{h_prev} where it enters the recurrent products, as in
## @code{rnn_forward} (see there); @code{rnn_cell_backward} takes it from
## the cache.
##
## @example
## @group
## p = rnn_init ("rnn", 3, 5);
## h = zeros (5, 2);
## for t = 1:10                     # a hand-written time loop
##   h = rnn_cell_forward (randn (3, 2), h, p);
## endfor
## @end group
## @end example
##
## @seealso{rnn_cell_backward, rnn_forward}
## @end deftypefn

function [h, cache] = rnn_cell_forward (xt, h_prev, p, varargin)
  if (nargin < 3)
    print_usage ();
  endif
  fn = "rnn_cell_forward";
  if (nargout < 2)
    [~, h] = __layer__ ("forward", fn, "rnn", xt, h_prev, [], p, varargin{:});
  else                                  # the cache of rnn_forward
    [~, h, ~, S] = __layer__ ("forward", fn, "rnn", xt, h_prev, [], p, varargin{:});
    cache = {"rnn", xt, p, varargin, [], [], S};
  endif
endfunction

%!test
%! p = rnn_init ("rnn", 3, 4, "RecurrentBias", true, "BiasInitializer", "narrow-normal", "Seed", 2);
%! x = randn (3, 2); h0 = randn (4, 2);
%! assert (rnn_cell_forward (x, h0, p), tanh (p.W*x + p.b + p.R*h0 + p.bR), 1e-14);
%! X = randn (3, 2, 4);
%! Y = rnn_forward (X, h0, p);
%! h = h0;
%! for t = 1:4
%!   h = rnn_cell_forward (X(:,:,t), h, p);
%! endfor
%! assert (h, Y(:,:,4), 1e-14);

%!error <Invalid call> rnn_cell_forward (1, 2)
%!error id=rnn:rnn_cell_forward:invalidInput rnn_cell_forward (randn (3, 2, 2), [], rnn_init ("rnn", 3, 4))
%!error id=rnn:rnn_cell_forward:invalidInput rnn_cell_forward (randn (3, 2), [], rnn_init ("rnn", 3, 4, "Direction", "bidirectional"))
%!error <rnn_cell_forward: h_prev must be 4x2, not 4x3> rnn_cell_forward (randn (3, 2), ones (4, 3), rnn_init ("rnn", 3, 4))
%!error id=rnn:rnn_cell_forward:invalidParams rnn_cell_forward (randn (3, 2), [], repmat (rnn_init ("rnn", 3, 4), 1, 2))
