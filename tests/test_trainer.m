## test_trainer.m - rnn_train's options beyond the plain loop: validation
## and early stopping, L2 regularisation and decoupled weight decay (one
## step against the formulas, bit for bit), a user's loss function,
## checkpoints (a child Octave killed mid-run resumes from its checkpoint to
## the model of an uninterrupted run), and bad input.  Run with
## `test test_trainer`.

## ---- helpers ------------------------------------------------------------

## a classification task: the sign of the first input's sum; N sequences
%!function [X, y] = sign_task (n, seed)
%!  randn ("state", seed);
%!  X = randn (2, n, 5);
%!  y = 1 + (sum (X(1,:,:), 3) > 0);
%!endfunction

## Adam's step from zero moments, written as tests/test_update.m writes it
%!function p = adam_first_step (p, g, lr)
%!  b1 = 0.9; b2 = 0.999; ep = 1e-8;
%!  lr_t = lr * sqrt (1 - b2^1) / (1 - b1^1);
%!  s1 = b1 * 0 + (1 - b1) * g;
%!  s2 = b2 * 0 + (1 - b2) * (g .* g);
%!  p -= lr_t * (s1 ./ (sqrt (s2) + ep));
%!endfunction

## a model of the user's own for LossFcn: a stack of two "layers" (a
## struct array) and a cell of extra weights; its loss pulls every array
## towards TARGET: loss = sum over arrays of sum ((w - target).^2) / 2
%!function m = toy_model ()
%!  m = struct ("layers", struct ("W", {[1 2; 3 4], [5 6]}, "b", {[1; 2], 3}),
%!              "extra", {{[0.5 -0.5]}}, "name", "toy");
%!endfunction

%!function [loss, grad] = toy_loss (m, X, labels, lengths)
%!  t = X;                                  # the "data" is the target value
%!  loss = 0;
%!  grad = m;
%!  grad = rmfield (grad, "name");
%!  for k = 1:2
%!    for f = {"W", "b"}
%!      d = m.layers(k).(f{1}) - t;
%!      loss += sumsq (d(:)) / 2;
%!      grad.layers(k).(f{1}) = d;
%!    endfor
%!  endfor
%!  d = m.extra{1} - t;
%!  loss += sumsq (d(:)) / 2;
%!  grad.extra{1} = d;
%!endfunction

## ---- validation and early stopping ------------------------------------

%!test
%! ## a model that overfits 16 sequences with random labels: the validation
%! ## loss rises, training stops after the patience, and the model returned
%! ## is the one whose validation loss is the minimum of the history
%! [X, ~] = sign_task (16, 1);
%! randn ("state", 2); rand ("state", 2);
%! y = randi (2, 1, 16);
%! [Xv, yv] = sign_task (200, 3);
%! model = rnn_init ("gru", 2, 16, "OutputSize", 2, "Seed", 4);
%! opts = {"Output", "last", "Iterations", 3000, "LearnRate", 0.02, "Verbose", false, ...
%!         "ValidationData", {Xv, yv}, "ValidationFrequency", 10, ...
%!         "ValidationPatience", 4, "Seed", 5};
%! [mb, h, st] = rnn_train (model, @(k) deal (X, y, []), opts{:});
%! v = h.ValidationLoss;
%! assert (st.StopReason, "validation-patience");
%! assert (numel (h.Loss) < 3000);
%! assert (h.SmoothedLoss(end) < h.SmoothedLoss(1));          # it did learn the 16
%! [vmin, at] = min (v);
%! assert (st.Best.Loss, vmin); assert (st.Best.Iteration, h.Iteration(at));
%! assert (rnn_loss (mb, Xv, yv, "Output", "last"), vmin, 1e-12);
%! ## four validations after the best, none better
%! later = v(at+1:end); later = later(! isnan (later));
%! assert (numel (later), 4); assert (all (later >= vmin));
%! ## "last-iteration" returns the model after the last iteration instead
%! [ml, hl] = rnn_train (model, @(k) deal (X, y, []), opts{:}, "OutputNetwork", "last-iteration");
%! assert (hl.Loss, h.Loss);
%! assert (rnn_loss (ml, Xv, yv, "Output", "last"), v(end), 1e-12);
%! assert (! isequal (ml, mb));

%!test
%! ## validation of cell data: every held-out sequence scored; history has
%! ## NaN where no validation ran; accuracy counts the most probable class
%! vocab = ["a":"z", "\n"];
%! words = {"anna", "bob", "hannah", "otto", "ada", "eve", "pip"};
%! seqs = cellfun (@(w) [27, w, 27], text_encode (words, vocab), "UniformOutput", false);
%! model = rnn_init ("lstm", 27, 8, "OutputSize", 27, "Seed", 1);
%! [m, h] = rnn_train (model, seqs(1:5), "Iterations", 12, "MiniBatchSize", 5,
%!                     "Verbose", false, "ValidationData", seqs(6:7),
%!                     "ValidationFrequency", 5, "Seed", 1, "OutputNetwork", "last-iteration");
%! assert (find (! isnan (h.ValidationLoss)), [1 5 10 12]);
%! [X, labels, L] = seq_batch (seqs(6:7), 27);
%! [l, ~, P] = rnn_loss (m, X, labels, "Lengths", L);
%! assert (h.ValidationLoss(end), l, 1e-12);
%! [~, pred] = max (P, [], 1);
%! ok = labels > 0;
%! assert (h.ValidationAccuracy(end), nnz (ok & squeeze (pred) == labels) / nnz (ok), 1e-12);

%!test
%! ## a run cut in two (State) ends as one run: validation, patience and
%! ## the batch order carry on (the first part validates once more, after
%! ## its last iteration 9)
%! vocab = ["a":"z", "\n"];
%! words = {"anna", "bob", "hannah", "otto", "ada", "eve", "pip", "noon", "abba"};
%! seqs = cellfun (@(w) [27, w, 27], text_encode (words, vocab), "UniformOutput", false);
%! model = rnn_init ("gru", 27, 6, "OutputSize", 27, "Seed", 3);
%! opts = {"MiniBatchSize", 3, "LearnRate", 0.01, "Verbose", false, "Seed", 7, ...
%!         "ValidationData", seqs(8:9), "ValidationFrequency", 4};
%! [m1, h1, s1] = rnn_train (model, seqs(1:7), "Iterations", 20, opts{:});
%! [ma, ~, sa] = rnn_train (model, seqs(1:7), "Iterations", 9, opts{:});
%! [mb, h2, s2] = rnn_train (ma, seqs(1:7), "Iterations", 11, opts{:}, "State", sa);
%! assert (isequal (mb, m1));
%! v1 = h1.ValidationLoss; v1(9) = h2.ValidationLoss(9);
%! assert (isequaln (h2.ValidationLoss, v1));
%! assert (! isnan (v1(9)));
%! assert (h2.Loss, h1.Loss);
%! assert (s2.Best.Loss, s1.Best.Loss);

## ---- regularisation: one step against the formulas --------------------

%!test
%! ## L2Regularization and WeightDecay (AdamW) with Adam, and L2 with sgdm:
%! ## the weights W, R, Wy get lambda * w in their gradient and are decayed;
%! ## the biases b, by are not.  Bit for bit.
%! for cls = {"double", "single"}
%!   model = rnn_init ("lstm", 3, 4, "OutputSize", 2, "Class", cls{1}, "Seed", 1);
%!   randn ("state", 9);
%!   X = randn (3, 5, 4, cls{1}); y = randi (2, 5, 4);
%!   [~, g] = rnn_loss (model, X, y);
%!   lam = 0.01; wd = 0.05; lr = 0.003;
%!   ref = model;
%!   for f = fieldnames (g)'
%!     f = f{1};
%!     gf = g.(f); w = model.(f);
%!     if (any (strcmp (f, {"W", "R", "Wy"})))
%!       gf = gf + lam * w;
%!       w = w - (lr * wd) * w;
%!     endif
%!     ref.(f) = adam_first_step (w, gf, lr);
%!   endfor
%!   m = rnn_train (model, @(k) deal (X, y, []), "Iterations", 1, "LearnRate", lr,
%!                  "GradientThreshold", Inf, "L2Regularization", lam,
%!                  "WeightDecay", wd, "Verbose", false);
%!   assert (isequal (m, ref));
%!   ## sgdm: vel = -lr * (g + lam * w), p + vel
%!   ref = model;
%!   for f = fieldnames (g)'
%!     f = f{1};
%!     gf = g.(f);
%!     if (any (strcmp (f, {"W", "R", "Wy"})))
%!       gf = gf + lam * model.(f);
%!     endif
%!     ref.(f) = model.(f) + (0.9 * 0 - 0.01 * gf);
%!   endfor
%!   m = rnn_train (model, @(k) deal (X, y, []), "Iterations", 1, "Optimizer", "sgdm",
%!                  "GradientThreshold", Inf, "L2Regularization", lam, "Verbose", false);
%!   assert (isequal (m, ref));
%! endfor

%!test
%! ## the same rules inside nested models (LossFcn): layers(k).W and the
%! ## unnamed arrays of a cell are weights; layers(k).b are biases
%! m0 = toy_model ();
%! lam = 0.1; wd = 0.2; lr = 0.01;
%! m = rnn_train (m0, @(k) deal (0.25, [], []), "LossFcn", @toy_loss, "Iterations", 1,
%!                "LearnRate", lr, "L2Regularization", lam, "WeightDecay", wd,
%!                "GradientThreshold", Inf, "Verbose", false);
%! for k = 1:2
%!   w = m0.layers(k).W;
%!   assert (isequal (m.layers(k).W, adam_first_step (w - (lr * wd) * w, (w - 0.25) + lam * w, lr)));
%!   b = m0.layers(k).b;
%!   assert (isequal (m.layers(k).b, adam_first_step (b, b - 0.25, lr)));
%! endfor
%! e = m0.extra{1};
%! assert (isequal (m.extra{1}, adam_first_step (e - (lr * wd) * e, (e - 0.25) + lam * e, lr)));
%! assert (m.name, "toy");

## ---- LossFcn ------------------------------------------------------------

%!test
%! ## a user's loss trains with the same loop: every array reaches the
%! ## target; validation calls the loss with one output
%! [m, h] = rnn_train (toy_model (), @(k) deal (0.25, [], []), "LossFcn", @toy_loss,
%!                     "Iterations", 400, "LearnRate", 0.1, "Verbose", false,
%!                     "ValidationData", {0.25, [], []}, "ValidationFrequency", 100,
%!                     "LearnRateSchedule", "cosine");
%! assert (h.Loss(end) < 1e-3 * h.Loss(1));
%! assert (m.layers(2).W, [0.25 0.25], 0.02);
%! assert (find (! isnan (h.ValidationLoss)), [1 100 200 300 400]);
%! assert (h.ValidationLoss(end), toy_loss (m, 0.25, [], []), 1e-12);
%! assert (all (isnan (h.ValidationAccuracy)));

%!test
%! ## LossFcn on cell data gets the batches seq_batch makes
%! seqs = {[1 2 3], [2 3 1 2], [3 1]};
%! ## the loss is 0 when the batch is what seq_batch makes of all three
%! ## (vocabulary: the largest symbol, 3), so m.w stays where it is
%! [X, labels, L] = seq_batch (seqs, 3);
%! same = @(X1, l1, L1) isequal (sortrows ([reshape(X1, 3, []); l1(:)']'),
%!                               sortrows ([reshape(X, 3, []); labels(:)']')) && isequal (sort (L1), sort (L));
%! f = @(m, X1, l1, L1) deal (merge (same (X1, l1, L1), 0, 1) * m.w^2, struct ("w", 2 * m.w));
%! [m, h] = rnn_train (struct ("w", 1), seqs, "LossFcn", f, "Iterations", 2, "MiniBatchSize", 3,
%!                     "Verbose", false, "Seed", 1);
%! assert (h.Loss, [0 0]);

%!warning id=rnn:rnn_train:nonfinite
%! rnn_train (struct ("w", 1), @(k) deal (k, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal (merge (X >= 2, Inf, 1), struct ("w", 1)));
%!error id=rnn:rnn_train:invalidGradient
%! rnn_train (toy_model (), @(k) deal (0, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal (1, struct ("layers", struct ("W", {1, 2}, "b", {1, 2}))));
%!error id=rnn:rnn_train:invalidGradient
%! rnn_train (struct ("w", [1 2]), @(k) deal (0, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal (1, struct ("w", [1 2 3])));
%!error id=rnn:rnn_train:invalidGradient
%! rnn_train (struct ("w", [1 2]), @(k) deal (0, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal (1, struct ("v", [1 2])));
%!error id=rnn:rnn_train:invalidGradient
%! rnn_train (struct ("w", [1 2]), @(k) deal (0, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal (1, struct ("w", {[1 2], [3 4]})));
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (struct ("w", 1), @(k) deal (0, [], []), "LossFcn", "mse");
%!error id=rnn:rnn_train:invalidLoss
%! rnn_train (struct ("w", 1), @(k) deal (0, [], []), "Verbose", false,
%!            "LossFcn", @(m, X, l, L) deal ([1 2], struct ("w", 1)));
%!error id=rnn:rnn_train:invalidModel
%! rnn_train ({1}, @(k) deal (0, [], []), "LossFcn", @(m, X, l, L) deal (1, m));

%!test
%! ## a non-finite loss from a LossFcn: the existing early stop, with a warning
%! m0 = struct ("w", 1);
%! warning ("off", "rnn:rnn_train:nonfinite", "local");
%! [m, h, st] = rnn_train (m0, @(k) deal (k, [], []), "Verbose", false, "Iterations", 10,
%!                         "LossFcn", @(m, X, l, L) deal (merge (X >= 4, NaN, m.w^2), struct ("w", 2 * m.w)));
%! assert (numel (h.Loss), 3); assert (st.StopReason, "nonfinite");
%! m3 = rnn_train (m0, @(k) deal (k, [], []), "Verbose", false, "Iterations", 3,
%!                 "LossFcn", @(m, X, l, L) deal (m.w^2, struct ("w", 2 * m.w)));
%! assert (isequal (m, m3));

## ---- checkpoints --------------------------------------------------------

%!test
%! ## a child Octave trains with checkpoints and is killed mid-run
%! ## (SIGKILL); training resumed from its last checkpoint ends with the
%! ## same model, bit for bit, as an uninterrupted run with the same seed
%! ## (batch order, validation, the cosine schedule)
%! vocab = ["a":"z", "\n"];
%! words = {"anna", "bob", "hannah", "otto", "ada", "eve", "pip", "noon", "abba", "kayak"};
%! seqs = cellfun (@(w) [27, w, 27], text_encode (words, vocab), "UniformOutput", false);
%! model = rnn_init ("lstm", 27, 8, "OutputSize", 27, "Seed", 2);
%! N = 40;
%! opts = {"MiniBatchSize", 3, "LearnRate", 0.01, "Verbose", false, "Seed", 11, ...
%!         "ValidationData", seqs(9:10), "ValidationFrequency", 6, ...
%!         "LearnRateSchedule", "cosine"};
%! dir = tempname (); mkdir (dir);
%! unwind_protect
%!   save ("-binary", fullfile (dir, "input.mat"), "model", "seqs", "opts", "N");
%!   script = fullfile (dir, "child.m");
%!   fid = fopen (script, "w");
%!   fprintf (fid, "addpath ('%s');\nload ('%s');\n", fileparts (which ("rnn_train")),
%!            fullfile (dir, "input.mat"));
%!   fprintf (fid, "rnn_train (model, seqs(1:8), 'Iterations', N, opts{:}, 'CheckpointPath', '%s', 'CheckpointFrequency', 4, 'OutputFcn', @(m, info) pause (0.2));\n",
%!            fullfile (dir, "ck"));
%!   fclose (fid);
%!   octave = fullfile (OCTAVE_HOME (), "bin", "octave-cli");
%!   [~, out] = system (sprintf ("'%s' -q --norc '%s' > '%s' 2>&1 & echo $!", octave, script,
%!                               fullfile (dir, "child.log")));
%!   pid = str2double (out);
%!   ckfile = fullfile (dir, "ck", "rnn_checkpoint.mat");
%!   it = 0;
%!   for wait = 1:1200                    # at most 60 s
%!     if (exist (ckfile, "file"))
%!       ck = load (ckfile);
%!       it = ck.state.Iteration;
%!       if (it >= 12)
%!         break;
%!       endif
%!     endif
%!     pause (0.05);
%!   endfor
%!   alive = kill (pid, 0) == 0;          # still training: kill it mid-run
%!   assert (alive, "the child has stopped; log: %s", fileread (fullfile (dir, "child.log")));
%!   kill (pid, 9);
%!   pause (0.2);
%!   assert (it >= 12 && it < N, "child: checkpoint at %d; log: %s", it,
%!           fileread (fullfile (dir, "child.log")));
%!   ck = load (ckfile);                  # the last complete checkpoint
%!   assert (mod (ck.state.Iteration, 4), 0);
%!   assert (ck.state.StopReason, "running");
%!   [mr, hr] = rnn_train (ck.model, seqs(1:8), "Iterations", N - ck.state.Iteration, opts{:},
%!                         "State", ck.state);
%!   [mu, hu] = rnn_train (model, seqs(1:8), "Iterations", N, opts{:});
%!   assert (isequal (mr, mu));
%!   assert (hr.Loss, hu.Loss);
%!   assert (hr.LearnRate, hu.LearnRate);   # the cosine schedule carried on
%!   assert (isequaln (hr.ValidationLoss, hu.ValidationLoss));
%! unwind_protect_cleanup
%!   confirm_recursive_rmdir (false, "local");
%!   rmdir (dir, "s");
%! end_unwind_protect

%!test
%! ## the checkpoint holds the model and the state after its iteration, and
%! ## is the last one; no temporary file is left
%! dir = tempname ();
%! unwind_protect
%!   model = rnn_init ("rnn", 2, 3, "OutputSize", 2, "Seed", 1);
%!   [X, y] = sign_task (8, 1);
%!   [m, h, st] = rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Iterations", 7,
%!                           "CheckpointPath", dir, "CheckpointFrequency", 3, "Verbose", false);
%!   assert (exist (dir, "dir") == 7);       # made
%!   assert (glob (fullfile (dir, "*")), {fullfile(dir, "rnn_checkpoint.mat")});
%!   ck = load (fullfile (dir, "rnn_checkpoint.mat"));
%!   assert (isequal (ck.model, m)); assert (ck.state.Iteration, 7);
%!   assert (ck.state.History.Loss, h.Loss);
%!   ## a later run whose loss fails leaves that checkpoint as it was
%!   before = fileread (fullfile (dir, "rnn_checkpoint.mat"));
%!   try
%!     rnn_train (m, @(k) deal (X, y(1:3), []), "Output", "last", "Iterations", 7,
%!                "CheckpointPath", dir, "CheckpointFrequency", 1, "Verbose", false);
%!   catch
%!   end_try_catch
%!   assert (strcmp (fileread (fullfile (dir, "rnn_checkpoint.mat")), before));
%!   ## an OutputFcn that stops training: the checkpoint is where it stopped
%!   [m5, h5] = rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Iterations", 7,
%!                         "CheckpointPath", dir, "CheckpointFrequency", 3, "Verbose", false,
%!                         "OutputFcn", @(m, info) info.Iteration == 5);
%!   ck = load (fullfile (dir, "rnn_checkpoint.mat"));
%!   assert (ck.state.Iteration, 5); assert (isequal (ck.model, m5));
%! unwind_protect_cleanup
%!   confirm_recursive_rmdir (false, "local");
%!   if (exist (dir, "dir")) rmdir (dir, "s"); endif
%! end_unwind_protect

## ---- deep models --------------------------------------------------------

%!test
%! ## a stack with an embedding and dropout learns next-symbol data (index
%! ## batches), with dropout on while training: iteration k's loss is
%! ## rnn_loss's with "Training", true on that batch (same random stream)
%! vocab = ["a":"z", "\n"];
%! words = {"anna", "bob", "hannah", "otto", "ada"};
%! seqs = cellfun (@(w) [27, w, 27], text_encode (words, vocab), "UniformOutput", false);
%! model = rnn_init ("gru", 27, [12 12], "EmbeddingSize", 6, "OutputSize", 27,
%!                   "Dropout", 0.2, "Seed", 1);
%! [m, h] = rnn_train (model, seqs, "Iterations", 150, "MiniBatchSize", 5,
%!                     "LearnRate", 0.02, "Verbose", false, "Seed", 3);
%! assert (h.Loss(1), log (27), 0.3); assert (h.SmoothedLoss(end) < 1.2);
%! [X, labels, L] = seq_batch (seqs, 27, "Indices", true);
%! assert (rnn_loss (m, X, labels, "Lengths", L) < 1);      # evaluation mode
%! ## one iteration by hand: the batch is all five words (one batch per
%! ## epoch, in an order drawn from the seeded stream), dropout on
%! rand ("state", 3); randn ("state", 4);
%! perm = randperm (5); ord = randperm (1);          # the epoch's draws
%! [~, o] = sort (cellfun ("numel", seqs(perm)));
%! [X1, l1, L1] = seq_batch (seqs(perm(o)), 27, "Indices", true);
%! l_train = rnn_loss (model, X1, l1, "Lengths", L1, "Training", true);
%! [~, h1] = rnn_train (model, seqs, "Iterations", 1, "MiniBatchSize", 5, "Verbose", false,
%!                      "Seed", 3);
%! assert (h1.Loss, l_train);
%! assert (h1.Loss != rnn_loss (model, X1, l1, "Lengths", L1));   # dropout was on

## ---- stateful training on a text (truncated BPTT) ----------------------

%!test
%! ## a text of 2*3*5 + 1 symbols in m = 2 streams of 15 steps, BPTTLength 5:
%! ## each batch starts from the states the one before ended with; after
%! ## 3 batches a new epoch starts from zeros.  Against the loop by hand,
%! ## bit for bit (sgdm, no clipping).
%! randn ("state", 3); rand ("state", 3);
%! V = 5; text = randi (V, 1, 31);
%! model = rnn_init ("lstm", V, [6 4], "OutputSize", V, "Seed", 1);
%! streams = reshape (text(1:30), 15, 2)'; nexts = reshape (text(2:31), 15, 2)';
%! onehot = @(idx) reshape (full (sparse (idx(:)', 1:numel (idx), 1, V, numel (idx))), V, rows (idx), []);
%! m = model; vel = []; st = []; L = zeros (1, 4);
%! for k = 1:4
%!   t = mod (k - 1, 3) * 5 + (1:5);
%!   if (k == 4) st = []; endif                # a new epoch
%!   [L(k), g, ~, st] = rnn_loss (m, onehot (streams(:,t)), nexts(:,t), "InitialState", st,
%!                                "Training", true);
%!   [m, vel] = sgdmupdate (m, g, vel, 0.01, 0.9);
%! endfor
%! [mt, h, state] = rnn_train (model, text, "MiniBatchSize", 2, "BPTTLength", 5,
%!                             "Iterations", 4, "Optimizer", "sgdm",
%!                             "GradientThreshold", Inf, "Verbose", false);
%! assert (h.Loss, L); assert (isequal (mt, m));
%! assert (all (h.Steps == 10));
%! assert (state.Batcher.pos, 5); assert (isequal (state.Batcher.h, st));

%!test
%! ## the gradient of a piece is that of the piece alone from the carried
%! ## state, held fixed: no gradient crosses the cut (finite differences)
%! randn ("state", 4); rand ("state", 4);
%! V = 4; idx = randi (V, 3, 12);
%! X = reshape (full (sparse (idx(:)', 1:36, 1, V, 36)), V, 3, 12);
%! labels = randi (V, 3, 12);
%! model = rnn_init ("gru", V, [5 3], "OutputSize", V, "Seed", 2);
%! [~, ~, ~, s] = rnn_loss (model, X(:,:,1:6), labels(:,1:6));
%! f = @(m) rnn_loss (m, X(:,:,7:12), labels(:,7:12), "InitialState", s);
%! [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%! assert (err < 1e-7, "%s: %g", info.where, err);
%! ## and the forward of the two pieces is the forward of the whole
%! [~, ~, P] = rnn_loss (model, X, labels);
%! [~, ~, P2] = rnn_loss (model, X(:,:,7:12), labels(:,7:12), "InitialState", s);
%! assert (P2, P(:,:,7:12), 1e-14);

%!test
%! ## a text as ValidationData: its streams scored whole (states carried
%! ## across pieces); a run cut in two (State) ends as one run
%! randn ("state", 5); rand ("state", 5);
%! V = 6; text = randi (V, 1, 400); vtext = randi (V, 1, 121);
%! model = rnn_init ("gru", V, 8, "OutputSize", V, "Seed", 3);
%! opts = {"MiniBatchSize", 4, "BPTTLength", 10, "Verbose", false, "Seed", 2, ...
%!         "ValidationData", vtext, "ValidationFrequency", 5, "LearnRate", 0.01};
%! [m1, h1] = rnn_train (model, text, "Iterations", 25, opts{:});
%! [ma, ~, sa] = rnn_train (model, text, "Iterations", 12, opts{:});
%! [mb, h2] = rnn_train (ma, text, "Iterations", 13, opts{:}, "State", sa);
%! assert (isequal (mb, m1)); assert (h2.Loss, h1.Loss);
%! ## 121 symbols, 10 steps per stream at least: 4 streams of 30
%! vs = reshape (vtext(1:120), 30, 4)'; vn = reshape (vtext(2:121), 30, 4)';
%! [mf, hf] = rnn_train (model, text, "Iterations", 25, opts{:}, "OutputNetwork", "last-iteration");
%! P = rnn_predict (mf, reshape (full (sparse (vs(:)', 1:120, 1, V, 120)), V, 4, 30));
%! at = sub2ind (size (P), vn(:)', repmat (1:4, 1, 30), kron (1:30, ones (1, 4)));
%! assert (hf.ValidationLoss(end), -mean (log (P(at))), 1e-12);
%! [~, pred] = max (P, [], 1);
%! assert (hf.ValidationAccuracy(end), mean (squeeze (pred)(:) == vn(:)), 1e-12);

%!warning id=rnn:rnn_train:bidirectionalNextSymbol
%! m = rnn_init ("gru", 3, [3 3], "OutputSize", 3, "Direction", "bidirectional", "Seed", 1);
%! rnn_train (m, [1 2 3 1 2 3 1], "Iterations", 1, "MiniBatchSize", 2, "Verbose", false);

%!error id=rnn:rnn_train:invalidInput
%! rnn_train (rnn_init ("gru", 3, 3, "OutputSize", 3), [1 2 4 1], "Verbose", false);
%!error id=rnn:rnn_train:invalidValidationData
%! rnn_train (rnn_init ("gru", 3, 3, "OutputSize", 3), [1 2 3 1], "Verbose", false,
%!            "ValidationData", [1 2 0 1]);
%!error id=rnn:rnn_train:invalidInput
%! rnn_train (struct ("w", 1), [1 2 3 1], "LossFcn", @(m, X, l, L) deal (1, m));
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (rnn_init ("gru", 3, 3, "OutputSize", 3), [1 2 3 1], "BPTTLength", 0);

## ---- bad input ------------------------------------------------------------

%!shared model, X, y, seqs
%! model = rnn_init ("gru", 2, 3, "OutputSize", 2, "Seed", 1);
%! [X, y] = sign_task (8, 1);
%! seqs = {[1 2 3], [2 1 2 2]};

%!error id=rnn:rnn_train:checkpointPath
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Iterations", 2,
%!            "CheckpointPath", "/proc/no/such/folder", "Verbose", false);
%!error id=rnn:rnn_train:checkpointPath
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Iterations", 2,
%!            "CheckpointPath", "/proc", "Verbose", false);
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (model, @(k) deal (X, y, []), "CheckpointPath", 3);
%!error <ValidationData's X must be \[2, m, T\]>
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Verbose", false,
%!            "ValidationData", {randn(3, 4, 5), [1 2 1 2]});
%!error id=rnn:rnn_train:invalidValidationData
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Verbose", false,
%!            "ValidationData", {X, [1 2 1]});
%!error id=rnn:rnn_train:invalidValidationData
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Verbose", false,
%!            "ValidationData", @(j) randn (5, 2, 2));
%!error id=rnn:rnn_train:invalidValidationData
%! rnn_train (model, @(k) deal (X, y, []), "Output", "last", "Verbose", false,
%!            "ValidationData", "heldout.txt");
%!error <the model's vocabulary is 1..2>
%! rnn_train (model, seqs(1), "Verbose", false, "ValidationData", {[1 2 3]});
%!error id=rnn:rnn_train:invalidValidationData
%! rnn_train (model, {[1 2 1]}, "Verbose", false, "ValidationData", {[1 2 1], {2}});
%!error id=rnn:rnn_train:invalidInput
%! rnn_train (model, {[1 2 1], [1 0 2]}, "Verbose", false);
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (model, {[1 2 1]}, "OutputNetwork", "best-validation");
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (model, {[1 2 1]}, "ValidationPatience", 0);
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (model, {[1 2 1]}, "L2Regularization", -1);
%!error id=rnn:rnn_train:invalidOption
%! rnn_train (model, {[1 2 1]}, "WeightDecay", NaN);

%!warning id=rnn:rnn_train:bidirectionalNextSymbol
%! m = rnn_init ("gru", 2, 3, "OutputSize", 2, "Direction", "bidirectional", "Seed", 1);
%! rnn_train (m, {[1 2 1 2]}, "Iterations", 1, "Verbose", false);
