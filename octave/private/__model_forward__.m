## [Z, STATE, CACHE] = __model_forward__ (FN, MODEL, X, LENGTHS, TRAINING,
##                                        LAST, SEED, STATE0)
## The forward pass of a whole model, shared by rnn_loss, rnn_sample and
## rnn_predict: the embedding (when MODEL has E: X is then [m, T] symbol
## indices, else [n_x, m, T]), the layers in turn (layer k+1 reads layer
## k's merged output), dropout on each layer's output but the last and
## recurrent dropout (only when TRAINING is true; masks drawn here, from
## rand ("state", SEED) when SEED is not [], leaving the global state as it
## was), then the dense output layer: Z = Wy * A + by, with A the last
## layer's output sequence [n_out, m, T], or with LAST true its final state
## merged as its merge says [n_out, m].
##
## MODEL: a model or a flat layer struct with Wy, by (__model__ checks it
## and names FN in errors).  LENGTHS: [] or the [1, m] lengths.  STATE0: []
## (zeros) or a struct with fields h and c, 1-by-L cell arrays of each
## layer's initial hidden state [n_a, m, D] and cell state (LSTM; [] for
## zeros or other cells).  STATE: the final states in the same form, c{k]
## [] for layers without a cell state.  CACHE: what __model_backward__
## needs (asked for only when a gradient is wanted: without it the layers
## keep no cache).
function [Z, state, cache] = __model_forward__ (fn, model, X, lengths, training,
                                                last, seed, state0)
  M = __model__ (fn, model);
  L = numel (M.layers);
  lopts = {};
  if (! isempty (lengths))
    lopts = {"Lengths", lengths};
  endif
  h0 = c0 = cell (1, L);
  if (! isempty (state0))
    [h0, c0] = initial_state (fn, state0, L);
  endif
  emb = ! isempty (M.E);
  if (emb)
    [m, T] = size (X);
  else
    [~, m, T] = size (X);
  endif
  drop = training && M.dropout > 0 && L > 1;
  rdrop = training && M.recurrentDropout > 0;
  DM = RM = {};
  if (drop || rdrop)
    [DM, RM] = draw_masks (M, m, T, drop, rdrop, seed);
    if (! drop)
      DM = {};                          # __model_backward__: no output masks
    endif
  endif

  need = nargout > 2;
  caches = cell (1, L);
  state.h = state.c = cell (1, L);
  A = X;
  if (emb)
    A = __embedding__ (fn, "forward", X, M.E);
  endif
  nc = double (need);
  for k = 1:L
    p = M.layers(k);
    o = lopts;
    if (rdrop)
      o = [o, {"RecurrentDropoutMask", RM{k}}];
    endif
    switch (p.cell)
      case "lstm"
        [A, state.h{k}, state.c{k}, caches{k:k-1+nc}] = lstm_forward (A, h0{k}, c0{k}, p, o{:});
      case "gru"
        [A, state.h{k}, caches{k:k-1+nc}] = gru_forward (A, h0{k}, p, o{:});
      otherwise
        [A, state.h{k}, caches{k:k-1+nc}] = rnn_forward (A, h0{k}, p, o{:});
    endswitch
    if (drop && k < L)
      A = A .* DM{k};
    endif
  endfor
  merge = "";
  if (last)
    [A, merge] = final_state (state.h{L}, M.layers(L));
  endif
  Z = dense_forward (A, M.Wy, M.by);
  if (need)
    cache = struct ("fn", fn, "M", M, "caches", {caches}, "A", A, "X", X,
                    "DM", {DM}, "last", last, "merge", merge, "hN", state.h{L});
  endif
endfunction

function [h0, c0] = initial_state (fn, s, L)
  if (! (isstruct (s) && isscalar (s) && isfield (s, "h") && iscell (s.h)
         && numel (s.h) == L && (! isfield (s, "c") || (iscell (s.c) && numel (s.c) == L))))
    error (sprintf ("rnn:%s:invalidState", fn),
           "%s: InitialState must be [] or a struct with fields h and c, each a 1-by-%d cell array (one state per layer)",
           fn, L);
  endif
  h0 = s.h;
  c0 = cell (1, L);
  if (isfield (s, "c"))
    c0 = s.c;
  endif
endfunction

## the dropout masks of the layers' outputs DM{k} [n_out, m, T] (k < L) and
## the recurrent masks RM{k} [n_a, m, D]: kept units 1/(1-p), others 0
function [DM, RM] = draw_masks (M, m, T, drop, rdrop, seed)
  if (! isempty (seed))
    old = rand ("state");
    rand ("state", seed);
    unwind_protect
      [DM, RM] = draw (M, m, T, drop, rdrop);
    unwind_protect_cleanup
      rand ("state", old);
    end_unwind_protect
  else
    [DM, RM] = draw (M, m, T, drop, rdrop);
  endif
endfunction

function [DM, RM] = draw (M, m, T, drop, rdrop)
  L = numel (M.layers);
  DM = RM = cell (1, L);
  cls = class (M.layers(1).W);
  p = M.dropout; q = M.recurrentDropout;
  for k = 1:L
    if (rdrop)
      D = 1 + strcmp (__get_opt__ (M.layers(k), "direction", "forward"), "bidirectional");
      RM{k} = cast ((rand (M.n_a(k), m, D) >= q) * (1 / (1 - q)), cls);
    endif
    if (drop && k < L)
      DM{k} = cast ((rand (M.n_out(k), m, T) >= p) * (1 / (1 - p)), cls);
    endif
  endfor
endfunction

## the final state hN [n_a, m, D] of the last layer as one [n_out, m] matrix
function [A, merge] = final_state (hN, p)
  merge = "";
  if (size (hN, 3) == 1)
    A = hN;
    return;
  endif
  merge = __get_opt__ (p, "merge", "concat");
  switch (merge)
    case "concat", A = [hN(:,:,1); hN(:,:,2)];
    case "sum",    A = hN(:,:,1) + hN(:,:,2);
    case "ave",    A = (hN(:,:,1) + hN(:,:,2)) / 2;
    case "mul",    A = hN(:,:,1) .* hN(:,:,2);
  endswitch
endfunction
