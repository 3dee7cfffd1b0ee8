## S = __choice__ (FN, NAME, VALUE, CHOICES) - VALUE (a string, any case) as
## the lowercase member of CHOICES, else error rnn:FN:invalidOption naming
## NAME and the choices.
function s = __choice__ (fn, name, value, choices)
  if (ischar (value) && isrow (value))
    k = find (strcmpi (value, choices), 1);
    if (! isempty (k))
      s = choices{k};
      return;
    endif
  endif
  error (sprintf ("rnn:%s:invalidOption", fn),
         "%s: %s must be one of \"%s\", not %s", fn, name,
         strjoin (choices, "\", \""), __show__ (value));
endfunction
