## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{ds}, @var{dH}, @var{dp}] =} attention_backward (@var{dctx}, @var{dalpha}, @var{cache})
## @deftypefnx {} {[@var{ds}, @var{dH}, @var{dp}, @var{dK}] =} attention_backward (@dots{})
## Gradients of one attention step.
##
## @var{dctx} (@code{[n_h, m]}) and @var{dalpha} (@code{[Tx, m]}) are the
## gradients of the loss with respect to the outputs @var{ctx} and
## @var{alpha} of @code{attention_forward}; either may be @code{[]} (no
## gradient from there).  @var{cache} is that call's third output.
##
## @var{ds} (@code{[n_s, m]}) and @var{dH} (@code{[n_h, m, Tx]}, 0 beyond
## each column's length) are the gradients with respect to @var{s} and
## @var{H}; @var{dp} has a field for each array of @var{p}
## (@code{dp.Ws}, @code{dp.Wh}, @code{dp.b}, @code{dp.v}; @code{dp.Wa};
## none for "dot"), so that @code{clip_gradients} and @code{adamupdate}
## take it.
##
## When the forward step had @code{"Keys"}, @var{dH} holds only the path
## through the context, @var{dK} is the gradient of the keys, and the key
## projection's gradients in @var{dp} (@code{Wh}, @code{b}; @code{Wa}) are
## zero: sum @var{dK} over the decoder steps and pass it to
## @code{attention_keys_backward} for the rest.  Without keys, @var{dK} is
## @code{[]}.
##
## @example
## @group
## p = attention_init ("general", 4, 6, "Seed", 1);
## s = randn (4, 2); H = randn (6, 2, 7);
## [ctx, alpha, cache] = attention_forward (s, H, p, "Lengths", [7 3]);
## [ds, dH, dp] = attention_backward (ones (6, 2), [], cache);
## size (dp.Wa)
##   @result{} ans =
##
##        4   6
##
## any (any (dH(:,2,4:7)))                  # beyond length 3
##   @result{} ans = 0
## @end group
## @end example
##
## @seealso{attention_forward, attention_keys_backward, gradcheck}
## @end deftypefn

function [ds, dH, dp, dK] = attention_backward (dctx, dalpha, cache)
  if (nargin != 3)
    print_usage ();
  endif
  if (! (iscell (cache) && numel (cache) == 7))
    error ("rnn:attention_backward:invalidCache",
           "attention_backward: CACHE must be the third output of attention_forward");
  endif
  [ds, dH, dp, dK] = __attention__ ("backward", "attention_backward", dctx,
                                    dalpha, cache{:});
endfunction

## the loss sum(ctx.*Wc) + sum(alpha.*Wa) and its gradient through the
## layer, for gradcheck over s, H and p
%!function [loss, g] = f_att (t, Wc, Wal, L, keys)
%!  opts = {"Lengths", L};
%!  if (keys)
%!    opts(end+1:end+2) = {"Keys", attention_keys(t.H, t.p)};
%!  endif
%!  [ctx, alpha, cache] = attention_forward (t.s, t.H, t.p, opts{:});
%!  loss = sum (ctx(:) .* Wc(:));
%!  if (! isempty (Wal)) loss += sum (alpha(:) .* Wal(:)); endif
%!  [g.s, g.H, g.p, dK] = attention_backward (Wc, Wal, cache);
%!  if (keys)
%!    [dH2, dp2] = attention_keys_backward (dK, t.H, t.p);
%!    g.H += dH2;
%!    for f = fieldnames (dp2)'
%!      g.p.(f{1}) += dp2.(f{1});
%!    endfor
%!  endif
%!  g.p.type = t.p.type;
%!endfunction

%!test
%! ## gradcheck of each form, with Lengths, with and without keys
%! randn ("state", 3);
%! n = 4; m = 3; Tx = 5; L = [5 2 4];
%! Wc = randn (n, m); Wal = randn (Tx, m);
%! for type = {"additive", "dot", "general"}
%!   for keys = [false true]
%!     t.s = randn (n, m); t.H = randn (n, m, Tx);
%!     t.p = attention_init (type{1}, n, n, 3, "Seed", 4);
%!     if (isfield (t.p, "b")) t.p.b = randn (3, 1); endif
%!     err = gradcheck (@(x) f_att (x, Wc, Wal, L, keys), t, "MaxEntries", Inf);
%!     assert (err < 1e-7, "%s keys=%d: %g", type{1}, keys, err);
%!     err = gradcheck (@(x) f_att (x, Wc, [], [5 5 5], keys), t, "MaxEntries", Inf);
%!     assert (err < 1e-7, "%s keys=%d no dalpha: %g", type{1}, keys, err);
%!   endfor
%! endfor

%!test
%! ## n_s != n_h, n_att different; no gradient beyond the lengths
%! randn ("state", 5);
%! for type = {"additive", "general"}
%!   t.s = randn (3, 2); t.H = randn (5, 2, 4);
%!   t.p = attention_init (type{1}, 3, 5, 2, "Seed", 1);
%!   Wc = randn (5, 2); Wal = randn (4, 2);
%!   err = gradcheck (@(x) f_att (x, Wc, Wal, [3 1], false), t, "MaxEntries", Inf);
%!   assert (err < 1e-7);
%!   [~, ~, cache] = attention_forward (t.s, t.H, t.p, "Lengths", [3 1]);
%!   [ds, dH] = attention_backward (randn (5, 2), randn (4, 2), cache);
%!   assert (dH(:,1,4), zeros (5, 1)); assert (dH(:,2,2:4), zeros (5, 1, 3));
%! endfor

%!test
%! ## single against double
%! randn ("state", 6);
%! s = randn (4, 3); H = randn (4, 3, 5); dc = randn (4, 3); da = randn (5, 3);
%! for type = {"additive", "dot", "general"}
%!   p = attention_init (type{1}, 4, 4, "Seed", 1);
%!   [~, ~, c] = attention_forward (s, H, p, "Lengths", [5 1 3]);
%!   [ds, dH, dp] = attention_backward (dc, da, c);
%!   [~, ~, c1] = attention_forward (single (s), H, p, "Lengths", [5 1 3]);
%!   [ds1, dH1, dp1] = attention_backward (dc, da, c1);
%!   assert (class (ds1), "single");
%!   assert (ds1, single (ds), 1e-5); assert (dH1, single (dH), 1e-5);
%!   for f = fieldnames (dp)'
%!     assert (dp1.(f{1}), single (dp.(f{1})), 1e-5);
%!   endfor
%! endfor

%!shared c
%! p = attention_init ("additive", 2, 3, 4); 
%! [~, ~, c] = attention_forward (randn (2, 2), randn (3, 2, 4), p);
%!error <Invalid call> attention_backward (1, 2)
%!error id=rnn:attention_backward:invalidCache attention_backward ([], [], {1})
%!error id=rnn:attention_backward:sizeMismatch attention_backward (ones (3, 3), [], c)
%!error id=rnn:attention_backward:sizeMismatch attention_backward ([], ones (3, 2), c)
%!error id=rnn:attention_backward:sizeMismatch attention_backward ([], [], {c{1:5}, ones(3, 2), c{7}})
%!error id=rnn:attention_backward:sizeMismatch attention_backward ([], [], {c{1:6}, ones(4, 2, 3)})
%!error id=rnn:attention_backward:invalidClass attention_backward ("ab", [], c)
