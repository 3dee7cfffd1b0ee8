## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{Y}, @var{hN}, @var{cN}, @var{cache}] =} lstm_forward (@var{X}, @var{h0}, @var{c0}, @var{p})
## @deftypefnx {} {[@dots{}] =} lstm_forward (@dots{}, "Lengths", @var{L})
## @deftypefnx {} {[@dots{}] =} lstm_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## Run an LSTM (long short-term memory) layer over a whole sequence batch.
##
## Each step computes, with @code{sigma} the logistic function and the gate
## blocks of @code{W}, @code{R}, @code{b}, @code{bR} stacked as
## @code{[i; f; g; o]}:
##
## @example
## @group
## i = sigma (Wi*x_t + bi + Ri*h_(t-1) + bRi)     # input gate
## f = sigma (Wf*x_t + bf + Rf*h_(t-1) + bRf)     # forget gate
## g = tanh  (Wg*x_t + bg + Rg*h_(t-1) + bRg)     # candidate
## o = sigma (Wo*x_t + bo + Ro*h_(t-1) + bRo)     # output gate
## c_t = f .* c_(t-1) + i .* g
## h_t = o .* tanh (c_t)
## @end group
## @end example
##
## @noindent
## as PyTorch's @code{nn.LSTM} and MATLAB's @code{lstm} compute.  Course
## notation: the forget gate @code{Gamma_f} is @code{f}, the update gate
## @code{Gamma_u} (also called the input gate) is @code{i}, the output gate
## @code{Gamma_o} is @code{o}, the candidate memory @code{c~<t>} is
## @code{g}, the memory @code{c<t>} is @code{c_t} and the activation
## @code{a<t>} is @code{h_t}.  The course's @code{Wf [a<t-1>; x<t>] + bf}
## is @code{[Rf, Wf] * [h_(t-1); x_t] + bf} here.
##
## @var{X} is @code{[n_x, m, T]} (features x batch x time).  @var{h0} and
## @var{c0} are the initial hidden and cell states @code{[n_a, m]}
## (@code{[n_a, m, 2]} for a bidirectional layer, page 1 forward), each
## @code{[]} for zeros.  @var{p} is a parameter struct as made by
## @code{rnn_init ("lstm", @dots{})}: fields @code{cell}, @code{W}
## @code{[4*n_a*D, n_x]}, @code{R} @code{[4*n_a*D, n_a]}, @code{b},
## optional @code{bR} (PyTorch's @code{bias_hh}), @code{direction}
## ("forward", "reverse", "bidirectional") and @code{merge} ("concat",
## "sum", "ave", "mul").
##
## @var{Y} is @code{[n_a, m, T]} (@code{[2*n_a, m, T]} for a bidirectional
## layer with "concat"), @var{hN} and @var{cN} the final states shaped like
## @var{h0}, and @var{cache} what @code{lstm_backward} needs (opaque; its
## arrays stay inside the toolbox while there is room, see @code{help rnn}).
##
## With @code{"Lengths"}, @var{L} gives each batch column's length: column
## @var{j} runs steps 1 to @code{L(j)} only, its outputs after @code{L(j)}
## are zero and its final states are those at @code{L(j)} (a reverse
## direction starts at @code{L(j)}).  This is what PyTorch's packed
## sequences compute.  Values of @var{X} beyond a column's length are
## ignored.
##
## With @code{"RecurrentDropoutMask"}, @var{M} (@code{[n_a, m]}, or
## @code{[n_a, m, 2]} for a bidirectional layer, page 2 for the reverse
## direction) multiplies the state that enters the recurrent products,
## the same mask at every step: the gates are
## @code{[i;f;g;o] = [sigma;sigma;tanh;sigma] (W*x_t + b + R*(M .* h_(t-1)) + bR)},
## while @code{c_t} and @code{h_t} follow from them as without a mask.
## This is the
## variational (recurrent) dropout of Gal and Ghahramani (2016), as Keras'
## @code{recurrent_dropout} computes it.  @var{M} is already scaled
## (inverted dropout draws its entries as 0 and @code{1/(1-rate)}), but any
## real values work and NaN propagates; the model functions draw it, so the
## layer itself stays deterministic.  @var{M} may be single or double and
## takes the layer's computing class; @code{[]} means no mask.  The cache
## keeps @var{M}, so that @code{lstm_backward} differentiates the masked layer
## (@var{dh0} and @code{dp.R} included).
##
## Single and double inputs may be mixed; the layer then computes in single.
##
## @example
## @group
## p = rnn_init ("lstm", 3, 5);       # n_x = 3 inputs, n_a = 5 units
## X = randn (3, 2, 10);              # batch of 2 sequences, 10 steps
## [Y, hN, cN] = lstm_forward (X, [], [], p);
## size (Y)
##   @result{} 5   2   10
## @end group
## @end example
##
## @seealso{lstm_backward, lstm_cell_forward, lstm, rnn_init, gru_forward, rnn_forward}
## @end deftypefn

function [Y, hN, cN, cache] = lstm_forward (X, h0, c0, p, varargin)
  if (nargin < 4)
    print_usage ();
  endif
  if (nargout < 4)                      # no cache: the gateway keeps it
    [Y, hN, cN] = __layer__ ("forward", "lstm_forward", "lstm", X, h0, c0, p,
                             varargin{:});
  else
    [Y, hN, cN, S] = __layer__ ("forward", "lstm_forward", "lstm", X, h0, c0,
                                p, varargin{:});
    cache = {"lstm", X, p, varargin, h0, c0, S};   # layer_backward.c reads it
  endif
endfunction

## A plain Octave loop of the equations: the independent reference.
%!function [Y, h, c] = ref_lstm (X, h, c, p, rev, len, M = [])
%!  ## M: a recurrent dropout mask [n, m] (none: ones)
%!  n = columns (p.R); sg = @(a) 1 ./ (1 + exp (-a));
%!  if (isempty (M)) M = ones (n, columns (X)); endif
%!  bR = zeros (4*n, 1);
%!  if (isfield (p, "bR")) bR = p.bR; endif
%!  T = size (X, 3); Y = zeros (n, columns (X), T);
%!  for j = 1:columns (X)
%!    hj = h(:,j); cj = c(:,j); ts = 1:len(j);
%!    if (rev) ts = fliplr (ts); endif
%!    for t = ts
%!      a = p.W * X(:,j,t) + p.b + p.R * (M(:,j) .* hj) + bR;
%!      i = sg (a(1:n)); f = sg (a(n+1:2*n)); g = tanh (a(2*n+1:3*n)); o = sg (a(3*n+1:end));
%!      cj = f .* cj + i .* g;
%!      hj = o .* tanh (cj);
%!      Y(:,j,t) = hj;
%!    endfor
%!    h(:,j) = hj; c(:,j) = cj;
%!  endfor
%!endfunction

%!shared p, X
%! p = rnn_init ("lstm", 2, 3, "BiasInitializer", "narrow-normal", "Seed", 4);
%! p.b = p.b + linspace (-0.5, 0.5, 12)';
%! X = reshape (linspace (-1, 1, 2*2*4), 2, 2, 4);

%!test
%! ## against a plain Octave loop of the equations
%! [Y, hN, cN] = lstm_forward (X, [], [], p);
%! [Yr, hr, cr] = ref_lstm (X, zeros (3, 2), zeros (3, 2), p, false, [4 4]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14); assert (cN, cr, 1e-14);

%!test
%! ## reverse, h0, c0, bR, Lengths
%! q = p; q.direction = "reverse"; q.bR = linspace (-0.3, 0.3, 12)';
%! h0 = [0.1 0.2; 0.3 -0.1; 0 0.5]; c0 = [1 -0.5; 0.2 0; -1 2];
%! [Y, hN, cN] = lstm_forward (X, h0, c0, q, "Lengths", [4 2]);
%! [Yr, hr, cr] = ref_lstm (X, h0, c0, q, true, [4 2]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14); assert (cN, cr, 1e-14);
%! q.direction = "forward";
%! [Y, hN, cN] = lstm_forward (X, h0, c0, q, "Lengths", [3 4]);
%! [Yr, hr, cr] = ref_lstm (X, h0, c0, q, false, [3 4]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14); assert (cN, cr, 1e-14);

%!test
%! ## a batch of 9 columns (from 8 on, the input projection runs step by
%! ## step, src/core/sweep.c), both directions, h0, c0, bR, Lengths
%! Xw = reshape (sin (1:2*9*5), 2, 9, 5); h0 = reshape (cos (1:27), 3, 9) / 2;
%! c0 = reshape (sin (2:28), 3, 9); len = [5 1 3 5 2 4 5 5 1];
%! q = p; q.bR = linspace (-0.3, 0.3, 12)';
%! for dir = {"forward", "reverse"}
%!   q.direction = dir{1};
%!   [Y, hN, cN] = lstm_forward (Xw, h0, c0, q, "Lengths", len);
%!   [Yr, hr, cr] = ref_lstm (Xw, h0, c0, q, strcmp (dir{1}, "reverse"), len);
%!   assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14); assert (cN, cr, 1e-14);
%!   Ys = lstm_forward (single (Xw), h0, c0, q, "Lengths", len);
%!   assert (Ys, single (Yr), 1e-6);
%! endfor

%!test
%! ## bidirectional with "sum": the two directions added
%! q = rnn_init ("lstm", 2, 3, "Direction", "bidirectional", "Merge", "sum", "Seed", 5);
%! c0 = 0.5 * ones (3, 2, 2);
%! [Y, hN, cN] = lstm_forward (X, [], c0, q);
%! f = q; f.direction = "forward"; f.W = q.W(1:12,:); f.R = q.R(1:12,:); f.b = q.b(1:12);
%! r = q; r.direction = "reverse"; r.W = q.W(13:end,:); r.R = q.R(13:end,:); r.b = q.b(13:end);
%! [Yf, hf, cf] = lstm_forward (X, [], c0(:,:,1), f);
%! [Yb, hb, cb] = lstm_forward (X, [], c0(:,:,2), r);
%! assert (Y, Yf + Yb, 1e-14);
%! assert (hN, cat (3, hf, hb), 1e-14); assert (cN, cat (3, cf, cb), 1e-14);

%!test
%! ## single in, single out; mixed computes in single
%! [Y, hN, cN] = lstm_forward (X, [], single (ones (3, 2)), p);
%! assert (class (Y), "single"); assert (class (hN), "single"); assert (class (cN), "single");
%! assert (Y, lstm_forward (X, [], ones (3, 2), p), 1e-6);

%!test
%! ## a recurrent dropout mask, against the loop: reverse, h0, c0, bR,
%! ## Lengths, and the single step
%! q = p; q.direction = "reverse"; q.bR = linspace (-0.3, 0.3, 12)';
%! h0 = [0.1 0.2; 0.3 -0.1; 0 0.5]; c0 = [0.5 -0.2; 0.1 0.4; -0.3 0.2];
%! M = [0 1; 1 1; 0.5 0] / 0.7;
%! [Y, hN, cN] = lstm_forward (X, h0, c0, q, "Lengths", [4 3], "RecurrentDropoutMask", M);
%! [Yr, hr, cr] = ref_lstm (X, h0, c0, q, true, [4 3], M);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14); assert (cN, cr, 1e-14);
%! [h1, c1] = lstm_cell_forward (X(:,:,1), h0, c0, rmfield (q, "direction"), ...
%!                               "RecurrentDropoutMask", M);
%! [~, hr1, cr1] = ref_lstm (X(:,:,1), h0, c0, q, false, [1 1], M);
%! assert (h1, hr1, 1e-14); assert (c1, cr1, 1e-14);

%!test
%! ## a mask of ones gives the unmasked results, forward and backward
%! [Y, hN, cN, c] = lstm_forward (X, [], [], p, "Lengths", [4 2]);
%! [Y1, hN1, cN1, c1] = lstm_forward (X, [], [], p, "Lengths", [4 2], ...
%!                                   "RecurrentDropoutMask", ones (3, 2));
%! assert (isequal (Y1, Y) && isequal (hN1, hN) && isequal (cN1, cN));
%! dY = cos (Y);
%! [dX, dp, dh0, dc0] = lstm_backward (dY, hN, [], c);
%! [dX1, dp1, dh01, dc01] = lstm_backward (dY, hN, [], c1);
%! assert (isequal (dX1, dX) && isequal (dp1, dp) && isequal (dh01, dh0) && isequal (dc01, dc0));

%!error <Invalid call> lstm_forward (1, 2, 3)
%!error id=rnn:lstm_forward:invalidClass lstm_forward (int8 (X), [], [], p)
%!error id=rnn:lstm_forward:invalidClass lstm_forward (X, [], "abc", p)
%!error id=rnn:lstm_forward:complexInput lstm_forward (X, [], complex (zeros (3, 2)), p)
%!error id=rnn:lstm_forward:sparseInput lstm_forward (X, sparse (zeros (3, 2)), [], p)
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X(1,:,:), [], [], p)
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, zeros (3, 3), [], p)
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, [], zeros (3, 3), p)
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, [], zeros (3, 2, 2), p)
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, [], [], setfield (p, "R", p.R(1:9,:)))
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, [], [], setfield (p, "W", p.W(:,1)))
%!error id=rnn:lstm_forward:wrongCell lstm_forward (X, [], [], setfield (p, "cell", "gru"))
%!error id=rnn:lstm_forward:unknownField lstm_forward (X, [], [], setfield (p, "resetGateMode", "after-multiplication"))
%!error id=rnn:lstm_forward:missingField lstm_forward (X, [], [], rmfield (p, "b"))
%!error id=rnn:lstm_forward:invalidOption lstm_forward (X, [], [], setfield (p, "direction", "sideways"))
%!error id=rnn:lstm_forward:invalidOption lstm_forward (X, [], [], p, "Lenghts", [1 2])
%!error id=rnn:lstm_forward:invalidLengths lstm_forward (X, [], [], p, "Lengths", [1 5])
%!error id=rnn:lstm_forward:invalidLengths lstm_forward (X, [], [], p, "Lengths", [1 NaN])
%!error id=rnn:lstm_forward:invalidLengths lstm_forward (X, [], [], p, "Lengths", {1, 2})
%!error id=rnn:lstm_forward:wrongCell lstm_forward (randn (3, 2, 4), [], [], rnn_init ("gru", 3, 4))
%!error id=rnn:lstm_forward:sizeMismatch lstm_forward (X, [], [], p, "RecurrentDropoutMask", ones (2, 3))
%!error id=rnn:lstm_forward:complexInput lstm_forward (X, [], [], p, "RecurrentDropoutMask", complex (ones (3, 2)))
%!error id=rnn:lstm_forward:invalidClass lstm_forward (X, [], [], p, "RecurrentDropoutMask", {ones(3, 2)})
