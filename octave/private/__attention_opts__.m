## [K, L] = __attention_opts__ (FN, ARGS) - the Name/Value options of
## attention_forward ("Keys", "Lengths"), [] when absent; the gateway
## checks the values.
function [K, L] = __attention_opts__ (fn, args)
  K = []; L = [];
  for k = 1:2:numel (args)
    name = args{k};
    if (ischar (name) && strcmpi (name, "Lengths"))
      L = args{k+1};
    elseif (ischar (name) && strcmpi (name, "Keys"))
      K = args{k+1};
    else
      error (["rnn:" fn ":invalidOption"],
             "%s: unknown option %s (options: Lengths, Keys)", fn, __show__ (name));
    endif
  endfor
endfunction
