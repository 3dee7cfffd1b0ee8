## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {[@var{p}, @var{vel}] =} sgdmupdate (@var{p}, @var{g}, @var{vel})
## @deftypefnx {} {[@var{p}, @var{vel}] =} sgdmupdate (@var{p}, @var{g}, @var{vel}, @var{learnRate}, @var{momentum})
## Update parameters with stochastic gradient descent with momentum.
##
## The signature, defaults and formulas are those of MATLAB's Deep Learning
## Toolbox: for each parameter array @code{x} with gradient @code{dx},
## @example
## vel = momentum*vel - learnRate*dx
## x = x + vel
## @end example
## i.e.@: @code{x(l+1) = x(l) - learnRate*dx + momentum*(x(l) - x(l-1))}
## (Polyak's heavy ball).  The velocity holds the step itself, with the
## learning rate inside it (PyTorch's SGD keeps it outside, which differs
## when the learning rate changes between calls).
##
## @var{p} is a parameter struct (e.g.@: from @code{rnn_init}), a cell array
## or a numeric array; structs (scalar or arrays) and cells may be nested.
## @var{g} is the gradient with the same structure (e.g.@: the @var{dp} of
## @code{gru_backward}), walked together with @var{p} by field name: every
## single or double field of @var{p} that has a field of the same name in
## @var{g} is updated; fields of @var{p} without one and non-numeric fields
## (@code{p.cell}, @code{p.direction}, logicals) are left alone.  A gradient
## field that @var{p} lacks is an error.
##
## @var{vel} is the velocity: @code{[]} on the first call, then the
## returned one.  Defaults: @var{learnRate} 0.01, @var{momentum} 0.9;
## @code{[]} also means the default.  @code{momentum = 0} is plain gradient
## descent.
##
## @example
## @group
## p = struct ("x", [3; -2]); vel = [];
## for it = 1:200
##   g = struct ("x", 2 * p.x);             # gradient of sum (x.^2)
##   [p, vel] = sgdmupdate (p, g, vel, 0.05, 0.5);
## endfor
## norm (p.x) < 1e-20       # from 3.6 to about 3e-30
##   @result{} 1
## @end group
## @end example
##
## @seealso{adamupdate, rmspropupdate, clip_gradients}
## @end deftypefn

function [p, vel] = sgdmupdate (p, g, vel, learnRate = [], momentum = [])
  if (nargin < 3 || nargin > 5)
    print_usage ();
  endif
  fn = "sgdmupdate";
  H.lr = __hyper__ (fn, "learnRate", learnRate, 0.01, 0, Inf, true);
  H.mu = __hyper__ (fn, "momentum", momentum, 0.9, 0, 1, true);
  ## vel = momentum*vel - lr*g, p = p + vel
  [p, S] = __update_walk__ (fn, "sgdm", [H.lr, H.mu], p, g, {vel}, {"VEL"});
  vel = S{1};
endfunction

%!test
%! ## by hand: vel = momentum*vel - lr*g, p = p + vel
%! [p, v] = sgdmupdate ([1 2], [1 -2], []);
%! assert (v, [-0.01 0.02], eps); assert (p, [0.99 2.02], eps);
%! [p, v] = sgdmupdate (p, [0.5 0], v);
%! assert (v, 0.9 * [-0.01 0.02] - 0.01 * [0.5 0], eps);
%! assert (p, [0.99 2.02] + v, eps);
%! [p, v] = sgdmupdate (3, 2, 1, 0.5, 0.25);
%! assert (v, 0.25 - 1); assert (p, 2.25);
%! assert (sgdmupdate (3, 2, [], 0.5, 0), 2);        # plain gradient descent
%! assert (sgdmupdate (3, 2, [], [], []), sgdmupdate (3, 2, []));

%!test
%! ## structs by field name; non-numeric and gradient-less fields untouched
%! p = struct ("cell", "gru", "W", [1 2; 3 4], "b", [1; 1], "by", 7);
%! g = struct ("W", ones (2), "b", [2; -2]);
%! [q, v] = sgdmupdate (p, g, []);
%! assert (q.cell, "gru"); assert (q.by, 7);
%! assert (q.W, p.W - 0.01); assert (q.b, [0.98; 1.02], eps);
%! assert (fieldnames (v), {"W"; "b"});
%! [q2, v2] = sgdmupdate (q, g, v);
%! assert (v2.b, 0.9 * v.b - 0.01 * g.b, eps);
%! ## nested: cells of struct arrays
%! s = struct ("a", {1, 2}); [Q, V] = sgdmupdate ({s, {5}}, {struct("a", {1, 1}), {2}}, []);
%! assert ([Q{1}.a], [0.99 1.99], eps); assert (Q{2}{1}, 4.98, eps); assert (size (V{1}), [1 2]);

%!test
%! ## converges on a quadratic bowl; single stays single
%! p = struct ("x", [3; -2]); vel = [];
%! for it = 1:200
%!   [p, vel] = sgdmupdate (p, struct ("x", 2 * p.x), vel, 0.05, 0.5);
%! endfor
%! assert (norm (p.x) < 1e-6);
%! assert (class (sgdmupdate (single (1), single (1), [])), "single");

%!error <Invalid call> sgdmupdate (1, 1)
%!error <learnRate must be a real scalar in \[0, Inf\], not -0.1> sgdmupdate (1, 1, [], -0.1)
%!error <momentum must be a real scalar in \[0, 1\], not 1.5> sgdmupdate (1, 1, [], 0.1, 1.5)
%!error id=rnn:sgdmupdate:invalidHyperparameter sgdmupdate (1, 1, [], [1 2])
%!error id=rnn:sgdmupdate:invalidHyperparameter sgdmupdate (1, 1, [], Inf)
%!error <GRAD.W must be 1x2 like P.W, not 2x1> sgdmupdate (struct ("W", [1 2]), struct ("W", [1; 2]), [])
%!error <GRAD has a field X that P does not have> sgdmupdate (struct ("W", 1), struct ("X", 1), [])
%!error <VEL.W must be a 1x1 array like P.W> sgdmupdate (struct ("W", 1), struct ("W", 1), struct ("W", [1 2]))
%!error id=rnn:sgdmupdate:invalidState sgdmupdate ({1}, {1}, 5)
%!error id=rnn:sgdmupdate:invalidGradient sgdmupdate ({1}, struct ("a", 1), [])
%!error id=rnn:sgdmupdate:invalidClass sgdmupdate (struct ("n", uint8 (1)), struct ("n", 1), [])
