## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{Z} =} dense_forward (@var{A}, @var{Wy}, @var{by})
## Time-distributed affine output layer: @code{Z(:,:,t) = Wy * A(:,:,t) + by}.
##
## @var{A} is @code{[n_a, m, T]} (the output @var{Y} of a recurrent layer;
## @code{[n_a, m]} for one step), @var{Wy} @code{[n_y, n_a]} and @var{by}
## @code{[n_y, 1]}.  @var{Z} is @code{[n_y, m, T]}: the scores (logits) to
## feed @code{softmax} or @code{softmax_cross_entropy}.  In the course
## notation @code{y<t> = softmax (Wya a<t> + by)}: @var{Wy} is @code{Wya}.
##
## All steps are one matrix product, @code{Wy * reshape (A, n_a, m*T)}.
## Single and double may be mixed; the result is then single.  The
## parameters made by @code{rnn_init (@dots{}, "OutputSize", n_y)} are
## @code{p.Wy} and @code{p.by}.
##
## @example
## @group
## p = rnn_init ("lstm", 27, 50, "OutputSize", 27, "Seed", 1);
## [Y, hN] = lstm_forward (randn (27, 8, 20), [], [], p);
## Z = dense_forward (Y, p.Wy, p.by);
## size (Z)
##   @result{} 27   8   20
## @end group
## @end example
##
## @seealso{dense_backward, softmax, softmax_cross_entropy, rnn_init}
## @end deftypefn

function Z = dense_forward (A, Wy, by)
  if (nargin != 3)
    print_usage ();
  endif
  fn = "dense_forward";
  ## builtin tests first; the helper (an .m call) only to say what is wrong
  if (! (isfloat (A) && isfloat (Wy) && isfloat (by) && isreal (A) && isreal (Wy)
         && isreal (by) && ! issparse (A) && ! issparse (Wy) && ! issparse (by)))
    __check_float__ (fn, A, "A");
    __check_float__ (fn, Wy, "Wy");
    __check_float__ (fn, by, "by");
  endif
  [n_y, n_a] = size (Wy);
  if (ndims (Wy) > 2)
    error ("rnn:dense_forward:sizeMismatch",
           "dense_forward: Wy must be a matrix [n_y, n_a], not %s", __dims__ (Wy));
  elseif (rows (A) != n_a || ndims (A) > 3)
    error ("rnn:dense_forward:sizeMismatch",
           "dense_forward: A must be %dx(m)x(T) to match Wy (%s), not %s",
           n_a, __dims__ (Wy), __dims__ (A));
  elseif (! (iscolumn (by) && rows (by) == n_y))   # not isequal: an .m call
    error ("rnn:dense_forward:sizeMismatch",
           "dense_forward: by must be %dx1 to match Wy (%s), not %s",
           n_y, __dims__ (Wy), __dims__ (by));
  endif
  sz = size (A);
  N = prod (sz(2:end));                 # (reshape's [] is 0 when n_a is)
  sz(1) = n_y;
  try
    Z = reshape (Wy * reshape (A, n_a, N) + by, sz);
  catch err                             # Z too large: only with n_a = 0
    error ("rnn:dense_forward:outOfMemory",
           "dense_forward: Z would be %s, which cannot be made (%s)",
           regexprep (sprintf ("%dx", sz), "x$", ""), err.message);
  end_try_catch
endfunction



%!test
%! ## against a loop over the steps
%! A = reshape (1:24, 2, 3, 4) / 10; Wy = [1 -2; 0.5 0; 3 1]; by = [0.1; -0.2; 0];
%! Z = dense_forward (A, Wy, by);
%! assert (size (Z), [3 3 4]);
%! for t = 1:4
%!   assert (Z(:,:,t), Wy * A(:,:,t) + by, 1e-14);
%! endfor

%!test
%! ## one step [n_a, m]; batch of one [n_a, 1, T]; classes
%! assert (dense_forward ([1; 2], [1 1], 3), 6);
%! Z = dense_forward (ones (2, 1, 5), [1 2], 0);
%! assert (size (Z), [1 1 5]); assert (squeeze (Z), 3 * ones (5, 1));
%! assert (class (dense_forward (single ([1; 2]), [1 1], 3)), "single");
%! assert (size (dense_forward (zeros (2, 0, 3), ones (4, 2), ones (4, 1))), [4 0 3]);

%!error <Invalid call> dense_forward (1, 2)
%!error id=rnn:dense_forward:invalidClass dense_forward (int8 ([1; 2]), [1 1], 3)
%!error id=rnn:dense_forward:invalidClass dense_forward ([1; 2], "ab", 3)
%!error id=rnn:dense_forward:complexInput dense_forward ([1; 2], [1 1i], 3)
%!error id=rnn:dense_forward:sparseInput dense_forward (sparse ([1; 2]), [1 1], 3)
%!error <A must be 2x\(m\)x\(T\) to match Wy \(1x2\), not 3x1> dense_forward ([1; 2; 3], [1 1], 3)
%!error <by must be 1x1> dense_forward ([1; 2], [1 1], [3; 4])
%!error id=rnn:dense_forward:sizeMismatch dense_forward ([1; 2], [1 1], [3 4])
%!error id=rnn:dense_forward:sizeMismatch dense_forward (ones (2, 2, 2, 2), [1 1], 3)
%!error id=rnn:dense_forward:sizeMismatch dense_forward ([1; 2], ones (1, 2, 2), 3)
%!assert (dense_forward (zeros (0, 2, 3), zeros (2, 0), [1; 2]), repmat ([1; 2], [1 2 3]))
%!error id=rnn:dense_forward:outOfMemory dense_forward (zeros (0, 1e5, 1e5), zeros (2, 0), [1; 2])
