## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{p} =} attention_init (@var{type}, @var{n_s}, @var{n_h})
## @deftypefnx {} {@var{p} =} attention_init (@var{type}, @var{n_s}, @var{n_h}, @var{n_att})
## @deftypefnx {} {@var{p} =} attention_init (@dots{}, "Seed", @var{seed}, "Class", @var{class})
## Parameters of an attention mechanism.
##
## A decoder state @code{s} (@code{[n_s, m]}) attends to the encoder
## outputs @code{H} (@code{[n_h, m, Tx]}) through scores
## @code{e(t,j)} of one of three forms (@var{type}):
##
## @table @asis
## @item "additive"
## Bahdanau, Cho and Bengio (2015), the course's form:
## @code{e = v' * tanh (Ws*s + Wh*h_t + b)}, fields @code{Ws}
## @code{[n_att, n_s]}, @code{Wh} @code{[n_att, n_h]}, @code{b} and
## @code{v} @code{[n_att, 1]}.  @var{n_att} (default @var{n_h}) is the
## width of the hidden layer of this small network.
## @item "dot"
## Luong, Pham and Manning (2015): @code{e = s' * h_t}; no parameters,
## @var{n_s} must equal @var{n_h}.
## @item "general"
## Luong et al.: @code{e = s' * Wa * h_t}, field @code{Wa} @code{[n_s, n_h]}.
## @end table
##
## @var{p} is a struct with a field @code{type} and those arrays; the
## weights are drawn uniformly from @code{[-r, r]} with
## @code{r = sqrt (6 / (fan_in + fan_out))} (Glorot), the biases start at
## zero.  Options: @code{"Seed"} (reproducible weights; the global random
## state is left as it was) and @code{"Class"} ("double" or "single").
##
## @example
## @group
## p = attention_init ("additive", 8, 6, 5);   # n_s = 8, n_h = 6, n_att = 5
## size (p.Wh)
##   @result{} ans =
##
##        5   6
##
## @end group
## @end example
##
## @seealso{attention_forward, attention_backward, attention_keys, seq2seq_init}
## @end deftypefn

function p = attention_init (type, n_s, n_h, varargin)
  if (nargin < 3)
    print_usage ();
  endif
  fn = "attention_init";
  type = __choice__ (fn, "TYPE", type, {"additive", "dot", "general"});
  n_att = n_h;
  args = varargin;
  if (mod (numel (args), 2) == 1)
    n_att = args{1};
    args(1) = [];
  endif
  for v = {n_s, "N_S"; n_h, "N_H"; n_att, "N_ATT"}'
    x = v{1};
    if (! (isnumeric (x) && isscalar (x) && isreal (x) && x >= 0 && x == fix (x)
           && x < 2^31))
      error ("rnn:attention_init:invalidSize",
             "attention_init: %s must be a non-negative integer, not %s",
             v{2}, __show__ (x));
    endif
  endfor
  n_s = double (n_s); n_h = double (n_h); n_att = double (n_att);
  o = __name_value__ (fn, struct ("seed", [], "class", "double"), args,
                      "Seed, Class");
  cls = __choice__ (fn, "Class", o.class, {"double", "single"});
  if (! isempty (o.seed) && ! (isnumeric (o.seed) && isscalar (o.seed)
                               && isreal (o.seed) && isfinite (o.seed)))
    error ("rnn:attention_init:invalidOption",
           "attention_init: Seed must be a finite real scalar");
  endif
  if (strcmp (type, "dot") && n_s != n_h)
    error ("rnn:attention_init:sizeMismatch",
           "attention_init: dot attention needs N_S = N_H, not %d and %d", n_s, n_h);
  endif
  if (! isempty (o.seed))
    old = rand ("state");
    rand ("state", o.seed);
    unwind_protect
      p = make (type, n_s, n_h, n_att, cls);
    unwind_protect_cleanup
      rand ("state", old);
    end_unwind_protect
  else
    p = make (type, n_s, n_h, n_att, cls);
  endif
endfunction

function p = make (type, n_s, n_h, n_att, cls)
  glorot = @(r, c) cast ((2 * rand (r, c) - 1) * sqrt (6 / max (r + c, 1)), cls);
  p = struct ("type", type);
  switch (type)
    case "additive"
      p.Ws = glorot (n_att, n_s);
      p.Wh = glorot (n_att, n_h);
      p.b = zeros (n_att, 1, cls);
      p.v = glorot (n_att, 1);
    case "general"
      p.Wa = glorot (n_s, n_h);
  endswitch
endfunction

%!test
%! p = attention_init ("additive", 4, 6, 3);
%! assert (fieldnames (p)', {"type", "Ws", "Wh", "b", "v"});
%! assert (size (p.Ws), [3 4]); assert (size (p.Wh), [3 6]);
%! assert (p.b, zeros (3, 1)); assert (size (p.v), [3 1]);
%! assert (all (abs (p.Wh(:)) <= sqrt (6 / 9)));
%! assert (size (attention_init ("additive", 4, 6).Ws), [6 4]);   # n_att = n_h
%! p = attention_init ("general", 4, 6, "Class", "single");
%! assert (fieldnames (p)', {"type", "Wa"}); assert (class (p.Wa), "single");
%! assert (size (p.Wa), [4 6]);
%! assert (attention_init ("DOT", 5, 5), struct ("type", "dot"));

%!test
%! ## seeded: reproducible, the global state left alone
%! r = rand ("state");
%! assert (attention_init ("general", 3, 4, "Seed", 2), attention_init ("general", 3, 4, "Seed", 2));
%! assert (rand ("state"), r);

%!error <Invalid call> attention_init ("dot", 2)
%!error id=rnn:attention_init:invalidOption attention_init ("cosine", 2, 2)
%!error id=rnn:attention_init:sizeMismatch attention_init ("dot", 2, 3)
%!error id=rnn:attention_init:invalidSize attention_init ("general", -1, 3)
%!error id=rnn:attention_init:invalidSize attention_init ("additive", 2, 3, 1.5)
%!error id=rnn:attention_init:invalidOption attention_init ("additive", 2, 3, 4, "Sead", 1)
%!error id=rnn:attention_init:invalidOption attention_init ("additive", 2, 3, "Class", "int8")
