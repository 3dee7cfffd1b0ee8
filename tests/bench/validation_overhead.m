## validation_overhead.m - does validation slow the main job's training?
##
##   ./run-octave tests/bench/validation_overhead.m
##
## The main job's set-up (examples/char_lm.m: the lowercase words of
## /usr/share/dict/words, an LSTM of 256 units in single precision, batches
## of 128 words, Adam 0.02 with a cosine decay, clipping at 1) trained for
## RNN_BENCH_ITERS iterations (default 1000) without validation ("none") and
## with ValidationData = 2000 held-out words every 250 iterations ("val"),
## the two runs in turns, RNN_BENCH_ROUNDS times each (default 2).  The
## throughput of a run is its characters (the sum of history.Steps) over its
## wall time (history.Time(end), which includes the validations).  Prints
## each run and the median slowdown.  A benchmark, not a test: run it on an
## otherwise idle machine, or say that it was not.
1;
iters = str2double (getenv ("RNN_BENCH_ITERS"));
if (isnan (iters)) iters = 1000; endif
rounds = str2double (getenv ("RNN_BENCH_ROUNDS"));
if (isnan (rounds)) rounds = 2; endif
words = strsplit (fileread ("/usr/share/dict/words"), "\n");
words = words(! cellfun ("isempty", regexp (words, '^[a-z]+$', "once")));
vocab = ["a":"z", "\n"];
seqs = cellfun (@(s) [27, s, 27], text_encode (words, vocab), "UniformOutput", false);
rand ("state", 1);
perm = randperm (numel (seqs));
val = seqs(perm(1:2000)); train = seqs(perm(2001:end));
model = rnn_init ("lstm", 27, 256, "OutputSize", 27, "Class", "single", "Seed", 1);
opts = {"Iterations", iters, "MiniBatchSize", 128, "LearnRate", 0.02, ...
        "LearnRateSchedule", "cosine", "GradientThreshold", 1, "Seed", 1, "Verbose", false};
rate = struct ("none", [], "val", []);
for r = 1:rounds
  for kind = {"none", "val"}
    extra = {};
    if (strcmp (kind{1}, "val"))
      extra = {"ValidationData", val, "ValidationFrequency", 250, ...
               "OutputNetwork", "last-iteration"};
    endif
    [~, h] = rnn_train (model, train, opts{:}, extra{:});
    rate.(kind{1})(end+1) = sum (h.Steps) / h.Time(end);
    nv = nnz (! isnan (h.ValidationLoss));
    printf ("round %d %-4s %d iterations, %d validations: %.0f s, %.0f char/s\n",
            r, kind{1}, iters, nv, h.Time(end), rate.(kind{1})(end));
    fflush (stdout);
  endfor
endfor
printf ("median throughput: none %.0f char/s, val %.0f char/s: validation costs %.1f%%\n",
        median (rate.none), median (rate.val),
        100 * (1 - median (rate.val) / median (rate.none)));

## On a busy machine the two throughputs above differ by more than the
## validations cost, so estimate that cost directly too: a training step's
## median time against one validation pass's, measured back to back, and the
## share that 11 validations add to the main job's 2500 iterations
for r = 1:rounds
  [~, h] = rnn_train (model, train, opts{:}, "Iterations", 60);
  t_iter = median (diff (h.Time(11:end)));
  [~, h2] = rnn_train (model, train, opts{:}, "Iterations", 2, "ValidationData", val,
                       "ValidationFrequency", 1, "OutputNetwork", "last-iteration");
  t_val = diff (h2.Time) - t_iter;      # iteration 2: a step and a validation
  printf ("round %d: a step %.0f ms, a validation of 2000 words %.0f ms: 11 in 2500 iterations add %.1f%%\n",
          r, 1e3 * t_iter, 1e3 * t_val, 100 * 11 * t_val / (2500 * t_iter));
endfor
