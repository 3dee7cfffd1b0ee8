## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{dE} =} embedding_backward (@var{dY}, @var{idx}, @var{V})
## Gradient of an embedding: @code{dE(:,v)} is the sum of @code{dY(:,j,t)}
## over the steps with @code{idx(j,t) == v}.
##
## @var{dY} is the gradient @code{[d, m, T]} of the loss with respect to
## the output of @code{embedding_forward (@var{idx}, E)}; @var{idx} the
## same @code{[m, T]} indices (0 = padding, which gets no gradient);
## @var{V} the number of symbols (columns of E).  @var{dE} is
## @code{[d, V]} in the class of @var{dY}: a scatter-add of columns, in C,
## in the order of the steps (the same sums on every run); no one-hot
## matrix is formed.
##
## @example
## @group
## dY = cat (3, [1 2; 3 4], [5 6; 7 8]);   # d = 2, m = 2, T = 2
## dE = embedding_backward (dY, [1 1; 0 3], 3)
##   @result{} dE =
##
##         6    0    6
##        10    0    8
##
## @end group
## @end example
##
## @seealso{embedding_forward}
## @end deftypefn

function dE = embedding_backward (dY, idx, V)
  if (nargin != 3)
    print_usage ();
  endif
  dE = __embedding__ ("embedding_backward", "backward", idx, dY, V);
endfunction

%!function dE = ref_grad (dY, idx, V)
%!  dE = zeros (rows (dY), V, class (dY));
%!  for j = 1:rows (idx)
%!    for t = 1:columns (idx)
%!      if (idx(j,t) > 0)
%!        dE(:,idx(j,t)) += dY(:,j,t);
%!      endif
%!    endfor
%!  endfor
%!endfunction

%!test
%! ## against a plain loop, double and single
%! idx = [1 7 0 3; 2 2 6 0; 0 0 0 7];
%! dY = randn (5, 3, 4);
%! assert (embedding_backward (dY, idx, 7), ref_grad (dY, idx, 7), 1e-15);
%! assert (embedding_backward (single (dY), int16 (idx), 9),
%!         ref_grad (single (dY), idx, 9), 1e-6);
%! assert (class (embedding_backward (single (dY), idx, 7)), "single");

%!test
%! ## gradcheck of a loss through the embedding
%! E = randn (3, 5); idx = [1 5 0; 2 2 3]; C = randn (3, 2, 3);
%! f = @(E) deal (sum ((embedding_forward (idx, E) .* C)(:) .^ 2),
%!                embedding_backward (2 * C .* C .* embedding_forward (idx, E), idx, 5));
%! assert (gradcheck (f, E, "MaxEntries", Inf) < 1e-7);

%!test
%! ## empty batch: a zero gradient
%! assert (embedding_backward (zeros (4, 0, 3), zeros (0, 3), 6), zeros (4, 6));
%! assert (embedding_backward (zeros (4, 2), [0; 0], 2), zeros (4, 2));

%!error <Invalid call> embedding_backward (1, 2)
%!error id=rnn:embedding_backward:invalidIndex embedding_backward (ones (2, 1, 2), [1 4], 3)
%!error <V = 3> embedding_backward (ones (2, 1, 2), [1 4], 3)
%!error id=rnn:embedding_backward:invalidIndex embedding_backward (ones (2, 1, 2), [1 0.5], 3)
%!error id=rnn:embedding_backward:sizeMismatch embedding_backward (ones (2, 2, 2), [1 1], 3)
%!error id=rnn:embedding_backward:sizeMismatch embedding_backward (ones (2, 1, 3), [1 1], 3)
%!error id=rnn:embedding_backward:invalidInput embedding_backward (ones (2, 1, 2), [1 1], -3)
%!error id=rnn:embedding_backward:invalidInput embedding_backward (ones (2, 1, 2), [1 1], 2.5)
%!error id=rnn:embedding_backward:invalidClass embedding_backward ({1}, [1 1], 3)
