## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## date_translation.m - translate human-readable dates into ISO dates with a
## sequence-to-sequence model with attention, and draw where it looks.
##
##   ./run-octave examples/date_translation.m
##
## The task of the course's attention exercise: dates written in many ways,
## "tuesday 3 march 1998", "3/3/98", "march 3, 1998", "03.03.1998",
## "3rd of march 1998", ..., to "1998-03-03".  The dates are random days from
## 1950 to 2049, written in one of 14 formats picked at random (a fixed
## seed): day before month in the numeric formats, two-digit years 50-99
## in the 1900s and 00-49 in the 2000s, the weekday always the right one.
##
## The model (seq2seq_init): a bidirectional LSTM over the characters of
## the source (one-hot, 41 symbols), additive attention, and an LSTM decoder
## that reads the previous output character and the attention context and
## writes one of the 11 characters "0123456789-" per step, 10 steps.
## Training: teacher forcing (seq2seq_loss), batches of 64 fresh dates,
## Adam with gradient clipping at norm 5.  Evaluation: greedy decoding
## (seq2seq_decode) of 1000 held-out dates, none of them seen in
## training, scored by exact match of the whole 10 characters.
##
## Settings (environment variables): RNN_QUICK=1 a few seconds' run (the
## tests); RNN_ITERS iterations (default 1000); RNN_OUT the output folder
## (default ./date_translation_out).  Outputs: attention.png (the
## attention weights of one date: output characters down, source
## characters across), loss.png (training loss), model.mat (the trained
## model and the vocabularies), results.txt.

1;   # a script file, not a function file

## n random dates as human-readable strings (cellstr), ISO strings and date
## numbers; each format's strings in one sprintf
function [src, iso, dn] = make_dates (n)
  months = {"january", "february", "march", "april", "may", "june", "july", ...
            "august", "september", "october", "november", "december"};
  days = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  sfx = repmat ({"th"}, 1, 31); sfx([1 21 31]) = {"st"}; sfx([2 22]) = {"nd"}; sfx([3 23]) = {"rd"};
  persistent d0 V wd;                   # every day of the range, once
  if (isempty (V))
    d0 = datenum (1950, 1, 1);
    all_days = (d0:datenum (2049, 12, 31))';
    V = datevec (all_days); wd = weekday (all_days);
  endif
  k = 1 + floor (rand (n, 1) * rows (V));
  dn = d0 + k - 1;
  y = V(k,1); m = V(k,2); d = V(k,3); yy = mod (y, 100);
  M = months(m); Ms = cellfun (@(s) s(1:3), months, "uniformoutput", false)(m);
  W = days(wd(k)); Ws = cellfun (@(s) s(1:3), days, "uniformoutput", false)(wd(k));
  S = sfx(d);
  formats = {
    "%s %d %s %d",      {W, d, M, y}        # tuesday 3 march 1998
    "%d/%d/%02d",       {d, m, yy}          # 3/3/98
    "%s %d, %d",        {M, d, y}           # march 3, 1998
    "%02d.%02d.%d",     {d, m, y}           # 03.03.1998
    "%d %s %d",         {d, Ms, y}          # 3 mar 1998
    "%s, %s %d, %d",    {Ws, Ms, d, y}      # tue, mar 3, 1998
    "%d%s of %s %d",    {d, S, M, y}        # 3rd of march 1998
    "%s %d%s %d",       {M, d, S, y}        # march 3rd 1998
    "%02d/%02d/%d",     {d, m, y}           # 03/03/1998
    "%s, %s %d, %d",    {W, M, d, y}        # tuesday, march 3, 1998
    "%d %s %02d",       {d, M, yy}          # 3 march 98
    "%d-%d-%d",         {d, m, y}           # 3-3-1998
    "%s %d %d",         {Ms, d, y}          # mar 3 1998
    "%d.%d.%02d",       {d, m, yy}          # 3.3.98
  };
  fmt = randi (rows (formats), n, 1);
  src = cell (n, 1);
  for f = 1:rows (formats)
    i = find (fmt == f);
    if (isempty (i)) continue; endif
    args = formats{f,2};
    c = cell (numel (args), numel (i));
    for k = 1:numel (args)
      x = args{k}(i);
      if (! iscell (x)) x = num2cell (x); endif
      c(k,:) = x;
    endfor
    src(i) = ostrsplit (sprintf ([formats{f,1} "\n"], c{:})(1:end-1), "\n");
  endfor
  iso = ostrsplit (sprintf ("%04d-%02d-%02d\n", [y m d]')(1:end-1), "\n")';
endfunction

## strings -> one-hot X [V, n, Tx] (zero after each length) and lengths
function [X, L] = encode_src (src, vocab)
  n = numel (src); L = cellfun (@numel, src)'; Tx = max (L);
  X = zeros (numel (vocab), n, Tx);
  map = zeros (1, 256); map(double (vocab)) = 1:numel (vocab);
  for i = 1:n
    X(sub2ind (size (X), map(double (src{i})), i * ones (1, L(i)), 1:L(i))) = 1;
  endfor
endfunction

function Y = encode_tgt (iso, out_vocab)
  map = zeros (1, 256); map(double (out_vocab)) = 1:numel (out_vocab);
  Y = map(double (vertcat (iso{:})));
endfunction

function [X, L, Y] = batch (n, vocab, out_vocab)
  [src, iso] = make_dates (n);
  [X, L] = encode_src (src, vocab);
  Y = encode_tgt (iso, out_vocab);
endfunction

quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
iters = str2double (getenv ("RNN_ITERS"));
if (isnan (iters))
  iters = merge (quick, 60, 1000);
endif
base = pwd ();                          # run() changes into examples/ first
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = getenv ("RNN_OUT");
if (isempty (out_dir))
  out_dir = fullfile (base, "date_translation_out");
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif

vocab = " ,-./0123456789abcdefghijklmnopqrstuvwxyz";
out_vocab = "0123456789-";
n_test = merge (quick, 200, 1000);
batch_size = 64;
lr = 0.005;

## held-out dates first, from their own seed; training dates never repeat
## one of them
rand ("state", 1);
[test_src, test_iso, test_dn] = make_dates (n_test);
[Xt, Lt] = encode_src (test_src, vocab);
rand ("state", 2);

model = seq2seq_init ("lstm", numel (vocab), numel (out_vocab), 32,
                      "DecoderSize", 64, "AttentionSize", 32, "Seed", 1);
printf ("seq2seq: bidirectional LSTM encoder (2x32), additive attention, LSTM decoder (64); %d parameters\n",
        sum (cellfun (@numel, {model.encoder.W, model.encoder.R, model.encoder.b, ...
                               model.attention.Ws, model.attention.Wh, model.attention.b, ...
                               model.attention.v, model.decoder.W, model.decoder.R, ...
                               model.decoder.b, model.Wy, model.by})));
printf ("%d held-out dates, e.g. \"%s\" -> %s\n", n_test, test_src{1}, test_iso{1});
losses = zeros (1, iters);
avg = []; sq = [];
t0 = tic ();
for it = 1:iters
  [src, iso, dn] = make_dates (batch_size);
  keep = ! ismember (dn, test_dn);                 # never train on a test day
  [X, L] = encode_src (src(keep), vocab);
  Y = encode_tgt (iso(keep), out_vocab);
  [losses(it), g] = seq2seq_loss (model, X, Y, "SourceLengths", L);
  g = clip_gradients (g, 5);
  [model, avg, sq] = adamupdate (model, g, avg, sq, it, lr * merge (it > 0.7 * iters, 0.2, 1));
  if (mod (it, max (1, round (iters / 10))) == 0 || it == iters)
    printf ("iter %5d/%d  loss %.4f  (%.0f s)\n", it, iters,
            mean (losses(max (1, it - 49):it)), toc (t0));
  endif
endfor
train_time = toc (t0);
save ("-v7", fullfile (out_dir, "model.mat"), "model", "vocab", "out_vocab", "losses");

## ---- evaluation ---------------------------------------------------------------
t1 = tic ();
[out, alpha] = seq2seq_decode (model, Xt, "SourceLengths", Lt, "MaxLength", 10);
decode_time = toc (t1);
pred = out_vocab(out);
pred = mat2cell (pred, ones (1, n_test), 10);
exact = mean (strcmp (pred, test_iso(:)));
printf ("\ntrained %d iterations in %.0f s; greedy decoding of %d dates in %.1f s\n",
        iters, train_time, n_test, decode_time);
printf ("exact match: %.1f%%\n", 100 * exact);
show = 1:6;
for i = show
  printf ("  %-30s -> %s%s\n", test_src{i}, pred{i}, merge (strcmp (pred{i}, test_iso{i}), "", "  (wrong)"));
endfor
bad = find (! strcmp (pred, test_iso(:)));
for i = bad(1:min (5, end))'
  printf ("  wrong: %-30s -> %s, not %s\n", test_src{i}, pred{i}, test_iso{i});
endfor

fid = fopen (fullfile (out_dir, "results.txt"), "w");
fprintf (fid, "date translation: %d iterations of %d dates, %.0f s\n", iters, batch_size, train_time);
fprintf (fid, "loss first %.4f, last %.4f (means of 10 iterations)\n",
         mean (losses(1:min (10, end))), mean (losses(max (1, end - 9):end)));
fprintf (fid, "exact match: %.1f%% of %d held-out dates (greedy)\n", 100 * exact, n_test);
for i = show
  fprintf (fid, "%s -> %s\n", test_src{i}, pred{i});
endfor
fclose (fid);

## ---- figures ------------------------------------------------------------------
warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
j = find (cellfun (@numel, test_src) > 18, 1);   # a long one: a weekday and a month name
if (isempty (j)) j = 1; endif
a = squeeze (alpha(1:Lt(j), j, :))';           # [10 output steps, source steps]
h = figure ("visible", "off", "position", [0 0 900 420]);
imagesc (a, [0 1]);
colormap (gray ());
colorbar ();
set (gca (), "xtick", 1:Lt(j), "xticklabel", num2cell (test_src{j}),
     "ytick", 1:10, "yticklabel", num2cell (pred{j}));
xlabel ("source character"); ylabel ("output character");
title (sprintf ("attention weights: %s -> %s", test_src{j}, pred{j}));
print (h, "-dpng", "-r80", fullfile (out_dir, "attention.png"));
close (h);

h = figure ("visible", "off", "position", [0 0 800 450]);
w = min (50, iters);
sm = filter (ones (1, w) / w, 1, losses); sm(1:w-1) = cumsum (losses(1:w-1)) ./ (1:w-1);
semilogy (1:iters, losses, "color", [0.75 0.8 0.95], 1:iters, sm, "b", "linewidth", 2);
legend ({"batch loss", "smoothed"});
xlabel ("iteration"); ylabel ("cross-entropy per output character (nats)");
title (sprintf ("date translation: exact match %.1f%% on %d held-out dates", 100 * exact, n_test));
grid on;
print (h, "-dpng", "-r80", fullfile (out_dir, "loss.png"));
close (h);
printf ("outputs in %s: attention.png, loss.png, model.mat, results.txt\n", out_dir);
