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
    if (! isrow (M.layers))
      M.layers = reshape (M.layers, 1, []);
    endif
    M.E = [];
    if (isfield (model, "E")) M.E = model.E; endif
    M.dropout = rate (fn, model, "dropout");
    M.recurrentDropout = rate (fn, model, "recurrentDropout");
  endif
  M.Wy = model.Wy; M.by = model.by;

  L = numel (M.layers);
  cells = {M.layers.cell};
  if (! all (strcmp (cells, "lstm") | strcmp (cells, "gru") | strcmp (cells, "rnn")))
    k = find (! cellfun (@(c) ischar (c) && any (strcmp (c, {"rnn", "gru", "lstm"})), cells), 1);
    bad (fn, "invalidModel", "%s.cell must be \"rnn\", \"gru\" or \"lstm\", not %s",
         name (M, k), __show__ (cells{k}));
  endif
  if (! (isfield (M.layers, "W") && isfield (M.layers, "R")))
    bad (fn, "invalidModel", "%s must have fields W and R", name (M, 1));
  endif
  ## each layer's units and merged output size (cellfun's built-in names:
  ## an interpreted loop over the layers cost more than the checks)
  M.n_a = cellfun ("size", {M.layers.R}, 2);
  M.n_out = M.n_a;
  if (isfield (M.layers, "direction"))
    bi = strcmp ({M.layers.direction}, "bidirectional");
    if (any (bi))
      concat = true (1, L);
      if (isfield (M.layers, "merge"))
        concat = strcmp ({M.layers.merge}, "concat");
      endif
      M.n_out(bi & concat) *= 2;
    endif
  endif
  if (L > 1)
    n_in = cellfun ("size", {M.layers(2:end).W}, 2);
    k = find (n_in != M.n_out(1:end-1), 1) + 1;
    if (! isempty (k))
      bad (fn, "sizeMismatch",
           "%s.W must have %d columns, the output size of layer %d (%s), not %s",
           name (M, k), M.n_out(k-1), k - 1, describe (M.layers(k-1), M.n_a(k-1)),
           __dims__ (M.layers(k).W));
    endif
  endif
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

## MODEL.(WHAT) as a double rate; absent or [] is 0
function r = rate (fn, model, what)
  r = 0;
  if (isfield (model, what) && ! (isnumeric (model.(what)) && isempty (model.(what))))
    r = model.(what);
    if (! (isnumeric (r) && isscalar (r) && isreal (r) && r >= 0 && r < 1))
      bad (fn, "invalidModel", "MODEL.%s must be a rate in [0, 1), not %s", what,
           __show__ (r));
    endif
    r = double (r);
  endif
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
