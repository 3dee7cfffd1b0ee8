## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{Y} =} embedding_forward (@var{idx}, @var{E})
## Embed symbol indices: @code{Y(:,j,t) = E(:, idx(j,t))}.
##
## @var{idx} is an @code{[m, T]} matrix of symbol indices (a batch of
## @var{m} sequences of @var{T} steps, as @code{seq_batch (@dots{},
## "Indices", true)} makes it), each an integer from 1 to V, or 0 for
## padding; any numeric class.  @var{E} is the embedding matrix
## @code{[d, V]} (single or double), one column per symbol.  @var{Y} is
## @code{[d, m, T]} in the class of @var{E}, ready for a recurrent layer;
## padding embeds to a column of zeros.
##
## This is what multiplying @var{E} by one-hot columns computes, without
## forming them: each step copies @var{d} numbers (in C).  The gradient is
## @code{embedding_backward}.
##
## @example
## @group
## E = [1 2 3; 10 20 30];             # d = 2, V = 3
## Y = embedding_forward ([3 0; 1 2], E);
## squeeze (Y(:,1,:))                # sequence 1: symbols 3 and 0
##   @result{} ans =
##
##         3    0
##        30    0
##
## @end group
## @end example
##
## An index outside 0..V or not an integer raises
## @code{rnn:embedding_forward:invalidIndex}, naming the element and V.
##
## @seealso{embedding_backward, seq_batch, rnn_init}
## @end deftypefn

function Y = embedding_forward (idx, E)
  if (nargin != 2)
    print_usage ();
  endif
  Y = __embedding__ ("embedding_forward", "forward", idx, E);
endfunction

%!function Y = ref_embed (idx, E)
%!  [m, T] = size (idx);
%!  Y = zeros (rows (E), m, T, class (E));
%!  for j = 1:m
%!    for t = 1:T
%!      if (idx(j,t) > 0)
%!        Y(:,j,t) = E(:,idx(j,t));
%!      endif
%!    endfor
%!  endfor
%!endfunction

%!test
%! ## against a plain loop, double and single, any index class
%! E = randn (5, 7);
%! idx = [1 7 0 3; 2 2 6 0; 0 0 0 0];
%! assert (embedding_forward (idx, E), ref_embed (idx, E));
%! assert (embedding_forward (int32 (idx), single (E)), ref_embed (idx, single (E)));
%! assert (embedding_forward (uint8 (idx), E), ref_embed (idx, E));
%! assert (class (embedding_forward (idx, single (E))), "single");

%!test
%! ## shapes: one sequence, one step, empty batches
%! E = randn (4, 3);
%! assert (size (embedding_forward ([1 2 3 1], E)), [4 1 4]);
%! assert (size (embedding_forward ([1; 2], E)), [4 2]);
%! assert (size (embedding_forward (zeros (0, 5), E)), [4 0 5]);
%! assert (size (embedding_forward ([1 2], zeros (0, 3))), [0 1 2]);

%!test
%! ## the one-hot product it replaces
%! E = randn (3, 6); idx = [6 1 2; 4 4 5];
%! X = zeros (6, 2, 3);
%! for j = 1:2, for t = 1:3, X(idx(j,t), j, t) = 1; endfor, endfor
%! assert (embedding_forward (idx, E), reshape (E * reshape (X, 6, 6), 3, 2, 3), 1e-15);

%!error <Invalid call> embedding_forward (1)
%!error id=rnn:embedding_forward:invalidIndex embedding_forward ([1 4], ones (2, 3))
%!error <IDX\(1,2\) = 4 is out of range.*V = 3> embedding_forward ([1 4], ones (2, 3))
%!error <not an integer> embedding_forward ([1 1.5], ones (2, 3))
%!error id=rnn:embedding_forward:invalidIndex embedding_forward ([1 -1], ones (2, 3))
%!error id=rnn:embedding_forward:invalidIndex embedding_forward ([1 NaN], ones (2, 3))
%!error id=rnn:embedding_forward:invalidIndex embedding_forward (ones (2, 2, 2), ones (2, 3))
%!error id=rnn:embedding_forward:invalidIndex embedding_forward ("ab", ones (2, 3))
%!error id=rnn:embedding_forward:invalidIndex embedding_forward ([1 2i], ones (2, 3))
%!error id=rnn:embedding_forward:invalidClass embedding_forward ([1 2], int8 (ones (2, 3)))
%!error id=rnn:embedding_forward:sizeMismatch embedding_forward ([1 2], ones (2, 3, 2))
