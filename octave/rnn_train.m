## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{model} =} rnn_train (@var{model}, @var{data})
## @deftypefnx {} {[@var{model}, @var{history}, @var{state}] =} rnn_train (@var{model}, @var{data}, @var{name}, @var{value}, @dots{})
## Train a recurrent model with mini-batches: loss, gradient, clipping, update.
##
## @var{model} is a layer struct with an output layer (@code{Wy}, @code{by}),
## as @code{rnn_init (cell, n_x, n_a, "OutputSize", n_y)} makes it; each
## iteration computes @code{[loss, grad] = rnn_loss (model, X, labels, @dots{})},
## clips @var{grad} to a global L2 norm (@code{clip_gradients}) and updates
## the numeric fields of @var{model} with the optimiser.
##
## @var{data} gives the mini-batches, either
## @itemize
## @item a function handle, @code{[X, labels, lengths] = data (k)} for
## iteration @var{k} (@var{lengths} may be @code{[]}: all full length); or
## @item a cell array of symbol-index sequences (e.g. from
## @code{text_encode}) for a next-symbol model: each batch is
## @code{seq_batch (seqs(j), n_x)} of @code{"MiniBatchSize"} sequences.
## Batches are drawn without replacement, an epoch at a time, and sequences
## of similar length are batched together (shuffled within chunks of 50
## batches, then sorted by length), which cuts the padding the time loop
## has to step through.
## @end itemize
##
## Options:
## @table @asis
## @item "Iterations"
## number of updates; default 1000.
## @item "MiniBatchSize"
## sequences per batch when @var{data} is a cell array; default 64.
## @item "Optimizer"
## "adam" (default, @code{adamupdate}), "sgdm" (@code{sgdmupdate}, momentum
## 0.9) or "rmsprop" (@code{rmspropupdate}).
## @item "LearnRate"
## default 0.001 (0.01 for sgdm).
## @item "LearnRateSchedule"
## "none" (default); "piecewise": multiply by "LearnRateDropFactor"
## (default 0.1) every "LearnRateDropPeriod" iterations (default: a third
## of Iterations); "cosine": from LearnRate down to LearnRate/100 over
## the Iterations of this call, following half a cosine.
## @item "GradientThreshold"
## clip the gradient's global L2 norm to this; default 5, Inf for none.
## @item "Output"
## @itemx "Loss"
## passed to @code{rnn_loss}: "sequence" (default, a label per step) or
## "last" (a label per sequence); "crossentropy" (default) or "mse"
## (regression; the data function's second output holds the targets).
## @item "Verbose"
## true (default) to show progress: iteration / total, smoothed loss (nats
## per counted label, or the mean squared error; 98% exponential
## smoothing), time steps per second (the sum of the batches' lengths;
## "char/s" when @var{data} is a cell array of symbol sequences, else
## "step/s"), elapsed time and the estimated time to go.  On a terminal one line is updated in place;
## otherwise a line is printed every "VerboseFrequency" iterations.
## @item "VerboseFrequency"
## default 50.
## @item "OutputFcn"
## a function handle (or cell array of them) called as
## @code{stop = f (model, info)} every "OutputFrequency" iterations and
## after the last one; if it returns logical true, training stops (other
## return values, such as the byte count @code{printf} returns, and
## functions without outputs are fine).  @var{info}
## has fields @code{Iteration}, @code{Loss}, @code{SmoothedLoss},
## @code{GradientNorm}, @code{LearnRate}, @code{Elapsed} (s) and
## @code{State} ("iteration" or "done").  It may print: the progress line
## is cleared first.
## @item "OutputFrequency"
## default 1.
## @item "State"
## the third output of an earlier call, to resume: iteration numbers,
## optimiser moments and @var{history} carry on.
## @item "Seed"
## seed of the batch order (cell data); the global random state is left
## as it was.  Default: draw from the global state.
## @end table
##
## @var{history} has one entry per iteration in fields @code{Iteration},
## @code{Loss}, @code{SmoothedLoss}, @code{GradientNorm} (before clipping),
## @code{LearnRate}, @code{Time} (s since the start) and @code{Steps} (time
## steps in the batch).  Training stops early, with a warning, if the loss
## or the gradient becomes NaN or Inf; @var{model} is then the last finite
## one.
##
## @example
## @group
## words = @{"anna", "bob", "hannah", "otto", "ada"@};
## vocab = ["a":"z", "\n"];
## seqs = cellfun (@@(w) [27, w, 27], text_encode (words, vocab),
##                 "UniformOutput", false);
## model = rnn_init ("lstm", 27, 32, "OutputSize", 27);
## [model, history] = rnn_train (model, seqs, "Iterations", 300,
##                               "MiniBatchSize", 5, "LearnRate", 0.01,
##                               "Verbose", false);
## history.SmoothedLoss(end) < 1        # from log (27) = 3.3 to below 1
##   @result{} 1
## rnn_sample (model, vocab, 3)         # doctest: +SKIP
##   @result{} @{ "anna"; "otto"; "hannah" @}
## @end group
## @end example
##
## @seealso{rnn_loss, rnn_sample, seq_batch, clip_gradients, adamupdate, rnn_init}
## @end deftypefn

function [model, history, state] = rnn_train (model, data, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "rnn_train";
  if (! (isstruct (model) && isscalar (model) && isfield (model, "cell")
         && all (isfield (model, {"W", "Wy", "by"}))))
    error ("rnn:rnn_train:invalidModel",
           "rnn_train: MODEL must be a layer struct with an output layer Wy, by (rnn_init (..., \"OutputSize\", n_y))");
  endif
  o = struct ("iterations", 1000, "minibatchsize", 64, "optimizer", "adam",
              "learnrate", [], "learnrateschedule", "none",
              "learnratedropfactor", 0.1, "learnratedropperiod", [],
              "gradientthreshold", 5, "output", "sequence", "loss", "crossentropy",
              "verbose", true,
              "verbosefrequency", 50, "outputfcn", [], "outputfrequency", 1,
              "state", [], "seed", []);
  o = __name_value__ (fn, o, varargin,
                      ["Iterations, MiniBatchSize, Optimizer, LearnRate, " ...
                       "LearnRateSchedule, LearnRateDropFactor, LearnRateDropPeriod, " ...
                       "GradientThreshold, Output, Loss, Verbose, VerboseFrequency, " ...
                       "OutputFcn, OutputFrequency, State, Seed"]);
  posint (o.iterations, "Iterations");
  posint (o.minibatchsize, "MiniBatchSize");
  posint (o.verbosefrequency, "VerboseFrequency");
  posint (o.outputfrequency, "OutputFrequency");
  o.optimizer = __choice__ (fn, "Optimizer", o.optimizer, {"adam", "sgdm", "rmsprop"});
  o.learnrateschedule = __choice__ (fn, "LearnRateSchedule", o.learnrateschedule,
                                    {"none", "piecewise", "cosine"});
  o.output = __choice__ (fn, "Output", o.output, {"sequence", "last"});
  o.loss = __choice__ (fn, "Loss", o.loss, {"crossentropy", "mse"});
  if (isempty (o.learnrate))
    o.learnrate = ifelse_ (strcmp (o.optimizer, "sgdm"), 0.01, 0.001);
  endif
  posnum (o.learnrate, "LearnRate");
  posnum (o.learnratedropfactor, "LearnRateDropFactor");
  if (isempty (o.learnratedropperiod))
    o.learnratedropperiod = max (1, round (o.iterations / 3));
  endif
  posint (o.learnratedropperiod, "LearnRateDropPeriod");
  if (! (isnumeric (o.gradientthreshold) && isscalar (o.gradientthreshold)
         && o.gradientthreshold > 0))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: GradientThreshold must be a positive number or Inf");
  endif
  if (! (isscalar (o.verbose) && (islogical (o.verbose) || isnumeric (o.verbose))))
    error ("rnn:rnn_train:invalidOption", "rnn_train: Verbose must be true or false");
  endif
  if (is_function_handle (o.outputfcn))
    o.outputfcn = {o.outputfcn};
  elseif (isempty (o.outputfcn))
    o.outputfcn = {};
  elseif (! (iscell (o.outputfcn) && all (cellfun ("is_function_handle", o.outputfcn))))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: OutputFcn must be a function handle or a cell array of them");
  endif
  if (! isempty (o.seed) && ! (isnumeric (o.seed) && isscalar (o.seed) && isreal (o.seed)))
    error ("rnn:rnn_train:invalidOption", "rnn_train: Seed must be a real scalar");
  endif

  ## the batches
  if (is_function_handle (data))
    next_batch = @(k) call_data (data, k);
  elseif (iscell (data) && ! isempty (data))
    if (strcmp (o.output, "last") || strcmp (o.loss, "mse"))
      error ("rnn:rnn_train:invalidInput",
             "rnn_train: with \"Output\" \"last\" or \"Loss\" \"mse\", DATA must be a function handle giving X, labels, lengths");
    endif
    n_x = columns (model.W);
    lens = cellfun ("numel", data);
    if (any (lens < 2))
      error ("rnn:rnn_train:invalidInput",
             "rnn_train: DATA{%d} has fewer than 2 symbols", find (lens < 2, 1));
    endif
    batcher = struct ("seqs", {data}, "lens", lens, "B", min (o.minibatchsize, numel (data)),
                      "n_x", n_x, "cls", class (model.W), "order", {{}}, "pos", 0);
    next_batch = [];
  else
    error ("rnn:rnn_train:invalidInput",
           "rnn_train: DATA must be a function handle or a cell array of sequences, not %s",
           __show__ (data));
  endif

  ## optimiser state and history, fresh or resumed
  names = numeric_fields (model);
  if (isempty (o.state))
    it0 = 0; m1 = []; m2 = []; history = empty_history ();
  else
    s = o.state;
    if (! (isstruct (s) && all (isfield (s, {"Iteration", "Optimizer", "Moments", "History"}))))
      error ("rnn:rnn_train:invalidOption",
             "rnn_train: State must be the third output of rnn_train");
    elseif (! strcmp (s.Optimizer, o.optimizer))
      error ("rnn:rnn_train:invalidOption",
             "rnn_train: State comes from optimizer \"%s\", not \"%s\"", s.Optimizer, o.optimizer);
    endif
    it0 = s.Iteration; m1 = s.Moments{1}; m2 = s.Moments{2}; history = s.History;
  endif

  tty = o.verbose && isatty_stdout ();
  unit = ifelse_ (isempty (next_batch), "char", "step");
  if (! isempty (o.seed))
    old_state = {rand("state"), randn("state")};
    rand ("state", o.seed); randn ("state", o.seed + 1);
  endif
  unwind_protect
    N = o.iterations;
    H = empty_history (N);
    beta = 0.98;                          # loss smoothing
    ema = 0; n_ema = 0;
    if (! isempty (history.SmoothedLoss))         # carry on smoothing
      ema = history.SmoothedLoss(end); n_ema = Inf;
    endif
    t_start = tic (); steps = 0; last_draw = -Inf; shown = 0; line = "";
    done = 0;
    for i = 1:N
      k = it0 + i;
      if (isempty (next_batch))
        [X, labels, lengths, batcher] = bucket_batch (batcher);
      else
        [X, labels, lengths] = next_batch (k);
      endif
      if (isempty (lengths))
        [loss, grad] = rnn_loss (model, X, labels, "Output", o.output, "Loss", o.loss);
        n_steps = size (X, 2) * size (X, 3);
      else
        [loss, grad] = rnn_loss (model, X, labels, "Lengths", lengths, "Output", o.output,
                                 "Loss", o.loss);
        n_steps = sum (lengths);
      endif
      if (! isfinite (loss))
        clear_line (tty, shown);
        warning ("rnn:rnn_train:nonfinite",
                 "rnn_train: the loss is %g at iteration %d; training stopped", loss, k);
        break;
      endif
      ## (clip_gradients takes finite thresholds; realmax never clips)
      [grad, gnorm] = clip_gradients (grad, min (o.gradientthreshold, realmax));
      if (! isfinite (gnorm))
        clear_line (tty, shown);
        warning ("rnn:rnn_train:nonfinite",
                 "rnn_train: the gradient norm is %g at iteration %d; training stopped",
                 gnorm, k);
        break;
      endif
      lr = learn_rate (o, i);
      theta = struct ();
      for f = names
        theta.(f{1}) = model.(f{1});
      endfor
      switch (o.optimizer)
        case "adam"
          [theta, m1, m2] = adamupdate (theta, grad, m1, m2, k, lr);
        case "sgdm"
          [theta, m1] = sgdmupdate (theta, grad, m1, lr, 0.9);
        case "rmsprop"
          [theta, m1] = rmspropupdate (theta, grad, m1, lr);
      endswitch
      for f = names
        model.(f{1}) = theta.(f{1});
      endfor

      ema = beta * ema + (1 - beta) * loss; n_ema += 1;
      smoothed = ema / (1 - beta ^ n_ema);
      steps += n_steps;
      elapsed = toc (t_start);
      done = i;
      H.Iteration(i) = k; H.Loss(i) = loss; H.SmoothedLoss(i) = smoothed;
      H.GradientNorm(i) = gnorm; H.LearnRate(i) = lr; H.Time(i) = elapsed;
      H.Steps(i) = n_steps;

      if (o.verbose)
        if (tty && (elapsed - last_draw >= 0.1 || i == N))
          line = progress (k, it0 + N, smoothed, steps / elapsed, unit, elapsed,
                           elapsed / i * (N - i));
          printf ("\r%s%s", line, blanks (max (0, shown - numel (line))));
          fflush (stdout);
          shown = numel (line); last_draw = elapsed;
        elseif (! tty && (mod (i, o.verbosefrequency) == 0 || i == 1 || i == N))
          printf ("%s\n", progress (k, it0 + N, smoothed, steps / elapsed, unit, elapsed,
                                    elapsed / i * (N - i)));
          fflush (stdout);
        endif
      endif
      if (! isempty (o.outputfcn) && (mod (i, o.outputfrequency) == 0 || i == N))
        info = struct ("Iteration", k, "Loss", loss, "SmoothedLoss", smoothed,
                       "GradientNorm", gnorm, "LearnRate", lr, "Elapsed", elapsed,
                       "State", ifelse_ (i == N, "done", "iteration"));
        shown = clear_line (tty, shown);
        stop = call_output_fcns (o.outputfcn, model, info);
        if (tty && ! isempty (line))    # redraw at once: no flicker
          printf ("%s", line); fflush (stdout); shown = numel (line);
        endif
        if (stop)
          break;
        endif
      endif
    endfor
    if (tty && shown > 0)
      printf ("\n");
    endif
  unwind_protect_cleanup
    if (! isempty (o.seed))
      rand ("state", old_state{1}); randn ("state", old_state{2});
    endif
  end_unwind_protect

  for f = fieldnames (H)'
    history.(f{1}) = [history.(f{1}), H.(f{1})(1:done)];
  endfor
  state = struct ("Iteration", it0 + done, "Optimizer", o.optimizer,
                  "Moments", {{m1, m2}}, "History", history);
endfunction

## A batch from the user's DATA function; its errors keep their identifier,
## or get rnn:rnn_train:dataError when they have none.
function [X, labels, lengths] = call_data (data, k)
  try
    [X, labels, lengths] = data (k);
  catch err
    if (! isempty (err.identifier))
      rethrow (err);
    endif
    error ("rnn:rnn_train:dataError",
           "rnn_train: DATA (%d) failed: %s (it must return [X, labels, lengths])",
           k, err.message);
  end_try_catch
endfunction

## The next batch of cell data: epochs of chunks sorted by length.
function [X, labels, lengths, b] = bucket_batch (b)
  if (b.pos >= numel (b.order))
    n = numel (b.seqs); B = b.B;
    perm = randperm (n);
    n_use = B * floor (n / B);          # whole batches only
    perm = perm(1:n_use);
    chunk = 50 * B;
    starts = 1:chunk:n_use;
    parts = cell (1, numel (starts));   # joined once: growing a cell array
    for j = 1:numel (starts)            # batch by batch took 0.8 s at B = 1
      c = perm(starts(j):min (starts(j) + chunk - 1, n_use));
      [~, o] = sort (b.lens(c));
      c = c(o);
      parts{j} = mat2cell (c, 1, B * ones (1, numel (c) / B));
    endfor
    batches = [parts{:}];
    b.order = batches(randperm (numel (batches)));
    b.pos = 0;
  endif
  b.pos += 1;
  [X, labels, lengths] = seq_batch (b.seqs(b.order{b.pos}), b.n_x, "Class", b.cls);
endfunction

function lr = learn_rate (o, i)
  lr = o.learnrate;
  switch (o.learnrateschedule)
    case "piecewise"
      lr *= o.learnratedropfactor ^ floor ((i - 1) / o.learnratedropperiod);
    case "cosine"
      f = 0.01;
      lr *= f + (1 - f) * (1 + cos (pi * (i - 1) / max (1, o.iterations - 1))) / 2;
  endswitch
endfunction

function stop = call_output_fcns (fcns, model, info)
  stop = false;
  for k = 1:numel (fcns)
    f = fcns{k};
    if (nargout (f) == 0)
      f (model, info);
      continue;
    endif
    try
      r = f (model, info);
    catch err
      ## an anonymous wrapper of a function without outputs: Octave refuses
      ## the call before running anything, so call again without an output
      if (! (strcmp (err.identifier, "Octave:invalid-fun-call")
             && ! isempty (strfind (err.message, "called with too many outputs"))))
        rethrow (err);
      endif
      f (model, info);
      r = [];
    end_try_catch
    stop = stop || (islogical (r) && ! isempty (r) && r(1));
  endfor
endfunction

function line = progress (k, N, loss, rate, unit, elapsed, eta)
  if (abs (loss) < 1e4)
    l = sprintf ("%.3f", loss);
  else
    l = sprintf ("%.3g", loss);         # an exploding run
  endif
  line = sprintf ("iter %*d/%d  loss %s  %s %s/s  elapsed %s  ETA %s",
                  numel (sprintf ("%d", N)), k, N, l, si (rate), unit,
                  hms (elapsed), hms (eta));
endfunction

function s = si (x)
  if (x >= 1e6)
    s = sprintf ("%.2fM", x / 1e6);
  elseif (x >= 1e4)
    s = sprintf ("%.1fk", x / 1e3);
  else
    s = sprintf ("%.0f", x);
  endif
endfunction

function s = hms (t)
  t = round (t);
  if (t >= 3600)
    s = sprintf ("%d:%02d:%02d", floor (t / 3600), floor (mod (t, 3600) / 60), mod (t, 60));
  else
    s = sprintf ("%d:%02d", floor (t / 60), mod (t, 60));
  endif
endfunction

function shown = clear_line (tty, shown)
  if (tty && shown > 0)
    printf ("\r%s\r", blanks (shown));
    fflush (stdout);
  endif
  shown = 0;
endfunction

## true when standard output is a terminal (the shell inherits Octave's fd 1)
function t = isatty_stdout ()
  persistent cached;
  if (isempty (cached))
    cached = ! ispc () && system ("test -t 1", false) == 0;
  endif
  t = cached;
endfunction

function h = empty_history (n = 0)
  z = zeros (1, n);
  h = struct ("Iteration", z, "Loss", z, "SmoothedLoss", z, "GradientNorm", z,
              "LearnRate", z, "Time", z, "Steps", z);
endfunction

function names = numeric_fields (model)
  names = fieldnames (model)';
  names = names(cellfun (@(f) isnumeric (model.(f)), names));
endfunction

function posint (v, name)
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && v >= 1 && v == fix (v)))
    error ("rnn:rnn_train:invalidOption", "rnn_train: %s must be a positive integer", name);
  endif
endfunction

function posnum (v, name)
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && v > 0 && isfinite (v)))
    error ("rnn:rnn_train:invalidOption", "rnn_train: %s must be a positive number", name);
  endif
endfunction

function r = ifelse_ (c, a, b)
  if (c) r = a; else r = b; endif
endfunction

%!shared seqs, vocab
%! vocab = ["a":"z", "\n"];
%! seqs = cellfun (@(w) [27, w, 27], text_encode ({"anna", "bob", "hannah", "otto", "ada"}, vocab),
%!                 "UniformOutput", false);

%!test
%! ## a tiny language model learns its five words
%! model = rnn_init ("lstm", 27, 16, "OutputSize", 27, "Seed", 1);
%! [model, h, st] = rnn_train (model, seqs, "Iterations", 150, "MiniBatchSize", 5,
%!                             "LearnRate", 0.02, "Verbose", false, "Seed", 1);
%! assert (h.Iteration, 1:150);
%! assert (h.Loss(1), log (27), 0.2);
%! assert (h.SmoothedLoss(end) < 1);
%! assert (all (h.Steps == 25));                # 4+3+6+4+3 letters, +1 each
%! assert (st.Iteration, 150);
%! w = rnn_sample (model, vocab, 20, "Temperature", 0.3, "Seed", 1);
%! assert (mean (ismember (w, {"anna", "bob", "hannah", "otto", "ada"})) > 0.5);

%!test
%! ## resuming carries on the history and the iteration count; same as one run
%! m0 = rnn_init ("gru", 27, 8, "OutputSize", 27, "Seed", 2);
%! opts = {"MiniBatchSize", 5, "LearnRate", 0.01, "Verbose", false, "Seed", 4};
%! [m1, h1] = rnn_train (m0, seqs, "Iterations", 20, opts{:});
%! [ma, ~, st] = rnn_train (m0, seqs, "Iterations", 10, opts{:});
%! [mb, h2, st2] = rnn_train (ma, seqs, "Iterations", 10, opts{:}, "State", st);
%! assert (h2.Iteration, 1:20); assert (st2.Iteration, 20);
%! assert (mb.W, m1.W, 1e-12);           # full batches: the order does not matter
%! assert (h2.Loss, h1.Loss, 1e-12);

%!test
%! ## a data function, OutputFcn that stops, sgdm, clipping recorded
%! X = randn (2, 8, 5); y = 1 + (sum (X(1,:,:), 3) > 0);
%! model = rnn_init ("rnn", 2, 6, "OutputSize", 2, "Seed", 3);
%! stopper = @(m, info) info.Iteration >= 7;
%! [model, h] = rnn_train (model, @(k) deal (X, y, []), "Iterations", 50,
%!                         "Output", "last", "Optimizer", "sgdm", "Verbose", false,
%!                         "OutputFcn", stopper, "GradientThreshold", 0.01);
%! assert (numel (h.Loss), 7);
%! assert (all (h.GradientNorm > 0.01));
%! assert (all (h.LearnRate == 0.01));

%!test
%! ## OutputFcn: named, anonymous around a function without outputs, cell array
%! model = rnn_init ("rnn", 27, 4, "OutputSize", 27, "Seed", 3);
%! f1 = @(m, info) printf ("<%d %s>", info.Iteration, info.State);
%! f2 = @(m, info) fprintf ("%d\n", info.Iteration);   # returns a count: not a stop
%! out = evalc ("rnn_train (model, seqs, 'Iterations', 5, 'Verbose', false, 'OutputFcn', {f1, f2}, 'OutputFrequency', 2);");
%! assert (out, sprintf ("<2 iteration>2\n<4 iteration>4\n<5 done>5\n"));

%!test
%! ## schedules; plain progress lines when output is not a terminal
%! model = rnn_init ("rnn", 27, 4, "OutputSize", 27, "Seed", 3);
%! [~, h] = rnn_train (model, seqs, "Iterations", 4, "MiniBatchSize", 2, "Verbose", false,
%!                     "LearnRateSchedule", "piecewise", "LearnRateDropPeriod", 2,
%!                     "Optimizer", "rmsprop");
%! assert (h.LearnRate, [1 1 0.1 0.1] * 1e-3, 1e-15);
%! [~, h] = rnn_train (model, seqs, "Iterations", 3, "Verbose", false,
%!                     "LearnRateSchedule", "cosine", "LearnRate", 1);
%! assert (h.LearnRate, [1 0.505 0.01], 1e-12);
%! out = evalc ("rnn_train (model, seqs, 'Iterations', 4, 'VerboseFrequency', 2);");
%! assert (numel (strfind (out, "loss")), 3);         # iterations 1, 2, 4
%! assert (! isempty (regexp (out, 'iter 4/4  loss \d\.\d{3}  [\d.]+[kM]? char/s  elapsed 0:00  ETA 0:00')));

%!test
%! ## a NaN loss stops with a warning, keeping the last finite model
%! model = rnn_init ("rnn", 27, 4, "OutputSize", 27, "Seed", 3);
%! bad = model; bad.by(1) = NaN;
%! warning ("off", "rnn:rnn_train:nonfinite", "local");
%! [m, h] = rnn_train (bad, seqs, "Iterations", 3, "Verbose", false);
%! assert (numel (h.Loss), 0); assert (isequaln (m, bad));

%!error <Invalid call> rnn_train (1)
%!error id=rnn:rnn_train:invalidModel rnn_train (rnn_init ("rnn", 3, 4), {[1 2]})
%!error id=rnn:rnn_train:invalidInput rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), 42)
%!error id=rnn:rnn_train:invalidInput rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2], 1})
%!error id=rnn:rnn_train:invalidOption rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2]}, "Iteration", 3)
%!error id=rnn:rnn_train:invalidOption rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2]}, "Iterations", 0)
%!error id=rnn:rnn_train:invalidOption rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2]}, "Optimizer", "lbfgs")
%!error id=rnn:rnn_train:invalidOption rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2]}, "GradientThreshold", 0)
%!error id=rnn:rnn_train:invalidOption rnn_train (rnn_init ("rnn", 3, 4, "OutputSize", 3), {[1 2]}, "State", struct ())

%!demo
%! ## A toy task: an LSTM learns five words, letter by letter, in a few
%! ## seconds, then spells some.  Each word starts and ends with "\n".
%! words = {"anna", "bob", "hannah", "otto", "ada"};
%! vocab = ["a":"z", "\n"];
%! seqs = text_encode (strcat ("\n", words, "\n"), vocab);
%! model = rnn_init ("lstm", 27, 32, "OutputSize", 27, "Seed", 1);
%! [model, history] = rnn_train (model, seqs, "Iterations", 300, "MiniBatchSize", 5,
%!                               "LearnRate", 0.01, "Seed", 1, "VerboseFrequency", 100);
%! printf ("smoothed loss: %.2f nats per letter at the start, %.2f at the end\n",
%!         history.SmoothedLoss([1 end]));
%! printf ("sampled: %s\n", strjoin (rnn_sample (model, vocab, 5, "Seed", 1)', ", "));
