## malloc_tuning.m - the cost of the gateways' malloc tuning (docs/memory.md).
## Run it once with RNN_MALLOC_TUNING unset and once with RNN_MALLOC_TUNING=0,
## each in a fresh Octave (the setting belongs to the process):
##
##   for t in 1 0 1 0; do RNN_MALLOC_TUNING=$t ./run-octave tests/bench/malloc_tuning.m; done
##
## Prints, per shape, the median time of a training step (forward with a
## cache, then backward) over 5 rounds, the resident memory after the
## steps, and after ten 20 MB arrays were made and freed (what a session
## keeps of memory it gave back).
setenv ("OPENBLAS_NUM_THREADS", "1");
rss = @() sscanf (fileread ("/proc/self/statm"), "%d")(2) * 4096 / 2^20;
shapes = {"S lstm single", "lstm", [32 64 16 100], "single", "forward", 100;
          "M gru double bidirectional", "gru", [128 256 32 100], "double", "bidirectional", 4};
t = getenv ("RNN_MALLOC_TUNING");
printf ("RNN_MALLOC_TUNING=%s, RSS at the start %.0f MiB\n", t, rss ());
for s = 1:rows (shapes)
  d = shapes{s,3}; n = shapes{s,6};
  p = rnn_init (shapes{s,2}, d(1), d(2), "Class", shapes{s,4},
                "Direction", shapes{s,5}, "Seed", 1);
  D = 1 + strcmp (shapes{s,5}, "bidirectional");
  X = randn (d(1), d(3), d(4), shapes{s,4});
  dY = randn (D * d(2), d(3), d(4), shapes{s,4});
  r = zeros (1, 5);
  for k = 1:5
    t0 = tic ();
    for i = 1:n
      if (strcmp (shapes{s,2}, "lstm"))
        [~, ~, ~, cache] = lstm_forward (X, [], [], p);
        [~, dp] = lstm_backward (dY, [], [], cache);
      else
        [~, ~, cache] = gru_forward (X, [], p);
        [~, dp] = gru_backward (dY, [], cache);
      endif
    endfor
    r(k) = toc (t0) / n;
  endfor
  printf ("  %-28s %8.2f ms/step  RSS %6.0f MiB\n", shapes{s,1}, 1e3 * median (r), rss ());
endfor
r0 = rss ();
c = cell (1, 10);
for k = 1:10
  c{k} = ones (2.5e6, 1); c{k}(1) = k;
endfor
clear c;
printf ("  after ten 20 MB arrays made and freed: RSS %.0f MiB (%+.0f)\n", rss (), rss () - r0);
