## __check_step__ (FN, XT, P) - a cell-step function takes one time step
## [n_x, m] of a unidirectional layer; error rnn:FN:invalidInput otherwise.
## (The gateway validates everything else about P.)
function __check_step__ (fn, xt, p)
  if (ndims (xt) > 2)
    error (sprintf ("rnn:%s:invalidInput", fn),
           "%s: XT must be one time step [n_x, m], not %s", fn, mat2str (size (xt)));
  elseif (isstruct (p) && isscalar (p) && isfield (p, "direction")
          && ischar (p.direction) && strcmpi (p.direction, "bidirectional"))
    error (sprintf ("rnn:%s:invalidInput", fn),
           "%s: a single step has no bidirectional form; use the sequence function", fn);
  endif
endfunction
