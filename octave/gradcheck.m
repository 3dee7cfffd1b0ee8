## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{err} =} gradcheck (@var{fun}, @var{theta})
## @deftypefnx {} {[@var{err}, @var{info}] =} gradcheck (@var{fun}, @var{theta}, @var{name}, @var{value}, @dots{})
## Check a gradient against central finite differences.
##
## @var{fun} is a function handle, @code{[loss, grad] = fun (theta)}, where
## @var{theta} is an array, or a struct or cell array (nested to any depth)
## of arrays, and @var{grad} has the same structure with the gradient of the
## scalar @var{loss} in each numeric array.  Arrays that are not floating
## point (strings such as @code{p.cell}, integer and logical arrays) are
## left alone, and so is a field of a struct whose gradient struct has no
## such field (a constant such as a model's @code{dropout} rate; the
## optimisers keep such fields too).  An error inside @var{fun} that has no identifier is raised
## again as @code{rnn:gradcheck:funError}.
##
## For each checked entry @var{x} of each numeric array, the numerical
## derivative is @code{(fun (x+h) - fun (x-h)) / (2h)} and the error
## @code{|g - fd| / max (1, |g|, |fd|)}: relative for large derivatives,
## absolute for small ones.  @var{err} is the worst error found.
##
## @var{info} says where: @code{info.where} (e.g. @code{"W(3)"} or
## @code{"layer.R(12)"}), @code{info.analytic}, @code{info.numeric}, and
## @code{info.checked}, the number of entries checked.
##
## Options:
## @table @asis
## @item "Step"
## h; default 1e-6 for double, 1e-2 for single arrays.
## @item "MaxEntries"
## entries checked per array, chosen at random when an array has more;
## default 50, @code{Inf} for all.
## @item "Seed"
## seed of that choice (default 0); the global random state is kept.
## @end table
##
## In double precision a correct gradient usually gives @var{err} below
## 1e-7; a wrong one gives errors of order 1e-2 or more.
##
## @example
## @group
## f = @@(t) deal (sum (t.W(:).^3), struct ("W", 3 * t.W.^2));
## err = gradcheck (f, struct ("W", randn (3)));
## err < 1e-8                # about 1e-10: the gradient is right
##   @result{} 1
## @end group
## @end example
##
## @seealso{rnn_backward, gru_backward, lstm_backward}
## @end deftypefn

function [err, info] = gradcheck (fun, theta, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  if (! is_function_handle (fun))
    error ("rnn:gradcheck:invalidInput", "gradcheck: FUN must be a function handle");
  endif
  o = __name_value__ ("gradcheck", struct ("step", [], "maxentries", 50, "seed", 0),
                      varargin, "Step, MaxEntries, Seed");
  v = o.step;
  if (! (isnumeric (v) && (isempty (v) || (isscalar (v) && isreal (v)
                                           && isfinite (v) && v > 0))))
    error ("rnn:gradcheck:invalidOption",
           "gradcheck: Step must be a positive finite scalar or [], not %s", __show__ (v));
  endif
  v = o.maxentries;
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && v >= 0
         && (v == fix (v) || v == Inf)))
    error ("rnn:gradcheck:invalidOption",
           "gradcheck: MaxEntries must be a non-negative integer or Inf, not %s",
           __show__ (v));
  endif
  v = o.seed;
  if (! (isnumeric (v) && isscalar (v) && isreal (v) && isfinite (v)))
    error ("rnn:gradcheck:invalidOption",
           "gradcheck: Seed must be a finite real scalar, not %s", __show__ (v));
  endif
  step = double (full (o.step)); maxn = double (full (o.maxentries));
  seed = double (full (o.seed));

  [~, grad] = call (fun, theta);
  leaves = numeric_leaves (theta, struct ("type", {}, "subs", {}));
  old = rand ("state");
  rand ("state", seed);
  unwind_protect
    err = 0;
    info = struct ("where", "", "analytic", NaN, "numeric", NaN, "checked", 0);
    for k = 1:numel (leaves)
      S = leaves{k};
      if (! in_gradient (grad, S))
        continue;                     # a constant such as model.dropout
      endif
      x = subsref_ (theta, S);
      try
        g = subsref_ (grad, S);
      catch
        error ("rnn:gradcheck:invalidGradient",
               "gradcheck: the gradient from FUN has no entry %s", path_of (S, 0));
      end_try_catch
      if (! (isnumeric (g) || islogical (g)))
        error ("rnn:gradcheck:invalidGradient",
               "gradcheck: the gradient of %s must be numeric, not %s",
               path_of (S, 0), __show__ (g));
      elseif (! isequal (size (g), size (x)))
        error ("rnn:gradcheck:sizeMismatch",
               "gradcheck: the gradient of %s is %s, the parameter %s",
               path_of (S, 0), mat2str (size (g)), mat2str (size (x)));
      endif
      h = step;
      if (isempty (h))
        h = merge (isa (x, "single"), 1e-2, 1e-6);
      endif
      idx = 1:numel (x);
      if (numel (x) > maxn)
        idx = randperm (numel (x), maxn);
      endif
      for i = idx
        x0 = x(i);
        xp = x; xp(i) = x0 + h;
        xm = x; xm(i) = x0 - h;
        fp = call (fun, subsasgn_ (theta, S, xp));   # some FUNs need nargout 2
        fm = call (fun, subsasgn_ (theta, S, xm));
        fd = (double (fp) - double (fm)) / (2 * h);
        e = abs (double (g(i)) - fd) / max ([1, abs(double (g(i))), abs(fd)]);
        info.checked += 1;
        if (e > err || isnan (e))
          err = e;
          info.where = path_of (S, i);
          info.analytic = double (g(i));
          info.numeric = fd;
        endif
      endfor
    endfor
  unwind_protect_cleanup
    rand ("state", old);
  end_unwind_protect
endfunction

## [loss, grad] = fun (theta), with loss checked and errors given an id.
function [loss, grad] = call (fun, theta)
  try
    [loss, grad] = fun (theta);
  catch err
    if (isempty (err.identifier))
      error ("rnn:gradcheck:funError", "gradcheck: FUN failed: %s", err.message);
    endif
    rethrow (err);
  end_try_catch
  if (! ((isnumeric (loss) || islogical (loss)) && isscalar (loss) && isreal (loss)))
    error ("rnn:gradcheck:invalidLoss",
           "gradcheck: the loss from FUN must be a real scalar, not %s", __show__ (loss));
  endif
endfunction

## The subscripts of every floating-point array in t (depth first).
function L = numeric_leaves (t, S)
  L = {};
  if (isfloat (t) && ! isempty (t))
    L = {S};
  elseif (isstruct (t) && ! isscalar (t))   # a struct array, e.g. model.layers
    for k = 1:numel (t)
      L = [L, numeric_leaves(t(k), [S, struct("type", "()", "subs", {{k}})])];
    endfor
  elseif (isstruct (t))
    f = fieldnames (t);
    for k = 1:numel (f)
      L = [L, numeric_leaves(t.(f{k}), [S, struct("type", ".", "subs", f{k})])];
    endfor
  elseif (iscell (t))
    for k = 1:numel (t)
      L = [L, numeric_leaves(t{k}, [S, struct("type", "{}", "subs", {{k}})])];
    endfor
  endif
endfunction

## false when a struct on the way to S in the gradient G lacks S's field:
## that field is no parameter (the optimisers keep it too), as long as the
## gradient has that struct at all
function ok = in_gradient (g, S)
  ok = true;
  for k = 1:numel (S)
    if (strcmp (S(k).type, ".") && isstruct (g) && ! isfield (g, S(k).subs))
      ok = false;
      return;
    endif
    try
      g = subsref (g, S(k));
    catch
      return;                         # missing: reported by the caller
    end_try_catch
  endfor
endfunction

function v = subsref_ (t, S)
  if (isempty (S)) v = t; else v = subsref (t, S); endif
endfunction

function t = subsasgn_ (t, S, v)
  if (isempty (S)) t = v; else t = subsasgn (t, S, v); endif
endfunction

function s = path_of (S, i)
  s = "";
  for k = 1:numel (S)
    if (strcmp (S(k).type, "."))
      if (! isempty (s)) s = [s "."]; endif
      s = [s, S(k).subs];
    elseif (strcmp (S(k).type, "()"))
      s = sprintf ("%s(%d)", s, S(k).subs{1});
    else
      s = sprintf ("%s{%d}", s, S(k).subs{1});
    endif
  endfor
  if (isempty (s)) s = "theta"; endif
  if (i > 0) s = sprintf ("%s(%d)", s, i); endif
endfunction

%!test
%! f = @(t) deal (sum (t.W(:).^3) + sum (t.c{1}), struct ("W", 3 * t.W.^2, "c", {{ones(2,1)}}, "name", "x"));
%! [err, info] = gradcheck (f, struct ("W", randn (3), "c", {{randn(2,1)}}, "name", "x"));
%! assert (err < 1e-8);
%! assert (info.checked, 11);

%!test
%! ## a wrong gradient is found, and where
%! f = @(t) deal (sum (t.W(:).^2), struct ("W", 2 * t.W .* [1 1; 1 1.1]));
%! [err, info] = gradcheck (f, struct ("W", ones (2)));
%! assert (err > 0.05); assert (info.where, "W(4)");

%!test
%! ## sampling: at most MaxEntries per array
%! f = @(x) deal (sum (x(:)), ones (size (x)));
%! [err, info] = gradcheck (f, randn (100, 1), "MaxEntries", 7);
%! assert (info.checked, 7); assert (err < 1e-8);

%!test
%! ## struct arrays (a model's layers) are walked element by element
%! t = struct ("layers", struct ("W", {randn(2), randn(3)}), "b", 1);
%! f = @(t) deal (sum (t.layers(1).W(:).^2) + sum (t.layers(2).W(:).^3) + t.b,
%!                struct ("layers", struct ("W", {2 * t.layers(1).W, 3 * t.layers(2).W.^2}),
%!                        "b", 1));
%! [err, info] = gradcheck (f, t);
%! assert (err < 1e-8); assert (info.checked, 14);
%! g = @(t) deal (sum (t.layers(2).W(:)), struct ("layers", struct ("W", {zeros(2), ones(3) * 1.5}), "b", 0));
%! [err, info] = gradcheck (g, t);
%! assert (regexp (info.where, '^layers\(2\)\.W\([1-9]\)$')); assert (err, 0.5 / 1.5, 1e-8);

%!error <Invalid call> gradcheck (@(x) x)
%!error id=rnn:gradcheck:invalidOption gradcheck (@(x) deal (x, 1), 1, "Stepp", 1)
%!error id=rnn:gradcheck:sizeMismatch gradcheck (@(x) deal (sum (x), 1), [1 2])
%!error id=rnn:gradcheck:invalidOption gradcheck (@(x) deal (x, 1), 1, "Step", {})
%!error id=rnn:gradcheck:invalidOption gradcheck (@(x) deal (x, 1), 1, "MaxEntries", "a")
%!error id=rnn:gradcheck:invalidOption gradcheck (@(x) deal (x, 1), 1, "Seed", NaN)
%!error id=rnn:gradcheck:invalidOption gradcheck (@(x) deal (x, 1), 1, {"Step"}, 1)
%!error id=rnn:gradcheck:invalidGradient gradcheck (@(t) deal (1, 1), struct ("a", 1))
%!error id=rnn:gradcheck:invalidGradient gradcheck (@(t) deal (1, {}), {1})

%!test
%! ## a field the gradient struct lacks is a constant, not checked
%! f = @(t) deal (t.a * t.rate, struct ("a", t.rate));
%! [err, info] = gradcheck (f, struct ("a", 2, "rate", 0.5));
%! assert (err < 1e-9); assert (info.checked, 1);
%!error id=rnn:gradcheck:invalidGradient gradcheck (@(t) deal (1, struct ("a", "x")), struct ("a", 1))
%!error id=rnn:gradcheck:invalidLoss gradcheck (@(x) deal ({}, 1), 1)
%!error id=rnn:gradcheck:funError gradcheck (@(x) 1, 1)
