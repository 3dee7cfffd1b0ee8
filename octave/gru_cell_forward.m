## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{h}, @var{cache}] =} gru_cell_forward (@var{xt}, @var{h_prev}, @var{p})
## @deftypefnx {} {[@dots{}] =} gru_cell_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## One step of a GRU cell.
##
## With the gate blocks @code{[r; z; n]} of @code{W}, @code{R}, @code{b},
## @code{bR} and @code{sigma} the logistic function:
##
## @example
## @group
## r = sigma (Wr*xt + br + Rr*h_prev + bRr)           # reset gate
## z = sigma (Wz*xt + bz + Rz*h_prev + bRz)           # update gate
## n = tanh (Wn*xt + bn + r .* (Rn*h_prev + bRn))     # candidate
## h = (1 - z) .* n + z .* h_prev
## @end group
## @end example
##
## @noindent
## (with @code{p.resetGateMode = "before-multiplication"},
## @code{n = tanh (Wn*xt + bn + Rn*(r .* h_prev) + bRn)}).  In the course's
## letters @code{h} is @code{a<t> = c<t>}, @code{r} the relevance gate
## @code{Gamma_r}, @code{n} the candidate @code{c~<t>}, and the lectures'
## update gate @code{Gamma_u} is @code{1 - z} (the notes' @code{Z_t} is
## @code{z}); see @code{gru_forward}.
##
## The course's @code{gru_cell_forward}: @var{xt} is @code{[n_x, m]} (one
## time step of a batch), @var{h_prev} is @code{[n_a, m]} or @code{[]} for
## zeros, @var{p} a unidirectional GRU layer's parameters
## (@code{rnn_init ("gru", @dots{})}).  Returns the next state @var{h}
## @code{[n_a, m]} and the @var{cache} for @code{gru_cell_backward}.  It is
## exactly one step of @code{gru_forward}; use that for whole sequences, it
## is much faster than a loop of steps.
##
## With @code{"RecurrentDropoutMask"}, @var{M} @code{[n_a, m]} multiplies
## @var{h_prev} where it enters the recurrent products, as in
## @code{gru_forward} (see there); @code{gru_cell_backward} takes it from
## the cache.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5);
## h = zeros (5, 2);
## for t = 1:10                     # a hand-written time loop
##   h = gru_cell_forward (randn (3, 2), h, p);
## endfor
## @end group
## @end example
##
## @seealso{gru_cell_backward, gru_forward}
## @end deftypefn

function [h, cache] = gru_cell_forward (xt, h_prev, p, varargin)
  if (nargin < 3)
    print_usage ();
  endif
  fn = "gru_cell_forward";
  if (nargout < 2)
    [~, h] = __layer__ ("forward", fn, "gru", xt, h_prev, [], p, varargin{:});
  else                                  # the cache of gru_forward
    [~, h, ~, S] = __layer__ ("forward", fn, "gru", xt, h_prev, [], p, varargin{:});
    cache = {"gru", xt, p, varargin, [], [], S};
  endif
endfunction

%!test
%! ## against the equations, both modes
%! p = rnn_init ("gru", 3, 4, "RecurrentBias", true, "BiasInitializer", "narrow-normal", "Seed", 2);
%! p.bR = 0.1 * randn (12, 1);
%! x = randn (3, 2); h0 = randn (4, 2);
%! sg = @(a) 1 ./ (1 + exp (-a)); i1 = 1:4; i2 = 5:8; i3 = 9:12;
%! a = p.W * x + p.b; q = p.R * h0 + p.bR;
%! r = sg (a(i1,:) + q(i1,:)); z = sg (a(i2,:) + q(i2,:));
%! n = tanh (a(i3,:) + r .* q(i3,:));
%! assert (gru_cell_forward (x, h0, p), (1 - z) .* n + z .* h0, 1e-14);
%! p.resetGateMode = "before-multiplication";
%! n = tanh (a(i3,:) + p.R(i3,:) * (r .* h0) + p.bR(i3));
%! assert (gru_cell_forward (x, h0, p), (1 - z) .* n + z .* h0, 1e-14);

%!test
%! ## a loop of steps is the sequence function
%! p = rnn_init ("gru", 3, 4, "Seed", 3);
%! X = randn (3, 2, 4); h0 = randn (4, 2);
%! Y = gru_forward (X, h0, p);
%! h = h0;
%! for t = 1:4
%!   h = gru_cell_forward (X(:,:,t), h, p);
%!   assert (h, Y(:,:,t), 1e-14);
%! endfor
%! assert (gru_cell_forward (X(:,:,1), [], p), gru_forward (X(:,:,1), [], p), 0);

%!shared p
%! p = rnn_init ("gru", 3, 4);
%!error <Invalid call> gru_cell_forward (1, 2)
%!error id=rnn:gru_cell_forward:invalidInput gru_cell_forward (randn (3, 2, 2), [], p)
%!error id=rnn:gru_cell_forward:invalidInput gru_cell_forward (randn (3, 2), [], rnn_init ("gru", 3, 4, "Direction", "bidirectional"))
%!error id=rnn:gru_cell_forward:sizeMismatch gru_cell_forward (randn (2, 2), [], p)
%!error id=rnn:gru_cell_forward:sizeMismatch gru_cell_forward (randn (3, 2), zeros (4, 3), p)
%!error id=rnn:gru_cell_forward:invalidClass gru_cell_forward (int8 (ones (3, 2)), [], p)
%!error id=rnn:gru_cell_forward:complexInput gru_cell_forward (randn (3, 2), complex (zeros (4, 2)), p)
%!error id=rnn:gru_cell_forward:wrongCell gru_cell_forward (randn (3, 2), [], rnn_init ("lstm", 3, 4))
%!error id=rnn:gru_cell_forward:invalidParams gru_cell_forward (randn (3, 2), [], 1)
