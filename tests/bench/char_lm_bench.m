## char_lm_bench.m - make demo's training speed (examples/char_lm.m: one
## LSTM layer of 256 over 27 one-hot symbols, batches of 128 words of
## similar lengths, Adam 0.02 on a cosine schedule, clipping at 1, single)
## here and in PyTorch (char_lm_torch.py), in turns, with 1 and 2 threads
## on each side.  From the build directory:
##
##   ./run-octave tests/bench/char_lm_bench.m
##
## Each round runs, for 1 and then 2 threads, both sides as child processes,
## in an order that alternates from round to round:
##   ours     rnn_train on the word list as make demo calls it (Verbose off,
##            no validation), ITERS timed iterations after 10; characters
##            per second from its history (counted labels over the time of
##            the timed iterations), as rnn_train prints them; threads by
##            OPENBLAS_NUM_THREADS (the layers use as many as OpenBLAS may);
##   PyTorch  char_lm_torch.py ITERS THREADS padded.
## and, once per round with 1 thread, the shares of a training step:
##   (a) the layers' C code: a step of rnn_loss + clip_gradients +
##       adamupdate on a fixed batch, against lstm_forward (with its cache)
##       + lstm_backward on that batch's input alone;
##   (b) the embedding of a two-layer model (27 symbols -> 32, LSTM [256
##       256]) on index batches: embedding_forward + embedding_backward
##       against that model's step;
##   (c) recurrent dropout: lstm_forward + lstm_backward with a
##       "RecurrentDropoutMask" against without, at the S and M shapes.
## Prints every round, then medians and the medians of the per-round
## ratios, and the bound: the most characters a second that one core's FMA
## peak (tests/bench/fma_peak; FMA_PEAK names another build of it) allows
## for the step's products, as a ratio to PyTorch's median.
## Settings: RNN_BENCH_ROUNDS (default 3), RNN_BENCH_ITERS
## (default 100), RNN_BENCH_THREADS (default "1 2").
## OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are passed on as they are.

1;   # a script file, not a function file

function v = env_num (name, default)
  v = str2double (getenv (name));
  if (isnan (v)) v = default; endif
endfunction

function [seqs, V] = words ()
  f = "/usr/share/dict/american-english";     # as examples/char_lm.m reads it
  if (! exist (f, "file")) f = "/usr/share/dict/words"; endif
  w = strsplit (fileread (f), "\n");
  w = w(! cellfun ("isempty", regexp (w, '^[a-z]+$', "once")));
  V = 27;
  seqs = cellfun (@(s) [27, s, 27], text_encode (w, ["a":"z", "\n"]), "UniformOutput", false);
endfunction

## median time in seconds of F () over N calls after one warm-up
function t = time_of (f, n)
  f ();
  s = zeros (1, n);
  for i = 1:n
    t0 = tic (); f (); s(i) = toc (t0);
  endfor
  t = median (s);
endfunction

## our side: chars/s and ms per iteration of make demo's training
function ours (iters)
  [seqs, V] = words ();
  rand ("state", 1); randn ("state", 1);
  perm = randperm (numel (seqs));
  train = seqs(perm(2001:end));
  model = rnn_init ("lstm", V, 256, "OutputSize", V, "Class", "single", "Seed", 1);
  w = 10;
  [~, h] = rnn_train (model, train, "Iterations", w + iters, "MiniBatchSize", 128,
                      "LearnRate", 0.02, "LearnRateSchedule", "cosine",
                      "GradientThreshold", 1, "Seed", 1, "Verbose", false);
  secs = h.Time(end) - h.Time(w);
  chars = sum (h.Steps(w+1:end));
  printf ("%.1f %.3f\n# rnn, %d timed iterations after %d, %.1f counted chars per iteration\n",
          chars / secs, 1000 * secs / iters, iters, w, chars / iters);
endfunction

## a training step as rnn_train makes it, on a fixed batch
function step (model, X, lab, L, opt)
  [~, g] = rnn_loss (model, X, lab, "Lengths", L, "Training", true);
  g = clip_gradients (g, 1);
  adamupdate (model, g, opt.m, opt.v, 2, 0.02);
endfunction

function layer (model, X, L, dY)
  [~, ~, ~, c] = lstm_forward (X, [], [], model, "Lengths", L);
  [~, ~] = lstm_backward (dY, [], [], c);
endfunction

function [X, lab, L] = fixed_batch (seqs, V, T, indices)
  lens = cellfun ("numel", seqs);
  pick = find (lens == T + 1, 128);     # 128 words of T + 1 symbols: no padding
  [X, lab, L] = seq_batch (seqs(pick), V, "Class", "single", "Indices", indices);
endfunction

## the shares (a), (b), (c); one line each, numbers first
function shares ()
  [seqs, V] = words ();
  n = 20;
  ## (a) one layer of 256, one-hot, batch of 128 words of 10 letters
  [X, lab, L] = fixed_batch (seqs, V, 11, false);
  model = rnn_init ("lstm", V, 256, "OutputSize", V, "Class", "single", "Seed", 1);
  [~, g] = rnn_loss (model, X, lab, "Lengths", L);
  [~, m1, v1] = adamupdate (model, g, [], [], 1, 0.02);
  opt = struct ("m", m1, "v", v1);
  dY = randn (256, size (X, 2), size (X, 3), "single");
  lay = rmfield (model, {"Wy", "by"});
  ts = zeros (1, 5); tl = ts;
  for r = 1:5                           # in turns
    ts(r) = time_of (@() step (model, X, lab, L, opt), n);
    tl(r) = time_of (@() layer (lay, X, L, dY), n);
  endfor
  printf ("%.4f %.4f %.4f  (a) layer fwd+bwd / step, ms: layer %.3f step %.3f\n",
          median (tl ./ ts), median (tl), median (ts), 1e3 * median (tl), 1e3 * median (ts));
  ## (b) embedding 32, LSTM [256 256], index batches
  [Xi, lab, L] = fixed_batch (seqs, V, 11, true);
  model = rnn_init ("lstm", V, [256 256], "EmbeddingSize", 32, "OutputSize", V,
                    "Class", "single", "Seed", 1);
  [~, g] = rnn_loss (model, Xi, lab, "Lengths", L);
  [~, m1, v1] = adamupdate (model, g, [], [], 1, 0.02);
  opt = struct ("m", m1, "v", v1);
  dE = randn (32, size (Xi, 1), size (Xi, 2), "single");
  emb = @() embedding_backward (dE, Xi, V);
  embf = @() embedding_forward (Xi, model.E);
  for r = 1:5
    ts(r) = time_of (@() step (model, Xi, lab, L, opt), n);
    tl(r) = time_of (@() {embf(), emb()}, n);
  endfor
  printf ("%.4f %.4f %.4f  (b) embedding fwd+bwd / step of a 2-layer model, ms: embedding %.4f step %.3f\n",
          median (tl ./ ts), median (tl), median (ts), 1e3 * median (tl), 1e3 * median (ts));
  ## (c) recurrent dropout at S and M
  for s = {{"S", 32, 64, 16, 100}, {"M", 128, 256, 32, 100}}
    [name, nx, na, m, T] = s{1}{:};
    p = rnn_init ("lstm", nx, na, "Class", "single", "Seed", 1);
    X = randn (nx, m, T, "single"); dY = randn (na, m, T, "single");
    mask = single ((rand (na, m) >= 0.25) / 0.75);
    f0 = @() layer_opts (p, X, dY, {});
    f1 = @() layer_opts (p, X, dY, {"RecurrentDropoutMask", mask});
    t0 = t1 = zeros (1, 7);
    k = max (5, round (0.1 / time_of (f0, 3)));   # samples of about 0.1 s
    for r = 1:7
      t0(r) = time_of (f0, k); t1(r) = time_of (f1, k);
    endfor
    printf ("%.4f %.4f %.4f  (c) recurrent dropout at %s: with / without, ms: with %.3f without %.3f\n",
            median (t1 ./ t0), median (t1), median (t0), name, 1e3 * median (t1), 1e3 * median (t0));
  endfor
endfunction

function layer_opts (p, X, dY, opts)
  [~, ~, ~, c] = lstm_forward (X, [], [], p, opts{:});
  [~, ~] = lstm_backward (dY, [], [], c);
endfunction

function r = median_row (x)
  r = median (x, 1);
endfunction

## The bound (docs/performance.md): the products of a step cost, per
## counted character (a label that is not padding), the LSTM's forward
## 2*4*n_a*(n_x + n_a), its backward without dX (the input is data)
## 2*(2*4*n_a*n_a) + 2*4*n_a*n_x, and the output layer's forward and
## backward 3*2*n_a*V FLOPs.  At one core's FMA peak per thread
## (tests/bench/fma_peak), that many characters a second is the most any
## implementation can train; over PyTorch's, the largest ratio possible.
function bound (builddir, threads, torch_cps)
  exe = getenv ("FMA_PEAK");
  if (isempty (exe)) exe = fullfile (builddir, "tests", "bench", "fma_peak"); endif
  [st, out] = system (sprintf ("'%s' single", exe));
  peak = sscanf (out, "%f", 1);
  if (st != 0 || isempty (peak) || ! isfinite (peak))
    printf ("bound: no fma_peak (make tests/bench/fma_peak), not computed\n");
    return;
  endif
  n_x = 27; n_a = 256; V = 27;
  flops = 2*4*n_a*(n_x + n_a) + 2*(2*4*n_a*n_a) + 2*4*n_a*n_x + 3*2*n_a*V;
  printf ("bound: %.3f MFLOP per counted character; FMA peak %.1f GFLOP/s a core (fma_peak, single)\n",
          flops / 1e6, peak);
  for k = 1:numel (threads)
    cps = threads(k) * peak * 1e9 / flops;
    printf ("bound, %d thread(s): at most %.0f chars/s at the peak = %.2fx PyTorch's median\n",
            threads(k), cps, cps / torch_cps(k));
  endfor
endfunction

function driver ()
  rounds = env_num ("RNN_BENCH_ROUNDS", 3);
  iters = env_num ("RNN_BENCH_ITERS", 100);
  threads = str2num (["[" getenv("RNN_BENCH_THREADS") "]"]);
  if (isempty (threads)) threads = [1 2]; endif
  here = fileparts (mfilename ("fullpath"));
  if (isempty (here)) here = fullfile (pwd (), "tests", "bench"); endif
  runoct = getenv ("RUN_OCTAVE");
  if (isempty (runoct)) runoct = fullfile (pwd (), "run-octave"); endif
  me = fullfile (here, "char_lm_bench.m");
  nt = numel (threads);
  o = nan (rounds, nt); p = o; co = o; cp = o; sh = nan (rounds, 5);
  for r = 1:rounds
    for k = 1:nt
      t = threads(k);
      env = sprintf ("OPENBLAS_NUM_THREADS=%d OMP_NUM_THREADS=%d", t, t);
      cmd_o = sprintf ("%s CHAR_LM_BENCH=ours RNN_BENCH_ITERS=%d %s %s", env, iters, runoct, me);
      cmd_p = sprintf ("%s /usr/bin/python3 %s %d %d padded", env,
                       fullfile (here, "char_lm_torch.py"), iters, t);
      cmds = {cmd_o, cmd_p};
      if (mod (r + k, 2)) cmds = fliplr (cmds); endif
      for c = cmds
        [st, out] = system (c{1});
        if (st != 0)
          error ("char_lm_bench: failed: %s\n%s", c{1}, out);
        endif
        v = sscanf (out, "%f", 2);       # chars/s, ms per iteration
        if (strfind (c{1}, "python3"))
          p(r,k) = v(1); cp(r,k) = v(1) * v(2) / 1000;
        else
          o(r,k) = v(1); co(r,k) = v(1) * v(2) / 1000;
        endif
      endfor
      printf ("round %d, %d thread(s): rnn %.0f chars/s, PyTorch %.0f chars/s, rnn/PyTorch %.2f\n",
              r, t, o(r,k), p(r,k), o(r,k) / p(r,k));
      fflush (stdout);
    endfor
    [st, out] = system (sprintf ("OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 CHAR_LM_BENCH=shares %s %s",
                                 runoct, me));
    if (st != 0)
      error ("char_lm_bench: the shares failed:\n%s", out);
    endif
    lines = strsplit (strtrim (out), "\n");
    lines = lines(! cellfun ("isempty", regexp (lines, '^[0-9.]+ ', "once")));
    for j = 1:numel (lines)
      sh(r,j) = sscanf (lines{j}, "%f", 1);
      printf ("round %d: %s\n", r, lines{j});
    endfor
    fflush (stdout);
  endfor
  printf ("\nmedians of %d rounds (%d timed iterations a side):\n", rounds, iters);
  printf ("| threads | rnn chars/s | PyTorch chars/s | rnn/PyTorch (median of the rounds' ratios) | chars/iteration rnn, PyTorch |\n");
  printf ("|---|---:|---:|---:|---:|\n");
  for k = 1:nt
    printf ("| %d | %.0f | %.0f | %.2f | %.0f, %.0f |\n", threads(k), median (o(:,k)),
            median (p(:,k)), median (o(:,k) ./ p(:,k)), median (co(:,k)), median (cp(:,k)));
  endfor
  bound (fileparts (runoct), threads, median (p, 1));
  printf ("(a) layer C code share of a step (lstm fwd+bwd / step): %.1f%%\n", 100 * median (sh(:,1)));
  printf ("(b) embedding fwd+bwd share of a 2-layer step: %.2f%%\n", 100 * median (sh(:,2)));
  printf ("(c) recurrent dropout added cost, S: %+.1f%%, M: %+.1f%%\n",
          100 * (median (sh(:,3)) - 1), 100 * (median (sh(:,4)) - 1));
endfunction

switch (getenv ("CHAR_LM_BENCH"))
  case "ours"
    ours (env_num ("RNN_BENCH_ITERS", 100));
  case "shares"
    shares ();
  otherwise
    driver ();
endswitch
