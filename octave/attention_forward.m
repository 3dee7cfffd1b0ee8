## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{ctx}, @var{alpha}, @var{cache}] =} attention_forward (@var{s}, @var{H}, @var{p})
## @deftypefnx {} {[@dots{}] =} attention_forward (@dots{}, "Lengths", @var{L}, "Keys", @var{K})
## One decoder step of attention: weights over the source steps and the
## context they make.
##
## @var{s} is the decoder state @code{[n_s, m]}, @var{H} the encoder
## outputs @code{[n_h, m, Tx]} and @var{p} made by @code{attention_init}.
## For each batch column @var{j} the scores @code{e(t,j)} (see
## @code{attention_init} for the three forms) become weights by a softmax
## over the source steps, and the context is their weighted sum:
##
## @example
## @group
## alpha(:,j) = softmax (e(:,j))              # [Tx, m], columns sum to 1
## ctx(:,j)   = sum_t alpha(t,j) * H(:,j,t)   # [n_h, m]
## @end group
## @end example
##
## With @code{"Lengths"}, column @var{j} attends to its first
## @code{L(j)} source steps only: its scores beyond are masked, so its
## weights there are exactly 0, and values of @var{H} there are never read.
##
## @code{"Keys"}, @var{K} = @code{attention_keys (H, p)}: the part of the
## scores that does not depend on the decoder state (@code{Wh*H + b},
## @code{Wa*H}), computed once per sequence instead of at every step.  A
## decoder passes it to every step; @code{attention_backward} then returns
## the keys' gradient @var{dK}, which the decoder sums over its steps and
## hands to @code{attention_keys_backward} once.
##
## The work of a step is one matrix product for the query (@code{Ws*s};
## @code{Wa'*s} for "general" without keys) and passes over @var{H} (and
## the keys) in C; @var{cache} holds what @code{attention_backward} needs.
## Single and double may be mixed: the step then computes in single.
##
## @example
## @group
## p = attention_init ("additive", 4, 6, 5, "Seed", 1);
## s = randn (4, 2); H = randn (6, 2, 7);          # 2 sources of 7 steps
## [ctx, alpha] = attention_forward (s, H, p, "Lengths", [7 3]);
## size (ctx)
##   @result{} ans =
##
##        6   2
##
## alpha(4:7, 2)'                                  # beyond length 3
##   @result{} ans =
##
##        0   0   0   0
##
## @end group
## @end example
##
## @seealso{attention_backward, attention_init, attention_keys, seq2seq_loss}
## @end deftypefn

function [ctx, alpha, cache] = attention_forward (s, H, p, varargin)
  if (nargin < 3 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  o = __name_value__ ("attention_forward", struct ("keys", [], "lengths", []),
                      varargin, "Lengths, Keys");     # the gateway checks the values
  K = o.keys; L = o.lengths;
  [ctx, alpha, A] = __attention__ ("forward", "attention_forward", s, H, p, K, L);
  if (nargout > 2)
    cache = {s, H, p, K, L, alpha, A};   # attention_backward reads it
  endif
endfunction

%!demo
%! ## the weights of 4 decoder states over 8 source steps; the second
%! ## source is 5 steps long, so its weights beyond are 0
%! p = attention_init ("dot", 3, 3);
%! H = randn (3, 2, 8); s = 2 * randn (3, 2);
%! [ctx, alpha] = attention_forward (s, H, p, "Lengths", [8 5]);
%! bar (alpha); xlabel ("source step"); ylabel ("weight"); legend ("column 1", "column 2");

## A plain Octave loop of the three score forms: the independent reference.
%!function [ctx, alpha] = ref_att (s, H, p, L)
%!  [n_h, m, Tx] = size (H); ctx = zeros (n_h, m); alpha = zeros (Tx, m);
%!  for j = 1:m
%!    e = zeros (L(j), 1);
%!    for t = 1:L(j)
%!      h = H(:,j,t);
%!      switch (p.type)
%!        case "additive", e(t) = p.v' * tanh (p.Ws * s(:,j) + p.Wh * h + p.b);
%!        case "dot",      e(t) = s(:,j)' * h;
%!        case "general",  e(t) = s(:,j)' * p.Wa * h;
%!      endswitch
%!    endfor
%!    a = exp (e - max (e)); a = a / sum (a);
%!    alpha(1:L(j),j) = a;
%!    ctx(:,j) = squeeze (H(:,j,1:L(j))) * a;
%!  endfor
%!endfunction

%!test
%! randn ("state", 1);
%! s = randn (4, 3); H = randn (4, 3, 5); L = [5 2 3];
%! for type = {"additive", "dot", "general"}
%!   p = attention_init (type{1}, 4, 4, 3, "Seed", 2);
%!   if (isfield (p, "b")) p.b(:) = 0.1; endif
%!   [ctx, alpha] = attention_forward (s, H, p, "Lengths", L);
%!   [cr, ar] = ref_att (s, H, p, L);
%!   assert (ctx, cr, 1e-14); assert (alpha, ar, 1e-14);
%!   assert (alpha(3:end,2), zeros (3, 1));   # exactly 0 beyond the length
%!   ## without Lengths: all steps
%!   [ctx, alpha] = attention_forward (s, H, p);
%!   [cr, ar] = ref_att (s, H, p, [5 5 5]);
%!   assert (ctx, cr, 1e-14); assert (alpha, ar, 1e-14);
%!   ## with the keys computed once: the same
%!   [c2, a2] = attention_forward (s, H, p, "Keys", attention_keys (H, p));
%!   assert (c2, ctx, 1e-14); assert (a2, alpha, 1e-14);
%!   ## single
%!   [c1, a1] = attention_forward (single (s), H, p);
%!   assert (class (c1), "single"); assert (c1, single (cr), 1e-5);
%! endfor

%!test
%! ## the padding is never read: NaN there changes nothing
%! p = attention_init ("additive", 2, 3, 4, "Seed", 1);
%! s = randn (2, 2); H = randn (3, 2, 4); L = [4 2];
%! [c0, a0] = attention_forward (s, H, p, "Lengths", L);
%! H(:,2,3:4) = NaN;
%! [c1, a1] = attention_forward (s, H, p, "Lengths", L);
%! assert (c1, c0); assert (a1, a0);
%! [c2, a2] = attention_forward (s, H, p, "Lengths", L, "Keys", attention_keys (H, p));
%! assert (c2, c0, 1e-15); assert (a2, a0, 1e-15);

%!test
%! ## empty batch, no source steps, n_h = 0
%! p = attention_init ("general", 2, 3);
%! [c, a] = attention_forward (zeros (2, 0), zeros (3, 0, 4), p);
%! assert (size (c), [3 0]); assert (size (a), [4 0]);
%! [c, a] = attention_forward (ones (2, 2), zeros (3, 2, 0), p);
%! assert (c, zeros (3, 2)); assert (size (a), [0 2]);

%!shared p, s, H
%! p = attention_init ("additive", 2, 3, 4); s = randn (2, 2); H = randn (3, 2, 4);
%!error <Invalid call> attention_forward (s, H)
%!error <Invalid call> attention_forward (s, H, p, "Lengths")
%!error id=rnn:attention_forward:sizeMismatch attention_forward (randn (2, 3), H, p)
%!error <same batch size> attention_forward (randn (2, 3), H, p)
%!error id=rnn:attention_forward:sizeMismatch attention_forward (s, randn (4, 2, 3), p)
%!error id=rnn:attention_forward:sizeMismatch attention_forward (s, H, attention_init ("dot", 3, 3))
%!error id=rnn:attention_forward:invalidLengths attention_forward (s, H, p, "Lengths", [1 5])
%!error id=rnn:attention_forward:invalidLengths attention_forward (s, H, p, "Lengths", [0 2])
%!error id=rnn:attention_forward:invalidLengths attention_forward (s, H, p, "Lengths", [1 2 3])
%!error id=rnn:attention_forward:invalidOption attention_forward (s, H, setfield (p, "type", "cosine"))
%!error id=rnn:attention_forward:unknownField attention_forward (s, H, setfield (p, "Wa", 1))
%!error id=rnn:attention_forward:missingField attention_forward (s, H, rmfield (p, "v"))
%!error id=rnn:attention_forward:invalidClass attention_forward (int8 (s), H, p)
%!error id=rnn:attention_forward:complexInput attention_forward (s, complex (H), p)
%!error id=rnn:attention_forward:invalidOption attention_forward (s, H, p, "Lenghts", [1 2])
%!error id=rnn:attention_forward:sizeMismatch attention_forward (s, H, p, "Keys", ones (3, 2, 4))
%!error id=rnn:attention_forward:invalidParams attention_forward (s, H, [p p])
