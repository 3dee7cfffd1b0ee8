## valgrind_gateways (N) - exercise every MEX gateway N times through the
## public functions, the error paths included, for a run of Octave under
## valgrind (tests/valgrind-mex.sh, make check-valgrind-mex).  Each pass
## makes the same calls, so a leak in a gateway grows with N while
## Octave's own one-off allocations do not.  Returns the number of calls
## and of the errors they raised (all expected).
function [calls, errors] = valgrind_gateways (N = 2)
  calls = 0; errors = 0;
  for pass = 1:N
    for cell = {"rnn", "gru", "lstm"}
      for dir = {"forward", "reverse", "bidirectional"}
        for cls = {"double", "single"}
          p = rnn_init (cell{1}, 3, 4, "Direction", dir{1}, "Merge", "mul",
                        "RecurrentBias", true, "Class", cls{1}, "Seed", pass);
          X = randn (3, 2, 5);       # double: mixed with single p in half
          for opts = {{}, {"Lengths", [5 2]}}
            [dX, dp] = layer (cell{1}, X, p, opts{1});
            calls += 3;
          endfor
          ## the cache as arrays, and a cache the pool no longer has
          with_limit ("0", @() layer (cell{1}, X, p, {"Lengths", [5 2]}));
          [~, c] = forward (cell{1}, X, p, {"Lengths", [5 2]});
          c{7} += 1;                 # its key (layer_backward.c)
          backward (cell{1}, c);
          calls += 3;
        endfor
      endfor
      ## one step
      p = rnn_init (cell{1}, 3, 4);
      switch (cell{1})
        case "rnn"
          [h, c] = rnn_cell_forward (randn (3, 2), [], p);
          rnn_cell_backward (ones (size (h)), c);
        case "gru"
          [h, c] = gru_cell_forward (randn (3, 2), [], p);
          gru_cell_backward (ones (size (h)), c);
        case "lstm"
          [h, cc, c] = lstm_cell_forward (randn (3, 2), [], [], p);
          lstm_cell_backward (ones (size (h)), [], c);
      endswitch
      calls += 2;
      ## empty sizes: T = 0, m = 0, n_x = 0
      layer (cell{1}, zeros (3, 2, 0), p, {});
      layer (cell{1}, zeros (3, 0, 4), p, {});
      layer (cell{1}, zeros (0, 2, 3), rnn_init (cell{1}, 0, 4), {});
      calls += 6;
      ## error paths: after and before the gateway allocates anything
      bad = {{int8(X), p}, {complex(X), p}, {X(1:2,:,:), p}, ...
             {X, setfield(p, "W", {1})}, {X, rmfield(p, "R")}, ...
             {X, setfield(p, "direction", "sideways")}, {X, [p p]}, ...
             {X, setfield(p, "Wx", 1)}, {zeros(0, 1, 1e12), rnn_init(cell{1}, 0, 4)}, ...
             {zeros(0, 1e9, 1e9), rnn_init(cell{1}, 0, 4)}};
      for b = bad
        errors += expect_error (@() layer (cell{1}, b{1}{1}, b{1}{2}, {}));
        calls += 1;
      endfor
      for L = {[0 1], [1 NaN], {1, 2}, "ab", [1 2 3], int8([0 2]), 1.5}
        errors += expect_error (@() layer (cell{1}, X, p, {"Lengths", L{1}}));
        calls += 1;
      endfor
      errors += expect_error (@() layer (cell{1}, X, p, {"Lengths"}));
      errors += expect_error (@() layer (cell{1}, X, p, {"Foo", 1}));
      calls += 2;
      ## forged keys and initial states, then forged arrays, reach the
      ## backward pass's checks
      ## (a cache: {cell, X, p, options, h0, c0, key or {Sh, Sc, Z}})
      [~, c] = forward (cell{1}, X, p, {});
      key = c{7};
      for v = {double(key), uint64(0), [key key], int8(1), {1, 2}}
        errors += expect_error (@() backward (cell{1}, with_slot (c, 7, v{1})));
        calls += 1;
      endfor
      c{7} += 1;
      for v = {int8(1), zeros(2, 2), ones(4, 2, 3)}
        errors += expect_error (@() backward (cell{1}, with_slot (c, 5, v{1})));
        calls += 1;
      endfor
      errors += expect_error (@() backward (cell{1}, c(1:6)));
      calls += 1;
      [~, c] = with_limit ("0", @() forward (cell{1}, X, p, {}));
      for f = 1:3                    # Sh, Sc, Z
        d = c;
        for v = {int8(1), zeros(2, 2), c{7}{1}(:,:,1:end-1,:)}
          d{7}{f} = v{1};
          try
            backward (cell{1}, d);   # fine where the cell has no such array
          catch err
            assert (! isempty (err.identifier));
            errors += 1;
          end_try_catch
          calls += 1;
        endfor
      endfor
    endfor
    ## clipping
    g = struct ("W", randn (4, 3), "c", {{randn(2), single(randn (3))}});
    for m = {"global-l2norm", "l2norm", "absolute-value"}
      clip_gradients (g, 0.5, "Method", m{1});
      calls += 1;
    endfor
    errors += expect_error (@() clip_gradients (struct ("W", [NaN 1]), 1, "ErrorIfNonfinite", true));
    errors += expect_error (@() clip_gradients (struct ("W", int8 (1)), 1));
    errors += expect_error (@() clip_gradients (g, -1));
    calls += 3;
    ## the optimisers' steps (src/mex/update.c), mixed classes and N-D
    q = struct ("W", randn (4, 3), "c", {{randn(2), randn(3)}});
    [q1, m, v] = adamupdate (q, g, [], [], 1);
    adamupdate (randn (2, 1, 1, 3), single (randn (2, 1, 1, 3)), [], [], 1);
    adamupdate (q1, g, m, v, 2);
    [q1, v] = sgdmupdate (q, g, []);
    sgdmupdate (q1, g, v);
    rmspropupdate (q, g, []);
    f = struct ("W", randn (3), "s", "x", "b", single (randn (3, 1)));   # flat
    [f1, v] = sgdmupdate (f, rmfield (f, "s"), []);
    sgdmupdate (f1, rmfield (f, "s"), v);
    errors += expect_error (@() adamupdate (f, struct ("W", randn (3)), struct ("W", 1), [], 1));
    errors += expect_error (@() adamupdate (q, setfield (g, "W", int8 (g.W)), [], [], 1));
    errors += expect_error (@() sgdmupdate (q, g, struct ("W", 1)));
    calls += 11;
    ## attention (src/mex/attention.c): every form, lengths, keys, classes,
    ## empty sizes, then the error paths
    for type = {"additive", "dot", "general"}
      for cls = {"double", "single"}
        p = attention_init (type{1}, 3, 3, 2, "Class", cls{1}, "Seed", pass);
        s = randn (3, 2); H = randn (3, 2, 4);
        for opts = {{}, {"Lengths", [4 2]}, {"Keys", attention_keys(H, p), "Lengths", [1 3]}}
          [~, ~, c] = attention_forward (s, H, p, opts{1}{:});
          [~, ~, ~, dK] = attention_backward (randn (3, 2), randn (4, 2), c);
          attention_backward ([], [], c);
          calls += 3;
        endfor
        attention_forward (zeros (3, 0), zeros (3, 0, 4), p);
        attention_forward (s, zeros (3, 2, 0), p);
        calls += 2;
        for b = {{int8(s), H, p}, {s, H(:,1,:), p}, {s, H, setfield(p, "type", "x")}, ...
                 {s, H, p, "Lengths", [5 1]}, {s, H, p, "Keys", ones(7, 2, 4)}}
          errors += expect_error (@() attention_forward (b{1}{:}));
          calls += 1;
        endfor
        errors += expect_error (@() attention_backward (ones (2, 2), [], c));
        errors += expect_error (@() attention_backward ([], [], {c{1:5}, int8(1), c{7}}));
        calls += 2;
      endfor
    endfor
    ## the embedding (src/mex/embedding.c): both classes, padding, empties
    E = randn (3, 5);
    Y = embedding_forward ([1 0 5; 2 2 0], E);
    embedding_forward (int16 ([1 0 5]), single (E));
    embedding_backward (Y, [1 0 5; 2 2 0], 5);
    embedding_backward (single (Y), [1 0 5; 2 2 0], 7);
    embedding_backward (zeros (3, 0, 2), zeros (0, 2), 5);
    errors += expect_error (@() embedding_forward ([1 6], E));
    errors += expect_error (@() embedding_backward (Y, [1 0.5 5; 2 2 0], 5));
    calls += 7;
  endfor
endfunction

## f () with the environment variable RNN_CACHE_BYTES set to limit
function varargout = with_limit (limit, f)
  old = getenv ("RNN_CACHE_BYTES");
  setenv ("RNN_CACHE_BYTES", limit);
  unwind_protect
    [varargout{1:nargout}] = f ();
  unwind_protect_cleanup
    setenv ("RNN_CACHE_BYTES", old);
  end_unwind_protect
endfunction

function [Y, cache] = forward (cell, X, p, opts)
  switch (cell)
    case "rnn",  [Y, ~, cache] = rnn_forward (X, [], p, opts{:});
    case "gru",  [Y, ~, cache] = gru_forward (X, [], p, opts{:});
    case "lstm", [Y, ~, ~, cache] = lstm_forward (X, [], [], p, opts{:});
  endswitch
endfunction

function [dX, dp] = backward (cell, cache, dY = [])
  switch (cell)
    case "rnn",  [dX, dp] = rnn_backward (dY, [], cache);
    case "gru",  [dX, dp] = gru_backward (dY, [], cache);
    case "lstm", [dX, dp] = lstm_backward (dY, [], [], cache);
  endswitch
endfunction

## the same with dX discarded (not computed)
function dp = backward_dp (cell, cache, dY)
  switch (cell)
    case "rnn",  [~, dp] = rnn_backward (dY, [], cache);
    case "gru",  [~, dp] = gru_backward (dY, [], cache);
    case "lstm", [~, dp] = lstm_backward (dY, [], [], cache);
  endswitch
endfunction

function [dX, dp] = layer (cell, X, p, opts)
  [Y, cache] = forward (cell, X, p, opts);
  [dX, dp] = backward (cell, cache, ones (size (Y)));
  if (! isequal (backward_dp (cell, cache, ones (size (Y))), dp))
    error ("valgrind_gateways: dp differs without dX");
  endif
  ## branch on every element of every output (the gateways leave outputs
  ## that the core writes in full uninitialised: memcheck reports any
  ## element the core missed once a branch depends on it)
  v = [Y(:); dX(:); dp.W(:); dp.R(:); dp.b(:)];
  if (iscell (cache{7}))             # the cache's arrays, not in the pool
    for k = 1:3
      v = [v; cache{7}{k}(:)];
    endfor
  endif
  if (any (isnan (v)))
    error ("valgrind_gateways: NaN in an output");
  endif
endfunction

## cache c with its k-th element v
function c = with_slot (c, k, v)
  c{k} = v;
endfunction

function n = expect_error (f)
  try
    f ();
  catch err
    if (isempty (err.identifier))
      error ("valgrind_gateways: an error without identifier: %s", err.message);
    endif
    n = 1;
    return;
  end_try_catch
  error ("valgrind_gateways: no error");
endfunction
