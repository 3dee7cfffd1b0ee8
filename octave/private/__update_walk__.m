## [P, S] = __update_walk__ (FN, METHOD, H, P, G, S, NAMES) - what
## adamupdate, sgdmupdate and rmspropupdate share: walk the parameters P and
## gradients G together (nested structs, struct arrays and cell arrays),
## with the optimiser's states S = {S1, ...} (each [] on the first call,
## else shaped like P; NAMES = {"AVGGRAD", ...} for messages), and update
## every single or double array of P that has a gradient by the step of
## METHOD ("adam", "sgdm" or "rmsprop") with hyperparameters H, in C
## (src/mex/update.c; a state [] means zeros).  Fields of P without a
## gradient, and non-numeric fields, are kept.  Errors rnn:FN:<reason> name
## the path of the offending array.  A flat struct, the common case, goes
## to the gateway in one call, which declines anything else.
function [p, S] = __update_walk__ (fn, method, h, p, g, S, names)
  if (isstruct (p))
    s2 = [];
    if (numel (S) > 1) s2 = S{2}; endif
    [q, a, b, done] = __update__ (fn, method, p, g, S{1}, s2, h);
    if (done)
      p = q; S = {a, b}(1:numel (S));
      return;
    endif
  endif
  [p, S] = walk (fn, p, g, S, names, {method, h}, "");
endfunction

function [p, S] = walk (fn, p, g, S, names, op, path)
  k = numel (S);
  if (isfloat (p))
    ok = isfloat (g) && isreal (g) && ! issparse (g) && size_equal (p, g);
    for i = 1:k
      ok = ok && (isempty (S{i}) || (isfloat (S{i}) && size_equal (p, S{i})));
    endfor
    if (! ok)
      check_leaf (fn, p, g, path, S, names);   # raises
    endif
    for i = 1:k
      if (isempty (S{i})) S{i} = 0; endif
    endfor
    s = [S, {[]}];                     # [] for one-state methods' second
    [p, s{1:2}] = __update__ (fn, op{1}, p, g, s{1:2}, op{2});
    S = s(1:k);
  elseif (isstruct (p) || iscell (p))
    kind = class (p);
    ok = isa (g, kind) && size_equal (p, g);
    for i = 1:k
      ok = ok && (isempty (S{i}) || (isa (S{i}, kind) && size_equal (p, S{i})));
    endfor
    if (! ok)
      check_node (fn, p, g, path, kind, S, names);   # raises
    endif
    if (iscell (p))
      [p, S] = walk_cell (fn, p, g, S, names, op, path);
    else
      [p, S] = walk_struct (fn, p, g, S, names, op, path);
    endif
  elseif (isinteger (p))
    error (sprintf ("rnn:%s:invalidClass", fn),
           "%s: P%s is an %s array; only single and double parameters can be updated",
           fn, path, class (p));
  endif
endfunction

function [p, S] = walk_struct (fn, p, g, S, names, op, path)
  k = numel (S);
  f = fieldnames (p);
  sel = isfield (g, f);
  if (numfields (g) > nnz (sel))
    fg = fieldnames (g);
    error (sprintf ("rnn:%s:fieldMismatch", fn),
           "%s: GRAD%s has a field %s that P%s does not have",
           fn, path, fg{find (! isfield (p, fg), 1)}, path);
  endif
  has = cellfun ("isclass", S, "struct");
  ## the new states, shaped like p (not repmat, an .m function, for a
  ## scalar p, the common case)
  e = struct ();
  if (! isscalar (p)) e = repmat (e, size (p)); endif
  N = cell (1, k);
  N(:) = {e};
  for fj = f(sel)'
    fj = fj{1};
    for i = 1:numel (p)
      x = p(i).(fj);
      if (! (isfloat (x) || isstruct (x) || iscell (x) || isinteger (x)))
        continue;                         # strings, logicals, handles
      endif
      s = cell (1, k);
      for q = 1:k
        if (has(q) && isfield (S{q}, fj)) s{q} = S{q}(i).(fj); endif
      endfor
      sub = ["." fj];
      if (! isscalar (p)) sub = sprintf ("(%d).%s", i, fj); endif
      [x, s] = walk (fn, x, g(i).(fj), s, names, op, [path sub]);
      p(i).(fj) = x;
      for q = 1:k
        N{q}(i).(fj) = s{q};
      endfor
    endfor
  endfor
  S = N;
endfunction

function [p, S] = walk_cell (fn, p, g, S, names, op, path)
  k = numel (S);
  N = cell (1, k);
  N(:) = {cell(size (p))};
  for i = 1:numel (p)
    s = cell (1, k);
    for q = 1:k
      if (! isempty (S{q})) s{q} = S{q}{i}; endif
    endfor
    [p{i}, s] = walk (fn, p{i}, g{i}, s, names, op, sprintf ("%s{%d}", path, i));
    for q = 1:k
      N{q}{i} = s{q};
    endfor
  endfor
  S = N;
endfunction

function check_leaf (fn, p, g, path, S, names)
  if (! isfloat (g) || iscomplex (g) || issparse (g))
    error (sprintf ("rnn:%s:invalidGradient", fn),
           "%s: GRAD%s must be a real full single or double array like P%s, not %s",
           fn, path, path, __show__ (g));
  elseif (! size_equal (p, g))
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: GRAD%s must be %s like P%s, not %s", fn, path, __dims__ (p), path, __dims__ (g));
  endif
  for k = 1:numel (S)
    s = S{k};
    if (! isempty (s) && ! (isfloat (s) && size_equal (s, p)))
      error (sprintf ("rnn:%s:invalidState", fn),
             "%s: %s%s must be a %s array like P%s, not %s; pass [] on the first call",
             fn, names{k}, path, __dims__ (p), path, __show__ (s));
    endif
  endfor
endfunction

function check_node (fn, p, g, path, kind, S, names)
  if (! (isa (g, kind) && size_equal (p, g)))
    error (sprintf ("rnn:%s:invalidGradient", fn),
           "%s: GRAD%s must be a %s %s like P%s, not %s", fn, path, __dims__ (p), kind,
           path, __show__ (g));
  endif
  for k = 1:numel (S)
    s = S{k};
    if (! isempty (s) && ! (isa (s, kind) && size_equal (s, p)))
      error (sprintf ("rnn:%s:invalidState", fn),
             "%s: %s%s must be a %s %s like P%s, not %s; pass [] on the first call",
             fn, names{k}, path, __dims__ (p), kind, path, __show__ (s));
    endif
  endfor
endfunction

