## fuzz_worker (SEED, K0, K1, LOGFILE, TOOLBOX) - the child side of fuzz.m:
## makes calls K0..K1 of the fuzz run SEED and logs each one to LOGFILE,
## flushed line by line, so that the parent can tell which call a crash
## interrupted:
##     S <k> <function>                 before call k
##     O <k>                            call k returned
##     E <k> <identifier>|<message>     call k raised an error
## Call k depends on SEED and k only (and on the toolbox): a single call is
## replayed with fuzz_worker (SEED, k, k, "/dev/stdout", TOOLBOX), and
## fuzz_worker (SEED, k, k, "", TOOLBOX, true) prints the call's arguments.
##
## THE TABLE (fuzz_table below) lists every public function with a builder
## of plausible arguments; each call takes a well-formed call from a
## builder and applies random mutations to it (classes, shapes, empty and
## huge-but-empty dimensions, NaN/Inf, struct fields, Name/Value options,
## Lengths, forged caches, argument counts, nargout).  A public function
## that has no table entry yet is still fuzzed, with random arguments only:
## add it to the table when it lands.
function fuzz_worker (seed, k0, k1, logfile, toolbox, show)
  if (nargin < 6)
    show = false;
  endif
  warning ("off", "all");
  more off;
  page_screen_output (false);
  tab = fuzz_table ();
  [present, extra] = present_functions (tab, toolbox);
  entries = [tab(present), generic_entries(extra)];
  if (isempty (logfile))
    fid = 1;
  else
    fid = fopen (logfile, "a");
  endif
  donors = make_donors (seed);
  for k = k0:k1
    rand ("state", [seed; k]); randn ("state", [seed; k]);
    e = entries(randi (numel (entries)));
    if (show)
      printf ("call %d: building a call of %s\n", k, e.name);
    endif
    try
      c = e.build ();
    catch err
      ## a builder must not fail; log it as the harness's own error
      fprintf (fid, "S %d %s\nE %d fuzz:builderFailed|%s\n", k, e.name, k,
               oneline (err.message));
      fflush (fid);
      continue;
    end_try_catch
    c = mutate (c, donors);
    c.args = [c.args, c.post];
    if (show)
      printf ("call %d: [%d outputs] = %s (\n", k, c.nout, e.name);
      for i = 1:numel (c.args)
        printf ("  arg %d: %s\n", i, describe (c.args{i}));
      endfor
      printf (")\n");
    endif
    fprintf (fid, "S %d %s\n", k, e.name);
    fflush (fid);
    f = str2func (e.name);
    try
      if (c.nout == 0)
        f (c.args{:});
      else
        out = cell (1, c.nout);
        [out{:}] = f (c.args{:});
      endif
      fprintf (fid, "O %d\n", k);
    catch err
      fprintf (fid, "E %d %s|%s\n", k, err.identifier, oneline (err.message));
    end_try_catch
    fflush (fid);
  endfor
  if (fid != 1)
    fclose (fid);
  endif
endfunction

## ---- the table ------------------------------------------------------------
## One row per public function: name, builder of a well-formed call.
## (Every public function of octave/; a new one needs its row here.)
function tab = fuzz_table ()
  rows = {
    "rnn_forward",           @() b_forward ("rnn")
    "rnn_backward",          @() b_backward ("rnn")
    "gru_forward",           @() b_forward ("gru")
    "gru_backward",          @() b_backward ("gru")
    "lstm_forward",          @() b_forward ("lstm")
    "lstm_backward",         @() b_backward ("lstm")
    "rnn_cell_forward",      @() b_cell_forward ("rnn")
    "rnn_cell_backward",     @() b_cell_backward ("rnn")
    "gru_cell_forward",      @() b_cell_forward ("gru")
    "gru_cell_backward",     @() b_cell_backward ("gru")
    "lstm_cell_forward",     @() b_cell_forward ("lstm")
    "lstm_cell_backward",    @() b_cell_backward ("lstm")
    "lstm",                  @() b_matlab ("lstm")
    "gru",                   @() b_matlab ("gru")
    "rnn_init",              @() b_init ()
    "rnn_num_params",        @() b_num_params ()
    "dense_forward",         @() b_dense_forward ()
    "dense_backward",        @() b_dense_backward ()
    "embedding_forward",     @() b_embedding (1)
    "embedding_backward",    @() b_embedding (2)
    "softmax",               @() b_softmax ()
    "softmax_cross_entropy", @() b_softmax_xent ()
    "clip_gradients",        @() b_clip ()
    "adamupdate",            @() b_optimiser ("adam")
    "sgdmupdate",            @() b_optimiser ("sgdm")
    "rmspropupdate",         @() b_optimiser ("rmsprop")
    "gradcheck",             @() b_gradcheck ()
    "rnn_loss",              @() b_rnn_loss ()
    "rnn_loss",              @() b_model_loss ()
    "rnn_summary",           @() b_summary ()
    "seq_batch",             @() b_seq_batch ()
    "text_encode",           @() b_text_encode ()
    "text_decode",           @() b_text_decode ()
    "rnn",                   @() call_ ({}, 0, {})
    "rnn_train",             @() b_train ()
    "rnn_sample",            @() b_sample ()
    "rnn_predict",           @() b_predict ()
    "rnn_plot_history",      @() b_plot_history ()
    "rnn_to_pytorch",        @() b_to ("pytorch")
    "rnn_to_matlab",         @() b_to ("matlab")
    "rnn_from_pytorch",      @() b_from ("pytorch")
    "rnn_from_matlab",       @() b_from ("matlab")
    "attention_init",        @() b_att_init ()
    "attention_forward",     @() b_att_forward ()
    "attention_backward",    @() b_att_backward ()
    "attention_keys",        @() b_att_keys (false)
    "attention_keys_backward", @() b_att_keys (true)
    "seq2seq_init",          @() b_s2s_init ()
    "seq2seq_loss",          @() b_s2s_loss ()
    "seq2seq_decode",        @() b_s2s_decode ()
  };
  tab = struct ("name", rows(:,1)', "build", rows(:,2)');
endfunction

## Table rows whose function exists in TOOLBOX, and the public functions
## there without a row.
function [present, extra] = present_functions (tab, toolbox)
  files = dir (fullfile (toolbox, "*.m"));
  names = regexprep ({files.name}, '\.m$', "");
  present = ismember ({tab.name}, names);
  extra = setdiff (names, {tab.name});
endfunction

function e = generic_entries (names)
  e = struct ("name", names, "build", {@() b_generic ()});
endfunction

## ---- builders of well-formed calls ------------------------------------------
## Each returns struct: args (cell), nout (outputs to ask for), opts (the
## function's option names, for the Name/Value mutation) and post
## (arguments appended after the mutations, so that they win: e.g. a small
## "Iterations" for rnn_train, whose default would take seconds).

function c = call_ (args, nout, opts, post = {})
  c = struct ("args", {args}, "nout", nout, "opts", {opts}, "post", {post});
endfunction

function x = pick (v)
  if (iscell (v))
    x = v{randi (numel (v))};
  else
    x = v(randi (numel (v)));
  endif
endfunction

## A small random layer of the given cell, valid inputs for it, options.
function L = rand_layer (cell, unidirectional)
  if (nargin < 2)
    unidirectional = false;
  endif
  L.cell = cell;
  L.n_x = pick ([0 1 2 3]); L.n_a = pick ([1 2 3]);
  L.m = pick ([0 1 2 3]); L.T = pick ([0 1 2 4]);
  if (unidirectional)
    L.dir = pick ({"forward", "reverse"});
  else
    L.dir = pick ({"forward", "reverse", "bidirectional"});
  endif
  L.D = 1 + strcmp (L.dir, "bidirectional");
  L.cls = pick ({"double", "single"});
  opts = {"Direction", L.dir, "Merge", pick({"concat", "sum", "ave", "mul"}), ...
          "RecurrentBias", rand() < 0.5, "Class", L.cls, ...
          "BiasInitializer", pick({"zeros", "narrow-normal"})};
  switch (cell)
    case "rnn", opts(end+1:end+2) = {"Activation", pick({"tanh", "relu"})};
    case "gru", opts(end+1:end+2) = {"ResetGateMode", pick({"after-multiplication", "before-multiplication"})};
  endswitch
  L.p = rnn_init (cell, L.n_x, L.n_a, opts{:});
  L.X = randn (L.n_x, L.m, L.T, L.cls);
  L.h0 = pick ({[], randn(L.n_a, L.m, L.D)});
  L.c0 = pick ({[], randn(L.n_a, L.m, L.D)});
  L.opts = {};
  if (L.T > 0 && rand () < 0.4)
    L.opts = {"Lengths", randi([1 L.T], 1, L.m)};
  endif
  ## a recurrent dropout mask [n_a, m, D] (inverted dropout's values, in
  ## either class); L.mask is the one-step functions' page
  L.mask = {};
  if (rand () < 0.3)
    M = cast ((rand (L.n_a, L.m, L.D) > 0.3) / 0.7, pick ({"double", "single"}));
    L.opts(end+1:end+2) = {"RecurrentDropoutMask", M};
    L.mask = {"RecurrentDropoutMask", M(:,:,1)};
  endif
  L.n_y = L.n_a * (1 + (L.D == 2 && strcmp (L.p.merge, "concat")));
endfunction

function c = b_forward (cell)
  L = rand_layer (cell);
  if (strcmp (cell, "lstm"))
    c = call_ ([{L.X, L.h0, L.c0, L.p}, L.opts], 4, {"Lengths", "RecurrentDropoutMask"});
  else
    c = call_ ([{L.X, L.h0, L.p}, L.opts], 3, {"Lengths", "RecurrentDropoutMask"});
  endif
endfunction

function c = b_backward (cell)
  L = rand_layer (cell);
  dY = pick ({[], randn(L.n_y, L.m, L.T)});
  dhN = pick ({[], randn(L.n_a, L.m, L.D)});
  switch (cell)
    case "rnn"
      [~, ~, cache] = rnn_forward (L.X, L.h0, L.p, L.opts{:});
      c = call_ ({dY, dhN, cache}, 3, {});
    case "gru"
      [~, ~, cache] = gru_forward (L.X, L.h0, L.p, L.opts{:});
      c = call_ ({dY, dhN, cache}, 3, {});
    case "lstm"
      [~, ~, ~, cache] = lstm_forward (L.X, L.h0, L.c0, L.p, L.opts{:});
      c = call_ ({dY, dhN, pick({[], randn(L.n_a, L.m, L.D)}), cache}, 4, {});
  endswitch
endfunction

function c = b_cell_forward (cell)
  L = rand_layer (cell, true);
  xt = randn (L.n_x, L.m, L.cls);
  if (strcmp (cell, "lstm"))
    c = call_ ([{xt, L.h0, L.c0, L.p}, L.mask], 3, {"RecurrentDropoutMask"});
  else
    c = call_ ([{xt, L.h0, L.p}, L.mask], 2, {"RecurrentDropoutMask"});
  endif
endfunction

function c = b_cell_backward (cell)
  L = rand_layer (cell, true);
  xt = randn (L.n_x, L.m, L.cls);
  dh = randn (L.n_a, L.m);
  switch (cell)
    case "rnn"
      [~, cache] = rnn_cell_forward (xt, L.h0, L.p, L.mask{:});
      c = call_ ({dh, cache}, 3, {});
    case "gru"
      [~, cache] = gru_cell_forward (xt, L.h0, L.p, L.mask{:});
      c = call_ ({dh, cache}, 3, {});
    case "lstm"
      [~, ~, cache] = lstm_cell_forward (xt, L.h0, L.c0, L.p, L.mask{:});
      c = call_ ({dh, pick({[], randn(L.n_a, L.m)}), cache}, 4, {});
  endswitch
endfunction

## MATLAB's forms: lstm (X, H0, C0, W, R, b), gru (X, H0, W, R, b, ...)
function c = b_matlab (cell)
  L = rand_layer (cell, true);
  H0 = randn (L.n_a, L.m);
  if (strcmp (cell, "lstm"))
    c = call_ ({L.X, H0, randn(L.n_a, L.m), L.p.W, L.p.R, L.p.b}, 3, {});
  else
    c = call_ ({L.X, H0, L.p.W, L.p.R, L.p.b, "ResetGateMode", ...
                pick({"after-multiplication", "before-multiplication", "recurrent-bias-after-multiplication"})}, ...
               2, {"ResetGateMode"});
  endif
endfunction

function c = b_init ()
  names = {"Direction", "Merge", "Activation", "ResetGateMode", ...
           "InputWeightsInitializer", "RecurrentWeightsInitializer", ...
           "BiasInitializer", "RecurrentBias", "OutputSize", "Class", "Seed", ...
           "EmbeddingSize", "Dropout", "RecurrentDropout"};
  values = {0.25, "forward", "reverse", "bidirectional", "concat", "sum", "ave", "mul", ...
            "tanh", "relu", "after-multiplication", "before-multiplication", ...
            "glorot", "he", "orthogonal", "narrow-normal", "zeros", "ones", ...
            "identity", "unit-forget-gate", true, false, 2, "single", "double", 7};
  args = {pick({"rnn", "gru", "lstm"}), pick([0 1 2 3]), pick({1, 2, 3, [2 3], [1 1 2]})};
  if (rand () < 0.3)
    args(end+1:end+2) = {"OutputSize", 2};
  endif
  for i = 1:randi ([0 3])
    args(end+1:end+2) = {pick(names), pick(values)};
  endfor
  c = call_ (args, 1, names);
endfunction

function c = b_num_params ()
  if (rand () < 0.5)
    c = call_ ({pick({"rnn", "gru", "lstm"}), pick([0 1 3]), pick([1 2 5])}, 1, {"Direction"});
  else
    L = rand_layer (pick ({"rnn", "gru", "lstm"}));
    c = call_ ({L.p}, 1, {});
  endif
endfunction

function c = b_dense_forward ()
  n_a = pick ([1 2 3]); n_y = pick ([1 2 4]); m = pick ([0 1 3]); T = pick ([0 1 3]);
  c = call_ ({randn(n_a, m, T), randn(n_y, n_a), randn(n_y, 1)}, 1, {});
endfunction

function c = b_dense_backward ()
  n_a = pick ([1 2 3]); n_y = pick ([1 2 4]); m = pick ([0 1 3]); T = pick ([0 1 3]);
  c = call_ ({randn(n_y, m, T), randn(n_a, m, T), randn(n_y, n_a)}, 3, {});
endfunction

function c = b_embedding (which)
  d = pick ([0 1 3]); V = pick ([1 2 5]); m = pick ([0 1 3]); T = pick ([0 1 4]);
  idx = randi ([0 V], m, T);
  if (which == 1)
    c = call_ ({idx, randn(d, V)}, 1, {});
  else
    c = call_ ({randn(d, m, T), idx, V}, 1, {});
  endif
endfunction

function c = b_softmax ()
  c = call_ ({randn(pick([1 3 5]), pick([0 1 3]), pick([1 2]))}, 1, {});
endfunction

function c = b_softmax_xent ()
  n_y = pick ([1 3 5]); m = pick ([0 1 3]); T = pick ([1 2 4]);
  Z = randn (n_y, m, T);
  if (rand () < 0.7)
    labels = randi ([0 n_y], m, T);
  else
    labels = zeros (n_y, m * T);
    labels(sub2ind (size (labels), randi (n_y, 1, m * T), 1:m * T)) = 1;
    labels = reshape (labels, n_y, m, T);
  endif
  c = call_ ({Z, labels}, 3, {"Reduction", "Mask", "Lengths"});
endfunction

function g = rand_grads ()
  L = rand_layer (pick ({"rnn", "gru", "lstm"}));
  g = L.p;
  switch (randi (3))
    case 1, g = rmfield (g, intersect (fieldnames (g), {"cell", "direction", "merge", "activation", "resetGateMode"}));
    case 2, g = {g.W, g.R, {g.b}};
    case 3, g = struct ("layer", g, "out", struct ("Wy", randn (2, 3)));
  endswitch
endfunction

function c = b_clip ()
  args = {rand_grads(), pick([0.5 1 5])};
  if (rand () < 0.7)
    args(end+1:end+2) = {"Method", pick({"global-l2norm", "l2norm", "absolute-value"})};
  endif
  if (rand () < 0.3)
    args(end+1:end+2) = {"ErrorIfNonfinite", rand() < 0.5};
  endif
  c = call_ (args, 2, {"Method", "ErrorIfNonfinite"});
endfunction

function c = b_optimiser (which)
  L = rand_layer (pick ({"rnn", "gru", "lstm"}));
  p = L.p;
  g = rmfield (p, intersect (fieldnames (p), {"cell", "direction", "merge", "activation", "resetGateMode"}));
  for f = fieldnames (g)'
    g.(f{1}) = randn (size (g.(f{1})), L.cls);
  endfor
  switch (which)
    case "adam"
      c = call_ ({p, g, pick({[], g}), pick({[], g}), pick([1 2 10]), pick([0.01 0.001])}, 3, {});
    case "sgdm"
      c = call_ ({p, g, pick({[], g}), 0.01, 0.9}, 2, {});
    case "rmsprop"
      c = call_ ({p, g, pick({[], g}), 0.01, 0.9, 1e-8}, 2, {});
  endswitch
endfunction

function [L, g] = gc_cube (t)
  L = sum (t.W(:) .^ 3);
  g = struct ("W", 3 * t.W .^ 2);
endfunction

function c = b_gradcheck ()
  funs = {@gc_cube, @(t) deal(1, 1), @(t) deal({}, t), @(t) error("x"), ...
          @(t) deal(1, struct("V", 1)), @(t) 1, @(t) deal(NaN, t), ...
          @(t) deal(int8(1), t)};
  theta = pick ({struct("W", randn(2)), struct("W", single(randn(3))), ...
                 randn(2), {randn(2)}, struct("W", {1, 2})});
  args = {pick(funs), theta};
  if (rand () < 0.5)
    args(end+1:end+2) = {pick({"Step", "MaxEntries", "Seed"}), pick({1e-6, 3, Inf, 0, -1, "a", {}, NaN})};
  endif
  c = call_ (args, 2, {"Step", "MaxEntries", "Seed"});
endfunction

## attention: a random form, sizes, states, lengths and keys
function A = rand_att ()
  A.type = pick ({"additive", "dot", "general"});
  A.n_h = pick ([0 1 3]); A.m = pick ([0 1 3]); A.Tx = pick ([0 1 4]);
  A.n_s = A.n_h;
  if (! strcmp (A.type, "dot")) A.n_s = pick ([0 1 2]); endif
  A.cls = pick ({"double", "single"});
  A.p = attention_init (A.type, A.n_s, A.n_h, pick ([0 1 2]), "Class", A.cls);
  A.s = randn (A.n_s, A.m, A.cls); A.H = randn (A.n_h, A.m, A.Tx, A.cls);
  A.opts = {};
  if (A.Tx > 0 && rand () < 0.5)
    A.opts = {"Lengths", randi([1 A.Tx], 1, A.m)};
  endif
  if (rand () < 0.3)
    A.opts(end+1:end+2) = {"Keys", attention_keys(A.H, A.p)};
  endif
endfunction

function c = b_att_init ()
  type = pick ({"additive", "dot", "general"});
  n = pick ([0 1 3]);
  c = call_ ({type, n, n, pick([1 2])}, 1, {"Seed", "Class"});
endfunction

function c = b_att_forward ()
  A = rand_att ();
  c = call_ ([{A.s, A.H, A.p}, A.opts], 3, {"Lengths", "Keys"});
endfunction

function c = b_att_backward ()
  A = rand_att ();
  [~, ~, cache] = attention_forward (A.s, A.H, A.p, A.opts{:});
  c = call_ ({pick({[], randn(A.n_h, A.m)}), pick({[], randn(A.Tx, A.m)}), cache}, 4, {});
endfunction

function c = b_att_keys (back)
  A = rand_att ();
  if (back)
    dK = randn (size (attention_keys (A.H, A.p)));
    c = call_ ({dK, A.H, A.p}, 2, {});
  else
    c = call_ ({A.H, A.p}, 1, {});
  endif
endfunction

function c = b_s2s_init ()
  c = call_ ({pick({"rnn", "gru", "lstm"}), pick([1 3]), pick([1 4]), pick([1 2])}, 1,
             {"Attention", "AttentionSize", "EncoderLayers", "DecoderSize", "EndSymbol", "Seed", "Class"});
endfunction

function [model, X, Ls, n_out] = rand_s2s ()
  n_in = pick ([1 3]); n_out = pick ([1 4]); m = pick ([0 1 3]); Tx = pick ([1 3]);
  model = seq2seq_init (pick ({"rnn", "gru", "lstm"}), n_in, n_out, pick ([1 2]),
                        "Attention", pick ({"additive", "general"}),
                        "EndSymbol", pick ([0 n_out]));
  X = randn (n_in, m, Tx);
  Ls = [];
  if (rand () < 0.5) Ls = randi ([1 Tx], 1, m); endif
endfunction

function c = b_s2s_loss ()
  [model, X, Ls, n_out] = rand_s2s ();
  Ty = pick ([1 3]);
  Y = randi ([0 n_out], columns (X), Ty);
  c = call_ ({model, X, Y, "SourceLengths", Ls}, 2,
             {"SourceLengths", "TargetLengths"});
endfunction

function c = b_s2s_decode ()
  [model, X, Ls] = rand_s2s ();
  args = {model, X, "SourceLengths", Ls, "MaxLength", pick([1 3]), "BeamWidth", pick([1 2 3])};
  c = call_ (args, 3, {"BeamWidth", "MaxLength", "LengthNormalization"});
endfunction

function c = b_rnn_loss ()
  cell = pick ({"rnn", "gru", "lstm"});
  n_y = pick ([2 3]);
  L = rand_layer (cell);
  model = rnn_init (cell, L.n_x, L.n_a, "OutputSize", n_y, "Direction", L.dir);
  labels = randi ([0 n_y], L.m, L.T);
  args = {model, L.X, labels};
  if (rand () < 0.3)
    args(end+1:end+2) = {"Output", pick({"sequence", "last"})};
    if (strcmp (args{end}, "last"))
      args{3} = randi (n_y, 1, L.m);
    endif
  endif
  args = [args, L.opts];
  c = call_ (args, 3, {"Lengths", "Output"});
endfunction

function c = b_seq_batch ()
  V = pick ([2 5 27]);
  seqs = arrayfun (@(n) randi (V, 1, n), randi ([0 6], 1, randi ([1 4])), "uniformoutput", false);
  args = {seqs, V};
  if (rand () < 0.5)
    args(end+1:end+2) = {pick({"Boundary", "MaxLength", "Class"}), pick({1, 3, Inf, "single", "double"})};
  endif
  c = call_ (args, 3, {"Boundary", "MaxLength", "Class"});
endfunction

function c = b_text_encode ()
  text = char (pick ({"hello world", "", "abcabc", "x"}));
  if (rand () < 0.3)
    text = {text, "abc"};
  endif
  if (rand () < 0.5)
    c = call_ ({text}, 2, {});
  else
    c = call_ ({text, pick({"abcdehlorwx ", "abc", "", "aab"})}, 2, {});
  endif
endfunction

function c = b_text_decode ()
  vocab = pick ({"abc", "", "xyz "});
  idx = randi ([0 numel(vocab)], pick ([0 1 2]), pick ([0 3 5]));
  if (rand () < 0.2)
    idx = {idx, randi([0 numel(vocab)], 1, 2)};
  endif
  c = call_ ({idx, vocab}, 1, {});
endfunction

## A model with an output layer over a vocabulary of V symbols.
function [model, V] = char_model ()
  V = pick ([2 3 5]);
  model = rnn_init (pick ({"rnn", "gru", "lstm"}), V, pick ([1 3]), "OutputSize", V);
endfunction

function varargout = train_data (k, V)
  X = zeros (V, 2, 3); X(1, :, :) = 1;
  varargout = {X, randi(V, 2, 3), []};
endfunction

function c = b_train ()
  [model, V] = char_model ();
  r = rand ();
  if (r < 0.4)
    data = arrayfun (@(n) randi (V, 1, n), randi ([0 5], 1, 4), "uniformoutput", false);
  elseif (r < 0.6)
    data = randi (V, 1, randi ([0 20]));       # a text: stateful streams
  else
    data = @(k) train_data (k, V);
  endif
  ## (no CheckpointPath: a mutated one would make folders anywhere)
  opts = {"MiniBatchSize", "Optimizer", "LearnRate", "LearnRateSchedule", ...
          "GradientThreshold", "Output", "Loss", "OutputFcn", "Seed", "State", ...
          "ValidationData", "ValidationFrequency", "ValidationPatience", ...
          "OutputNetwork", "L2Regularization", "WeightDecay", "LossFcn", "BPTTLength"};
  args = {model, data};
  if (rand () < 0.5)
    args(end+1:end+2) = {"Optimizer", pick({"adam", "sgdm", "rmsprop"})};
  endif
  if (rand () < 0.3)
    args(end+1:end+2) = {"ValidationData", data};
  endif
  if (rand () < 0.2)
    args(end+1:end+2) = {pick({"L2Regularization", "WeightDecay"}), pick([0 1e-3 1])};
  endif
  ## at most 2 iterations, quietly, whatever the mutations did
  c = call_ (args, 3, opts, {"Iterations", pick([1 2]), "Verbose", false});
endfunction

## a model struct (stack, embedding, dropout rates) with V symbols in and out
function [model, V, emb] = stack_model (dir)
  V = pick ([2 3 5]);
  emb = rand () < 0.5;
  opts = {"OutputSize", V, "Dropout", pick([0 0.5]), "RecurrentDropout", 0};
  if (emb)
    opts(end+1:end+2) = {"EmbeddingSize", pick([1 2])};
  endif
  model = rnn_init (pick ({"rnn", "gru", "lstm"}), V, pick ({[1 2], [2 2 1], 3}),
                    "Direction", dir, opts{:});
endfunction

function c = b_model_loss ()
  [model, V, emb] = stack_model (pick ({"forward", "bidirectional"}));
  m = pick ([0 1 3]); T = pick ([0 1 4]);
  if (emb)
    X = randi ([0 V], m, T);
  else
    X = randn (V, m, T);
  endif
  args = {model, X, randi([0 V], m, T)};
  if (rand () < 0.5)
    args(end+1:end+4) = {"Training", true, "Seed", 1};
  endif
  if (rand () < 0.3)
    args(end+1:end+2) = {"Lengths", randi([1, max(T, 1)], 1, m)};
  endif
  c = call_ (args, 4, {"Lengths", "Output", "Training", "Seed", "InitialState"});
endfunction

function c = b_summary ()
  if (rand () < 0.5)
    model = stack_model (pick ({"forward", "bidirectional"}));
  else
    model = char_model ();
  endif
  c = call_ ({model}, pick ([0 2]), {});
endfunction

function c = b_sample ()
  if (rand () < 0.5)
    [model, V] = stack_model ("forward");
  else
    [model, V] = char_model ();
  endif
  vocab = char ("a" + (0:V-1));
  args = {model, vocab, pick([1 2 3])};
  if (rand () < 0.5)
    args(end+1:end+2) = {pick({"Temperature", "Prime", "Stop", "Seed"}), ...
                         pick({0, 0.5, "a", "", 3})};
  endif
  c = call_ (args, 1, {"Temperature", "MaxLength", "Prime", "Stop", "Seed"}, ...
             {"MaxLength", pick([1 5])});
endfunction

function c = b_predict ()
  [model, V] = char_model ();
  m = pick ([1 2]); T = pick ([1 3]);
  X = zeros (V, m, T); X(1, :, :) = 1;
  args = {model, X};
  if (rand () < 0.5)
    [~, s] = rnn_predict (model, X);
    args{end+1} = s;
  endif
  c = call_ (args, 2, {"Lengths", "Output", "Loss"});
endfunction

function c = b_plot_history ()
  n = pick ([1 3]);
  h = struct ("Iteration", 1:n, "Loss", rand (1, n), "SmoothedLoss", rand (1, n),
              "LearnRate", rand (1, n), "ValidationLoss", [NaN(1, n-1), 1]);
  ## always to /dev/null: an invisible figure, closed (no windows, no files)
  c = call_ ({h}, 1, {"Title", "Baselines"}, {"File", "/dev/null"});
endfunction

function c = b_to (fmt)
  L = rand_layer (pick ({"rnn", "gru", "lstm"}));
  p = L.p;
  if (rand () < 0.2)
    p = [p, p];
  elseif (strcmp (fmt, "pytorch") && rand () < 0.3)
    p = rand_model ();
  endif
  if (strcmp (fmt, "pytorch"))
    c = call_ ({p, "Prefix", pick({"", "enc."})}, 2, {"Prefix"});
  else
    c = call_ ({p}, 2, {});
  endif
endfunction

function c = b_from (fmt)
  ## a layer the format can hold, written out, to be read back
  if (strcmp (fmt, "pytorch"))
    cell = pick ({"rnn", "gru", "lstm"});
    p = rnn_init (cell, pick ([1 3]), pick ([1 2]), "Direction", ...
                  pick ({"forward", "bidirectional"}), "RecurrentBias", rand() < 0.5);
    if (rand () < 0.3)
      p = rand_model ();
    endif
    S = rnn_to_pytorch (p);
    c = call_ ({S}, 1, {"Cell", "Activation", "Prefix", "Dropout"});
  else
    cell = pick ({"gru", "lstm"});
    dir = "forward";
    if (strcmp (cell, "lstm"))
      dir = pick ({"forward", "bidirectional"});
    endif
    p = rnn_init (cell, pick ([1 3]), pick ([1 2]), "Direction", dir);
    S = rnn_to_matlab (p);
    c = call_ ({S}, 1, {"Cell", "ResetGateMode"});
  endif
endfunction

## a small model that PyTorch's modules can hold: a stack, maybe an embedding
function m = rand_model ()
  opts = {"OutputSize", pick([1 3]), "RecurrentBias", rand() < 0.5, ...
          "Direction", pick({"forward", "bidirectional"})};
  if (rand () < 0.5)
    opts(end+1:end+2) = {"EmbeddingSize", pick([1 2])};
  endif
  m = rnn_init (pick ({"rnn", "gru", "lstm"}), pick ([2 3]), pick ({1, [2 2]}), opts{:});
endfunction

function c = b_generic ()
  args = arrayfun (@(i) rand_value (), 1:randi ([0 5]), "uniformoutput", false);
  c = call_ (args, randi ([0 3]), {});
endfunction

## ---- donors: real values of every cell, for forged caches and params -------
function d = make_donors (seed)
  old = rand ("state"); oldn = randn ("state");
  rand ("state", seed); randn ("state", seed);
  d = {};
  for cell = {"rnn", "gru", "lstm"}
    try
      L = rand_layer (cell{1});
      d{end+1} = L.p;
      switch (cell{1})
        case "rnn",  [~, ~, cache] = rnn_forward (L.X, L.h0, L.p);
        case "gru",  [~, ~, cache] = gru_forward (L.X, L.h0, L.p);
        case "lstm", [~, ~, ~, cache] = lstm_forward (L.X, L.h0, L.c0, L.p);
      endswitch
      d{end+1} = cache;
    catch
      ## a cell that has not landed yet: no donors from it
    end_try_catch
  endfor
  rand ("state", old); randn ("state", oldn);
endfunction

## ---- random values and mutations --------------------------------------------
function d = rdims ()
  d = [randi([0 3]), randi([0 3]), ones(1, randi ([0 2]))];
  if (numel (d) > 2)
    d(3:end) = randi ([0 3], 1, numel (d) - 2);
  endif
endfunction

## An empty array whose other dimensions are huge (its numel is 0, but a
## function that allocates by its sizes would need terabytes or overflow).
function v = huge_empty ()
  big = pick ([1e10, 2^31, 2^32 + 1, 1e12, 3e9]);
  try
    switch (randi (4))
      case 1, v = zeros (0, big);
      case 2, v = zeros (big, 0);
      case 3, v = zeros (0, 1, big);
      case 4, v = zeros (0, big, 3e9);  # Octave refuses dims whose product overflows
    endswitch
  catch
    v = zeros (0, 1e10);
  end_try_catch
endfunction

function v = rand_value ()
  switch (randi (24))
    case 1,  v = [];
    case 2,  v = randn (rdims ());
    case 3,  v = single (randn (rdims ()));
    case 4,  v = int8 (randi ([-5 5], rdims ()));
    case 5,  v = rand (rdims ()) > 0.5;
    case 6,  v = char (randi ([32 126], 1, randi ([0 8])));
    case 7,  v = {randn(2), "a"};
    case 8,  v = struct ("a", 1);
    case 9,  d = rdims (); v = complex (randn (d), randn (d));
    case 10, v = sparse (randn (randi (3), randi (3)));
    case 11, v = NaN;
    case 12, v = pick ([Inf, -Inf]);
    case 13, v = huge_empty ();
    case 14, v = @sin;
    case 15, v = randi (5);
    case 16, v = pick ([-1, 0, 0.5, 1e10, 2^53, -Inf]);
    case 17, v = pick ({uint64(2)^62, int64(-1), uint8(3), int32(0)});
    case 18, v = struct ("a", {1, 2});
    case 19, v = cell (0, 3);
    case 20, v = pick ({"forward", "reverse", "bidirectional", "concat", "mul", "rnn", "gru", "lstm", "Lengths", "tanh", "relu", "global-l2norm", "absolute-value"});
    case 21, v = ones (2, 2, 2, 2);
    case 22, v = ["ab"; "cd"];
    case 23, v = single (NaN (2, 3));
    case 24, v = zeros (1, 0);
  endswitch
endfunction

function v = rand_lengths (x)
  m = min (max (1, size (x, 2)), 5);
  v = pick ({1.5, -1, 0, 1e10, NaN, Inf, randi(3, 1, m+1), {1}, "ab", true(1, m), ...
             int8(ones(1, m)), complex(ones(1, m)), sparse(ones(1, m)), [], ...
             single(ones(1, m)), ones(m, 1), ones(1, m), zeros(0, m), ...
             uint64(2)^63 * ones(1, m), ones(2, m), huge_empty()});
endfunction

function x = perturb_numeric (x)
  n = numel (x);
  try
    switch (randi (16))
      case 1,  x = single (x);
      case 2,  x = double (x);
      case 3,  x = int8 (x);
      case 4,  x = logical (x != 0 & ! isnan (x));
      case 5,  x = char (abs (x));
      case 6,  x = complex (x);
      case 7
        if (ndims (x) == 2)
          x = sparse (double (x));
        endif
      case 8
        if (n > 0) x(randi (n)) = NaN; endif
      case 9
        if (n > 0) x(randi (n)) = pick ([Inf, -Inf]); endif
      case 10                         # one slice fewer along some dimension
        k = randi (max (3, ndims (x)));
        if (size (x, k) > 0)
          idx = repmat ({':'}, 1, max (k, ndims (x)));
          idx{k} = 1:size (x, k) - 1;
          x = x(idx{:});
        endif
      case 11                         # one slice more (unless that is big:
        k = randi (max (3, ndims (x)));  # x may be a huge empty array)
        sz = size (x); sz(end+1:k) = 1; sz(k) = 1;
        if (prod (sz) <= 1e4)
          x = cat (k, x, zeros (sz, class (x)));
        endif
      case 12
        x = permute (x, [2 1 3:max(3, ndims (x))]);
      case 13
        x = cat (4, x, x);            # a fourth dimension
      case 14, x = huge_empty ();
      case 15, x = {x};
      case 16, x = zeros (size (x)(1), 0);
    endswitch
  catch
    x = rand_value ();
  end_try_catch
endfunction

function s = perturb_string (s)
  switch (randi (7))
    case 1, s = upper (s);
    case 2, s = [s "x"];
    case 3, s = "";
    case 4, s = [s; s];
    case 5, s = double (s);
    case 6, s = pick ({"rnn", "gru", "lstm", "forward", "reverse", "bidirectional", "concat", "sum", "ave", "mul", "tanh", "relu", "after-multiplication", "before-multiplication"});
    case 7, s = {s};
  endswitch
endfunction

function s = perturb_struct (s, donors)
  if (! isscalar (s))
    s = s(1);
    return;
  endif
  f = fieldnames (s);
  switch (randi (11))
    case 1
      if (! isempty (f)) s = rmfield (s, pick (f)); endif
    case 2
      s.(pick ({"foo", "Wx", "bR", "activation", "resetGateMode", "Wy", "cell"})) = rand_value ();
    case 3
      if (! isempty (f)) s.(pick (f)) = rand_value (); endif
    case {4, 5}                       # the most useful: perturb one field
      if (! isempty (f))
        k = pick (f);
        s.(k) = perturb (s.(k), donors);
      endif
    case 6
      s = [s s];
    case {7, 8}                       # a field from a donor (forged cache/params)
      if (! isempty (donors) && ! isempty (f))
        d = pick (donors);
        g = intersect (f, fieldnames (d));
        if (! isempty (g))
          k = pick (g);
          s.(k) = d.(k);
        endif
      endif
    case 9
      if (! isempty (donors)) s = pick (donors); endif
    case 10
      s = struct ();
    case 11
      if (isfield (s, "options"))
        s.options = pick ({{"Lengths"}, {"Lengths", 0}, {"Foo", 1}, "Lengths", {}, {"Lengths", []}, ...
                           {"RecurrentDropoutMask", 1}, {"RecurrentDropoutMask", []}});
      elseif (isfield (s, "direction"))
        s.direction = perturb_string ("bidirectional");
      endif
  endswitch
endfunction

function v = perturb (v, donors)
  if (isstruct (v))
    v = perturb_struct (v, donors);
  elseif (ischar (v))
    v = perturb_string (v);
  elseif (isnumeric (v) || islogical (v))
    v = perturb_numeric (v);
  elseif (iscell (v))
    if (isempty (v) || rand () < 0.3)
      v = rand_value ();
    else
      k = randi (numel (v));
      d = donors(cellfun (@(d) iscell (d) && numel (d) == numel (v), donors));
      if (! isempty (d) && rand () < 0.4)   # from a donor (a forged cache)
        d = pick (d);
        v{k} = d{k};
      else
        v{k} = perturb (v{k}, donors);
      endif
    endif
  else
    v = rand_value ();
  endif
endfunction

function c = mutate (c, donors)
  if (rand () < 0.12)                 # well-formed calls too (odd sizes)
    return;
  endif
  for i = 1:randi ([1 3])
    try
      c = mutate_once (c, donors);
    catch
      ## a mutation that cannot apply to this argument: skip it
    end_try_catch
  endfor
endfunction

function c = mutate_once (c, donors)
    n = numel (c.args);
    switch (randi (12))
      case {1, 2, 3, 4}               # perturb an argument
        if (n > 0)
          k = randi (n);
          c.args{k} = perturb (c.args{k}, donors);
        endif
      case 5                          # replace an argument
        if (n > 0) c.args{randi (n)} = rand_value (); endif
      ## wrong argument counts mostly end in print_usage, which costs
      ## 0.1 s a call (it runs makeinfo): a few of them go a long way
      case 6                          # one argument fewer
        if (n > 0 && rand () < 0.15) c.args(randi (n)) = []; endif
      case 7                          # one argument more
        if (rand () < 0.15) c.args{end+1} = rand_value (); endif
      case 8                          # outputs
        c.nout = randi ([0 c.nout + 1]);
      case {9, 10}                    # a Name/Value pair
        if (isempty (c.opts) && rand () < 0.8)
          return;
        endif
        names = [c.opts, {"Lengths", "lengths", "LENGTHS", "Foo", "", "Method", "Direction"}];
        name = pick (names);
        if (rand () < 0.1)
          name = rand_value ();
        endif
        if (strcmpi (name, "lengths"))
          x = [];
          if (n > 0 && isnumeric (c.args{1})) x = c.args{1}; endif
          value = rand_lengths (x);
        else
          value = rand_value ();
        endif
        c.args(end+1:end+2) = {name, value};
      case 11                         # a dangling option name
        if (! isempty (c.opts) && rand () < 0.3)
          c.args{end+1} = pick (c.opts);
        endif
      case 12                         # Lengths perturbed in place
        k = find (cellfun (@(a) ischar (a) && strcmpi (a, "lengths"), c.args), 1);
        if (! isempty (k) && k < n)
          c.args{k+1} = rand_lengths (c.args{k+1});
        endif
    endswitch
endfunction

function s = oneline (s)
  s = strtrim (regexprep (s, '\s+', " "));
  if (numel (s) > 300)
    s = [s(1:300) "..."];
  endif
endfunction

function s = describe (v)
  if (isstruct (v))
    f = fieldnames (v);
    s = sprintf ("%s struct {%s}", mat2str (size (v)), strjoin (f', ", "));
    if (isscalar (v))
      s = [s ":"];
      for i = 1:numel (f)
        s = [s sprintf("\n      %s = %s", f{i}, strrep (describe (v.(f{i})), "\n", "\n  "))];
      endfor
    endif
  elseif (ischar (v) && rows (v) <= 1)
    s = ["\"" v "\""];
  elseif (iscell (v))
    s = sprintf ("%s cell", mat2str (size (v)));
  else
    s = sprintf ("%s %s%s%s", mat2str (size (v)), class (v),
                 ifelse (isreal (v), "", " complex"),
                 ifelse (issparse (v), " sparse", ""));
    if (isnumeric (v) && numel (v) <= 6)
      s = [s " " mat2str(double (full (v(:).')), 3)];
    endif
  endif
endfunction

function r = ifelse (c, a, b)
  if (c) r = a; else r = b; endif
endfunction
