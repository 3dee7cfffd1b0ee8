## test_layer_gradients.m - every layer's backward pass against central finite
## differences (gradcheck, double, every entry of X, h0, c0 and p), for every
## cell x direction x merge x mode, with and without Lengths and bR; and
## single precision against double.  Run with `test test_layer_gradients`.

%!function [L, g] = layer_loss (t, opts, dY, dhN, dcN)
%!  switch (t.p.cell)
%!    case "rnn"
%!      [Y, hN, cache] = rnn_forward (t.X, t.h0, t.p, opts{:});
%!      L = sum (Y(:) .* dY(:)) + sum (hN(:) .* dhN(:));
%!      [dX, dp, dh0] = rnn_backward (dY, dhN, cache);
%!      g = struct ("X", dX, "h0", dh0, "p", dp);
%!    case "gru"
%!      [Y, hN, cache] = gru_forward (t.X, t.h0, t.p, opts{:});
%!      L = sum (Y(:) .* dY(:)) + sum (hN(:) .* dhN(:));
%!      [dX, dp, dh0] = gru_backward (dY, dhN, cache);
%!      g = struct ("X", dX, "h0", dh0, "p", dp);
%!    case "lstm"
%!      [Y, hN, cN, cache] = lstm_forward (t.X, t.h0, t.c0, t.p, opts{:});
%!      L = sum (Y(:) .* dY(:)) + sum (hN(:) .* dhN(:)) + sum (cN(:) .* dcN(:));
%!      [dX, dp, dh0, dc0] = lstm_backward (dY, dhN, dcN, cache);
%!      g = struct ("X", dX, "h0", dh0, "c0", dc0, "p", dp);
%!  endswitch
%!endfunction

%!function [t, opts, dY, dhN, dcN] = problem (p, len, m = 3)
%!  ## n_x = 3, m = 3, T = 5; X is nonzero beyond the lengths too, so the
%!  ## check also proves that padding is ignored (its gradient is zero)
%!  n_a = columns (p.R); D = 1 + strcmp (p.direction, "bidirectional");
%!  n_y = n_a * (1 + (D == 2 && strcmp (p.merge, "concat")));
%!  randn ("state", 42);
%!  t = struct ("X", randn (3, m, 5), "h0", 0.5 * randn (n_a, m, D), "p", p);
%!  if (strcmp (p.cell, "lstm"))
%!    t.c0 = 0.5 * randn (n_a, m, D);
%!  endif
%!  dY = randn (n_y, m, 5); dhN = randn (n_a, m, D); dcN = randn (n_a, m, D);
%!  opts = {};
%!  if (! isempty (len))
%!    opts = {"Lengths", len};
%!  endif
%!endfunction

%!function fd_layer (p, len, m = 3)
%!  [t, opts, dY, dhN, dcN] = problem (p, len, m);
%!  [err, info] = gradcheck (@(t) layer_loss (t, opts, dY, dhN, dcN), t, "MaxEntries", Inf);
%!  assert (err < 1e-7, "%s %s: gradient error %g at %s (analytic %g, numeric %g)", ...
%!          p.cell, p.direction, err, info.where, info.analytic, info.numeric);
%!endfunction

%!function single_vs_double (p, len)
%!  [t, opts, dY, dhN, dcN] = problem (p, len);
%!  [L, g] = layer_loss (t, opts, dY, dhN, dcN);
%!  ts = t; ts.X = single (t.X);          # mixed inputs compute in single
%!  [Ls, gs] = layer_loss (ts, opts, dY, dhN, dcN);
%!  assert (class (gs.X), "single"); assert (class (gs.p.W), "single");
%!  assert (double (Ls), L, 1e-4 * max (1, abs (L)));
%!  assert (double (gs.p.W), g.p.W, 1e-4 * max (1, max (abs (g.p.W(:)))));
%!  assert (double (gs.X), g.X, 1e-4 * max (1, max (abs (g.X(:)))));
%!endfunction

%!function check_cell (cell, varargin)
%!  for dir = {"forward", "reverse", "bidirectional"}
%!    merges = {"concat"};
%!    if (strcmp (dir{1}, "bidirectional"))
%!      merges = {"concat", "sum", "ave", "mul"};
%!    endif
%!    for merge = merges
%!      p = rnn_init (cell, 3, 4, "Direction", dir{1}, "Merge", merge{1}, ...
%!                    "RecurrentBias", true, "BiasInitializer", "narrow-normal", ...
%!                    "Seed", 1, varargin{:});
%!      fd_layer (p, [5 2 4]);
%!      fd_layer (rmfield (p, "bR"), []);
%!      single_vs_double (p, [5 2 4]);
%!    endfor
%!  endfor
%!endfunction

%!test check_cell ("rnn", "Activation", "tanh");
%!test check_cell ("rnn", "Activation", "relu");
%!test check_cell ("lstm");
%!test check_cell ("gru", "ResetGateMode", "after-multiplication");
%!test check_cell ("gru", "ResetGateMode", "before-multiplication");

%!test
%! ## a batch of 9 columns: from 8 on the input projection runs step by step
%! ## (src/core/sweep.c); every cell and mode, one direction and two
%! len = [5 2 4 1 3 5 5 2 4];
%! for c = {{"rnn"}, {"lstm"}, {"gru", "ResetGateMode", "after-multiplication"}, ...
%!          {"gru", "ResetGateMode", "before-multiplication"}}
%!   for dir = {"reverse", "bidirectional"}
%!     p = rnn_init (c{1}{1}, 3, 4, c{1}{2:end}, "Direction", dir{1}, "RecurrentBias", true, ...
%!                   "BiasInitializer", "narrow-normal", "Seed", 2);
%!     fd_layer (p, len, 9);
%!   endfor
%! endfor
