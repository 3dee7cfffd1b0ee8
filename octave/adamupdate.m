## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{p}, @var{avgGrad}, @var{avgSqGrad}] =} adamupdate (@var{p}, @var{g}, @var{avgGrad}, @var{avgSqGrad}, @var{iteration})
## @deftypefnx {} {[@dots{}] =} adamupdate (@dots{}, @var{learnRate}, @var{gradDecay}, @var{sqGradDecay}, @var{epsilon})
## Update parameters with the Adam optimiser (adaptive moment estimation).
##
## The signature, defaults and formulas are those of MATLAB's Deep Learning
## Toolbox: for each parameter array @code{x} with gradient @code{dx},
## @example
## m = gradDecay*m + (1 - gradDecay)*dx
## v = sqGradDecay*v + (1 - sqGradDecay)*dx.^2
## x = x - learnRate*sqrt(1 - sqGradDecay^t)/(1 - gradDecay^t) * m./(sqrt(v) + epsilon)
## @end example
## with @code{t} = @var{iteration}: the bias correction of Kingma and Ba
## (2015, section 2) folded into the learning rate, as MATLAB does it.
##
## @var{p} is a parameter struct (e.g.@: from @code{rnn_init}), a cell array
## or a numeric array; structs (scalar or arrays) and cells may be nested.
## @var{g} is the gradient with the same structure (e.g.@: the @var{dp} of
## @code{lstm_backward}), walked together with @var{p} by field name: every
## single or double field of @var{p} that has a field of the same name in
## @var{g} is updated; fields of @var{p} without one (e.g.@: a frozen
## @code{Wy}) and non-numeric fields (@code{p.cell}, @code{p.direction},
## logicals) are left alone.  A gradient field that @var{p} lacks is an
## error.
##
## @var{avgGrad} and @var{avgSqGrad} are the moving averages; pass
## @code{[]} on the first call and the returned ones afterwards (they have
## the structure of the updated part of @var{p}).  @var{iteration} counts
## the calls from 1.  Defaults: @var{learnRate} 0.001, @var{gradDecay} 0.9,
## @var{sqGradDecay} 0.999, @var{epsilon} 1e-8; @code{[]} also means the
## default.  Single and double may be mixed (the result is single, as
## Octave's arithmetic has it).
##
## @example
## @group
## p = rnn_init ("rnn", 3, 4, "Seed", 1);
## avgG = []; avgSqG = [];
## for it = 1:100
##   [Y, ~, cache] = rnn_forward (randn (3, 2, 5), [], p);
##   [~, dp] = rnn_backward (Y - 0.5, [], cache);   # loss 0.5*sum((Y-0.5)(:).^2)
##   [p, avgG, avgSqG] = adamupdate (p, dp, avgG, avgSqG, it, 0.01);
## endfor
## ## Adam's first step moves each element by about learnRate:
## q = adamupdate (struct ("x", [3; -2]), struct ("x", [6; -4]), [], [], 1, 0.01);
## q.x
##   @result{}  2.9900
##       -1.9900
## @end group
## @end example
##
## @seealso{sgdmupdate, rmspropupdate, clip_gradients}
## @end deftypefn

function [p, avgGrad, avgSqGrad] = adamupdate (p, g, avgGrad, avgSqGrad, iteration,
                                               learnRate = [], gradDecay = [],
                                               sqGradDecay = [], epsilon = [])
  if (nargin < 5 || nargin > 9)
    print_usage ();
  endif
  fn = "adamupdate";
  lr = __hyper__ (fn, "learnRate", learnRate, 0.001, 0, Inf, true);
  b1 = __hyper__ (fn, "gradDecay", gradDecay, 0.9, 0, 1, false);
  b2 = __hyper__ (fn, "sqGradDecay", sqGradDecay, 0.999, 0, 1, false);
  ep = __hyper__ (fn, "epsilon", epsilon, 1e-8, 0, Inf, false);
  if (! (ep > 0))
    error ("rnn:adamupdate:invalidHyperparameter",
           "adamupdate: epsilon must be a positive finite real scalar, not %s",
           __show__ (epsilon));
  endif
  if (! (isnumeric (iteration) && isscalar (iteration) && isreal (iteration)
         && iteration >= 1 && iteration == fix (iteration) && isfinite (iteration)))
    error ("rnn:adamupdate:invalidIteration",
           "adamupdate: ITERATION must be a positive integer, not %s",
           __show__ (iteration));
  endif
  t = double (iteration);
  lr_t = lr * sqrt (1 - b2^t) / (1 - b1^t);
  ## MATLAB's Adam, the bias corrections folded into lr_t: m = b1*m +
  ## (1-b1)*g, v = b2*v + (1-b2)*g.^2, p = p - lr_t*m./(sqrt(v)+ep)
  [p, S] = __update_walk__ (fn, "adam", [lr_t, b1, b2, ep], p, g,
                            {avgGrad, avgSqGrad}, {"AVGGRAD", "AVGSQGRAD"});
  [avgGrad, avgSqGrad] = S{:};
endfunction

%!test
%! ## first step by hand: m = 0.1 g, v = 0.001 g.^2, so the step is
%! ## lr * sqrt(0.001)/0.1 * 0.1 g ./ (sqrt(0.001)|g| + eps) ~ lr * sign(g)
%! g = [2 -0.5 0];
%! [p, m, v] = adamupdate ([1 1 1], g, [], [], 1);
%! assert (m, 0.1 * g, eps); assert (v, 0.001 * g.^2, eps);
%! step = 0.001 * sqrt (0.001) / 0.1 * (0.1 * g) ./ (sqrt (0.001) * abs (g) + 1e-8);
%! assert (p, 1 - step, eps);
%! assert (p, [0.999 1.001 1], 1e-8);

%!test
%! ## second step, custom hyperparameters, against the formulas
%! lr = 0.05; b1 = 0.75; b2 = 0.95; ep = 1e-6;
%! p0 = [1 2; 3 4]; g1 = [0.1 -0.2; 0.3 0]; g2 = [-1 1; 0.5 2];
%! [p, m, v] = adamupdate (p0, g1, [], [], 1, lr, b1, b2, ep);
%! [p, m, v] = adamupdate (p, g2, m, v, 2, lr, b1, b2, ep);
%! M1 = (1-b1)*g1; V1 = (1-b2)*g1.^2;
%! P1 = p0 - lr*sqrt(1-b2)/(1-b1) * M1 ./ (sqrt (V1) + ep);
%! M2 = b1*M1 + (1-b1)*g2; V2 = b2*V1 + (1-b2)*g2.^2;
%! P2 = P1 - lr*sqrt(1-b2^2)/(1-b1^2) * M2 ./ (sqrt (V2) + ep);
%! assert (p, P2, 1e-14); assert (m, M2, 1e-15); assert (v, V2, 1e-15);
%! ## [] means the default
%! assert (adamupdate (p0, g1, [], [], 1, [], [], [], []), adamupdate (p0, g1, [], [], 1));

%!test
%! ## structs: by field name; strings, logicals and fields without a
%! ## gradient left alone; nested structs, struct arrays and cells
%! p = struct ("cell", "lstm", "W", ones (2), "b", [1; 1], "Wy", 5, "on", true);
%! g = struct ("b", [1; -1], "W", [1 0; 0 -1]);
%! [q, m, v] = adamupdate (p, g, [], [], 1);
%! assert (q.cell, "lstm"); assert (q.Wy, 5); assert (q.on, true);
%! assert (q.W, adamupdate (p.W, g.W, [], [], 1)); assert (q.b, adamupdate (p.b, g.b, [], [], 1));
%! assert (fieldnames (m), {"W"; "b"}); assert (m.W, 0.1 * g.W, eps);
%! [q2, m2, v2] = adamupdate (q, g, m, v, 2);
%! assert (q2.W, adamupdate (q.W, g.W, m.W, v.W, 2));
%! s = struct ("a", {1, 2}); P = {s, {[1 2]}}; G = {struct("a", {3, 4}), {[5 6]}};
%! [Q, M] = adamupdate (P, G, [], [], 1);
%! assert (Q{1}(2).a, adamupdate (2, 4, [], [], 1));
%! assert (Q{2}{1}, adamupdate ([1 2], [5 6], [], [], 1));
%! assert (size (M{1}), [1 2]); assert (M{1}(2).a, 0.4, eps);

%!test
%! ## single keeps single; a mixed pair computes in single
%! [p, m] = adamupdate (single ([1 2]), single ([1 1]), [], [], 1);
%! assert (class (p), "single"); assert (class (m), "single");
%! assert (class (adamupdate ([1 2], single ([1 1]), [], [], 1)), "single");

%!test
%! ## converges on a quadratic bowl
%! p = struct ("x", [3; -2]); m = []; v = [];
%! for it = 1:500
%!   [p, m, v] = adamupdate (p, struct ("x", 2 * p.x), m, v, it, 0.05);
%! endfor
%! assert (norm (p.x) < 1e-2);

%!error <Invalid call> adamupdate (1, 1, [], [])
%!error id=rnn:adamupdate:invalidIteration adamupdate (1, 1, [], [], 0)
%!error id=rnn:adamupdate:invalidIteration adamupdate (1, 1, [], [], 1.5)
%!error id=rnn:adamupdate:invalidIteration adamupdate (1, 1, [], [], [])
%!error <learnRate must be a real scalar in \[0, Inf\], not -1> adamupdate (1, 1, [], [], 1, -1)
%!error <gradDecay must be a real scalar in \[0, 1\), not 1> adamupdate (1, 1, [], [], 1, 0.1, 1)
%!error id=rnn:adamupdate:invalidHyperparameter adamupdate (1, 1, [], [], 1, 0.1, 0.9, -0.1)
%!error id=rnn:adamupdate:invalidHyperparameter adamupdate (1, 1, [], [], 1, 0.1, 0.9, 0.99, 0)
%!error id=rnn:adamupdate:invalidHyperparameter adamupdate (1, 1, [], [], 1, NaN)
%!error id=rnn:adamupdate:invalidHyperparameter adamupdate (1, 1, [], [], 1, "a")
%!error <GRAD.W must be 2x2 like P.W, not 2x1> adamupdate (struct ("W", ones (2)), struct ("W", ones (2, 1)), [], [], 1)
%!error <GRAD has a field X that P does not have> adamupdate (struct ("W", 1), struct ("W", 1, "X", 2), [], [], 1)
%!error id=rnn:adamupdate:invalidGradient adamupdate (struct ("W", 1), 1, [], [], 1)
%!error id=rnn:adamupdate:invalidGradient adamupdate ({1, 2}, {1}, [], [], 1)
%!error <GRAD\{2\} must be a real full single or double array> adamupdate ({1, 2}, {1, "a"}, [], [], 1)
%!error id=rnn:adamupdate:invalidGradient adamupdate (1, 1i, [], [], 1)
%!error <AVGGRAD.W must be a 1x2 array like P.W> adamupdate (struct ("W", [1 2]), struct ("W", [1 2]), struct ("W", 1), [], 1)
%!error <AVGSQGRAD must be a 1x1 struct> adamupdate (struct ("W", 1), struct ("W", 1), [], 5, 1)
%!error <P.n is an int32 array> adamupdate (struct ("n", int32 (1)), struct ("n", 1), [], [], 1)
