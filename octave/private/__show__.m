## S = __show__ (V) - a short description of V for an error message.
function s = __show__ (v)
  if (ischar (v) && isrow (v))
    s = ["\"" v "\""];
  elseif (isnumeric (v) && isscalar (v))
    s = num2str (v);
  else
    s = sprintf ("a %s %s", strjoin (arrayfun (@num2str, size (v), "uniformoutput", false), "x"), class (v));
  endif
endfunction
