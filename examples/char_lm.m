## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## char_lm.m - train a character-level language model and sample from it.
##
##   ./run-octave examples/char_lm.m            (or `make demo`)
##
## By default it learns the spelling of English words: the lowercase a-z
## words of the system word list (/usr/share/dict/words, Debian's wamerican),
## each word a sequence of letters followed by an end-of-word token, so the
## vocabulary has V = 27 symbols and a model that knows nothing scores
## log(27) = 3.30 nats per character.  An LSTM (one layer, 256 units) with a
## softmax output layer is trained for 2500 iterations with Adam (learning
## rate 0.02, cosine decay to 1% of it), mini-batches of 128 padded words of
## similar length ("Lengths", label 0 for padding) and global-norm gradient
## clipping at 1, in single precision: about two minutes on two cores.
## 2000 words (3%) are held out to measure the loss on words the model has
## never seen.
##
## Settings, all optional, are environment variables:
##   RNN_QUICK=1        a few seconds' run (what the tests use)
##   RNN_CELL=gru       the layer: lstm (default), gru or rnn (tanh)
##   RNN_TEXT=file.txt  train on this text file instead of the word list
##   RNN_TEXT_MODE=     lines  (default) every non-empty line is a sequence,
##                             ended by "\n";
##                      chunks the whole text cut into pieces of RNN_CHUNK
##                             (default 64) characters; use it for prose
##   RNN_HIDDEN, RNN_ITERS, RNN_BATCH, RNN_LR   override the defaults
##                      (256 hidden units, 2500 iterations, 128 sequences
##                      per batch, Adam's learning rate 0.02)
##   RNN_RESUME=char_lm_out/checkpoint.mat      continue that training run
##                      for RNN_ITERS more iterations (same data and model;
##                      the cosine schedule starts again, from a tenth of
##                      the learning rate unless RNN_LR says otherwise)
##   RNN_OUT=dir        where the outputs go (default ./char_lm_out)
## e.g.  RNN_CELL=gru RNN_ITERS=500 ./run-octave examples/char_lm.m
##
## Outputs, in RNN_OUT (the current directory, never the source tree):
##   loss.png        training loss per iteration, smoothed, the held-out
##                   loss (measured 10 times), and the baselines
##   checkpoint.mat  model, vocab, history, state, opts, heldout: sample with
##                     load char_lm_out/checkpoint.mat
##                     rnn_sample (model, vocab, 10, "Temperature", 0.8)
##                   or resume with RNN_RESUME
##   samples.txt     sampled words at temperatures 0.5, 0.8 and 1.0

1;   # a script file, not a function file

function v = env_value (name, default)
  s = getenv (name);
  if (isempty (s))
    v = default;
  elseif (isnumeric (default))
    v = str2double (s);
    if (isnan (v))
      error ("char_lm: %s=%s is not a number", name, s);
    endif
  else
    v = s;
  endif
endfunction

function v = pick (c, a, b)
  if (c) v = a; else v = b; endif
endfunction

## held-out loss over all of SEQS, in batches, weighted by characters
function loss = heldout_loss (model, seqs, V)
  total = 0; n = 0;
  [~, order] = sort (cellfun ("numel", seqs));
  for s = 1:256:numel (seqs)
    j = order(s:min (s + 255, numel (seqs)));
    [X, labels, L] = seq_batch (seqs(j), V, "Class", class (model.W));
    total += rnn_loss (model, X, labels, "Lengths", L) * nnz (labels);
    n += nnz (labels);
  endfor
  loss = total / n;
endfunction

## OutputFcn of rnn_train: the held-out loss (kept in a global for the
## plot) and a few samples at temperature 0.8 (SOPTS: rnn_sample's options)
function monitor (model, info, vocab, chunks, val, V, sopts)
  global char_lm_heldout
  loss = heldout_loss (model, val, V);
  char_lm_heldout(end+1, :) = [info.Iteration, loss];
  if (! chunks)
    w = rnn_sample (model, vocab, 8, "Temperature", 0.8, sopts{:});
    w(cellfun ("isempty", w)) = {"''"};
    printf ("  iteration %d: held-out loss %.3f; samples: %s\n", info.Iteration, loss,
            strjoin (w', " | "));
  else
    w = rnn_sample (model, vocab, 1, "Temperature", 0.8, "MaxLength", 70, sopts{:});
    printf ("  iteration %d: held-out loss %.3f; a sample: %s\n", info.Iteration, loss,
            strrep (w{1}, "\n", " / "));
  endif
  fflush (stdout);
endfunction

## ---- settings --------------------------------------------------------------
quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
opts.cell = lower (env_value ("RNN_CELL", "lstm"));
opts.text = env_value ("RNN_TEXT", "");
opts.text_mode = lower (env_value ("RNN_TEXT_MODE", "lines"));
opts.chunk = env_value ("RNN_CHUNK", 64);
opts.hidden = env_value ("RNN_HIDDEN", pick (quick, 32, 256));
opts.iterations = env_value ("RNN_ITERS", pick (quick, 60, 2500));
opts.batch = env_value ("RNN_BATCH", pick (quick, 32, 128));
opts.learn_rate = env_value ("RNN_LR", pick (quick, 0.01, 0.02));
opts.clip = 1;
opts.class = "single";                  # twice as fast as double here
opts.seed = 1;
## outputs go below the directory Octave was started in; run() changes into
## examples/ first, so then the shell's $PWD says where that was
base = pwd ();
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = env_value ("RNN_OUT", fullfile (base, "char_lm_out"));
resume = env_value ("RNN_RESUME", "");
if (! any (strcmp (opts.cell, {"lstm", "gru", "rnn"})))
  error ("char_lm: RNN_CELL must be lstm, gru or rnn, not %s", opts.cell);
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif

## ---- data --------------------------------------------------------------------
is_words = isempty (opts.text);
if (is_words)
  words_file = "/usr/share/dict/words";
  if (! exist (words_file, "file"))
    error ("char_lm: %s not found: install the word list (apt-get install wamerican) or set RNN_TEXT=file.txt",
           words_file);
  endif
  words = strsplit (fileread (words_file), "\n");
  words = words(! cellfun ("isempty", regexp (words, '^[a-z]+$', "once")));
  vocab = ["a":"z", "\n"];              # "\n" = end of word (and start)
  eow = 27;
  seqs = cellfun (@(s) [eow, s, eow], text_encode (words, vocab), "UniformOutput", false);
  source = sprintf ("%d lowercase words of %s", numel (words), words_file);
else
  text = fileread (opts.text);
  text(text == "\r") = [];
  switch (opts.text_mode)
    case "lines"
      lines = strsplit (text, "\n");
      lines = lines(! cellfun ("isempty", lines));
      vocab = unique ([lines{:}, "\n"]);
      eow = find (vocab == "\n");
      seqs = cellfun (@(s) [eow, s, eow], text_encode (lines, vocab), "UniformOutput", false);
      words = lines;
      source = sprintf ("%d lines of %s", numel (lines), opts.text);
    case "chunks"
      [idx, vocab] = text_encode (text);
      C = opts.chunk;
      starts = 1:C:numel (idx) - C;
      seqs = arrayfun (@(s) idx(s:s+C), starts, "UniformOutput", false);
      words = {};
      source = sprintf ("%d chunks of %d characters of %s", numel (seqs), C, opts.text);
    otherwise
      error ("char_lm: RNN_TEXT_MODE must be lines or chunks, not %s", opts.text_mode);
  endswitch
endif
V = numel (vocab);
rand ("state", opts.seed); randn ("state", opts.seed);
perm = randperm (numel (seqs));
n_val = min (2000, max (1, round (0.05 * numel (seqs))));
val = seqs(perm(1:n_val));
train = seqs(perm(n_val+1:end));
if (quick)
  train = train(1:min (end, 3000));
  val = val(1:min (end, 200));
endif
## what a model without context would score: the entropy of the labels
lab = [cellfun(@(s) s(2:end), train, "UniformOutput", false){:}];
freq = accumarray (lab(:), 1, [V, 1]) / numel (lab);
unigram = -sum (freq(freq > 0) .* log (freq(freq > 0)));
printf ("char_lm: %s; %d for training, %d held out; V = %d symbols\n",
        source, numel (train), numel (val), V);
printf ("baselines: uniform log(%d) = %.3f nats/char, unigram (%s frequencies) %.3f\n",
        V, log (V), pick (is_words, "letter", "character"), unigram);

## ---- model -------------------------------------------------------------------
state = [];
global char_lm_heldout
char_lm_heldout = zeros (0, 2);         # [iteration, held-out loss]
if (! isempty (resume))
  ck = load (resume);
  model = ck.model; state = ck.state;
  if (isfield (ck, "heldout"))
    char_lm_heldout = ck.heldout;
  endif
  if (! isequal (ck.vocab, vocab))
    error ("char_lm: %s was trained on another vocabulary", resume);
  endif
  opts.cell = model.cell; opts.hidden = columns (model.R);
  if (isempty (getenv ("RNN_LR")))
    opts.learn_rate /= 10;
  endif
  printf ("resuming %s after iteration %d\n", resume, state.Iteration);
else
  init = {"OutputSize", V, "Class", opts.class, "Seed", opts.seed};
  if (strcmp (opts.cell, "rnn"))
    init = [init, {"Activation", "tanh"}];
  endif
  model = rnn_init (opts.cell, V, opts.hidden, init{:});
endif
printf ("model: %s, %d hidden units, %d parameters; %d iterations of %d sequences, Adam %g, clip %g\n",
        upper (opts.cell), opts.hidden,
        sum (cellfun (@(f) numel (model.(f)), {"W", "R", "b", "Wy", "by"})),
        opts.iterations, opts.batch, opts.learn_rate, opts.clip);

## ---- training ----------------------------------------------------------------
batch_seed = opts.seed;                 # a resumed run draws other batches
if (! isempty (state))
  batch_seed += state.Iteration;
endif
t0 = tic ();
chunks = ! is_words && strcmp (opts.text_mode, "chunks");
if (is_words)
  sopts = {};                           # start after "\n", stop at "\n"
elseif (! chunks)
  sopts = {"MaxLength", 80};            # lines: a line, up to 80 characters
else                                    # chunks: run on from the text's start
  sopts = {"Prime", text(1), "Stop", ""};
endif
if (isempty (state))
  monitor (model, struct ("Iteration", 0), vocab, chunks, val, V, sopts);
endif
callback = @(m, info) monitor (m, info, vocab, chunks, val, V, sopts);
[model, history, state] = rnn_train (model, train,
    "Iterations", opts.iterations, "MiniBatchSize", opts.batch,
    "LearnRate", opts.learn_rate, "LearnRateSchedule", "cosine",
    "GradientThreshold", opts.clip, "Seed", batch_seed,
    "VerboseFrequency", max (1, round (opts.iterations / 20)),
    "OutputFcn", callback, "OutputFrequency", max (1, round (opts.iterations / 10)),
    "State", state);
train_time = toc (t0);
heldout = char_lm_heldout;              # the last row: after the last iteration
clear -global char_lm_heldout
val_loss = heldout(end, 2);
final = history.SmoothedLoss(end);
printf ("\ntrained in %.0f s: training loss %.3f, held-out loss %.3f nats/char (uniform %.3f, unigram %.3f)\n",
        train_time, final, val_loss, log (V), unigram);

## ---- outputs -----------------------------------------------------------------
save ("-v7", fullfile (out_dir, "checkpoint.mat"), "model", "vocab", "history", "state",
      "opts", "heldout");

warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
h = figure ("visible", "off", "position", [0 0 800 500]);
it = history.Iteration;
plot (it, history.Loss, "color", [0.75 0.8 0.95], it, history.SmoothedLoss, "b", "linewidth", 2,
      [0 it(end)], log (V) * [1 1], "k--", [0 it(end)], unigram * [1 1], "r--",
      heldout(:,1), heldout(:,2), "m-s", "linewidth", 2, "markersize", 6, "markerfacecolor", "m");
legend ({"batch loss", "smoothed", sprintf("uniform, log(%d)", V), ...
         sprintf("unigram (%s frequencies)", pick (is_words, "letter", "character")), ...
         pick(is_words, "held-out words", "held-out text")}, "location", "northeast");
xlabel ("iteration"); ylabel ("cross-entropy (nats per character)");
title (sprintf ("%s, %d units: %.3f nats/char held out after %d iterations (%.0f s)",
                upper (opts.cell), opts.hidden, val_loss, it(end), train_time));
ylim ([floor(2 * min ([history.Loss, heldout(:,2)']) - 0.2) / 2, ceil(max ([history.Loss, log(V)]) + 0.1)]);
xlim ([0 it(end)]);
grid on;
print (h, "-dpng", "-r80", fullfile (out_dir, "loss.png"));
close (h);

## samples at several temperatures: a column each
temps = [0.5 0.8 1.0];
n_samples = 12;
if (! chunks)
  cols = cell (n_samples, numel (temps));
  known = zeros (1, numel (temps));
  for k = 1:numel (temps)
    w = rnn_sample (model, vocab, n_samples, "Temperature", temps(k), "Seed", 42 + k, sopts{:});
    mark = repmat ({""}, n_samples, 1);
    if (! isempty (words))
      in_list = ismember (w, words);
      known(k) = mean (in_list);
      mark(in_list) = {"*"};
    endif
    w(cellfun ("isempty", w)) = {"(empty)"};
    cols(:,k) = strcat (w, mark);
  endfor
  width = max (18, 2 + max (cellfun ("numel", cols(:))));
  width = min (width, 40);
  table = {sprintf("sampled %s (%d per temperature%s)", pick (is_words, "words", "lines"),
                   n_samples, pick (is_words, "; * = in the word list", "; * = a line of the text"))};
  table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)),
                          arrayfun (@(t) sprintf ("T = %.1f", t), temps, "UniformOutput", false){:});
  for r = 1:n_samples
    row = cellfun (@(c) c(1:min (end, width)), cols(r,:), "UniformOutput", false);
    table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)), row{:});
  endfor
  if (! isempty (words))
    table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)),
                            arrayfun (@(f) sprintf ("%.0f%% %s", 100 * f,
                                                    pick (is_words, "real words", "text lines")), known,
                                      "UniformOutput", false){:});
  endif
else
  table = {};
  for k = 1:numel (temps)
    w = rnn_sample (model, vocab, 1, "Temperature", temps(k), "Seed", 42 + k,
                    "MaxLength", 300, sopts{:});
    table{end+1} = sprintf ("T = %.1f: %s", temps(k), w{1});
  endfor
endif
table = regexprep (table, ' +$', '');
printf ("%s\n", table{:});
fid = fopen (fullfile (out_dir, "samples.txt"), "w");
fprintf (fid, "%s\n", table{:});
fclose (fid);
printf ("outputs in %s: loss.png, checkpoint.mat, samples.txt\n", out_dir);
