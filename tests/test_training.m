## test_training.m - the training pieces together: a whole model (one-hot
## input -> recurrent layer -> dense_forward -> softmax_cross_entropy and
## back) against finite differences, clipping and the optimisers on layer
## gradients, and Adam learning a small seeded sequence task.  Run with
## `test test_training`.

## ---- helpers ------------------------------------------------------------

%!function X = one_hot (idx, n)
%!  ## idx [m, T] of 1..n  ->  X [n, m, T]
%!  [m, T] = size (idx);
%!  X = zeros (n, m, T);
%!  X(sub2ind ([n, m*T], idx(:)', 1:m*T)) = 1;
%!endfunction

%!function [L, g] = model_loss (t, X, labels, opts)
%!  ## layer -> dense -> softmax cross-entropy; gradients of everything in t
%!  switch (t.p.cell)
%!    case "rnn",  [Y, ~, cache] = rnn_forward (X, [], t.p, opts{:});
%!    case "gru",  [Y, ~, cache] = gru_forward (X, [], t.p, opts{:});
%!    case "lstm", [Y, ~, ~, cache] = lstm_forward (X, [], [], t.p, opts{:});
%!  endswitch
%!  Z = dense_forward (Y, t.Wy, t.by);
%!  [L, dZ] = softmax_cross_entropy (Z, labels);
%!  [dY, dWy, dby] = dense_backward (dZ, Y, t.Wy);
%!  switch (t.p.cell)
%!    case "rnn",  [~, dp] = rnn_backward (dY, [], cache);
%!    case "gru",  [~, dp] = gru_backward (dY, [], cache);
%!    case "lstm", [~, dp] = lstm_backward (dY, [], [], cache);
%!  endswitch
%!  g = struct ("p", dp, "Wy", dWy, "by", dby);
%!endfunction

%!function t = model (cell, n_x, n_a, n_y, varargin)
%!  p = rnn_init (cell, n_x, n_a, "OutputSize", n_y, varargin{:});
%!  t = struct ("p", rmfield (p, {"Wy", "by"}), "Wy", p.Wy, "by", 0.1 * randn (n_y, 1));
%!endfunction

## ---- the whole model against finite differences (double, < 1e-7) --------

%!test
%! ## LSTM, one-hot input, padded batch: Lengths and 0 = ignore labels
%! randn ("state", 11); rand ("state", 11);
%! t = model ("lstm", 5, 6, 5, "Seed", 2);
%! idx = randi (5, 3, 7);
%! X = one_hot (idx, 5);
%! labels = [idx(:, 2:end), zeros(3, 1)];    # predict the next symbol
%! len = [7 4 6];
%! labels((1:7) >= len(:)) = 0;              # nothing to predict beyond a length
%! f = @(t) model_loss (t, X, labels, {"Lengths", len});
%! [err, info] = gradcheck (f, t, "MaxEntries", Inf);
%! assert (err < 1e-7, sprintf ("%s: %g", info.where, err));

%!test
%! ## LSTM, bidirectional (concat: Wy sees 2*n_a rows), recurrent bias
%! randn ("state", 12); rand ("state", 12);
%! t = model ("lstm", 4, 3, 4, "Direction", "bidirectional", "RecurrentBias", true, "Seed", 3);
%! t.p.bR = 0.1 * randn (size (t.p.bR));
%! idx = randi (4, 2, 5);
%! f = @(t) model_loss (t, one_hot (idx, 4), fliplr (idx), {});
%! [err, info] = gradcheck (f, t, "MaxEntries", Inf);
%! assert (err < 1e-7, sprintf ("%s: %g", info.where, err));

%!test
%! ## the same pipeline with an RNN and a GRU layer
%! randn ("state", 13); rand ("state", 13);
%! idx = randi (4, 3, 6);
%! for c = {"rnn", "gru"}
%!   t = model (c{1}, 4, 5, 4, "Seed", 4);
%!   f = @(t) model_loss (t, one_hot (idx, 4), [idx(:, 2:end), zeros(3, 1)], {});
%!   [err, info] = gradcheck (f, t);
%!   assert (err < 1e-7, sprintf ("%s %s: %g", c{1}, info.where, err));
%! endfor

## ---- clipping and the optimisers on a layer's gradients -----------------

%!test
%! ## clip_gradients on the model's gradient struct: every method keeps the
%! ## structure and classes; global norm after clipping = threshold
%! randn ("state", 14);
%! t = model ("lstm", 4, 3, 4, "Seed", 5);
%! idx = randi (4, 2, 5);
%! [~, g] = model_loss (t, one_hot (idx, 4), idx, {});
%! g.p.W *= 1e3;                               # an exploding gradient
%! [c, n] = clip_gradients (g, 1);
%! v = @(g) [g.p.W(:); g.p.R(:); g.p.b(:); g.Wy(:); g.by(:)];
%! assert (n, norm (v (g)), 1e-10 * n);
%! assert (norm (v (c)), 1, 1e-12);
%! assert (v (c), v (g) / n, 1e-15);
%! c = clip_gradients (g, 1, "Method", "l2norm");
%! assert (norm (c.p.W(:)), 1, 1e-12); assert (c.by, g.by * min (1, 1 / norm (g.by)), 1e-15);
%! c = clip_gradients (g, 0.01, "Method", "absolute-value");
%! assert (max (abs (v (c))), 0.01);

%!test
%! ## one optimiser step leaves p's non-numeric fields, and updates exactly
%! ## the fields that have gradients; mixed single/double parameter structs
%! p = rnn_init ("gru", 3, 2, "OutputSize", 3, "Class", "single", "Seed", 6);
%! g = struct ("W", ones (size (p.W)), "b", ones (size (p.b)), "Wy", ones (size (p.Wy)));
%! [q, m, v] = adamupdate (p, g, [], [], 1, 0.1);
%! assert (q.cell, "gru"); assert (q.direction, "forward"); assert (q.resetGateMode, p.resetGateMode);
%! assert (q.R, p.R); assert (q.by, p.by);
%! assert (q.W, p.W - single (0.1), 1e-6); assert (class (q.W), "single");
%! assert (sort (fieldnames (m)), {"W"; "Wy"; "b"});
%! [q, vel] = sgdmupdate (p, g, []);
%! assert (q.Wy, p.Wy - 0.01, 1e-6); assert (q.R, p.R);
%! [q, s] = rmspropupdate (p, g, []);
%! assert (q.b, p.b - 0.001 / (sqrt (0.1) + 1e-8), 1e-6);

## ---- learning a small task --------------------------------------------

%!function [idx, X, labels] = recall_batch (m, T, n, d)
%!  ## echo the symbol d steps back: input x_t, target x_(t-d) (nothing to
%!  ## predict, label 0, for t <= d)
%!  idx = randi (n, m, T);
%!  X = zeros (n, m, T);
%!  X(sub2ind ([n, m*T], idx(:)', 1:m*T)) = 1;
%!  labels = [zeros(m, d), idx(:, 1:end-d)];
%!endfunction

%!test
%! ## Adam + global-norm clipping teach an RNN to echo the symbol seen two
%! ## steps earlier; the loss falls from log(4) to a small fraction of it
%! randn ("state", 21); rand ("state", 21);
%! n = 4; m = 16; T = 10;
%! t = model ("rnn", n, 16, n, "Seed", 7);
%! m1 = []; m2 = [];
%! [~, X, labels] = recall_batch (m, T, n, 2);
%! loss0 = model_loss (t, X, labels, {});
%! tic;
%! for it = 1:300
%!   [~, X, labels] = recall_batch (m, T, n, 2);
%!   [L, g] = model_loss (t, X, labels, {});
%!   g = clip_gradients (g, 5);
%!   [t, m1, m2] = adamupdate (t, g, m1, m2, it, 0.02);
%! endfor
%! elapsed = toc;
%! [~, X, labels] = recall_batch (m, T, n, 2);
%! loss1 = model_loss (t, X, labels, {});
%! assert (loss0 > 1.2);                      # about log (4) = 1.39
%! assert (loss1 < 0.1 * loss0, sprintf ("loss %g -> %g", loss0, loss1));
%! assert (elapsed < 10, sprintf ("%g s", elapsed));   # about 1 s unloaded

%!test
%! ## echoing the previous symbol with an LSTM, with each optimiser
%! n = 3; m = 8; T = 6;
%! for opt = {"adam", "sgdm", "rmsprop"}
%!   randn ("state", 22); rand ("state", 22);
%!   t = model ("lstm", n, 8, n, "Seed", 8);
%!   s1 = []; s2 = [];
%!   [~, X, labels] = recall_batch (m, T, n, 1);
%!   loss0 = model_loss (t, X, labels, {});
%!   for it = 1:200
%!     [~, X, labels] = recall_batch (m, T, n, 1);
%!     [~, g] = model_loss (t, X, labels, {});
%!     g = clip_gradients (g, 1);
%!     switch (opt{1})
%!       case "adam",    [t, s1, s2] = adamupdate (t, g, s1, s2, it, 0.03);
%!       case "sgdm",    [t, s1] = sgdmupdate (t, g, s1, 0.5, 0.9);
%!       case "rmsprop", [t, s1] = rmspropupdate (t, g, s1, 0.01);
%!     endswitch
%!   endfor
%!   [~, X, labels] = recall_batch (m, T, n, 1);
%!   loss1 = model_loss (t, X, labels, {});
%!   assert (loss1 < 0.5 * loss0, sprintf ("%s: loss %g -> %g", opt{1}, loss0, loss1));
%! endfor
