## test_robustness.m - zero-sized problems, NaN and Inf, impossible sizes
## and the form of error messages, for every layer (issue 7).  The fuzz test
## (test_fuzz.m, fuzz.m) throws malformed calls at every public function;
## this file pins down what the well-formed edge cases must return.

%!function [Y, hN, cache] = fwd (cell, X, h0, p, varargin)
%!  switch (cell)
%!    case "rnn",  [Y, hN, cache] = rnn_forward (X, h0, p, varargin{:});
%!    case "gru",  [Y, hN, cache] = gru_forward (X, h0, p, varargin{:});
%!    case "lstm", [Y, hN, ~, cache] = lstm_forward (X, h0, [], p, varargin{:});
%!  endswitch
%!endfunction

%!function [dX, dp, dh0] = bwd (cell, dY, dhN, cache)
%!  switch (cell)
%!    case "rnn",  [dX, dp, dh0] = rnn_backward (dY, dhN, cache);
%!    case "gru",  [dX, dp, dh0] = gru_backward (dY, dhN, cache);
%!    case "lstm", [dX, dp, dh0] = lstm_backward (dY, dhN, [], cache);
%!  endswitch
%!endfunction

%!test
%! ## T = 0: Y is [n_y, m, 0], hN = h0, and backward gives dX [n_x, m, 0],
%! ## dp = 0 and dh0 = dhN (nothing happened in between)
%! for c = {"rnn", "gru", "lstm"}
%!   for dir = {"forward", "reverse", "bidirectional"}
%!     p = rnn_init (c{1}, 3, 4, "Direction", dir{1}, "RecurrentBias", true, "Seed", 1);
%!     D = 1 + strcmp (dir{1}, "bidirectional");
%!     h0 = randn (4, 2, D);
%!     [Y, hN, cache] = fwd (c{1}, zeros (3, 2, 0), h0, p);
%!     assert (size (Y), [4*D, 2, 0]);
%!     assert (hN, h0);
%!     dhN = randn (4, 2, D);
%!     [dX, dp, dh0] = bwd (c{1}, zeros (4*D, 2, 0), dhN, cache);
%!     assert (size (dX), [3, 2, 0]);
%!     assert (dh0, dhN);
%!     assert (dp.W, zeros (size (p.W))); assert (dp.R, zeros (size (p.R)));
%!     assert (dp.b, zeros (size (p.b))); assert (dp.bR, zeros (size (p.bR)));
%!   endfor
%! endfor

%!test
%! ## m = 0 (an empty batch): empty outputs and zero parameter gradients
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 3, 4, "Direction", "bidirectional", "Seed", 1);
%!   [Y, hN, cache] = fwd (c{1}, zeros (3, 0, 5), [], p);
%!   assert (size (Y), [8, 0, 5]); assert (size (hN), [4, 0, 2]);
%!   [dX, dp, dh0] = bwd (c{1}, zeros (8, 0, 5), [], cache);
%!   assert (size (dX), [3, 0, 5]); assert (size (dh0), [4, 0, 2]);
%!   assert (dp.W, zeros (size (p.W)));
%! endfor

%!test
%! ## n_x = 0 (no inputs): the state is driven by the biases alone
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 0, 4, "BiasInitializer", "narrow-normal", "Seed", 2);
%!   [Y, hN, cache] = fwd (c{1}, zeros (0, 2, 3), [], p);
%!   assert (size (Y), [4, 2, 3]);
%!   assert (Y(:,1,:), Y(:,2,:));          # both columns see the same
%!   [dX, dp] = bwd (c{1}, ones (4, 2, 3), [], cache);
%!   assert (size (dX), [0, 2, 3]); assert (size (dp.W), [size(p.W, 1), 0]);
%!   assert (any (dp.b != 0));
%! endfor

%!test
%! ## NaN in one batch column reaches that column's later outputs and state,
%! ## never the other column; backward, it reaches the column's earlier
%! ## inputs and (through the sums over the batch) the weight gradients
%! for c = {"rnn", "gru", "lstm"}
%!   for act = {"tanh", "relu"}
%!     if (! strcmp (c{1}, "rnn") && strcmp (act{1}, "relu"))
%!       continue;
%!     endif
%!     opts = {};
%!     if (strcmp (c{1}, "rnn"))
%!       opts = {"Activation", act{1}};
%!     endif
%!     p = rnn_init (c{1}, 3, 4, "Seed", 1, opts{:});
%!     randn ("state", 1); X = randn (3, 2, 5); X(2, 1, 3) = NaN;
%!     [Y, hN, cache] = fwd (c{1}, X, [], p);
%!     assert (all (isfinite (Y(:,1,1:2))(:)));
%!     assert (all (isnan (Y(:,1,3:5))(:)), sprintf ("%s %s", c{1}, act{1}));
%!     assert (all (isfinite (Y(:,2,:))(:))); assert (all (isnan (hN(:,1))));
%!     [dX, dp, dh0] = bwd (c{1}, ones (size (Y)), [], cache);
%!     assert (all (isnan (dX(:,1,1:3))(:))); assert (all (isfinite (dX(:,2,:))(:)));
%!     assert (all (isnan (dh0(:,1)))); assert (all (isfinite (dh0(:,2))));
%!     assert (any (isnan (dp.W(:))));
%!   endfor
%! endfor

%!test
%! ## Inf through a saturating activation gives exact limits: tanh (+-Inf)
%! ## is +-1; relu (Inf) is Inf and relu (-Inf) 0; 0*Inf is NaN
%! p = struct ("cell", "rnn", "W", [2; -3; 0], "R", zeros (3), "b", zeros (3, 1));
%! Y = rnn_forward (reshape ([1 Inf 1], 1, 1, 3), [], p);
%! assert (Y(:,1,2), [1; -1; NaN]);
%! assert (all (isfinite (Y(1:2,1,3))) || all (isnan (Y(:,1,3))));
%! p.activation = "relu";
%! Y = rnn_forward (reshape ([1 Inf], 1, 1, 2), [], p);
%! assert (Y(:,1,2), [Inf; 0; NaN]);
%! assert (rnn_forward (NaN, [], setfield (p, "W", [1; 1; 1])), NaN (3, 1));
%! assert (rnn_forward (-Inf, [], setfield (p, "W", [1; 1; 1])), zeros (3, 1));

%!test
%! ## NaN beyond a column's length is ignored (the padding is read as zero)
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 3, 4, "Direction", "bidirectional", "Seed", 3);
%!   X = randn (3, 2, 4); Xn = X; Xn(:, 1, 3:4) = NaN;
%!   [Y, hN, cache] = fwd (c{1}, Xn, [], p, "Lengths", [2 4]);
%!   assert (Y, fwd (c{1}, X, [], p, "Lengths", [2 4]));
%!   assert (all (isfinite (Y(:))));
%!   dX = bwd (c{1}, ones (size (Y)), [], cache);
%!   assert (all (isfinite (dX(:)))); assert (dX(:,1,3:4), zeros (3, 1, 2));
%! endfor

%!test
%! ## single precision: NaN and Inf behave the same
%! p = rnn_init ("gru", 2, 3, "Class", "single", "Seed", 4);
%! X = single (randn (2, 2, 3)); X(1, 2, 2) = Inf; X(2, 1, 1) = NaN;
%! Y = gru_forward (X, [], p);
%! assert (class (Y), "single"); assert (all (isnan (Y(:,1,:))(:)));

%!test
%! ## sizes that cannot be allocated: a clear error with an identifier,
%! ## never a crash (n_x = 0 makes X empty however long T is)
%! for c = {"rnn", "gru", "lstm"}
%!   p = rnn_init (c{1}, 0, 4);
%!   for X = {zeros(0, 1, 1e12), zeros(0, 1e9, 1e9), zeros(0, 3e9, 3e9)}
%!     try
%!       fwd (c{1}, X{1}, [], p);
%!       error ("no error");
%!     catch err
%!       assert (any (strcmp (err.identifier, {sprintf("rnn:%s_forward:outOfMemory", c{1}), ...
%!                                           sprintf("rnn:%s_forward:tooLarge", c{1})})), ...
%!               err.identifier);
%!       assert (strncmp (err.message, [c{1} "_forward: "], numel (c{1}) + 10));
%!     end_try_catch
%!   endfor
%! endfor

%!test
%! ## messages start with the public function's name (not the gateway's)
%! p = rnn_init ("lstm", 3, 4);
%! try
%!   lstm_forward (ones (2, 1, 1), [], [], p);
%! catch err
%!   assert (err.identifier, "rnn:lstm_forward:sizeMismatch");
%!   assert (strncmp (err.message, "lstm_forward: X must be", 23), err.message);
%! end_try_catch
%! try
%!   rnn_cell_forward (ones (3, 1), ones (5, 1), rnn_init ("rnn", 3, 4));
%! catch err
%!   assert (err.identifier, "rnn:rnn_cell_forward:sizeMismatch");
%!   assert (strncmp (err.message, "rnn_cell_forward: h_prev must be 4x1,", 37), err.message);
%! end_try_catch

%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays, to forge them
%! unwind_protect
%!   ## a cache of another cell, or with arrays swapped in from another
%!   ## layer, is refused before any arithmetic when the shapes disagree
%!   ## (a same-shaped array from elsewhere cannot be told apart: the result
%!   ## is then wrong, but nothing worse happens)
%!   p = rnn_init ("gru", 3, 4); q = rnn_init ("lstm", 3, 4);
%!   [~, ~, cg] = gru_forward (randn (3, 2, 5), [], p);
%!   [~, ~, ~, cl] = lstm_forward (randn (3, 2, 5), [], [], q);
%!   [~, ~, ~, cl5] = lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 5));
%!   fail ("gru_backward ([], [], cl)", "comes from a \"lstm\" layer");
%!   ## a cache is {cell, X, p, options, h0, c0, {Sh, Sc, Z}} here
%!   c = cg; c{7}{3} = cl5{7}{3};
%!   fail ("gru_backward ([], [], c)", "CACHE's Z does not match");
%!   c = cg; c{7}{3} = cl{7}{3};
%!   assert (size (gru_backward (ones (4, 2, 5), [], c)), [3 2 5]);
%!   c = cl; c{7}{2} = c{7}{2}(:, :, 1:end-1, :);
%!   fail ("lstm_backward ([], [], [], c)", "CACHE's Sc does not match");
%!   c = cg; c{3} = q;
%!   fail ("gru_backward ([], [], c)", "describes a \"lstm\" layer");
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect

%!test
%! old = getenv ("RNN_CACHE_BYTES");
%! setenv ("RNN_CACHE_BYTES", "0");   # caches as arrays
%! unwind_protect
%!   ## a zeros.m of the user's that shadows Octave's, and returns one shared
%!   ## array: the gateways make their large outputs with Octave's own zeros
%!   ## (src/mex/mexutil.c), so one call's output cannot overwrite another's
%!   d = tempname (); mkdir (d);
%!   unwind_protect
%!     fid = fopen (fullfile (d, "zeros.m"), "w");
%!     fprintf (fid, "function z = zeros (varargin)\n  persistent keep\n");
%!     fprintf (fid, "  if (isempty (keep)) keep = builtin (\"zeros\", varargin{:}); endif\n");
%!     fprintf (fid, "  z = keep;\nendfunction\n");
%!     fclose (fid);
%!     p = rnn_init ("lstm", 8, 40, "Seed", 3); X = randn (8, 40, 30);
%!     [~, ~, ~, c] = lstm_forward (X, [], [], p);
%!     w = warning ("off", "Octave:shadowed-function"); addpath (d);
%!     unwind_protect
%!       [~, ~, ~, c1] = lstm_forward (X, [], [], p);
%!       Z1 = c1{7}{3} + 0;                # the caches' Z
%!       [~, ~, ~, c2] = lstm_forward (2 * X, [], [], p);
%!     unwind_protect_cleanup
%!       rmpath (d); warning (w); clear zeros
%!     end_unwind_protect
%!     assert (numel (c{7}{3}) * 8 >= 2^20);
%!     assert (isequal (c1{7}{3}, Z1, c{7}{3}));
%!     assert (! isequal (c2{7}{3}, c1{7}{3}));
%!   unwind_protect_cleanup
%!     confirm_recursive_rmdir (false, "local");
%!     rmdir (d, "s");
%!   end_unwind_protect
%! unwind_protect_cleanup
%!   setenv ("RNN_CACHE_BYTES", old);
%! end_unwind_protect

## runs f with the folder of files (name => code) first on the path
%!function varargout = with_shadows (files, f)
%!  d = tempname (); mkdir (d);
%!  names = fieldnames (files);
%!  for k = 1:numel (names)
%!    fid = fopen (fullfile (d, [names{k} ".m"]), "w");
%!    fputs (fid, files.(names{k})); fclose (fid);
%!  endfor
%!  w = warning ("off", "Octave:shadowed-function");
%!  addpath (d);
%!  unwind_protect
%!    [varargout{1:nargout}] = f ();
%!  unwind_protect_cleanup
%!    rmpath (d); warning (w);
%!    confirm_recursive_rmdir (false, "local"); rmdir (d, "s");
%!  end_unwind_protect
%!endfunction

%!function [id, msg] = caught (f)
%!  id = ""; msg = "";
%!  try
%!    f ();
%!  catch err
%!    id = err.identifier; msg = err.message;
%!  end_try_catch
%!endfunction

%!test
%! ## The gateways raise their errors through Octave's own error and read
%! ## Lengths of any numeric class themselves: an error.m or double.m of
%! ## the user's on the path takes nothing over.
%! files.error = "function error (varargin)\n  builtin ('error', 'user:hijacked', 'hijacked');\nend\n";
%! files.double = "function y = double (x)\n  y = builtin ('double', x) + 1;\nend\n";
%! p = rnn_init ("lstm", 3, 4, "Seed", 1); X = randn (3, 2, 5);
%! [id, msg] = with_shadows (files, @() caught (@() lstm_forward (X, [], [], p, "Lengths", [0 1])));
%! assert (id, "rnn:lstm_forward:invalidLengths");
%! assert (strncmp (msg, "lstm_forward: Lengths(1)", 24));
%! [id, msg] = with_shadows (files, @() caught (@() rnn_forward (X, [], struct ())));
%! assert (id, "rnn:rnn_forward:missingField");
%! Y = with_shadows (files, @() lstm_forward (X, [], [], p, "Lengths", int32 ([5 2])));
%! assert (Y, lstm_forward (X, [], [], p, "Lengths", [5 2]));
%! for cls = {"single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"}
%!   assert (lstm_forward (X, [], [], p, "Lengths", cast ([4 3], cls{1})),
%!           lstm_forward (X, [], [], p, "Lengths", [4 3]));
%! endfor

%!error id=rnn:lstm_forward:invalidLengths
%! lstm_forward (randn (3, 2, 5), [], [], rnn_init ("lstm", 3, 4), "Lengths", [true true]);

%!error id=rnn:lstm_forward:sizeMismatch
%! ## 4 * 2^62 rows wraps round to 0 in 64 bits
%! lstm_forward (randn (3, 2, 5), [], [], struct ("cell", "lstm", "W", zeros (0, 3),
%!               "R", zeros (0, 2^62), "b", zeros (0, 1)));
