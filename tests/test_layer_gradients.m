## test_layer_gradients.m - every layer's backward pass against central finite
## differences (gradcheck, double, every entry of X, h0, c0 and p), for every
## cell x direction x merge x mode, with and without Lengths and bR; and
## single precision against double; each of these with a fixed recurrent
## dropout mask too ("RecurrentDropoutMask").  Last, layers large enough for a
## second thread inside the layer (the stepper), checked against the cell
## functions and along a random direction.  Run with
## `test test_layer_gradients`.

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

%!function [t, opts, dY, dhN, dcN] = problem (p, len, m = 3, masked = false)
%!  ## n_x = 3, m = 3, T = 5; X is nonzero beyond the lengths too, so the
%!  ## check also proves that padding is ignored (its gradient is zero).
%!  ## masked: a fixed recurrent dropout mask, entries 0 and 1/(1-0.3) as
%!  ## inverted dropout draws them, and one entry of another value (any
%!  ## value must work)
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
%!  if (masked)
%!    rand ("state", 43);
%!    M = (rand (n_a, m, D) > 0.3) / 0.7;
%!    M(1) = 0.6;
%!    opts(end+1:end+2) = {"RecurrentDropoutMask", M};
%!  endif
%!endfunction

%!function fd_layer (p, len, m = 3, masked = false)
%!  [t, opts, dY, dhN, dcN] = problem (p, len, m, masked);
%!  [err, info] = gradcheck (@(t) layer_loss (t, opts, dY, dhN, dcN), t, "MaxEntries", Inf);
%!  assert (err < 1e-7, "%s %s mask=%d: gradient error %g at %s (analytic %g, numeric %g)", ...
%!          p.cell, p.direction, masked, err, info.where, info.analytic, info.numeric);
%!endfunction

%!function single_vs_double (p, len, masked = false)
%!  [t, opts, dY, dhN, dcN] = problem (p, len, 3, masked);
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
%!      fd_layer (p, [5 2 4], 3, true);
%!      fd_layer (rmfield (p, "bR"), [], 3, true);
%!      single_vs_double (p, [5 2 4], true);
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

%!test
%! ## layers whose steps' products are large enough (2 MFLOP and more) for
%! ## the layer to share them with a second thread when BLAS may use two
%! ## (src/core/sweep.c, the stepper; make check runs with the machine's
%! ## OpenBLAS threads): n_a = 256, batch 16, both unidirectional directions
%! ## and Lengths, without and with a recurrent dropout mask.  Forward
%! ## against a loop of the one-step cell functions (which never split a
%! ## product), the gradient against a central difference of the loss
%! ## along a random direction of X, h0 and p.
%! n_x = 8; n_a = 256; m = 16; T = 4; len = [4 2 3 4 1 4 4 3 2 4 4 1 3 4 4 2];
%! rand ("state", 5); M = (rand (n_a, m) > 0.25) / 0.75;
%! for c = {{"rnn"}, {"lstm"}, {"gru", "ResetGateMode", "after-multiplication"}, ...
%!          {"gru", "ResetGateMode", "before-multiplication"}}
%!   for dir = {"forward", "reverse"}
%!   for masked = [false true]
%!     opts = {"Lengths", len};
%!     copts = {};
%!     if (masked)
%!       opts(end+1:end+2) = {"RecurrentDropoutMask", M};
%!       copts = {"RecurrentDropoutMask", M};
%!     endif
%!     p = rnn_init (c{1}{1}, n_x, n_a, c{1}{2:end}, "Direction", dir{1}, ...
%!                   "BiasInitializer", "narrow-normal", "Seed", 3);
%!     randn ("state", 7);
%!     X = randn (n_x, m, T); h0 = 0.5 * randn (n_a, m); c0 = 0.5 * randn (n_a, m);
%!     dY = randn (n_a, m, T);
%!     lstm = strcmp (p.cell, "lstm");
%!     ## forward: the cell functions, step by step, in the layer's order
%!     q = rmfield (p, "direction");
%!     h = h0; cc = c0; Yr = zeros (n_a, m, T);
%!     steps = 1:T;
%!     if (strcmp (dir{1}, "reverse")) steps = T:-1:1; endif
%!     for t = steps
%!       switch (p.cell)
%!         case "rnn",  hn = rnn_cell_forward (X(:,:,t), h, q, copts{:});
%!         case "gru",  hn = gru_cell_forward (X(:,:,t), h, q, copts{:});
%!         case "lstm", [hn, cn] = lstm_cell_forward (X(:,:,t), h, cc, q, copts{:});
%!       endswitch
%!       on = t <= len;      # a column past its length keeps its state
%!       h(:, on) = hn(:, on);
%!       if (lstm) cc(:, on) = cn(:, on); endif
%!       Yr(:, on, t) = h(:, on);
%!     endfor
%!     if (lstm)
%!       [Y, hN, cN, cache] = lstm_forward (X, h0, c0, p, opts{:});
%!       assert (cN, cc, 1e-12);
%!       [dX, dp, dh0] = lstm_backward (dY, [], [], cache);
%!       loss = @(X, h0, p) sum (vec (lstm_forward (X, h0, c0, p, opts{:}) .* dY));
%!     else
%!       fwd = str2func ([p.cell "_forward"]); bwd = str2func ([p.cell "_backward"]);
%!       [Y, hN, cache] = fwd (X, h0, p, opts{:});
%!       [dX, dp, dh0] = bwd (dY, [], cache);
%!       loss = @(X, h0, p) sum (vec (fwd (X, h0, p, opts{:}) .* dY));
%!     endif
%!     assert (Y, Yr, 1e-12);
%!     assert (hN, h, 1e-12);
%!     ## the gradient along a random direction v: <g, v> against
%!     ## (loss (x + e v) - loss (x - e v)) / (2 e)
%!     vX = randn (size (X)); vh = randn (size (h0)); vp = p; gv = 0;
%!     for f = {"W", "R", "b"}
%!       vp.(f{1}) = randn (size (p.(f{1})));
%!       gv += sum (vec (dp.(f{1}) .* vp.(f{1})));
%!     endfor
%!     gv += sum (vec (dX .* vX)) + sum (vec (dh0 .* vh));
%!     e = 1e-6; pp = p; pm = p;
%!     for f = {"W", "R", "b"}
%!       pp.(f{1}) = p.(f{1}) + e * vp.(f{1}); pm.(f{1}) = p.(f{1}) - e * vp.(f{1});
%!     endfor
%!     fd = (loss (X + e*vX, h0 + e*vh, pp) - loss (X - e*vX, h0 - e*vh, pm)) / (2*e);
%!     assert (gv, fd, 1e-6 * max (1, abs (fd)));
%!   endfor
%!   endfor
%! endfor

%!function [L, g] = cell_loss (t, M, dh, dc)
%!  o = {"RecurrentDropoutMask", M};
%!  switch (t.p.cell)
%!    case "lstm"
%!      [h, c, cache] = lstm_cell_forward (t.xt, t.h, t.c, t.p, o{:});
%!      L = sum (vec (h .* dh)) + sum (vec (c .* dc));
%!      [dx, dp, dhp, dcp] = lstm_cell_backward (dh, dc, cache);
%!    otherwise
%!      [h, cache] = feval ([t.p.cell "_cell_forward"], t.xt, t.h, t.p, o{:});
%!      L = sum (vec (h .* dh));
%!      [dx, dp, dhp] = feval ([t.p.cell "_cell_backward"], dh, cache);
%!      dcp = zeros (size (t.c));
%!  endswitch
%!  g = struct ("xt", dx, "h", dhp, "c", dcp, "p", dp);
%!endfunction

%!test
%! ## the single-step functions with a recurrent dropout mask: gradcheck
%! ## of one step of each cell (h_prev's gradient goes through the mask)
%! randn ("state", 9);
%! M = [0 1 1; 1 0.5 1; 1 1 0; 1 1 1] / 0.7;
%! for c = {{"rnn"}, {"lstm"}, {"gru", "ResetGateMode", "after-multiplication"}, ...
%!          {"gru", "ResetGateMode", "before-multiplication"}}
%!   p = rnn_init (c{1}{1}, 3, 4, c{1}{2:end}, "RecurrentBias", true, ...
%!                 "BiasInitializer", "narrow-normal", "Seed", 5);
%!   p = rmfield (p, "direction");
%!   t = struct ("xt", randn (3, 3), "h", 0.5 * randn (4, 3), "c", 0.5 * randn (4, 3), "p", p);
%!   dh = randn (4, 3); dc = randn (4, 3);
%!   [err, info] = gradcheck (@(t) cell_loss (t, M, dh, dc), t, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s cell: gradient error %g at %s", p.cell, err, info.where);
%! endfor
