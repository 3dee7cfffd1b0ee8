## TF = __flag__ (FN, NAME, V) - the option NAME's value V as a logical
## scalar: true, false, 1 or 0; anything else raises rnn:FN:invalidOption
## naming NAME and showing V.
function tf = __flag__ (fn, name, v)
  if (! ((islogical (v) || isnumeric (v)) && isscalar (v) && isreal (v)
         && (v == 0 || v == 1)))
    error (["rnn:" fn ":invalidOption"], "%s: %s must be true or false, not %s",
           fn, name, __show__ (v));
  endif
  tf = logical (v);
endfunction
