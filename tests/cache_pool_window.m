## cache_pool_window.m - run by test_cache_pool.m in a fresh octave-cli:
## the pool's window of unread caches (src/mex/cache_pool.h) starts small,
## so that caches nobody reads soon lend their memory to new ones, and
## widens to the distance at which a backward pass came for a cache that it
## had dropped.  Exits with an error if any of that does not hold.
1;
## does the pool still hold cache?  (kept: it refuses an edited X)
function k = kept (cache, dY)
  cache{2} *= 2;
  try
    lstm_backward (dY, [], [], cache);
    k = false;
  catch err
    assert (err.identifier, "rnn:lstm_backward:staleCache");
    k = true;
  end_try_catch
endfunction

function c = fwd (X, p)
  [~, ~, ~, c] = lstm_forward (X, [], [], p);
endfunction

p = rnn_init ("lstm", 3, 4, "Seed", 9); X = randn (3, 2, 5);
dY = randn (4, 2, 5);
for k = 1:20
  c = fwd (X, p);
endfor
s = pool_stats ();
assert (s(1) <= s(3) && s(3) < 20);
d = s(3) + 3;                               # beyond the window
first = fwd (X, p);
for k = 1:d
  c = fwd (X, p);
endfor
assert (! kept (first, dY));        # dropped, and now known
assert (pool_stats ()(3) >= d + 1);
first = fwd (X, p);
for k = 1:d
  c = fwd (X, p);
endfor
assert (kept (first, dY));          # kept at that distance now
