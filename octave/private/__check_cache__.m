## __check_cache__ (FN, CACHE, CELL) - error rnn:FN:invalidCache unless CACHE
## is what a forward pass of a CELL layer returned.  The gateway checks the
## arrays' shapes against X and p; this checks the struct itself.
function __check_cache__ (fn, cache, cell)
  if (! isstruct (cache) || ! isscalar (cache) || ! isfield (cache, "cell")
      || ! all (isfield (cache, {"X", "p", "options", "Sh", "Sc", "Z"}))
      || ! iscell (cache.options))
    error (sprintf ("rnn:%s:invalidCache", fn),
           "%s: CACHE must be the cache output of the forward pass", fn);
  elseif (! strcmp (cache.cell, cell))
    error (sprintf ("rnn:%s:invalidCache", fn),
           "%s: CACHE comes from a \"%s\" layer, not a \"%s\" layer", fn,
           cache.cell, cell);
  endif
endfunction
