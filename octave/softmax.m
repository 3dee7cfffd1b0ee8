## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{P} =} softmax (@var{Z})
## Softmax over the first dimension: @code{P = exp (Z) ./ sum (exp (Z), 1)}.
##
## @var{Z} is a single or double array with classes along dimension 1 and
## any number of trailing dimensions (@code{[n_y, m, T]} for a sequence
## batch of scores).  Each column of @var{P} is a probability distribution.
##
## The computation is numerically stable: the column maximum is subtracted
## before @code{exp}, so large scores do not overflow (softmax is
## unchanged by adding a constant to a column) and at least one term of
## each sum is 1.  A column that holds NaN or +Inf gives NaN.
##
## @example
## @group
## softmax ([1 1000; 2 1000; 3 -Inf])
##   @result{} 0.0900   0.5000
##       0.2447   0.5000
##       0.6652        0
## @end group
## @end example
##
## @seealso{softmax_cross_entropy, dense_forward}
## @end deftypefn

function P = softmax (Z)
  if (nargin != 1)
    print_usage ();
  endif
  if (! isfloat (Z))
    error ("rnn:softmax:invalidClass",
           "softmax: Z must be a single or double array, not %s", class (Z));
  elseif (iscomplex (Z))
    error ("rnn:softmax:complexInput", "softmax: Z must be real, not complex");
  elseif (issparse (Z))
    error ("rnn:softmax:sparseInput", "softmax: Z must be a full array, not sparse");
  endif
  if (isempty (Z))
    P = Z;
    return;
  endif
  P = exp (Z - max (Z, [], 1));
  P ./= sum (P, 1);
endfunction

%!test
%! ## hand-derived
%! assert (softmax ([0; 0]), [0.5; 0.5]);
%! assert (softmax ([0; log(3)]), [0.25; 0.75], eps);
%! e = exp (1);
%! assert (softmax ([1 1; 2 1; 3 1]), [[1; e; e^2] / (1 + e + e^2), [1; 1; 1] / 3], 4 * eps);

%!test
%! ## stable: huge and tiny scores, -Inf; invariance to a constant
%! assert (softmax ([1000; 1000]), [0.5; 0.5]);
%! assert (softmax ([-1000; -1000]), [0.5; 0.5]);
%! assert (softmax ([1; -Inf]), [1; 0]);
%! Z = randn (4, 3, 2);
%! assert (softmax (Z + 1e3), softmax (Z), 1e-12);
%! P = softmax (Z);
%! assert (sum (P, 1), ones (1, 3, 2), 4 * eps);
%! assert (size (P), [4 3 2]);

%!test
%! ## trailing dimensions, single, empty, one class
%! Z = randn (3, 2, 2, 2);
%! P = softmax (Z);
%! assert (P(:,2,1,2), softmax (Z(:,2,1,2)), eps);
%! assert (class (softmax (single ([1; 2]))), "single");
%! assert (softmax (zeros (3, 0)), zeros (3, 0));
%! assert (softmax ([5 -7 Inf]), [1 1 NaN]);
%! assert (isnan (softmax ([NaN; 1])), [true; true]);

%!error <Invalid call> softmax ()
%!error id=rnn:softmax:invalidClass softmax (int8 ([1; 2]))
%!error id=rnn:softmax:invalidClass softmax ("ab")
%!error id=rnn:softmax:complexInput softmax ([1; 1i])
%!error id=rnn:softmax:sparseInput softmax (sparse ([1; 2]))
