## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{text} =} text_decode (@var{idx}, @var{vocab})
## Turn character indices back into text: the inverse of @code{text_encode}.
##
## @var{vocab} is the character vector the indices refer to.  @var{idx} may
## be
## @itemize
## @item a numeric vector: @var{text} is a character row vector;
## @item a numeric matrix @code{[m, T]} with more than one row (a batch of
## label rows, as @code{seq_batch} makes): @var{text} is an @code{m x 1}
## cell array with one string per row;
## @item a cell array of vectors: @var{text} is a cell array of strings of
## the same shape.
## @end itemize
## Index 0 is padding and is skipped.  Other indices must be integers in
## @code{1:numel (vocab)}.
##
## @example
## @group
## vocab = ["a":"z", "\n"];
## text_decode ([3 1 2 27], vocab)        # "cab" and a newline
##   @result{} ans = cab
## [~, labels] = seq_batch (text_encode (@{"to", "tea"@}, vocab), 27);
## text_decode (labels, vocab)
##   @result{} ans =
##      @{
##        [1,1] = o
##        [2,1] = ea
##      @}
## @end group
## @end example
##
## @seealso{text_encode, seq_batch, rnn_sample}
## @end deftypefn

function text = text_decode (idx, vocab)
  if (nargin != 2)
    print_usage ();
  endif
  if (! (ischar (vocab) && (isvector (vocab) || isempty (vocab))))
    error ("rnn:text_decode:invalidVocab",
           "text_decode: VOCAB must be a character vector, not %s", __show__ (vocab));
  endif
  vocab = vocab(:)';
  if (iscell (idx))
    text = cell (size (idx));
    for k = 1:numel (idx)
      text{k} = decode_vector (idx{k}, vocab, sprintf ("IDX{%d}", k));
    endfor
  elseif (isnumeric (idx) || islogical (idx))
    if (isvector (idx) || isempty (idx))
      text = decode_vector (idx, vocab, "IDX");
    elseif (ismatrix (idx))
      text = cell (rows (idx), 1);
      for k = 1:rows (idx)
        text{k} = decode_vector (idx(k,:), vocab, "IDX");
      endfor
    else
      error ("rnn:text_decode:invalidInput",
             "text_decode: IDX must be a vector, a matrix or a cell array, not %s",
             __show__ (idx));
    endif
  else
    error ("rnn:text_decode:invalidInput",
           "text_decode: IDX must be numeric or a cell array, not %s", __show__ (idx));
  endif
endfunction

function s = decode_vector (v, vocab, name)
  if (! ((isnumeric (v) || islogical (v)) && isreal (v) && (isvector (v) || isempty (v))))
    error ("rnn:text_decode:invalidInput",
           "text_decode: %s must be a numeric vector, not %s", name, __show__ (v));
  endif
  v = double (v(:)');
  if (! all (v == fix (v) & v >= 0 & v <= numel (vocab)))
    error ("rnn:text_decode:invalidIndex",
           "text_decode: %s must hold integers in 0:%d (0 = padding)", name, numel (vocab));
  endif
  s = vocab(v(v > 0));
  if (isempty (s))
    s = "";
  endif
endfunction

%!test
%! vocab = ["a":"z", "\n"];
%! assert (text_decode ([3 1 2 27], vocab), "cab\n");
%! assert (text_decode ([3 0 1 0], vocab), "ca");
%! assert (text_decode ([3; 1], vocab), "ca");
%! assert (text_decode ([], vocab), "");
%! assert (text_decode ({[1 2], [], 26}, vocab), {"ab", "", "z"});
%! assert (text_decode ([1 2 0; 3 0 0], vocab), {"ab"; "c"});

%!test
%! words = {"zebra", "ant", ""};
%! [idx, v] = text_encode (words);
%! assert (text_decode (idx, v), words);

%!error <Invalid call> text_decode (1)
%!error id=rnn:text_decode:invalidVocab text_decode (1, 1:3)
%!error id=rnn:text_decode:invalidIndex text_decode (4, "abc")
%!error id=rnn:text_decode:invalidIndex text_decode (1.5, "abc")
%!error id=rnn:text_decode:invalidIndex text_decode (-1, "abc")
%!error id=rnn:text_decode:invalidInput text_decode ("ab", "abc")
%!error id=rnn:text_decode:invalidInput text_decode (ones (2, 2, 2), "abc")
