## bench.m - the toolbox's performance benchmark, side by side in one run.
##
## For each shape of the grid, cell, direction, mode (forward only, forward +
## backward) and precision it times, with the same thread count:
##   ours   the public functions (rnn_forward/rnn_backward, gru_*, lstm_*)
##   core   the same passes of the C core with no Octave around them
##          (core_bench.c): ours - core is what Octave's calls cost
##   plain  plain_layer.m: a vectorised Octave loop, one GEMM per step
##   torch  PyTorch's nn.RNN/GRU/LSTM (torch_bench.py; Debian's python3-torch)
##   dnnl   oneDNN's RNN primitives (dnnl_bench.c; float32 only)
## and prints medians of BENCH_REPS runs after a warm-up, the ratios, and our
## time as a fraction of the GEMM bound: the counted FLOPs (docs/architecture.md:
## 2*G*n_a*(n_x+n_a)*m per step and direction forward, twice that backward)
## divided by the rate of a large GEMM measured in this run.
##
## Run through `make bench` (all thread counts and kernel settings), or
##   OPENBLAS_NUM_THREADS=1 ./run-octave tests/bench/bench.m
## Environment: BENCH_SHAPES ("C S M L"), BENCH_CELLS ("rnn gru lstm"),
## BENCH_DIRS ("forward bidirectional"), BENCH_PRECISIONS ("single double"),
## BENCH_REPS (5), BENCH_SIDES ("ours core plain torch dnnl"), DNNL_BENCH and
## CORE_BENCH (paths of the built harnesses), BENCH_OUT (also append the
## table to this file).
## Threads: OPENBLAS_NUM_THREADS (default 1) for this process, and the same
## count for torch and oneDNN.
1;

function v = env_or (name, default)
  v = getenv (name);
  if (isempty (v)) v = default; endif
endfunction

## median time in ms of one call, from loop (n): makes n calls, returns the
## seconds per call.  After one warm-up call, tiny calls are repeated inside
## each sample so that a sample lasts at least 20 ms; calls of more than half
## a second get three samples.  (time_turns with one side.)
function ms = time_loop (loop, reps)
  ms = time_turns ({loop}, reps);
endfunction

## sides timed in turn in this process, sample by sample (the order of the
## sides rotates from one round to the next): the median ms of each side's
## samples, and the median of the ratios of each side's sample to the
## first side's sample of the same round.  This machine's speed drifts by
## tens of percent between runs minutes apart, far less within a round.
## After one warm-up call per side, each sample lasts at least 20 ms
## (tiny calls repeated); three rounds when a side's call takes more than
## half a second.  Turns with one thread only: with more, the thread pool
## a side leaves behind (OpenBLAS's and libgomp's workers keep spinning for
## a while after a call) slows the next side's turn (our bidirectional M
## and L layers by up to 1.8x, measured).
function [ms, ratio] = time_turns (loops, reps)
  n = numel (loops);
  inner = t1 = zeros (1, n);
  for i = 1:n
    loops{i} (1);
    t1(i) = loops{i} (1);
    inner(i) = max (1, ceil (0.02 / max (t1(i), 1e-6)));
  endfor
  if (max (t1) > 0.5)
    reps = min (reps, 3);
  endif
  s = zeros (reps, n);
  for k = 1:reps
    for i = circshift (1:n, 1 - k)
      s(k, i) = loops{i} (inner(i));
    endfor
  endfor
  ms = 1e3 * median (s, 1);
  ratio = median (s ./ s(:, 1), 1);
endfunction

## time_loop of f () called through its handle
function ms = time_ms (f, reps)
  ms = time_loop (@(n) handle_loop (f, n), reps);
endfunction
function t = handle_loop (f, n)
  t0 = tic;
  for k = 1:n
    f ();
  endfor
  t = toc (t0) / n;
endfunction

## our side, for time_loop: n calls written out in a loop, as a user's
## training loop makes them; a function handle and a wrapper function around
## the two calls would add some 6 us of Octave's own call costs to every
## C-shape sample.  Returns seconds per call.
function t = ours_loop (cell, X, p, dY, backward, n)
  t0 = tic;
  switch (cell)
    case "rnn"
      if (backward)
        for k = 1:n
          [~, ~, c] = rnn_forward (X, [], p); rnn_backward (dY, [], c);
        endfor
      else
        for k = 1:n
          rnn_forward (X, [], p);
        endfor
      endif
    case "gru"
      if (backward)
        for k = 1:n
          [~, ~, c] = gru_forward (X, [], p); gru_backward (dY, [], c);
        endfor
      else
        for k = 1:n
          gru_forward (X, [], p);
        endfor
      endif
    case "lstm"
      if (backward)
        for k = 1:n
          [~, ~, ~, c] = lstm_forward (X, [], [], p); lstm_backward (dY, [], [], c);
        endfor
      else
        for k = 1:n
          lstm_forward (X, [], [], p);
        endfor
      endif
  endswitch
  t = toc (t0) / n;
endfunction

## median time in ms of our side
function ms = time_ours (cell, X, p, dY, backward, reps)
  ms = time_loop (@(n) ours_loop (cell, X, p, dY, backward, n), reps);
endfunction

## the plain loop; a bidirectional layer runs it twice (reverse on flipped X)
function plain (cell, X, p, dY, backward)
  G = struct ("rnn", 1, "gru", 3, "lstm", 4).(cell);
  n_a = columns (p.R);
  D = rows (p.R) / (G * n_a);
  for d = 1:D
    rws = (d-1)*G*n_a + (1:G*n_a);
    Xd = X;
    if (d == 2) Xd = flip (X, 3); endif
    if (backward)
      plain_layer (cell, Xd, p.W(rws,:), p.R(rws,:), p.b(rws), dY((d-1)*n_a + (1:n_a), :, :));
    else
      plain_layer (cell, Xd, p.W(rws,:), p.R(rws,:), p.b(rws));
    endif
  endfor
endfunction

## first line of a harness's output that does not start with '#'
function [fwd, fwdbwd, info] = external (cmd)
  fwd = fwdbwd = NaN; info = "";
  [status, out] = system ([cmd " 2>&1"]);
  lines = strsplit (out, "\n");
  for k = 1:numel (lines)
    l = strtrim (lines{k});
    if (isempty (l)) continue; endif
    if (l(1) == "#")
      info = [info l "\n"];
    elseif (status == 0 && isnan (fwd))
      v = sscanf (l, "%f %f");
      if (numel (v) == 2) fwd = v(1); fwdbwd = v(2); endif
    endif
  endfor
  if (status != 0)
    printf ("  (failed: %s)\n", strtrim (out));
  endif
endfunction

function g = gemm_gflops (cls)
  n = 1024;
  A = randn (n, cls); B = randn (n, cls);
  ms = time_ms (@() A * B, 5);
  g = 2 * n^3 / (ms * 1e-3) / 1e9;
endfunction


here = fileparts (mfilename ("fullpath"));
addpath (here);
shapes = struct ("C", [27 50 1 20], "S", [32 64 16 100], "M", [128 256 32 100], ...
                 "L", [512 512 64 50]);
shape_names = strsplit (env_or ("BENCH_SHAPES", "C S M L"));
cells = strsplit (env_or ("BENCH_CELLS", "rnn gru lstm"));
dirs = strsplit (env_or ("BENCH_DIRS", "forward bidirectional"));
precisions = strsplit (env_or ("BENCH_PRECISIONS", "single double"));
sides = strsplit (env_or ("BENCH_SIDES", "ours core plain torch dnnl"));
reps = str2double (env_or ("BENCH_REPS", "5"));
threads = str2double (env_or ("OPENBLAS_NUM_THREADS", "1"));
dnnl = env_or ("DNNL_BENCH", fullfile (pwd, "tests", "bench", "dnnl_bench"));
core = env_or ("CORE_BENCH", fullfile (pwd, "tests", "bench", "core_bench"));
py = env_or ("TORCH_PYTHON", "/usr/bin/python3");
has = @(s) any (strcmp (sides, s));
if (has ("torch") && system ([py " -c 'import torch' >/dev/null 2>&1"]) != 0)
  printf ("# PyTorch not found (%s -c 'import torch'): torch column skipped\n", py);
  sides(strcmp (sides, "torch")) = [];
endif
if (has ("dnnl") && ! exist (dnnl, "file"))
  printf ("# %s not built (make bench builds it): dnnl column skipped\n", dnnl);
  sides(strcmp (sides, "dnnl")) = [];
endif
if (has ("core") && ! exist (core, "file"))
  printf ("# %s not built (make bench builds it): core column skipped\n", core);
  sides(strcmp (sides, "core")) = [];
endif
has = @(s) any (strcmp (sides, s));
## oneDNN inside this process (dnnl_mex.mex, which make bench builds beside
## the dnnl_bench harness): ours and oneDNN then take turns, sample by sample
dnnl_mex_here = false;
if (has ("dnnl"))
  addpath (fileparts (dnnl));
  dnnl_mex_here = (exist ("dnnl_mex") == 3);
endif

## the machine and the kernels, for the record
[~, cpu] = system ("sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1");
[~, torchv] = system ([py " -c 'import torch; print(torch.__version__)' 2>/dev/null"]);
rate.single = gemm_gflops ("single"); rate.double = gemm_gflops ("double");
## what a call costs on Octave's side alone: a layer of one unit, one step
## and one column, whose own arithmetic takes well under a microsecond
p1 = rnn_init ("rnn", 1, 1, "Class", "single");
x1 = ones (1, 1, 1, "single");
call_us = [time_ours("rnn", x1, p1, x1, false, 5), ...
           time_ours("rnn", x1, p1, x1, true, 5)] * 1e3;
hdr = sprintf (["# %s, %d thread(s), OPENBLAS_CORETYPE=%s\n" ...
                "# Octave %s; GEMM 1024^3 here: %.0f GFLOP/s single, %.0f double; torch %s\n" ...
                "# a call's cost on Octave's side (rnn_forward of 1 unit, 1 step): " ...
                "forward %.1f us, forward with cache + backward %.1f us\n"], ...
               strtrim (cpu), threads, env_or ("OPENBLAS_CORETYPE", "(unset)"), ...
               OCTAVE_VERSION, rate.single, rate.double, strtrim (torchv), call_us);
turns = [{"ours", "plain"}(cellfun (has, {"ours", "plain"})), ...
         {"oneDNN (dnnl_mex; single)"}(dnnl_mex_here)];
if (threads > 1)
  hdr = [hdr "# sides timed one after the other (with more than one thread, " ...
         "a side's spinning workers would slow the next side's turn)\n"];
elseif (numel (turns) > 1)
  hdr = [hdr "# " strjoin(turns, ", ") " take turns in this process, sample by " ...
         "sample; their x columns are medians of the ratios within a round\n"];
endif
printf ("%s", hdr);
cols = "| shape | cell | dir | prec | mode | ours ms | core ms | plain ms | torch ms | dnnl ms | x plain | x torch | x dnnl | core x dnnl | %GEMM bound | cache/min |";
table = {hdr, cols, regexprep(cols, "[^|]", "-")};
printf ("%s\n%s\n", table{2:3});

for s = shape_names
  sz = shapes.(s{1}); n_x = sz(1); n_a = sz(2); m = sz(3); T = sz(4);
  for c = cells
    G = struct ("rnn", 1, "gru", 3, "lstm", 4).(c{1});
    for d = dirs
      D = 1 + strcmp (d{1}, "bidirectional");
      for pr = precisions
        p = rnn_init (c{1}, n_x, n_a, "Direction", d{1}, "Class", pr{1}, "Seed", 1);
        X = randn (n_x, m, T, pr{1});
        dY = randn (n_a * D, m, T, pr{1});
        t = struct ("ours", [NaN NaN], "core", [NaN NaN], "plain", [NaN NaN], ...
                    "torch", [NaN NaN], "dnnl", [NaN NaN]);
        cache_ratio = NaN;
        ## ours, plain Octave and oneDNN (single, when dnnl_mex is here)
        ## take turns; ratios: of the samples taken in turn
        r = struct ("plain", [NaN NaN], "dnnl", [NaN NaN]);
        turn = (threads == 1);            # else apart (time_turns)
        turn_dnnl = turn && has ("dnnl") && dnnl_mex_here && strcmp (pr{1}, "single");
        if (turn_dnnl)
          h = dnnl_mex ("new", c{1}, d{1}, n_x, n_a, m, T);
        endif
        for k = 1:2
          loops = {}; names = {};
          if (has ("ours"))
            loops{end+1} = @(n) ours_loop (c{1}, X, p, dY, k == 2, n);
            names{end+1} = "ours";
          endif
          if (has ("plain"))
            loops{end+1} = @(n) handle_loop (@() plain (c{1}, X, p, dY, k == 2), n);
            names{end+1} = "plain";
          endif
          if (turn_dnnl)
            loops{end+1} = @(n) dnnl_mex ("run", h, k - 1, n);
            names{end+1} = "dnnl";
          endif
          if (isempty (loops))
            continue;
          endif
          if (turn)
            [ms, ratio] = time_turns (loops, reps);
          else                          # each side's samples in a row
            ms = cellfun (@(f) time_loop (f, reps), loops);
            ratio = NaN (size (ms));
          endif
          for i = 1:numel (names)
            t.(names{i})(k) = ms(i);
            if (i > 1 && strcmp (names{1}, "ours"))
              r.(names{i})(k) = ratio(i);
            endif
          endfor
        endfor
        if (turn_dnnl)
          dnnl_mex ("free", h);
        endif
        if (has ("ours"))
          ## cache memory against the minimum backward needs (RNN: h; LSTM: h, c,
          ## gates; GRU: h, r, z, n, Rn*h+bRn) per step and direction; the
          ## cache as arrays (RNN_CACHE_BYTES=0), which hold what the pool
          ## would hold
          keep = getenv ("RNN_CACHE_BYTES"); setenv ("RNN_CACHE_BYTES", "0");
          switch (c{1})
            case "rnn",  [~, ~, cc] = rnn_forward (X, [], p); k = 1;
            case "gru",  [~, ~, cc] = gru_forward (X, [], p); k = 5;
            case "lstm", [~, ~, ~, cc] = lstm_forward (X, [], [], p); k = 6;
          endswitch
          setenv ("RNN_CACHE_BYTES", keep);
          bytes = 0;
          for v = cc{7}                 # the cache's arrays {Sh, Sc, Z}
            v = v{1}; w = whos ("v"); bytes += w.bytes;
          endfor
          el = 4 + 4 * strcmp (pr{1}, "double");
          cache_ratio = bytes / (k * n_a * m * T * D * el);
        endif
        dim = sprintf ("%d %d %d %d", n_x, n_a, m, T);
        if (has ("core"))
          [a, b] = external (sprintf ("%s %s %s %s %d %s", core, c{1}, d{1}, ...
                                      dim, reps, pr{1}));
          t.core = [a b];
        endif
        if (has ("torch"))
          dt = merge (strcmp (pr{1}, "single"), "float32", "float64");
          [a, b] = external (sprintf ("%s %s/torch_bench.py %s %s %s %d %s %d", py, here, ...
                                      c{1}, d{1}, dim, reps, dt, threads));
          t.torch = [a b];
        endif
        if (has ("dnnl") && strcmp (pr{1}, "single") && ! turn_dnnl)
          [a, b] = external (sprintf ("OMP_NUM_THREADS=%d %s %s %s %s %d", threads, ...
                                      dnnl, c{1}, d{1}, dim, reps));
          t.dnnl = [a b];
        endif
        flops = 2 * G * n_a * (n_x + n_a) * m * T * D;
        modes = {"fwd", "fwd+bwd"};
        for k = 1:2
          bound_ms = (1 + 2*(k == 2)) * flops / (rate.(pr{1}) * 1e9) * 1e3;
          line = sprintf ("| %s | %s | %s | %s | %s | %.3g | %.3g | %.3g | %.3g | %.3g | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.2f |", ...
                          s{1}, c{1}, d{1}(1:min(5,end)), pr{1}, modes{k}, t.ours(k), ...
                          t.core(k), t.plain(k), t.torch(k), t.dnnl(k), ...
                          merge (isnan (r.plain(k)), t.plain(k) / t.ours(k), r.plain(k)), ...
                          t.torch(k) / t.ours(k), ...
                          merge (isnan (r.dnnl(k)), t.dnnl(k) / t.ours(k), r.dnnl(k)), ...
                          t.dnnl(k) / t.core(k), ...
                          100 * bound_ms / t.ours(k), cache_ratio);
          printf ("%s\n", line);
          table{end+1} = line;
        endfor
        fflush (stdout);
      endfor
    endfor
  endfor
endfor

out = getenv ("BENCH_OUT");
if (! isempty (out))
  fid = fopen (out, "a");
  fprintf (fid, "%s\n", table{:});
  fprintf (fid, "\n");
  fclose (fid);
endif
