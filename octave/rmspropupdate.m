## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{p}, @var{avgSqGrad}] =} rmspropupdate (@var{p}, @var{g}, @var{avgSqGrad})
## @deftypefnx {} {[@var{p}, @var{avgSqGrad}] =} rmspropupdate (@dots{}, @var{learnRate}, @var{sqGradDecay}, @var{epsilon})
## Update parameters with RMSProp (root mean square propagation).
##
## The signature, defaults and formulas are those of MATLAB's Deep Learning
## Toolbox (Tieleman and Hinton 2012): for each parameter array @code{x}
## with gradient @code{dx},
## @example
## v = sqGradDecay*v + (1 - sqGradDecay)*dx.^2
## x = x - learnRate*dx./(sqrt(v) + epsilon)
## @end example
## (PyTorch's RMSprop computes the same with @code{alpha = sqGradDecay}.)
##
## @var{p} is a parameter struct (e.g.@: from @code{rnn_init}), a cell array
## or a numeric array; structs (scalar or arrays) and cells may be nested.
## @var{g} is the gradient with the same structure (e.g.@: the @var{dp} of
## @code{rnn_backward}), walked together with @var{p} by field name: every
## single or double field of @var{p} that has a field of the same name in
## @var{g} is updated; fields of @var{p} without one and non-numeric fields
## (@code{p.cell}, @code{p.direction}, logicals) are left alone.  A gradient
## field that @var{p} lacks is an error.
##
## @var{avgSqGrad} is the moving average of the squared gradient:
## @code{[]} on the first call, then the returned one.  Defaults:
## @var{learnRate} 0.001, @var{sqGradDecay} 0.9, @var{epsilon} 1e-8;
## @code{[]} also means the default.
##
## @example
## @group
## p = rnn_init ("gru", 3, 4, "Seed", 1);
## [Y, ~, cache] = gru_forward (randn (3, 2, 5), [], p);
## [~, dp] = gru_backward (Y, [], cache);        # loss 0.5*sum(Y(:).^2)
## [p, avgSqGrad] = rmspropupdate (p, dp, []);
## ## the first step moves each element by learnRate/sqrt(1 - sqGradDecay):
## q = rmspropupdate (struct ("x", [3; -2]), struct ("x", [6; -4]), [], 0.01);
## q.x
##   @result{}  2.9684
##       -1.9684
## @end group
## @end example
##
## @seealso{adamupdate, sgdmupdate, clip_gradients}
## @end deftypefn

function [p, avgSqGrad] = rmspropupdate (p, g, avgSqGrad, learnRate = [],
                                         sqGradDecay = [], epsilon = [])
  if (nargin < 3 || nargin > 6)
    print_usage ();
  endif
  fn = "rmspropupdate";
  H.lr = __hyper__ (fn, "learnRate", learnRate, 0.001, 0, Inf, true);
  H.b2 = __hyper__ (fn, "sqGradDecay", sqGradDecay, 0.9, 0, 1, false);
  H.ep = __hyper__ (fn, "epsilon", epsilon, 1e-8, 0, Inf, false);
  if (! (H.ep > 0))
    error ("rnn:rmspropupdate:invalidHyperparameter",
           "rmspropupdate: epsilon must be a positive finite real scalar, not %s",
           __show__ (epsilon));
  endif
  ## s = decay*s + (1-decay)*g.^2, p = p - lr*g./(sqrt(s)+epsilon)
  [p, S] = __update_walk__ (fn, "rmsprop", [H.lr, H.b2, H.ep], p, g,
                            {avgSqGrad}, {"AVGSQGRAD"});
  avgSqGrad = S{1};
endfunction

%!test
%! ## by hand: first step v = 0.1 g.^2, so the step is lr*g/(sqrt(0.1)|g| + eps)
%! [p, v] = rmspropupdate ([1 2 3], [2 -1 0], []);
%! assert (v, 0.1 * [4 1 0], eps);
%! assert (p, [1 2 3] - 0.001 * [2 -1 0] ./ (sqrt (0.1 * [4 1 0]) + 1e-8), eps);
%! [p2, v2] = rmspropupdate (p, [1 1 1], v, 0.01, 0.5, 1e-3);
%! assert (v2, 0.5 * v + 0.5, eps);
%! assert (p2, p - 0.01 ./ (sqrt (v2) + 1e-3), eps);
%! assert (rmspropupdate (3, 2, [], [], [], []), rmspropupdate (3, 2, []));

%!test
%! ## structs by field name; non-numeric and gradient-less fields untouched
%! p = struct ("cell", "rnn", "W", [1 2], "R", 5, "activation", "tanh");
%! [q, v] = rmspropupdate (p, struct ("W", [1 -1]), []);
%! assert (q.R, 5); assert (q.cell, "rnn"); assert (q.activation, "tanh");
%! assert (q.W, rmspropupdate ([1 2], [1 -1], []));
%! assert (fieldnames (v), {"W"});
%! [Q, V] = rmspropupdate ({struct("a", 1), [1 2]}, {struct("a", 2), [0 1]}, []);
%! assert (Q{1}.a, rmspropupdate (1, 2, [])); assert (V{2}, [0 0.1], eps);

%!test
%! ## converges on a quadratic bowl
%! p = struct ("x", [3; -2]); v = [];
%! for it = 1:2000
%!   [p, v] = rmspropupdate (p, struct ("x", 2 * p.x), v, 0.01);
%! endfor
%! assert (norm (p.x) < 0.05);

%!error <Invalid call> rmspropupdate (1, 1)
%!error <sqGradDecay must be a real scalar in \[0, 1\), not 1> rmspropupdate (1, 1, [], 0.1, 1)
%!error <epsilon must be a positive> rmspropupdate (1, 1, [], 0.1, 0.9, 0)
%!error id=rnn:rmspropupdate:invalidHyperparameter rmspropupdate (1, 1, [], -1)
%!error <GRAD\{1\} must be 1x2 like P\{1\}, not 1x3> rmspropupdate ({[1 2]}, {[1 2 3]}, [])
%!error <AVGSQGRAD\{1\} must be a 1x2 array> rmspropupdate ({[1 2]}, {[1 2]}, {3})
%!error id=rnn:rmspropupdate:fieldMismatch rmspropupdate (struct ("W", 1), struct ("W", 1, "b", 2), [])
%!error id=rnn:rmspropupdate:invalidGradient rmspropupdate (struct ("W", 1), struct ("W", "x"), [])
%!error id=rnn:rmspropupdate:invalidClass rmspropupdate ({int16(1)}, {1}, [])
