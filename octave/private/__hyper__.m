## V = __hyper__ (FN, NAME, V, DEF, LO, HI, HI_IN) - an optimiser's
## hyperparameter: DEF when V is [], else V checked to be a real finite
## scalar in [LO, HI] (HI_IN true) or [LO, HI); error
## rnn:FN:invalidHyperparameter otherwise.
function v = __hyper__ (fn, name, v, def, lo, hi, hi_in)
  if (isempty (v) && isnumeric (v))
    v = def;
    return;
  endif
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && isfinite (v)
         && v >= lo && (v < hi || (hi_in && v <= hi))))
    close = ")";
    if (hi_in) close = "]"; endif
    error (sprintf ("rnn:%s:invalidHyperparameter", fn),
           "%s: %s must be a real scalar in [%g, %g%s, not %s", fn, name, lo, hi,
           close, __show__ (v));
  endif
  v = double (full (v));
endfunction
