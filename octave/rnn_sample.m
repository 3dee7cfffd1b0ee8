## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{samples} =} rnn_sample (@var{model}, @var{vocab}, @var{n})
## @deftypefnx {} {@var{samples} =} rnn_sample (@dots{}, @var{name}, @var{value}, @dots{})
## Sample text from a character-level model, one character at a time.
##
## @var{model} is a trained model whose layers all run forward (a layer
## struct with output layer @code{Wy}, @code{by}, or a model struct with a
## stack of layers, as @code{rnn_init} makes them and @code{rnn_train}
## returns them) and whose outputs are the characters of @var{vocab} (a
## character vector, as @code{text_encode} uses it); its inputs are
## one-hot characters, or symbol indices when it has an embedding
## @code{E}.  @var{n} samples are drawn in parallel; @var{samples} is an
## @code{n x 1} cell array of strings.  Every layer carries its state from
## step to step; dropout is never applied.
##
## Each sample starts by feeding the model the @code{"Prime"} text; then
## each step draws the next character from @code{softmax (z / tau)}, where
## @var{z} is the model's output and @var{tau} the temperature, and feeds
## it back, until the @code{"Stop"} character is drawn (it is not part of
## the sample) or the sample has @code{"MaxLength"} characters.
##
## Options:
## @table @asis
## @item "Temperature"
## @var{tau} > 0, default 1: below 1 the samples are more probable and less
## varied, above 1 wilder.  0 takes the most probable character (greedy,
## so all @var{n} samples are the same).
## @item "MaxLength"
## at most this many characters per sample; default 30.
## @item "Prime"
## the text fed first (not part of the samples); default the stop
## character, i.e. "start a new word".
## @item "Stop"
## the character that ends a sample; default @code{"\n"} when it is in
## @var{vocab}, else none (@code{""}): samples then have MaxLength
## characters.
## @item "Seed"
## a seed for reproducible samples; the global random state is left as
## it was.  Default: draw from the global state.
## @end table
## An option given as @code{[]} takes its default.
##
## With the model and vocabulary that @code{make demo} saves
## (examples/char_lm.m):
##
## @example
## @group
## load char_lm_out/checkpoint.mat  % doctest: +SKIP
## rnn_sample (model, vocab, 5, "Temperature", 0.8, "Seed", 1)  % doctest: +SKIP
##   @result{} @{ "preconsing"; "stoodles"; "unmarted"; @dots{} @}
## rnn_sample (model, vocab, 3, "Prime", "\nqu")  % doctest: +SKIP
## @end group
## @end example
##
## An untrained two-layer model with an embedding (its samples are noise):
##
## @example
## @group
## vocab = ["a":"z", "\n"];
## model = rnn_init ("lstm", 27, [16 16], "EmbeddingSize", 4, ...
##                   "OutputSize", 27, "Seed", 1);
## s = rnn_sample (model, vocab, 2, "MaxLength", 5, "Seed", 1);
## size (s)
##   @result{} ans =
##
##          2   1
##
## @end group
## @end example
##
## @seealso{rnn_train, text_encode, rnn_loss}
## @end deftypefn

function samples = rnn_sample (model, vocab, n, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "rnn_sample";
  M = __model__ (fn, model);
  for k = 1:numel (M.layers)
    d = __get_opt__ (M.layers(k), "direction", "forward");
    if (! strcmpi (d, "forward"))
      error ("rnn:rnn_sample:invalidModel",
             "rnn_sample: only a forward model can generate text, not %s.direction = %s",
             merge (M.flat, "MODEL", sprintf ("MODEL.layers(%d)", k)), __show__ (d));
    endif
  endfor
  if (! (ischar (vocab) && isvector (vocab)))
    error ("rnn:rnn_sample:invalidVocab",
           "rnn_sample: VOCAB must be a character vector, not %s", __show__ (vocab));
  endif
  vocab = vocab(:)';
  V = numel (vocab);
  if (isempty (M.E))
    n_in = columns (M.layers(1).W); what = "one-hot in";
  else
    n_in = columns (M.E); what = "embedded";
  endif
  if (n_in != V || rows (M.Wy) != V)
    error ("rnn:rnn_sample:sizeMismatch",
           "rnn_sample: the model must map %d characters to %d (%s, one-hot out), not %d to %d",
           V, V, what, n_in, rows (M.Wy));
  endif
  if (! (isnumeric (n) && isscalar (n) && n >= 1 && n == fix (n)))
    error ("rnn:rnn_sample:invalidInput", "rnn_sample: N must be a positive integer");
  endif

  o = __name_value__ ("rnn_sample", struct ("temperature", 1, "maxlength", 30,
                                            "prime", [], "stop", [], "seed", []),
                      varargin, "Temperature, MaxLength, Prime, Stop, Seed");
  if (! (isnumeric (o.temperature) && isscalar (o.temperature) && isreal (o.temperature)
         && o.temperature >= 0 && isfinite (o.temperature)))
    error ("rnn:rnn_sample:invalidOption",
           "rnn_sample: Temperature must be a finite number >= 0");
  endif
  if (! (isnumeric (o.maxlength) && isscalar (o.maxlength) && o.maxlength >= 1
         && o.maxlength == fix (o.maxlength)))
    error ("rnn:rnn_sample:invalidOption",
           "rnn_sample: MaxLength must be a positive integer");
  endif
  prime = o.prime; stop = o.stop; seed = o.seed;     # numeric []: not given
  given = @(v) ! (isnumeric (v) && isempty (v));
  if (given (prime) && ! (ischar (prime) && (isrow (prime) || isempty (prime))))
    error ("rnn:rnn_sample:invalidOption", "rnn_sample: Prime must be a string");
  endif
  if (given (stop) && ! (ischar (stop) && (isscalar (stop) || isempty (stop))))
    error ("rnn:rnn_sample:invalidOption",
           "rnn_sample: Stop must be one character or \"\"");
  endif
  if (given (seed) && ! (isnumeric (seed) && isscalar (seed) && isreal (seed)))
    error ("rnn:rnn_sample:invalidOption", "rnn_sample: Seed must be a real scalar");
  endif
  tau = double (o.temperature); maxlen = double (o.maxlength);
  if (isempty (stop) && ! ischar (stop))          # not given
    stop = "";
    if (any (vocab == "\n"))
      stop = "\n";
    endif
  endif
  stop_idx = [];
  if (! isempty (stop))
    stop_idx = find (vocab == stop, 1);
    if (isempty (stop_idx))
      error ("rnn:rnn_sample:invalidOption",
             "rnn_sample: the Stop character is not in VOCAB");
    endif
  endif
  if (isempty (prime) && ! ischar (prime))
    if (isempty (stop))
      error ("rnn:rnn_sample:invalidOption",
             "rnn_sample: VOCAB has no \"\\n\"; give a Prime text (or a Stop character) to start from");
    endif
    prime = stop;
  endif
  if (isempty (prime))
    error ("rnn:rnn_sample:invalidOption", "rnn_sample: Prime must not be empty");
  endif
  [ok, prime_idx] = ismember (prime, vocab);
  if (! all (ok))
    error ("rnn:rnn_sample:invalidOption",
           "rnn_sample: the Prime character \"%s\" is not in VOCAB",
           prime(find (! ok, 1)));
  endif

  if (! isempty (seed))
    old = rand ("state");
    rand ("state", seed);
    unwind_protect
      idx = generate (model, M, V, n, tau, maxlen, prime_idx, stop_idx);
    unwind_protect_cleanup
      rand ("state", old);
    end_unwind_protect
  else
    idx = generate (model, M, V, n, tau, maxlen, prime_idx, stop_idx);
  endif
  samples = text_decode (idx, vocab);
  if (! iscell (samples))               # n == 1: a single row
    samples = {samples};
  endif
endfunction

## idx [n, maxlen]: sampled indices, 0 after a sample's end
function idx = generate (model, M, V, n, tau, maxlen, prime_idx, stop_idx)
  cls = class (M.layers(1).W);
  emb = ! isempty (M.E);
  state = [];
  idx = zeros (n, maxlen);
  alive = true (n, 1);
  k = numel (prime_idx);                # step 1 feeds the whole prime
  if (emb)
    X = repmat (prime_idx(:)', n, 1);
  else
    X = zeros (V, n, k, cls);
    for s = 1:k
      X(prime_idx(s), :, s) = 1;
    endfor
  endif
  for t = 1:maxlen
    [Z, state] = __model_forward__ ("rnn_sample", model, X, [], false, false, [], state);
    z = double (Z(:,:,end));                       # [V, n]
    if (tau == 0)
      [~, next] = max (z, [], 1);
    else
      z = (z - max (z, [], 1)) / tau;
      p = exp (z);
      cp = cumsum (p ./ sum (p, 1), 1);
      next = 1 + sum (cp < rand (1, n), 1);       # inverse CDF
      next = min (next, V);
    endif
    next = next(:);
    if (! isempty (stop_idx))
      alive &= (next != stop_idx);
    endif
    idx(alive, t) = next(alive);
    if (! any (alive))
      break;
    endif
    if (emb)                                       # feed the draws back
      X = next;
    else
      X = zeros (V, n, cls);
      X(next + V * (0:n-1)') = 1;
    endif
  endfor
endfunction

%!shared model, vocab
%! vocab = ["ab", "\n"];
%! ## an RNN whose output ignores its state: P(a) = P(b) = 0.3, P(\n) = 0.4
%! model = rnn_init ("rnn", 3, 2, "OutputSize", 3, "Seed", 1);
%! model.Wy(:) = 0; model.by = log ([0.3; 0.3; 0.4]);

%!test
%! s = rnn_sample (model, vocab, 2000, "Seed", 1, "MaxLength", 50);
%! assert (size (s), [2000 1]); assert (iscellstr (s));
%! n = cellfun ("numel", s);
%! assert (mean (n), 0.6 / 0.4, 0.1);               # geometric lengths
%! assert (mean (n == 0), 0.4, 0.04);
%! c = [s{:}];
%! assert (mean (c == "a"), 0.5, 0.03); assert (! any (c == "\n"));

%!test
%! ## reproducible with Seed, global state kept
%! st = rand ("state");
%! assert (rnn_sample (model, vocab, 5, "Seed", 3), rnn_sample (model, vocab, 5, "Seed", 3));
%! assert (rand ("state"), st);

%!test
%! ## temperature: low makes the likeliest character (\n) dominate
%! s = rnn_sample (model, vocab, 1000, "Seed", 2, "Temperature", 0.05);
%! assert (mean (cellfun ("isempty", s)) > 0.97);     # P(\n) = 0.994
%! assert (rnn_sample (model, vocab, 3, "Temperature", 0), {""; ""; ""});
%! ## no stop character: every sample has MaxLength characters
%! s = rnn_sample (model, vocab, 4, "Stop", "", "Prime", "a", "MaxLength", 7, "Seed", 1);
%! assert (cellfun ("numel", s), 7 * ones (4, 1));
%! assert (numel (rnn_sample (model, vocab, 1)), 1);

%!test
%! ## the state carries the prime: a GRU/LSTM that copies its input
%! for c = {"gru", "lstm"}
%!   m = rnn_init (c{1}, 3, 3, "OutputSize", 3, "Seed", 1);
%!   m.W(:) = 0; m.R(:) = 0; m.b(:) = 0; m.Wy = 20 * eye (3); m.by(:) = 0;
%!   switch (c{1})
%!     case "gru"                  # n = tanh (10 x), z = 0: h follows x
%!       m.W(7:9,:) = 10 * eye (3); m.b(4:6) = -10;
%!     case "lstm"                 # i = o = 1, f = 0, g = tanh (10 x)
%!       m.W(7:9,:) = 10 * eye (3); m.b([1:3, 10:12]) = 10; m.b(4:6) = -10;
%!   endswitch
%!   assert (rnn_sample (m, "abc", 2, "Prime", "cb", "Stop", "", "MaxLength", 4,
%!                       "Temperature", 0), {"bbbb"; "bbbb"});
%! endfor

%!test
%! ## every layer carries its state: a stack that copies its input, and the
%! ## same with an embedding (E the identity); dropout is never applied
%! m = rnn_init ("gru", 3, [3 3], "OutputSize", 3, "Dropout", 0.9, "Seed", 1);
%! for k = 1:2                     # n = tanh (10 x), z = 0: h follows x
%!   m.layers(k).W(:) = 0; m.layers(k).R(:) = 0; m.layers(k).b(:) = 0;
%!   m.layers(k).W(7:9,:) = 10 * eye (3); m.layers(k).b(4:6) = -10;
%! endfor
%! m.Wy = 20 * eye (3); m.by(:) = 0;
%! opts = {"Prime", "cb", "Stop", "", "MaxLength", 4, "Temperature", 0};
%! assert (rnn_sample (m, "abc", 2, opts{:}), {"bbbb"; "bbbb"});
%! m.E = eye (3);
%! assert (rnn_sample (m, "abc", 2, opts{:}), {"bbbb"; "bbbb"});
%! m.layers(1).W(7:9,:) = 10 * [0 1 0; 0 0 1; 1 0 0];   # layer 1 maps b to a
%! assert (rnn_sample (m, "abc", 1, opts{:}), {"acba"});
%! ## the state carries: greedy samples of a random LSTM stack are the
%! ## argmax of the model run over the whole text at once
%! for e = [0 1]
%!   m = rnn_init ("lstm", 4, [5 6], "OutputSize", 4, "Dropout", 0, "Seed", 4 - e);
%!   for k = 1:2 m.layers(k).R *= 3; m.layers(k).W *= 3; endfor
%!   m.Wy *= 5;
%!   if (e) m.E = 2 * reshape (sin (1:16), 4, 4); endif
%!   s = rnn_sample (m, "abcd", 1, "Prime", "dab", "Stop", "", "MaxLength", 6,
%!                   "Temperature", 0){1};
%!   assert (numel (unique (s)) > 1);
%!   x = text_encode ({["dab", s]}, "abcd"){1};
%!   if (e) X = x; else X = reshape (eye (4)(:,x), 4, 1, []); endif
%!   [~, ~, P] = rnn_loss (m, X, ones (1, numel (x)));
%!   [~, best] = max (squeeze (P), [], 1);
%!   assert (best(3:end-1), x(4:end));
%! endfor
%! ## a stack with an embedding and dropout rates samples without dropout
%! s = rnn_sample (rnn_init ("lstm", 3, [4 5], "EmbeddingSize", 2, "OutputSize", 3,
%!                           "RecurrentDropout", 0.5), "ab\n", 3, "Seed", 2);
%! assert (size (s), [3 1]); assert (iscellstr (s));

%!error id=rnn:rnn_sample:invalidModel rnn_sample (rnn_init ("rnn", 3, [2 2], "OutputSize", 3, "Direction", "bidirectional"), "ab\n", 1)
%!error id=rnn:rnn_sample:sizeMismatch rnn_sample (rnn_init ("rnn", 4, [2 2], "EmbeddingSize", 2, "OutputSize", 3), "ab\n", 1)
%!error <Invalid call> rnn_sample (1, 2)
%!error id=rnn:rnn_sample:invalidModel rnn_sample (rnn_init ("rnn", 3, 2), "ab\n", 1)
%!error id=rnn:rnn_sample:invalidModel rnn_sample (rnn_init ("rnn", 3, 2, "OutputSize", 3, "Direction", "reverse"), "ab\n", 1)
%!error id=rnn:rnn_sample:sizeMismatch rnn_sample (model, "abc\n", 1)
%!error id=rnn:rnn_sample:invalidVocab rnn_sample (model, 1:3, 1)
%!error id=rnn:rnn_sample:invalidInput rnn_sample (model, vocab, 0)
%!error id=rnn:rnn_sample:invalidOption rnn_sample (model, vocab, 1, "Temperature", -1)
%!error id=rnn:rnn_sample:invalidOption rnn_sample (model, vocab, 1, "Stop", "z")
%!error id=rnn:rnn_sample:invalidOption rnn_sample (model, "abc", 1)
%!error id=rnn:rnn_sample:invalidOption rnn_sample (model, vocab, 1, "Temprature", 1)
%!error <Prime character "z"> rnn_sample (model, vocab, 1, "Prime", "z")
%!error <Seed must be a real scalar> rnn_sample (model, vocab, 1, "Seed", "a")
%!error <Seed must be a real scalar> rnn_sample (model, vocab, 1, "Seed", "")
%!error <Prime must be a string> rnn_sample (model, vocab, 1, "Prime", {})
%!test
%! ## [] for Seed and Prime: not given
%! rand ("state", 5); a = rnn_sample (model, vocab, 3);
%! rand ("state", 5); b = rnn_sample (model, vocab, 3, "Seed", [], "Prime", []);
%! assert (b, a);

%!demo
%! ## Sampling at three temperatures from a small model trained for a few
%! ## seconds on twelve words: 0 always takes the likeliest letter, 1 follows
%! ## the model, 2 is wilder.
%! words = {"cat", "car", "cart", "care", "core", "cord", "card", "cardo", ...
%!          "dart", "dare", "tare", "tore"};
%! vocab = ["a":"z", "\n"];
%! model = rnn_init ("gru", 27, 24, "OutputSize", 27, "Seed", 1);
%! model = rnn_train (model, text_encode (strcat ("\n", words, "\n"), vocab),
%!                    "Iterations", 400, "MiniBatchSize", 12, "LearnRate", 0.01,
%!                    "Seed", 1, "Verbose", false);
%! for tau = [0 1 2]
%!   w = rnn_sample (model, vocab, 6, "Temperature", tau, "Seed", 2);
%!   printf ("T = %g: %s\n", tau, strjoin (w', ", "));
%! endfor
%! w = rnn_sample (model, vocab, 4, "Prime", "\nco", "Seed", 3);
%! printf ("after \"co\": %s\n", strjoin (w', ", "));
