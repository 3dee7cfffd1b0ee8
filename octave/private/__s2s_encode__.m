## [H, K, LS, cache] = __s2s_encode__ (FN, MODEL, X, LS) - what seq2seq_loss and
## seq2seq_decode share: check MODEL (fields of seq2seq_init) and the
## source X [n_in, m, Tx] and lengths LS ([] for all Tx), then run the
## bidirectional encoder (H [2*n_a, m, Tx], zero beyond each length) and
## compute the attention keys K once.  LS comes back as [] or doubles;
## CACHE is the encoder's, when asked.
function [H, K, Ls, cache] = __s2s_encode__ (fn, model, X, Ls)
  need = {"encoder", "attention", "decoder", "Wy", "by"};
  if (! (isstruct (model) && isscalar (model) && all (isfield (model, need))))
    error (["rnn:" fn ":invalidModel"],
           "%s: MODEL must be a struct made by seq2seq_init (fields %s)",
           fn, strjoin (need, ", "));
  endif
  enc = model.encoder; dec = model.decoder; Wy = model.Wy; by = model.by;
  layer = @(L) isstruct (L) && isscalar (L) && all (isfield (L, {"cell", "W", "R", "b"})) ...
               && ischar (L.cell) && any (strcmp (L.cell, {"rnn", "gru", "lstm"})) ...
               && ismatrix (L.W) && ismatrix (L.R);
  if (! (layer (enc) && layer (dec) && isnumeric (Wy) && ismatrix (Wy)
         && isnumeric (by) && iscolumn (by) && rows (by) == rows (Wy)
         && columns (Wy) == columns (dec.R)
         && columns (dec.W) == rows (Wy) + 2 * columns (enc.R)
         && isstruct (model.attention) && isscalar (model.attention)))
    error (["rnn:" fn ":invalidModel"],
           "%s: MODEL's layers and output layer do not fit together (make it with seq2seq_init)",
           fn);
  endif
  __check_float__ (fn, Wy, "model.Wy");
  __check_float__ (fn, by, "model.by");
  __check_float__ (fn, X, "Xsrc");
  if (ndims (X) > 3 || rows (X) != columns (enc.W))
    error (["rnn:" fn ":sizeMismatch"],
           "%s: Xsrc must be %dx(m)x(Tx) to match model.encoder, not %s",
           fn, columns (enc.W), __dims__ (X));
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
  switch (enc.cell)
    case "lstm"
      if (nargout > 3)
        [H, ~, ~, cache] = lstm_forward (X, [], [], enc, "Lengths", Ls);
      else
        H = lstm_forward (X, [], [], enc, "Lengths", Ls);
      endif
    case {"gru", "rnn"}
      f = str2func ([enc.cell "_forward"]);
      if (nargout > 3)
        [H, ~, cache] = f (X, [], enc, "Lengths", Ls);
      else
        H = f (X, [], enc, "Lengths", Ls);
      endif
    otherwise
      error (["rnn:" fn ":invalidModel"], "%s: model.encoder.cell must be rnn, gru or lstm", fn);
  endswitch
  K = attention_keys (H, model.attention);
endfunction
