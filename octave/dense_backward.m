## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dA}, @var{dWy}, @var{dby}] =} dense_backward (@var{dZ}, @var{A}, @var{Wy})
## Gradients of the time-distributed affine layer @code{dense_forward}.
##
## Given @var{dZ} = dL/dZ @code{[n_y, m, T]}, the layer's input @var{A}
## @code{[n_a, m, T]} and weights @var{Wy} @code{[n_y, n_a]}, returns
## @var{dA} = dL/dA (shaped like @var{A}, to hand to the recurrent layer's
## backward function as its @var{dY}), @var{dWy} = dL/dWy
## @code{[n_y, n_a]} and @var{dby} = dL/dby @code{[n_y, 1]}, summed over
## the batch and all steps.  Each is one matrix product (or row sum) over
## all steps at once.
##
## @example
## @group
## A = randn (5, 2, 3); Wy = randn (4, 5); by = zeros (4, 1);
## Z = dense_forward (A, Wy, by);
## [dA, dWy, dby] = dense_backward (ones (size (Z)), A, Wy);
## size (dA)
##   @result{} 5   2   3
## size (dWy)
##   @result{} 4   5
## size (dby)
##   @result{} 4   1
## @end group
## @end example
##
## @seealso{dense_forward, softmax_cross_entropy, lstm_backward}
## @end deftypefn

function [dA, dWy, dby] = dense_backward (dZ, A, Wy)
  if (nargin != 3)
    print_usage ();
  endif
  fn = "dense_backward";
  ## builtin tests first; the helper (an .m call) only to say what is wrong
  if (! (isfloat (dZ) && isfloat (A) && isfloat (Wy) && isreal (dZ) && isreal (A)
         && isreal (Wy) && ! issparse (dZ) && ! issparse (A) && ! issparse (Wy)))
    __check_float__ (fn, dZ, "dZ");
    __check_float__ (fn, A, "A");
    __check_float__ (fn, Wy, "Wy");
  endif
  [n_y, n_a] = size (Wy);
  szA = size (A);
  if (ndims (Wy) > 2)
    error ("rnn:dense_backward:sizeMismatch",
           "dense_backward: Wy must be a matrix [n_y, n_a], not %s", __dims__ (Wy));
  elseif (szA(1) != n_a || ndims (A) > 3)
    error ("rnn:dense_backward:sizeMismatch",
           "dense_backward: A must be %dx(m)x(T) to match Wy (%s), not %s",
           n_a, __dims__ (Wy), __dims__ (A));
  elseif (! (ndims (dZ) == numel (szA) && rows (dZ) == n_y
              && all (size (dZ)(2:end) == szA(2:end))))   # not isequal: an .m call
    error ("rnn:dense_backward:sizeMismatch",
           "dense_backward: dZ must be %s to match Wy and A, not %s",
           __dims__ (zeros ([n_y, szA(2:end)])), __dims__ (dZ));
  endif
  N = prod (szA(2:end));                # (reshape's [] is 0 when n_a is)
  dZ2 = reshape (dZ, n_y, N);
  A2 = reshape (A, n_a, N);
  dA = reshape (Wy' * dZ2, szA);
  if (nargout > 1)
    dWy = dZ2 * A2';
    dby = sum (dZ2, 2);
  endif
endfunction



%!test
%! ## hand-derived: Z = Wy*a + by, L = sum (Z .* dZ)
%! A = cat (3, [1; 2], [3; -1]); Wy = [1 0; 2 1; 0 -1]; dZ = cat (3, [1; 0; 2], [0; 1; 1]);
%! [dA, dWy, dby] = dense_backward (dZ, A, Wy);
%! assert (dA, cat (3, [1; -2], [2; 0]));
%! assert (dWy, [1 2; 3 -1; 5 3]);
%! assert (dby, [1; 1; 3]);

%!function [L, g] = dense_loss (t, dZ)
%!  Z = dense_forward (t.A, t.Wy, t.by);
%!  L = sum (Z(:) .* dZ(:)) + 0.5 * sum (Z(:) .^ 2);
%!  [g.A, g.Wy, g.by] = dense_backward (dZ + Z, t.A, t.Wy);
%!endfunction

%!test
%! ## against finite differences
%! randn ("state", 3);
%! t = struct ("A", randn (4, 3, 5), "Wy", randn (2, 4), "by", randn (2, 1));
%! dZ = randn (2, 3, 5);
%! assert (gradcheck (@(t) dense_loss (t, dZ), t) < 1e-7);

%!test
%! ## one step; single
%! [dA, dWy, dby] = dense_backward ([1; 2], [3; 4; 5], ones (2, 3));
%! assert (dA, [3; 3; 3]); assert (dWy, [3 4 5; 6 8 10]); assert (dby, [1; 2]);
%! assert (class (dense_backward (single ([1; 2]), [3; 4; 5], ones (2, 3))), "single");

%!error <Invalid call> dense_backward (1, 2)
%!error id=rnn:dense_backward:invalidClass dense_backward (int8 (1), 1, 1)
%!error id=rnn:dense_backward:complexInput dense_backward (1, 1i, 1)
%!error id=rnn:dense_backward:sparseInput dense_backward (1, 1, sparse (1))
%!error <dZ must be 3x2x4 to match Wy and A, not 3x2x5> dense_backward (ones (3, 2, 5), ones (2, 2, 4), ones (3, 2))
%!error <A must be 2x\(m\)x\(T\)> dense_backward (ones (3, 2), ones (4, 2), ones (3, 2))
%!error id=rnn:dense_backward:sizeMismatch dense_backward (ones (3, 2), ones (2, 2), ones (3, 2, 2))
%!test
%! ## no inputs (n_a = 0) or no outputs (n_y = 0)
%! [dA, dWy, dby] = dense_backward (ones (2, 3, 4), zeros (0, 3, 4), zeros (2, 0));
%! assert (size (dA), [0 3 4]); assert (size (dWy), [2 0]); assert (dby, [12; 12]);
%! [dA, dWy, dby] = dense_backward (zeros (0, 3, 4), ones (2, 3, 4), zeros (0, 2));
%! assert (dA, zeros (2, 3, 4)); assert (size (dWy), [0 2]); assert (size (dby), [0 1]);
