## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{Y}, @var{hN}, @var{cache}] =} rnn_forward (@var{X}, @var{h0}, @var{p})
## @deftypefnx {} {[@dots{}] =} rnn_forward (@dots{}, "Lengths", @var{L})
## @deftypefnx {} {[@dots{}] =} rnn_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## Run a vanilla (Elman) RNN layer over a whole sequence batch.
##
## Each step computes
## @code{h_t = act (W*x_t + b + R*h_(t-1) + bR)}, with @code{act} = tanh
## (default) or relu (@code{p.activation}).  In the course notation,
## @code{a<t> = tanh (Waa a<t-1> + Wax x<t> + ba)}: @code{W} is
## @code{Wax}, @code{R} is @code{Waa}, @code{h} is @code{a}.
##
## @var{X} is @code{[n_x, m, T]} (features x batch x time).  @var{h0} is the
## initial state @code{[n_a, m]} (@code{[n_a, m, 2]} for a bidirectional
## layer, page 1 forward) or @code{[]} for zeros.  @var{p} is a parameter
## struct as made by @code{rnn_init ("rnn", @dots{})}: fields @code{cell},
## @code{W} @code{[n_a*D, n_x]}, @code{R} @code{[n_a*D, n_a]}, @code{b},
## optional @code{bR} (PyTorch's @code{bias_hh}), @code{activation},
## @code{direction} ("forward", "reverse", "bidirectional") and
## @code{merge} ("concat", "sum", "ave", "mul").
##
## @var{Y} is @code{[n_a, m, T]} (@code{[2*n_a, m, T]} for a bidirectional
## layer with "concat"), @var{hN} the final state shaped like @var{h0}, and
## @var{cache} what @code{rnn_backward} needs (opaque; its
## arrays stay inside the toolbox while there is room, see @code{help rnn}).
##
## With @code{"Lengths"}, @var{L} gives each batch column's length: column
## @var{j} runs steps 1 to @code{L(j)} only, its outputs after @code{L(j)}
## are zero and its final state is the state at @code{L(j)} (a reverse
## direction starts at @code{L(j)}).  This is what PyTorch's packed
## sequences compute.  Values of @var{X} beyond a column's length are
## ignored.
##
## With @code{"RecurrentDropoutMask"}, @var{M} (@code{[n_a, m]}, or
## @code{[n_a, m, 2]} for a bidirectional layer, page 2 for the reverse
## direction) multiplies the state that enters the recurrent products,
## the same mask at every step:
## @code{h_t = act (W*x_t + b + R*(M .* h_(t-1)) + bR)}.  This is the
## variational (recurrent) dropout of Gal and Ghahramani (2016), as Keras'
## @code{recurrent_dropout} computes it.  @var{M} is already scaled
## (inverted dropout draws its entries as 0 and @code{1/(1-rate)}), but any
## real values work and NaN propagates; the model functions draw it, so the
## layer itself stays deterministic.  @var{M} may be single or double and
## takes the layer's computing class; @code{[]} means no mask.  The cache
## keeps @var{M}, so that @code{rnn_backward} differentiates the masked layer
## (@var{dh0} and @code{dp.R} included).
##
## Single and double inputs may be mixed; the layer then computes in single.
##
## NaN and Inf are not checked for; they propagate as IEEE arithmetic says.
## A NaN in column @var{j} of @var{X} makes that column's later outputs and
## final state NaN and leaves the other columns alone; backward, it reaches
## the column's earlier inputs and, through the sums over the batch, the
## weight gradients.  @code{tanh (+-Inf)} is +-1 and relu passes Inf and
## NaN, so an Inf input can give finite outputs, while @code{Inf - Inf} and
## @code{0 * Inf} give NaN.  Values beyond a column's length are ignored,
## NaN included.  An empty @var{X} is fine: with @code{T = 0} @var{Y} is
## @code{[n_a, m, 0]} and @var{hN} is @var{h0}.
##
## @example
## @group
## p = rnn_init ("rnn", 3, 5);        # n_x = 3 inputs, n_a = 5 units
## X = randn (3, 2, 10);              # batch of 2 sequences, 10 steps
## [Y, hN] = rnn_forward (X, [], p);
## size (Y)
##   @result{} 5   2   10
## @end group
## @end example
##
## @seealso{rnn_backward, rnn_cell_forward, rnn_init, gru_forward, lstm_forward}
## @end deftypefn

function [Y, hN, cache] = rnn_forward (X, h0, p, varargin)
  if (nargin < 3)
    print_usage ();
  endif
  if (nargout < 3)                      # no cache: the gateway keeps it
    [Y, hN] = __layer__ ("forward", "rnn_forward", "rnn", X, h0, [], p,
                         varargin{:});
  else
    [Y, hN, ~, S] = __layer__ ("forward", "rnn_forward", "rnn", X, h0, [], p,
                               varargin{:});
    cache = {"rnn", X, p, varargin, h0, [], S};   # layer_backward.c reads it
  endif
endfunction

%!shared p, X
%! p = struct ("cell", "rnn", "W", [0.5 -0.2; 0.1 0.3; -0.4 0.2], ...
%!             "R", [0.1 0.2 0; -0.3 0.1 0.2; 0 0.1 -0.2], "b", [0.1; -0.1; 0]);
%! X = reshape (linspace (-1, 1, 2*2*4), 2, 2, 4);

%!test
%! ## against a plain Octave loop of the equations
%! [Y, hN] = rnn_forward (X, [], p);
%! h = zeros (3, 2);
%! for t = 1:4
%!   h = tanh (p.W * X(:,:,t) + p.b + p.R * h);
%!   assert (Y(:,:,t), h, 1e-14);
%! endfor
%! assert (hN, h, 1e-14);

%!test
%! ## relu, reverse, h0, bR
%! q = p; q.activation = "relu"; q.direction = "reverse"; q.bR = [0.2; 0; -0.1];
%! h0 = [0.1 0.2; 0.3 -0.1; 0 0.5];
%! [Y, hN] = rnn_forward (X, h0, q);
%! h = h0;
%! for t = 4:-1:1
%!   h = max (0, q.W * X(:,:,t) + q.b + q.R * h + q.bR);
%!   assert (Y(:,:,t), h, 1e-14);
%! endfor
%! assert (hN, h, 1e-14);

%!test
%! ## a batch of 9 columns (from 8 on, the input projection runs step by
%! ## step, src/core/sweep.c), reverse, h0, bR
%! q = p; q.direction = "reverse"; q.bR = [0.2; 0; -0.1];
%! Xw = reshape (sin (1:2*9*5), 2, 9, 5); h0 = reshape (cos (1:27), 3, 9) / 2;
%! [Y, hN] = rnn_forward (Xw, h0, q);
%! h = h0;
%! for t = 5:-1:1
%!   h = tanh (q.W * Xw(:,:,t) + q.b + q.R * h + q.bR);
%!   assert (Y(:,:,t), h, 1e-14);
%! endfor
%! assert (hN, h, 1e-14);
%! [Ys, hNs] = rnn_forward (single (Xw), h0, q);
%! assert (Ys, single (Y), 1e-6); assert (hNs, single (hN), 1e-6);

%!test
%! ## single in, single out; mixed computes in single
%! [Y, hN] = rnn_forward (single (X), [], p);
%! assert (class (Y), "single"); assert (class (hN), "single");
%! assert (Y, rnn_forward (X, [], p), 1e-6);

%!test
%! ## a recurrent dropout mask, against the loop: bidirectional (page 2 of M
%! ## for the reverse direction), relu, h0, bR, Lengths
%! q = p; q.activation = "relu"; q.direction = "bidirectional"; q.merge = "sum";
%! q.W = [p.W; -p.W]; q.R = [p.R; p.R']; q.b = [p.b; 0.1 - p.b]; q.bR = linspace (-0.2, 0.2, 6)';
%! h0 = reshape (linspace (-0.5, 0.5, 12), 3, 2, 2);
%! M = reshape ([0 1 1 1 0 1 1 1 1 0 1 0.5] / 0.7, 3, 2, 2);
%! [Y, hN] = rnn_forward (X, h0, q, "Lengths", [4 3], "RecurrentDropoutMask", M);
%! Yr = zeros (3, 2, 4); hr = zeros (3, 2, 2);
%! for d = 1:2
%!   k = 3*(d-1) + (1:3);
%!   for j = 1:2
%!     h = h0(:,j,d); ts = 1:[4 3](j);
%!     if (d == 2) ts = fliplr (ts); endif
%!     for t = ts
%!       h = max (0, q.W(k,:) * X(:,j,t) + q.b(k) + q.R(k,:) * (M(:,j,d) .* h) + q.bR(k));
%!       Yr(:,j,t) += h;
%!     endfor
%!     hr(:,j,d) = h;
%!   endfor
%! endfor
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14);
%! s = p;
%! assert (rnn_cell_forward (X(:,:,1), h0(:,:,1), s, "RecurrentDropoutMask", M(:,:,1)),
%!         tanh (p.W * X(:,:,1) + p.b + p.R * (M(:,:,1) .* h0(:,:,1))), 1e-14);

%!test
%! ## a mask of ones gives the unmasked results, forward and backward
%! [Y, hN, c] = rnn_forward (X, [], p);
%! [Y1, hN1, c1] = rnn_forward (X, [], p, "RecurrentDropoutMask", ones (3, 2));
%! assert (isequal (Y1, Y) && isequal (hN1, hN));
%! [dX, dp, dh0] = rnn_backward (cos (Y), hN, c);
%! [dX1, dp1, dh01] = rnn_backward (cos (Y), hN, c1);
%! assert (isequal (dX1, dX) && isequal (dp1, dp) && isequal (dh01, dh0));

%!error <Invalid call> rnn_forward (1, 2)
%!error id=rnn:rnn_forward:invalidClass rnn_forward (int8 (X), [], p)
%!error id=rnn:rnn_forward:complexInput rnn_forward (complex (X), [], p)
%!error id=rnn:rnn_forward:sparseInput rnn_forward (sparse (X(:,:,1)), [], p)
%!error id=rnn:rnn_forward:sizeMismatch rnn_forward (X(1,:,:), [], p)
%!error id=rnn:rnn_forward:sizeMismatch rnn_forward (X, zeros (3, 3), p)
%!error id=rnn:rnn_forward:wrongCell rnn_forward (X, [], setfield (p, "cell", "gru"))
%!error id=rnn:rnn_forward:unknownField rnn_forward (X, [], setfield (p, "Wx", 1))
%!error id=rnn:rnn_forward:missingField rnn_forward (X, [], rmfield (p, "R"))
%!error id=rnn:rnn_forward:invalidOption rnn_forward (X, [], setfield (p, "activation", "sigmoid"))
%!error id=rnn:rnn_forward:invalidOption rnn_forward (X, [], p, "Lenghts", [1 2])
%!error id=rnn:rnn_forward:invalidLengths rnn_forward (X, [], p, "Lengths", [1 5])
%!error id=rnn:rnn_forward:invalidLengths rnn_forward (X, [], p, "Lengths", [1 1.5])
%!error id=rnn:rnn_forward:invalidLengths rnn_forward (X, [], p, "Lengths", [1 NaN])
%!error id=rnn:rnn_forward:invalidLengths rnn_forward (X, [], p, "Lengths", [1 2 3])
%!error id=rnn:rnn_forward:sizeMismatch rnn_forward (X, [], p, "RecurrentDropoutMask", ones (3, 1))
%!error id=rnn:rnn_forward:complexInput rnn_forward (X, [], p, "RecurrentDropoutMask", complex (ones (3, 2)))
%!error id=rnn:rnn_forward:invalidClass rnn_forward (X, [], p, "RecurrentDropoutMask", "ab")
