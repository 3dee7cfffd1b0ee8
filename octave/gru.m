## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{Y} =} gru (@var{X}, @var{H0}, @var{W}, @var{R}, @var{b})
## @deftypefnx {} {[@var{Y}, @var{hN}] =} gru (@dots{})
## @deftypefnx {} {[@dots{}] =} gru (@dots{}, "ResetGateMode", @var{mode})
## @deftypefnx {} {[@dots{}] =} gru (@dots{}, @var{name}, @var{value}, @dots{})
## Gated recurrent unit layer, forward only, with MATLAB's interface.
##
## The form of MATLAB's Deep Learning Toolbox function @code{gru} for
## numeric arrays; it computes what @code{gru_forward} computes (see there
## for the equations and the course's notation), with the gate blocks of
## @var{W} @code{[3*n_a, n_x]}, @var{R} @code{[3*n_a, n_a]} and @var{b} in
## MATLAB's order @code{[r; z; n]} (reset, update, candidate), which is
## this toolbox's.
##
## @var{mode} says where the reset gate acts:
## @table @asis
## @item "after-multiplication" (default)
## @code{n = tanh (Wn*x + bn + r .* (Rn*h))}; @var{b} is @code{[3*n_a, 1]}.
## @item "before-multiplication"
## @code{n = tanh (Wn*x + bn + Rn*(r .* h))}; @var{b} is @code{[3*n_a, 1]}.
## @item "recurrent-bias-after-multiplication"
## @code{n = tanh (Wn*x + bn + r .* (Rn*h + bRn))}, PyTorch's GRU;
## @var{b} is @code{[6*n_a, 1]}: the input bias @code{b} stacked on the
## recurrent bias @code{bR} (which the r and z gates add too), i.e.
## @code{p.b = b(1:3*n_a)} and @code{p.bR = b(3*n_a+1:end)} in
## @code{gru_forward}'s terms.
## @end table
##
## @var{X} is @code{[n_x, m, T]} (channels x batch x time, MATLAB's
## "CBT").  @var{H0} is the initial state @code{[n_a, m]}, or
## @code{[n_a, 1]} for the same state in every batch column, or @code{[]}
## for zeros.  @var{Y} is @code{[n_a, m, T]} and @var{hN} @code{[n_a, m]}
## the state after the last step.  Single and double inputs may be mixed
## (the result is single).
##
## Further options:
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
## For training use @code{gru_forward} and @code{gru_backward}: they take a
## parameter struct (@code{rnn_init}), give gradients, and offer reverse and
## bidirectional layers and variable lengths.
##
## @example
## @group
## n_x = 10; n_a = 3;
## X = randn (n_x, 32, 64);                 # 32 sequences of 64 steps
## W = randn (3*n_a, n_x); R = randn (3*n_a, n_a); b = zeros (3*n_a, 1);
## [Y, hN] = gru (X, zeros (n_a, 1), W, R, b);
## size (Y)
##   @result{} 3   32   64
## @end group
## @end example
##
## @seealso{gru_forward, lstm, rnn_init}
## @end deftypefn

function [Y, hN] = gru (X, H0, W, R, b, varargin)
  if (nargin < 5)
    print_usage ();
  endif
  [Y, hN] = __matlab_layer__ ("gru", "gru", X, H0, [], W, R, b, varargin);
endfunction

%!shared p, X
%! p = rnn_init ("gru", 3, 4, "BiasInitializer", "narrow-normal", "Seed", 6);
%! p.b = p.b + linspace (-0.5, 0.5, 12)';
%! X = randn (3, 5, 6);

%!test
%! ## the same as gru_forward in each mode; [n_a, 1] broadcasts
%! h0 = randn (4, 1);
%! [Y, hN] = gru (X, h0, p.W, p.R, p.b);
%! [Yr, hr] = gru_forward (X, repmat (h0, 1, 5), p);
%! assert (Y, Yr, 0); assert (hN, hr, 0);
%! q = p; q.resetGateMode = "before-multiplication"; h0 = randn (4, 5);
%! [Y, hN] = gru (X, h0, p.W, p.R, p.b, "ResetGateMode", "before-multiplication");
%! [Yr, hr] = gru_forward (X, h0, q);
%! assert (Y, Yr, 0); assert (hN, hr, 0);
%! assert (abs (Y(:) - gru(X, h0, p.W, p.R, p.b)(:)) > 0);   # the modes differ
%! q = p; q.bR = 0.3 * randn (12, 1);
%! [Y, hN] = gru (X, h0, p.W, p.R, [p.b; q.bR], "resetgatemode", "Recurrent-Bias-After-Multiplication");
%! [Yr, hr] = gru_forward (X, h0, q);
%! assert (Y, Yr, 0); assert (hN, hr, 0);

%!test
%! ## against a plain loop of MATLAB's documented equations (recurrent bias)
%! h = randn (4, 5); bW = p.b; bR = 0.2 * randn (12, 1);
%! Y = gru (X, h, p.W, p.R, [bW; bR], "ResetGateMode", "recurrent-bias-after-multiplication");
%! sg = @(a) 1 ./ (1 + exp (-a)); i1 = 1:4; i2 = 5:8; i3 = 9:12;
%! for t = 1:6
%!   a = p.W * X(:,:,t) + bW; q = p.R * h + bR;
%!   r = sg (a(i1,:) + q(i1,:)); z = sg (a(i2,:) + q(i2,:));
%!   h = (1 - z) .* tanh (a(i3,:) + r .* q(i3,:)) + z .* h;
%!   assert (Y(:,:,t), h, 1e-14);
%! endfor

%!test
%! ## data formats; single
%! h0 = randn (4, 1);
%! Y = gru (X(:,1,:), h0, p.W, p.R, p.b);
%! Yt = gru (squeeze (X(:,1,:)), h0, p.W, p.R, p.b, "DataFormat", "CT",
%!           "StateActivationFunction", "tanh", "GateActivationFunction", "sigmoid");
%! assert (size (Yt), [4 6]); assert (Yt, squeeze (Y), 0);
%! Yb = gru (X(:,:,1), h0, p.W, p.R, p.b, "DataFormat", "CB");
%! assert (Yb, gru_forward (X(:,:,1), repmat (h0, 1, 5), p), 0);
%! [Y, hN] = gru (X, [], single (p.W), p.R, p.b);
%! assert (class (Y), "single"); assert (class (hN), "single");
%! assert (Y, gru_forward (X, [], p), 1e-6);

%!error <Invalid call> gru (1, 2, 3, 4)
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "ResetGateMode")
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "ResetGateMode", "sometimes")
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "ResetGateMode", 1)
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "DataFormat", "BCT")
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "Direction", "reverse")
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, {1}, 2)
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "StateActivationFunction", "relu")
%!error id=rnn:gru:invalidOption gru (X, [], p.W, p.R, p.b, "GateActivationFunction", "hard-sigmoid")
%!error id=rnn:gru:invalidClass gru (X, [], p.W, p.R, true (12, 1))
%!error id=rnn:gru:complexInput gru (X, [], complex (p.W), p.R, p.b)
%!error id=rnn:gru:sparseInput gru (X, [], p.W, sparse (p.R), p.b)
%!error id=rnn:gru:sizeMismatch gru (X, [], p.W, p.R(:,1:3), p.b)
%!error id=rnn:gru:sizeMismatch gru (X, [], p.W(1:9,:), p.R, p.b)
%!error id=rnn:gru:sizeMismatch gru (X, [], p.W, p.R, [p.b; p.b])
%!error id=rnn:gru:sizeMismatch gru (X, [], p.W, p.R, p.b, "ResetGateMode", "recurrent-bias-after-multiplication")
%!error id=rnn:gru:sizeMismatch gru (X(1:2,:,:), [], p.W, p.R, p.b)
%!error id=rnn:gru:sizeMismatch gru (X, zeros (4, 2), p.W, p.R, p.b)
%!error id=rnn:gru:sizeMismatch gru (X, [], p.W, p.R, p.b, "DataFormat", "CB")
%!error id=rnn:gru:invalidClass gru (X, int8 (zeros (4, 1)), p.W, p.R, p.b)
%!error id=rnn:gru:sparseInput gru (sparse (X(:,:,1)), [], p.W, p.R, p.b)
