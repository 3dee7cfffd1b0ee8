## S = __dims__ (X) - the size of X as "2x3x4", for error messages.
function s = __dims__ (x)
  s = sprintf ("%dx", size (x))(1:end-1);
endfunction
