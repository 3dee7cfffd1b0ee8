## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{loss} =} rnn_loss (@var{model}, @var{X}, @var{labels})
## @deftypefnx {} {[@var{loss}, @var{grad}, @var{P}] =} rnn_loss (@dots{}, @var{name}, @var{value}, @dots{})
## Loss and gradient of a whole model: recurrent layer, output layer, softmax.
##
## @var{model} is one layer's parameter struct with an output layer: fields
## @code{Wy} @code{[n_y, n_out]} and @code{by} @code{[n_y, 1]} besides the
## layer's own, as @code{rnn_init (cell, n_x, n_a, "OutputSize", n_y)}
## makes it.  The model computes
##
## @example
## Y = layer (X);  Z = Wy * Y + by;  P = softmax (Z);
## loss = mean over counted steps of -log P(label)
## @end example
##
## with the layer @code{rnn_forward}, @code{gru_forward} or
## @code{lstm_forward} (per @code{model.cell}), @code{dense_forward} and
## @code{softmax_cross_entropy}.  @var{X} is @code{[n_x, m, T]};
## @var{labels} are class indices, 0 meaning "not counted" (padding).
##
## Options:
## @table @asis
## @item "Lengths"
## the @code{[1, m]} sequence lengths, passed to the layer.
## @item "Output"
## "sequence" (default): a label per step, @var{labels} @code{[m, T]},
## as for a language model.  "last": one label per sequence,
## @var{labels} @code{[m, 1]} (or @code{[1, m]}), predicted from the final
## state @var{hN}, i.e. the state at each column's length; for a
## bidirectional layer the two final states (forward after the last valid
## step, reverse after step 1) merged as @code{model.merge} says, so the
## prediction sees the whole sequence from both ends.
## @item "Loss"
## "crossentropy" (default): softmax cross-entropy as above.  "mse":
## regression, @code{P = Z} and @var{loss} the mean of @code{(Z - labels).^2}
## over the outputs and the counted steps; the targets @var{labels} are
## then @code{[n_y, m, T]} (steps beyond a length are not counted) or, with
## "last", @code{[n_y, m]} (a vector if @code{n_y} is 1).
## @end table
##
## @var{loss} is the mean cross-entropy in nats over the counted labels
## (labels beyond a column's length are not counted even if nonzero).
## @var{grad} is a struct with the numeric fields of @var{model}
## (@code{W}, @code{R}, @code{b}, optional @code{bR}, @code{Wy}, @code{by}),
## each the gradient of @var{loss}: what @code{clip_gradients},
## @code{adamupdate} and @code{gradcheck} take.  @var{P} is the softmax
## output (for "mse" the output @var{Z}), @code{[n_y, m, T]} (or
## @code{[n_y, m]} for "last").
##
## @example
## @group
## model = rnn_init ("lstm", 27, 64, "OutputSize", 27, "Seed", 1);
## seqs = text_encode (@{"cat", "horse"@}, ["a":"z", "\n"]);
## [X, labels, L] = seq_batch (seqs, 27, "Boundary", 27);
## [loss, grad] = rnn_loss (model, X, labels, "Lengths", L);
## abs (loss - log (27)) < 0.1   # about log (27) = 3.30 before training
##   @result{} 1
## err = gradcheck (@@(m) rnn_loss (m, X, labels, "Lengths", L), model);
## err < 1e-7
##   @result{} 1
## @end group
## @end example
##
## @seealso{rnn_train, rnn_sample, softmax_cross_entropy, dense_forward, gradcheck}
## @end deftypefn

function [loss, grad, P] = rnn_loss (model, X, labels, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  if (! (isstruct (model) && isscalar (model) && isfield (model, "cell")
         && all (isfield (model, {"Wy", "by"}))))
    error ("rnn:rnn_loss:invalidModel",
           "rnn_loss: MODEL must be a layer struct with an output layer Wy, by (rnn_init (..., \"OutputSize\", n_y))");
  endif
  lengths = []; last = false; mse = false;
  for k = 1:2:numel (varargin)
    name = varargin{k};
    if (! ischar (name))
      name = "";
    endif
    switch (lower (name))
      case "lengths"
        lengths = varargin{k+1};
      case "output"
        last = strcmp (__choice__ ("rnn_loss", "Output", varargin{k+1},
                                   {"sequence", "last"}), "last");
      case "loss"
        mse = strcmp (__choice__ ("rnn_loss", "Loss", varargin{k+1},
                                  {"crossentropy", "mse"}), "mse");
      otherwise
        error ("rnn:rnn_loss:invalidOption",
               "rnn_loss: unknown option %s (options: Lengths, Output, Loss)",
               __show__ (varargin{k}));
    endswitch
  endfor
  opts = {};
  if (! isempty (lengths))
    opts = {"Lengths", lengths};
  endif
  layer = rmfield (model, {"Wy", "by"});
  need_grad = (nargout > 1);

  ## the cache only for a gradient: without one the layer keeps it in its
  ## workspace (nc: 1 or 0 outputs for it)
  cache = {};
  nc = double (need_grad);
  switch (model.cell)
    case "rnn"
      [Y, hN, cache{1:nc}] = rnn_forward (X, [], layer, opts{:});
    case "gru"
      [Y, hN, cache{1:nc}] = gru_forward (X, [], layer, opts{:});
    case "lstm"
      [Y, hN, ~, cache{1:nc}] = lstm_forward (X, [], [], layer, opts{:});
    otherwise
      error ("rnn:rnn_loss:invalidModel",
             "rnn_loss: MODEL.cell must be \"rnn\", \"gru\" or \"lstm\"");
  endswitch

  [~, m, T] = size (X);
  n_y = rows (model.Wy);
  if (last)
    [A, merge] = final_state (hN, model);
    if (mse && isvector (labels) && n_y == 1 && numel (labels) == m)
      labels = reshape (labels, 1, m);
    elseif (mse && ! (ismatrix (labels) && rows (labels) == n_y
                      && columns (labels) == m))
      error ("rnn:rnn_loss:sizeMismatch",
             "rnn_loss: with \"Output\" \"last\", the targets must be %dx%d, not %s",
             n_y, m, mat2str (size (labels)));
    elseif (! mse && (! isvector (labels) || numel (labels) != m))
      error ("rnn:rnn_loss:sizeMismatch",
             "rnn_loss: with \"Output\" \"last\", LABELS must have one entry per sequence (%d), not %s",
             m, mat2str (size (labels)));
    elseif (! mse)
      labels = labels(:);
    endif
    counted = true (1, m);
  else
    A = Y;
    counted = true (m, T);              # steps within the lengths
    if (! isempty (lengths))
      counted = (1:T) <= double (lengths(:));
    endif
    if (mse)
      if (! (size (labels, 1) == n_y && size (labels, 2) == m
             && size (labels, 3) == T))
        error ("rnn:rnn_loss:sizeMismatch",
               "rnn_loss: the targets must be %dx%dx%d, not %s", n_y, m, T,
               mat2str (size (labels)));
      endif
      counted = reshape (counted, 1, m, T);
    elseif (! isempty (lengths) && ismatrix (labels) && rows (labels) == m
            && columns (labels) == T)
      labels = labels .* counted;       # nothing is counted beyond a length
    endif
  endif
  check_output_layer (model, rows (A));
  Z = dense_forward (A, model.Wy, model.by);
  if (mse)
    D = (Z - labels) .* counted;
    n = max (1, nnz (counted) * n_y);
    loss = sumsq (D(:)) / n;
    dZ = (2 / n) * D;
    P = Z;
  elseif (need_grad || nargout > 2)
    [loss, dZ, P] = softmax_cross_entropy (Z, labels);
  else
    loss = softmax_cross_entropy (Z, labels);
  endif
  if (! need_grad)
    return;
  endif

  [dA, dWy, dby] = dense_backward (dZ, A, model.Wy);
  if (last)
    dY = []; dhN = split_state (dA, hN, merge);
  else
    dY = dA; dhN = [];
  endif
  switch (model.cell)
    case "rnn",  [~, grad] = rnn_backward (dY, dhN, cache{1});
    case "gru",  [~, grad] = gru_backward (dY, dhN, cache{1});
    case "lstm", [~, grad] = lstm_backward (dY, dhN, [], cache{1});
  endswitch
  grad.Wy = reshape (dWy, size (model.Wy));
  grad.by = reshape (dby, size (model.by));
endfunction

## the final state(s) hN [n_a, m, D] as one [n_out, m] matrix
function [A, merge] = final_state (hN, model)
  merge = "";
  if (size (hN, 3) == 1)
    A = hN;
    return;
  endif
  merge = "concat";
  if (isfield (model, "merge"))
    merge = model.merge;
  endif
  switch (merge)
    case "concat", A = [hN(:,:,1); hN(:,:,2)];
    case "sum",    A = hN(:,:,1) + hN(:,:,2);
    case "ave",    A = (hN(:,:,1) + hN(:,:,2)) / 2;
    case "mul",    A = hN(:,:,1) .* hN(:,:,2);
  endswitch
endfunction

function dhN = split_state (dA, hN, merge)
  n_a = rows (hN);
  switch (merge)
    case "",       dhN = dA;
    case "concat", dhN = cat (3, dA(1:n_a,:), dA(n_a+1:end,:));
    case "sum",    dhN = cat (3, dA, dA);
    case "ave",    dhN = cat (3, dA, dA) / 2;
    case "mul",    dhN = cat (3, dA .* hN(:,:,2), dA .* hN(:,:,1));
  endswitch
endfunction

function check_output_layer (model, n_out)
  if (columns (model.Wy) != n_out || ! iscolumn (model.by)
      || rows (model.by) != rows (model.Wy))
    error ("rnn:rnn_loss:sizeMismatch",
           "rnn_loss: the output layer must be Wy [n_y, %d] and by [n_y, 1], not Wy %s and by %s",
           n_out, mat2str (size (model.Wy)), mat2str (size (model.by)));
  endif
endfunction

%!shared X, labels, L
%! randn ("state", 1);
%! X = randn (3, 4, 5); labels = [1 2 0 0 0; 2 2 1 3 1; 3 0 0 0 0; 1 1 1 2 2];
%! L = [2 5 1 5];

%!test
%! ## the full model against finite differences, every cell
%! for c = {"rnn", "gru", "lstm"}
%!   model = rnn_init (c{1}, 3, 4, "OutputSize", 3, "RecurrentBias", true, "Seed", 2);
%!   model.by = [0.1; -0.2; 0.3];
%!   f = @(m) rnn_loss (m, X, labels, "Lengths", L);
%!   [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", c{1}, err, info.where);
%! endfor

%!test
%! ## "last" with a bidirectional layer and every merge
%! y = [1 3 2 3];
%! for mg = {"concat", "sum", "ave", "mul"}
%!   model = rnn_init ("gru", 3, 4, "OutputSize", 3, "Direction", "bidirectional",
%!                     "Merge", mg{1}, "Seed", 3);
%!   f = @(m) rnn_loss (m, X, y, "Lengths", L, "Output", "last");
%!   [err, info] = gradcheck (f, model, "MaxEntries", Inf);
%!   assert (err < 1e-7, "%s: %g at %s", mg{1}, err, info.where);
%! endfor
%! model = rnn_init ("lstm", 3, 4, "OutputSize", 3, "Seed", 4);
%! assert (gradcheck (@(m) rnn_loss (m, X, y', "Lengths", L, "Output", "last"), model) < 1e-7);

%!test
%! ## mse: "last" (the adding problem's loss) and per step with Lengths
%! model = rnn_init ("lstm", 3, 4, "OutputSize", 1, "Seed", 6);
%! y = [0.5 1.2 -0.3 0.8];
%! f = @(m) rnn_loss (m, X, y, "Lengths", L, "Output", "last", "Loss", "mse");
%! assert (gradcheck (f, model, "MaxEntries", Inf) < 1e-7);
%! [loss, ~, Z] = f (model);
%! assert (loss, mean ((Z - y).^2), 1e-14);
%! model = rnn_init ("gru", 3, 4, "OutputSize", 2, "Seed", 7);
%! Tg = randn (2, 4, 5);
%! f = @(m) rnn_loss (m, X, Tg, "Lengths", L, "Loss", "mse");
%! assert (gradcheck (f, model, "MaxEntries", Inf) < 1e-7);
%! [loss, ~, Z] = f (model);
%! ok = reshape ((1:5) <= L(:), 1, 4, 5);
%! assert (loss, sum (((Z - Tg) .* ok)(:).^2) / (2 * sum (L)), 1e-14);

%!test
%! ## labels beyond a length are not counted
%! model = rnn_init ("rnn", 3, 4, "OutputSize", 3, "Seed", 5);
%! assert (rnn_loss (model, X, labels + (labels == 0), "Lengths", L),
%!         rnn_loss (model, X, labels .* ((1:5) <= L'), "Lengths", L), 1e-14);

%!test
%! ## against the loss written out by hand
%! model = rnn_init ("rnn", 3, 4, "OutputSize", 3, "Seed", 5);
%! [loss, grad, P] = rnn_loss (model, X, labels, "Lengths", L);
%! Y = rnn_forward (X, [], rmfield (model, {"Wy", "by"}), "Lengths", L);
%! s = 0; n = 0;
%! for j = 1:4
%!   for t = 1:L(j)
%!     if (labels(j,t) > 0)
%!       z = model.Wy * Y(:,j,t) + model.by;
%!       s -= z(labels(j,t)) - log (sum (exp (z))); n += 1;
%!     endif
%!   endfor
%! endfor
%! assert (loss, s / n, 1e-12);
%! assert (size (P), [3 4 5]);
%! assert (fieldnames (grad), {"W"; "R"; "b"; "Wy"; "by"});
%! assert (rnn_loss (model, X, labels, "Lengths", L), loss);

%!test
%! ## an untrained language model predicts about uniformly
%! model = rnn_init ("lstm", 27, 16, "OutputSize", 27, "Seed", 1);
%! [Xw, lw, Lw] = seq_batch (text_encode ({"cat", "horse"}, ["a":"z", "\n"]), 27, "Boundary", 27);
%! assert (rnn_loss (model, Xw, lw, "Lengths", Lw), log (27), 0.2);

%!error <Invalid call> rnn_loss (1, 2)
%!error id=rnn:rnn_loss:invalidModel rnn_loss (rnn_init ("rnn", 3, 4), X, labels)
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Lenghts", L)
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Output", "first")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, [1 2], "Output", "last")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 2), X, [1 2 3 4], "Output", "last", "Loss", "mse")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 2), X, labels, "Loss", "mse")
%!error id=rnn:rnn_loss:invalidOption rnn_loss (rnn_init ("rnn", 3, 4, "OutputSize", 3), X, labels, "Loss", "hinge")
%!error id=rnn:rnn_loss:sizeMismatch rnn_loss (setfield (rnn_init ("rnn", 3, 4, "OutputSize", 3), "Wy", ones (3, 5)), X, labels)
