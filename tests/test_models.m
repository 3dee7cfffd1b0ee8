## test_models.m - whole models (rnn_init with several layers, an
## embedding, dropout): rnn_loss against finite differences for stacks of
## every cell, direction and merge, with Lengths and both outputs; the
## forward pass against the layers composed by hand; dropout (evaluation,
## scaling, masks, padding); single against double; the gradient's shape
## in clip_gradients and the optimisers; bad models.  Run with
## `test test_models`.

%!function [X, labels, L, idx] = data (n_x, V)
%!  randn ("state", 3); rand ("state", 3);
%!  X = randn (n_x, 4, 5);
%!  labels = [1 2 0 0 0; 2 2 1 3 1; 3 0 0 0 0; 1 1 1 2 2];
%!  L = [2 5 1 5];
%!  idx = [1 V 2 V V; 2 2 3 4 1; 3 V V 1 2; 1 1 1 2 2];   # V only beyond L but (1,2)
%!endfunction

%!function P = by_hand (model, X, L, masks, rmasks = {})
%!  ## the layers composed with the layer functions, masks{k} on layer k's
%!  ## output, rmasks{k} its recurrent dropout mask
%!  A = X;
%!  if (isfield (model, "E"))
%!    A = reshape (model.E(:, max (X(:), 1)) .* (X(:) > 0)', rows (model.E), rows (X), []);
%!  endif
%!  for k = 1:numel (model.layers)
%!    p = model.layers(k);
%!    o = {"Lengths", L};
%!    if (k <= numel (rmasks))
%!      o(end+1:end+2) = {"RecurrentDropoutMask", rmasks{k}};
%!    endif
%!    switch (p.cell)
%!      case "rnn",  A = rnn_forward (A, [], p, o{:});
%!      case "gru",  A = gru_forward (A, [], p, o{:});
%!      case "lstm", A = lstm_forward (A, [], [], p, o{:});
%!    endswitch
%!    if (k <= numel (masks))
%!      A = A .* masks{k};
%!    endif
%!  endfor
%!  P = softmax (dense_forward (A, model.Wy, model.by));
%!endfunction

%!test
%! ## stacks of every cell, direction and merge against finite differences
%! [X, labels, L] = data (3, 3);
%! for c = {"rnn", "gru", "lstm"}
%!   for d = {"forward", "reverse", "bidirectional"}
%!     merges = {"concat"};
%!     if (strcmp (d{1}, "bidirectional")) merges = {"concat", "sum", "ave", "mul"}; endif
%!     for mg = merges
%!       m = rnn_init (c{1}, 3, [3 2], "OutputSize", 3, "Direction", d{1},
%!                     "Merge", mg{1}, "RecurrentBias", true, "Seed", 1,
%!                     "BiasInitializer", "narrow-normal");
%!       [err, info] = gradcheck (@(t) rnn_loss (t, X, labels, "Lengths", L), m,
%!                                "MaxEntries", Inf);
%!       assert (err < 1e-7, "%s %s %s: %g at %s", c{1}, d{1}, mg{1}, err, info.where);
%!       [err, info] = gradcheck (@(t) rnn_loss (t, X, [3 1 2 2], "Lengths", L,
%!                                               "Output", "last"), m);
%!       assert (err < 1e-7, "%s %s %s last: %g at %s", c{1}, d{1}, mg{1}, err, info.where);
%!     endfor
%!   endfor
%! endfor

%!test
%! ## three layers, an embedding, mse
%! [X, labels, L, idx] = data (3, 6);
%! m = rnn_init ("gru", 6, [4 3 2], "EmbeddingSize", 3, "OutputSize", 2, "Seed", 2);
%! Tg = randn (2, 4, 5);
%! [err, info] = gradcheck (@(t) rnn_loss (t, idx, Tg, "Lengths", L, "Loss", "mse"), m,
%!                          "MaxEntries", Inf);
%! assert (err < 1e-7, "%g at %s", err, info.where);

%!test
%! ## the forward pass is the layers composed by hand
%! [X, labels, L, idx] = data (3, 6);
%! m = rnn_init ("lstm", 3, [4 3], "OutputSize", 3, "Direction", "bidirectional", "Seed", 3);
%! [~, ~, P] = rnn_loss (m, X, labels, "Lengths", L);
%! assert (P, by_hand (m, X, L, {}), 1e-14);
%! m = rnn_init ("gru", 6, [4 3], "EmbeddingSize", 2, "OutputSize", 3, "Seed", 4);
%! [~, ~, P] = rnn_loss (m, idx, labels, "Lengths", L);
%! assert (P, by_hand (m, idx, L, {}), 1e-14);

%!test
%! ## dropout: kept units scaled by 1/(1-p), the masks those of rand
%! ## ("state", Seed) drawn layer by layer; each mask's zeros about a
%! ## fraction p; evaluation and rate 0 are the model without dropout
%! [X, labels, L] = data (3, 3);
%! p = 0.4;
%! m = rnn_init ("gru", 3, [6 5 4], "OutputSize", 3, "Dropout", p, "Seed", 5);
%! [loss, ~, P] = rnn_loss (m, X, labels, "Lengths", L, "Training", true, "Seed", 7);
%! old = rand ("state"); rand ("state", 7);
%! M1 = (rand (6, 4, 5) >= p) / (1 - p); M2 = (rand (5, 4, 5) >= p) / (1 - p);
%! rand ("state", old);
%! assert (P, by_hand (m, X, L, {M1, M2}), 1e-14);
%! assert (unique ([M1(:); M2(:)])', [0, 1 / (1 - p)]);
%! ## the same masks with Lengths padding filled with anything: padding ignored
%! Xg = X; Xg(:, 1, 3:5) = 100; Xg(:, 3, 2:5) = -7;
%! assert (rnn_loss (m, Xg, labels, "Lengths", L, "Training", true, "Seed", 7), loss);
%! m0 = m; m0.dropout = 0;
%! assert (rnn_loss (m, X, labels, "Lengths", L), rnn_loss (m0, X, labels, "Lengths", L));
%! assert (rnn_loss (m0, X, labels, "Training", true), rnn_loss (m0, X, labels));
%! ## every unit of layer 1 gives 0.5; layer 2 (relu, one unit) averages
%! ## them after dropout: 0.5 k / (n (1-p)) with k the units kept, so k
%! ## is a whole number, about (1-p) n, and differs between sequences
%! n = 400;
%! m = rnn_init ("rnn", 1, [n 1], "OutputSize", 1, "Activation", "relu", "Dropout", p);
%! m.layers(1).W(:) = 0; m.layers(1).R(:) = 0; m.layers(1).b(:) = 0.5;
%! m.layers(2).W(:) = 1 / n; m.layers(2).R(:) = 0; m.layers(2).b(:) = 0;
%! m.Wy = 1; m.by = 0;
%! [~, ~, Z] = rnn_loss (m, zeros (1, 50), zeros (1, 50), "Output", "last",
%!                       "Loss", "mse", "Training", true, "Seed", 1);
%! k = Z * n * (1 - p) / 0.5;
%! assert (k, round (k), 1e-9);
%! assert (mean (k) / n, 1 - p, 0.02);
%! assert (numel (unique (k)) > 10);
%! [~, ~, Z] = rnn_loss (m, zeros (1, 50), zeros (1, 50), "Output", "last", "Loss", "mse");
%! assert (Z, 0.5 * ones (1, 50), 1e-15);

%!test
%! ## recurrent dropout with output dropout, every cell, bidirectional:
%! ## finite differences with fixed masks, and the masks are rand ("state",
%! ## Seed)'s, drawn for each layer before its output's
%! [X, labels, L] = data (3, 3);
%! p = 0.3; q = 0.4;
%! for c = {"rnn", "gru", "lstm"}
%!   m = rnn_init (c{1}, 3, [4 3], "OutputSize", 3, "Dropout", p, "RecurrentDropout", q,
%!                 "Direction", "bidirectional", "Seed", 2);
%!   f = @(t) rnn_loss (t, X, labels, "Lengths", L, "Training", true, "Seed", 3);
%!   [err, info] = gradcheck (f, m, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", c{1}, err, info.where);
%!   [~, ~, P] = f (m);
%!   old = rand ("state"); rand ("state", 3);
%!   R1 = (rand (4, 4, 2) >= q) / (1 - q); M1 = (rand (8, 4, 5) >= p) / (1 - p);
%!   R2 = (rand (3, 4, 2) >= q) / (1 - q);
%!   rand ("state", old);
%!   assert (P, by_hand (m, X, L, {M1}, {R1, R2}), 1e-14);
%!   ## evaluation: as without the rates
%!   m0 = m; m0.dropout = 0; m0.recurrentDropout = 0;
%!   assert (rnn_loss (m, X, labels, "Lengths", L), rnn_loss (m0, X, labels, "Lengths", L));
%! endfor

%!test
%! ## the recurrent mask is the same at every step (a plain loop of the
%! ## equations with one mask per sequence) and differs between sequences
%! q = 0.5;
%! m = rnn_init ("rnn", 2, [6 3], "OutputSize", 2, "RecurrentDropout", q, "Seed", 4);
%! m.layers(2).R(:) = 0;          # layer 2 then needs no mask: read layer 1
%! m.layers(2).W = [eye(3), zeros(3)]; m.layers(2).b(:) = 0;
%! x = repmat (randn (2, 1, 6), 1, 5);     # five copies of one sequence
%! [~, ~, Z] = rnn_loss (m, x, zeros (2, 5, 6), "Loss", "mse", "Training", true, "Seed", 9);
%! old = rand ("state"); rand ("state", 9);
%! M = (rand (6, 5) >= q) / (1 - q);
%! rand ("state", old);
%! p1 = m.layers(1);
%! h = zeros (6, 5); Zr = zeros (2, 5, 6);
%! for t = 1:6
%!   h = tanh (p1.W * x(:,:,t) + p1.b + p1.R * (M .* h));
%!   Zr(:,:,t) = m.Wy * tanh (h(1:3,:)) + m.by;
%! endfor
%! assert (Z, Zr, 1e-13);
%! assert (size (unique (round (1e8 * squeeze (Z(1,:,end)))), 2) > 1);
%! [~, ~, Z0] = rnn_loss (m, x, zeros (2, 5, 6), "Loss", "mse");
%! assert (Z0(:,1,:), Z0(:,5,:));
%! ## recurrent dropout alone, with Lengths: finite differences
%! m = rnn_init ("gru", 2, [3 3], "OutputSize", 2, "RecurrentDropout", 0.3, "Seed", 5);
%! lab = randi ([0 2], 5, 6);
%! f = @(t) rnn_loss (t, x, lab, "Lengths", [6 2 4 1 6],
%!                    "Training", true, "Seed", 2);
%! [err, info] = gradcheck (f, m, "MaxEntries", Inf);
%! assert (err < 1e-7, "%g at %s", err, info.where);

%!test
%! ## single against double, with an embedding and fixed dropout masks
%! [X, labels, L, idx] = data (3, 6);
%! m = rnn_init ("lstm", 6, [5 4], "EmbeddingSize", 3, "OutputSize", 3, "Dropout", 0.2,
%!               "Direction", "bidirectional", "Seed", 6);
%! [l, g] = rnn_loss (m, idx, labels, "Lengths", L, "Training", true, "Seed", 1);
%! ms = m;
%! ms.E = single (m.E); ms.Wy = single (m.Wy); ms.by = single (m.by);
%! for k = 1:2
%!   ms.layers(k).W = single (m.layers(k).W); ms.layers(k).R = single (m.layers(k).R);
%!   ms.layers(k).b = single (m.layers(k).b);
%! endfor
%! [ls, gs] = rnn_loss (ms, idx, labels, "Lengths", L, "Training", true, "Seed", 1);
%! assert (class (ls), "single"); assert (class (gs.layers(1).W), "single");
%! assert (class (gs.E), "single");
%! assert (double (ls), l, 1e-5);
%! assert (double (gs.E), g.E, 1e-4);
%! assert (double (gs.layers(1).R), g.layers(1).R, 1e-4);
%! assert (double (gs.Wy), g.Wy, 1e-4);

%!test
%! ## the gradient's shape goes through clipping and every optimiser
%! [X, labels, L, idx] = data (3, 6);
%! m = rnn_init ("gru", 6, [4 3], "EmbeddingSize", 3, "OutputSize", 3, "Dropout", 0.1, "Seed", 7);
%! [~, g] = rnn_loss (m, idx, labels, "Lengths", L);
%! arrays = @(s) [s.layers(1).W(:); s.layers(1).R(:); s.layers(1).b(:); s.layers(2).W(:);
%!                s.layers(2).R(:); s.layers(2).b(:); s.Wy(:); s.by(:); s.E(:)];
%! [gc, n] = clip_gradients (g, 1e-3);
%! assert (n, norm (arrays (g)), 1e-12);
%! assert (norm (arrays (gc)), 1e-3, 1e-12);
%! [p1, a, b] = adamupdate (m, g, [], [], 1, 0.01);
%! assert (size (a.layers), [1 2]); assert (p1.dropout, 0.1);
%! step = @(g) 0.01 * sqrt (0.001) / 0.1 * (0.1 * g) ./ (sqrt (0.001) * abs (g) + 1e-8);
%! assert (p1.layers(2).W, m.layers(2).W - step (g.layers(2).W), 1e-12);
%! assert (p1.E, m.E - step (g.E), 1e-12);
%! p2 = sgdmupdate (m, g, [], 0.1, 0);
%! assert (arrays (p2), arrays (m) - 0.1 * arrays (g), 1e-15);
%! p3 = rmspropupdate (m, g, []);
%! assert (size (p3.layers), [1 2]);
%! ## a gradient of another shape: a clear error naming the array
%! g1 = g; g1.layers = g1.layers(1);
%! fail ("adamupdate (m, g1, [], [], 1)", "GRAD.layers must be a 1x2 struct");
%! g2 = g; g2.layers(2).W = g2.layers(2).W(:, 1:2);
%! fail ("sgdmupdate (m, g2, [])", "layers\\(2\\).W");

%!test
%! ## bad models: each error names the layer and the sizes
%! [X, labels] = data (3, 3);
%! m = rnn_init ("lstm", 3, [4 3], "OutputSize", 3);
%! bad = m; bad.layers(2) = setfield (bad.layers(2), "W", ones (12, 5));
%! fail ("rnn_loss (bad, X, labels)",
%!       "rnn_loss: MODEL.layers\\(2\\).W must have 4 columns, the output size of layer 1 \\(4 units\\), not 12x5");
%! bad = m; bad.layers(1).W = ones (16, 2);
%! fail ("rnn_loss (bad, X, labels)", "lstm_forward: .*X");
%! bad = m; bad.dropout = 1;
%! fail ("rnn_loss (bad, X, labels)", "MODEL.dropout must be a rate in \\[0, 1\\), not 1");
%! bad = m; bad.recurrentDropout = NaN;
%! fail ("rnn_summary (bad)", "rnn_summary: MODEL.recurrentDropout must be a rate");
%! bad = m; bad.Wy = ones (3, 4);
%! fail ("rnn_sample (bad, \"ab\\n\", 1)", "Wy \\[n_y, 3\\] \\(the output size of layer 2\\)");
%! m = rnn_init ("gru", 5, [4 4], "EmbeddingSize", 2, "OutputSize", 3,
%!               "Direction", "bidirectional");
%! fail ("rnn_loss (m, [1 6], [1 1])", "IDX\\(1,2\\) = 6 is out of range.*V = 5");
%! fail ("rnn_loss (m, [1 2.5], [1 1])", "IDX\\(1,2\\) = 2.5 is not an integer");
%! bad = m; bad.E = ones (3, 5);
%! fail ("rnn_loss (bad, [1 2], [1 1])", "MODEL.E is 3x5, but MODEL.layers\\(1\\).W has 2 columns");
%! bad = m; bad.layers(2).W = ones (24, 4);
%! fail ("rnn_loss (bad, [1 2], [1 1])",
%!       "layers\\(2\\).W must have 8 columns, the output size of layer 1 \\(4 units, bidirectional, merge \"concat\"\\), not 24x4");
%! fail ("rnn_init (\"gru\", 5, [4 4], \"OutputSize\", 3, \"Dropout\", 1.5)",
%!       "Dropout must be a rate in \\[0, 1\\)");
