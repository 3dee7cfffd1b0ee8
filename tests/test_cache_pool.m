## test_cache_pool.m - caches kept inside the MEX file between a forward
## and its backward pass (src/mex/cache_pool.h).  Whatever the pool has or
## has dropped, a backward pass gives exactly what it gives with the cache
## as Octave arrays (RNN_CACHE_BYTES=0); a dropped cache is computed again;
## a cache whose inputs are not those its forward pass read is refused
## (staleCache), never served with another forward pass's states.

## A cache's parts by name: a cache is {cell, X, p, options, h0, c0, S},
## S the pool's key or the arrays {Sh, Sc, Z, fingerprint}
## (src/mex/layer_backward.c).
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
## does the pool still hold cache?  A kept cache refuses an edited X
## (staleCache); a dropped one computes the forward pass again from it.
%!function k = kept (cell, dY, cache)
%!  try
%!    bwd (cell, dY, set_part (cache, "X", 2 * part (cache, "X")));
%!    k = false;
%!  catch err
%!    assert (err.identifier, sprintf ("rnn:%s_backward:staleCache", cell));
%!    k = true;
%!  end_try_catch
%!endfunction

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
%! ## Which caches the pool keeps, seen from outside (kept: it refuses an
%! ## edited X; dropped: the forward pass runs again from the edited X).
%! ## Dropped: a cache whose backward pass has run, at the next forward
%! ## pass; one that no backward pass has read for a window of forward
%! ## passes (at most 64).  A cache for which the pool has no room comes as
%! ## arrays.  Each way the result is that of the arrays.
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
%!   assert (kept (c{1}, dY, cache));
%!   [~, ~, next] = fwd (c{1}, X, h0, c0, p);      # drops cache
%!   assert (isequal (bwd (c{1}, dY, set_part (cache, "X", 2 * X)), g2));
%!   assert (isequal (bwd (c{1}, dY, cache), g0));
%!   assert (isequal (bwd (c{1}, dY, next), g0));
%!   ## a pool with room for two such caches: the third is returned as
%!   ## arrays (the window is 4 or more)
%!   n = numel (part (ref, "Sh")) + numel (part (ref, "Sc")) + numel (part (ref, "Z"));
%!   bytes = sprintf ("%d", 2 * 8 * n);
%!   keys = {};
%!   flush_pool ();
%!   for k = 1:3
%!     [~, ~, kk] = fwd_with (bytes, c{1}, X, h0, c0, p);
%!     keys{k} = part (kk, "key");
%!   endfor
%!   assert (cellfun ("isempty", keys), logical ([0 0 1]));
%!   assert (isequal (bwd_with (bytes, c{1}, dY, kk), g0));
%!   ## a cache that no backward pass has read for 64 forward passes goes
%!   [~, ~, first] = fwd (c{1}, X, h0, c0, p);
%!   [~, ~, second] = fwd (c{1}, X, h0, c0, p);
%!   for k = 1:64
%!     [~, ~, later] = fwd (c{1}, X, h0, c0, p);
%!   endfor
%!   assert (! kept (c{1}, dY, first));            # gone: computed again
%!   assert (isequal (bwd (c{1}, dY, first), g0));
%!   assert (isequal (bwd (c{1}, dY, later), g0));
%! endfor

%!test
%! ## The window: caches nobody reads soon lend their memory to new ones
%! ## (evaluation code that asks for a cache does not take fresh memory for
%! ## 64 of them), and it widens to the distance at which a backward pass
%! ## came for a cache it had dropped.
%! ## (in a fresh process: the window only widens)
%! child_octave ("cache_pool_window");

%!test
%! ## A cache whose inputs changed after its forward pass (X, p, h0, c0,
%! ## Lengths, also in place) or that holds the key of another forward pass
%! ## of the same shape is refused, kept in the pool or returned as arrays.
%! for limit = {"", "0"}
%!   for c = {"rnn", "gru", "lstm"}
%!     p = rnn_init (c{1}, 3, 4, "Seed", 11); q = rnn_init (c{1}, 3, 4, "Seed", 12);
%!     X = randn (3, 2, 5); h0 = randn (4, 2); c0 = randn (4, 2);
%!     dY = randn (4, 2, 5); id = sprintf ("rnn:%s_backward:staleCache", c{1});
%!     args = {c{1}, X, h0, c0, p, "Lengths", [5 3]};
%!     [~, ~, cache] = fwd_with (limit{1}, args{:});
%!     [~, ~, other] = fwd_with (limit{1}, c{1}, X, h0, c0, q, "Lengths", [5 3]);
%!     p2 = p; p2.W(1) += 1;
%!     bad = {set_part(cache, "X", X + eps), set_part(cache, "p", p2), ...
%!            set_part(cache, "h0", h0 * 2), set_part(cache, "options", {"Lengths", [5 4]}), ...
%!            set_part(cache, "options", {})};
%!     if (strcmp (c{1}, "lstm")) bad{end+1} = set_part (cache, "c0", c0 + 1); endif
%!     if (isempty (limit{1}))
%!       bad{end+1} = set_part (cache, "key", part (other, "key"));
%!     else
%!       S = other{7}; S(1:3) = cache{7}(1:3); bad{end+1} = set_part (cache, "key", S);
%!     endif
%!     for k = 1:numel (bad)
%!       try
%!         bwd_with (limit{1}, c{1}, dY, bad{k});
%!         error ("test:noError", "case %d of %s (limit '%s') was not refused",
%!                k, c{1}, limit{1});
%!       catch err
%!         assert (err.identifier, id);
%!       end_try_catch
%!     endfor
%!     ## an edit in place (X is the cache's own array, nobody shares it)
%!     [~, ~, cache] = fwd_with (limit{1}, c{1}, randn (3, 2, 5), h0, c0, p);
%!     cache{2}(2, 2, 2) = 7;
%!     try
%!       bwd_with (limit{1}, c{1}, dY, cache);
%!       error ("test:noError", "an edit in place was not refused");
%!     catch err
%!       assert (err.identifier, id);
%!     end_try_catch
%!   endfor
%! endfor

%!test
%! ## Keys belong to the process: a child made by fork hands out keys
%! ## other than its parent's, and a cache the child made, used in the
%! ## parent, gives the parent the gradients of that cache's inputs.
%! if (! exist ("fork", "builtin"))
%!   return;
%! endif
%! p = rnn_init ("lstm", 3, 4, "Seed", 13);
%! X = randn (3, 2, 5); Xc = randn (3, 2, 5); dY = randn (4, 2, 5);
%! [~, ~, before] = fwd ("lstm", X, [], [], p);   # the generator is seeded
%! f = [tempname() ".mat"];
%! unwind_protect
%!   fflush (stdout); fflush (stderr);
%!   pid = fork ();
%!   if (pid == 0)   # the child: its cache to the file, then gone at once
%!     try
%!       [~, ~, child] = fwd ("lstm", Xc, [], [], p);
%!       save ("-binary", f, "child");
%!     end_try_catch
%!     kill (getpid (), 9);
%!   endif
%!   assert (pid > 0);
%!   waitpid (pid);
%!   [~, ~, mine] = fwd ("lstm", X, [], [], p);
%!   child = load (f).child;
%!   [~, ~, ref] = fwd_with ("0", "lstm", Xc, [], [], p);
%!   assert (isequal (bwd ("lstm", dY, child), bwd ("lstm", dY, ref)));
%!   assert (part (child, "key") != part (mine, "key"));
%!   [~, ~, ref] = fwd_with ("0", "lstm", X, [], [], p);
%!   assert (isequal (bwd ("lstm", dY, mine), bwd ("lstm", dY, ref)));
%! unwind_protect_cleanup
%!   unlink (f);
%! end_unwind_protect

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

%!error id=rnn:lstm_backward:staleCache
%! ## a key of another layer's cache, of another shape
%! p = rnn_init ("lstm", 3, 4, "Seed", 4); q = rnn_init ("lstm", 3, 6);
%! X = randn (3, 2, 5); dY = randn (4, 2, 5);
%! [~, ~, c] = fwd ("lstm", X, [], [], p);
%! [~, ~, other] = fwd ("lstm", X, [], [], q);
%! bwd ("lstm", dY, set_part (c, "key", part (other, "key")));

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
%! ## from the pool's double cache rounded to single
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

%!test
%! ## mixed precision: the result of a single dY on a double layer does not
%! ## depend on whether the pool still had the cache (pool, arrays, forward
%! ## pass again: a double forward pass, rounded to single)
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 3, 4, "Direction", "bidirectional", "Seed", 14);
%!   X = randn (3, 2, 5); dY = single (randn (8, 2, 5));
%!   [~, ~, kept] = fwd (c{1}, X, [], [], p);
%!   [~, ~, arrays] = fwd_with ("0", c{1}, X, [], [], p);
%!   g = bwd (c{1}, dY, kept);
%!   assert (class (g.dX), "single");
%!   assert (isequal (g, bwd (c{1}, dY, arrays)));
%!   assert (isequal (g, bwd (c{1}, dY, set_part (kept, "key", part (kept, "key") + 1))));
%! endfor
