## GRAD = __model_backward__ (DZ, CACHE) - the gradient of a model from the
## gradient DZ of its output scores Z (the CACHE of __model_forward__): the
## output layer, the layers from the last to the first (through the same
## dropout masks), the embedding.  GRAD has the model's shape: for a model
## grad.layers (1-by-L struct array of W, R, b and bR when the layers have
## it), grad.Wy, grad.by and grad.E when the model has E; for a flat model
## the flat struct of the layer's gradients with Wy and by.  No gradient
## flows into the initial state.
function grad = __model_backward__ (dZ, cache)
  M = cache.M;
  L = numel (M.layers);
  [dY, dWy, dby] = dense_backward (dZ, cache.A, M.Wy);
  dhN = [];
  if (cache.last)
    dhN = split_state (dY, cache.hN, cache.merge);
    dY = [];
  endif
  emb = ! isempty (M.E);
  g = cell (1, L);
  for k = L:-1:1
    want_dX = k > 1 || emb;           # layer 1 without an embedding: no dX
    if (k < L && ! isempty (cache.DM))
      dY = dY .* cache.DM{k};
    endif
    c = cache.caches{k};
    switch (M.layers(k).cell)
      case "lstm", f = @lstm_backward; args = {dY, dhN, [], c};
      case "gru",  f = @gru_backward;  args = {dY, dhN, c};
      otherwise,   f = @rnn_backward;  args = {dY, dhN, c};
    endswitch
    dX = [];
    if (want_dX)
      [dX, g{k}] = f (args{:});
    else
      [~, g{k}] = f (args{:});        # the layer skips dX
    endif
    dY = dX; dhN = [];
  endfor
  if (M.flat)
    grad = g{1};
  else
    grad.layers = [g{:}];
  endif
  grad.Wy = reshape (dWy, size (M.Wy));
  grad.by = reshape (dby, size (M.by));
  if (emb)
    grad.E = __embedding__ (cache.fn, "backward", cache.X, dY, columns (M.E));
  endif
endfunction

## the gradient of the merged final state as one of hN [n_a, m, D]
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
