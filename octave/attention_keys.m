## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {@var{K} =} attention_keys (@var{H}, @var{p})
## The keys of attention: the part of the scores that depends on the
## encoder outputs only, computed once per source sequence.
##
## @var{H} is @code{[n_h, m, Tx]}.  @var{K} is @code{Wh*H + b}
## (@code{[n_att, m, Tx]}) for "additive" attention, @code{Wa*H}
## (@code{[n_s, m, Tx]}) for "general" and @var{H} itself for "dot": one
## matrix product over all @code{m*Tx} columns.  Pass it to every decoder
## step, @code{attention_forward (s, H, p, "Keys", K)}, instead of letting
## each step project @var{H} again.  Its gradient goes back through
## @code{attention_keys_backward}.
##
## @example
## @group
## p = attention_init ("additive", 4, 6, 5);
## H = randn (6, 2, 7);
## K = attention_keys (H, p);
## size (K)
##   @result{} ans =
##
##        5   2   7
##
## @end group
## @end example
##
## @seealso{attention_forward, attention_keys_backward}
## @end deftypefn

function K = attention_keys (H, p)
  if (nargin != 2)
    print_usage ();
  endif
  [W, b, type] = __attention_keyproj__ ("attention_keys", H, p);
  if (strcmp (type, "dot"))             # the keys are H
    K = H;
  else
    sz = size (H); sz(end+1:3) = 1;
    H2 = reshape (H, sz(1), sz(2) * sz(3));   # (not [], ambiguous when empty)
    sz(1) = rows (W);
    try
      K = reshape (W * H2 + b, sz);
    catch err                           # sizes beyond BLAS's or memory
      error ("rnn:attention_keys:outOfMemory",
             "attention_keys: the keys of H (%s) cannot be made (%s)",
             __dims__ (H), err.message);
    end_try_catch
  endif
endfunction

%!test
%! H = randn (3, 2, 4);
%! p = attention_init ("additive", 2, 3, 5); p.b = (1:5)';
%! K = attention_keys (H, p);
%! for t = 1:4
%!   assert (K(:,:,t), p.Wh * H(:,:,t) + p.b, 1e-14);
%! endfor
%! p = attention_init ("general", 2, 3);
%! assert (attention_keys (H, p)(:,:,2), p.Wa * H(:,:,2), 1e-14);
%! assert (attention_keys (H, attention_init ("dot", 3, 3)), H);
%! assert (size (attention_keys (zeros (3, 0, 2), p)), [2 0 2]);
%! assert (size (attention_keys (H, attention_init ("additive", 2, 3, 0))), [0 2 4]);
%! assert (size (attention_keys (zeros (0, 2, 3), attention_init ("additive", 2, 0, 1))), [1 2 3]);

%!error <Invalid call> attention_keys (1)
%!error id=rnn:attention_keys:sizeMismatch attention_keys (randn (2, 2, 2), attention_init ("general", 2, 3))
%!error id=rnn:attention_keys:invalidParams attention_keys (randn (2, 2, 2), 1)
%!error id=rnn:attention_keys:invalidClass attention_keys (int8 (1), attention_init ("dot", 1, 1))
