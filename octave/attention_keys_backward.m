## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dH}, @var{dp}] =} attention_keys_backward (@var{dK}, @var{H}, @var{p})
## Gradient through @code{K = attention_keys (H, p)}.
##
## @var{dK} is the gradient of the loss with respect to the keys, usually
## the sum over a decoder's steps of the fourth output of
## @code{attention_backward}.  @var{dH} (@code{[n_h, m, Tx]}) is the
## gradient with respect to @var{H} through the keys (add it to the
## context path's), and @var{dp} has the fields of @var{p}'s arrays with
## the key projection's gradients (@code{dp.Wh = dK*H'},
## @code{dp.b = sum (dK)}; @code{dp.Wa}) and zeros in the others, so that
## it adds to the steps' @var{dp} field by field.  Entries of @var{H}
## beyond a sequence's length meet zeros in @var{dK}; they must be finite
## (an encoder's outputs there are 0).
##
## @example
## @group
## p = attention_init ("general", 4, 6);
## H = randn (6, 2, 7);
## [dH, dp] = attention_keys_backward (ones (4, 2, 7), H, p);
## size (dp.Wa)
##   @result{} ans =
##
##        4   6
##
## @end group
## @end example
##
## @seealso{attention_keys, attention_backward}
## @end deftypefn

function [dH, dp] = attention_keys_backward (dK, H, p)
  if (nargin != 3)
    print_usage ();
  endif
  fn = "attention_keys_backward";
  [W, ~, type] = __attention_keyproj__ (fn, H, p);
  __check_float__ (fn, dK, "dK");
  n_k = rows (H);
  if (! strcmp (type, "dot")) n_k = rows (W); endif
  sz = size (H); sz(end+1:3) = 1; sz(1) = n_k;
  if (ndims (dK) > 3 || ! isequal ([size(dK), 1](1:3), sz(1:3)))
    error ("rnn:attention_keys_backward:sizeMismatch",
           "attention_keys_backward: dK must be %s like the keys, not %s",
           sprintf ("%dx%dx%d", sz(1:3)), __dims__ (dK));
  endif
  N = sz(2) * sz(3);
  try
    dp = struct ();
    switch (type)
      case "dot"
        dH = dK;
      otherwise                         # K = W H (+ b): general, additive
        dK2 = reshape (dK, n_k, N);
        dW = dK2 * reshape (H, rows (H), N)';
        dH = reshape (W' * dK2, size (H));
        if (strcmp (type, "general"))
          dp.Wa = dW;
        else
          dp.Ws = zeros (size (__get_opt__ (p, "Ws", [])), class (dW));
          dp.Wh = dW;
          dp.b = sum (dK2, 2);
          dp.v = zeros (size (__get_opt__ (p, "v", [])), class (dW));
        endif
    endswitch
  catch err                             # sizes beyond BLAS's or memory
    error ("rnn:attention_keys_backward:outOfMemory",
           "attention_keys_backward: the gradients for H (%s) cannot be made (%s)",
           __dims__ (H), err.message);
  end_try_catch
endfunction

%!test
%! ## against gradcheck of sum (K .* G)
%! randn ("state", 2);
%! for type = {"additive", "general", "dot"}
%!   t.H = randn (3, 2, 4); t.p = attention_init (type{1}, 3, 3, 5);
%!   if (isfield (t.p, "b")) t.p.b = randn (5, 1); endif
%!   G = randn (size (attention_keys (t.H, t.p)));
%!   [dH, dp] = attention_keys_backward (G, t.H, t.p);
%!   dp.type = t.p.type;
%!   err = gradcheck (@(x) deal (sum (attention_keys (x.H, x.p)(:) .* G(:)), struct ("H", dH, "p", dp)), t, "MaxEntries", Inf);
%!   assert (err < 1e-7);
%! endfor

%!error <Invalid call> attention_keys_backward (1, 2)
%!error id=rnn:attention_keys_backward:sizeMismatch attention_keys_backward (ones (2, 2, 2), randn (3, 2, 2), attention_init ("general", 4, 3))
%!error id=rnn:attention_keys_backward:invalidClass attention_keys_backward ("a", randn (3, 2, 2), attention_init ("general", 4, 3))
