## LAYERS = __layer_list__ (FN, X, NAME, WHAT) - X (a struct, a struct array
## or a cell array of scalar structs) as a cell array of scalar structs, one
## per layer; else error rnn:FN:invalidInput, saying that NAME must be WHAT
## (e.g. "a parameter struct"), a struct array or a cell array of them.
function layers = __layer_list__ (fn, x, name, what)
  if (isstruct (x))
    layers = num2cell (x);
  elseif (iscell (x))
    layers = x;
  else
    layers = {};
  endif
  if (isempty (layers) || ! all (cellfun (@(q) isstruct (q) && isscalar (q), layers)))
    error (sprintf ("rnn:%s:invalidInput", fn),
           "%s: %s must be %s, a struct array or a cell array of them", fn, name, what);
  endif
endfunction
