## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{loss}, @var{grad}] =} seq2seq_loss (@var{model}, @var{Xsrc}, @var{Ytgt})
## @deftypefnx {} {[@dots{}] =} seq2seq_loss (@dots{}, "SourceLengths", @var{Ls}, "TargetLengths", @var{Lt})
## Cross-entropy of a sequence-to-sequence model with teacher forcing, and
## its gradient.
##
## @var{model} is made by @code{seq2seq_init}.  @var{Xsrc} is the source
## batch @code{[n_in, m, Tx]} (e.g.@: one-hot symbols), @var{Ytgt} the
## target symbols @code{[m, Ty]}, integers from 1 to @var{n_out}, or 0
## for padding.  Teacher forcing: decoder step @var{t} reads the true
## previous symbol @code{Ytgt(:,t-1)} (zeros at @code{t = 1} and for a
## 0), whatever the model would have predicted.
##
## @var{loss} is the mean over the counted target steps of
## @code{-log P(y_t)}: steps after @code{Lt(j)} and steps whose symbol is
## 0 are not counted.  Source steps after @code{Ls(j)} are not read
## (the encoder and the attention see each source's own length).
##
## @var{grad} has the fields of @var{model} that are learned
## (@code{grad.encoder.W}, @code{grad.attention.Wh}, @dots{},
## @code{grad.Wy}, @code{grad.by}), so that @code{clip_gradients},
## @code{adamupdate} and @code{gradcheck} take it.
##
## @code{rnn_train} trains such a model with its "LossFcn" option, e.g.@:
## @code{rnn_train (model, data, "LossFcn", @@(m, X, Y, L) seq2seq_loss (m,
## X, Y, "SourceLengths", L))} with @code{[X, Y, L] = data (k)}.
##
## The encoder is one C call for the whole batch; the decoder's steps are
## a loop here that calls the C attention and cell step functions, with
## the attention keys computed once per batch.
##
## @example
## @group
## model = seq2seq_init ("gru", 5, 4, 8, "Seed", 1);
## X = reshape (sin (1:90), 5, 3, 6); Y = [1 2 4; 3 3 0; 2 1 1];  # Ty = 3
## [loss, grad] = seq2seq_loss (model, X, Y, "TargetLengths", [3 2 3]);
## loss                                               # about log (4)
##   @result{} loss = 1.3993
## @end group
## @end example
##
## @seealso{seq2seq_init, seq2seq_decode, attention_forward, adamupdate}
## @end deftypefn

function [loss, grad] = seq2seq_loss (model, Xsrc, Ytgt, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "seq2seq_loss";
  o = __name_value__ (fn, struct ("sourcelengths", [], "targetlengths", []),
                      varargin, "SourceLengths, TargetLengths");
  Ls = o.sourcelengths; Lt = o.targetlengths;
  want_grad = nargout > 1;
  if (want_grad)
    [H, K, Ls, enc_cache] = __s2s_encode__ (fn, model, Xsrc, Ls);
  else
    [H, K, Ls] = __s2s_encode__ (fn, model, Xsrc, Ls);
  endif
  m = columns (Xsrc);
  n_out = rows (model.Wy);
  if (! (isnumeric (Ytgt) && isreal (Ytgt) && ! issparse (Ytgt) && ndims (Ytgt) == 2 && rows (Ytgt) == m
         && all (Ytgt(:) >= 0 & Ytgt(:) <= n_out & Ytgt(:) == fix (Ytgt(:)))))
    error ("rnn:seq2seq_loss:invalidTargets",
           "seq2seq_loss: Ytgt must be %dx(Ty) integers from 0 to %d, not %s",
           m, n_out, __show__ (Ytgt));
  endif
  Ty = columns (Ytgt);
  if (m == 0)                           # nothing to count (and Ty may be huge)
    Ytgt = zeros (0, 0); Ty = 0; Lt = [];
  endif
  labels = double (Ytgt);
  if (! (isempty (Lt) && isnumeric (Lt)))
    if (! (isnumeric (Lt) && isreal (Lt) && ! issparse (Lt) && isvector (Lt) && numel (Lt) == m
           && all (Lt >= 0 & Lt <= Ty & Lt == fix (Lt))))
      error ("rnn:seq2seq_loss:invalidLengths",
             "seq2seq_loss: TargetLengths must be %d integers from 0 to Ty = %d",
             m, Ty);
    endif
    labels((1:Ty) > Lt(:)) = 0;
  endif

  ## the previous symbols, one-hot [n_out, m, Ty]: zeros at t = 1 and for 0
  cls = class (H);
  O = zeros (n_out, m, Ty, cls);
  [j, t] = find (labels(:,1:end-1));
  O(sub2ind ([n_out, m, Ty], labels(sub2ind ([m, Ty], j, t)), j, t + 1)) = 1;

  dec = model.decoder; att = model.attention;
  cname = dec.cell; lstm = strcmp (cname, "lstm");
  n_s = columns (dec.R);
  s = zeros (n_s, m, cls); c = s;
  S = zeros (n_s, m, Ty, cls);
  acache = ccache = cell (1, Ty);
  step = str2func ([cname "_cell_forward"]);
  for t = 1:Ty
    [ctx, ~, acache{t}] = attention_forward (s, H, att, "Lengths", Ls, "Keys", K);
    if (lstm)
      [s, c, ccache{t}] = lstm_cell_forward ([O(:,:,t); ctx], s, c, dec);
    else
      [s, ccache{t}] = step ([O(:,:,t); ctx], s, dec);
    endif
    S(:,:,t) = s;
  endfor
  Z = dense_forward (S, model.Wy, model.by);
  [loss, dZ] = softmax_cross_entropy (Z, labels);
  if (! want_grad)
    return;
  endif

  [dS, grad_Wy, grad_by] = dense_backward (dZ, S, model.Wy);
  ds = zeros (n_s, m, cls); dc = ds; dK = zeros (size (K), cls); dH = zeros (size (H), cls);
  back = str2func ([cname "_cell_backward"]);
  gd = ga = [];
  rows_ctx = n_out + 1:n_out + rows (H);
  for t = Ty:-1:1
    if (lstm)
      [dx, dp, ds, dc] = lstm_cell_backward (dS(:,:,t) + ds, dc, ccache{t});
    else
      [dx, dp, ds] = back (dS(:,:,t) + ds, ccache{t});
    endif
    [ds_a, dH_t, dpa, dK_t] = attention_backward (dx(rows_ctx,:), [], acache{t});
    ds += ds_a; dH += dH_t; dK += dK_t;
    gd = add (gd, dp); ga = add (ga, dpa);
  endfor
  [dH_k, dpk] = attention_keys_backward (dK, H, att);
  dH += dH_k;
  ga = add (ga, dpk);
  enc = model.encoder;
  for k = numel (enc):-1:1              # the encoder's layers, last first
    switch (enc(k).cell)
      case "lstm"
        [dH, gk] = lstm_backward (dH, [], [], enc_cache{k});
      case "gru"
        [dH, gk] = gru_backward (dH, [], enc_cache{k});
      otherwise
        [dH, gk] = rnn_backward (dH, [], enc_cache{k});
    endswitch
    ge(k) = gk;
  endfor
  if (isempty (ga))
    ga = struct ();
  endif
  grad = struct ("encoder", ge, "attention", ga, "decoder", gd, "Wy", grad_Wy,
                 "by", grad_by);
endfunction

## a + b field by field ([] + b = b)
function a = add (a, b)
  if (isempty (a))
    a = b;
    return;
  endif
  for f = fieldnames (b)'
    a.(f{1}) += b.(f{1});
  endfor
endfunction

## the same loss by a plain loop over columns and steps (attention and
## cells written out), the independent reference for the forward
%!function loss = ref_loss (model, X, Y, Ls, Lt)
%!  sg = @(a) 1 ./ (1 + exp (-a));
%!  [n_in, m, Tx] = size (X); n_out = rows (model.Wy);
%!  e = model.encoder; d = model.decoder; a = model.attention;
%!  n_a = columns (e.R); n_s = columns (d.R); G = 4;
%!  tot = 0; cnt = 0;
%!  for j = 1:m
%!    Hj = zeros (2*n_a, Ls(j));
%!    for dir = 1:2
%!      r = (dir-1)*G*n_a + (1:G*n_a); h = zeros (n_a, 1); c = h;
%!      ts = 1:Ls(j); if (dir == 2) ts = fliplr (ts); endif
%!      for t = ts
%!        z = e.W(r,:) * X(:,j,t) + e.b(r) + e.R(r,:) * h;
%!        c = sg (z(n_a+1:2*n_a)) .* c + sg (z(1:n_a)) .* tanh (z(2*n_a+1:3*n_a));
%!        h = sg (z(3*n_a+1:end)) .* tanh (c);
%!        Hj((dir-1)*n_a + (1:n_a), t) = h;
%!      endfor
%!    endfor
%!    s = zeros (n_s, 1); c = s; prev = zeros (n_out, 1);
%!    for t = 1:Lt(j)
%!      sc = a.v' * tanh (a.Ws * s + a.Wh * Hj + a.b);
%!      al = exp (sc - max (sc)); al = al / sum (al);
%!      x = [prev; Hj * al'];
%!      z = d.W * x + d.b + d.R * s;
%!      c = sg (z(n_s+1:2*n_s)) .* c + sg (z(1:n_s)) .* tanh (z(2*n_s+1:3*n_s));
%!      s = sg (z(3*n_s+1:end)) .* tanh (c);
%!      o = model.Wy * s + model.by;
%!      lp = o - max (o) - log (sum (exp (o - max (o))));
%!      tot -= lp(Y(j,t)); cnt++;
%!      prev = zeros (n_out, 1); prev(Y(j,t)) = 1;
%!    endfor
%!  endfor
%!  loss = tot / cnt;
%!endfunction

%!test
%! ## against the plain loop; padding in source and target changes nothing
%! model = seq2seq_init ("lstm", 3, 4, 2, "DecoderSize", 3, "AttentionSize", 2, "Seed", 1);
%! model.encoder.b += 0.1; model.attention.b += 0.2; model.by += [0.1; -0.2; 0; 0.3];
%! randn ("state", 1);
%! X = randn (3, 3, 4); Y = [1 2 4 3; 3 3 1 2; 2 4 1 1]; Ls = [4 2 3]; Lt = [4 2 3];
%! loss = seq2seq_loss (model, X, Y, "SourceLengths", Ls, "TargetLengths", Lt);
%! assert (loss, ref_loss (model, X, Y, Ls, Lt), 1e-13);
%! X2 = X; X2(:,2,3:4) = 5; Y2 = Y; Y2(2,3:4) = 0; Y2(3,4) = 2;
%! [l2, g2] = seq2seq_loss (model, X2, Y2, "SourceLengths", Ls, "TargetLengths", Lt);
%! [l1, g1] = seq2seq_loss (model, X, Y, "SourceLengths", Ls, "TargetLengths", Lt);
%! assert (l2, loss, 1e-15); assert (g2, g1, 1e-15);
%! ## a 0 in the targets is not counted either
%! Y3 = Y; Y3(2,3:4) = 0; Y3(3,4) = 0;
%! assert (seq2seq_loss (model, X, Y3, "SourceLengths", Ls), loss, 1e-15);

%!function [l, g] = f_s2s (model, X, Y, opts)
%!  [l, g] = seq2seq_loss (model, X, Y, opts{:});
%!endfunction

%!test
%! ## gradcheck of the whole loss: every cell and attention form, lengths
%! randn ("state", 2);
%! X = randn (3, 3, 4); Y = [1 2 4; 3 3 1; 2 4 1]; opts = {"SourceLengths", [4 2 3], "TargetLengths", [3 2 3]};
%! for c = {{"lstm", "additive"}, {"gru", "general"}, {"rnn", "dot"}}
%!   model = seq2seq_init (c{1}{1}, 3, 4, 2, "Attention", c{1}{2}, "DecoderSize", 4, "AttentionSize", 3, "Seed", 3);
%!   err = gradcheck (@(p) f_s2s (p, X, Y, opts), model, "MaxEntries", 20);
%!   assert (err < 1e-7, "%s %s: %g", c{1}{1}, c{1}{2}, err);
%! endfor

%!test
%! ## a deep encoder: gradcheck through both layers
%! randn ("state", 8);
%! X = randn (3, 2, 4); Y = [1 2 4; 3 3 1]; opts = {"SourceLengths", [4 2]};
%! model = seq2seq_init ("lstm", 3, 4, 2, "EncoderLayers", 2, "DecoderSize", 3, "Seed", 2);
%! assert (size (model.encoder), [1 2]);
%! [~, g] = seq2seq_loss (model, X, Y, opts{:});
%! assert (size (g.encoder), [1 2]); assert (size (g.encoder(2).W), size (model.encoder(2).W));
%! err = gradcheck (@(p) f_s2s (p, X, Y, opts), model, "MaxEntries", 20);
%! assert (err < 1e-7);

%!test
%! ## single against double
%! model = seq2seq_init ("gru", 3, 4, 2, "Seed", 4);
%! X = randn (3, 2, 5); Y = [1 2 3; 4 4 1];
%! [l, g] = seq2seq_loss (model, X, Y, "SourceLengths", [5 3]);
%! [l1, g1] = seq2seq_loss (model, single (X), Y, "SourceLengths", [5 3]);
%! assert (class (l1), "single"); assert (l1, single (l), 1e-5);
%! assert (g1.decoder.W, single (g.decoder.W), 1e-5);
%! assert (g1.attention.Wh, single (g.attention.Wh), 1e-5);
%! assert (g1.encoder.R, single (g.encoder.R), 1e-5);

%!test
%! ## the gradient trains with clip_gradients and adamupdate
%! model = seq2seq_init ("lstm", 3, 4, 4, "Seed", 5);
%! X = randn (3, 4, 5); Y = randi (4, 4, 3);
%! l0 = seq2seq_loss (model, X, Y); avg = []; sq = [];
%! for it = 1:30
%!   [l, g] = seq2seq_loss (model, X, Y);
%!   g = clip_gradients (g, 5);
%!   [model, avg, sq] = adamupdate (model, g, avg, sq, it, 0.05);
%! endfor
%! assert (seq2seq_loss (model, X, Y) < l0 / 2);

%!test
%! ## rnn_train trains it through its LossFcn option
%! model = seq2seq_init ("gru", 3, 4, 4, "Seed", 6);
%! randn ("state", 7); X = randn (3, 8, 5); Y = randi (4, 8, 3); L = randi ([2 5], 1, 8);
%! f = @(mdl, x, y, len) seq2seq_loss (mdl, x, y, "SourceLengths", len);
%! l0 = f (model, X, Y, L);
%! [model, hist] = rnn_train (model, @(k) deal (X, Y, L), "LossFcn", f,
%!                            "Iterations", 40, "LearnRate", 0.05, "Verbose", false);
%! assert (f (model, X, Y, L) < l0 / 2);
%! assert (class (model.endSymbol), "int32");

%!shared model, X, Y
%! model = seq2seq_init ("gru", 3, 4, 2, "Seed", 1); X = randn (3, 2, 4); Y = [1 2; 3 4];
%!error <Invalid call> seq2seq_loss (model, X)
%!error id=rnn:seq2seq_loss:invalidModel seq2seq_loss (1, X, Y)
%!error id=rnn:seq2seq_loss:sizeMismatch seq2seq_loss (model, randn (2, 2, 4), Y)
%!error id=rnn:seq2seq_loss:invalidTargets seq2seq_loss (model, X, [1 2 3; 4 4 4; 1 1 1])
%!error id=rnn:seq2seq_loss:invalidTargets seq2seq_loss (model, X, [1 5; 1 1])
%!error id=rnn:seq2seq_loss:invalidLengths seq2seq_loss (model, X, Y, "SourceLengths", [5 1])
%!error id=rnn:seq2seq_loss:invalidLengths seq2seq_loss (model, X, Y, "TargetLengths", [3 1])
%!error id=rnn:seq2seq_loss:invalidOption seq2seq_loss (model, X, Y, "Lengths", [3 1])
%!error id=rnn:seq2seq_loss:invalidClass seq2seq_loss (model, int8 (X), Y)
