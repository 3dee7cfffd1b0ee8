## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## vanishing_gradients.m - why gated cells and gradient clipping exist.
##
##   ./run-octave examples/vanishing_gradients.m
##
## Part 1, vanishing gradients.  A loss that depends on the last step only,
## L = sum (sum (w .* h_T)) for a fixed random w, and the norm of dL/dh_t for
## every step t: how much of the loss's gradient reaches step t, i.e. how
## strongly step t could be taught by what happens at step T.  The layers
## are freshly initialised (rnn_init defaults) and run on random inputs:
##   tanh RNN            orthogonal recurrent weights, tanh
##   IRNN                identity recurrent weights, relu (Le et al. 2015)
##   LSTM                forget-gate bias 1 (rnn_init's default)
##   LSTM, forget bias 3 the forget gate starts nearly open (sigma(3) = 0.95)
## How: the sequence is run step by step with the cell functions
## (rnn_cell_forward, lstm_cell_forward), then backpropagated step by step
## with rnn_cell_backward / lstm_cell_backward, starting from dh_T = w.
## Since no other step has a loss, the dh_prev that the backward step of
## step t returns is exactly dL/dh_(t-1) (for the LSTM, dc_prev is
## dL/dc_(t-1), the gradient along the cell's memory).  The script checks
## that the value at t = 0 equals dh0 of the whole-sequence backward
## (rnn_backward / lstm_backward with dY nonzero at T only).
##
## Part 2, exploding gradients.  A tanh RNN whose recurrent weights are 2
## times an orthogonal matrix, trained on the adding problem (T = 30) with
## SGD + momentum (learning rate 0.05), twice from the same start and with
## the same batches: without clipping, and with the global gradient norm
## clipped to 1 (clip_gradients, through rnn_train's "GradientThreshold").
## The figure shows the gradient norm (before clipping) and the loss at
## every iteration.
##
## Settings (environment variables): RNN_QUICK=1 a few seconds' run (the
## tests); RNN_OUT the output folder (default ./vanishing_gradients_out).
## Outputs: vanishing_gradients.png (part 1), exploding_gradients.png
## (part 2), results.txt.

1;   # a script file, not a function file

function v = ifelse_field (h, panel)
  if (panel == 1) v = h.GradientNorm; else v = h.Loss; endif
endfunction

function [X, y, L] = adding_batch (m, T)
  v = rand (1, m, T);
  mark = zeros (1, m, T);
  h = floor (T / 2);
  mark(sub2ind ([1, m, T], ones (1, m), 1:m, randi (h, 1, m))) = 1;
  mark(sub2ind ([1, m, T], ones (1, m), 1:m, h + randi (T - h, 1, m))) = 1;
  X = [v; mark];
  y = sum (v .* mark, 3);
  L = [];
endfunction

## ||dL/dh_t|| (and ||dL/dc_t||) for t = 0..T, by backpropagating one step
## at a time; dh0_seq is the whole-sequence backward's dh0, for the check
function [gh, gc, dh0_seq, dh0_steps] = step_gradients (p, X, w)
  [n_a, m] = size (w);
  T = size (X, 3);
  lstm = strcmp (p.cell, "lstm");
  h = zeros (n_a, m); c = h;
  caches = cell (1, T);
  for t = 1:T                           # forward, keeping every step's cache
    if (lstm)
      [h, c, caches{t}] = lstm_cell_forward (X(:,:,t), h, c, p);
    else
      [h, caches{t}] = rnn_cell_forward (X(:,:,t), h, p);
    endif
  endfor
  gh = zeros (1, T + 1); gc = gh;       # index t+1 holds step t
  dh = w; dc = zeros (n_a, m);
  for t = T:-1:1                        # dh = dL/dh_t, dc = dL/dc_t here
    gh(t+1) = norm (dh, "fro"); gc(t+1) = norm (dc, "fro");
    if (lstm)
      [~, ~, dh, dc] = lstm_cell_backward (dh, dc, caches{t});
    else
      [~, ~, dh] = rnn_cell_backward (dh, caches{t});
    endif
  endfor
  gh(1) = norm (dh, "fro"); gc(1) = norm (dc, "fro");
  dh0_steps = dh;
  dY = zeros (n_a, m, T);
  dY(:,:,T) = w;                        # the same loss, whole sequence at once
  if (lstm)
    [~, ~, ~, cache] = lstm_forward (X, [], [], p);
    [~, ~, dh0_seq] = lstm_backward (dY, [], [], cache);
  else
    [~, ~, cache] = rnn_forward (X, [], p);
    [~, ~, dh0_seq] = rnn_backward (dY, [], cache);
  endif
endfunction

quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
base = pwd ();                          # run() changes into examples/ first
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = getenv ("RNN_OUT");
if (isempty (out_dir))
  out_dir = fullfile (base, "vanishing_gradients_out");
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif
warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
report = {};

## ---- part 1: dL/dh_t against t --------------------------------------------
T = merge (quick, 20, 100);
n_a = merge (quick, 16, 64);
n_x = 8; m = 16;
randn ("state", 3);
X = randn (n_x, m, T);
w = randn (n_a, m) / sqrt (n_a);
lstm3 = rnn_init ("lstm", n_x, n_a, "Seed", 1);
lstm3.b(n_a+1:2*n_a) = 3;               # gate order [i; f; g; o]
layers = {
  "tanh RNN",            rnn_init("rnn", n_x, n_a, "Seed", 1)
  "IRNN (relu, R = I)",  rnn_init("rnn", n_x, n_a, "Seed", 1, "Activation", "relu",
                                  "RecurrentWeightsInitializer", "identity")
  "LSTM (forget bias 1)", rnn_init("lstm", n_x, n_a, "Seed", 1)
  "LSTM (forget bias 3)", lstm3
};
report{end+1} = sprintf ("Part 1: ||dL/dh_t|| / ||dL/dh_T|| for a loss at step T = %d only (%d units, batch of %d)",
                         T, n_a, m);
report{end+1} = sprintf ("%-22s %10s %10s %10s %10s   %s", "layer", "t = T-1",
                         "t = T-10", "t = T/2", "t = 0", "check vs whole-sequence dh0");
G = cell (rows (layers), 2);
for k = 1:rows (layers)
  [gh, gc, dh0_seq, dh0_steps] = step_gradients (layers{k,2}, X, w);
  G(k,:) = {gh, gc};
  err = norm (dh0_seq - dh0_steps, "fro") / norm (dh0_seq, "fro");
  r = gh / gh(end);
  report{end+1} = sprintf ("%-22s %10.2e %10.2e %10.2e %10.2e   relative difference %.1e",
                           layers{k,1}, r(T), r(T-9), r(floor (T/2) + 1), r(1), err);
endfor
printf ("%s\n", report{:});

h = figure ("visible", "off", "position", [0 0 800 500]);
colors = [0.85 0.2 0.1; 0.95 0.6 0; 0.1 0.3 0.85; 0.1 0.6 0.2];
names = {};
for k = 1:rows (layers)
  semilogy (0:T, max (G{k,1}, 1e-30), "color", colors(k,:), "linewidth", 2);
  names{end+1} = ["dL/dh_t, " layers{k,1}];
  hold on;
endfor
for k = 3:4                             # the LSTMs' memory path
  semilogy (0:T-1, max (G{k,2}(1:T), 1e-30), "--", "color", colors(k,:));
  names{end+1} = ["dL/dc_t, " layers{k,1}];
endfor
hold off;
xlim ([0 T]);
legend (names, "location", "southeast");
xlabel ("step t"); ylabel ("norm of the gradient (log scale)");
title (sprintf ("How far back a loss at step %d reaches: ||dL/dh_t|| at initialisation", T));
grid on;
print (h, "-dpng", "-r80", fullfile (out_dir, "vanishing_gradients.png"));
close (h);

## ---- part 2: exploding gradients, with and without clipping ----------------
iters = merge (quick, 60, 300);
T2 = merge (quick, 20, 30);
start = rnn_init ("rnn", 2, 64, "OutputSize", 1, "Seed", 1);
start.R *= 2;                           # large recurrent weights
runs = struct ("name", {"no clipping", "clipped to norm 1"}, "threshold", {Inf, 1},
               "history", []);
old_warning = warning ("off", "rnn:rnn_train:nonfinite");   # reported below
for k = 1:2
  printf ("\ntanh RNN, recurrent weights 2 x orthogonal, SGD + momentum, %s\n", runs(k).name);
  [~, runs(k).history] = rnn_train (start, @(i) adding_batch (32, T2),
      "Iterations", iters, "Output", "last", "Loss", "mse",
      "Optimizer", "sgdm", "LearnRate", 0.05,
      "GradientThreshold", runs(k).threshold, "Seed", 2,
      "VerboseFrequency", max (1, round (iters / 5)));
endfor
warning (old_warning);
report{end+1} = "";
report{end+1} = sprintf ("Part 2: tanh RNN, R = 2 x orthogonal, adding problem T = %d, SGD + momentum 0.05, %d iterations",
                         T2, iters);
for k = 1:2
  hk = runs(k).history;
  n = numel (hk.Loss);
  if (n < iters)
    fate = sprintf ("diverged: loss not finite after iteration %d", n);
  else
    fate = sprintf ("finished all %d iterations", n);
  endif
  report{end+1} = sprintf ("%-18s gradient norm median %.3g, max %.3g; loss first %.3g, last %.3g; %s",
                           runs(k).name, median (hk.GradientNorm), max (hk.GradientNorm),
                           hk.Loss(1), hk.Loss(end), fate);
endfor
printf ("\n"); printf ("%s\n", report{end-2:end});

h = figure ("visible", "off", "position", [0 0 800 600]);
top = 1e16;                             # a diverging run leaves the chart
red = [0.85 0.2 0.1]; blue = [0.1 0.3 0.85];
for panel = 1:2
  subplot (2, 1, panel);
  hl = [];
  for k = 1:2
    hk = runs(k).history;
    v = ifelse_field (hk, panel);
    hl(k) = semilogy (hk.Iteration, min (v, top), "color", merge (k == 1, red, blue));
    hold on;
  endfor
  names = {runs.name};
  if (panel == 1)
    hl(3) = semilogy ([1 iters], [1 1], "k--");
    names{3} = "clipping threshold";
  endif
  n1 = numel (runs(1).history.Loss);
  if (n1 < iters)                       # where the unclipped run stopped
    semilogy ([n1 n1], [1e-2 top], ":", "color", red);
    text (n1, 0.05, sprintf ("loss = Inf: stopped at %d  ", n1), "color", red,
          "horizontalalignment", "right");
  endif
  legend (hl, names, "location", "northeast");
  if (panel == 1)
    ylabel ("gradient norm before clipping");
    title (sprintf ("Exploding gradients: tanh RNN, R = 2 x orthogonal (values above %.0e drawn at it)", top));
  else
    xlabel ("iteration"); ylabel ("training loss (MSE)");
  endif
  hold off;
  xlim ([1 iters]); ylim ([1e-2 top]);
  set (gca, "ytick", 10 .^ (-2:3:16));
  grid on;
endfor
print (h, "-dpng", "-r80", fullfile (out_dir, "exploding_gradients.png"));
close (h);

fid = fopen (fullfile (out_dir, "results.txt"), "w");
fprintf (fid, "%s\n", report{:});
fclose (fid);
printf ("outputs in %s: vanishing_gradients.png, exploding_gradients.png, results.txt\n", out_dir);
