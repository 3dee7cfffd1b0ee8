## seq2seq_bench.m - time the date-translation model of
## examples/date_translation.m here and in PyTorch (seq2seq_torch.py), in
## turns, one thread each:
##
##   OPENBLAS_NUM_THREADS=1 ./run-octave tests/bench/seq2seq_bench.m
##
## train:  one teacher-forced training step on 64 random one-hot sources of
##         lengths 10..29 and 10 target symbols: seq2seq_loss,
##         clip_gradients at norm 5, adamupdate;
## decode: greedy decoding (seq2seq_decode) of 1000 such sources, 10 steps.
## Both in double, as the example runs.  Medians of ROUNDS rounds; each
## round times both sides (PyTorch as a subprocess with OMP_NUM_THREADS=1).
## Settings: RNN_BENCH_ROUNDS (default 3), RNN_BENCH_REPS (default 10).

1;   # a script file, not a function file

function run_bench ()
  rounds = str2double (getenv ("RNN_BENCH_ROUNDS"));
  if (isnan (rounds)) rounds = 3; endif
  reps = str2double (getenv ("RNN_BENCH_REPS"));
  if (isnan (reps)) reps = 10; endif
  here = fileparts (mfilename ("fullpath"));
  if (isempty (here)) here = fullfile (pwd (), "tests", "bench"); endif
  rand ("state", 1); randn ("state", 1);
  model = seq2seq_init ("lstm", 41, 11, 32, "DecoderSize", 64, "AttentionSize", 32, "Seed", 1);
  [X, L] = sources (64); Y = randi (11, 64, 10);
  [Xd, Ld] = sources (1000);
  ours = zeros (rounds, 2); theirs = zeros (rounds, 2);
  for r = 1:rounds
    avg = []; sq = [];
    t = zeros (1, reps + 1);
    for i = 1:reps + 1
      t0 = tic ();
      [~, g] = seq2seq_loss (model, X, Y, "SourceLengths", L);
      g = clip_gradients (g, 5);
      [model, avg, sq] = adamupdate (model, g, avg, sq, i, 0.005);
      t(i) = toc (t0);
    endfor
    ours(r,1) = 1000 * median (t(2:end));
    t = zeros (1, max (1, floor (reps / 4)) + 1);
    for i = 1:numel (t)
      t0 = tic ();
      seq2seq_decode (model, Xd, "SourceLengths", Ld, "MaxLength", 10);
      t(i) = toc (t0);
    endfor
    ours(r,2) = 1000 * median (t(2:end));
    [st, out] = system (sprintf ("OMP_NUM_THREADS=1 /usr/bin/python3 %s %d",
                                 fullfile (here, "seq2seq_torch.py"), reps));
    if (st != 0)
      error ("seq2seq_bench: seq2seq_torch.py failed:\n%s", out);
    endif
    theirs(r,:) = sscanf (out, "%f", 2)';
    printf ("round %d: train %.1f ms (PyTorch %.1f), decode 1000 %.1f ms (PyTorch %.1f)\n",
            r, ours(r,1), theirs(r,1), ours(r,2), theirs(r,2));
  endfor
  o = median (ours, 1); p = median (theirs, 1);
  printf ("median of %d rounds, one thread each, double:\n", rounds);
  printf ("  training step (batch 64):    rnn %7.1f ms   PyTorch %7.1f ms   PyTorch/rnn %.2f\n",
          o(1), p(1), p(1) / o(1));
  printf ("  greedy decoding (1000 dates): rnn %7.1f ms   PyTorch %7.1f ms   PyTorch/rnn %.2f\n",
          o(2), p(2), p(2) / o(2));
endfunction

## m one-hot sources of 41 symbols, lengths 10..29
function [X, L] = sources (m)
  L = randi ([10 29], 1, m); Tx = max (L);
  X = zeros (41, m, Tx);
  [j, t] = find ((1:Tx) <= L(:));
  X(sub2ind (size (X), randi (41, numel (j), 1), j, t)) = 1;
endfunction

run_bench ();
