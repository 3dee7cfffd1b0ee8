## C = __cache_args__ (CACHE) - the arguments that stand for CACHE in a call
## of __layer_backward__: its fields one by one when it has them all (Octave
## passes arrays that are arguments of their own to a MEX function without a
## copy, but copies a whole struct when one of its fields is read), else
## {CACHE} itself, for the gateway to say what is wrong with it.
function c = __cache_args__ (cache)
  if (isstruct (cache) && isscalar (cache)
      && all (isfield (cache, {"cell", "X", "p", "options", "Sh", "Sc", "Z"})))
    c = {cache.cell, cache.X, cache.p, cache.options, cache.Sh, cache.Sc, cache.Z};
  else
    c = {cache};
  endif
endfunction
