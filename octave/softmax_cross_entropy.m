## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{loss} =} softmax_cross_entropy (@var{Z}, @var{labels})
## @deftypefnx {} {[@var{loss}, @var{dZ}, @var{P}] =} softmax_cross_entropy (@var{Z}, @var{labels}, "Reduction", @var{r})
## Softmax cross-entropy loss of scores @var{Z}, its gradient and the probabilities.
##
## @var{Z} is @code{[n_y, m, T]} (or @code{[n_y, m]}): scores (logits) of
## @var{n_y} classes for batch column @var{j} at step @var{t}, e.g.@: from
## @code{dense_forward}.  @var{labels} is either
## @itemize
## @item class indices @code{[m, T]} (for @code{T = 1} any vector of
## @var{m}): integers from 1 to @var{n_y}, or 0 to ignore that (column,
## step), e.g.@: the padding after a sequence's end; or
## @item targets shaped like @var{Z}: one-hot columns or probability
## distributions (nonnegative; a column of zeros is ignored).
## @end itemize
##
## A (column, step) pair that is not ignored is @dfn{counted}.  With
## "Reduction" "mean" (the default) @var{loss} is the mean over the
## counted pairs of @code{-log p(label)} (for targets y,
## @code{-sum (y .* log (p))}); with "sum" it is their sum.  If nothing is
## counted, @var{loss} is 0 and @var{dZ} zero (not NaN).
##
## @var{dZ} = dL/dZ, shaped like @var{Z}: @code{(P - onehot) / count} at
## counted pairs (with "sum", not divided), 0 at ignored ones; for general
## targets @code{(P .* sum (y) - y) / count}.  @var{P} = @code{softmax (Z)}.
##
## The log-probabilities are computed stably, @code{Z - max - log (sum (exp
## (Z - max)))}, so a tiny probability gives a large finite loss instead of
## @code{-log (0) = Inf}.  @var{loss} has the class of @var{Z} (single if
## @var{Z} or the targets are single).
##
## @example
## @group
## Z = [2 0; 1 0; 0 0];                 # n_y = 3 classes, m = 2, T = 1
## [loss, dZ] = softmax_cross_entropy (Z, [1; 3]);
## loss                                 # (0.4076 + 1.0986) / 2
##   @result{} loss = 0.7531
## ## a padded batch: the second sequence is one step shorter
## Z = randn (5, 2, 4);
## labels = [1 2 3 4; 5 1 2 0];         # [m, T], 0 = ignore
## loss = softmax_cross_entropy (Z, labels);   # mean over 7 steps
## @end group
## @end example
##
## @seealso{softmax, dense_forward, dense_backward}
## @end deftypefn

function [loss, dZ, P] = softmax_cross_entropy (Z, labels, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "softmax_cross_entropy";
  reduction = "mean";
  for k = 1:2:numel (varargin)
    if (ischar (varargin{k}) && strcmpi (varargin{k}, "Reduction"))
      reduction = __choice__ (fn, "Reduction", varargin{k+1}, {"mean", "sum"});
    else
      error ("rnn:softmax_cross_entropy:invalidOption",
             "softmax_cross_entropy: unknown option %s (options: Reduction)",
             __show__ (varargin{k}));
    endif
  endfor
  if (! isfloat (Z))
    error ("rnn:softmax_cross_entropy:invalidClass",
           "softmax_cross_entropy: Z must be a single or double array, not %s",
           class (Z));
  elseif (iscomplex (Z))
    error ("rnn:softmax_cross_entropy:complexInput",
           "softmax_cross_entropy: Z must be real, not complex");
  elseif (issparse (Z))
    error ("rnn:softmax_cross_entropy:sparseInput",
           "softmax_cross_entropy: Z must be a full array, not sparse");
  elseif (ndims (Z) > 3 || rows (Z) < 1)
    error ("rnn:softmax_cross_entropy:sizeMismatch",
           "softmax_cross_entropy: Z must be [n_y, m, T] with n_y >= 1, not %s",
           __dims__ (Z));
  endif
  n_y = rows (Z);
  m = columns (Z);
  T = size (Z, 3);
  N = m * T;
  Z2 = reshape (Z, n_y, N);

  ## stable log-softmax: logP = Z - mx - log (sum (exp (Z - mx)))
  mx = max (Z2, [], 1);
  E = exp (Z2 - mx);
  s = sum (E, 1);
  logs = log (s);

  if (size_equal (labels, Z))                    # one-hot or probability targets
    if (! (isnumeric (labels) || islogical (labels)) || iscomplex (labels))
      error ("rnn:softmax_cross_entropy:invalidLabels",
             "softmax_cross_entropy: targets must be a real numeric array, not %s",
             class (labels));
    endif
    Y = reshape (full (labels), n_y, N);   # sparse targets become full
    if (! isfloat (Y))
      Y = double (Y);
    endif
    if (! all (isfinite (Y(:)) & Y(:) >= 0))
      error ("rnn:softmax_cross_entropy:invalidLabels",
             "softmax_cross_entropy: targets must be finite and nonnegative");
    endif
    ys = sum (Y, 1);                    # weight of each (column, step)
    counted = ys > 0;
    count = nnz (counted);
    logP = (Z2 - mx) - logs;
    logP(Y == 0) = 0;                   # no 0 * -Inf = NaN where p is 0
    loss = -sum (Y(:) .* logP(:));
  else                                            # class indices
    if (! (isvector (labels) && T == 1 && numel (labels) == m)
        && ! (ismatrix (labels) && rows (labels) == m && columns (labels) == T))
      error ("rnn:softmax_cross_entropy:sizeMismatch",
             "softmax_cross_entropy: LABELS must be class indices %dx%d or targets %s like Z, not %s",
             m, T, __dims__ (Z), __dims__ (labels));
    endif
    if (! (isnumeric (labels) && isreal (labels)))
      error ("rnn:softmax_cross_entropy:invalidLabels",
             "softmax_cross_entropy: LABELS must be numeric class indices, not %s",
             class (labels));
    endif
    l = double (labels(:)');
    if (! all (l == fix (l) & l >= 0 & l <= n_y))
      bad = l(find (! (l == fix (l) & l >= 0 & l <= n_y), 1));
      error ("rnn:softmax_cross_entropy:invalidLabels",
             "softmax_cross_entropy: LABELS must be integers from 0 (ignore) to %d, not %s",
             n_y, num2str (bad));
    endif
    counted = l > 0;
    count = nnz (counted);
    cols = find (counted);
    lin = l(cols) + (cols - 1) * n_y;   # linear index of each label's score
    loss = sum (logs(cols) + mx(cols) - Z2(lin));   # -logP at the labels
  endif

  denom = 1;
  if (strcmp (reduction, "mean") && count > 0)
    denom = count;
  endif
  loss = loss / denom;
  if (count == 0)
    loss = zeros (1, 1, class (loss));
  endif

  if (nargout > 1)
    P2 = E ./ s;
    if (exist ("Y", "var"))
      dZ = (P2 .* ys - Y) / denom;
      dZ(:, ! counted) = 0;
    else
      dZ = P2;
      dZ(:, ! counted) = 0;
      dZ(lin) -= 1;
      dZ /= denom;
    endif
    dZ = reshape (dZ, size (Z));
    if (nargout > 2)
      P = reshape (P2, size (Z));
    endif
  endif
endfunction


%!test
%! ## hand-derived: two columns, one step
%! Z = [2 0; 1 0; 0 0];
%! [loss, dZ, P] = softmax_cross_entropy (Z, [1; 3]);
%! e = exp (1); p1 = [e^2; e; 1] / (e^2 + e + 1);
%! assert (P, [p1, [1; 1; 1] / 3], 4 * eps);
%! assert (loss, (-log (p1(1)) + log (3)) / 2, 4 * eps);
%! assert (dZ, ([p1, [1; 1; 1] / 3] - [1 0; 0 0; 0 1]) / 2, 4 * eps);
%! [l2, dZ2] = softmax_cross_entropy (Z, [1; 3], "Reduction", "sum");
%! assert (l2, 2 * loss, 4 * eps); assert (dZ2, 2 * dZ, 4 * eps);

%!test
%! ## indices vs one-hot targets vs row labels; 0 = ignore
%! randn ("state", 5);
%! Z = randn (4, 3, 2); labels = [1 4; 2 0; 0 3];
%! Y = zeros (4, 3, 2);
%! for j = 1:3, for t = 1:2, if (labels(j,t)) Y(labels(j,t), j, t) = 1; endif, endfor, endfor
%! [l1, d1, P1] = softmax_cross_entropy (Z, labels);
%! [l2, d2, P2] = softmax_cross_entropy (Z, Y);
%! assert (l1, l2, 1e-14); assert (d1, d2, 1e-15); assert (P1, P2);
%! P = softmax (Z);
%! assert (l1, -(log (P(1,1,1)) + log (P(2,2,1)) + log (P(4,1,2)) + log (P(3,3,2))) / 4, 1e-14);
%! assert (d1(:,3,1), zeros (4, 1)); assert (d1(:,2,2), zeros (4, 1));
%! [l3, d3] = softmax_cross_entropy (Z(:,:,1), [1 2 0]);   # T = 1: any vector
%! assert (l3, -(log (P(1,1,1)) + log (P(2,2,1))) / 2, 1e-14);

%!test
%! ## stable: no -log(0) = Inf for a tiny probability; no NaN from 0*log 0
%! [loss, dZ] = softmax_cross_entropy ([0; 800], 1);
%! assert (loss, 800, 1e-12); assert (dZ, [-1; 1], eps);
%! [loss, dZ] = softmax_cross_entropy ([0; -Inf], [1; 0]);
%! assert (loss, 0); assert (dZ, [0; 0]);
%! loss = softmax_cross_entropy (single ([0; 200]), 1);
%! assert (class (loss), "single"); assert (loss, single (200), 1e-4);

%!test
%! ## nothing counted: 0, not NaN
%! [loss, dZ] = softmax_cross_entropy (randn (3, 2, 2), zeros (2, 2));
%! assert (loss, 0); assert (dZ, zeros (3, 2, 2));
%! [loss, dZ] = softmax_cross_entropy (randn (3, 2), zeros (3, 2));
%! assert (loss, 0); assert (dZ, zeros (3, 2));

%!function [L, g] = sce (t, labels, varargin)
%!  [L, dZ] = softmax_cross_entropy (t.Z, labels, varargin{:});
%!  g = struct ("Z", dZ);
%!endfunction

%!test
%! ## dZ against finite differences: indices with ignores, soft targets,
%! ## unnormalised targets, "sum"
%! randn ("state", 7); rand ("state", 7);
%! t = struct ("Z", randn (5, 3, 4));
%! labels = [1 5 2 0; 3 3 0 0; 4 1 5 2];
%! assert (gradcheck (@(t) sce (t, labels), t) < 1e-7);
%! assert (gradcheck (@(t) sce (t, labels, "Reduction", "sum"), t) < 1e-7);
%! Y = rand (5, 3, 4); Y ./= sum (Y, 1); Y(:, 2, 3) = 0;
%! assert (gradcheck (@(t) sce (t, Y), t) < 1e-7);
%! Y2 = 2 * rand (5, 3, 4);
%! assert (gradcheck (@(t) sce (t, Y2), t) < 1e-7);

%!error <Invalid call> softmax_cross_entropy (1)
%!error <Invalid call> softmax_cross_entropy (1, 1, "Reduction")
%!error id=rnn:softmax_cross_entropy:invalidOption softmax_cross_entropy (1, 1, "Reduction", "max")
%!error id=rnn:softmax_cross_entropy:invalidOption softmax_cross_entropy (1, 1, "Reductio", "sum")
%!error id=rnn:softmax_cross_entropy:invalidClass softmax_cross_entropy (int8 ([1; 2]), 1)
%!error id=rnn:softmax_cross_entropy:complexInput softmax_cross_entropy ([1; 1i], 1)
%!error id=rnn:softmax_cross_entropy:sparseInput softmax_cross_entropy (sparse ([1; 2]), 1)
%!error id=rnn:softmax_cross_entropy:sizeMismatch softmax_cross_entropy (zeros (0, 3), [1 1 1])
%!error id=rnn:softmax_cross_entropy:sizeMismatch softmax_cross_entropy (ones (2, 2, 2, 2), 1)
%!error <LABELS must be class indices 3x2 or targets 4x3x2 like Z, not 2x3> softmax_cross_entropy (ones (4, 3, 2), ones (2, 3))
%!error <integers from 0 \(ignore\) to 3, not 4> softmax_cross_entropy (ones (3, 2), [1 4])
%!error <not 1.5> softmax_cross_entropy (ones (3, 2), [1 1.5])
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (3, 2), [-1 1])
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (3, 2), [NaN 1])
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (3, 2), {1, 2})
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (3, 2), "ab")
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (3, 2), [1 1i])
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (2, 2), [0.5 -0.5; 0.5 1.5])
%!error id=rnn:softmax_cross_entropy:invalidLabels softmax_cross_entropy (ones (2, 2), [0.5 NaN; 0.5 1])
