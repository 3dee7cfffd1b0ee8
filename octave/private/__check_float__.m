## __check_float__ (FN, X, NAME) - X must be a real, full single or double
## array; else error rnn:FN:invalidClass, complexInput or sparseInput,
## naming NAME.
function __check_float__ (fn, x, name)
  if (! isfloat (x))
    error (sprintf ("rnn:%s:invalidClass", fn),
           "%s: %s must be a single or double array, not %s", fn, name, class (x));
  elseif (iscomplex (x))
    error (sprintf ("rnn:%s:complexInput", fn),
           "%s: %s must be real, not complex", fn, name);
  elseif (issparse (x))
    error (sprintf ("rnn:%s:sparseInput", fn),
           "%s: %s must be a full array, not sparse", fn, name);
  endif
endfunction
