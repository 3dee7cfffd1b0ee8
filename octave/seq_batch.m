## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{X}, @var{labels}, @var{lengths}] =} seq_batch (@var{seqs}, @var{V})
## @deftypefnx {} {[@dots{}] =} seq_batch (@dots{}, @var{name}, @var{value}, @dots{})
## Make a padded next-symbol batch from sequences of symbol indices.
##
## @var{seqs} is a cell array of @var{m} vectors of indices in @code{1:V}
## (as @code{text_encode} makes them).  For a sequence @code{s} of @var{n}
## symbols the batch has @code{n-1} steps: the input at step @var{t} is
## @code{s(t)} one-hot coded, its label the next symbol @code{s(t+1)}.
## Every sequence needs at least two symbols.
##
## @var{X} is @code{[V, m, T]} with @var{T} the longest sequence's steps;
## column @var{j} is zero after its own length.  @var{labels} is
## @code{[m, T]} with 0 (ignore) after each length, as
## @code{softmax_cross_entropy} takes it.  @var{lengths} is the
## @code{[1, m]} row of step counts, for the layers' @code{"Lengths"}
## option.
##
## Options:
## @table @asis
## @item "Boundary"
## a symbol index @var{k} (e.g. an end-of-word token) added at both ends of
## every sequence, so that a model learns to start and to stop: a word
## @code{w} becomes @code{[k, w, k]}, which has @code{numel (w) + 1} steps.
## Default: none.
## @item "MaxLength"
## at most this many steps per sequence; longer ones are cut.  Default Inf.
## @item "Class"
## class of @var{X}: "double" (default) or "single".
## @item "Indices"
## true: @var{X} is the @code{[m, T]} matrix of input symbol indices
## (double, 0 after each length) instead of one-hot columns: the input of
## a model with an embedding (@code{rnn_init (@dots{}, "EmbeddingSize",
## d)}).  Default false.
## @end table
##
## @example
## @group
## vocab = ["a":"z", "\n"];
## seqs = text_encode (@{"to", "tea"@}, vocab);
## [X, labels, lengths] = seq_batch (seqs, 27, "Boundary", 27);
## size (X), labels, lengths
##   @result{} 27   2   4
##   @result{} labels =
##        20   15   27    0
##        20    5    1   27
##   @result{} lengths = 3   4
## @end group
## @end example
##
## @seealso{text_encode, rnn_train, softmax_cross_entropy}
## @end deftypefn

function [X, labels, lengths] = seq_batch (seqs, V, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "seq_batch";
  if (! iscell (seqs) || isempty (seqs))
    error ("rnn:seq_batch:invalidInput",
           "seq_batch: SEQS must be a non-empty cell array of index vectors, not %s",
           __show__ (seqs));
  endif
  if (! (isnumeric (V) && isscalar (V) && isreal (V) && V >= 1 && V == fix (V)))
    error ("rnn:seq_batch:invalidInput", "seq_batch: V must be a positive integer");
  endif
  V = double (V);
  o = __name_value__ (fn, struct ("boundary", [], "maxlength", Inf, "class", "double",
                                  "indices", false),
                      varargin, "Boundary, MaxLength, Class, Indices");
  value = o.boundary;
  if (! ((isnumeric (value) && isempty (value))
         || (isnumeric (value) && isscalar (value) && value >= 1
             && value <= V && value == fix (value))))
    error ("rnn:seq_batch:invalidOption",
           "seq_batch: Boundary must be a symbol index in 1:%d", V);
  endif
  boundary = double (full (o.boundary));
  value = o.maxlength;
  if (! (isnumeric (value) && isscalar (value) && value >= 1 && value == fix (value)))
    error ("rnn:seq_batch:invalidOption",
           "seq_batch: MaxLength must be a positive integer or Inf");
  endif
  maxlen = double (value);
  cls = __choice__ (fn, "Class", o.class, {"double", "single"});
  indices = __flag__ (fn, "Indices", o.indices);

  ## vectorised over the sequences (cellfun's built-in names, index
  ## arithmetic): a loop over them would cost more than a small step
  seqs = seqs(:)';
  m = numel (seqs);
  ok = ((cellfun ("isnumeric", seqs) | cellfun ("islogical", seqs))
        & cellfun ("isreal", seqs)
        & ((cellfun ("ndims", seqs) == 2
            & (cellfun ("size", seqs, 1) == 1 | cellfun ("size", seqs, 2) == 1))
           | cellfun ("isempty", seqs)));
  bad = find (! ok, 1);
  if (! isempty (bad))
    error ("rnn:seq_batch:invalidInput",
           "seq_batch: SEQS{%d} must be a numeric vector, not %s", bad,
           __show__ (seqs{bad}));
  endif
  n = cellfun ("numel", seqs);          # symbols, without boundaries
  b = ! isempty (boundary);
  ne = n + 2 * b;                       # with them
  bad = find (ne < 2, 1);
  if (! isempty (bad))
    error ("rnn:seq_batch:tooShort",
           "seq_batch: SEQS{%d} has fewer than 2 symbols, so no step to predict", bad);
  endif
  tall = cellfun ("size", seqs, 1) > 1;
  if (any (tall))
    seqs(tall) = cellfun (@transpose, seqs(tall), "UniformOutput", false);
  endif
  v = double ([seqs{n > 0}]);           # every symbol, sequence after sequence
  if (any (v < 1 | v > V | v != fix (v)))
    error ("rnn:seq_batch:invalidIndex",
           "seq_batch: SEQS must hold integer indices in 1:%d", V);
  endif
  lengths = min (ne - 1, maxlen);
  T = max (lengths);

  ## S [m, T+1]: row j is sequence j with its boundaries, cut after
  ## lengths(j) + 1 symbols, zeros after that
  j = repelem (1:m, n);                 # the sequence of each symbol in v
  k = (1:numel (v)) - repelem (cumsum ([0, n(1:end-1)]), n) + b;   # its place
  keep = k <= lengths(j) + 1;
  S = zeros (T + 1, m);                 # transposed: a column per sequence
  S(sub2ind ([T+1, m], k(keep), j(keep))) = v(keep);
  if (b)
    S(1, :) = boundary;
    e = find (n + 2 <= lengths + 1);    # the closing boundary, where kept
    S(sub2ind ([T+1, m], n(e) + 2, e)) = boundary;
  endif
  S = S.';
  step = (1:T) <= lengths(:);           # [m, T]: step t of column j is real
  inputs = S(:, 1:T);
  labels = S(:, 2:T+1) .* step;
  if (indices)                          # for a model with an embedding
    X = inputs .* step;
    return;
  endif
  X = zeros (V, m, T, cls);
  [j, t] = find (step);
  X(sub2ind ([V, m, T], inputs(step), j, t)) = 1;
endfunction

%!test
%! vocab = ["a":"z", "\n"];
%! seqs = text_encode ({"to", "tea"}, vocab);
%! [X, labels, lengths] = seq_batch (seqs, 27, "Boundary", 27);
%! assert (size (X), [27 2 4]);
%! assert (labels, [20 15 27 0; 20 5 1 27]);
%! assert (lengths, [3 4]);
%! [~, in] = max (X, [], 1);
%! assert (squeeze (in), [27 20 15 1; 27 20 5 1]);      # col 1 step 4: padding
%! assert (squeeze (sum (X, 1)), [1 1 1 0; 1 1 1 1]);
%! assert (text_decode (labels, vocab), {"to\n"; "tea\n"});

%!test
%! ## no boundary; MaxLength cuts; single
%! [X, labels, lengths] = seq_batch ({[1 2 3 4], [2 1]}, 4, "MaxLength", 2, "Class", "single");
%! assert (class (X), "single"); assert (size (X), [4 2 2]);
%! assert (labels, [2 3; 1 0]); assert (lengths, [2 1]);
%! assert (X(:,:,1), single ([1 0; 0 1; 0 0; 0 0]));
%! assert (X(:,:,2), single ([0 0; 1 0; 0 0; 0 0]));

%!test
%! ## a batch the layers accept, and padding does not change the loss
%! seqs = {[1 2 3 1], [3 1]};
%! [X, labels, L] = seq_batch (seqs, 3);
%! [X1, labels1] = seq_batch (seqs(1), 3);
%! assert (X(:,1,:), X1); assert (labels(1,:), labels1);
%! Y = rnn_forward (X, [], rnn_init ("rnn", 3, 4), "Lengths", L);
%! assert (all (Y(:, 2, 2:end)(:) == 0));

%!test
%! ## against a loop over the sequences: boundaries, MaxLength, row and
%! ## column vectors, logical, integer and single sequences, empty ones
%! rand ("seed", 3);
%! for trial = 1:40
%!   m = randi (6); V = randi ([2 9]);
%!   seqs = arrayfun (@(k) randi (V, 1, 7)(1:randi ([0 7])), 1:m, "UniformOutput", false);
%!   if (rand () < 0.5) seqs{1} = seqs{1}'; endif
%!   if (rand () < 0.3) seqs{end} = int8 (seqs{end}); endif
%!   if (rand () < 0.3) seqs{1} = single (seqs{1}); endif
%!   opts = {};
%!   if (rand () < 0.5) opts = [opts, {"Boundary", randi(V)}]; endif
%!   if (rand () < 0.5) opts = [opts, {"MaxLength", randi(5)}]; endif
%!   b = []; maxlen = Inf;
%!   for k = 1:2:numel (opts)
%!     if (strcmp (opts{k}, "Boundary")) b = opts{k+1}; else maxlen = opts{k+1}; endif
%!   endfor
%!   e = cellfun (@(s) [b, double(s(:)'), b], seqs, "UniformOutput", false);
%!   if (any (cellfun ("numel", e) < 2))
%!     fail ("seq_batch (seqs, V, opts{:})", "fewer than 2 symbols");
%!     continue;
%!   endif
%!   [X, labels, lengths] = seq_batch (seqs, V, opts{:});
%!   L = min (cellfun ("numel", e) - 1, maxlen); T = max (L);
%!   assert (lengths, L); assert ([size(X, 1), size(X, 2), size(X, 3)], [V, m, T]);
%!   for j = 1:m
%!     for t = 1:T
%!       x = zeros (V, 1);
%!       if (t <= L(j)) x(e{j}(t)) = 1; endif
%!       assert (X(:, j, t), x);
%!       assert (labels(j, t), (t <= L(j)) * e{j}(min (t + 1, end)));
%!     endfor
%!   endfor
%! endfor

%!test
%! ## indices instead of one-hot columns: the same symbols
%! seqs = {[3 1 2], [2 2], [1 3 3 2 1]};
%! [X, l, L] = seq_batch (seqs, 3, "Boundary", 3);
%! [I, l2, L2] = seq_batch (seqs, 3, "Boundary", 3, "Indices", true);
%! assert (l2, l); assert (L2, L); assert (size (I), [3 6]);
%! [v, j, t] = ind2sub (size (X), find (X));
%! J = zeros (3, 6); J(sub2ind ([3 6], j, t)) = v;
%! assert (I, J);
%! assert (I(1,:), [3 3 1 2 0 0]);

%!error <Invalid call> seq_batch ({[1 2]})
%!error id=rnn:seq_batch:invalidInput seq_batch ([1 2], 3)
%!error id=rnn:seq_batch:invalidOption seq_batch ({[1 2]}, 3, "Indices", 2)
%!error <unknown option "Indice" \(options: Boundary, MaxLength, Class, Indices\)> seq_batch ({[1 2]}, 3, "Indice", true)
%!error <Class must be one of> seq_batch ({[1 2]}, 3, "Class", "int8")
%!error id=rnn:seq_batch:invalidInput seq_batch ({}, 3)
%!error id=rnn:seq_batch:invalidInput seq_batch ({[1 2]}, 0)
%!error id=rnn:seq_batch:invalidInput seq_batch ({"ab"'}, 3)
%!error id=rnn:seq_batch:tooShort seq_batch ({[1 2], 3}, 3)
%!error id=rnn:seq_batch:invalidIndex seq_batch ({[1 4]}, 3)
%!error id=rnn:seq_batch:invalidIndex seq_batch ({[1 1.5]}, 3)
%!error id=rnn:seq_batch:invalidIndex seq_batch ({[1 0 2]}, 3)
%!error id=rnn:seq_batch:invalidOption seq_batch ({[1 2]}, 3, "Boundary", 4)
%!error id=rnn:seq_batch:invalidOption seq_batch ({[1 2]}, 3, "MaxLength", 0)
%!error id=rnn:seq_batch:invalidOption seq_batch ({[1 2]}, 3, "Class", "int8")
%!error id=rnn:seq_batch:invalidOption seq_batch ({[1 2]}, 3, "Bondary", 1)
