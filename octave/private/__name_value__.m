## O = __name_value__ (FN, O, ARGS, NAMES) - the Name/Value pairs ARGS (an
## even number of them: the caller checks) into O, a struct of defaults whose
## field names are the options in lower case; names match case-insensitively.
## A name that is not a string, or not a field of O, raises
## rnn:FN:invalidOption with a message that lists NAMES, the options as the
## help text spells them.
function o = __name_value__ (fn, o, args, names)
  for k = 1:2:numel (args)
    name = args{k};
    if (! (ischar (name) && isrow (name)) || ! isfield (o, lower (name)))
      error (["rnn:" fn ":invalidOption"], "%s: unknown option %s (options: %s)",
             fn, __show__ (name), names);
    endif
    o.(lower (name)) = args{k+1};
  endfor
endfunction
