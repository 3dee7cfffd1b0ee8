## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{h}, @var{c}, @var{cache}] =} lstm_cell_forward (@var{xt}, @var{h_prev}, @var{c_prev}, @var{p})
## @deftypefnx {} {[@dots{}] =} lstm_cell_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## One step of an LSTM cell.
##
## With the gate blocks @code{[i; f; g; o]} of @code{W}, @code{R}, @code{b},
## @code{bR} and @code{sigma} the logistic function:
##
## @example
## @group
## i = sigma (Wi*xt + bi + Ri*h_prev + bRi)     # input (update) gate
## f = sigma (Wf*xt + bf + Rf*h_prev + bRf)     # forget gate
## g = tanh  (Wg*xt + bg + Rg*h_prev + bRg)     # candidate
## o = sigma (Wo*xt + bo + Ro*h_prev + bRo)     # output gate
## c = f .* c_prev + i .* g
## h = o .* tanh (c)
## @end group
## @end example
##
## @noindent
## In the course's letters @code{i}, @code{f}, @code{o} are the gates
## @code{Gamma_u}, @code{Gamma_f}, @code{Gamma_o}, @code{g} is the
## candidate memory @code{c~<t>} and @code{h} is @code{a<t>}.
##
## The course's @code{lstm_cell_forward}: @var{xt} is @code{[n_x, m]} (one
## time step of a batch), @var{h_prev} and @var{c_prev} are @code{[n_a, m]}
## or @code{[]} for zeros, @var{p} a unidirectional LSTM layer's parameters
## (@code{rnn_init ("lstm", @dots{})}).  Returns the next hidden and cell
## states @var{h} and @var{c} @code{[n_a, m]} and the @var{cache} for
## @code{lstm_cell_backward}.  It is exactly one step of
## @code{lstm_forward}; use that for whole sequences, it is much faster than
## a loop of steps.
##
## With @code{"RecurrentDropoutMask"}, @var{M} @code{[n_a, m]} multiplies
## @var{h_prev} where it enters the recurrent products, as in
## @code{lstm_forward} (see there); @code{lstm_cell_backward} takes it from
## the cache.
##
## @example
## @group
## p = rnn_init ("lstm", 3, 5);
## h = c = zeros (5, 2);
## for t = 1:10                     # a hand-written time loop
##   [h, c] = lstm_cell_forward (randn (3, 2), h, c, p);
## endfor
## @end group
## @end example
##
## @seealso{lstm_cell_backward, lstm_forward}
## @end deftypefn

function [h, c, cache] = lstm_cell_forward (xt, h_prev, c_prev, p, varargin)
  if (nargin < 4)
    print_usage ();
  endif
  fn = "lstm_cell_forward";
  if (nargout < 3)
    [~, h, c] = __layer__ ("forward", fn, "lstm", xt, h_prev, c_prev, p, varargin{:});
  else                                  # the cache of lstm_forward
    [~, h, c, S] = __layer__ ("forward", fn, "lstm", xt, h_prev, c_prev, p, varargin{:});
    cache = {"lstm", xt, p, varargin, [], [], S};
  endif
endfunction

%!test
%! ## against the equations
%! p = rnn_init ("lstm", 3, 4, "RecurrentBias", true, "Seed", 2);
%! p.bR = 0.1 * randn (16, 1);
%! x = randn (3, 2); h0 = randn (4, 2); c0 = randn (4, 2);
%! sg = @(a) 1 ./ (1 + exp (-a));
%! a = p.W * x + p.b + p.R * h0 + p.bR;
%! cr = sg (a(5:8,:)) .* c0 + sg (a(1:4,:)) .* tanh (a(9:12,:));
%! [h, c] = lstm_cell_forward (x, h0, c0, p);
%! assert (c, cr, 1e-14); assert (h, sg (a(13:16,:)) .* tanh (cr), 1e-14);

%!test
%! ## a loop of steps is the sequence function
%! p = rnn_init ("lstm", 3, 4, "Seed", 3);
%! X = randn (3, 2, 4); h0 = randn (4, 2); c0 = randn (4, 2);
%! [Y, ~, cN] = lstm_forward (X, h0, c0, p);
%! h = h0; c = c0;
%! for t = 1:4
%!   [h, c] = lstm_cell_forward (X(:,:,t), h, c, p);
%!   assert (h, Y(:,:,t), 1e-14);
%! endfor
%! assert (c, cN, 1e-14);
%! assert (lstm_cell_forward (X(:,:,1), [], [], p), lstm_forward (X(:,:,1), [], [], p), 0);

%!shared p
%! p = rnn_init ("lstm", 3, 4);
%!error <Invalid call> lstm_cell_forward (1, 2, 3)
%!error id=rnn:lstm_cell_forward:invalidInput lstm_cell_forward (randn (3, 2, 2), [], [], p)
%!error id=rnn:lstm_cell_forward:invalidInput lstm_cell_forward (randn (3, 2), [], [], rnn_init ("lstm", 3, 4, "Direction", "bidirectional"))
%!error id=rnn:lstm_cell_forward:sizeMismatch lstm_cell_forward (randn (2, 2), [], [], p)
%!error id=rnn:lstm_cell_forward:sizeMismatch lstm_cell_forward (randn (3, 2), zeros (4, 3), [], p)
%!error id=rnn:lstm_cell_forward:sizeMismatch lstm_cell_forward (randn (3, 2), [], zeros (5, 2), p)
%!error id=rnn:lstm_cell_forward:invalidClass lstm_cell_forward (randn (3, 2), [], true (4, 2), p)
%!error id=rnn:lstm_cell_forward:sparseInput lstm_cell_forward (sparse (randn (3, 2)), [], [], p)
%!error id=rnn:lstm_cell_forward:wrongCell lstm_cell_forward (randn (3, 2), [], [], setfield (p, "cell", "gru"))
