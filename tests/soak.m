## -*- texinfo -*-
## @deftypefn  {} {} soak (@var{seconds}, @var{seed}, @var{log})
## @deftypefnx {} {} soak ("replay", @var{log})
## The soak test (@code{make soak}, docs/robustness.md): layer calls for
## @var{seconds} with random cells, directions, shapes (n_x 1-24, n_a 1-48,
## m 1-12, T 1-80), precisions, Lengths and initial states, in random
## modes: forward without a cache, forward with a cache nobody reads,
## forward and backward, backward twice, and caches kept for up to 8 later
## calls and their backward passes run out of order.  Call @var{k} depends
## only on @var{seed} and @var{k}.  Every 100 calls it prints the elapsed
## time, the calls made and the resident memory; at the end it prints
## whether that memory levelled off (the last quarter of the samples within
## 16 MiB of the second quarter's largest).  Each call's results, summed,
## go to @var{log}; @code{soak ("replay", @var{log})}, run in a fresh
## process, makes each logged call again from scratch (forward, then
## backward at once) and requires the same sums, bit for bit.  Raises an
## error on any failure.
## @end deftypefn
function soak (seconds, seed, log)
  if (ischar (seconds) && strcmp (seconds, "replay"))
    replay (seed);
    return;
  endif
  rss = @() sscanf (fileread ("/proc/self/statm"), "%d")(2) * 4096 / 2^20;
  fid = fopen (log, "w");
  fprintf (fid, "seed %d\n", seed);
  pending = {};                       # {k, cell, cache, dY} kept for later
  curve = [];
  t0 = tic (); k = 0;
  printf ("soak: seed %d, %s BLAS threads, %g s\n", seed,
          getenv ("OPENBLAS_NUM_THREADS"), seconds);
  printf ("%8s %8s %9s\n", "seconds", "calls", "RSS MiB");
  while (toc (t0) < seconds)
    k++;
    c = make_call (seed, k);
    switch (c.mode)
      case "forward"                  # no cache
        Y = fwd (c);
        fprintf (fid, "%d %s\n", k, sums ({Y}));
      case "unread"                   # a cache nobody reads
        [Y, cache] = fwd (c);
        fprintf (fid, "%d %s\n", k, sums ({Y}));
      case {"both", "twice"}
        [Y, cache] = fwd (c);
        g = bwd (c, cache);
        if (strcmp (c.mode, "twice"))
          g2 = bwd (c, cache);
          if (! isequal (g, g2))
            error ("soak: call %d: the second backward pass differs", k);
          endif
        endif
        fprintf (fid, "%d %s\n", k, sums ({Y, g{:}}));
      case "later"                    # backward at a later call
        [Y, cache] = fwd (c);
        pending{end+1} = {k, c, cache, Y};
    endswitch
    ## run some of the pending backward passes, in random order
    while (numel (pending) > 8 || (! isempty (pending) && rand () < 0.3))
      j = randi (numel (pending));
      q = pending{j}; pending(j) = [];
      g = bwd (q{2}, q{3});
      fprintf (fid, "%d %s\n", q{1}, sums ({q{4}, g{:}}));
    endwhile
    if (mod (k, 100) == 0)
      curve(end+1,:) = [toc(t0), k, rss()];
      printf ("%8.1f %8d %9.1f\n", curve(end,:));
      fflush (stdout);
    endif
  endwhile
  for j = 1:numel (pending)           # the backward passes still to run
    q = pending{j};
    g = bwd (q{2}, q{3});
    fprintf (fid, "%d %s\n", q{1}, sums ({q{4}, g{:}}));
  endfor
  fclose (fid);
  n = rows (curve);
  if (n >= 8)
    q2 = max (curve(floor (n/4)+1:floor (n/2), 3));
    q4 = curve(floor (3*n/4)+1:end, 3);
    printf ("soak: %d calls in %.0f s; RSS %.1f MiB at the first sample, at most %.1f in the second quarter, %.1f-%.1f in the last\n",
            k, toc (t0), curve(1,3), q2, min (q4), max (q4));
    if (max (q4) > q2 + 16)
      error ("soak: resident memory grew in the last quarter (%.1f MiB > %.1f + 16)",
             max (q4), q2);
    endif
  else
    printf ("soak: %d calls in %.0f s (too few samples for the curve)\n", k, toc (t0));
  endif
endfunction

function replay (log)
  lines = strsplit (strtrim (fileread (log)), "\n");
  seed = sscanf (lines{1}, "seed %d");
  lines(1) = [];
  bad = 0;
  for i = 1:numel (lines)
    parts = strsplit (lines{i}, " ");
    k = str2double (parts{1});
    c = make_call (seed, k);
    if (any (strcmp (c.mode, {"forward", "unread"})))
      want = {fwd(c)};
    else
      [Y, cache] = fwd (c);
      g = bwd (c, cache);
      want = {Y, g{:}};
    endif
    if (! strcmp (sums (want), strjoin (parts(2:end), " ")))
      printf ("soak replay: call %d differs\n", k);
      bad++;
    endif
  endfor
  printf ("soak replay: %d calls made again in a fresh process, %d differ\n",
          numel (lines), bad);
  if (bad)
    error ("soak: %d calls differ from a fresh process's", bad);
  endif
endfunction

## the call k of seed: its layer, inputs and mode
function c = make_call (seed, k)
  rand ("state", [seed; k]); randn ("state", [seed; k]);
  cells = {"rnn", "gru", "lstm"};
  dirs = {"forward", "reverse", "bidirectional"};
  modes = {"forward", "unread", "both", "twice", "later", "later"};
  c.cell = cells{randi (3)}; c.dir = dirs{randi (3)};
  c.mode = modes{randi (numel (modes))};
  cls = {"double", "single"}{randi(2)};
  n_x = randi (24); n_a = randi (48); m = randi (12); T = randi (80);
  D = 1 + strcmp (c.dir, "bidirectional");
  c.p = rnn_init (c.cell, n_x, n_a, "Direction", c.dir, "Class", cls,
                  "RecurrentBias", rand () < 0.5, "Seed", k);
  c.X = cast (randn (n_x, m, T), cls);
  c.h0 = []; c.c0 = [];
  if (rand () < 0.5)
    c.h0 = cast (randn (n_a, m, D), cls); c.c0 = cast (randn (n_a, m, D), cls);
  endif
  c.opts = {};
  if (rand () < 0.5)
    c.opts = {"Lengths", randi(T, 1, m)};
  endif
  c.dY = cast (randn (n_a * D, m, T), cls);
  if (rand () < 0.2)
    c.dY = single (c.dY);             # mixed precision
  endif
endfunction

function [Y, cache] = fwd (c)
  cache = [];
  switch (c.cell)
    case "rnn"
      if (nargout > 1) [Y, ~, cache] = rnn_forward (c.X, c.h0, c.p, c.opts{:});
      else Y = rnn_forward (c.X, c.h0, c.p, c.opts{:}); endif
    case "gru"
      if (nargout > 1) [Y, ~, cache] = gru_forward (c.X, c.h0, c.p, c.opts{:});
      else Y = gru_forward (c.X, c.h0, c.p, c.opts{:}); endif
    case "lstm"
      if (nargout > 1) [Y, ~, ~, cache] = lstm_forward (c.X, c.h0, c.c0, c.p, c.opts{:});
      else Y = lstm_forward (c.X, c.h0, c.c0, c.p, c.opts{:}); endif
  endswitch
endfunction

function g = bwd (c, cache)
  switch (c.cell)
    case "rnn",  [dX, dp, dh0] = rnn_backward (c.dY, [], cache); dc0 = [];
    case "gru",  [dX, dp, dh0] = gru_backward (c.dY, [], cache); dc0 = [];
    case "lstm", [dX, dp, dh0, dc0] = lstm_backward (c.dY, [], [], cache);
  endswitch
  g = {dX, dp.W, dp.R, dp.b, dh0, dc0};
endfunction

## the sums of the arrays, as exact hexadecimal doubles
function s = sums (a)
  v = cellfun (@(x) sum (double (x(:))), a);
  s = strjoin (cellfun (@(x) num2hex (x), num2cell (v), "UniformOutput", false), " ");
endfunction
