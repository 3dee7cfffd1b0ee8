## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{out}, @var{alpha}, @var{score}] =} seq2seq_decode (@var{model}, @var{Xsrc})
## @deftypefnx {} {[@dots{}] =} seq2seq_decode (@dots{}, "BeamWidth", @var{k}, "MaxLength", @var{n}, "SourceLengths", @var{Ls}, "LengthNormalization", @var{a})
## Translate source sequences with a sequence-to-sequence model: greedy or
## beam-search decoding.
##
## @var{model} is made by @code{seq2seq_init} (and trained with
## @code{seq2seq_loss}); @var{Xsrc} is @code{[n_in, m, Tx]} as for
## @code{seq2seq_loss}.  Each decoder step feeds the symbol chosen at the
## step before (see @code{seq2seq_init} for the decoder's form).
##
## With @code{"BeamWidth"} @var{k} = 1 (the default) the decoder takes the
## most probable symbol at each step (greedy).  With @var{k} > 1 it keeps,
## for each source, the @var{k} partial outputs of highest
## log-probability, extends each by every symbol, and keeps the @var{k}
## best again.  An output ends when it emits @code{model.endSymbol}
## (included in @var{out}) or reaches @code{"MaxLength"} @var{n} symbols
## (default 100 if the model has an end symbol, else required).  Among the
## ended outputs of a source the one with the highest
## @code{log P (y) / length^a} wins: the length normalisation, with
## @code{"LengthNormalization"} @var{a} (default 0.7; 0 for plain
## log-probability), keeps the search from preferring short outputs.
##
## @var{out} is @code{[m, n]}: the symbols of each source's output, 0
## after its end.  @var{alpha} (@code{[Tx, m, n]}) holds the attention
## weights of every output step, zero after the end: the weights that
## column @var{j}'s output step @var{t} put on its source steps are
## @code{alpha(:,j,t)}, so @code{imagesc (squeeze (alpha(:,j,:))')}
## draws the heatmap of source @var{j} (output steps down, source steps
## across).  @var{score} (@code{[m, 1]}) is the winning output's
## normalised log-probability.
##
## @example
## @group
## model = seq2seq_init ("gru", 5, 4, 8, "Seed", 1);
## X = randn (5, 3, 6);                            # 3 sources
## [out, alpha] = seq2seq_decode (model, X, "BeamWidth", 3, "MaxLength", 4);
## size (out), size (alpha)
##   @result{} ans =
##
##        3   4
##
##   ans =
##
##        6   3   4
##
## @end group
## @end example
##
## @seealso{seq2seq_init, seq2seq_loss, attention_forward}
## @end deftypefn

function [out, alpha, score] = seq2seq_decode (model, Xsrc, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "seq2seq_decode";
  o = __name_value__ (fn, struct ("beamwidth", 1, "maxlength", [],
                                  "sourcelengths", [], "lengthnormalization", 0.7),
                      varargin, "BeamWidth, MaxLength, SourceLengths, LengthNormalization");
  k = o.beamwidth;
  if (! (isnumeric (k) && isscalar (k) && isreal (k) && k >= 1 && k == fix (k)
         && k < 2^31))
    error ("rnn:seq2seq_decode:invalidOption",
           "seq2seq_decode: BeamWidth must be a positive integer, not %s", __show__ (k));
  endif
  a = o.lengthnormalization;
  if (! (isnumeric (a) && isscalar (a) && isreal (a) && isfinite (a) && a >= 0))
    error ("rnn:seq2seq_decode:invalidOption",
           "seq2seq_decode: LengthNormalization must be a finite scalar >= 0, not %s",
           __show__ (a));
  endif
  Ls = o.sourcelengths;
  [H, K, Ls] = __s2s_encode__ (fn, model, Xsrc, Ls);
  eos = 0;
  if (isfield (model, "endSymbol"))
    eos = double (model.endSymbol);
  endif
  n = o.maxlength;
  if (isempty (n) && eos > 0)
    n = 100;
  endif
  if (! (isnumeric (n) && isscalar (n) && isreal (n) && n >= 1 && n == fix (n)
         && n < 2^31))
    error ("rnn:seq2seq_decode:invalidOption",
           "seq2seq_decode: MaxLength must be a positive integer%s, not %s",
           merge (eos == 0, " (the model has no end symbol)", ""), __show__ (n));
  endif
  k = double (k); n = double (n); a = double (a);

  [~, m, Tx] = size (H);
  n_out = rows (model.Wy);
  dec = model.decoder; att = model.attention;
  lstm = strcmp (dec.cell, "lstm");
  step = str2func ([dec.cell "_cell_forward"]);
  ## k copies of each source, next to each other: column (j-1)*k + b
  N = m * k;
  src = reshape (repmat (1:m, k, 1), 1, N);
  if (k > 1)
    H = H(:,src,:); K = K(:,src,:);
    if (! isempty (Ls)) Ls = Ls(src); endif
  endif
  cls = class (H);
  n_s = columns (dec.R);
  s = zeros (n_s, N, cls); c = s;
  prev = zeros (1, N);
  logp = repmat ([0; -Inf(k - 1, 1)], 1, m);      # one live start per source
  try
    seq = zeros (N, n); A = zeros (Tx, N, n, cls);
    out = zeros (m, n); alpha = zeros (Tx, m, n, cls); score = -Inf (m, 1);
  catch err
    error ("rnn:seq2seq_decode:outOfMemory",
           "seq2seq_decode: the outputs of %d sources, width %d, MaxLength %d cannot be made (%s)",
           m, k, n, err.message);
  end_try_catch
  base = (0:m-1) * k;
  for t = 1:n
    O = zeros (n_out, N, cls);
    live = find (prev > 0);
    O(sub2ind ([n_out, N], prev(live), live)) = 1;
    [ctx, al] = attention_forward (s, H, att, "Lengths", Ls, "Keys", K);
    if (lstm)
      [s, c] = lstm_cell_forward ([O; ctx], s, c, dec);
    else
      s = step ([O; ctx], s, dec);
    endif
    z = model.Wy * s + model.by;
    z -= max (z, [], 1);
    lp = z - log (sum (exp (z), 1));                # log-softmax [n_out, N]
    cand = reshape (lp + reshape (logp, 1, N), n_out * k, m);
    if (k == 1)
      [v, ix] = max (cand, [], 1);
    else
      [v, ix] = sort (cand, 1, "descend");
      v = v(1:k,:); ix = ix(1:k,:);
    endif
    from = floor ((ix - 1) / n_out) + 1 + base;      # the extended hypotheses
    sym = mod (ix - 1, n_out) + 1;
    from = from(:)';
    s = s(:,from);
    if (lstm) c = c(:,from); endif
    seq = seq(from,:); seq(:,t) = sym(:);
    A = A(:,from,:); A(:,:,t) = al(:,from);
    logp = v;
    ended = isfinite (v) & ((eos > 0 & sym == eos) | t == n);
    for i = find (ended(:))'
      j = floor ((i - 1) / k) + 1;
      sc = v(i) / t ^ a;
      if (sc > score(j))
        score(j) = sc;
        out(j,:) = seq(i,:);
        alpha(:,j,:) = A(:,i,:);
      endif
    endfor
    logp(ended) = -Inf;
    if (! any (isfinite (logp(:))))
      break;
    endif
    prev = sym(:)';
  endfor
endfunction

%!demo
%! ## learn to reverse sequences of 6 symbols out of 5; the attention of
%! ## output step t falls on source step 7-t: an anti-diagonal heatmap
%! model = seq2seq_init ("gru", 5, 5, 16, "Seed", 1);
%! onehot = @(S) reshape (full (sparse (S(:), 1:numel (S), 1, 5, numel (S))), 5, rows (S), []);
%! avg = []; sq = [];
%! for it = 1:600
%!   S = randi (5, 32, 6);
%!   [loss, g] = seq2seq_loss (model, onehot (S), fliplr (S));
%!   [model, avg, sq] = adamupdate (model, clip_gradients (g, 5), avg, sq, it, 0.01);
%! endfor
%! S = randi (5, 1, 6);
%! [out, alpha] = seq2seq_decode (model, onehot (S), "MaxLength", 6);
%! printf ("source %s -> %s (loss %.3f)\n", mat2str (S), mat2str (out), loss);
%! imagesc (squeeze (alpha)'); colormap (gray ()); xlabel ("source step"); ylabel ("output step");

## a plain greedy loop: the reference for BeamWidth 1
%!function [out, alpha] = ref_greedy (model, X, Ls, n)
%!  H = gru_forward (X, [], model.encoder, "Lengths", Ls);
%!  [~, m, Tx] = size (H); n_out = rows (model.Wy);
%!  s = zeros (columns (model.decoder.R), m); y = zeros (n_out, m);
%!  out = zeros (m, n); alpha = zeros (Tx, m, n);
%!  for t = 1:n
%!    [ctx, alpha(:,:,t)] = attention_forward (s, H, model.attention, "Lengths", Ls);
%!    s = gru_cell_forward ([y; ctx], s, model.decoder);
%!    [~, out(:,t)] = max (model.Wy * s + model.by);
%!    y = zeros (n_out, m); y(sub2ind (size (y), out(:,t)', 1:m)) = 1;
%!  endfor
%!endfunction

%!test
%! ## width 1 is greedy decoding
%! model = seq2seq_init ("gru", 3, 5, 4, "Seed", 2);
%! model.by = [0.5; -0.5; 0.2; 0; 0.1];
%! randn ("state", 1); X = randn (3, 4, 6); Ls = [6 2 4 5];
%! [out, alpha] = seq2seq_decode (model, X, "MaxLength", 7, "SourceLengths", Ls);
%! [ro, ra] = ref_greedy (model, X, Ls, 7);
%! assert (out, ro); assert (alpha, ra, 1e-14);
%! assert (alpha(3:end,2,:), zeros (4, 1, 7));     # beyond the source length
%! ## a wider beam finds outputs at least as probable (no end symbol, no
%! ## normalisation needed: all have length 7)
%! [o3, a3, s3] = seq2seq_decode (model, X, "MaxLength", 7, "SourceLengths", Ls, "BeamWidth", 3);
%! [o1, a1, s1] = seq2seq_decode (model, X, "MaxLength", 7, "SourceLengths", Ls);
%! assert (all (s3 >= s1 - 1e-12));

%!test
%! ## a model whose best output is not the greedy one: step 1 gives A 0.6,
%! ## B 0.4; after A step 2 gives A 0.6 again (0.36 in all), after B it
%! ## gives A with probability 0.9999 (0.39996): width 2 finds B A
%! model = seq2seq_init ("rnn", 1, 3, 1, "DecoderSize", 2, "Seed", 1);
%! model.decoder.W(:) = 0; model.decoder.R(:) = 0; model.decoder.b(:) = 0;
%! model.decoder.W(1,2) = 20;                     # input B sets s(1) = 1
%! model.by = log ([0.6; 0.4; 1e-9]);
%! model.Wy = [10 0; 0 0; 0 0] - log ([0.6; 0.4; 1e-9]) .* [1 0];
%! X = ones (1, 1, 3);
%! [o1, ~, s1] = seq2seq_decode (model, X, "MaxLength", 2);
%! [o2, ~, s2] = seq2seq_decode (model, X, "MaxLength", 2, "BeamWidth", 2);
%! assert (o1, [1 1]); assert (o2, [2 1]);
%! assert (s1 * 2^0.7, log (0.36), 1e-6); assert (s2 * 2^0.7, log (0.4), 1e-3);

%!test
%! ## the end symbol ends an output; zeros after it
%! model = seq2seq_init ("lstm", 2, 3, 2, "EndSymbol", 3, "Seed", 4);
%! model.by = [0; 0; 3];  model.Wy(:) = 0;           # P(end) = 0.91 at once
%! [out, alpha, score] = seq2seq_decode (model, randn (2, 2, 3), "BeamWidth", 2);
%! assert (out(:,1), [3; 3]); assert (out(:,2:end), zeros (2, 99));
%! assert (alpha(:,:,2:end), zeros (3, 2, 99));
%! assert (score, log (exp (3) / (2 + exp (3))) * [1; 1], 1e-12);

%!shared model, X
%! model = seq2seq_init ("gru", 3, 4, 2, "Seed", 1); X = randn (3, 2, 4);
%!error <Invalid call> seq2seq_decode (model)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X, "BeamWidth", 0, "MaxLength", 3)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X, "BeamWidth", 1.5, "MaxLength", 3)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X, "MaxLength", 0)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X, "MaxLength", 3, "LengthNormalization", -1)
%!error id=rnn:seq2seq_decode:invalidOption seq2seq_decode (model, X, "Width", 3)
%!error id=rnn:seq2seq_decode:invalidLengths seq2seq_decode (model, X, "MaxLength", 3, "SourceLengths", [0 1])
%!error id=rnn:seq2seq_decode:sizeMismatch seq2seq_decode (model, randn (2, 2, 4), "MaxLength", 3)
%!error id=rnn:seq2seq_decode:invalidModel seq2seq_decode (struct (), X, "MaxLength", 3)
