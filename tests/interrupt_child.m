## interrupt_child.m - run by test_interrupt.m in a child octave-cli, which
## the test interrupts (SIGINT, as Ctrl-C sends) while a layer call runs.
## RNN_INTERRUPT_CASE: "forward" (no cache), "pooled" (a forward pass whose
## cache goes to the pool) or "backward".  Prints "start" when the long call
## begins, "finished" if it ends, and from the cleanup that the interrupt
## runs: how long the call ran, how long it would have run (from a short
## call of the same shape), and the pool's [entries, bytes] after one more
## small forward pass with a cache.
1;
what = getenv ("RNN_INTERRUPT_CASE");
setenv ("RNN_CACHE_BYTES", "8000000000");   # a long sequence's cache fits
p = rnn_init ("lstm", 16, 256, "Direction", "bidirectional", "Class", "single", "Seed", 1);
X0 = randn (16, 8, 200, "single");
t = tic (); [~, ~, ~, c0] = lstm_forward (X0, [], [], p); lstm_backward ([], [], [], c0);
t0 = toc (t);
## about 8 s uninterrupted (forward and backward): the cache of a longer
## call would take gigabytes, and the time of first touching that memory
## would be measured instead of the layer's steps; n_a = 256 makes each
## step's work large beside its cache for the same reason
T = ceil (200 * 8 / t0);
X = randn (16, 8, T, "single");
if (strcmp (what, "backward"))
  [Y, ~, ~, cache] = lstm_forward (X, [], [], p);
  dY = ones (size (Y), "single");
endif
printf ("start\n"); fflush (stdout);
t = tic ();
unwind_protect
  switch (what)
    case "forward"
      Y = lstm_forward (X, [], [], p);
    case "pooled"
      [Y, ~, ~, cache] = lstm_forward (X, [], [], p);
    case "backward"
      [dX, dp] = lstm_backward (dY, [], [], cache);
  endswitch
  printf ("finished\n");
unwind_protect_cleanup
  printf ("cleanup ran=%.2f full=%.2f\n", toc (t), T * t0 / 200);
  fflush (stdout);
  [~, ~, ~, small] = lstm_forward (X0(:,:,1:2), [], [], p);
  s = pool_stats ();
  printf ("pool=%d,%d\n", s(1), s(2));
  fflush (stdout);
end_unwind_protect
