## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {} rnn_summary (@var{model})
## @deftypefnx {} {[@var{n}, @var{rows}] =} rnn_summary (@var{model})
## Print a model's layers, their sizes, output shapes and parameter counts.
##
## @var{model} is a model struct (@code{rnn_init} with several layers, an
## embedding or dropout), a layer struct with an output layer @code{Wy},
## @code{by}, or a bare layer struct.  The table has a row per piece, in
## the order the data flows through them:
##
## @table @asis
## @item embedding
## @code{E} @code{[d, V]}: V symbols to d numbers each; @code{d*V}
## parameters.
## @item rnn, gru, lstm
## a recurrent layer with its direction (and merge), input size n_x and
## units n_a; the count is the course's formula, e.g. LSTM
## @code{4*((n_a+n_x)*n_a+n_a)}, doubled for a bidirectional layer, with
## @code{G*n_a} more per direction for a recurrent bias @code{bR}
## (@code{rnn_num_params}).  The formula is shown beside the count.
## @item dropout
## after each layer but the last when @code{model.dropout} > 0 (training
## only; no parameters).
## @item dense
## the output layer @code{Wy}, @code{by}: @code{n_y*n_out + n_y}.
## @end table
##
## Output shapes are @code{[rows, m, T]}: m sequences of T steps.  The
## last lines give the total, the class, and the recurrent dropout rate
## when there is one.  With output arguments nothing is printed: @var{n} is
## the total and @var{rows} a struct array with fields @code{layer},
## @code{output}, @code{params} and @code{formula}.
##
## @example
## @group
## model = rnn_init ("lstm", 27, [64 64], "EmbeddingSize", 16, ...
##                   "OutputSize", 27, "Dropout", 0.2);
## rnn_summary (model)
##  @print{} Layer                 Output shape  Parameters  Formula
##  @print{} --------------------  ------------  ----------  -----------------
##  @print{} embedding (27 -> 16)  [16, m, T]           432  16*27
##  @print{} lstm (16 -> 64)       [64, m, T]         20736  4*((64+16)*64+64)
##  @print{} dropout 0.2           [64, m, T]             0
##  @print{} lstm (64 -> 64)       [64, m, T]         33024  4*((64+64)*64+64)
##  @print{} dense (64 -> 27)      [27, m, T]          1755  27*64+27
##  @print{} --------------------  ------------  ----------  -----------------
##  @print{} Total parameters: 55947 (double)
## @end group
## @end example
##
## @seealso{rnn_init, rnn_num_params}
## @end deftypefn

function [n, rows] = rnn_summary (model)
  if (nargin != 1)
    print_usage ();
  endif
  fn = "rnn_summary";
  dense = true;
  if (isstruct (model) && isscalar (model) && isfield (model, "cell")
      && ! (isfield (model, "Wy") || isfield (model, "by")))
    dense = false;                      # a bare layer: no output layer
    if (isfield (model, "R") && isnumeric (model.R))
      n_out = columns (model.R);
      if (strcmp (__get_opt__ (model, "direction", ""), "bidirectional")
          && strcmp (__get_opt__ (model, "merge", "concat"), "concat"))
        n_out *= 2;
      endif
      model.Wy = zeros (0, n_out);
      model.by = zeros (0, 1);
    endif
  endif
  M = __model__ (fn, model);
  r = struct ("layer", {}, "output", {}, "params", {}, "formula", {});
  L = numel (M.layers);
  if (! isempty (M.E))
    [d, V] = size (M.E);
    r(end+1) = row (sprintf ("embedding (%d -> %d)", V, d), d, d * V,
                    sprintf ("%d*%d", d, V));
  endif
  for k = 1:L
    p = M.layers(k);
    n_x = columns (p.W); n_a = M.n_a(k);
    G = struct ("rnn", 1, "gru", 3, "lstm", 4).(p.cell);
    dir = __get_opt__ (p, "direction", "forward");
    D = 1 + strcmp (dir, "bidirectional");
    bR = isfield (p, "bR");
    np = rnn_num_params (p.cell, n_x, n_a, "Direction", dir, "RecurrentBias", bR);
    f = sprintf ("(%d+%d)*%d+%d", n_a, n_x, n_a, n_a);
    if (bR)
      f = sprintf ("%s+%d", f, n_a);
    endif
    if (G * D > 1)
      f = sprintf ("%d*(%s)", G * D, f);
    endif
    what = p.cell;
    if (D == 2)
      what = sprintf ("%s, bidirectional %s", what, __get_opt__ (p, "merge", "concat"));
    elseif (! strcmp (dir, "forward"))
      what = sprintf ("%s, %s", what, dir);
    endif
    r(end+1) = row (sprintf ("%s (%d -> %d)", what, n_x, n_a), M.n_out(k), np, f);
    if (k < L && M.dropout > 0)
      r(end+1) = row (sprintf ("dropout %g", M.dropout), M.n_out(k), 0, "");
    endif
  endfor
  if (dense)
    [n_y, n_in] = size (M.Wy);
    r(end+1) = row (sprintf ("dense (%d -> %d)", n_in, n_y), n_y, n_y * (n_in + 1),
                    sprintf ("%d*%d+%d", n_y, n_in, n_y));
  endif
  total = sum ([r.params]);
  if (nargout > 0)
    n = total; rows = r;
    return;
  endif
  head = {"Layer", "Output shape", "Parameters", "Formula"};
  w = [max(cellfun ("numel", [{r.layer}, head(1)])), ...
       max(cellfun ("numel", [{r.output}, head(2)])), ...
       max([numel(head{3}), numel(sprintf ("%d", total))]), ...
       max(cellfun ("numel", [{r.formula}, head(4)]))];
  fmt = sprintf (" %%-%ds  %%-%ds  %%%ds  %%s\n", w(1:3));
  rule = sprintf (" %s  %s  %s  %s\n", repmat ("-", 1, w(1)), repmat ("-", 1, w(2)),
                  repmat ("-", 1, w(3)), repmat ("-", 1, w(4)));
  out = [sprintf(fmt, head{:}), rule];
  for i = 1:numel (r)
    out = [out, sprintf(fmt, r(i).layer, r(i).output, sprintf ("%d", r(i).params),
                        r(i).formula)];
  endfor
  out = [out, rule, sprintf(" Total parameters: %d (%s)\n", total, class (M.layers(1).W))];
  if (M.recurrentDropout > 0)
    out = [out, sprintf(" Recurrent dropout %g in every layer (training only)\n",
                        M.recurrentDropout)];
  endif
  out = regexprep (out, ' +\n', "\n");      # no trailing blanks
  printf ("%s", out);
endfunction

function r = row (name, n_rows, params, formula)
  r = struct ("layer", name, "output", sprintf ("[%d, m, T]", n_rows),
              "params", params, "formula", formula);
endfunction

%!test
%! ## every count is that of the arrays, and the total rnn_num_params's
%! for c = {"rnn", "gru", "lstm"}
%!   for d = {"forward", "bidirectional"}
%!     m = rnn_init (c{1}, 7, [5 4 3], "EmbeddingSize", 6, "OutputSize", 2,
%!                   "Direction", d{1}, "RecurrentBias", true, "Dropout", 0.1);
%!     [n, r] = rnn_summary (m);
%!     assert (n, rnn_num_params (m));
%!     assert ({r.layer}{1}, "embedding (7 -> 6)");
%!     assert ([r.params], [numel(m.E), arrayfun(@(p) numel (p.W) + numel (p.R) + numel (p.b) + numel (p.bR), m.layers(1)), 0, ...
%!                          arrayfun(@(p) numel (p.W) + numel (p.R) + numel (p.b) + numel (p.bR), m.layers(2)), 0, ...
%!                          arrayfun(@(p) numel (p.W) + numel (p.R) + numel (p.b) + numel (p.bR), m.layers(3)), ...
%!                          numel(m.Wy) + numel(m.by)]);
%!     ## the formulas evaluate to the counts
%!     k = ! cellfun ("isempty", {r.formula});
%!     assert (cellfun (@eval, {r(k).formula}), [r(k).params]);
%!   endfor
%! endfor

%!test
%! ## a flat model, a bare layer; the printed table
%! p = rnn_init ("gru", 3, 4, "OutputSize", 2, "Direction", "bidirectional", "Merge", "sum");
%! [n, r] = rnn_summary (p);
%! assert (n, rnn_num_params (p)); assert (numel (r), 2);
%! assert (r(1).output, "[4, m, T]");
%! [n, r] = rnn_summary (rmfield (p, {"Wy", "by"}));
%! assert (n, rnn_num_params ("gru", 3, 4, "Direction", "bidirectional"));
%! s = evalc ("rnn_summary (rnn_init ('lstm', 27, [8 8], 'OutputSize', 27, 'RecurrentDropout', 0.25))");
%! assert (! isempty (strfind (s, "Total parameters: 1939 (double)")));
%! assert (! isempty (strfind (s, "Recurrent dropout 0.25")));
%! assert (! isempty (strfind (s, "lstm (27 -> 8)")));

%!demo
%! ## a word classifier: an embedding, two bidirectional GRU layers, 5 classes
%! model = rnn_init ("gru", 10000, [128 128], "EmbeddingSize", 64, "OutputSize", 5,
%!                   "Direction", "bidirectional", "Dropout", 0.2);
%! rnn_summary (model)

%!error <Invalid call> rnn_summary ()
%!error id=rnn:rnn_summary:invalidModel rnn_summary (1)
%!error id=rnn:rnn_summary:sizeMismatch rnn_summary (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "Wy", ones (3, 5)))
%!error id=rnn:rnn_summary:invalidModel rnn_summary (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "recurrentDropout", cell (0, 3)))
%!error id=rnn:rnn_summary:invalidModel rnn_summary (setfield (rnn_init ("rnn", 3, [4 4], "OutputSize", 3), "dropout", {}))
