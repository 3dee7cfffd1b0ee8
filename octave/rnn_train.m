## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{model} =} rnn_train (@var{model}, @var{data})
## @deftypefnx {} {[@var{model}, @var{history}, @var{state}] =} rnn_train (@var{model}, @var{data}, @var{name}, @var{value}, @dots{})
## Train a model with mini-batches: loss, gradient, clipping, update,
## validation, checkpoints.
##
## @var{model} is a model with an output layer (@code{Wy}, @code{by}), as
## @code{rnn_init (@dots{}, "OutputSize", n_y)} makes it (one layer or a
## stack, with or without an embedding); each iteration computes
## @code{[loss, grad] = rnn_loss (model, X, labels, "Training", true,
## @dots{})} (dropout on), clips
## @var{grad} to a global L2 norm (@code{clip_gradients}) and updates every
## parameter that has a gradient with the optimiser.  With
## @code{"LossFcn"} the model is any scalar struct of parameters and the
## loss is the user's own.
##
## @var{data} gives the mini-batches in one of three forms:
## @itemize
## @item a function handle, @code{[X, labels, lengths] = data (k)} for
## iteration @var{k} (@var{lengths} may be @code{[]}: all full length);
## @item a cell array of symbol-index sequences (e.g. from
## @code{text_encode}) for a next-symbol model: each batch holds
## @code{"MiniBatchSize"} sequences, the input at step @var{t} symbol
## @var{t} (one-hot, as @code{seq_batch} makes it; indices @code{[m, T]}
## when the model has an embedding @code{E}) and its label symbol
## @var{t}+1.  Batches are drawn without replacement, an epoch at a time,
## and sequences of similar length are batched together (shuffled within
## chunks of 50 batches, then sorted by length), which cuts the padding
## the time loop has to step through.  Every symbol must be in
## @code{1..V}, the model's input size (with "LossFcn": @var{V} is the
## largest symbol in @var{data}).  A model with a bidirectional or
## reverse layer gets a warning here: it would read the symbol it is to
## predict.
## @item a vector of symbol indices, a long text, for stateful training
## (truncated back-propagation through time): the text of @var{n} symbols
## is cut into @code{m = "MiniBatchSize"} parallel streams of
## @code{S = floor ((n-1)/m)} steps (stream @var{j} reads symbols
## @code{(j-1)*S + (1:S)} and predicts the symbol after each), and batch
## @var{b} is the next @code{"BPTTLength"} steps of every stream.  Each
## batch starts from the states that the batch before ended with (as
## values: no gradient crosses the cut); when the streams are used up a new
## epoch starts at their beginning, from zero states.  The model can then
## learn to use context longer than one batch; @code{rnn_predict}
## carries the state the same way after training.
## @end itemize
##
## Options:
## @table @asis
## @item "Iterations"
## number of updates; default 1000.
## @item "MiniBatchSize"
## sequences per batch when @var{data} is a cell array, streams when it is
## a text; default 64.
## @item "BPTTLength"
## steps per batch of a text (the length of truncated back-propagation
## through time); default 64.
## @item "Optimizer"
## "adam" (default, @code{adamupdate}), "sgdm" (@code{sgdmupdate}, momentum
## 0.9) or "rmsprop" (@code{rmspropupdate}).
## @item "LearnRate"
## default 0.001 (0.01 for sgdm).
## @item "LearnRateSchedule"
## "none" (default); "piecewise": multiply by "LearnRateDropFactor"
## (default 0.1) every "LearnRateDropPeriod" iterations (default: a third
## of Iterations); "cosine": from LearnRate down to LearnRate/100 over
## the Iterations of this call, following half a cosine.  A schedule
## counts the iterations of this call: a run resumed from the
## @var{state} it returned starts it again; one resumed from a checkpoint
## written during a run (@code{state.StopReason} "running") carries on
## that run's schedule.
## @item "GradientThreshold"
## clip the gradient's global L2 norm to this; default 5, Inf for none.
## @item "L2Regularization"
## @var{lambda} (default 0): @code{lambda * w} is added to the gradient of
## every weight @var{w} after clipping, before the optimiser's step, as
## MATLAB's option of that name does (the loss in @var{history} does not
## include the penalty).  Weights are the parameter arrays whose field
## name does not begin with "b": @code{W}, @code{R}, @code{Wy} and
## @code{E} (also inside @code{layers}); the biases @code{b}, @code{bR},
## @code{by} are not regularised.
## @item "WeightDecay"
## @var{d} (default 0): decoupled weight decay (Loshchilov and Hutter's
## AdamW with "adam"): before each step every weight (the same arrays as
## for L2Regularization) becomes @code{w - (lr * d) * w}, @var{lr} the
## step's learning rate, and the optimiser then steps from there.
## @item "Output"
## @itemx "Loss"
## passed to @code{rnn_loss}: "sequence" (default, a label per step) or
## "last" (a label per sequence); "crossentropy" (default) or "mse"
## (regression; the data function's second output holds the targets).
## @item "LossFcn"
## a function handle @code{[loss, grad] = f (model, X, labels, lengths)}
## used instead of @code{rnn_loss}, on the batches that @var{data} gives
## (@var{lengths} may be @code{[]}); @var{grad} must have the fields of
## @var{model} that are trained, each the size of the parameter (nested
## structs and cell arrays alike), else the error
## @code{rnn:rnn_train:invalidGradient}.  Validation calls
## @code{loss = f (model, X, labels, lengths)}.
## @item "ValidationData"
## held-out data, in one of the forms of @var{data}: a cell array of
## sequences (all of them are scored, in batches of sequences of similar
## length), a function handle @code{[X, labels, lengths] = f (j)} for
## batches @var{j} = 1..@code{"ValidationBatches"} (default 1), or one
## batch @code{@{X, labels@}} or @code{@{X, labels, lengths@}} (a cell
## array of two or three elements that are not all vectors).  The
## validation loss is the mean over all its counted labels (batches
## weighted by them), with the model in evaluation mode (no dropout).
## For a text @var{data}, the validation data is a text too: it is cut
## into streams (at most MiniBatchSize, each at least BPTTLength steps)
## that are scored whole, their states carried from piece to piece.
## @item "ValidationFrequency"
## validate after iteration 1, every this many iterations (default 50) and
## after the last one.
## @item "ValidationPatience"
## stop when the validation loss has not improved on its best for this many
## validations in a row; default Inf (never).
## @item "OutputNetwork"
## the model returned: "last-iteration", "best-validation" (the one with
## the lowest validation loss) or "auto" (default: best-validation when
## there is ValidationData, else last-iteration).
## @item "CheckpointPath"
## a folder (made if missing): every "CheckpointFrequency" iterations
## (default 1000) and after the last one, the model and the training state
## are saved in @file{rnn_checkpoint.mat} there, as variables @code{model}
## and @code{state}.  The file is written under a temporary name and then
## renamed over the previous one, so an interrupted run (Ctrl-C, a crash,
## a killed process) loses at most the iterations since the last
## checkpoint, never the file.  To resume:
## @code{ck = load (file); rnn_train (ck.model, data, "State", ck.state,
## @dots{})}.
## @item "Verbose"
## true (default) to show progress: iteration / total, smoothed loss (nats
## per counted label, or the mean squared error; 98% exponential
## smoothing), the last validation loss (and accuracy), time steps per
## second (the sum of the batches' lengths; "char/s" when @var{data} is a
## cell array of symbol sequences, else "step/s"), elapsed time and the
## estimated time to go.  On a terminal one line is updated in place;
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
## @code{GradientNorm}, @code{LearnRate}, @code{Elapsed} (s),
## @code{ValidationLoss}, @code{ValidationAccuracy} (NaN when this
## iteration had no validation) and @code{State} ("iteration" or "done").
## It may print: the progress line is cleared first.
## @item "OutputFrequency"
## default 1.
## @item "State"
## the third output of an earlier call (or a checkpoint's @code{state}), to
## resume: iteration numbers, optimiser moments, @var{history}, the best
## validation so far and, for a run with a Seed, the batch order and the
## random stream carry on, so that a run cut in two ends with the same
## model as one run.
## @item "Seed"
## seed of the random numbers drawn during training (the batch order of
## cell data, dropout masks); the global random state is left as it was.
## Default: draw from the global state.
## @end table
##
## @var{history} has one entry per iteration in fields @code{Iteration},
## @code{Loss}, @code{SmoothedLoss}, @code{GradientNorm} (before clipping),
## @code{LearnRate}, @code{Time} (s since the start), @code{Steps} (time
## steps in the batch), @code{ValidationLoss} and
## @code{ValidationAccuracy} (NaN at iterations without validation;
## accuracy only for cross-entropy: the share of counted labels that are
## the most probable class).  @code{rnn_plot_history} draws it.  Training
## stops early, with a warning, if the loss or the gradient becomes NaN or
## Inf; @var{model} is then the last finite one.  @code{state.StopReason}
## says why training stopped: "iterations", "validation-patience",
## "output-function" or "nonfinite".
##
## @example
## @group
## words = @{"anna", "bob", "hannah", "otto", "ada"@};
## vocab = ["a":"z", "\n"];
## seqs = cellfun (@@(w) [27, w, 27], text_encode (words, vocab),
##                 "UniformOutput", false);
## model = rnn_init ("lstm", 27, 32, "OutputSize", 27, "Seed", 1);
## [model, history] = rnn_train (model, seqs, "Iterations", 300,
##                               "MiniBatchSize", 5, "LearnRate", 0.01,
##                               "Verbose", false, "Seed", 1);
## history.SmoothedLoss(end) < 1      # from log (27) = 3.3
##   @result{} ans = 1
## @end group
## @end example
##
## Validation and early stopping on a classification task (a label per
## sequence), with weight decay and checkpoints:
##
## @example
## @group
## randn ("state", 1);
## X = randn (2, 2000, 6);  y = 1 + (sum (X(1,:,:), 3) > 0);
## cols = @@(k) mod (k - 1, 50) * 32 + (1:32);   # 1600 for training
## data = @@(k) deal (X(:,cols (k),:), y(cols (k)), []);
## model = rnn_init ("gru", 2, 8, "OutputSize", 2, "Seed", 2);
## [model, history, state] = rnn_train (model, data, "Output", "last",
##     "Iterations", 300, "LearnRate", 0.01,
##     "ValidationData", @{X(:,1601:end,:), y(1601:end)@},
##     "ValidationFrequency", 20, "ValidationPatience", 3,
##     "WeightDecay", 1e-4, "CheckpointPath", tempname (), "Verbose", false);
## v = history.ValidationLoss;
## numel (v(! isnan (v)))      # validations made
## state.StopReason            # "iterations" or "validation-patience"
## @end group
## @end example
##
## @seealso{rnn_loss, rnn_plot_history, rnn_sample, seq_batch, clip_gradients, adamupdate, rnn_init}
## @end deftypefn

function [model, history, state] = rnn_train (model, data, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "rnn_train";
  o = struct ("iterations", 1000, "minibatchsize", 64, "optimizer", "adam",
              "learnrate", [], "learnrateschedule", "none",
              "learnratedropfactor", 0.1, "learnratedropperiod", [],
              "gradientthreshold", 5, "output", "sequence", "loss", "crossentropy",
              "verbose", true,
              "verbosefrequency", 50, "outputfcn", [], "outputfrequency", 1,
              "state", [], "seed", [], "validationdata", [],
              "validationfrequency", 50, "validationpatience", Inf,
              "validationbatches", 1, "outputnetwork", "auto",
              "l2regularization", 0, "weightdecay", 0, "checkpointpath", "",
              "checkpointfrequency", 1000, "lossfcn", [], "bpttlength", 64);
  o = __name_value__ (fn, o, varargin,
                      ["Iterations, MiniBatchSize, Optimizer, LearnRate, " ...
                       "LearnRateSchedule, LearnRateDropFactor, LearnRateDropPeriod, " ...
                       "GradientThreshold, Output, Loss, Verbose, VerboseFrequency, " ...
                       "OutputFcn, OutputFrequency, State, Seed, ValidationData, " ...
                       "ValidationFrequency, ValidationPatience, ValidationBatches, " ...
                       "OutputNetwork, L2Regularization, WeightDecay, CheckpointPath, " ...
                       "CheckpointFrequency, LossFcn, BPTTLength"]);
  custom = ! isempty (o.lossfcn);
  if (custom && ! is_function_handle (o.lossfcn))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: LossFcn must be a function handle [loss, grad] = f (model, X, labels, lengths), not %s",
           __show__ (o.lossfcn));
  endif
  if (! (isstruct (model) && isscalar (model)
         && (custom || all (isfield (model, {"Wy", "by"})))))
    if (custom)
      error ("rnn:rnn_train:invalidModel",
             "rnn_train: MODEL must be a scalar struct of parameters, not %s", __show__ (model));
    endif
    error ("rnn:rnn_train:invalidModel",
           "rnn_train: MODEL must be a model with an output layer Wy, by (rnn_init (..., \"OutputSize\", n_y)), not %s",
           __show__ (model));
  endif
  posint (o.iterations, "Iterations");
  posint (o.minibatchsize, "MiniBatchSize");
  posint (o.verbosefrequency, "VerboseFrequency");
  posint (o.outputfrequency, "OutputFrequency");
  posint (o.validationfrequency, "ValidationFrequency");
  posint (o.validationbatches, "ValidationBatches");
  posint (o.checkpointfrequency, "CheckpointFrequency");
  posint (o.bpttlength, "BPTTLength");
  if (! (isnumeric (o.validationpatience) && isscalar (o.validationpatience)
         && (isinf (o.validationpatience) || o.validationpatience >= 1)
         && o.validationpatience == fix (o.validationpatience)))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: ValidationPatience must be a positive integer or Inf");
  endif
  nonneg (o.l2regularization, "L2Regularization");
  nonneg (o.weightdecay, "WeightDecay");
  o.optimizer = __choice__ (fn, "Optimizer", o.optimizer, {"adam", "sgdm", "rmsprop"});
  o.learnrateschedule = __choice__ (fn, "LearnRateSchedule", o.learnrateschedule,
                                    {"none", "piecewise", "cosine"});
  o.output = __choice__ (fn, "Output", o.output, {"sequence", "last"});
  o.loss = __choice__ (fn, "Loss", o.loss, {"crossentropy", "mse"});
  o.outputnetwork = __choice__ (fn, "OutputNetwork", o.outputnetwork,
                                {"auto", "last-iteration", "best-validation"});
  if (isempty (o.learnrate))
    o.learnrate = merge (strcmp (o.optimizer, "sgdm"), 0.01, 0.001);
  endif
  posnum (o.learnrate, "LearnRate");
  posnum (o.learnratedropfactor, "LearnRateDropFactor");
  drop_default = isempty (o.learnratedropperiod);
  if (drop_default)
    o.learnratedropperiod = max (1, round (o.iterations / 3));
  endif
  posint (o.learnratedropperiod, "LearnRateDropPeriod");
  if (! (isnumeric (o.gradientthreshold) && isscalar (o.gradientthreshold)
         && o.gradientthreshold > 0))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: GradientThreshold must be a positive number or Inf");
  endif
  o.verbose = __flag__ ("rnn_train", "Verbose", o.verbose);
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
  has_val = ! (isnumeric (o.validationdata) && isempty (o.validationdata));
  if (strcmp (o.outputnetwork, "best-validation") && ! has_val)
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: OutputNetwork \"best-validation\" needs ValidationData");
  endif
  best_out = has_val && ! strcmp (o.outputnetwork, "last-iteration");
  if (! (ischar (o.checkpointpath) && (isempty (o.checkpointpath) || isrow (o.checkpointpath))))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: CheckpointPath must be a folder name, not %s", __show__ (o.checkpointpath));
  endif

  ## what the model reads: one-hot columns of V symbols, or symbol indices
  ## when it has an embedding E; V unknown ([]) for a LossFcn's own model
  V = []; indices = false;
  if (! custom)
    [V, indices] = input_size (model);
  endif
  cls = float_class (model);

  ## the batches
  if (is_function_handle (data))
    next_batch = @(k) call_data (data, k);
    batcher = [];
  elseif ((iscell (data) && ! isempty (data))
          || (isnumeric (data) && isvector (data) && numel (data) > 1))
    if (strcmp (o.output, "last") || strcmp (o.loss, "mse"))
      error ("rnn:rnn_train:invalidInput",
             "rnn_train: with \"Output\" \"last\" or \"Loss\" \"mse\", DATA must be a function handle giving X, labels, lengths");
    endif
    if (iscell (data))
      [lens, V] = check_seqs (data, V, "DATA", "invalidInput");
      if (any (lens < 2))
        error ("rnn:rnn_train:invalidInput",
               "rnn_train: DATA{%d} has fewer than 2 symbols", find (lens < 2, 1));
      endif
      batcher = struct ("kind", "cell", "seqs", {data}, "lens", lens,
                        "B", min (o.minibatchsize, numel (data)), "V", V,
                        "indices", indices, "cls", cls, "order", {{}}, "pos", 0);
    else
      if (custom)
        error ("rnn:rnn_train:invalidInput",
               "rnn_train: a text DATA (stateful training) needs rnn_loss's states: it cannot be used with LossFcn");
      endif
      [~, V] = check_seqs ({data}, V, "DATA", "invalidInput");
      batcher = make_streams (data, o.minibatchsize);
      batcher.bptt = o.bpttlength; batcher.V = V; batcher.indices = indices;
      batcher.cls = cls;
    endif
    if (is_bidirectional (model))
      warning ("rnn:rnn_train:bidirectionalNextSymbol",
               ["rnn_train: MODEL has a bidirectional (or reverse) layer, and DATA are " ...
                "sequences whose labels are the next symbols: the reverse sweep reads " ...
                "the very symbol each step predicts, so the loss falls towards 0 without " ...
                "the model learning to predict anything; use a forward model for next-symbol data"]);
    endif
    next_batch = [];
  else
    error ("rnn:rnn_train:invalidInput",
           "rnn_train: DATA must be a function handle, a cell array of sequences or a vector of symbol indices (a text), not %s",
           __show__ (data));
  endif
  if (has_val)
    val = validation_set (o, V, indices, cls);
  endif
  ckfile = "";
  if (! isempty (o.checkpointpath))
    ckfile = checkpoint_file (o.checkpointpath);
  endif

  ## optimiser state and history, fresh or resumed
  best = struct ("Loss", Inf, "Iteration", 0, "Model", [], "Waited", 0);
  rand_state = {};
  sched = [];                           # the schedule's first iteration - 1, length
  if (isempty (o.state))
    it0 = 0; m1 = []; m2 = []; history = empty_history ();
  else
    s = o.state;
    if (! (isstruct (s) && isscalar (s)
           && all (isfield (s, {"Iteration", "Optimizer", "Moments", "History"}))))
      error ("rnn:rnn_train:invalidOption",
             "rnn_train: State must be the third output of rnn_train");
    elseif (! strcmp (s.Optimizer, o.optimizer))
      error ("rnn:rnn_train:invalidOption",
             "rnn_train: State comes from optimizer \"%s\", not \"%s\"", s.Optimizer, o.optimizer);
    endif
    it0 = s.Iteration; m1 = s.Moments{1}; m2 = s.Moments{2};
    ## a checkpoint written during a run: its schedule carries on
    if (isfield (s, "Schedule") && isfield (s, "StopReason")
        && strcmp (s.StopReason, "running"))
      sched = s.Schedule;
      if (drop_default)
        o.learnratedropperiod = max (1, round (sched(2) / 3));
      endif
    endif
    history = s.History;
    for f = fieldnames (empty_history ())'   # a history from before validation
      if (! isfield (history, f{1}))
        history.(f{1}) = NaN (size (history.Iteration));
      endif
    endfor
    if (isfield (s, "Best") && has_val)
      best = s.Best;
    endif
    if (isfield (s, "RandState"))
      rand_state = s.RandState;
    endif
    if (isfield (s, "Batcher") && ! isempty (batcher))
      batcher = resume_batcher (batcher, s.Batcher);
    endif
  endif

  if (isempty (sched))
    sched = [it0, o.iterations];
  endif
  tty = o.verbose && isatty_stdout ();
  unit = merge (isempty (next_batch), "char", "step");
  seeded = ! isempty (o.seed) || ! isempty (rand_state);
  if (seeded)
    old_state = {rand("state"), randn("state")};
    if (! isempty (rand_state))         # a seeded run carries on its stream
      rand ("state", rand_state{1}); randn ("state", rand_state{2});
    else
      rand ("state", o.seed); randn ("state", o.seed + 1);
    endif
  endif
  loss_opts = {"Output", o.output, "Loss", o.loss};
  train_opts = [loss_opts, {"Training", true}];
  stream = ! isempty (batcher) && strcmp (batcher.kind, "stream");
  reg = o.l2regularization > 0 || o.weightdecay > 0;
  stop_reason = "iterations";
  unwind_protect
    N = o.iterations;
    H = empty_history (N);
    beta = 0.98;                          # loss smoothing
    ema = 0; n_ema = 0;
    if (! isempty (history.SmoothedLoss))         # carry on smoothing
      ema = history.SmoothedLoss(end); n_ema = Inf;
    endif
    t_start = tic (); steps = 0; last_draw = -Inf; shown = 0; line = "";
    done = 0; vtext = "";
    for i = 1:N
      k = it0 + i;
      if (stream)
        [X, labels, lengths, batcher] = stream_batch (batcher);
      elseif (isempty (next_batch))
        [X, labels, lengths, batcher] = cell_batch (batcher);
      else
        [X, labels, lengths] = next_batch (k);
      endif
      if (custom)
        [loss, grad] = call_loss (o.lossfcn, model, X, labels, lengths, k);
        check_grad (model, grad, "GRAD", k);
      elseif (stream)
        ## the final states, as values, start the next batch: no gradient
        ## crosses the cut
        [loss, grad, ~, batcher.h] = rnn_loss (model, X, labels, "InitialState", batcher.h,
                                               train_opts{:});
      elseif (isempty (lengths))
        [loss, grad] = rnn_loss (model, X, labels, train_opts{:});
      else
        [loss, grad] = rnn_loss (model, X, labels, "Lengths", lengths, train_opts{:});
      endif
      n_steps = batch_steps (X, lengths);
      if (! (isnumeric (loss) && isscalar (loss) && isreal (loss)))
        error ("rnn:rnn_train:invalidLoss",
               "rnn_train: the loss at iteration %d must be a real scalar, not %s", k,
               __show__ (loss));
      elseif (! isfinite (loss))
        clear_line (tty, shown);
        warning ("rnn:rnn_train:nonfinite",
                 "rnn_train: the loss is %s at iteration %d; training stopped",
                 loss_text (loss), k);
        stop_reason = "nonfinite";
        break;
      endif
      ## (clip_gradients takes finite thresholds; realmax never clips)
      [grad, gnorm] = clip_gradients (grad, min (o.gradientthreshold, realmax));
      if (! isfinite (gnorm))
        clear_line (tty, shown);
        warning ("rnn:rnn_train:nonfinite",
                 "rnn_train: the gradient norm is %g at iteration %d; training stopped",
                 gnorm, k);
        stop_reason = "nonfinite";
        break;
      endif
      lr = learn_rate (o, min (k - sched(1), sched(2)), sched(2));
      if (reg)
        [model, grad] = regularise (model, grad, o.l2regularization, lr * o.weightdecay);
      endif
      switch (o.optimizer)
        case "adam"
          [model, m1, m2] = adamupdate (model, grad, m1, m2, k, lr);
        case "sgdm"
          [model, m1] = sgdmupdate (model, grad, m1, lr, 0.9);
        case "rmsprop"
          [model, m1] = rmspropupdate (model, grad, m1, lr);
      endswitch

      ema = beta * ema + (1 - beta) * loss; n_ema += 1;
      smoothed = ema / (1 - beta ^ n_ema);
      steps += n_steps;
      done = i;
      vloss = NaN; vacc = NaN;
      if (has_val && (k == 1 || mod (k, o.validationfrequency) == 0 || i == N))
        [vloss, vacc] = validate (model, val, o, loss_opts);
        vtext = sprintf ("  val %s", loss_text (vloss));
        if (! isnan (vacc))
          vtext = sprintf ("%s (%.1f%%)", vtext, 100 * vacc);
        endif
        if (vloss < best.Loss)
          best = struct ("Loss", vloss, "Iteration", k, "Model", model, "Waited", 0);
          if (! best_out)
            best.Model = [];              # only its figures are needed
          endif
        else
          best.Waited += 1;
        endif
      endif
      elapsed = toc (t_start);
      H.Iteration(i) = k; H.Loss(i) = loss; H.SmoothedLoss(i) = smoothed;
      H.GradientNorm(i) = gnorm; H.LearnRate(i) = lr; H.Time(i) = elapsed;
      H.Steps(i) = n_steps; H.ValidationLoss(i) = vloss; H.ValidationAccuracy(i) = vacc;
      patience_out = best.Waited >= o.validationpatience;
      last = (i == N || patience_out);

      if (o.verbose)
        if (tty && (elapsed - last_draw >= 0.1 || last))
          line = progress (k, it0 + N, smoothed, steps / elapsed, unit, elapsed,
                           elapsed / i * (N - i), vtext);
          printf ("\r%s%s", line, blanks (max (0, shown - numel (line))));
          fflush (stdout);
          shown = numel (line); last_draw = elapsed;
        elseif (! tty && (mod (i, o.verbosefrequency) == 0 || i == 1 || last))
          printf ("%s\n", progress (k, it0 + N, smoothed, steps / elapsed, unit, elapsed,
                                    elapsed / i * (N - i), vtext));
          fflush (stdout);
        endif
      endif
      if (! isempty (ckfile) && (mod (k, o.checkpointfrequency) == 0 || last))
        reason = "running";
        if (last)
          reason = merge (patience_out, "validation-patience", "iterations");
        endif
        st = make_state (k, o, m1, m2, history, H, i, batcher, best, reason, seeded, sched);
        write_checkpoint (ckfile, model, st);
      endif
      stop = false;
      if (! isempty (o.outputfcn) && (mod (i, o.outputfrequency) == 0 || last))
        info = struct ("Iteration", k, "Loss", loss, "SmoothedLoss", smoothed,
                       "GradientNorm", gnorm, "LearnRate", lr, "Elapsed", elapsed,
                       "ValidationLoss", vloss, "ValidationAccuracy", vacc,
                       "State", merge (last, "done", "iteration"));
        shown = clear_line (tty, shown);
        stop = call_output_fcns (o.outputfcn, model, info);
        if (tty && ! isempty (line))    # redraw at once: no flicker
          printf ("%s", line); fflush (stdout); shown = numel (line);
        endif
        if (stop)
          stop_reason = "output-function";
          if (! isempty (ckfile) && ! last)   # where the user stopped it
            st = make_state (k, o, m1, m2, history, H, i, batcher, best, "running", seeded, sched);
            write_checkpoint (ckfile, model, st);
          endif
        endif
      endif
      if (patience_out)
        stop_reason = "validation-patience";
        if (o.verbose)
          shown = clear_line (tty, shown);
          printf ("rnn_train: stopped at iteration %d: the validation loss has not improved for %d validations (best %s at iteration %d)\n",
                  k, best.Waited, loss_text (best.Loss), best.Iteration);
          line = "";
        endif
        break;
      endif
      if (stop)
        break;
      endif
    endfor
    if (tty && shown > 0)
      printf ("\n");
    endif
    state = make_state (it0 + done, o, m1, m2, history, H, done, batcher, best, stop_reason, seeded, sched);
  unwind_protect_cleanup
    if (seeded)
      rand ("state", old_state{1}); randn ("state", old_state{2});
    endif
  end_unwind_protect

  history = state.History;
  if (best_out && ! isempty (best.Model))
    model = best.Model;
  endif
endfunction

## the third output (and the checkpoint's state) after iteration K: the
## optimiser, the history so far, where the batches and the random stream
## are, and the best validation
function st = make_state (k, o, m1, m2, history, H, n, batcher, best, reason, seeded, sched)
  for f = fieldnames (H)'
    history.(f{1}) = [history.(f{1}), H.(f{1})(1:n)];
  endfor
  st = struct ("Iteration", k, "Optimizer", o.optimizer, "Moments", {{m1, m2}},
               "History", history, "Best", best, "StopReason", reason,
               "Schedule", sched);
  if (! isempty (batcher))
    if (strcmp (batcher.kind, "cell"))
      st.Batcher = struct ("kind", "cell", "n", numel (batcher.seqs), "B", batcher.B,
                           "order", {batcher.order}, "pos", batcher.pos);
    else
      st.Batcher = struct ("kind", "stream", "n", batcher.n, "m", rows (batcher.idx),
                           "pos", batcher.pos, "h", batcher.h);
    endif
  endif
  if (seeded)
    st.RandState = {rand("state"), randn("state")};
  endif
endfunction

## The checkpoint file in folder DIR (made if missing), checked writable now
## rather than after an hour of training
function file = checkpoint_file (dir)
  if (! exist (dir, "dir"))
    [ok, msg] = mkdir (dir);
    if (! ok)
      error ("rnn:rnn_train:checkpointPath",
             "rnn_train: CheckpointPath %s cannot be made: %s", dir, msg);
    endif
  endif
  file = fullfile (dir, "rnn_checkpoint.mat");
  probe = [file ".tmp"];
  [fid, msg] = fopen (probe, "w");
  if (fid < 0)
    error ("rnn:rnn_train:checkpointPath",
           "rnn_train: CheckpointPath %s is not writable: %s", dir, msg);
  endif
  fclose (fid);
  unlink (probe);
endfunction

## MODEL and STATE into FILE, written whole under a temporary name first
## and then renamed over FILE (atomic on one file system): a crash while
## writing leaves the previous checkpoint as it was
function write_checkpoint (file, model, state)
  tmp = [file ".tmp"];
  try
    save ("-binary", tmp, "model", "state");
  catch err
    unlink (tmp);
    error ("rnn:rnn_train:checkpointFailed",
           "rnn_train: cannot write the checkpoint %s: %s", tmp, err.message);
  end_try_catch
  [err, msg] = rename (tmp, file);
  if (err)
    error ("rnn:rnn_train:checkpointFailed",
           "rnn_train: cannot rename the checkpoint %s to %s: %s", tmp, file, msg);
  endif
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

function [loss, grad] = call_loss (f, model, X, labels, lengths, k)
  try
    [loss, grad] = f (model, X, labels, lengths);
  catch err
    if (! isempty (err.identifier))
      rethrow (err);
    endif
    error ("rnn:rnn_train:lossFcnError",
           "rnn_train: LossFcn failed at iteration %d: %s (it must return [loss, grad])",
           k, err.message);
  end_try_catch
endfunction

## GRAD must have MODEL's shape: every field one of MODEL's, arrays of the
## same size, structs and cells of the same size
function check_grad (p, g, path, k)
  if (isfloat (p))
    if (! (isfloat (g) && isreal (g) && size_equal (p, g)))
      error ("rnn:rnn_train:invalidGradient",
             "rnn_train: LossFcn's gradient %s at iteration %d must be a real %s array like the model's, not %s",
             path, k, __dims__ (p), __show__ (g));
    endif
  elseif (isstruct (p))
    if (! (isstruct (g) && size_equal (p, g)))
      error ("rnn:rnn_train:invalidGradient",
             "rnn_train: LossFcn's gradient %s at iteration %d must be a %s struct like the model's, not %s",
             path, k, __dims__ (p), __show__ (g));
    endif
    for f = fieldnames (g)'
      if (! isfield (p, f{1}))
        error ("rnn:rnn_train:invalidGradient",
               "rnn_train: LossFcn's gradient %s has a field %s that the model does not have",
               path, f{1});
      endif
      for i = 1:numel (p)
        sub = merge (isscalar (p), ["." f{1}], sprintf ("(%d).%s", i, f{1}));
        check_grad (p(i).(f{1}), g(i).(f{1}), [path sub], k);
      endfor
    endfor
  elseif (iscell (p))
    if (! (iscell (g) && size_equal (p, g)))
      error ("rnn:rnn_train:invalidGradient",
             "rnn_train: LossFcn's gradient %s at iteration %d must be a %s cell like the model's, not %s",
             path, k, __dims__ (p), __show__ (g));
    endif
    for i = 1:numel (p)
      check_grad (p{i}, g{i}, sprintf ("%s{%d}", path, i), k);
    endfor
  else
    error ("rnn:rnn_train:invalidGradient",
           "rnn_train: LossFcn's gradient has %s, but the model's %s is not a parameter array",
           path, path);
  endif
endfunction

## L2 regularisation (GRAD += LAMBDA * w) and decoupled weight decay
## (w -= DECAY * w, DECAY = learning rate * WeightDecay) on the weights:
## every float array with a gradient whose field name (the field holding it
## directly or through a cell array) does not start with "b", so the biases
## b, bR, by are left alone
function [p, g] = regularise (p, g, lambda, decay, bias = false)
  if (isfloat (g))
    if (! bias)
      if (lambda > 0)
        g = g + lambda * p;
      endif
      if (decay > 0)
        p = p - decay * p;
      endif
    endif
  elseif (isstruct (g))
    for f = fieldnames (g)'
      f = f{1};
      for i = 1:numel (g)
        [p(i).(f), g(i).(f)] = regularise (p(i).(f), g(i).(f), lambda, decay, f(1) == "b");
      endfor
    endfor
  elseif (iscell (g))
    for i = 1:numel (g)
      [p{i}, g{i}] = regularise (p{i}, g{i}, lambda, decay, bias);
    endfor
  endif
endfunction

## The input size of MODEL: V symbols one-hot, or V symbol indices through
## an embedding E (INDICES true)
function [V, indices] = input_size (model)
  V = []; indices = false;
  if (isfield (model, "E") && ! isempty (model.E))
    V = columns (model.E); indices = true;
  elseif (isfield (model, "layers") && isstruct (model.layers) && ! isempty (model.layers)
          && isfield (model.layers, "W"))
    V = columns (model.layers(1).W);
  elseif (isfield (model, "W"))
    V = columns (model.W);
  endif
endfunction

function cls = float_class (p)
  cls = "double";
  if (isfield (p, "Wy") && isfloat (p.Wy))
    cls = class (p.Wy);
  elseif (isfield (p, "W") && isfloat (p.W))
    cls = class (p.W);
  endif
endfunction

function tf = is_bidirectional (model)
  tf = false;
  if (isfield (model, "layers") && isstruct (model.layers) && isfield (model.layers, "direction"))
    tf = any (! strcmp ({model.layers.direction}, "forward"));
  elseif (isfield (model, "direction") && ischar (model.direction))
    tf = ! strcmp (model.direction, "forward");
  endif
endfunction

## Every sequence of SEQS a real vector of symbol indices in 1..V (V from
## the model; if unknown, the largest symbol); their lengths
function [lens, V] = check_seqs (seqs, V, what, reason)
  ok = ((cellfun ("isnumeric", seqs) & cellfun ("isreal", seqs)
         & cellfun ("ndims", seqs) == 2
         & (cellfun ("size", seqs, 1) == 1 | cellfun ("size", seqs, 2) == 1)));
  bad = find (! ok, 1);
  if (! isempty (bad))
    error (["rnn:rnn_train:" reason],
           "rnn_train: %s{%d} must be a vector of symbol indices, not %s", what, bad,
           __show__ (seqs{bad}));
  endif
  lens = cellfun ("numel", seqs);
  all_s = double ([cellfun(@(s) s(:)', seqs, "UniformOutput", false){:}]);
  if (isempty (V))
    V = max ([1, all_s]);
  endif
  bad = find (all_s < 1 | all_s > V | all_s != fix (all_s), 1);
  if (! isempty (bad))
    error (["rnn:rnn_train:" reason],
           "rnn_train: %s holds the symbol %g; the model's vocabulary is 1..%d",
           what, all_s(bad), V);
  endif
endfunction

## where the batches of a resumed run carry on: the batch order of cell
## data, or the position in the streams and the carried state of a text,
## when the data are the same size as before (else they start afresh)
function b = resume_batcher (b, s)
  if (! (isstruct (s) && isfield (s, "pos")))
    return;
  endif
  kind = __get_opt__ (s, "kind", "cell");
  if (strcmp (b.kind, "cell") && strcmp (kind, "cell") && s.n == numel (b.seqs)
      && s.B == b.B)
    b.order = s.order; b.pos = s.pos;
  elseif (strcmp (b.kind, "stream") && strcmp (kind, "stream") && s.n == b.n
          && s.m == rows (b.idx))
    b.pos = s.pos; b.h = s.h;
  endif
endfunction

## A text of N symbols cut into M parallel streams of S = floor ((N-1)/M)
## steps: stream j reads symbols (j-1)*S + (1:S) and predicts the ones after
## them.  IDX and LAB are [M, S]; POS is the steps already used this epoch,
## H the states carried from the last batch ([] = zeros)
function b = make_streams (text, m)
  text = double (text(:)');
  n = numel (text);
  m = min (m, n - 1);
  S = floor ((n - 1) / m);
  b = struct ("kind", "stream", "n", n,
              "idx", reshape (text(1:m*S), S, m)', "lab", reshape (text(2:m*S+1), S, m)',
              "pos", 0, "h", []);
endfunction

## The next BPTTLength steps of every stream; at the end of the streams a
## new epoch starts from their beginning, with zero states
function [X, labels, lengths, b] = stream_batch (b)
  S = columns (b.idx);
  if (b.pos >= S)
    b.pos = 0; b.h = [];
  endif
  t = b.pos + 1:min (b.pos + b.bptt, S);
  b.pos = t(end);
  X = model_input (b.idx(:, t), b.V, b.indices, b.cls);
  labels = b.lab(:, t);
  lengths = [];
endfunction

## symbol indices IDX [m, T] as the model reads them: one-hot [V, m, T], or
## the indices themselves for a model with an embedding
function X = model_input (idx, V, indices, cls)
  if (indices)
    X = idx;
    return;
  endif
  [m, T] = size (idx);
  X = zeros (V, m, T, cls);
  X((0:m*T-1) * V + idx(:)') = 1;
endfunction

## The next batch of cell data: epochs of chunks sorted by length.
function [X, labels, lengths, b] = cell_batch (b)
  if (b.pos >= numel (b.order))
    n = numel (b.seqs); B = b.B;
    perm = randperm (n);
    n_use = B * floor (n / B);          # whole batches only
    perm = perm(1:n_use);
    chunk = 50 * B;
    starts = 1:chunk:n_use;
    parts = cell (1, numel (starts));   # joined once, not grown batch by
    for j = 1:numel (starts)            # batch (slow for small B)
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
  [X, labels, lengths] = make_batch (b.seqs(b.order{b.pos}), b.V, b.indices, b.cls);
endfunction

## a next-symbol batch of SEQS: one-hot [V, m, T], or the symbol indices
## [m, T] (0 after a length) for a model with an embedding
function [X, labels, lengths] = make_batch (seqs, V, indices, cls)
  [X, labels, lengths] = seq_batch (seqs, V, "Class", cls, "Indices", indices);
endfunction

function n = batch_steps (X, lengths)
  if (! isempty (lengths))
    n = sum (lengths);
  elseif (ndims (X) == 3)
    n = size (X, 2) * size (X, 3);
  else
    n = numel (X);
  endif
endfunction

## ValidationData as a list of batches: VAL.get (j) for j = 1..VAL.n
function val = validation_set (o, V, indices, cls)
  d = o.validationdata;
  if (iscell (d) && (numel (d) == 2 || numel (d) == 3)
      && ! all (cellfun ("isvector", d)))           # not a list of sequences
    if (numel (d) == 2)
      d{3} = [];
    endif
    check_batch (d{1}, V, indices);
    val = struct ("n", 1, "get", @(j) deal (d{1}, d{2}, d{3}));
  elseif (iscell (d) && ! isempty (d))
    if (strcmp (o.output, "last") || strcmp (o.loss, "mse"))
      error ("rnn:rnn_train:invalidValidationData",
             "rnn_train: with \"Output\" \"last\" or \"Loss\" \"mse\", ValidationData must be {X, labels, lengths} or a function handle");
    endif
    lens = check_seqs (d, V, "ValidationData", "invalidValidationData");
    if (any (lens < 2))
      error ("rnn:rnn_train:invalidValidationData",
             "rnn_train: ValidationData{%d} has fewer than 2 symbols", find (lens < 2, 1));
    endif
    [~, order] = sort (lens);           # similar lengths together: little padding
    B = max (256, o.minibatchsize);
    starts = 1:B:numel (d);
    val = struct ("n", numel (starts),
                  "get", @(j) make_batch (d(order(starts(j):min (starts(j) + B - 1, end))),
                                          V, indices, cls));
  elseif (isnumeric (d) && isvector (d) && numel (d) > 1)
    if (! isempty (o.lossfcn) || strcmp (o.output, "last") || strcmp (o.loss, "mse"))
      error ("rnn:rnn_train:invalidValidationData",
             "rnn_train: a text as ValidationData needs rnn_loss's next-symbol cross-entropy (no LossFcn, Output \"sequence\", Loss \"crossentropy\")");
    endif
    check_seqs ({d}, V, "ValidationData", "invalidValidationData");
    ## streams at least BPTTLength long: each starts from zero states
    m = max (1, min (o.minibatchsize, floor ((numel (d) - 1) / o.bpttlength)));
    val = make_streams (d, m);
    val.V = V; val.indices = indices; val.cls = cls;
  elseif (is_function_handle (d))
    try
      X = d (1);
    catch err
      error ("rnn:rnn_train:invalidValidationData",
             "rnn_train: ValidationData (1) failed: %s", err.message);
    end_try_catch
    check_batch (X, V, indices);
    val = struct ("n", o.validationbatches, "get", d);
  else
    error ("rnn:rnn_train:invalidValidationData",
           "rnn_train: ValidationData must be a cell array of sequences, {X, labels}, {X, labels, lengths} or a function handle, not %s",
           __show__ (d));
  endif
endfunction

function check_batch (X, V, indices)
  if (isempty (V))
    return;                             # a LossFcn's model: its own business
  elseif (indices && ! (ismatrix (X) && all (X(:) >= 0 & X(:) <= V & X(:) == fix (X(:)))))
    error ("rnn:rnn_train:invalidValidationData",
           "rnn_train: ValidationData's X must be symbol indices [m, T] in 0..%d for the model's embedding",
           V);
  elseif (! indices && size (X, 1) != V)
    error ("rnn:rnn_train:invalidValidationData",
           "rnn_train: ValidationData's X must be [%d, m, T] for the model, not %s", V,
           __dims__ (X));
  endif
endfunction

## The loss over the validation set, the batches weighted by their counted
## labels; the accuracy (the share of counted labels that are the most
## probable class) for cross-entropy, else NaN.  The model runs forward
## only, in evaluation mode (no dropout, no cache for a gradient).
function [vloss, vacc] = validate (model, val, o, loss_opts)
  if (isfield (val, "kind"))
    [vloss, vacc] = validate_text (model, val);
    return;
  endif
  total = 0; n = 0; right = 0;
  acc = strcmp (o.loss, "crossentropy") && isempty (o.lossfcn);
  last = strcmp (o.output, "last");
  for j = 1:val.n
    try
      [X, labels, lengths] = val.get (j);
      if (! isempty (o.lossfcn))
        l = o.lossfcn (model, X, labels, lengths);
        w = batch_steps (X, lengths);
      elseif (acc)
        Z = __model_forward__ ("rnn_train", model, X, lengths, false, last, [], []);
        if (last)
          labels = labels(:);
        elseif (! isempty (lengths) && ismatrix (labels) && ! size_equal (labels, Z))
          labels = labels .* ((1:columns (labels)) <= double (lengths(:)));
        endif
        l = softmax_cross_entropy (Z, labels);
        [w, r] = count_right (Z, labels, lengths, o.output);
        right += r;
      else
        opts = loss_opts;
        if (! isempty (lengths))
          opts = [opts, {"Lengths", lengths}];
        endif
        l = rnn_loss (model, X, labels, opts{:});
        w = batch_steps (X, lengths);
      endif
    catch err
      error ("rnn:rnn_train:invalidValidationData",
             "rnn_train: ValidationData, batch %d: %s", j, err.message);
    end_try_catch
    total += w * double (l); n += w;
  endfor
  vloss = total / max (n, 1);
  vacc = NaN;
  if (acc)
    vacc = right / max (n, 1);
  endif
endfunction

## a text's streams run through in pieces with their states carried
function [vloss, vacc] = validate_text (model, val)
  S = columns (val.idx);
  piece = max (1, floor (2^20 / (rows (val.idx) * max (val.V, 1))));   # ~1M one-hot entries
  h = []; total = 0; n = 0; right = 0;
  for t0 = 1:piece:S
    t = t0:min (t0 + piece - 1, S);
    X = model_input (val.idx(:, t), val.V, val.indices, val.cls);
    [Z, h] = __model_forward__ ("rnn_train", model, X, [], false, false, [], h);
    labels = val.lab(:, t);
    total += double (softmax_cross_entropy (Z, labels)) * numel (labels);
    n += numel (labels);
    [~, r] = count_right (Z, labels, [], "sequence");
    right += r;
  endfor
  vloss = total / n;
  vacc = right / n;
endfunction

## counted labels and how many of them are P's most probable class
function [n, right] = count_right (P, labels, lengths, output)
  [~, pred] = max (P, [], 1);
  pred = reshape (pred, [size(P)(2:end), 1]);
  if (size_equal (labels, P))             # one-hot labels
    [~, lab] = max (labels, [], 1);
    lab = reshape (lab, size (pred)) .* reshape (any (labels, 1), size (pred));
  elseif (strcmp (output, "last"))
    lab = labels(:)'; pred = pred(:)';
  else
    lab = labels;
  endif
  ok = lab > 0;
  if (! isempty (lengths) && ! strcmp (output, "last"))
    ok &= (1:columns (lab)) <= double (lengths(:));
  endif
  n = nnz (ok);
  right = nnz (ok & pred == lab);
endfunction

## the learning rate at iteration I of a schedule of N iterations
function lr = learn_rate (o, i, n)
  lr = o.learnrate;
  switch (o.learnrateschedule)
    case "piecewise"
      lr *= o.learnratedropfactor ^ floor ((i - 1) / o.learnratedropperiod);
    case "cosine"
      f = 0.01;
      lr *= f + (1 - f) * (1 + cos (pi * (i - 1) / max (1, n - 1))) / 2;
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
      ## the call before running anything (a compiled function), so call
      ## again without an output; or it ran and gave no value (pause)
      r = [];
      if (strcmp (err.identifier, "Octave:invalid-fun-call")
          && ! isempty (strfind (err.message, "called with too many outputs")))
        f (model, info);
      elseif (! (isempty (err.identifier)
                 && strcmp (err.message, "value on right hand side of assignment is undefined")))
        rethrow (err);
      endif
    end_try_catch
    stop = stop || (islogical (r) && ! isempty (r) && r(1));
  endfor
endfunction

function s = loss_text (loss)
  if (! (isscalar (loss) && isnumeric (loss)))
    s = __show__ (loss);
  elseif (abs (loss) < 1e4)
    s = sprintf ("%.3f", loss);
  else
    s = sprintf ("%.3g", loss);         # an exploding run
  endif
endfunction

function line = progress (k, N, loss, rate, unit, elapsed, eta, vtext)
  line = sprintf ("iter %*d/%d  loss %s%s  %s %s/s  elapsed %s  ETA %s",
                  numel (sprintf ("%d", N)), k, N, loss_text (loss), vtext, si (rate), unit,
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
  nan = NaN (1, n);
  h = struct ("Iteration", z, "Loss", z, "SmoothedLoss", z, "GradientNorm", z,
              "LearnRate", z, "Time", z, "Steps", z, "ValidationLoss", nan,
              "ValidationAccuracy", nan);
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

function nonneg (v, name)
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && v >= 0 && isfinite (v)))
    error ("rnn:rnn_train:invalidOption",
           "rnn_train: %s must be a non-negative number", name);
  endif
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
%! f3 = @(m, info) pause (0);                          # runs, gives no value
%! out = evalc ("rnn_train (model, seqs, 'Iterations', 5, 'Verbose', false, 'OutputFcn', {f1, f2, f3}, 'OutputFrequency', 2);");
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
