## test_cache_pool.m - caches kept inside the MEX file between a forward
## and its backward pass (src/mex/cache_pool.h).  Whatever the pool has or
## has dropped, a backward pass gives exactly what it gives with the cache
## as Octave arrays (RNN_CACHE_BYTES=0); a dropped cache is computed again.

## A cache's parts by name: a cache is {cell, X, p, options, h0, c0, S},
## S the pool's key or the arrays {Sh, Sc, Z} (src/mex/layer_backward.c).
## "key" is [] and "Sh", "Sc", "Z" are [] where S is the other kind.
%!function v = part (cache, name)
%!  S = cache{7}; v = [];
%!  switch (name)
%!    case "key"
%!      if (isa (S, "uint64")) v = S; endif
%!    case {"Sh", "Sc", "Z"}
%!      if (iscell (S)) v = S{strcmp (name, {"Sh", "Sc", "Z"})}; endif
%!    otherwise
%!      v = cache{strcmp (name, {"cell", "X", "p", "options", "h0", "c0"})};
%!  endswitch
%!endfunction

## the cache with one part (X, h0 or key) replaced by v
%!function cache = set_part (cache, name, v)
%!  k = find (strcmp (name, {"cell", "X", "p", "options", "h0", "c0", "key"}));
%!  cache{k} = v;
%!endfunction

%!function [Y, hN, cache] = fwd (cell, X, h0, c0, p, varargin)
%!  switch (cell)
%!    case "rnn",  [Y, hN, cache] = rnn_forward (X, h0, p, varargin{:});
%!    case "gru",  [Y, hN, cache] = gru_forward (X, h0, p, varargin{:});
%!    case "lstm", [Y, hN, ~, cache] = lstm_forward (X, h0, c0, p, varargin{:});
%!  endswitch
%!endfunction

%!function g = bwd (cell, dY, cache)
%!  switch (cell)
%!    case "rnn",  [g.dX, g.dp, g.dh0] = rnn_backward (dY, [], cache);
%!    case "gru",  [g.dX, g.dp, g.dh0] = gru_backward (dY, [], cache);
%!    case "lstm", [g.dX, g.dp, g.dh0, g.dc0] = lstm_backward (dY, [], [], cache);
%!  endswitch
%!endfunction

## the backward pass of cache with the pool limit set to bytes (a string)
%!function g = bwd_with (limit, cell, dY, cache)
%!  old = getenv ("RNN_CACHE_BYTES");
%!  setenv ("RNN_CACHE_BYTES", limit);
%!  unwind_protect
%!    g = bwd (cell, dY, cache);
%!  unwind_protect_cleanup
%!    setenv ("RNN_CACHE_BYTES", old);
%!  end_unwind_protect
%!endfunction

## forward with the pool limit set to bytes (a string)
%!function [Y, hN, cache] = fwd_with (limit, varargin)
%!  old = getenv ("RNN_CACHE_BYTES");
%!  setenv ("RNN_CACHE_BYTES", limit);
%!  unwind_protect
%!    [Y, hN, cache] = fwd (varargin{:});
%!  unwind_protect_cleanup
%!    setenv ("RNN_CACHE_BYTES", old);
%!  end_unwind_protect
%!endfunction

## empties the pool: 64 forward passes make every older cache stale, and
## the backward pass of each lets the next one drop it
%!function flush_pool ()
%!  q = rnn_init ("rnn", 1, 1);
%!  for k = 1:64
%!    [~, ~, c] = rnn_forward (0, [], q);
%!    rnn_backward ([], [], c);
%!  endfor
%!endfunction

%!test
%! ## a kept cache gives the backward pass of the arrays, bit for bit, for
%! ## every cell and direction, with initial states and Lengths
%! for c = {"rnn", "gru", "lstm"}
%!   for dir = {"forward", "reverse", "bidirectional"}
%!     p = rnn_init (c{1}, 3, 4, "Direction", dir{1}, "Seed", 2);
%!     D = 1 + strcmp (dir{1}, "bidirectional");
%!     X = randn (3, 5, 6); h0 = randn (4, 5, D); c0 = randn (4, 5, D);
%!     dY = randn (4 * D, 5, 6);
%!     args = {c{1}, X, h0, c0, p, "Lengths", [6 1 3 6 2]};
%!     [Y0, h0_, cache0] = fwd_with ("0", args{:});
%!     assert (isempty (part (cache0, "key")));
%!     [Y, hN, cache] = fwd (args{:});
%!     assert (class (part (cache, "key")), "uint64");
%!     assert (isempty (part (cache, "Sh")) && isempty (part (cache, "Z")));
%!     assert (isequal (Y, Y0) && isequal (hN, h0_));
%!     assert (isequal (bwd (c{1}, dY, cache), bwd (c{1}, dY, cache0)));
%!   endfor
%! endfor

%!test
%! ## Which caches the pool keeps, seen from outside: a backward pass
%! ## served by the pool ignores the cache's X in dR (dR comes from the
%! ## kept states and gates), one whose cache was dropped computes the
%! ## forward pass again from that X.  Dropped: a cache whose backward
%! ## pass has run, at the next forward pass; one that no backward pass
%! ## has read for 64 forward passes.  A cache for which the pool has no
%! ## room comes as arrays.  Each way the result is that of the arrays.
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 3, 4, "Direction", "bidirectional", "Seed", 3);
%!   X = randn (3, 2, 5); h0 = randn (4, 2, 2); c0 = randn (4, 2, 2);
%!   dY = randn (8, 2, 5);
%!   [~, ~, ref] = fwd_with ("0", c{1}, X, h0, c0, p);
%!   g0 = bwd (c{1}, dY, ref);
%!   [~, ~, ref2] = fwd_with ("0", c{1}, 2 * X, h0, c0, p);
%!   g2 = bwd (c{1}, dY, ref2);
%!   assert (! isequal (g0.dp.R, g2.dp.R));
%!   [~, ~, cache] = fwd (c{1}, X, h0, c0, p);
%!   assert (isequal (bwd (c{1}, dY, cache), g0));
%!   kept = bwd (c{1}, dY, set_part (cache, "X", 2 * X));
%!   assert (isequal (kept.dp.R, g0.dp.R));        # the pool's
%!   [~, ~, next] = fwd (c{1}, X, h0, c0, p);      # drops cache
%!   assert (isequal (bwd (c{1}, dY, set_part (cache, "X", 2 * X)), g2));
%!   assert (isequal (bwd (c{1}, dY, cache), g0));  # not what the 2 * X gave
%!   assert (isequal (bwd (c{1}, dY, next), g0));
%!   ## a pool with room for four such caches: the fifth is returned as
%!   ## arrays
%!   n = numel (part (ref, "Sh")) + numel (part (ref, "Sc")) + numel (part (ref, "Z"));
%!   bytes = sprintf ("%d", 4 * 8 * n);
%!   keys = {};
%!   flush_pool ();
%!   for k = 1:5
%!     [~, ~, kk] = fwd_with (bytes, c{1}, X, h0, c0, p);
%!     keys{k} = part (kk, "key");
%!   endfor
%!   assert (cellfun ("isempty", keys), logical ([0 0 0 0 1]));
%!   assert (isequal (bwd_with (bytes, c{1}, dY, kk), g0));
%!   ## a cache that no backward pass has read for 64 forward passes goes
%!   [~, ~, first] = fwd (c{1}, X, h0, c0, p);
%!   [~, ~, second] = fwd (c{1}, X, h0, c0, p);
%!   for k = 1:63
%!     [~, ~, later] = fwd (c{1}, X, h0, c0, p);
%!   endfor
%!   g = bwd (c{1}, dY, set_part (first, "X", 2 * X));
%!   assert (isequal (g, g2));                      # gone: computed again
%!   g = bwd (c{1}, dY, set_part (second, "X", 2 * X));
%!   assert (isequal (g.dp.R, g0.dp.R));            # still kept
%!   assert (isequal (bwd (c{1}, dY, later), g0));
%! endfor

%!test
%! ## a cache larger than the pool is returned as arrays
%! p = rnn_init ("gru", 3, 4);
%! [~, ~, cache] = fwd_with ("100", "gru", randn (3, 2, 5), [], [], p);
%! assert (isempty (part (cache, "key")));
%! assert (size (part (cache, "Z")), [16 2 5]);   # r, z, n, R_n*h + b_Rn
%! ## a limit that is not a count of bytes is ignored
%! [~, ~, cache] = fwd_with ("lots", "gru", randn (3, 2, 5), [], [], p);
%! assert (class (part (cache, "key")), "uint64");

%!test
%! ## the forward pass run again takes the cache's initial states and
%! ## Lengths, and X with its padding (which the layer reads as zeros)
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 3, 4, "Direction", "bidirectional", "Seed", 7);
%!   X = randn (3, 4, 6); h0 = randn (4, 4, 2); c0 = randn (4, 4, 2);
%!   dY = randn (8, 4, 6);
%!   args = {c{1}, X, h0, c0, p, "Lengths", [6 2 1 4]};
%!   [~, ~, ref] = fwd_with ("0", args{:});
%!   [~, ~, cache] = fwd (args{:});
%!   cache = set_part (cache, "key", part (cache, "key") + 1);
%!   assert (isequal (bwd (c{1}, dY, cache), bwd (c{1}, dY, ref)));
%! endfor

%!test
%! ## a key of another layer's cache finds nothing of this layer's shape:
%! ## the forward pass runs again from this cache's inputs
%! p = rnn_init ("lstm", 3, 4, "Seed", 4); q = rnn_init ("lstm", 3, 6);
%! X = randn (3, 2, 5); dY = randn (4, 2, 5);
%! [~, ~, ref] = fwd_with ("0", "lstm", X, [], [], p);
%! [~, ~, c] = fwd ("lstm", X, [], [], p);
%! [~, ~, other] = fwd ("lstm", X, [], [], q);
%! c = set_part (c, "key", part (other, "key"));
%! assert (isequal (bwd ("lstm", dY, c), bwd ("lstm", dY, ref)));

%!test
%! ## a cache saved to a file and loaded again (in this session or another)
%! p = rnn_init ("gru", 3, 4, "Seed", 5); X = randn (3, 2, 5);
%! dY = randn (4, 2, 5);
%! [~, ~, c] = fwd ("gru", X, [], [], p);
%! g = bwd ("gru", dY, c);
%! f = [tempname() ".mat"];
%! unwind_protect
%!   save ("-binary", f, "c");
%!   c = set_part (c, "key", part (c, "key") + 1);   # as if the pool had lost it
%!   saved = load (f);
%!   assert (isequal (bwd ("gru", dY, saved.c), g));
%!   assert (isequal (bwd ("gru", dY, c), g));
%! unwind_protect_cleanup
%!   unlink (f);
%! end_unwind_protect

%!test
%! ## single dY on a double layer: the backward pass computes in single,
%! ## the forward pass again in single (the pool's cache is double)
%! p = rnn_init ("lstm", 3, 4, "Seed", 6); X = randn (3, 2, 5);
%! dY = randn (4, 2, 5);
%! [~, ~, c] = fwd ("lstm", X, [], [], p);
%! gd = bwd ("lstm", dY, c);
%! gs = bwd ("lstm", single (dY), c);
%! assert (class (gs.dX), "single");
%! assert (double (gs.dX), gd.dX, 1e-5);
%! assert (double (gs.dp.W), gd.dp.W, 1e-5);

%!error id=rnn:gru_backward:invalidCache
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_backward ([], [], set_part (c, "key", double (part (c, "key"))));
%!error id=rnn:gru_backward:invalidCache
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_backward ([], [], set_part (c, "key", uint64 (0)));
%!error id=rnn:gru_backward:invalidCache
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_backward ([], [], set_part (c, "key", [part(c, "key") part(c, "key")]));
%!error id=rnn:lstm_backward:invalidCache
%! ## an initial state that does not fit, where the forward pass must run again
%! [~, ~, ~, c] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4));
%! c = set_part (c, "key", part (c, "key") + 1); c = set_part (c, "h0", ones (4, 3));
%! lstm_backward ([], [], [], c);
