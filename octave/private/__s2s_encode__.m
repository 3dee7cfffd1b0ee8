## [H, K, LS, cache] = __s2s_encode__ (FN, MODEL, X, LS) - what seq2seq_loss and
## seq2seq_decode share: check MODEL (fields of seq2seq_init) and the
## source X [n_in, m, Tx] and lengths LS ([] for all Tx), then run the
## encoder's layers in turn (model.encoder is 1-by-L; layer k+1 reads
## layer k's output; H [2*n_a, m, Tx] is the last one's, zero beyond each
## length) and compute the attention keys K once.  LS comes back as [] or
## doubles; CACHE (when asked) is a 1-by-L cell of the layers' caches.
function [H, K, Ls, cache] = __s2s_encode__ (fn, model, X, Ls)
  need = {"encoder", "attention", "decoder", "Wy", "by"};
  if (! (isstruct (model) && isscalar (model) && all (isfield (model, need))))
    error (["rnn:" fn ":invalidModel"],
           "%s: MODEL must be a struct made by seq2seq_init (fields %s)",
           fn, strjoin (need, ", "));
  endif
  enc = model.encoder; dec = model.decoder; Wy = model.Wy; by = model.by;
  layer = @(L) isstruct (L) && all (isfield (L, {"cell", "W", "R", "b"})) ...
               && all (arrayfun (@(l) ischar (l.cell) && any (strcmp (l.cell, {"rnn", "gru", "lstm"})) ...
                                      && ismatrix (l.W) && ismatrix (l.R), L));
  if (! (layer (enc) && isrow (enc) && layer (dec) && isscalar (dec)
         && isnumeric (Wy) && ismatrix (Wy)
         && isnumeric (by) && iscolumn (by) && rows (by) == rows (Wy)
         && columns (Wy) == columns (dec.R)
         && isstruct (model.attention) && isscalar (model.attention)))
    error (["rnn:" fn ":invalidModel"],
           "%s: MODEL's layers and output layer do not fit together (make it with seq2seq_init)",
           fn);
  endif
  __check_float__ (fn, Wy, "model.Wy");
  __check_float__ (fn, by, "model.by");
  __check_float__ (fn, X, "Xsrc");
  if (ndims (X) > 3 || rows (X) != columns (enc(1).W))
    error (["rnn:" fn ":sizeMismatch"],
           "%s: Xsrc must be %dx(m)x(Tx) to match model.encoder, not %s",
           fn, columns (enc(1).W), __dims__ (X));
  endif
  if (isempty (Ls) && isnumeric (Ls))
    Ls = [];
  else
    Tx = size (X, 3); m = columns (X);
    if (! (isnumeric (Ls) && isreal (Ls) && ! issparse (Ls) && numel (Ls) == m && isvector (Ls)
           && all (Ls >= 1 & Ls <= Tx & Ls == fix (Ls))))
      error (["rnn:" fn ":invalidLengths"],
             "%s: SourceLengths must be %d integers from 1 to Tx = %d, not %s",
             fn, m, Tx, __show__ (Ls));
    endif
    Ls = double (Ls);
  endif
  want = nargout > 3;
  cache = cell (1, numel (enc));
  H = X;
  for k = 1:numel (enc)
    if (k > 1 && rows (H) != columns (enc(k).W))
      error (["rnn:" fn ":invalidModel"],
             "%s: model.encoder(%d) must read %d inputs (the output of layer %d), not %d",
             fn, k, rows (H), k - 1, columns (enc(k).W));
    endif
    switch (enc(k).cell)
      case "lstm"
        if (want)
          [H, ~, ~, cache{k}] = lstm_forward (H, [], [], enc(k), "Lengths", Ls);
        else
          H = lstm_forward (H, [], [], enc(k), "Lengths", Ls);
        endif
      otherwise
        f = str2func ([enc(k).cell "_forward"]);
        if (want)
          [H, ~, cache{k}] = f (H, [], enc(k), "Lengths", Ls);
        else
          H = f (H, [], enc(k), "Lengths", Ls);
        endif
    endswitch
  endfor
  if (columns (dec.W) != rows (Wy) + rows (H))
    error (["rnn:" fn ":invalidModel"],
           "%s: model.decoder must read %d inputs (%d symbols and the context of %d), not %d",
           fn, rows (Wy) + rows (H), rows (Wy), rows (H), columns (dec.W));
  endif
  K = attention_keys (H, model.attention);
endfunction
