## V = __get_opt__ (Q, NAME, DEFAULT) - Q.(NAME) if Q has that field, else
## DEFAULT.
function v = __get_opt__ (q, name, default)
  if (isfield (q, name))
    v = q.(name);
  else
    v = default;
  endif
endfunction
