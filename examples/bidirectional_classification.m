## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## bidirectional_classification.m - classify variable-length sequences with a
## bidirectional layer, and see when reading from both ends helps.
##
##   ./run-octave examples/bidirectional_classification.m
##
## The task: sequences of random letters from an alphabet of 8, of lengths
## 10 to Lmax (mixed in every batch); the class is set by the first letter
## alone (a-d: class 1, e-h: class 2), the rest is noise.  Think of a
## sentence whose first word decides its label.  A chance guess is right 50%
## of the time.  The model predicts the class from its final state
## (rnn_loss's "Output" "last"):
##   forward        the state after the last letter: it must have carried
##                  the first letter through up to Lmax-1 noisy steps, and
##                  learning that needs a gradient through all of them (see
##                  vanishing_gradients.m);
##   bidirectional  the forward state after the last letter and the reverse
##                  state after the first letter, concatenated: the reverse
##                  direction reads the first letter last.
## Lengths: batches are padded to their longest sequence and passed with
## "Lengths", so each column's forward state stops at its own length and its
## reverse direction starts there, not in the padding.  The script checks
## that a padded batch predicts exactly what each sequence alone does.
##
## Four models, 32 units per direction, the same training budget (Adam,
## learning rate 0.005, clipping at 1, batches of 32 fresh sequences): a
## tanh RNN and a GRU, each forward and bidirectional, for Lmax = 15, 30
## and 60.
##
## Settings (environment variables): RNN_QUICK=1 a few seconds' run (the
## tests); RNN_ITERS (default 800); RNN_OUT the output folder (default
## ./bidirectional_classification_out).  Outputs: accuracy.png (test
## accuracy while training at the longest Lmax, and at the end against
## Lmax), results.txt.

1;   # a script file, not a function file

## m sequences of letters 1..K: X [K, m, T] one-hot (zero after each
## length), y [1, m] = 1 + (first letter > K/2), L [1, m]
function [X, y, L] = first_letter_batch (m, K, Lmin, Lmax)
  L = randi ([Lmin, Lmax], 1, m);
  T = max (L);
  S = randi (K, m, T);
  y = 1 + (S(:,1)' > K / 2);
  X = zeros (K, m, T);
  [j, t] = find ((1:T) <= L(:));
  X(sub2ind ([K, m, T], S(sub2ind ([m, T], j, t)), j, t)) = 1;
endfunction

function acc = accuracy (model, X, y, L)
  [~, ~, P] = rnn_loss (model, X, y, "Lengths", L, "Output", "last");
  [~, pred] = max (P, [], 1);
  acc = mean (pred(:) == y(:));
endfunction

function record (model, info, Xt, yt, Lt)
  global bidir_curve
  bidir_curve(end+1, :) = [info.Iteration, accuracy(model, Xt, yt, Lt)];
endfunction

quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
iters = str2double (getenv ("RNN_ITERS"));
if (isnan (iters))
  iters = merge (quick, 40, 800);
endif
K = 8; n_a = 32; batch = 32; Lmin = 10;
Lmaxes = merge (quick, [12 20], [15 30 60]);
base = pwd ();                          # run() changes into examples/ first
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = getenv ("RNN_OUT");
if (isempty (out_dir))
  out_dir = fullfile (base, "bidirectional_classification_out");
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif

names = {"forward RNN", "bidirectional RNN", "forward GRU", "bidirectional GRU"};
cells = {"rnn", "rnn", "gru", "gru"};
dirs = {"forward", "bidirectional", "forward", "bidirectional"};
global bidir_curve
acc = zeros (numel (names), numel (Lmaxes));
secs = acc; padding = acc;
curves = cell (1, numel (names));
params = zeros (1, numel (names));
for q = 1:numel (Lmaxes)
  Lmax = Lmaxes(q);
  rand ("state", 1);
  [Xt, yt, Lt] = first_letter_batch (merge (quick, 200, 1000), K, Lmin, Lmax);
  printf ("\nclass = first letter; lengths %d..%d; %d test sequences\n", Lmin, Lmax, numel (yt));
  for k = 1:numel (names)
    model = rnn_init (cells{k}, K, n_a, "OutputSize", 2, "Seed", 1, "Direction", dirs{k});
    bidir_curve = zeros (0, 2);
    record (model, struct ("Iteration", 0), Xt, yt, Lt);
    t0 = tic ();
    model = rnn_train (model, @(i) first_letter_batch (batch, K, Lmin, Lmax),
        "Iterations", iters, "Output", "last", "LearnRate", 0.005,
        "GradientThreshold", 1, "Seed", 2, "Verbose", false,
        "OutputFcn", @(m, info) record (m, info, Xt, yt, Lt),
        "OutputFrequency", max (1, round (iters / 40)));
    secs(k,q) = toc (t0);
    acc(k,q) = bidir_curve(end, 2);
    if (q == numel (Lmaxes))
      curves{k} = bidir_curve;
    endif
    params(k) = sum (cellfun (@(f) numel (model.(f)), {"W", "R", "b", "Wy", "by"}));
    ## padding is ignored: the batch's predictions equal each sequence's alone
    [~, ~, P] = rnn_loss (model, Xt(:,1:20,:), yt(1:20), "Lengths", Lt(1:20), "Output", "last");
    for j = 1:20
      [~, ~, Pj] = rnn_loss (model, Xt(:,j,1:Lt(j)), yt(j), "Output", "last");
      padding(k,q) = max (padding(k,q), max (abs (Pj - P(:,j))));
    endfor
    printf ("  %-18s test accuracy %5.1f%%  (%.0f s)\n", names{k}, 100 * acc(k,q), secs(k,q));
  endfor
endfor

lines = {sprintf("class = first letter (8 letters, a-d vs e-h); %d iterations of %d; test accuracy",
                 iters, batch)};
lines{end+1} = sprintf ("%-18s %7s%s   %s", "model", "params",
                        sprintf ("  lengths %2d..%-4d", [Lmin * ones(1, numel (Lmaxes)); Lmaxes]),
                        "padded vs alone");
for k = 1:numel (names)
  lines{end+1} = sprintf ("%-18s %7d%s   max |dP| = %.1e", names{k}, params(k),
                          sprintf ("  %15.1f%%", 100 * acc(k,:)), max (padding(k,:)));
endfor
lines{end+1} = sprintf ("%-18s %7s%s", "chance", "-", sprintf ("  %15.1f%%", 50 * ones (1, numel (Lmaxes))));
lines{end+1} = sprintf ("training time, all runs: %.0f s", sum (secs(:)));
printf ("\n%s\n", strjoin (lines, "\n"));
fid = fopen (fullfile (out_dir, "results.txt"), "w");
fprintf (fid, "%s\n", lines{:});
fclose (fid);

warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
h = figure ("visible", "off", "position", [0 0 800 650]);
colors = [0.85 0.2 0.1; 0.1 0.3 0.85; 0.95 0.6 0; 0.1 0.6 0.2];
subplot (2, 1, 1);
for k = 1:numel (names)
  c = curves{k};
  plot (c(:,1), 100 * c(:,2), "color", colors(k,:), "linewidth", 2);
  hold on;
endfor
plot ([0 iters], [50 50], "k--");
hold off;
legend ([names, {"chance"}], "location", "east");
xlabel ("iteration"); ylabel ("test accuracy (%)");
ylim ([40 102]); xlim ([0 iters]);
title (sprintf ("The class is the first letter: lengths %d..%d, %d units per direction",
                Lmin, Lmaxes(end), n_a));
grid on;
subplot (2, 1, 2);
for k = 1:numel (names)
  plot (Lmaxes, 100 * acc(k,:), "-o", "color", colors(k,:), "linewidth", 2);
  hold on;
endfor
plot ([Lmaxes(1) Lmaxes(end)], [50 50], "k--");
hold off;
xlabel ("longest sequence, Lmax (lengths are 10..Lmax)"); ylabel ("test accuracy (%)");
ylim ([40 102]); xlim ([Lmaxes(1) - 2, Lmaxes(end) + 2]);
set (gca, "xtick", Lmaxes);
title (sprintf ("After %d iterations, against the sequence length", iters));
grid on;
print (h, "-dpng", "-r80", fullfile (out_dir, "accuracy.png"));
close (h);
printf ("outputs in %s: accuracy.png, results.txt\n", out_dir);
clear -global bidir_curve
