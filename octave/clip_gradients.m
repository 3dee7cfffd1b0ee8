## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{g} =} clip_gradients (@var{g}, @var{threshold})
## @deftypefnx {} {[@var{g}, @var{total_norm}] =} clip_gradients (@var{g}, @var{threshold}, @var{name}, @var{value}, @dots{})
## Clip gradients by norm or by value, against exploding gradients.
##
## @var{g} is a gradient: a single or double array, or a struct (scalar or
## struct array) or cell array nested to any depth with such arrays inside,
## e.g.@: the @var{dp} of @code{lstm_backward} or a struct of several layers'
## gradients.  Every single and double array in it is clipped, each keeping
## its class and size; strings, logicals, function handles and other
## non-numeric values are returned untouched.  Integer arrays are an error
## (@code{rnn:clip_gradients:invalidClass}): a gradient cannot be an
## integer array, so one is a mistake, and skipping it would give a wrong
## norm.  Complex and sparse arrays are errors too.
##
## @var{threshold} is a positive, finite, real scalar.  Options:
## @table @asis
## @item "Method"
## @table @asis
## @item "global-l2norm" (default)
## every array is multiplied by @code{min (1, @var{threshold} / N)}, where
## N is the L2 norm of all arrays together (PyTorch's
## @code{clip_grad_norm_}; MATLAB's "global-l2norm").  The direction of the
## whole gradient is kept.
## @item "l2norm"
## each array is multiplied by @code{min (1, @var{threshold} / norm (A(:)))}
## on its own (MATLAB's default gradient threshold method).
## @item "absolute-value"
## each element is clamped to @code{[-@var{threshold}, @var{threshold}]}
## (the course's @code{np.clip}; PyTorch's @code{clip_grad_value_}).  NaN
## stays NaN, +-Inf becomes +-@var{threshold}.
## @end table
## @item "ErrorIfNonfinite"
## @code{true} to raise @code{rnn:clip_gradients:nonfinite} when
## @var{total_norm} is NaN or Inf (for every method); default @code{false}.
## @end table
##
## @var{total_norm} is the L2 norm of all arrays together @emph{before}
## clipping, as a double, whatever the method (what PyTorch's
## @code{clip_grad_norm_} returns); it is handy for monitoring training.
##
## The numerics are C: norms are accumulated in double for single arrays
## too, with scaling (LAPACK's dnrm2 method), so they neither overflow nor
## underflow: entries of 1e200 or 1e-200 give the right norm and the right
## clipped values.  A norm that is too large for a double is Inf, but the
## factor is still computed right.  A zero gradient stays zero.
##
## Non-finite gradients, without "ErrorIfNonfinite": as in PyTorch, the
## factor is @code{@var{threshold} / @var{total_norm}}: with a NaN anywhere
## every array becomes NaN ("global-l2norm"; with "l2norm" the arrays that
## hold a NaN); with an Inf (and no NaN) the factor is 0, so finite entries
## become 0 and infinite ones NaN.  Training should skip such a step; use
## @var{total_norm} or "ErrorIfNonfinite" to notice it.
##
## @example
## @group
## g = struct ("W", [3 0; 0 0], "b", [0; 4], "cell", "lstm");
## [g, n] = clip_gradients (g, 1);
## n
##   @result{} n = 5
## [g.W(1,1), g.b(2)]
##   @result{} 0.6000   0.8000
## g = clip_gradients (g, 0.7, "Method", "absolute-value");
## @end group
## @end example
##
## @seealso{adamupdate, sgdmupdate, rmspropupdate, lstm_backward}
## @end deftypefn

function [g, total_norm] = clip_gradients (g, threshold, varargin)
  if (nargin < 2 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "clip_gradients";
  o = __name_value__ (fn, struct ("method", "global-l2norm", "errorifnonfinite", false),
                      varargin, "Method, ErrorIfNonfinite");
  method = __choice__ (fn, "Method", o.method,
                       {"global-l2norm", "l2norm", "absolute-value"});
  errnf = __flag__ (fn, "ErrorIfNonfinite", o.errorifnonfinite);

  [L, bad] = collect (g, {});
  if (bad)
    check_walk (g, "G");                # raises the error, naming the array
  endif
  try
    [Y, total_norm, changed] = __clip_gradients__ (fn, L, threshold, method, errnf);
  catch err
    if (strcmp (err.identifier, "rnn:clip_gradients:sparseInput"))
      check_walk (g, "G");              # the same error, naming the array
    endif
    rethrow (err);
  end_try_catch
  if (any (changed))
    g = rebuild (g, Y, changed, 0);
  endif
endfunction

## The walk is vectorised (struct2cell and cellfun's builtin tests): an
## interpreted loop over the fields would cost far more per field than
## these builtins cost per struct.  Order: struct arrays element by element with the fields in
## order, cells in linear order (struct2cell's column order), depth first.

## The single and double arrays of x appended to L; BAD if x holds an
## integer or complex array (check_walk then names it).
function [L, bad] = collect (x, L)
  bad = false;
  if (isfloat (x))
    L{end+1, 1} = x;
    bad = iscomplex (x);
  elseif (isstruct (x))
    [L, bad] = collect_cell (struct2cell (x), L);
  elseif (iscell (x))
    [L, bad] = collect_cell (x, L);
  else
    bad = isinteger (x);
  endif
endfunction

function [L, bad] = collect_cell (c, L)
  [isf, nest, bad] = classify (c);
  if (! any (nest(:)))
    L = [L; c(isf)(:)];
  else
    for i = find (isf(:) | nest(:))'
      if (isf(i))
        L{end+1, 1} = c{i};
      else
        [L, b] = collect (c{i}, L);
        bad = bad || b;
      endif
    endfor
  endif
endfunction

## Which entries of the cell c are single/double arrays, which are structs
## or cells; whether any is an integer or complex array.
function [isf, nest, bad] = classify (c)
  isf = cellfun ("isclass", c, "double") | cellfun ("isclass", c, "single");
  nest = cellfun ("isclass", c, "struct") | cellfun ("isclass", c, "cell");
  bad = any (cellfun ("isnumeric", c(:)) & ! isf(:)) ...
        || ! all (cellfun ("isreal", c(isf)));   # sparse: the gateway finds it
endfunction

## x with its arrays replaced, in collect's order, by Y{k} where changed(k).
function [x, k] = rebuild (x, Y, changed, k)
  if (isfloat (x))
    k += 1;
    if (changed(k))
      x = Y{k};
    endif
  elseif (isstruct (x))
    [c, k] = rebuild_cell (struct2cell (x), Y, changed, k);
    x = cell2struct (c, fieldnames (x), 1);
  elseif (iscell (x))
    [x, k] = rebuild_cell (x, Y, changed, k);
  endif
endfunction

function [c, k] = rebuild_cell (c, Y, changed, k)
  [isf, nest] = classify (c);
  if (! any (nest(:)))
    idx = find (isf);
    ch = changed(k+1:k+numel (idx));
    c(idx(ch)) = Y(k + find (ch));
    k += numel (idx);
  else
    for i = find (isf(:) | nest(:))'
      [c{i}, k] = rebuild (c{i}, Y, changed, k);
    endfor
  endif
endfunction

## Raises the error for the first integer, complex or sparse array in x,
## naming it by its path (only called when collect found one).
function check_walk (x, path)
  if (isinteger (x))
    error ("rnn:clip_gradients:invalidClass",
           "clip_gradients: %s is an %s array; gradients must be single or double",
           path, class (x));
  elseif (isfloat (x) && iscomplex (x))
    error ("rnn:clip_gradients:complexInput",
           "clip_gradients: %s must be real, not complex", path);
  elseif (isfloat (x) && issparse (x))
    error ("rnn:clip_gradients:sparseInput",
           "clip_gradients: %s must be a full array, not sparse", path);
  elseif (isstruct (x))
    f = fieldnames (x);
    for i = 1:numel (x)
      for j = 1:numel (f)
        if (isscalar (x))
          check_walk (x(i).(f{j}), [path "." f{j}]);
        else
          check_walk (x(i).(f{j}), sprintf ("%s(%d).%s", path, i, f{j}));
        endif
      endfor
    endfor
  elseif (iscell (x))
    for i = 1:numel (x)
      check_walk (x{i}, sprintf ("%s{%d}", path, i));
    endfor
  endif
endfunction

%!test
%! ## global-l2norm: hand-derived; non-numeric fields untouched
%! g = struct ("W", [3 0; 0 0], "b", [0; 4], "cell", "lstm", "flag", true);
%! [h, n] = clip_gradients (g, 1);
%! assert (n, 5);
%! assert (h.W, [0.6 0; 0 0], eps); assert (h.b, [0; 0.8], eps);
%! assert (h.cell, "lstm"); assert (h.flag, true);
%! [h, n] = clip_gradients (g, 5);          # at the threshold: unchanged
%! assert (isequal (h, g)); assert (n, 5);

%!test
%! ## the clipped global norm is the threshold; direction kept
%! randn ("state", 1);
%! g = {randn(3, 4), {randn(5, 1), struct("a", randn(2))}};
%! [h, n] = clip_gradients (g, 0.5);
%! v = @(t) [t{1}(:); t{2}{1}(:); t{2}{2}.a(:)];
%! assert (n, norm (v (g)), 1e-13);
%! assert (norm (v (h)), 0.5, 1e-14);
%! assert (v (h), v (g) * 0.5 / n, 1e-15);

%!test
%! ## l2norm: each array on its own; total_norm is still the global norm
%! g = struct ("W", [3 4], "b", [0.3; 0.4]);
%! [h, n] = clip_gradients (g, 1, "Method", "l2norm");
%! assert (n, sqrt (25 + 0.25), 1e-14);
%! assert (h.W, [0.6 0.8], eps); assert (h.b, [0.3; 0.4]);

%!test
%! ## absolute-value: element-wise clamp (np.clip); NaN stays, Inf clamps
%! g = struct ("W", [-3 0.5; 2 -0.1], "b", single ([7; -Inf; NaN]));
%! [h, n] = clip_gradients (g, 1, "method", "Absolute-Value");
%! assert (h.W, [-1 0.5; 1 -0.1]);
%! assert (class (h.b), "single");
%! assert (h.b(1:2), single ([1; -1])); assert (isnan (h.b(3)));
%! assert (isnan (n));

%!test
%! ## nested struct arrays and cells, mixed single/double: classes and
%! ## shapes kept, norm accumulated in double
%! s(1).w = single ([3 4]); s(2).w = [0; 12]; s(2).name = "x";
%! g = {s, {}, struct("deep", {{zeros(0, 3), single(0)}})};
%! [h, n] = clip_gradients (g, 6.5);
%! assert (class (n), "double"); assert (n, 13);
%! assert (class (h{1}(1).w), "single"); assert (h{1}(1).w, single ([1.5 2]));
%! assert (h{1}(2).w, [0; 6]); assert (h{1}(2).name, "x");
%! assert (size (h{3}.deep{1}), [0 3]); assert (h{3}.deep{2}, single (0));
%! assert (h{2}, {});

%!test
%! ## a plain array; an empty struct
%! [h, n] = clip_gradients ([6 8], 5);
%! assert (h, [3 4], eps); assert (n, 10);
%! [h, n] = clip_gradients (struct (), 1);
%! assert (h, struct ()); assert (n, 0);

%!test
%! ## zero gradients: no NaN from 0/0, for every method
%! g = struct ("W", zeros (3), "b", single (zeros (3, 1)));
%! for m = {"global-l2norm", "l2norm", "absolute-value"}
%!   [h, n] = clip_gradients (g, 1, "Method", m{1}, "ErrorIfNonfinite", true);
%!   assert (isequal (h, g)); assert (n, 0);
%! endfor

%!test
%! ## huge and tiny values: no overflow or underflow in the norm
%! [h, n] = clip_gradients ([1e200 1e200], 1);
%! assert (n, sqrt (2) * 1e200, 1e186);
%! assert (h, [1 1] / sqrt (2), 4 * eps);
%! [h, n] = clip_gradients ({3e-200, 4e-200}, 1);
%! assert (n, 5e-200, 1e-214); assert (h, {3e-200, 4e-200});
%! [h, n] = clip_gradients (struct ("a", realmax, "b", realmax), 1);
%! assert (isinf (n));                       # the norm overflows a double
%! assert (h.a, 1 / sqrt (2), 4 * eps);     # but the clipping is right

%!test
%! ## NaN and Inf without ErrorIfNonfinite: PyTorch's threshold/norm factor
%! [h, n] = clip_gradients (struct ("a", [1 NaN], "b", [3 4]), 1);
%! assert (isnan (n)); assert (all (isnan ([h.a h.b])));
%! [h, n] = clip_gradients (struct ("a", [1 Inf], "b", [3 4]), 1);
%! assert (n, Inf); assert (h.a, [0 NaN]); assert (h.b, [0 0]);
%! [h, n] = clip_gradients (struct ("a", [1 Inf], "b", [3 4]), 10, "Method", "l2norm");
%! assert (h.a, [0 NaN]); assert (h.b, [3 4]);

%!test
%! ## ErrorIfNonfinite raises for NaN and Inf, with every method
%! for m = {"global-l2norm", "l2norm", "absolute-value"}
%!   fail ("clip_gradients ({1, [2 NaN]}, 1, 'Method', m{1}, 'ErrorIfNonfinite', true)",
%!         "clip_gradients: the total gradient norm is NaN");
%!   fail ("clip_gradients ({1, [2 -Inf]}, 1, 'Method', m{1}, 'ErrorIfNonfinite', 1)",
%!         "clip_gradients: the total gradient norm is Inf");
%! endfor

%!test
%! ## a layer's gradient struct as the backward functions return it
%! p = rnn_init ("rnn", 3, 4, "Seed", 1);
%! [~, ~, cache] = rnn_forward (randn (3, 2, 5), [], p);
%! [~, dp] = rnn_backward (100 * randn (4, 2, 5), [], cache);
%! [dq, n] = clip_gradients (dp, 1);
%! assert (fieldnames (dq), fieldnames (dp));
%! assert (norm ([dq.W(:); dq.R(:); dq.b(:)]), min (1, n), 1e-12);

%!error <Invalid call> clip_gradients (1)
%!error <Invalid call> clip_gradients (1, 2, "Method")
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, 0)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, -1)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, Inf)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, NaN)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, [1 2])
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, "1")
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, true)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, 1i)
%!error id=rnn:clip_gradients:invalidThreshold clip_gradients (1, [])
%!error id=rnn:clip_gradients:invalidOption clip_gradients (1, 1, "Method", "l1norm")
%!error id=rnn:clip_gradients:invalidOption clip_gradients (1, 1, "Metod", "l2norm")
%!error id=rnn:clip_gradients:invalidOption clip_gradients (1, 1, "ErrorIfNonfinite", "yes")
%!error id=rnn:clip_gradients:invalidOption clip_gradients (1, 1, "ErrorIfNonfinite", NaN)
%!error <ErrorIfNonfinite must be true or false, not 2> clip_gradients (1, 1, "ErrorIfNonfinite", 2)
%!assert (clip_gradients ({3, 4}, 1, "ErrorIfNonfinite", 1), {0.6, 0.8}, 1e-15)
%!error <G.layer.W is an int8 array> clip_gradients (struct ("layer", struct ("W", int8 (1))), 1)
%!error id=rnn:clip_gradients:invalidClass clip_gradients ({1, {uint16(2)}}, 1)
%!error <G\{2\}.a must be real> clip_gradients ({1, struct("a", 1i)}, 1)
%!error id=rnn:clip_gradients:sparseInput clip_gradients (struct ("a", sparse (1)), 1)
%!error <G\(2\).w must be real> clip_gradients (struct ("w", {1, 1i}), 1)

%!demo
%! ## An exploding gradient, clipped three ways to a threshold of 5.
%! g = struct ("W", 100 * randn (4, 3), "b", 100 * randn (4, 1));
%! [c, n] = clip_gradients (g, 5);              # "global-l2norm"
%! printf ("global norm %.1f -> %.4f, direction kept: cosine %.6f\n", n,
%!         norm ([c.W(:); c.b(:)]),
%!         dot ([c.W(:); c.b(:)], [g.W(:); g.b(:)]) / (5 * n));
%! c = clip_gradients (g, 5, "Method", "l2norm");
%! printf ("per array: norm (W) %.4f, norm (b) %.4f\n", norm (c.W(:)), norm (c.b));
%! c = clip_gradients (g, 5, "Method", "absolute-value");
%! printf ("element-wise: largest |W| %.4f, largest |b| %.4f\n",
%!         max (abs (c.W(:))), max (abs (c.b)));
