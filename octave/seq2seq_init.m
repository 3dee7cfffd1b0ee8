## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{model} =} seq2seq_init (@var{cell}, @var{n_in}, @var{n_out}, @var{n_a})
## @deftypefnx {} {@var{model} =} seq2seq_init (@dots{}, @var{name}, @var{value}, @dots{})
## A sequence-to-sequence model with attention: a bidirectional encoder
## and an attention decoder.
##
## @var{cell} ("rnn", "gru" or "lstm") is the cell of both recurrent
## layers, @var{n_in} the size of a source step (e.g.@: the vocabulary of
## one-hot source symbols), @var{n_out} the number of output symbols and
## @var{n_a} the units of each direction of the encoder, whose output
## @code{H} has @code{2*n_a} rows (forward rows first).
##
## The decoder is Bahdanau's form, the one the course's date-translation
## exercise uses (not Luong's input feeding): at output step @var{t}, its
## previous state @code{s_(t-1)} (zeros at the start) attends to @code{H},
## and the cell reads the previous output symbol, one-hot, next to the
## context:
##
## @example
## @group
## [ctx_t, alpha_t] = attention (s_(t-1), H)           # attention_forward
## x_t = [onehot(y_(t-1)); ctx_t]                      # y_0: zeros
## s_t = cell (x_t, s_(t-1))                           # (and c_t for LSTM)
## P(y_t | y_1..y_(t-1), X) = softmax (Wy*s_t + by)
## @end group
## @end example
##
## @var{model} is a struct: @code{encoder} (a bidirectional layer as
## @code{rnn_init} makes it), @code{attention} (@code{attention_init}'s
## struct), @code{decoder} (a forward layer with @code{n_out + 2*n_a}
## inputs), @code{Wy} @code{[n_out, n_s]}, @code{by} @code{[n_out, 1]} and
## @code{endSymbol} (an int32; 0 for none).  Its gradients
## (@code{seq2seq_loss}) have the same fields, so @code{clip_gradients},
## @code{adamupdate} and @code{gradcheck} take them.
##
## Options:
## @table @asis
## @item "Attention"
## "additive" (default), "general", or "dot" (which needs
## @code{n_s = 2*n_a}).
## @item "AttentionSize"
## @var{n_att} of additive attention (default @var{n_a}).
## @item "EncoderLayers"
## the number of bidirectional layers of the encoder, 1 (the default) to
## 100; layer
## @var{k}+1 reads layer @var{k}'s output, and @code{model.encoder} is then
## a 1-by-L struct array of layers (its gradient too).
## @item "DecoderSize"
## @var{n_s}, the decoder's units (default @code{2*n_a}).
## @item "EndSymbol"
## the output symbol that ends a sequence, for @code{seq2seq_decode} (its
## targets then end with it); default 0: sequences run to "MaxLength".
## @item "Seed", "Class"
## as for @code{rnn_init}.
## @end table
##
## @example
## @group
## model = seq2seq_init ("lstm", 37, 11, 32, "DecoderSize", 64, "Seed", 1);
## size (model.decoder.W)          # 4 gates of 64 units; 11 + 64 inputs
##   @result{} ans =
##
##      256    75
##
## @end group
## @end example
##
## @seealso{seq2seq_loss, seq2seq_decode, attention_init, rnn_init}
## @end deftypefn

function model = seq2seq_init (cell, n_in, n_out, n_a, varargin)
  if (nargin < 4 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "seq2seq_init";
  cell = __choice__ (fn, "CELL", cell, {"rnn", "gru", "lstm"});
  for v = {n_in, "N_IN"; n_out, "N_OUT"; n_a, "N_A"}'
    posint (v{1}, v{2}, "invalidSize");
  endfor
  n_in = double (n_in); n_out = double (n_out); n_a = double (n_a);
  o = __name_value__ (fn, struct ("attention", "additive", "attentionsize", n_a,
                                  "decodersize", 2 * n_a, "endsymbol", 0,
                                  "encoderlayers", 1,
                                  "seed", [], "class", "double"), varargin,
                      "Attention, AttentionSize, EncoderLayers, DecoderSize, EndSymbol, Seed, Class");
  type = __choice__ (fn, "Attention", o.attention, {"additive", "dot", "general"});
  for v = {o.attentionsize, "AttentionSize"; o.decodersize, "DecoderSize";
           o.encoderlayers, "EncoderLayers"}'
    posint (v{1}, v{2}, "invalidOption");
  endfor
  if (o.encoderlayers > 100)
    error ("rnn:seq2seq_init:invalidOption",
           "seq2seq_init: EncoderLayers must be an integer from 1 to 100, not %s",
           __show__ (o.encoderlayers));
  endif
  e = o.endsymbol;
  if (! (isnumeric (e) && isscalar (e) && isreal (e) && e >= 0 && e <= n_out
         && e == fix (e)))
    error ("rnn:seq2seq_init:invalidOption",
           "seq2seq_init: EndSymbol must be an integer from 0 to N_OUT = %d, not %s",
           n_out, __show__ (e));
  endif
  n_s = double (o.decodersize);
  if (strcmp (type, "dot") && n_s != 2 * n_a)
    error ("rnn:seq2seq_init:sizeMismatch",
           "seq2seq_init: dot attention needs DecoderSize = 2*N_A = %d, not %d",
           2 * n_a, n_s);
  endif
  seed = o.seed;
  if (! isempty (seed) && ! (isnumeric (seed) && isscalar (seed) && isreal (seed)
                             && isfinite (seed)))
    error ("rnn:seq2seq_init:invalidOption", "seq2seq_init: Seed must be a finite real scalar");
  endif
  sd = @(k) {};
  if (! isempty (seed))
    sd = @(k) {"Seed", double(seed) + k};
  endif
  cls = __choice__ (fn, "Class", o.class, {"double", "single"});
  opts = {"Class", cls};
  if (strcmp (cell, "lstm"))
    opts(end+1:end+2) = {"BiasInitializer", "unit-forget-gate"};
  endif
  model.encoder = rnn_init (cell, n_in, n_a, "Direction", "bidirectional",
                            opts{:}, sd(0){:});
  for k = 2:double (o.encoderlayers)
    model.encoder(k) = rnn_init (cell, 2 * n_a, n_a, "Direction", "bidirectional",
                                 opts{:}, sd(10 * k){:});
  endfor
  model.attention = attention_init (type, n_s, 2 * n_a, double (o.attentionsize),
                                    "Class", cls, sd(1){:});
  model.decoder = rnn_init (cell, n_out + 2 * n_a, n_s, opts{:}, sd(2){:});
  out = rnn_init ("rnn", 1, n_s, "OutputSize", n_out, "Class", cls, sd(3){:});
  model.Wy = out.Wy;
  model.by = out.by;
  model.endSymbol = int32 (e);
endfunction

## X a positive integer below 2^31, else rnn:seq2seq_init:REASON naming NAME
function posint (x, name, reason)
  if (! (isnumeric (x) && isscalar (x) && isreal (x) && x >= 1 && x == fix (x)
         && x < 2^31))
    error (["rnn:seq2seq_init:" reason],
           "seq2seq_init: %s must be a positive integer, not %s", name, __show__ (x));
  endif
endfunction

%!test
%! m = seq2seq_init ("gru", 5, 4, 3, "Seed", 1);
%! assert (fieldnames (m)', {"encoder", "attention", "decoder", "Wy", "by", "endSymbol"});
%! assert (m.encoder.direction, "bidirectional");
%! assert (size (m.encoder.W), [18 5]);
%! assert (m.attention.type, "additive"); assert (size (m.attention.Wh), [3 6]);
%! assert (size (m.decoder.W), [18 10]); assert (size (m.decoder.R), [18 6]);
%! assert (size (m.Wy), [4 6]); assert (m.by, zeros (4, 1));
%! assert (m.endSymbol, int32 (0));
%! assert (seq2seq_init ("gru", 5, 4, 3, "Seed", 1), m);
%! m = seq2seq_init ("lstm", 5, 4, 3, "Attention", "dot", "EndSymbol", 4, "Class", "single");
%! assert (class (m.decoder.W), "single"); assert (m.endSymbol, int32 (4));
%! m = seq2seq_init ("rnn", 5, 4, 3, "Attention", "general", "DecoderSize", 7, "AttentionSize", 2);
%! assert (size (m.attention.Wa), [7 6]); assert (size (m.Wy), [4 7]);

%!error <Invalid call> seq2seq_init ("lstm", 2, 3)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("conv", 2, 3, 4)
%!error id=rnn:seq2seq_init:invalidSize seq2seq_init ("lstm", 0, 3, 4)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("lstm", 2, 3, 4, "EndSymbol", 4)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("lstm", 2, 3, 4, "Attention", "cosine")
%!error id=rnn:seq2seq_init:sizeMismatch seq2seq_init ("lstm", 2, 3, 4, "Attention", "dot", "DecoderSize", 5)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("lstm", 2, 3, 4, "Beam", 5)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("lstm", 2, 3, 4, "EncoderLayers", 0)
%!error id=rnn:seq2seq_init:invalidOption seq2seq_init ("lstm", 2, 3, 4, "EncoderLayers", 101)
