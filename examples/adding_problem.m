## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## adding_problem.m - the adding problem: can a recurrent net carry two
## numbers across T steps?  (Hochreiter & Schmidhuber 1997; the version of
## Le, Jaitly & Hinton 2015, "A Simple Way to Initialize Recurrent Networks of
## Rectified Linear Units".)
##
##   ./run-octave examples/adding_problem.m
##
## Each input sequence has T steps of two features: a random number in
## [0, 1] and a marker that is 1 at exactly two steps, one in the first half
## and one in the second, 0 elsewhere.  The target is the sum of the two
## marked numbers, read from the final state.  Predicting 1 (the mean) for
## every sequence scores a mean squared error of 2 * 1/12 = 0.167: a model
## has learned something only when it gets well below that.
##
## Four models with the same number of units, each trained the same way
## (Adam, mini-batches of fresh sequences, gradient clipping at norm 1):
##   tanh RNN  rnn_init ("rnn", 2, n_a)  (orthogonal recurrent weights)
##   IRNN      rnn_init ("rnn", 2, n_a, "Activation", "relu",
##                       "RecurrentWeightsInitializer", "identity")
##   GRU, LSTM rnn_init ("gru" / "lstm", 2, n_a)
## The IRNN gets a 10 times smaller learning rate, as Le et al. also found it
## needs (with the larger one its ReLU states blow up).
##
## Settings (environment variables): RNN_QUICK=1 a few seconds' run (the
## tests); RNN_T (sequence length, default 50), RNN_ITERS (default 2000),
## RNN_HIDDEN (default 64); RNN_OUT the output folder (default
## ./adding_problem_out).  Outputs: adding_problem.png (test MSE against
## iterations) and results.txt (the table).

1;   # a script file, not a function file

function v = env_value (name, default)
  s = getenv (name);
  v = default;
  if (! isempty (s))
    v = str2double (s);
  endif
endfunction

## m sequences of the adding problem: X [2, m, T], targets y [1, m]
function [X, y, L] = adding_batch (m, T)
  v = rand (1, m, T);
  mark = zeros (1, m, T);
  h = floor (T / 2);
  first = randi (h, 1, m);
  second = h + randi (T - h, 1, m);
  mark(sub2ind ([1, m, T], ones (1, m), 1:m, first)) = 1;
  mark(sub2ind ([1, m, T], ones (1, m), 1:m, second)) = 1;
  X = [v; mark];
  y = sum (v .* mark, 3);
  L = [];
endfunction

## OutputFcn: the test MSE every so often, kept in a global curve
function record_test (model, info, Xt, yt)
  global adding_curve
  adding_curve(end+1, :) = [info.Iteration, ...
      rnn_loss(model, Xt, yt, "Output", "last", "Loss", "mse")];
endfunction

quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
T = env_value ("RNN_T", merge (quick, 10, 50));
iters = env_value ("RNN_ITERS", merge (quick, 150, 2000));
n_a = env_value ("RNN_HIDDEN", merge (quick, 16, 64));
batch = 32;
base = pwd ();                          # run() changes into examples/ first
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = getenv ("RNN_OUT");
if (isempty (out_dir))
  out_dir = fullfile (base, "adding_problem_out");
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif

rand ("state", 1);                      # one fixed test set for all models
[Xt, yt] = adding_batch (merge (quick, 200, 1000), T);
baseline = mean ((yt - 1).^2);
printf ("adding problem, T = %d steps, %d units, %d iterations of %d sequences\n",
        T, n_a, iters, batch);
printf ("baseline (always predict 1): test MSE %.3f (in expectation 1/6 = 0.167)\n\n", baseline);

models = {
  "tanh RNN", rnn_init("rnn", 2, n_a, "OutputSize", 1, "Seed", 1), 2e-3
  "IRNN",     rnn_init("rnn", 2, n_a, "OutputSize", 1, "Seed", 1, "Activation", "relu",
                       "RecurrentWeightsInitializer", "identity"), 2e-4
  "GRU",      rnn_init("gru", 2, n_a, "OutputSize", 1, "Seed", 1), 2e-3
  "LSTM",     rnn_init("lstm", 2, n_a, "OutputSize", 1, "Seed", 1), 2e-3
};
global adding_curve
eval_every = max (1, round (iters / 40));
results = struct ("name", models(:,1), "mse", NaN, "curve", [], "seconds", NaN,
                  "params", NaN, "history", []);
for k = 1:rows (models)
  printf ("%s (learning rate %g)\n", models{k,1}, models{k,3});
  adding_curve = zeros (0, 2);
  record_test (models{k,2}, struct ("Iteration", 0), Xt, yt);
  t0 = tic ();
  [model, history] = rnn_train (models{k,2}, @(i) adding_batch (batch, T),
      "Iterations", iters, "Output", "last", "Loss", "mse",
      "LearnRate", models{k,3}, "GradientThreshold", 1, "Seed", 2,
      "VerboseFrequency", max (1, round (iters / 5)),
      "OutputFcn", @(m, info) record_test (m, info, Xt, yt),
      "OutputFrequency", eval_every);
  results(k).seconds = toc (t0);
  results(k).curve = adding_curve;
  results(k).mse = adding_curve(end, 2);
  results(k).history = history;
  results(k).params = sum (cellfun (@(f) numel (model.(f)), {"W", "R", "b", "Wy", "by"}));
endfor

## ---- the table ---------------------------------------------------------------
lines = {sprintf("adding problem, T = %d, %d units, %d iterations of %d, test set of %d",
                 T, n_a, iters, batch, numel (yt)),
         sprintf("%-9s %7s %9s %10s %8s  %s", "model", "params", "test MSE",
                 "/baseline", "time", "verdict")};
for k = 1:numel (results)
  r = results(k);
  if (r.mse < 0.1 * baseline)
    verdict = "solved";
  elseif (r.mse < 0.7 * baseline)
    verdict = "partly";
  else
    verdict = "not learned (near the baseline)";
  endif
  lines{end+1} = sprintf ("%-9s %7d %9.4f %10.3f %7.0fs  %s", r.name, r.params, r.mse,
                          r.mse / baseline, r.seconds, verdict);
endfor
lines{end+1} = sprintf ("%-9s %7s %9.4f %10.3f", "predict 1", "-", baseline, 1);
printf ("\n%s\n", strjoin (lines, "\n"));
fid = fopen (fullfile (out_dir, "results.txt"), "w");
fprintf (fid, "%s\n", lines{:});
fclose (fid);

## ---- the picture -------------------------------------------------------------
warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
h = figure ("visible", "off", "position", [0 0 800 500]);
colors = [0.85 0.2 0.1; 0.95 0.6 0; 0.1 0.6 0.2; 0.1 0.3 0.85];
for k = 1:numel (results)
  c = results(k).curve;
  semilogy (c(:,1), max (c(:,2), 1e-5), "color", colors(k,:), "linewidth", 2);
  hold on;
endfor
semilogy ([0 iters], baseline * [1 1], "k--");
hold off;
legend ([{results.name}, {sprintf("predict 1 (%.3f)", baseline)}], "location", "southwest");
xlabel ("iteration"); ylabel ("test mean squared error");
title (sprintf ("The adding problem, T = %d: test MSE while training (%d units each)", T, n_a));
grid on;
print (h, "-dpng", "-r80", fullfile (out_dir, "adding_problem.png"));
close (h);
printf ("outputs in %s: adding_problem.png, results.txt\n", out_dir);
clear -global adding_curve
