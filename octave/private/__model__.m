## M = __model__ (FN, MODEL) - MODEL checked and in the model form: a scalar
## struct with fields layers (1-by-L struct array of layer structs), Wy, by,
## E ([] without an embedding), dropout and recurrentDropout (rates, 0 when
## absent), n_out (1-by-L: each layer's merged output size), n_a (1-by-L)
## and flat (true when MODEL was a flat layer struct with Wy and by, a
## one-layer model).  Errors rnn:FN:invalidModel (not a model, a bad rate,
## an unknown cell) and rnn:FN:sizeMismatch (a layer that does not fit its
## neighbour, the embedding or the output layer), naming the layer and the
## sizes.  The layer functions check the rest of each layer.
function M = __model__ (fn, model)
  if (! (isstruct (model) && isscalar (model)))
    bad (fn, "invalidModel", "MODEL must be a scalar struct, not %s", __show__ (model));
  endif
  if (isfield (model, "cell"))              # a flat one-layer model
    if (! (isfield (model, "Wy") && isfield (model, "by")))
      bad (fn, "invalidModel",
           "MODEL must have an output layer Wy, by (rnn_init (..., \"OutputSize\", n_y))");
    endif
    M.layers = rmfield (model, {"Wy", "by"});
    M.flat = true;
    M.E = []; M.dropout = 0; M.recurrentDropout = 0;
  else
    if (! all (isfield (model, {"layers", "Wy", "by"})))
      bad (fn, "invalidModel",
           "MODEL must be a layer struct with Wy, by or a model with layers, Wy, by (rnn_init)");
    endif
    M.layers = model.layers;
    M.flat = false;
    if (! (isstruct (M.layers) && isvector (M.layers) && isfield (M.layers, "cell")))
      bad (fn, "invalidModel",
           "MODEL.layers must be a non-empty struct array of layer structs with a field cell");
    endif
    M.layers = reshape (M.layers, 1, []);
    M.E = __get_opt__ (model, "E", []);
    M.dropout = rate (fn, __get_opt__ (model, "dropout", 0), "dropout");
    M.recurrentDropout = rate (fn, __get_opt__ (model, "recurrentDropout", 0),
                               "recurrentDropout");
  endif
  M.Wy = model.Wy; M.by = model.by;

  L = numel (M.layers);
  M.n_a = M.n_out = zeros (1, L);
  for k = 1:L
    p = M.layers(k);
    if (! (ischar (p.cell) && any (strcmp (p.cell, {"rnn", "gru", "lstm"}))))
      bad (fn, "invalidModel", "%s.cell must be \"rnn\", \"gru\" or \"lstm\", not %s",
           name (M, k), __show__ (p.cell));
    endif
    if (! (isfield (p, "W") && isfield (p, "R") && isnumeric (p.W) && isnumeric (p.R)))
      bad (fn, "invalidModel", "%s must have numeric fields W and R", name (M, k));
    endif
    n_a = columns (p.R);
    D = 1; concat = true;
    if (isfield (p, "direction") && strcmp (p.direction, "bidirectional"))
      D = 2;
      concat = ! isfield (p, "merge") || strcmp (p.merge, "concat");
    endif
    M.n_a(k) = n_a;
    M.n_out(k) = n_a * (1 + (D == 2 && concat));
    if (k > 1 && columns (p.W) != M.n_out(k-1))
      bad (fn, "sizeMismatch",
           "%s.W must have %d columns, the output size of layer %d (%s), not %s",
           name (M, k), M.n_out(k-1), k - 1, describe (M.layers(k-1), M.n_a(k-1)),
           __dims__ (p.W));
    endif
  endfor
  if (! isempty (M.E))
    if (! (isfloat (M.E) && ismatrix (M.E) && isreal (M.E)))
      bad (fn, "invalidModel", "MODEL.E must be a real [d, V] matrix, not %s", __show__ (M.E));
    elseif (rows (M.E) != columns (M.layers(1).W))
      bad (fn, "sizeMismatch",
           "MODEL.E is %s, but MODEL.layers(1).W has %d columns: E must have as many rows (d)",
           __dims__ (M.E), columns (M.layers(1).W));
    endif
  endif
  if (! (ismatrix (M.Wy) && columns (M.Wy) == M.n_out(L) && iscolumn (M.by)
         && rows (M.by) == rows (M.Wy)))
    bad (fn, "sizeMismatch",
         "the output layer must be Wy [n_y, %d] (the output size of layer %d) and by [n_y, 1], not Wy %s and by %s",
         M.n_out(L), L, __dims__ (M.Wy), __dims__ (M.by));
  endif
endfunction

function r = rate (fn, r, what)
  if (! (isnumeric (r) && isscalar (r) && isreal (r) && r >= 0 && r < 1))
    bad (fn, "invalidModel", "MODEL.%s must be a rate in [0, 1), not %s", what,
         __show__ (r));
  endif
  r = double (r);
endfunction

function s = name (M, k)
  if (M.flat)
    s = "MODEL";
  else
    s = sprintf ("MODEL.layers(%d)", k);
  endif
endfunction

function s = describe (p, n_a)
  s = sprintf ("%d units", n_a);
  if (isfield (p, "direction") && strcmp (p.direction, "bidirectional"))
    s = sprintf ("%s, bidirectional, merge \"%s\"", s, __get_opt__ (p, "merge", "concat"));
  endif
endfunction

function bad (fn, reason, varargin)
  error (sprintf ("rnn:%s:%s", fn, reason), [fn ": " varargin{1}], varargin{2:end});
endfunction
