## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{Y} =} lstm (@var{X}, @var{H0}, @var{C0}, @var{W}, @var{R}, @var{b})
## @deftypefnx {} {[@var{Y}, @var{hN}, @var{cN}] =} lstm (@dots{})
## @deftypefnx {} {[@dots{}] =} lstm (@dots{}, @var{name}, @var{value}, @dots{})
## Long short-term memory layer, forward only, with MATLAB's interface.
##
## The form of MATLAB's Deep Learning Toolbox function @code{lstm} for
## numeric arrays; it computes what @code{lstm_forward} computes (see there
## for the equations and the course's notation), with the gate blocks of
## @var{W} @code{[4*n_a, n_x]}, @var{R} @code{[4*n_a, n_a]} and @var{b}
## @code{[4*n_a, 1]} in MATLAB's order @code{[i; f; g; o]} (input, forget,
## candidate, output), which is this toolbox's.
##
## @var{X} is @code{[n_x, m, T]} (channels x batch x time, MATLAB's
## "CBT").  @var{H0} and @var{C0} are the initial hidden and cell states,
## @code{[n_a, m]}, or @code{[n_a, 1]} for the same state in every batch
## column, or @code{[]} for zeros.  @var{Y} is @code{[n_a, m, T]};
## @var{hN} and @var{cN} @code{[n_a, m]} are the states after the last
## step.  Single and double inputs may be mixed (the result is single).
##
## Options:
## @table @asis
## @item "DataFormat"
## the layout of @var{X}: "CBT" (default), "CB" (one time step) or "CT"
## (one sequence, @var{Y} then @code{[n_a, T]}).
## @item "StateActivationFunction"
## "tanh" (the only one supported).
## @item "GateActivationFunction"
## "sigmoid" (the only one supported).
## @end table
##
## For training use @code{lstm_forward} and @code{lstm_backward}: they take
## a parameter struct (@code{rnn_init}), give gradients, and offer reverse
## and bidirectional layers and variable lengths.
##
## @example
## @group
## n_x = 10; n_a = 3;
## X = randn (n_x, 32, 64);                 # 32 sequences of 64 steps
## W = randn (4*n_a, n_x); R = randn (4*n_a, n_a); b = zeros (4*n_a, 1);
## [Y, hN, cN] = lstm (X, zeros (n_a, 1), zeros (n_a, 1), W, R, b);
## size (Y)
##   @result{} 3   32   64
## @end group
## @end example
##
## @seealso{lstm_forward, gru, rnn_init}
## @end deftypefn

function [Y, hN, cN] = lstm (X, H0, C0, W, R, b, varargin)
  if (nargin < 6)
    print_usage ();
  endif
  [Y, hN, cN] = __matlab_layer__ ("lstm", "lstm", X, H0, C0, W, R, b, varargin);
endfunction

%!shared p, X
%! p = rnn_init ("lstm", 3, 4, "BiasInitializer", "narrow-normal", "Seed", 6);
%! X = randn (3, 5, 6);

%!test
%! ## the same as lstm_forward; [n_a, 1] states broadcast over the batch
%! h0 = randn (4, 1); c0 = randn (4, 1);
%! [Y, hN, cN] = lstm (X, h0, c0, p.W, p.R, p.b);
%! [Yr, hr, cr] = lstm_forward (X, repmat (h0, 1, 5), repmat (c0, 1, 5), p);
%! assert (Y, Yr, 0); assert (hN, hr, 0); assert (cN, cr, 0);
%! h0 = randn (4, 5);
%! [Y, hN, cN] = lstm (X, h0, [], p.W, p.R, p.b);
%! [Yr, hr, cr] = lstm_forward (X, h0, [], p);
%! assert (Y, Yr, 0); assert (hN, hr, 0); assert (cN, cr, 0);

%!test
%! ## against a plain loop of MATLAB's documented equations
%! h = randn (4, 1); c = randn (4, 1);
%! [Y, hN, cN] = lstm (X, h, c, p.W, p.R, p.b);
%! h = repmat (h, 1, 5); c = repmat (c, 1, 5); sg = @(a) 1 ./ (1 + exp (-a));
%! for t = 1:6
%!   a = p.W * X(:,:,t) + p.R * h + p.b;
%!   c = sg (a(5:8,:)) .* c + sg (a(1:4,:)) .* tanh (a(9:12,:));
%!   h = sg (a(13:16,:)) .* tanh (c);
%!   assert (Y(:,:,t), h, 1e-14);
%! endfor
%! assert (hN, h, 1e-14); assert (cN, c, 1e-14);

%!test
%! ## data formats and options
%! h0 = randn (4, 1); c0 = randn (4, 1);
%! Y = lstm (X(:,1,:), h0, c0, p.W, p.R, p.b);
%! Yt = lstm (squeeze (X(:,1,:)), h0, c0, p.W, p.R, p.b, "DataFormat", "CT",
%!            "StateActivationFunction", "tanh", "GateActivationFunction", "sigmoid");
%! assert (size (Yt), [4 6]); assert (Yt, squeeze (Y), 0);
%! Yb = lstm (X(:,:,1), h0, c0, p.W, p.R, p.b, "dataformat", "cb");
%! assert (Yb, lstm_forward (X(:,:,1), repmat (h0, 1, 5), repmat (c0, 1, 5), p), 0);

%!test
%! ## single
%! [Y, hN, cN] = lstm (single (X), [], [], p.W, p.R, p.b);
%! assert (class (Y), "single"); assert (class (cN), "single");
%! assert (Y, lstm_forward (X, [], [], p), 1e-6);

%!error <Invalid call> lstm (1, 2, 3, 4, 5)
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, "DataFormat")
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, "DataFormat", "TBC")
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, "Lengths", [1 2])
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, 3, 4)
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, "StateActivationFunction", "softsign")
%!error id=rnn:lstm:invalidOption lstm (X, [], [], p.W, p.R, p.b, "GateActivationFunction", "hard-sigmoid")
%!error id=rnn:lstm:invalidClass lstm (X, [], [], int8 (p.W), p.R, p.b)
%!error id=rnn:lstm:invalidClass lstm (X, [], [], p.W, {p.R}, p.b)
%!error id=rnn:lstm:complexInput lstm (X, [], [], p.W, p.R, complex (p.b))
%!error id=rnn:lstm:sparseInput lstm (X, [], [], p.W, sparse (p.R), p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W, p.R(1:12,:), p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W, zeros (0, 0), p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W(1:12,:), p.R, p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W, p.R, [p.b; 0])
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W, p.R, repmat (p.b, 1, 2))
%!error id=rnn:lstm:sizeMismatch lstm (X(1:2,:,:), [], [], p.W, p.R, p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, zeros (4, 2), [], p.W, p.R, p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], zeros (5, 1), p.W, p.R, p.b)
%!error id=rnn:lstm:sizeMismatch lstm (X, [], [], p.W, p.R, p.b, "DataFormat", "CT")
%!error id=rnn:lstm:invalidClass lstm (X, [], "a", p.W, p.R, p.b)
%!error id=rnn:lstm:invalidClass lstm (int8 (X), [], [], p.W, p.R, p.b)
