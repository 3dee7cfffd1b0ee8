## char_lm_depth (SIZES, DROPOUT, BUDGET) - make demo's character model of
## words (examples/char_lm.m: 2000 held-out words, batches of 128 words of
## similar lengths, Adam 0.02 with a cosine schedule, global-norm clipping
## at 1, single precision) with LSTM layers of SIZES (a vector: a stack)
## and output dropout DROPOUT, trained in a plain loop of rnn_loss,
## clip_gradients and adamupdate for BUDGET seconds of CPU time (the
## iterations that fit, from the time of 15 warm-up iterations), so that
## models of different costs are compared at the same budget on a shared
## machine.  Prints one RESULT line with the held-out nats per character.
## Run from the build directory:
##   OPENBLAS_NUM_THREADS=1 ./run-octave --path tests/bench --eval "char_lm_depth ([160 160], 0, 90)"
function char_lm_depth (sizes, dropout, budget)
  words = strsplit (fileread ("/usr/share/dict/words"), "\n");
  words = words(! cellfun ("isempty", regexp (words, '^[a-z]+$', "once")));
  vocab = ["a":"z", "\n"]; V = 27;
  seqs = cellfun (@(s) [27, s, 27], text_encode (words, vocab), "UniformOutput", false);
  rand ("state", 1); randn ("state", 1);
  perm = randperm (numel (seqs));
  val = seqs(perm(1:2000)); train = seqs(perm(2001:end));
  [~, o] = sort (cellfun ("numel", train)); train = train(o);
  nb = floor (numel (train) / 128);
  opts = {"OutputSize", V, "Class", "single", "Seed", 1};
  if (numel (sizes) > 1 || dropout > 0)
    opts = [opts, {"Dropout", dropout}];
  endif
  model = rnn_init ("lstm", V, sizes, opts{:});
  [Xv, lv, Lv] = seq_batch (val, V, "Class", "single");
  lr0 = 0.02;
  function [model, m, v] = step (model, m, v, b, it, lr)
    [X, lab, L] = seq_batch (train((b-1)*128 + (1:128)), V, "Class", "single");
    [~, g] = rnn_loss (model, X, lab, "Lengths", L, "Training", true);
    g = clip_gradients (g, 1);
    [model, m, v] = adamupdate (model, g, m, v, it, lr);
  endfunction
  ## time per iteration from 15 warm-up iterations (then start afresh)
  m = v = [];
  c0 = cputime ();
  for it = 1:15
    [~, m, v] = step (model, m, v, randi (nb), it, lr0);
  endfor
  per = (cputime () - c0) / 15;
  iters = max (1, round (budget / per));
  m = v = []; c0 = cputime (); t0 = tic ();
  for it = 1:iters
    if (mod (it - 1, nb) == 0) order = randperm (nb); endif
    lr = lr0 * 0.5 * (1 + cos (pi * (it - 1) / iters));
    [model, m, v] = step (model, m, v, order(mod (it - 1, nb) + 1), it, lr);
  endfor
  cpu = cputime () - c0; wall = toc (t0);
  val_loss = rnn_loss (model, Xv, lv, "Lengths", Lv);
  printf ("RESULT sizes=%s dropout=%g: %d iterations, %.1f s CPU, %.1f s wall, %.1f ms/iteration CPU, held-out %.3f nats/char\n",
          mat2str (sizes), dropout, iters, cpu, wall, 1e3 * cpu / iters, val_loss);
endfunction
