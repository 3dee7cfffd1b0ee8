## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{Y}, @var{hN}, @var{cache}] =} gru_forward (@var{X}, @var{h0}, @var{p})
## @deftypefnx {} {[@dots{}] =} gru_forward (@dots{}, "Lengths", @var{L})
## @deftypefnx {} {[@dots{}] =} gru_forward (@dots{}, "RecurrentDropoutMask", @var{M})
## Run a GRU (gated recurrent unit) layer over a whole sequence batch.
##
## Each step computes, with @code{sigma} the logistic function and the gate
## blocks of @code{W}, @code{R}, @code{b}, @code{bR} stacked as
## @code{[r; z; n]}:
##
## @example
## @group
## r = sigma (Wr*x_t + br + Rr*h_(t-1) + bRr)          # reset gate
## z = sigma (Wz*x_t + bz + Rz*h_(t-1) + bRz)          # update gate
## n = tanh (Wn*x_t + bn + r .* (Rn*h_(t-1) + bRn))    # candidate
## h_t = (1 - z) .* n + z .* h_(t-1)
## @end group
## @end example
##
## @noindent
## This is @code{p.resetGateMode = "after-multiplication"} (the default,
## PyTorch's @code{nn.GRU}).  With @code{"before-multiplication"} the
## reset gate acts on the state before the product:
## @code{n = tanh (Wn*x_t + bn + Rn*(r .* h_(t-1)) + bRn)}.  These are the
## standard equations (Cho et al.@: 2014; PyTorch; MATLAB's @code{gru}).
##
## Course notation: the lectures keep a memory cell @code{c<t> = a<t>}
## (here @code{h_t}) and write
## @code{c<t> = Gamma_u .* c~<t> + (1 - Gamma_u) .* c<t-1>}, so their
## update gate @code{Gamma_u} is @code{1 - z} (a large @code{z} here keeps
## the old state), whereas the course notes' @code{Z_t}, which weights the
## old state, is @code{z} itself.  The relevance (reset) gate
## @code{Gamma_r} is @code{r}, the candidate @code{c~<t>} (the notes'
## @code{h~}) is @code{n}, and the lectures'
## @code{c~<t> = tanh (Wc [Gamma_r .* c<t-1>; x<t>] + bc)} is the
## "before-multiplication" form with @code{Wc = [Rn, Wn]}.  The notes write
## the candidate without its weights and the update with @code{h<t>} where
## @code{h<t-1>} is meant; the equations above are the standard ones.
##
## @var{X} is @code{[n_x, m, T]} (features x batch x time).  @var{h0} is the
## initial state @code{[n_a, m]} (@code{[n_a, m, 2]} for a bidirectional
## layer, page 1 forward) or @code{[]} for zeros.  @var{p} is a parameter
## struct as made by @code{rnn_init ("gru", @dots{})}: fields @code{cell},
## @code{W} @code{[3*n_a*D, n_x]}, @code{R} @code{[3*n_a*D, n_a]}, @code{b},
## optional @code{bR} (PyTorch's @code{bias_hh}), @code{resetGateMode},
## @code{direction} ("forward", "reverse", "bidirectional") and
## @code{merge} ("concat", "sum", "ave", "mul").
##
## @var{Y} is @code{[n_a, m, T]} (@code{[2*n_a, m, T]} for a bidirectional
## layer with "concat"), @var{hN} the final state shaped like @var{h0}, and
## @var{cache} what @code{gru_backward} needs (opaque; its
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
## the same mask at every step: with @code{hm = M .* h_(t-1)},
##
## @example
## @group
## r = sigma (Wr*x_t + br + Rr*hm + bRr)
## z = sigma (Wz*x_t + bz + Rz*hm + bRz)
## n = tanh (Wn*x_t + bn + r .* (Rn*hm + bRn))     # after-multiplication
## n = tanh (Wn*x_t + bn + Rn*(r .* hm) + bRn)     # before-multiplication
## h_t = (1 - z) .* n + z .* h_(t-1)               # h_(t-1) unmasked
## @end group
## @end example
##
## @noindent
## This is the
## variational (recurrent) dropout of Gal and Ghahramani (2016), as Keras'
## @code{recurrent_dropout} computes it.  @var{M} is already scaled
## (inverted dropout draws its entries as 0 and @code{1/(1-rate)}), but any
## real values work and NaN propagates; the model functions draw it, so the
## layer itself stays deterministic.  @var{M} may be single or double and
## takes the layer's computing class; @code{[]} means no mask.  The cache
## keeps @var{M}, so that @code{gru_backward} differentiates the masked layer
## (@var{dh0} and @code{dp.R} included).
##
## Single and double inputs may be mixed; the layer then computes in single.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5);        # n_x = 3 inputs, n_a = 5 units
## X = randn (3, 2, 10);              # batch of 2 sequences, 10 steps
## [Y, hN] = gru_forward (X, [], p);
## size (Y)
##   @result{} 5   2   10
## @end group
## @end example
##
## @seealso{gru_backward, gru_cell_forward, gru, rnn_init, lstm_forward, rnn_forward}
## @end deftypefn

function [Y, hN, cache] = gru_forward (X, h0, p, varargin)
  if (nargin < 3)
    print_usage ();
  endif
  if (nargout < 3)                      # no cache: the gateway keeps it
    [Y, hN] = __layer__ ("forward", "gru_forward", "gru", X, h0, [], p,
                         varargin{:});
  else
    [Y, hN, ~, S] = __layer__ ("forward", "gru_forward", "gru", X, h0, [], p,
                               varargin{:});
    cache = {"gru", X, p, varargin, h0, [], S};   # layer_backward.c reads it
  endif
endfunction

## A plain Octave loop of the equations: the independent reference.
%!function [Y, h] = ref_gru (X, h, p, after, rev, len, M = [])
%!  ## M: a recurrent dropout mask [n, m] (none: ones)
%!  n = columns (p.R); sg = @(a) 1 ./ (1 + exp (-a));
%!  if (isempty (M)) M = ones (n, columns (X)); endif
%!  bR = zeros (3*n, 1);
%!  if (isfield (p, "bR")) bR = p.bR; endif
%!  T = size (X, 3); Y = zeros (n, columns (X), T);
%!  for j = 1:columns (X)
%!    hj = h(:,j); ts = 1:len(j);
%!    if (rev) ts = fliplr (ts); endif
%!    for t = ts
%!      hm = M(:,j) .* hj;
%!      a = p.W * X(:,j,t) + p.b; q = p.R * hm + bR;
%!      r = sg (a(1:n) + q(1:n)); z = sg (a(n+1:2*n) + q(n+1:2*n));
%!      if (after)
%!        nn = tanh (a(2*n+1:end) + r .* q(2*n+1:end));
%!      else
%!        nn = tanh (a(2*n+1:end) + p.R(2*n+1:end,:) * (r .* hm) + bR(2*n+1:end));
%!      endif
%!      hj = (1 - z) .* nn + z .* hj;
%!      Y(:,j,t) = hj;
%!    endfor
%!    h(:,j) = hj;
%!  endfor
%!endfunction

%!shared p, X
%! p = rnn_init ("gru", 2, 3, "BiasInitializer", "narrow-normal", "Seed", 4);
%! p.b = p.b + linspace (-0.5, 0.5, 9)';
%! X = reshape (linspace (-1, 1, 2*2*4), 2, 2, 4);

%!test
%! ## against a plain Octave loop of the equations
%! [Y, hN] = gru_forward (X, [], p);
%! [Yr, hr] = ref_gru (X, zeros (3, 2), p, true, false, [4 4]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14);

%!test
%! ## before-multiplication, reverse, h0, bR, Lengths
%! q = p; q.resetGateMode = "before-multiplication"; q.direction = "reverse";
%! q.bR = [0.2; 0; -0.1; 0.1; 0.3; -0.2; 0.05; -0.3; 0.4];
%! h0 = [0.1 0.2; 0.3 -0.1; 0 0.5];
%! [Y, hN] = gru_forward (X, h0, q, "Lengths", [4 2]);
%! [Yr, hr] = ref_gru (X, h0, q, false, true, [4 2]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14);
%! q.resetGateMode = "after-multiplication"; q.direction = "forward";
%! [Y, hN] = gru_forward (X, h0, q, "Lengths", [3 4]);
%! [Yr, hr] = ref_gru (X, h0, q, true, false, [3 4]);
%! assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14);

%!test
%! ## a batch of 9 columns (from 8 on, the input projection runs step by
%! ## step, src/core/sweep.c), both modes, both directions, Lengths
%! Xw = reshape (sin (1:2*9*5), 2, 9, 5); h0 = reshape (cos (1:27), 3, 9) / 2;
%! len = [5 1 3 5 2 4 5 5 1];
%! q = p; q.bR = linspace (-0.3, 0.3, 9)';
%! for mode = {"after-multiplication", "before-multiplication"}
%!   for dir = {"forward", "reverse"}
%!     q.resetGateMode = mode{1}; q.direction = dir{1};
%!     [Y, hN] = gru_forward (Xw, h0, q, "Lengths", len);
%!     [Yr, hr] = ref_gru (Xw, h0, q, strcmp (mode{1}, "after-multiplication"), ...
%!                         strcmp (dir{1}, "reverse"), len);
%!     assert (Y, Yr, 1e-14); assert (hN, hr, 1e-14);
%!     Ys = gru_forward (single (Xw), h0, q, "Lengths", len);
%!     assert (Ys, single (Yr), 1e-6);
%!   endfor
%! endfor

%!test
%! ## bidirectional: the two directions stacked
%! q = rnn_init ("gru", 2, 3, "Direction", "bidirectional", "Seed", 5);
%! [Y, hN] = gru_forward (X, [], q);
%! f = q; f.direction = "forward"; f.W = q.W(1:9,:); f.R = q.R(1:9,:); f.b = q.b(1:9);
%! r = q; r.direction = "reverse"; r.W = q.W(10:end,:); r.R = q.R(10:end,:); r.b = q.b(10:end);
%! [Yf, hf] = gru_forward (X, [], f); [Yb, hb] = gru_forward (X, [], r);
%! assert (Y, [Yf; Yb], 1e-14); assert (hN, cat (3, hf, hb), 1e-14);

%!test
%! ## single in, single out; mixed computes in single
%! [Y, hN] = gru_forward (single (X), [], p);
%! assert (class (Y), "single"); assert (class (hN), "single");
%! assert (Y, gru_forward (X, [], p), 1e-6);

%!test
%! ## a recurrent dropout mask, against the loop: both modes, both
%! ## directions of a bidirectional layer (page 2 of M for the reverse one),
%! ## h0, bR, Lengths; the update uses the unmasked state
%! q = p; q.direction = "bidirectional"; q.merge = "concat";
%! q.W = [p.W; flipud(p.W)]; q.R = [p.R; -p.R]; q.b = [p.b; -p.b];
%! q.bR = linspace (-0.3, 0.3, 18)';
%! h0 = reshape (linspace (-0.5, 0.5, 12), 3, 2, 2);
%! M = reshape ([0 1 1 1 0 1 1 1 1 0 1 0.5] / 0.7, 3, 2, 2);
%! for mode = {"after-multiplication", "before-multiplication"}
%!   q.resetGateMode = mode{1}; after = strcmp (mode{1}, "after-multiplication");
%!   [Y, hN] = gru_forward (X, h0, q, "Lengths", [4 3], "RecurrentDropoutMask", M);
%!   f = q; f.W = q.W(1:9,:); f.R = q.R(1:9,:); f.b = q.b(1:9); f.bR = q.bR(1:9);
%!   r = q; r.W = q.W(10:18,:); r.R = q.R(10:18,:); r.b = q.b(10:18); r.bR = q.bR(10:18);
%!   [Yf, hf] = ref_gru (X, h0(:,:,1), f, after, false, [4 3], M(:,:,1));
%!   [Yr, hr] = ref_gru (X, h0(:,:,2), r, after, true, [4 3], M(:,:,2));
%!   assert (Y, [Yf; Yr], 1e-14); assert (hN, cat (3, hf, hr), 1e-14);
%!   ## single step: gru_cell_forward takes the same option
%!   s = f; s = rmfield (s, "direction");
%!   assert (gru_cell_forward (X(:,:,1), h0(:,:,1), s, "RecurrentDropoutMask", M(:,:,1)),
%!           Yf(:,:,1), 1e-14);
%! endfor

%!test
%! ## a mask of ones gives the unmasked results; [] is no mask; a single
%! ## mask does not make a double layer single
%! q = p; q.direction = "bidirectional"; q.W = [p.W; p.W]; q.R = [p.R; p.R]; q.b = [p.b; p.b];
%! [Y, hN] = gru_forward (X, [], q);
%! [Y1, hN1] = gru_forward (X, [], q, "RecurrentDropoutMask", ones (3, 2, 2, "single"));
%! assert (isequal (Y1, Y) && isequal (hN1, hN));
%! assert (isequal (gru_forward (X, [], q, "RecurrentDropoutMask", []), Y));

%!test
%! ## a NaN in the mask makes its column NaN and leaves the others alone
%! M = ones (3, 2); M(2, 1) = NaN;
%! Y = gru_forward (X, [], p, "RecurrentDropoutMask", M);
%! assert (all (isnan (vec (Y(:,1,:))))); assert (all (isfinite (vec (Y(:,2,:)))));

%!error <Invalid call> gru_forward (1, 2)
%!error id=rnn:gru_forward:invalidClass gru_forward (int8 (X), [], p)
%!error id=rnn:gru_forward:invalidClass gru_forward (X, {}, p)
%!error id=rnn:gru_forward:complexInput gru_forward (complex (X), [], p)
%!error id=rnn:gru_forward:sparseInput gru_forward (sparse (X(:,:,1)), [], p)
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X(1,:,:), [], p)
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, zeros (3, 3), p)
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, [], setfield (p, "R", p.R(1:6,:)))
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, [], setfield (p, "b", p.b(1:8)))
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, [], setfield (p, "bR", zeros (8, 1)))
%!error id=rnn:gru_forward:wrongCell gru_forward (X, [], setfield (p, "cell", "lstm"))
%!error id=rnn:gru_forward:wrongCell gru_forward (X, [], rnn_init ("lstm", 2, 3))
%!error id=rnn:gru_forward:unknownField gru_forward (X, [], setfield (p, "activation", "tanh"))
%!error id=rnn:gru_forward:missingField gru_forward (X, [], rmfield (p, "W"))
%!error id=rnn:gru_forward:invalidParams gru_forward (X, [], [p p])
%!error id=rnn:gru_forward:invalidOption gru_forward (X, [], setfield (p, "resetGateMode", "sometimes"))
%!error id=rnn:gru_forward:invalidOption gru_forward (X, [], p, "Lenghts", [1 2])
%!error id=rnn:gru_forward:invalidOption gru_forward (X, [], p, "Lengths")
%!error id=rnn:gru_forward:invalidOption gru_forward (X, [], p, "Lengths", [1 2], "x")
%!error id=rnn:gru_forward:invalidLengths gru_forward (X, [], p, "Lengths", [1 5])
%!error id=rnn:gru_forward:invalidLengths gru_forward (X, [], p, "Lengths", [0 2])
%!error id=rnn:gru_forward:invalidLengths gru_forward (X, [], p, "Lengths", [1 1.5])
%!error id=rnn:gru_forward:invalidLengths gru_forward (X, [], p, "Lengths", [1 2 3])
%!error id=rnn:gru_forward:wrongCell gru_forward (randn (3, 2, 4), [], rnn_init ("rnn", 3, 4))
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, [], p, "RecurrentDropoutMask", ones (3, 3))
%!error id=rnn:gru_forward:sizeMismatch gru_forward (X, [], p, "RecurrentDropoutMask", ones (3, 2, 2))
%!error id=rnn:gru_forward:complexInput gru_forward (X, [], p, "RecurrentDropoutMask", complex (ones (3, 2)))
%!error id=rnn:gru_forward:invalidClass gru_forward (X, [], p, "RecurrentDropoutMask", true (3, 2))
%!error id=rnn:gru_forward:invalidClass gru_forward (X, [], p, "RecurrentDropoutMask", int8 (ones (3, 2)))
%!error id=rnn:gru_forward:sparseInput gru_forward (X, [], p, "RecurrentDropoutMask", sparse (ones (3, 2)))
%!error id=rnn:gru_forward:invalidOption gru_forward (X, [], p, "RecurrentDropoutMask")
%!error id=rnn:gru_cell_forward:invalidOption gru_cell_forward (X(:,:,1), [], p, "Lengths", [1 1])
