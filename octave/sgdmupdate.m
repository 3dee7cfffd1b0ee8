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
## p.x
##   @result{} 0 0   (about)
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
  H.lr = hyper (fn, "learnRate", learnRate, 0.01, 0, Inf, true);
  H.mu = hyper (fn, "momentum", momentum, 0.9, 0, 1, true);
  [p, vel] = walk (p, g, vel, "", H);
endfunction

## A hyperparameter: V as a double in [LO, HI] (HI included if HI_IN), or
## DEF for [].
function v = hyper (fn, name, v, def, lo, hi, hi_in)
  if (isempty (v) && isnumeric (v))
    v = def;
    return;
  endif
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && isfinite (v)
         && v >= lo && (v < hi || (hi_in && v <= hi))))
    error (sprintf ("rnn:%s:invalidHyperparameter", fn),
           "%s: %s must be a real scalar in [%g, %g%s, not %s", fn, name, lo, hi,
           ifelse_ (hi_in, "]", ")"), __show__ (v));
  endif
  v = double (v);
endfunction

## p and g walked together; s the state ([] = zeros).  PATH names the
## position below the arguments for messages ("" at the top, ".W", "{2}").
## The common case is checked inline; check_leaf and check_node are called
## only to raise the error (Octave's interpreter costs ~1 us an operation).
function [p, s] = walk (p, g, s, path, H)
  if (isfloat (p))
    if (! (isfloat (g) && isreal (g) && ! issparse (g) && size_equal (p, g)
           && (isempty (s) || (isfloat (s) && size_equal (p, s)))))
      check_leaf (p, g, path, {s}, {"VEL"});   # raises
    endif
    if (isempty (s)) s = 0; endif
    s = H.mu * s - H.lr * g;
    p += s;
  elseif (isstruct (p))
    hs = isstruct (s);
    if (! (isstruct (g) && size_equal (p, g) && (isempty (s) || (hs && size_equal (p, s)))))
      check_node (p, g, path, "struct", {s}, {"VEL"});   # raises
    endif
    f = fieldnames (p);
    sel = isfield (g, f);
    if (numfields (g) > nnz (sel))
      fg = fieldnames (g);
      error ("rnn:sgdmupdate:fieldMismatch",
             "sgdmupdate: GRAD%s has a field %s that P%s does not have",
             path, fg{find (! isfield (p, fg), 1)}, path);
    endif
    ns = struct ();
    scalar = isscalar (p);
    if (! scalar)
      ns = repmat (ns, size (p));
    endif
    for fj = f(sel)'
      fj = fj{1};
      for i = 1:numel (p)
        x = p(i).(fj);
        if (isfloat (x) || isstruct (x) || iscell (x) || isinteger (x))
          si = [];
          if (hs && isfield (s, fj)) si = s(i).(fj); endif
          if (scalar)
            [x, si] = walk (x, g.(fj), si, [path "." fj], H);
            p.(fj) = x; ns.(fj) = si;
          else
            [x, si] = walk (x, g(i).(fj), si, sprintf ("%s(%d).%s", path, i, fj), H);
            p(i).(fj) = x; ns(i).(fj) = si;
          endif
        endif
      endfor
    endfor
    s = ns;
  elseif (iscell (p))
    if (! (iscell (g) && size_equal (p, g) && (isempty (s) || (iscell (s) && size_equal (p, s)))))
      check_node (p, g, path, "cell", {s}, {"VEL"});   # raises
    endif
    ns = cell (size (p));
    hs = ! isempty (s);
    for i = 1:numel (p)
      si = [];
      if (hs) si = s{i}; endif
      [x, si] = walk (p{i}, g{i}, si, sprintf ("%s{%d}", path, i), H);
      p{i} = x; ns{i} = si;
    endfor
    s = ns;
  elseif (isinteger (p))
    error ("rnn:sgdmupdate:invalidClass",
           "sgdmupdate: P%s is an %s array; only single and double parameters can be updated",
           path, class (p));
  endif
endfunction

## ---- shared by adamupdate, sgdmupdate and rmspropupdate (kept in step) ----

function check_leaf (p, g, path, S, names)
  fn = "sgdmupdate";
  if (! isfloat (g) || iscomplex (g) || issparse (g))
    error (sprintf ("rnn:%s:invalidGradient", fn),
           "%s: GRAD%s must be a real full single or double array like P%s, not %s",
           fn, path, path, __show__ (g));
  elseif (! size_equal (p, g))
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: GRAD%s must be %s like P%s, not %s", fn, path, dims (p), path, dims (g));
  endif
  for k = 1:numel (S)
    s = S{k};
    if (! isempty (s) && ! (isfloat (s) && size_equal (s, p)))
      error (sprintf ("rnn:%s:invalidState", fn),
             "%s: %s%s must be a %s array like P%s, not %s; pass [] on the first call",
             fn, names{k}, path, dims (p), path, __show__ (s));
    endif
  endfor
endfunction

function check_node (p, g, path, kind, S, names)
  fn = "sgdmupdate";
  if (! (isa (g, kind) && size_equal (p, g)))
    error (sprintf ("rnn:%s:invalidGradient", fn),
           "%s: GRAD%s must be a %s %s like P%s, not %s", fn, path, dims (p), kind,
           path, __show__ (g));
  endif
  for k = 1:numel (S)
    s = S{k};
    if (! isempty (s) && ! (isa (s, kind) && size_equal (s, p)))
      error (sprintf ("rnn:%s:invalidState", fn),
             "%s: %s%s must be a %s %s like P%s, not %s; pass [] on the first call",
             fn, names{k}, path, dims (p), kind, path, __show__ (s));
    endif
  endfor
endfunction

function s = dims (x)
  s = sprintf ("%dx", size (x))(1:end-1);
endfunction

function r = ifelse_ (c, a, b)
  if (c) r = a; else r = b; endif
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
