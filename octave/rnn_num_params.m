## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{n} =} rnn_num_params (@var{cell}, @var{n_x}, @var{n_a})
## @deftypefnx {} {@var{n} =} rnn_num_params (@var{cell}, @var{n_x}, @var{n_a}, @var{n_y})
## @deftypefnx {} {@var{n} =} rnn_num_params (@dots{}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {@var{n} =} rnn_num_params (@var{p})
## Number of trainable parameters of a recurrent layer (and output layer).
##
## With a @var{cell} name (@code{"rnn"}, @code{"gru"} or @code{"lstm"}),
## input size @var{n_x} and @var{n_a} hidden units, the course's formulas:
## @table @asis
## @item RNN
## @code{(n_a + n_x)*n_a + n_a} (@code{Waa}, @code{Wax}, @code{ba})
## @item GRU
## @code{3*((n_a + n_x)*n_a + n_a)} (three gate blocks)
## @item LSTM
## @code{4*((n_a + n_x)*n_a + n_a)} (four gate blocks)
## @end table
## times 2 for a bidirectional layer, plus @code{G*n_a} per direction with
## a recurrent bias @code{bR}.  With @var{n_y}, an output layer
## @code{Wy}, @code{by} adds @code{n_out*n_y + n_y}, where @code{n_out} is
## the layer's output size: @var{n_a}, or @code{2*n_a} for a bidirectional
## layer with merge "concat".
##
## Options, as for @code{rnn_init}: "Direction" ("forward" (default),
## "reverse", "bidirectional"), "Merge" ("concat" (default), "sum", "ave",
## "mul"; only matters with @var{n_y}) and "RecurrentBias" (false (default)
## or true).
##
## With a parameter struct @var{p}, the number of elements of all its
## single and double arrays (e.g.@: @code{W}, @code{R}, @code{b}, @code{bR},
## @code{Wy}, @code{by}), looking into nested structs and cell arrays, so a
## whole model can be counted; strings and other fields do not count, nor
## do a model's dropout rates (@code{dropout}, @code{recurrentDropout}).
## @code{rnn_summary} shows the count of each layer of a model.
##
## @example
## @group
## rnn_num_params ("lstm", 27, 50)
##   @result{} 15600
## rnn_num_params ("lstm", 27, 50, 27)      # with the softmax layer
##   @result{} 16977
## rnn_num_params (rnn_init ("lstm", 27, 50, "OutputSize", 27))
##   @result{} 16977
## @end group
## @end example
##
## @seealso{rnn_init, rnn_summary}
## @end deftypefn

function n = rnn_num_params (cell, varargin)
  if (nargin < 1)
    print_usage ();
  endif
  fn = "rnn_num_params";
  if (nargin == 1)
    if (! (isstruct (cell) || iscell (cell)))
      error ("rnn:rnn_num_params:invalidInput",
             "rnn_num_params: P must be a parameter struct, not %s", __show__ (cell));
    endif
    x = cell;
    if (isstruct (x) && isscalar (x) && isfield (x, "layers") && ! isfield (x, "cell"))
      ## a model: its rates are settings, not parameters
      x = rmfield (x, intersect (fieldnames (x), {"dropout", "recurrentDropout"}));
    endif
    n = count (x);
    return;
  endif
  if (nargin < 3)
    print_usage ();
  endif
  cell = __choice__ (fn, "CELL", cell, {"rnn", "gru", "lstm"});
  n_x = varargin{1};
  n_a = varargin{2};
  opts = varargin(3:end);
  n_y = [];
  if (mod (numel (opts), 2) == 1)
    n_y = opts{1};
    opts = opts(2:end);
    check_size (n_y, "N_Y", 1);
  endif
  check_size (n_x, "N_X", 0);
  check_size (n_a, "N_A", 1);
  direction = "forward";
  merge = "concat";
  bias = false;
  for k = 1:2:numel (opts)
    name = opts{k};
    v = opts{k+1};
    if (! ischar (name))
      name = "";
    endif
    switch (lower (name))
      case "direction"
        direction = __choice__ (fn, "Direction", v, {"forward", "reverse", "bidirectional"});
      case "merge"
        merge = __choice__ (fn, "Merge", v, {"concat", "sum", "ave", "mul"});
      case "recurrentbias"
        bias = __flag__ (fn, "RecurrentBias", v);
      otherwise
        error ("rnn:rnn_num_params:invalidOption",
               "rnn_num_params: unknown option %s (options: Direction, Merge, RecurrentBias)",
               __show__ (opts{k}));
    endswitch
  endfor
  n_x = double (n_x); n_a = double (n_a);
  G = struct ("rnn", 1, "gru", 3, "lstm", 4).(cell);
  D = 1 + strcmp (direction, "bidirectional");
  n = D * G * ((n_a + n_x) * n_a + n_a + bias * n_a);
  if (! isempty (n_y))
    n_out = n_a * (1 + (D == 2 && strcmp (merge, "concat")));
    n += n_out * double (n_y) + double (n_y);
  endif
endfunction

function check_size (v, name, lo)
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && v == fix (v) && v >= lo
         && isfinite (v)))
    error ("rnn:rnn_num_params:invalidSize",
           "rnn_num_params: %s must be an integer >= %d, not %s", name, lo, __show__ (v));
  endif
endfunction

## numel of every single and double array in x, through structs and cells
function n = count (x)
  n = 0;
  if (isfloat (x))
    n = numel (x);
  elseif (isstruct (x))
    c = struct2cell (x);
    for i = 1:numel (c)
      n += count (c{i});
    endfor
  elseif (iscell (x))
    for i = 1:numel (x)
      n += count (x{i});
    endfor
  endif
endfunction

%!test
%! ## the course's formulas
%! assert (rnn_num_params ("rnn", 3, 5), (5 + 3) * 5 + 5);
%! assert (rnn_num_params ("gru", 3, 5), 3 * ((5 + 3) * 5 + 5));
%! assert (rnn_num_params ("lstm", 3, 5), 4 * ((5 + 3) * 5 + 5));
%! assert (rnn_num_params ("LSTM", 27, 50), 15600);
%! assert (rnn_num_params ("lstm", 27, 50, 27), 15600 + 50 * 27 + 27);
%! assert (rnn_num_params ("rnn", 0, 1), 2);

%!test
%! ## options: bidirectional (concat doubles the output layer's input), bR
%! assert (rnn_num_params ("gru", 3, 5, "Direction", "bidirectional"), 2 * 3 * 45);
%! assert (rnn_num_params ("gru", 3, 5, "RecurrentBias", true), 3 * 45 + 15);
%! assert (rnn_num_params ("rnn", 3, 5, 2, "Direction", "bidirectional"), 2 * 45 + 10 * 2 + 2);
%! assert (rnn_num_params ("rnn", 3, 5, 2, "Direction", "bidirectional", "Merge", "sum"), 2 * 45 + 5 * 2 + 2);
%! assert (rnn_num_params ("rnn", 3, 5, 2, "Direction", "reverse"), 45 + 12);

%!test
%! ## a model: layers, embedding and output layer, not the rates
%! m = rnn_init ("gru", 10, [4 3], "EmbeddingSize", 5, "OutputSize", 2, "Dropout", 0.5);
%! assert (rnn_num_params (m), 50 + rnn_num_params ("gru", 5, 4)
%!                             + rnn_num_params ("gru", 4, 3, 2));

%!test
%! ## the struct form agrees with rnn_init for every combination
%! for c = {"rnn", "gru", "lstm"}
%!   for d = {"forward", "reverse", "bidirectional"}
%!     for m = {"concat", "sum"}
%!       for b = [false true]
%!         opts = {"Direction", d{1}, "Merge", m{1}, "RecurrentBias", b};
%!         p = rnn_init (c{1}, 4, 3, opts{:}, "OutputSize", 6);
%!         assert (rnn_num_params (p), rnn_num_params (c{1}, 4, 3, 6, opts{:}));
%!         p = rnn_init (c{1}, 4, 3, opts{:});
%!         assert (rnn_num_params (p), rnn_num_params (c{1}, 4, 3, opts{:}));
%!       endfor
%!     endfor
%!   endfor
%! endfor

%!test
%! ## a whole model: nested structs and cells; strings and logicals do not count
%! model = struct ("layers", {{rnn_init("lstm", 3, 4), rnn_init("rnn", 4, 2)}},
%!                 "Wy", ones (5, 2), "by", single (ones (5, 1)), "name", "m", "frozen", true);
%! assert (rnn_num_params (model), 4 * 32 + 14 + 10 + 5);
%! assert (rnn_num_params (struct ()), 0);

%!error <Invalid call> rnn_num_params ()
%!error <Invalid call> rnn_num_params ("rnn", 3)
%!error id=rnn:rnn_num_params:invalidInput rnn_num_params (3)
%!error <RecurrentBias must be true or false, not 2> rnn_num_params ("gru", 3, 4, "RecurrentBias", 2)
%!assert (rnn_num_params ("gru", 3, 4, "RecurrentBias", 1), rnn_num_params ("gru", 3, 4, "RecurrentBias", true))
%!error id=rnn:rnn_num_params:invalidOption rnn_num_params ("cnn", 3, 4)
%!error <N_A must be an integer .= 1, not 0> rnn_num_params ("rnn", 3, 0)
%!error <N_X must be an integer .= 0, not -1> rnn_num_params ("rnn", -1, 4)
%!error id=rnn:rnn_num_params:invalidSize rnn_num_params ("rnn", 3, 2.5)
%!error id=rnn:rnn_num_params:invalidSize rnn_num_params ("rnn", 3, Inf)
%!error id=rnn:rnn_num_params:invalidSize rnn_num_params ("rnn", 3, 4, 0)
%!error id=rnn:rnn_num_params:invalidSize rnn_num_params ("rnn", 3, 4, "Direction")
%!error id=rnn:rnn_num_params:invalidOption rnn_num_params ("rnn", 3, 4, "Dirction", "reverse")
%!error id=rnn:rnn_num_params:invalidOption rnn_num_params ("rnn", 3, 4, "Direction", "up")
%!error id=rnn:rnn_num_params:invalidOption rnn_num_params ("rnn", 3, 4, "RecurrentBias", "yes")
%!error id=rnn:rnn_num_params:invalidOption rnn_num_params ("rnn", 3, 4, 2, 5, 6)
