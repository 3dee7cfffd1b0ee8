## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{P} =} rnn_predict (@var{model}, @var{X})
## @deftypefnx {} {[@var{P}, @var{state}] =} rnn_predict (@var{model}, @var{X}, @var{state})
## @deftypefnx {} {[@dots{}] =} rnn_predict (@dots{}, @var{name}, @var{value}, @dots{})
## Run a trained model over input and return its predictions and final
## states, so that a long stream can be fed piece by piece.
##
## @var{model} is a model as @code{rnn_init (@dots{}, "OutputSize", n_y)}
## makes it (one layer or a stack, optionally with an embedding), run in
## evaluation mode (no dropout).  @var{X} is @code{[n_x, m, T]}, or
## symbol indices @code{[m, T]} for a model with an embedding.
## @var{state} is @code{[]} (zeros, the default) or the @var{state} that an
## earlier call (or @code{rnn_loss}'s fourth output) returned: a struct
## with fields @code{h} and @code{c}, 1-by-L cell arrays of each layer's
## final hidden state @code{[n_a, m, D]} and cell state (LSTM; @code{[]}
## for the other cells).  Running @var{X} in consecutive pieces, each
## starting from the state the last one returned, gives the outputs of one
## run over the whole of @var{X}.
##
## @var{P} is @code{[n_y, m, T]}: the softmax of the output layer at every
## step (with "Loss" "mse" the output layer's values).
##
## Options:
## @table @asis
## @item "Lengths"
## the @code{[1, m]} sequence lengths (outputs after a length are those of
## zero input; the final state is the state at the length).
## @item "Output"
## "sequence" (default) or "last": @var{P} @code{[n_y, m]} from the final
## states, as @code{rnn_loss}'s option of that name.
## @item "Loss"
## "crossentropy" (default: @var{P} is the softmax) or "mse" (@var{P} is
## the output layer's value).
## @end table
##
## @example
## @group
## model = rnn_init ("gru", 5, 8, "OutputSize", 5, "Seed", 1);
## X = full (sparse (randi (5, 1, 30), 1:30, 1, 5, 30));
## X = reshape (X, 5, 1, 30);                   # one stream of 30 steps
## P = rnn_predict (model, X);
## [P1, s] = rnn_predict (model, X(:,:,1:10));  # the same, in two pieces
## P2 = rnn_predict (model, X(:,:,11:30), s);
## max (abs (cat (3, P1, P2)(:) - P(:))) < 1e-14
##   @result{} ans = 1
## @end group
## @end example
##
## @seealso{rnn_loss, rnn_train, rnn_sample, softmax}
## @end deftypefn

function [P, state] = rnn_predict (model, X, varargin)
  if (nargin < 2)
    print_usage ();
  endif
  state0 = [];
  if (mod (numel (varargin), 2) == 1)
    state0 = varargin{1};
    varargin(1) = [];
  endif
  o = __name_value__ ("rnn_predict", struct ("lengths", [], "output", "sequence",
                                             "loss", "crossentropy"),
                      varargin, "Lengths, Output, Loss");
  last = strcmp (__choice__ ("rnn_predict", "Output", o.output, {"sequence", "last"}), "last");
  mse = strcmp (__choice__ ("rnn_predict", "Loss", o.loss, {"crossentropy", "mse"}), "mse");
  if (! (isnumeric (X) || islogical (X)))
    error ("rnn:rnn_predict:invalidInput",
           "rnn_predict: X must be a numeric array, not %s", __show__ (X));
  endif
  [P, state] = __model_forward__ ("rnn_predict", model, X, o.lengths, false, last, [], state0);
  if (! mse)
    P = softmax (P);
  endif
endfunction

%!shared model, X
%! randn ("state", 1);
%! model = rnn_init ("lstm", 4, [5 3], "OutputSize", 4, "Seed", 2);
%! X = randn (4, 3, 12);

%!test
%! ## pieces with carried state give the outputs of one pass, and the
%! ## states rnn_loss returns
%! [P, s] = rnn_predict (model, X);
%! [Pa, sa] = rnn_predict (model, X(:,:,1:5));
%! [Pb, sb] = rnn_predict (model, X(:,:,6:12), sa);
%! assert (cat (3, Pa, Pb), P, 1e-14);
%! assert (sb.h{2}, s.h{2}, 1e-14); assert (sb.c{1}, s.c{1}, 1e-14);
%! [~, ~, Pl, sl] = rnn_loss (model, X, ones (3, 12));
%! assert (P, Pl, 1e-15); assert (isequal (sl.h, s.h));

%!test
%! ## against a plain loop over the layers' cell steps
%! [P, s] = rnn_predict (model, X);
%! L1 = model.layers(1); L2 = model.layers(2);
%! h1 = zeros (5, 3); c1 = h1; h2 = zeros (3, 3); c2 = h2;
%! for t = 1:12
%!   [h1, c1] = lstm_cell_forward (X(:,:,t), h1, c1, L1);
%!   [h2, c2] = lstm_cell_forward (h1, h2, c2, L2);
%!   z = model.Wy * h2 + model.by;
%!   assert (P(:,:,t), exp (z) ./ sum (exp (z)), 1e-12);
%! endfor
%! assert (s.h{2}, h2, 1e-12); assert (s.c{1}, c1, 1e-12);

%!test
%! ## an embedding model on indices; "last" and "mse"
%! m = rnn_init ("gru", 6, 4, "EmbeddingSize", 3, "OutputSize", 2, "Seed", 3);
%! idx = [1 2 3 0; 4 5 6 6];
%! P = rnn_predict (m, idx, [], "Lengths", [3 4], "Output", "last");
%! [~, ~, Pl] = rnn_loss (m, idx, [1 2], "Lengths", [3 4], "Output", "last");
%! assert (P, Pl, 1e-15);
%! Z = rnn_predict (m, idx, "Loss", "mse");
%! assert (softmax (Z), rnn_predict (m, idx), 1e-15);

%!error <Invalid call> rnn_predict (1)
%!error id=rnn:rnn_predict:invalidModel rnn_predict (struct ("a", 1), X)
%!error id=rnn:rnn_predict:invalidOption rnn_predict (model, X, [], "Lenghts", 3)
%!error id=rnn:rnn_predict:invalidOption rnn_predict (model, X, "Output", "first")
%!error id=rnn:rnn_predict:invalidInput rnn_predict (model, {X})
%!error id=rnn:rnn_predict:invalidState rnn_predict (model, X, struct ("h", {{1}}))
