## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## char_lm.m - train a character-level language model and sample from it.
##
##   ./run-octave examples/char_lm.m            (or `make demo`)
##
## By default it learns the spelling of English words: the lowercase a-z
## words of the system word list (Debian's wamerican, /usr/share/dict/american-english),
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
##                      chunks the whole text as one stream, trained
##                             statefully: cut into RNN_BATCH parallel
##                             streams, each batch the next RNN_CHUNK
##                             (default 64) characters of every stream,
##                             starting from the states the batch before
##                             ended with; the last 5% of the text (at
##                             most 20000 characters) is held out.  Use it
##                             for prose: the model learns context longer
##                             than a chunk, and its samples run on for
##                             many chunks.  Without RNN_TEXT: the
##                             fortunes collections (Debian's fortunes),
##                             the fortunes shuffled (seeded)
##   RNN_HIDDEN, RNN_ITERS, RNN_BATCH, RNN_LR   override the defaults
##                      (256 hidden units, 2500 iterations, 128 sequences
##                      per batch, Adam's learning rate 0.02; 0.005 in
##                      chunks mode)
##   RNN_RESUME=char_lm_out/checkpoint.mat      continue that training run
##                      for RNN_ITERS more iterations (same data and model;
##                      the cosine schedule starts again, from a tenth of
##                      the learning rate unless RNN_LR says otherwise)
##   RNN_OUT=dir        where the outputs go (default ./char_lm_out)
## e.g.  RNN_CELL=gru RNN_ITERS=500 ./run-octave examples/char_lm.m
##
## Outputs, in RNN_OUT (the current directory, never the source tree):
##   loss.png        training loss per iteration, smoothed, the held-out
##                   loss (measured about 10 times), the baselines and the
##                   learning rate (rnn_plot_history)
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

## OutputFcn of rnn_train: a few samples at temperature 0.8 after each
## validation (SOPTS: rnn_sample's options)
function monitor (model, info, vocab, chunks, sopts)
  if (isnan (info.ValidationLoss))
    return;
  endif
  if (! chunks)
    w = rnn_sample (model, vocab, 8, "Temperature", 0.8, sopts{:});
    w(cellfun ("isempty", w)) = {"''"};
    printf ("  iteration %d: held-out loss %.3f; samples: %s\n", info.Iteration,
            info.ValidationLoss, strjoin (w', " | "));
  else
    w = rnn_sample (model, vocab, 1, "Temperature", 0.8, "MaxLength", 70, sopts{:});
    printf ("  iteration %d: held-out loss %.3f; a sample: %s\n", info.Iteration,
            info.ValidationLoss, strrep (w{1}, "\n", " / "));
  endif
  fflush (stdout);
endfunction

## ---- settings --------------------------------------------------------------
quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
opts.cell = lower (env_value ("RNN_CELL", "lstm"));
opts.text = env_value ("RNN_TEXT", "");
opts.text_mode = lower (env_value ("RNN_TEXT_MODE", "lines"));
opts.chunk = env_value ("RNN_CHUNK", 64);
opts.hidden = env_value ("RNN_HIDDEN", merge (quick, 32, 256));
opts.iterations = env_value ("RNN_ITERS", merge (quick, 60, 2500));
opts.batch = env_value ("RNN_BATCH", merge (quick, 32, 128));
opts.learn_rate = env_value ("RNN_LR", merge (quick, 0.01, 0.02));
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
fortunes_dir = "/usr/share/games/fortunes";
if (isempty (opts.text) && strcmp (opts.text_mode, "chunks"))
  ## the default long text: Debian's fortunes collections, one after the
  ## other, in ASCII (the files mix encodings: other bytes are dropped)
  files = glob (fullfile (fortunes_dir, "*"));
  files = files(cellfun ("isempty", regexp (files, '\.(dat|u8)$', "once")));
  files = files(! cellfun (@(f) exist (f, "dir"), files));
  if (isempty (files))
    error ("char_lm: no texts in %s: install them (apt-get install fortunes) or set RNN_TEXT=file.txt",
           fortunes_dir);
  endif
  text = cellfun (@fileread, files, "UniformOutput", false);
  text = [text{:}];
  text = text(text == "\n" | text == "\t" | (text >= " " & text <= "~"));
  ## the fortunes (ended by a line "%") in a fixed random order: the
  ## held-out end of the text is then a sample of all the collections, not
  ## the last one (zippy, in capitals)
  parts = strsplit (text, "\n%\n");
  rand ("state", opts.seed);
  parts = parts(randperm (numel (parts)));
  text = strjoin (parts, "\n%\n");
  opts.text = sprintf ("the %d fortunes collections of %s (%d fortunes in a random order)",
                       numel (files), fortunes_dir, numel (parts));
else
  text = "";
endif
is_words = isempty (opts.text);
if (is_words)
  ## wamerican's list by its own name: /usr/share/dict/words is whichever
  ## list the system chose, which may be another language's when several
  ## are installed (the word_language example installs five)
  words_file = "/usr/share/dict/american-english";
  if (! exist (words_file, "file"))
    words_file = "/usr/share/dict/words";
  endif
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
  if (isempty (text))
    text = fileread (opts.text);
  endif
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
      words = {};
      source = sprintf ("%d characters of %s, in %d streams of %d-character chunks",
                        numel (idx), opts.text, opts.batch, opts.chunk);
    otherwise
      error ("char_lm: RNN_TEXT_MODE must be lines or chunks, not %s", opts.text_mode);
  endswitch
endif
V = numel (vocab);
rand ("state", opts.seed); randn ("state", opts.seed);
chunks = ! is_words && strcmp (opts.text_mode, "chunks");
if (chunks && isempty (getenv ("RNN_LR")) && ! quick)
  opts.learn_rate = 0.005;              # the words' 0.02: training loss rose on prose
endif
if (chunks)                             # the end of the text is held out
  n_val = min (20000, max (2, round (0.05 * numel (idx))));
  val = idx(end-n_val+1:end);
  train = idx(1:end-n_val);
  if (quick)
    train = train(1:min (end, 100000));
    val = val(1:min (end, 5000));
  endif
  lab = train(2:end);
  n_train = numel (train); n_heldout = numel (val);
else
  perm = randperm (numel (seqs));
  n_val = min (2000, max (1, round (0.05 * numel (seqs))));
  val = seqs(perm(1:n_val));
  train = seqs(perm(n_val+1:end));
  if (quick)
    train = train(1:min (end, 3000));
    val = val(1:min (end, 200));
  endif
  lab = [cellfun(@(s) s(2:end), train, "UniformOutput", false){:}];
  n_train = numel (train); n_heldout = numel (val);
endif
## what a model without context would score: the entropy of the labels
freq = accumarray (lab(:), 1, [V, 1]) / numel (lab);
unigram = -sum (freq(freq > 0) .* log (freq(freq > 0)));
printf ("char_lm: %s; %d for training, %d held out; V = %d symbols\n",
        source, n_train, n_heldout, V);
printf ("baselines: uniform log(%d) = %.3f nats/char, unigram (%s frequencies) %.3f\n",
        V, log (V), merge (is_words, "letter", "character"), unigram);

## ---- model -------------------------------------------------------------------
state = [];
if (! isempty (resume))
  ck = load (resume);
  model = ck.model; state = ck.state;
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
if (is_words)
  sopts = {};                           # start after "\n", stop at "\n"
elseif (! chunks)
  sopts = {"MaxLength", 80};            # lines: a line, up to 80 characters
else                                    # chunks: run on from a held-out line
  prime = text_decode (val(1:min (end, 200)), vocab);
  nl = find (prime == "\n", 1);
  if (! isempty (nl) && nl < numel (prime))
    prime = prime(nl+1:end);
  endif
  prime = prime(1:min (end, 40));
  sopts = {"Prime", prime, "Stop", ""};
endif
callback = @(m, info) monitor (m, info, vocab, chunks, sopts);
[model, history, state] = rnn_train (model, train,
    "Iterations", opts.iterations, "MiniBatchSize", opts.batch, "BPTTLength", opts.chunk,
    "LearnRate", opts.learn_rate, "LearnRateSchedule", "cosine",
    "GradientThreshold", opts.clip, "Seed", batch_seed,
    "ValidationData", val, "ValidationFrequency", max (1, round (opts.iterations / 10)),
    "OutputNetwork", "last-iteration",
    "VerboseFrequency", max (1, round (opts.iterations / 20)),
    "OutputFcn", callback, "State", state);
train_time = toc (t0);
at = ! isnan (history.ValidationLoss);  # [iteration, held-out loss]
heldout = [history.Iteration(at)', history.ValidationLoss(at)'];
val_loss = heldout(end, 2);
final = history.SmoothedLoss(end);
printf ("\ntrained in %.0f s: training loss %.3f, held-out loss %.3f nats/char (uniform %.3f, unigram %.3f)\n",
        train_time, final, val_loss, log (V), unigram);

## ---- outputs -----------------------------------------------------------------
save ("-v7", fullfile (out_dir, "checkpoint.mat"), "model", "vocab", "history", "state",
      "opts", "heldout");

warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
baselines = struct ("uniform", log (V), "unigram", unigram);
rnn_plot_history (history, "File", fullfile (out_dir, "loss.png"), "Baselines", baselines,
                  "Title", sprintf ("%s, %d units: %.3f nats/char held out after %d iterations (%.0f s)",
                                    upper (opts.cell), opts.hidden, val_loss,
                                    history.Iteration(end), train_time));

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
  table = {sprintf("sampled %s (%d per temperature%s)", merge (is_words, "words", "lines"),
                   n_samples, merge (is_words, "; * = in the word list", "; * = a line of the text"))};
  table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)),
                          arrayfun (@(t) sprintf ("T = %.1f", t), temps, "UniformOutput", false){:});
  for r = 1:n_samples
    row = cellfun (@(c) c(1:min (end, width)), cols(r,:), "UniformOutput", false);
    table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)), row{:});
  endfor
  if (! isempty (words))
    table{end+1} = sprintf (repmat (sprintf ("  %%-%ds", width), 1, numel (temps)),
                            arrayfun (@(f) sprintf ("%.0f%% %s", 100 * f,
                                                    merge (is_words, "real words", "text lines")), known,
                                      "UniformOutput", false){:});
  endif
else
  table = {};
  for k = 1:numel (temps)
    w = rnn_sample (model, vocab, 1, "Temperature", temps(k), "Seed", 42 + k,
                    "MaxLength", 8 * opts.chunk, sopts{:});
    table{end+1} = sprintf ("T = %.1f, primed with \"%s\" (%d characters, %d chunks):\n%s%s\n",
                            temps(k), strrep (prime, "\n", "\\n"), 8 * opts.chunk, 8,
                            prime, w{1});
  endfor
endif
table = cellfun (@(t) t(1:max ([0, find(t != " ", 1, "last")])), table,
                 "UniformOutput", false);       # (bytes: a text need not be UTF-8)
printf ("%s\n", table{:});
fid = fopen (fullfile (out_dir, "samples.txt"), "w");
fprintf (fid, "%s\n", table{:});
fclose (fid);
printf ("outputs in %s: loss.png, checkpoint.mat, samples.txt\n", out_dir);
