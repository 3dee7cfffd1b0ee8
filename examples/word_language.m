## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## word_language.m - which language is a word from?  A many-to-one
## classifier on real words, with validation and early stopping.
##
##   ./run-octave examples/word_language.m
##
## The words are Debian's word lists (packages wamerican, wngerman, wfrench,
## wspanish, witalian: /usr/share/dict/american-english, ngerman, french,
## spanish, italian), lowercased, without apostrophes or hyphens; words that
## are in two lists are dropped (a word such as "radio" has no single
## answer).  The same number of words is taken from each language, so
## guessing the most frequent class is right 20% of the time.  Each word is
## a sequence of bytes (accented letters are two bytes in UTF-8: the model
## sees them as two symbols).
##
## The model: a byte embedding (16), a bidirectional GRU layer (64 units
## each way) read to the end from both sides ("Output" "last": the final
## states of both directions), a dense output layer over 5 classes, trained
## with Adam, mini-batches of 64 padded words ("Lengths"), validation every
## 100 iterations on held-out words and early stopping after 4 validations
## without improvement, returning the best model.  It is compared with a
## character-bigram naive Bayes classifier computed here (add-one
## smoothing, word boundaries as symbols) on the same test words.
##
## Settings (environment variables, all optional):
##   RNN_QUICK=1        a few seconds' run (what the tests use)
##   RNN_WORDS=n        words per language (default 8000)
##   RNN_ITERS=n        at most this many iterations (default 3000)
##   RNN_OUT=dir        where the outputs go (default ./word_language_out)
##
## Outputs, in RNN_OUT:
##   results.txt     the accuracies (model, baselines), per language, and
##                   the confusion matrix
##   confusion.png   the model's confusion matrix on the test words
##   loss.png        training and validation loss (rnn_plot_history)

1;   # a script file, not a function file

function v = env_number (name, default)
  s = getenv (name);
  v = default;
  if (! isempty (s))
    v = str2double (s);
    if (isnan (v))
      error ("word_language: %s=%s is not a number", name, s);
    endif
  endif
endfunction

## words (a cell array of index vectors) as a padded index matrix [m, T]
## (0 = padding) and their lengths
function [X, L] = pad (seqs)
  L = cellfun ("numel", seqs)(:)';
  X = zeros (numel (seqs), max (L));
  for j = 1:numel (seqs)
    X(j, 1:L(j)) = seqs{j};
  endfor
endfunction

## the words of a word list T (its text, lowercased) without building a
## string per word (360000 strings took seconds): each line's start, length,
## whether it is a word of letters only (a-z and the bytes >= 0x80 of UTF-8
## letters, 2 or more), and a key [3 numbers] equal for equal words: its
## length and two sums of its bytes with the random weights W
function [starts, lens, ok, key] = scan_list (t, W)
  if (t(end) != "\n")
    t(end+1) = "\n";
  endif
  nl = find (t == "\n");
  starts = [1, nl(1:end-1) + 1];
  lens = nl - starts;
  line = cumsum ([1, t(1:end-1) == "\n"]);        # the line of each byte
  pos = min ((1:numel (t)) - starts(line) + 1, rows (W));
  letter = (t >= "a" & t <= "z") | t >= char (128);
  bad = accumarray (line(:), ! letter(:) & t(:) != "\n", [numel(nl), 1])';
  ok = bad == 0 & lens >= 2;
  c = double (t(:)) .* (t(:) != "\n");
  key = [lens(:), accumarray(line(:), c .* W(pos, 1)), accumarray(line(:), c .* W(pos, 2))];
endfunction

## the mini-batch of iteration k: the next B words of a fixed shuffle
function [X, y, L] = batch (k, Xall, yall, Lall, perm, B)
  n = numel (perm);
  r = perm(mod ((k - 1) * B + (0:B-1), n) + 1);
  L = Lall(r);
  X = Xall(r, 1:max (L));
  y = yall(r);
endfunction

## character-bigram naive Bayes: log P(word | language) as the sum of the
## log-probabilities of its bigrams (boundary symbol V+1 at both ends),
## add-one smoothed; trained on SEQS with classes Y, applied to TEST
function pred = bigram_nb (seqs, y, test, V, K)
  B = V + 1;
  counts = ones (B, B, K);              # add-one
  for j = 1:numel (seqs)
    s = [B, seqs{j}, B];
    idx = sub2ind ([B, B], s(1:end-1), s(2:end));
    c = counts(:,:,y(j));
    c(idx) += 1;                        # (a bigram twice in a word: once)
    counts(:,:,y(j)) = c;
  endfor
  logp = log (counts ./ sum (counts, 2));  # P(next | previous, language)
  prior = log (accumarray (y(:), 1, [K, 1]) / numel (y));
  score = zeros (K, numel (test));
  for j = 1:numel (test)
    s = [B, test{j}, B];
    idx = sub2ind ([B, B], s(1:end-1), s(2:end));
    for k = 1:K
      lp = logp(:,:,k);
      score(k, j) = prior(k) + sum (lp(idx));
    endfor
  endfor
  [~, pred] = max (score, [], 1);
endfunction

## ---- settings --------------------------------------------------------------
quick = ! isempty (getenv ("RNN_QUICK")) && ! strcmp (getenv ("RNN_QUICK"), "0");
per_lang = env_number ("RNN_WORDS", merge (quick, 300, 8000));
max_iters = env_number ("RNN_ITERS", merge (quick, 100, 3000));
base = pwd ();
if (strcmp (base, fileparts (mfilename ("fullpath"))) && ! isempty (getenv ("PWD")))
  base = getenv ("PWD");
endif
out_dir = getenv ("RNN_OUT");
if (isempty (out_dir))
  out_dir = fullfile (base, "word_language_out");
endif
if (! exist (out_dir, "dir"))
  mkdir (out_dir);
endif

## ---- data --------------------------------------------------------------------
langs = {"English", "German", "French", "Spanish", "Italian"};
files = {"american-english", "ngerman", "french", "spanish", "italian"};
packages = {"wamerican", "wngerman", "wfrench", "wspanish", "witalian"};
K = numel (langs);
rand ("state", 1); randn ("state", 1);
W = randi (2^20, 64, 2);                # exact sums: 255 * 2^20 * 64 < 2^53
texts = keys = firsts = cell (1, K);
for k = 1:K
  f = fullfile ("/usr/share/dict", files{k});
  if (! exist (f, "file"))
    error ("word_language: %s not found: install the word lists (apt-get install %s)",
           f, strjoin (packages, " "));
  endif
  texts{k} = lower (fileread (f));
  [starts, lens, ok, key] = scan_list (texts{k}, W);
  [keys{k}, at] = unique (key(ok,:), "rows");   # "Arm" and "arm" are one word
  first = starts(ok); len = lens(ok);
  firsts{k} = [first(at)(:), len(at)(:)];
endfor
[~, ~, j] = unique (vertcat (keys{:}), "rows");
times = accumarray (j, 1);              # in how many lists
n_shared = nnz (times > 1);
words = {}; y = [];
offset = 0;
for k = 1:K
  nk = rows (keys{k});
  single = find (times(j(offset + (1:nk))) == 1);
  offset += nk;
  pick = single(randperm (numel (single), min (per_lang, numel (single))));
  w = arrayfun (@(s, l) texts{k}(s:s+l-1), firsts{k}(pick,1), firsts{k}(pick,2),
                "UniformOutput", false)';
  words = [words, w];
  y = [y, k * ones(1, numel (w))];
endfor
vocab = unique ([words{:}]);            # the bytes that occur
V = numel (vocab);
seqs = text_encode (words, vocab);
n = numel (words);
perm = randperm (n);
n_test = round (0.1 * n); n_val = round (0.1 * n);
test = perm(1:n_test); val = perm(n_test+1:n_test+n_val); train = perm(n_test+n_val+1:end);
printf ("word_language: %d words (%d per language; %d words in two lists or more left out), %d bytes in the vocabulary\n",
        n, per_lang, n_shared, V);
printf ("  %d for training, %d for validation, %d for the test\n",
        numel (train), numel (val), numel (test));

## ---- baselines ---------------------------------------------------------------
counts = accumarray (y(train)(:), 1, [K, 1]);
[~, majority] = max (counts);
acc_major = mean (y(test) == majority);
pred_nb = bigram_nb (seqs(train), y(train), seqs(test), V, K);
acc_nb = mean (pred_nb == y(test));
printf ("baselines on the test words: majority class (%s) %.1f%%, character-bigram naive Bayes %.1f%%\n",
        langs{majority}, 100 * acc_major, 100 * acc_nb);

## ---- model and training --------------------------------------------------------
model = rnn_init ("gru", V, 64, "EmbeddingSize", 16, "OutputSize", K,
                  "Direction", "bidirectional", "Seed", 1);
[Xtr, Ltr] = pad (seqs(train));
[Xv, Lv] = pad (seqs(val));
order = randperm (numel (train));
data = @(k) batch (k, Xtr, y(train), Ltr, order, 64);
t0 = tic ();
[model, history, state] = rnn_train (model, data, "Output", "last",
    "Iterations", max_iters, "LearnRate", 0.005, "GradientThreshold", 1,
    "ValidationData", {Xv, y(val), Lv},
    "ValidationFrequency", merge (quick, 25, 100), "ValidationPatience", 4,
    "OutputNetwork", "best-validation",
    "VerboseFrequency", merge (quick, 25, 100), "Seed", 2);
train_time = toc (t0);
printf ("stopped after %d iterations (%s) in %.0f s; the best validation loss %.3f at iteration %d\n",
        state.Iteration, state.StopReason, train_time, state.Best.Loss, state.Best.Iteration);

## ---- test ----------------------------------------------------------------------
[Xt, Lt] = pad (seqs(test));
P = rnn_predict (model, Xt, [], "Lengths", Lt, "Output", "last");
[~, pred] = max (P, [], 1);
acc = mean (pred == y(test));
C = accumarray ([y(test)(:), pred(:)], 1, [K, K]);   # rows: true, columns: predicted

lines = {};
lines{end+1} = sprintf ("which language is a word from? %d test words, %d per language on average",
                        numel (test), round (numel (test) / K));
lines{end+1} = sprintf ("  %-34s %6.1f%%", "majority class", 100 * acc_major);
lines{end+1} = sprintf ("  %-34s %6.1f%%", "character-bigram naive Bayes", 100 * acc_nb);
lines{end+1} = sprintf ("  %-34s %6.1f%%", "bidirectional GRU, byte embedding", 100 * acc);
lines{end+1} = "";
lines{end+1} = sprintf ("confusion matrix of the GRU (rows: the word's language, columns: predicted)");
lines{end+1} = sprintf ("  %-8s%s  recall", "", sprintf ("%9s", cellfun (@(s) s(1:min (end, 8)), langs,
                                                                          "UniformOutput", false){:}));
for k = 1:K
  lines{end+1} = sprintf ("  %-8s%s  %5.1f%%", langs{k}, sprintf ("%9d", C(k,:)),
                          100 * C(k,k) / max (1, sum (C(k,:))));
endfor
printf ("\n"); printf ("%s\n", lines{:});
fid = fopen (fullfile (out_dir, "results.txt"), "w");
fprintf (fid, "%s\n", lines{:});
fclose (fid);

## ---- figures ---------------------------------------------------------------------
warning ("off", "Octave:gnuplot-graphics");   # the only toolkit without a display
graphics_toolkit ("gnuplot");
rnn_plot_history (history, "File", fullfile (out_dir, "loss.png"),
                  "Baselines", struct ("uniform", log (K)),
                  "Title", sprintf ("word language: bidirectional GRU, %.1f%% on the test words", 100 * acc));
h = figure ("visible", "off", "position", [0 0 640 520]);
R = C ./ max (1, sum (C, 2));
imagesc (R, [0 1]);
colormap (flipud (gray (64)) * 0.8 + 0.2 * [1 1 1]);
colorbar ();
for r = 1:K
  for c = 1:K
    text (c, r, sprintf ("%d", C(r,c)), "horizontalalignment", "center",
          "color", merge (R(r,c) > 0.5, [1 1 1], [0 0 0]));
  endfor
endfor
set (gca, "xtick", 1:K, "xticklabel", langs, "ytick", 1:K, "yticklabel", langs);
xlabel ("predicted"); ylabel ("the word's language");
title (sprintf ("confusion on %d test words: GRU %.1f%%, bigram naive Bayes %.1f%%",
                numel (test), 100 * acc, 100 * acc_nb));
print (h, "-dpng", "-r80", fullfile (out_dir, "confusion.png"));
close (h);
printf ("outputs in %s: results.txt, confusion.png, loss.png\n", out_dir);
