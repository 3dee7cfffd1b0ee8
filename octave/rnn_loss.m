## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{loss} =} rnn_loss (@var{model}, @var{X}, @var{labels})
## @deftypefnx {} {[@var{loss}, @var{grad}, @var{P}, @var{state}] =} rnn_loss (@dots{}, @var{name}, @var{value}, @dots{})
## Loss and gradient of a whole model: embedding, recurrent layers, output
## layer, softmax.
##
## @var{model} is what @code{rnn_init (@dots{}, "OutputSize", n_y)} makes:
## either one layer's parameter struct with an output layer @code{Wy}
## @code{[n_y, n_out]}, @code{by} @code{[n_y, 1]} (a one-layer model), or a
## model struct with a stack of layers @code{model.layers}, the output layer
## @code{Wy}, @code{by}, optionally an embedding @code{E} @code{[d, V]} and
## the dropout rates @code{dropout} and @code{recurrentDropout} (see
## @code{rnn_init} and docs/models.md).  The model computes
##
## @example
## A = E(:, X) (with an embedding);  A = layer_k (A) for k = 1..L;
## Z = Wy * A + by;  P = softmax (Z);
## loss = mean over counted steps of -log P(label)
## @end example
##
## with each layer @code{rnn_forward}, @code{gru_forward} or
## @code{lstm_forward} (per its @code{cell}), @code{dense_forward} and
## @code{softmax_cross_entropy}.  @var{X} is @code{[n_x, m, T]}, or for a
## model with an embedding the symbol indices @code{[m, T]} (1..V, 0 for
## padding); @var{labels} are class indices, 0 meaning "not counted"
## (padding).
##
## Options:
## @table @asis
## @item "Lengths"
## the @code{[1, m]} sequence lengths, passed to every layer.
## @item "Output"
## "sequence" (default): a label per step, @var{labels} @code{[m, T]},
## as for a language model.  "last": one label per sequence,
## @var{labels} @code{[m, 1]} (or @code{[1, m]}), predicted from the last
## layer's final state, i.e. its state at each column's length; for a
## bidirectional layer the two final states (forward after the last valid
## step, reverse after step 1) merged as its @code{merge} says, so the
## prediction sees the whole sequence from both ends.
## @item "Loss"
## "crossentropy" (default): softmax cross-entropy as above.  "mse":
## regression, @code{P = Z} and @var{loss} the mean of @code{(Z - labels).^2}
## over the outputs and the counted steps; the targets @var{labels} are
## then @code{[n_y, m, T]} (steps beyond a length are not counted) or, with
## "last", @code{[n_y, m]} (a vector if @code{n_y} is 1).
## @item "Training"
## true to apply the model's dropout (inverted: kept units are scaled by
## 1/(1-p)): @code{model.dropout} on each layer's output but the last,
## @code{model.recurrentDropout} on the state entering each layer's
## recurrent product, one mask per sequence and direction.  Default false:
## evaluation, no dropout.
## @item "Seed"
## a seed for the dropout masks, so that a training loss is reproducible
## (and @code{gradcheck} of it meaningful); the global random state is left
## as it was.  Default []: draw from the global state.
## @item "InitialState"
## [] (default: zeros) or the @var{state} output of an earlier call: each
## layer starts from its state there (truncated backpropagation through
## time over a long text).  No gradient flows into the initial state.
## @end table
##
## @var{loss} is the mean cross-entropy in nats over the counted labels
## (labels beyond a column's length are not counted even if nonzero).
## @var{grad} has the shape of @var{model}, each numeric array the gradient
## of @var{loss}: for a one-layer struct the fields @code{W}, @code{R},
## @code{b}, optional @code{bR}, @code{Wy}, @code{by}; for a model
## @code{grad.layers(k).W} (and @code{R}, @code{b}, @code{bR}),
## @code{grad.Wy}, @code{grad.by} and @code{grad.E}.  That is what
## @code{clip_gradients}, @code{adamupdate}, @code{sgdmupdate},
## @code{rmspropupdate} and @code{gradcheck} take.  @var{P} is the softmax
## output (for "mse" the output @var{Z}), @code{[n_y, m, T]} (or
## @code{[n_y, m]} for "last").  @var{state} is a struct with fields
## @code{h} and @code{c}, 1-by-L cell arrays: @code{h@{k@}} is layer k's
## final hidden state @code{[n_a, m, D]} (D = 2 for a bidirectional
## layer), @code{c@{k@}} its final cell state (LSTM) or [].
##
## @example
## @group
## model = rnn_init ("lstm", 27, 64, "OutputSize", 27, "Seed", 1);
## seqs = text_encode (@{"cat", "horse"@}, ["a":"z", "\n"]);
## [X, labels, L] = seq_batch (seqs, 27, "Boundary", 27);
## [loss, grad] = rnn_loss (model, X, labels, "Lengths", L);
## loss                     # about log (27) = 3.30 before training
##   @result{} loss = 3.2...
## err = gradcheck (@@(m) rnn_loss (m, X, labels, "Lengths", L), model)
##   @result{} err = ...e-10
## @end group
## @end example
##
## A two-layer model with an embedding and dropout; the state of one chunk
## starts the next:
##
## @example
## @group
## model = rnn_init ("gru", 27, [32 32], "EmbeddingSize", 8, ...
##                   "OutputSize", 27, "Dropout", 0.2, "Seed", 1);
## [idx, labels, L] = seq_batch (seqs, 27, "Boundary", 27, "Indices", true);
## size (idx)
##   @result{} ans =
##
##          2   6
##
## [loss, grad, ~, state] = rnn_loss (model, idx, labels, "Lengths", L, ...
##                                    "Training", true);
## size (grad.layers), size (grad.E)
##   @result{} ans =
##
##          1   2
##
##      ans =
##
##           8   27
##
## loss2 = rnn_loss (model, idx, labels, "InitialState", state);
## @end group
## @end example
##
## @seealso{rnn_init, rnn_train, rnn_sample, softmax_cross_entropy, dense_forward, gradcheck}
## @end deftypefn

function [loss, grad, P, state] = rnn_loss (model, X, labels, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  o = __name_value__ ("rnn_loss", struct ("lengths", [], "output", "sequence",
                                          "loss", "crossentropy", "training", false,
                                          "seed", [], "initialstate", []),
                      varargin, "Lengths, Output, Loss, Training, Seed, InitialState");
  last = strcmp (__choice__ ("rnn_loss", "Output", o.output, {"sequence", "last"}), "last");
  mse = strcmp (__choice__ ("rnn_loss", "Loss", o.loss, {"crossentropy", "mse"}), "mse");
  training = __flag__ ("rnn_loss", "Training", o.training);
  v = o.seed;
  if (! (isnumeric (v) && (isempty (v) || (isscalar (v) && isreal (v) && isfinite (v)))))
    error ("rnn:rnn_loss:invalidOption",
           "rnn_loss: Seed must be a finite real scalar or [], not %s", __show__ (v));
  endif
  lengths = o.lengths; seed = o.seed; state0 = o.initialstate;
  need_grad = (nargout > 1);
  if (need_grad)
    [Z, state, cache] = __model_forward__ ("rnn_loss", model, X, lengths, training,
                                           last, seed, state0);
  else
    Z = __model_forward__ ("rnn_loss", model, X, lengths, training, last, seed, state0);
  endif

  [n_y, m, T] = size (Z);
  if (last)
    if (mse && isvector (labels) && n_y == 1 && numel (labels) == m)
      labels = reshape (labels, 1, m);
    elseif (mse && ! (ismatrix (labels) && rows (labels) == n_y
                      && columns (labels) == m))
      error ("rnn:rnn_loss:sizeMismatch",
             "rnn_loss: with \"Output\" \"last\", the targets must be %dx%d, not %s",
             n_y, m, mat2str (size (labels)));
    elseif (! mse && (! isvector (labels) || numel (labels) != m))
      error ("rnn:rnn_loss:sizeMismatch",
             "rnn_loss: with \"Output\" \"last\", LABELS must have one entry per sequence (%d), not %s",
             m, mat2str (size (labels)));
    elseif (! mse)
      labels = labels(:);
    endif
    counted = true (1, m);
  else
    counted = true (m, T);              # steps within the lengths
    if (! isempty (lengths))
      counted = (1:T) <= double (lengths(:));
    endif
    if (mse)
      if (! (size (labels, 1) == n_y && size (labels, 2) == m
             && size (labels, 3) == T))
        error ("rnn:rnn_loss:sizeMismatch",
               "rnn_loss: the targets must be %dx%dx%d, not %s", n_y, m, T,
               mat2str (size (labels)));
      endif
      counted = reshape (counted, 1, m, T);
    elseif (! isempty (lengths) && ismatrix (labels) && rows (labels) == m
            && columns (labels) == T)
      labels = labels .* counted;       # nothing is counted beyond a length
    endif
  endif
  if (mse)
    D = (Z - labels) .* counted;
    n = max (1, nnz (counted) * n_y);
    loss = sumsq (D(:)) / n;
    dZ = (2 / n) * D;
    P = Z;
  elseif (need_grad || nargout > 2)
    [loss, dZ, P] = softmax_cross_entropy (Z, labels);
  else
    loss = softmax_cross_entropy (Z, labels);
  endif
  if (need_grad)
    grad = __model_backward__ (dZ, cache);
  endif
endfunction

%!shared X, labels, L
%! randn ("state", 1);
%! X = randn (3, 4, 5); labels = [1 2 0 0 0; 2 2 1 3 1; 3 0 0 0 0; 1 1 1 2 2];
%! L = [2 5 1 5];

%!test
%! ## the full model against finite differences, every cell
%! for c = {"rnn", "gru", "lstm"}
%!   model = rnn_init (c{1}, 3, 4, "OutputSize", 3, "RecurrentBias", true, "Seed", 2);
%!   model.by = [0.1; -0.2; 0.3];
%!   f = @(m) rnn_loss (m, X, labels, "Lengths", L);
%!   [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", c{1}, err, info.where);
%! endfor

%!test
%! ## "last" with a bidirectional layer and every merge
%! y = [1 3 2 3];
%! for mg = {"concat", "sum", "ave", "mul"}
%!   model = rnn_init ("gru", 3, 4, "OutputSize", 3, "Direction", "bidirectional",
%!                     "Merge", mg{1}, "Seed", 3);
%!   f = @(m) rnn_loss (m, X, y, "Lengths", L, "Output", "last");
%!   [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", mg{1}, err, info.where);
%! endfor
%! model = rnn_init ("lstm", 3, 4, "OutputSize", 3, "Seed", 4);
%! assert (gradcheck (@(m) rnn_loss (m, X, y', "Lengths", L, "Output", "last"), model) < 1e-7);

%!test
%! ## mse: "last" (the adding problem's loss) and per step with Lengths
%! model = rnn_init ("lstm", 3, 4, "OutputSize", 1, "Seed", 6);
%! y = [0.5 1.2 -0.3 0.8];
%! f = @(m) rnn_loss (m, X, y, "Lengths", L, "Output", "last", "Loss", "mse");
%! assert (gradcheck (f, model, "MaxEntries", Inf) < 1e-7);
%! [loss, ~, Z] = f (model);
%! assert (loss, mean ((Z - y).^2), 1e-14);
%! model = rnn_init ("gru", 3, 4, "OutputSize", 2, "Seed", 7);
%! Tg = randn (2, 4, 5);
%! f = @(m) rnn_loss (m, X, Tg, "Lengths", L, "Loss", "mse");
%! assert (gradcheck (f, model, "MaxEntries", Inf) < 1e-7);
%! [loss, ~, Z] = f (model);
%! ok = reshape ((1:5) <= L(:), 1, 4, 5);
%! assert (loss, sum (((Z - Tg) .* ok)(:).^2) / (2 * sum (L)), 1e-14);

%!test
%! ## labels beyond a length are not counted
%! model = rnn_init ("rnn", 3, 4, "OutputSize", 3, "Seed", 5);
%! assert (rnn_loss (model, X, labels + (labels == 0), "Lengths", L),
%!         rnn_loss (model, X, labels .* ((1:5) <= L'), "Lengths", L), 1e-14);

%!test
%! ## against the loss written out by hand
%! model = rnn_init ("rnn", 3, 4, "OutputSize", 3, "Seed", 5);
%! [loss, grad, P] = rnn_loss (model, X, labels, "Lengths", L);
%! Y = rnn_forward (X, [], rmfield (model, {"Wy", "by"}), "Lengths", L);
%! s = 0; n = 0;
%! for j = 1:4
%!   for t = 1:L(j)
%!     if (labels(j,t) > 0)
%!       z = model.Wy * Y(:,j,t) + model.by;
%!       s -= z(labels(j,t)) - log (sum (exp (z))); n += 1;
%!     endif
%!   endfor
%! endfor
%! assert (loss, s / n, 1e-12);
%! assert (size (P), [3 4 5]);
%! assert (fieldnames (grad), {"W"; "R"; "b"; "Wy"; "by"});
%! assert (rnn_loss (model, X, labels, "Lengths", L), loss);

%!test
%! ## an untrained language model predicts about uniformly
%! model = rnn_init ("lstm", 27, 16, "OutputSize", 27, "Seed", 1);
%! [Xw, lw, Lw] = seq_batch (text_encode ({"cat", "horse"}, ["a":"z", "\n"]), 27, "Boundary", 27);
%! assert (rnn_loss (model, Xw, lw, "Lengths", Lw), log (27), 0.2);

%!test
%! ## a stack of two layers, each cell, against finite differences
%! for c = {"rnn", "gru", "lstm"}
%!   model = rnn_init (c{1}, 3, [4 3], "OutputSize", 3, "RecurrentBias", true, "Seed", 2);
%!   f = @(m) rnn_loss (m, X, labels, "Lengths", L);
%!   [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", c{1}, err, info.where);
%!   [~, g] = f (model);
%!   assert (fieldnames (g), {"layers"; "Wy"; "by"});
%!   assert (fieldnames (g.layers), {"W"; "R"; "b"; "bR"});
%! endfor

%!test
%! ## embedding, bidirectional stack, dropout with fixed masks (Seed)
%! idx = [1 5 6 6 0; 2 2 3 4 1; 5 0 0 0 0; 1 1 1 2 2];   # 6 only beyond lengths
%! model = rnn_init ("gru", 6, [4 3], "EmbeddingSize", 3, "OutputSize", 3,
%!                   "Dropout", 0.3, "Direction", "bidirectional", "Seed", 3);
%! f = @(m) rnn_loss (m, idx, labels, "Lengths", L, "Training", true, "Seed", 4);
%! [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%! assert (err < 1e-7, "%g at %s", err, info.where);
%! [~, g] = f (model);
%! assert (size (g.E), [3 6]); assert (g.E(:,6), zeros (3, 1));
%! ## the same seed, the same masks; another seed, others
%! assert (f (model), f (model));
%! assert (f (model) != rnn_loss (model, idx, labels, "Lengths", L, "Training", true, "Seed", 5));
%! ## evaluation: no dropout, as if the rates were 0
%! m0 = model; m0.dropout = 0;
%! assert (rnn_loss (model, idx, labels, "Lengths", L),
%!         rnn_loss (m0, idx, labels, "Lengths", L, "Training", true));

%!test
%! ## a flat layer struct and the one-layer model it stands for agree
%! f = rnn_init ("lstm", 3, 4, "OutputSize", 3, "Seed", 8);
%! m = rnn_init ("lstm", 3, 4, "OutputSize", 3, "Dropout", 0, "Seed", 8);
%! [l1, g1, P1, s1] = rnn_loss (f, X, labels, "Lengths", L);
%! [l2, g2, P2, s2] = rnn_loss (m, X, labels, "Lengths", L);
%! assert (l1, l2); assert (P1, P2);
%! assert (g1.W, g2.layers.W); assert (g1.Wy, g2.Wy); assert (s1, s2);

%!test
%! ## the state: a sequence in two chunks gives the outputs of one pass
%! model = rnn_init ("lstm", 3, [4 5], "OutputSize", 3, "Direction", "forward", "Seed", 9);
%! [~, ~, P] = rnn_loss (model, X, labels);
%! [~, ~, P1, s] = rnn_loss (model, X(:,:,1:2), labels(:,1:2));
%! assert (size (s.h), [1 2]); assert (size (s.h{2}), [5 4]); assert (size (s.c{1}), [4 4]);
%! [~, ~, P2, s2] = rnn_loss (model, X(:,:,3:5), labels(:,3:5), "InitialState", s);
%! assert (cat (3, P1, P2), P, 1e-14);
%! ## a GRU stack has no cell state
%! [~, ~, ~, s] = rnn_loss (rnn_init ("gru", 3, [2 2], "OutputSize", 3), X, labels);
%! assert (s.c, {[], []});

%!test
%! ## Training without dropout rates changes nothing; Seed leaves rand alone
%! model = rnn_init ("rnn", 3, [4 4], "OutputSize", 3, "Dropout", 0.5, "Seed", 1);
%! st = rand ("state");
%! rnn_loss (model, X, labels, "Training", true, "Seed", 3);
%! assert (rand ("state"), st);

%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "layers", [rnn_init("rnn", 3, 4), rnn_init("rnn", 3, 4)]), X, labels)
%!error <MODEL.layers\(2\).W must have 4 columns> rnn_loss (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "layers", [rnn_init("rnn", 3, 4), rnn_init("rnn", 3, 4)]), X, labels)
%!error id=rnn:rnn_loss:invalidModel rnn_loss (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "dropout", 1), X, labels)
%!error id=rnn:rnn_loss:invalidModel rnn_loss (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "recurrentDropout", -0.5), X, labels)
%!error id=rnn:rnn_loss:invalidIndex rnn_loss (rnn_init ("rnn", 3, [4 4], "EmbeddingSize", 2, "OutputSize", 3), [1 4], [1 1])
%!error id=rnn:rnn_loss:invalidIndex rnn_loss (rnn_init ("rnn", 3, [4 4], "EmbeddingSize", 2, "OutputSize", 3), [1 0.5], [1 1])
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (setfield (rnn_init ("rnn", 3, [4 4], "EmbeddingSize", 2, "OutputSize", 3), "E", ones (3, 3)), [1 2], [1 1])
%!error id=rnn:rnn_loss:invalidState rnn_loss (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), X, labels, "InitialState", struct ("h", {{[]}}))
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Training", 2)
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Seed", "a")
%!error <Training must be true or false, not "yes"> rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Training", "yes")
%!error <unknown option "Trainin" \(options: Lengths, Output, Loss, Training, Seed, InitialState\)> rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Trainin", 1)
%!test
%! ## true/false options take 1 and 0 as well
%! model = rnn_init ("rnn", 3, [4 4], "OutputSize", 3, "Dropout", 0.5, "Seed", 1);
%! assert (rnn_loss (model, X, labels, "Training", 1, "Seed", 2),
%!         rnn_loss (model, X, labels, "Training", true, "Seed", 2));
%! assert (rnn_loss (model, X, labels, "Training", 0), rnn_loss (model, X, labels));
%!demo
%! ## a two-layer character model with dropout: a training loss (with the
%! ## masks of Seed 1) and the evaluation loss, which drops nothing
%! vocab = ["a":"z", "\n"];
%! seqs = text_encode ({"cat", "horse", "zebra"}, vocab);
%! [X, labels, L] = seq_batch (seqs, 27, "Boundary", 27);
%! model = rnn_init ("lstm", 27, [32 32], "OutputSize", 27, "Dropout", 0.3, "Seed", 1);
%! [loss, grad] = rnn_loss (model, X, labels, "Lengths", L, "Training", true, "Seed", 1);
%! printf ("training loss %.4f, evaluation loss %.4f (log 27 = %.4f)\n", loss,
%!         rnn_loss (model, X, labels, "Lengths", L), log (27));
%! printf ("gradient norm %.4f\n", nthargout (2, @clip_gradients, grad, 1e10));

%!error <Invalid call> rnn_loss (1, 2)
%!error id=rnn:rnn_loss:invalidModel rnn_loss (rnn_init ("rnn", 3, 4), X, labels)
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Lenghts", L)
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Output", "first")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, [1 2], "Output", "last")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 2), X, [1 2 3 4], "Output", "last", "Loss", "mse")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 2), X, labels, "Loss", "mse")
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Loss", "hinge")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (setfield (rnn_init ("rnn", 3, 4, "OutputSize", 3), "Wy", ones (3, 5)), X, labels)
