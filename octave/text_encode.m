## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{idx}, @var{vocab}] =} text_encode (@var{text})
## @deftypefnx {} {[@var{idx}, @var{vocab}] =} text_encode (@var{text}, @var{vocab})
## Turn text into character indices, for a character-level model.
##
## @var{text} is a character row vector or a cell array of them (a
## @qcode{cellstr}, e.g. one word or line per cell).  @var{vocab} is a
## character vector of distinct characters; character @code{vocab(k)} gets
## index @var{k}.  Without @var{vocab}, the vocabulary is every character
## that occurs in @var{text}, sorted (byte order).
##
## @var{idx} is a row vector of doubles in @code{1:numel (vocab)} for a
## character @var{text}, or a cell array shaped like @var{text} with one
## such row per cell.  A character not in @var{vocab} is an error
## (@code{rnn:text_encode:unknownCharacter}).  Characters are bytes: a
## UTF-8 text is encoded byte by byte.
##
## @code{text_decode} is the inverse; @code{seq_batch} makes training
## batches from the encoded sequences.
##
## @example
## @group
## vocab = ["a":"z", "\n"];                # 27 symbols: letters, end of word
## idx = text_encode (@{"cab", "bad"@}, vocab)
##   @result{} idx =
##        @{
##          [1,1] = 3   1   2
##          [1,2] = 2   1   4
##        @}
## [idx, v] = text_encode ("hello")
##   @result{} idx = 2   1   3   3   4
##   @result{} v = ehlo
## @end group
## @end example
##
## @seealso{text_decode, seq_batch, rnn_sample}
## @end deftypefn

function [idx, vocab] = text_encode (text, vocab)
  if (nargin < 1 || nargin > 2)
    print_usage ();
  endif
  iscs = iscellstr (text);
  if (! iscs && ! (ischar (text) && (isrow (text) || isempty (text))))
    error ("rnn:text_encode:invalidInput",
           "text_encode: TEXT must be a character row vector or a cell array of them, not %s",
           __show__ (text));
  endif
  if (iscs)
    for k = 1:numel (text)
      if (! (isrow (text{k}) || isempty (text{k})))
        error ("rnn:text_encode:invalidInput",
               "text_encode: TEXT{%d} must be a character row vector, not %s",
               k, __show__ (text{k}));
      endif
    endfor
    all_text = [text{:}];
  else
    all_text = text;
  endif
  if (nargin < 2)
    vocab = char (unique (double (all_text(:)')));
  elseif (! (ischar (vocab) && isvector (vocab)))
    error ("rnn:text_encode:invalidVocab",
           "text_encode: VOCAB must be a character vector, not %s", __show__ (vocab));
  elseif (numel (unique (double (vocab))) != numel (vocab))
    error ("rnn:text_encode:invalidVocab",
           "text_encode: VOCAB must not repeat a character");
  endif
  vocab = vocab(:)';

  map = zeros (1, 256);                 # byte value + 1 -> index
  map(double (vocab) + 1) = 1:numel (vocab);
  codes = double (all_text);
  if (any (codes > 255))
    error ("rnn:text_encode:invalidInput", "text_encode: TEXT must be 8-bit characters");
  endif
  flat = map(codes + 1);
  bad = find (flat == 0, 1);
  if (! isempty (bad))
    error ("rnn:text_encode:unknownCharacter",
           "text_encode: character %s (code %d) at position %d is not in VOCAB",
           show_char (all_text(bad)), codes(bad), bad);
  endif
  if (iscs)
    n = cellfun ("numel", text);
    idx = reshape (mat2cell (reshape (flat, 1, []), 1, n(:)'), size (text));
  else
    idx = reshape (flat, 1, []);
  endif
endfunction

function s = show_char (c)
  if (c >= " " && c <= "~")
    s = ["\"" c "\""];
  else
    s = sprintf ("\\x%02X", double (c));
  endif
endfunction

%!test
%! [idx, v] = text_encode ("hello");
%! assert (idx, [2 1 3 3 4]); assert (v, "ehlo");
%! assert (text_decode (idx, v), "hello");

%!test
%! vocab = ["a":"z", "\n"];
%! idx = text_encode ({"cab", "bad"; "", "z"}, vocab);
%! assert (size (idx), [2 2]);
%! assert (idx{1,1}, [3 1 2]); assert (idx{1,2}, [2 1 4]);
%! assert (idx{2,1}, zeros (1, 0)); assert (idx{2,2}, 26);
%! assert (text_encode ("a\nz", vocab), [1 27 26]);

%!test
%! ## derived vocabulary covers every cell; column vocab is accepted
%! [idx, v] = text_encode ({"ba", "c"});
%! assert (v, "abc"); assert (idx, {[2 1], 3});
%! assert (text_encode ("cab", "abc"'), [3 1 2]);
%! assert (text_encode ("", "abc"), zeros (1, 0));

%!error <Invalid call> text_encode ()
%!error id=rnn:text_encode:invalidInput text_encode (42)
%!error id=rnn:text_encode:invalidInput text_encode (["ab"; "cd"])
%!error id=rnn:text_encode:invalidVocab text_encode ("ab", "aab")
%!error id=rnn:text_encode:invalidVocab text_encode ("ab", 1:3)
%!error <character "c" \(code 99\) at position 3> text_encode ("abc", "ab")
%!error id=rnn:text_encode:unknownCharacter text_encode ({"ab", "b\t"}, "ab")
