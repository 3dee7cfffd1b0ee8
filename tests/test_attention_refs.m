## Compare attention_forward / attention_backward with PyTorch.
##
## tests/ref/attention_*.mat hold inputs, upstream gradients, outputs and
## autograd gradients computed by PyTorch (tests/ref/make_attention_refs.py,
## described in tests/ref/README.md): the three score forms, with and
## without Lengths.  Each case runs in double (error at most 1e-12 relative
## to max (1, max|ref|)) and in single (1e-5), without and with the keys
## computed once (attention_keys, attention_keys_backward).
##
## Run with:  test tests/test_attention_refs.m   (from the top of the tree)

%!function d = ref_dir ()
%!  probe = "attention_dot_len.mat";
%!  e = getenv ("RNN_TESTS_DIR");
%!  if (! isempty (e))
%!    d = fullfile (e, "ref");
%!  else
%!    d = fullfile (fileparts (which ("test_attention_refs")), "ref");
%!    if (! exist (fullfile (d, probe), "file"))
%!      d = fullfile (pwd (), "tests", "ref");
%!    endif
%!  endif
%!  assert (exist (fullfile (d, probe), "file") == 2, "no reference files in %s", d);
%!endfunction

%!function check (got, want, tol, what)
%!  assert (isequal (size (got), size (want)), "%s: size", what);
%!  err = max (abs (double (got(:)) - want(:))) / max (1, max (abs (want(:))));
%!  assert (err <= tol, "%s: error %g", what, err);
%!endfunction

%!function run_case (r, cls, tol, keys)
%!  names = {"Ws", "Wh", "b", "v", "Wa"};
%!  p = struct ("type", r.type);
%!  for f = names
%!    if (isfield (r, f{1})) p.(f{1}) = cls (r.(f{1})); endif
%!  endfor
%!  opts = {"Lengths", r.lengths};
%!  if (keys)
%!    opts(end+1:end+2) = {"Keys", attention_keys(cls (r.H), p)};
%!  endif
%!  [ctx, alpha, cache] = attention_forward (cls (r.s), cls (r.H), p, opts{:});
%!  assert (class (ctx), func2str (cls));
%!  what = sprintf ("%s %s keys=%d", r.type, func2str (cls), keys);
%!  check (ctx, r.ctx, tol, [what " ctx"]); check (alpha, r.alpha, tol, [what " alpha"]);
%!  if (! isempty (r.lengths))
%!    for j = 1:columns (alpha)
%!      assert (all (alpha(r.lengths(j)+1:end, j) == 0));   # exactly 0
%!    endfor
%!  endif
%!  [ds, dH, dp, dK] = attention_backward (cls (r.dctx), cls (r.dalpha), cache);
%!  if (keys)
%!    [dH2, dp2] = attention_keys_backward (dK, cls (r.H), p);
%!    dH += dH2;
%!    for f = fieldnames (dp2)'
%!      dp.(f{1}) += dp2.(f{1});
%!    endfor
%!  endif
%!  check (ds, r.ds, tol, [what " ds"]); check (dH, r.dH, tol, [what " dH"]);
%!  for f = names
%!    if (isfield (r, f{1}))
%!      check (dp.(f{1}), r.(["d" f{1}]), tol, [what " d" f{1}]);
%!    endif
%!  endfor
%!endfunction

%!test
%! d = ref_dir ();
%! for form = {"additive", "dot", "general"}
%!   for len = {"full", "len"}
%!     r = load (fullfile (d, sprintf ("attention_%s_%s.mat", form{1}, len{1})));
%!     for keys = [false true]
%!       run_case (r, @double, 1e-12, keys);
%!       run_case (r, @single, 1e-5, keys);
%!     endfor
%!   endfor
%! endfor
