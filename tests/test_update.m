## test_update.m - the optimisers' step in C (src/core/optimizers.c, through
## adamupdate, sgdmupdate and rmspropupdate) against their formulas
## evaluated in Octave, bit for bit: single and double, states from [] and
## after a step, hyperparameters other than the defaults, mixed classes
## (computed in single), NaN and Inf, empty and many-dimensional arrays,
## parameter structs.

## the formulas, on arrays already in the computing class; [] states are 0
%!function [p, s1, s2] = reference (method, p, g, s1, s2, h)
%!  if (isempty (s1)) s1 = 0; endif
%!  if (isempty (s2)) s2 = 0; endif
%!  switch (method)
%!    case "adam"                      # h: lr, b1, b2, ep, iteration
%!      lr_t = h(1) * sqrt (1 - h(3)^h(5)) / (1 - h(2)^h(5));
%!      s1 = h(2) * s1 + (1 - h(2)) * g;
%!      s2 = h(3) * s2 + (1 - h(3)) * (g .* g);
%!      p -= lr_t * (s1 ./ (sqrt (s2) + h(4)));
%!    case "sgdm"                      # h: lr, momentum
%!      s1 = h(2) * s1 - h(1) * g;
%!      p += s1; s2 = [];
%!    case "rmsprop"                   # h: lr, decay, ep
%!      s1 = h(2) * s1 + (1 - h(2)) * (g .* g);
%!      p -= h(1) * (g ./ (sqrt (s1) + h(3))); s2 = [];
%!  endswitch
%!endfunction

## the public function
%!function [p, s1, s2] = public (method, p, g, s1, s2, h)
%!  switch (method)
%!    case "adam"
%!      [p, s1, s2] = adamupdate (p, g, s1, s2, h(5), h(1), h(2), h(3), h(4));
%!    case "sgdm"
%!      [p, s1] = sgdmupdate (p, g, s1, h(1), h(2)); s2 = [];
%!    case "rmsprop"
%!      [p, s1] = rmspropupdate (p, g, s1, h(1), h(2), h(3)); s2 = [];
%!  endswitch
%!endfunction

%!test
%! H = struct ("adam", [0.01 0.8 0.99 1e-6 1], "sgdm", [0.05 0.7],
%!             "rmsprop", [0.02 0.95 1e-7]);
%! shapes = {[3 4], [1 1], [0 3], [2 1 1 1 1 1 1 1 1 3], [257 33]};
%! for method = {"adam", "sgdm", "rmsprop"}
%!   h = H.(method{1});
%!   for cls = {"double", "single"}
%!     for sh = shapes
%!       randn ("state", 1);
%!       p = randn (sh{1}, cls{1}); g = randn (sh{1}, cls{1});
%!       ## a first step from [] states, then one from those states
%!       [p1, a1, b1] = public (method{1}, p, g, [], [], h);
%!       [q1, c1, d1] = reference (method{1}, p, g, [], [], h);
%!       assert (isequal (p1, q1) && isequal (a1, c1) && isequal (b1, d1));
%!       assert (class (p1), cls{1}); assert (size (p1), sh{1});
%!       h2 = h; h2(end) += strcmp (method{1}, "adam");   # Adam's iteration 2
%!       g2 = randn (sh{1}, cls{1});
%!       [p2, a2, b2] = public (method{1}, p1, g2, a1, b1, h2);
%!       [q2, c2, d2] = reference (method{1}, p1, g2, a1, b1, h2);
%!       assert (isequal (p2, q2) && isequal (a2, c2) && isequal (b2, d2));
%!     endfor
%!   endfor
%! endfor

%!test
%! ## NaN and Inf go where the formulas take them
%! g = [1 NaN Inf -Inf 0 1e-30]; p = ones (1, 6);
%! for cls = {"double", "single"}
%!   [p1, m, v] = adamupdate (cast (p, cls{1}), cast (g, cls{1}), [], [], 1);
%!   [q1, n, w] = reference ("adam", cast (p, cls{1}), cast (g, cls{1}), [], [],
%!                           [0.001 0.9 0.999 1e-8 1]);
%!   assert (isequaln (p1, q1) && isequaln (m, n) && isequaln (v, w));
%!   [p1, s] = rmspropupdate (cast (p, cls{1}), cast (g, cls{1}), []);
%!   [q1, t] = reference ("rmsprop", cast (p, cls{1}), cast (g, cls{1}), [], [],
%!                        [0.001 0.9 1e-8]);
%!   assert (isequaln (p1, q1) && isequaln (s, t));
%! endfor

%!test
%! ## mixed classes compute in single: every output is single, as the
%! ## formulas give on the arrays converted to single
%! p = randn (4, 3); g = single (randn (4, 3)); m = randn (4, 3); v = rand (4, 3);
%! [p1, m1, v1] = adamupdate (p, g, m, v, 3);
%! [q1, n1, w1] = reference ("adam", single (p), g, single (m), single (v),
%!                           [0.001 0.9 0.999 1e-8 3]);
%! assert (class (p1), "single"); assert (class (m1), "single");
%! assert (isequal (p1, q1) && isequal (m1, n1) && isequal (v1, w1));
%! [p1, v1] = sgdmupdate (single (p), double (g), m);
%! [q1, w1] = reference ("sgdm", single (p), g, single (m), [], [0.01 0.9]);
%! assert (class (v1), "single"); assert (isequal (p1, q1) && isequal (v1, w1));

%!test
%! ## a parameter struct: each array updated as on its own, the rest kept
%! p = rnn_init ("lstm", 3, 5, "OutputSize", 2, "Class", "single", "Seed", 4);
%! X = single (randn (3, 2, 4)); labels = [1 2 1 2; 2 2 1 1];
%! [~, g] = rnn_loss (p, X, labels);
%! [p1, m, v] = adamupdate (p, g, [], [], 1, 0.01);
%! for f = fieldnames (g)'
%!   [q, n, w] = reference ("adam", p.(f{1}), g.(f{1}), [], [], [0.01 0.9 0.999 1e-8 1]);
%!   assert (isequal (p1.(f{1}), q) && isequal (m.(f{1}), n) && isequal (v.(f{1}), w));
%! endfor
%! assert (p1.cell, "lstm"); assert (p1.direction, p.direction);

%!test
%! ## a flat struct goes through the gateway in one call (src/mex/update.c,
%! ## struct mode); wrapped in a cell it goes through the .m walk: the same
%! ## results, states and all, for structs with fields the walk keeps (no
%! ## gradient, strings, logicals), mixed classes and states missing fields
%! p = struct ("cell", "lstm", "W", randn (4, 3), "R", single (randn (4, 2)),
%!             "b", randn (4, 1), "flag", true, "Wy", randn (2, 2), "by", [],
%!             "name", "x");
%! g = struct ("W", randn (4, 3), "b", single (randn (4, 1)), "R", randn (4, 2),
%!             "by", [], "flag", false);
%! m0 = struct ("W", randn (4, 3), "b", []);          # R: from 0
%! v0 = struct ("W", rand (4, 3), "R", single (rand (4, 2)), "b", rand (4, 1));
%! [q, m, v] = adamupdate (p, g, m0, v0, 4, 0.01);
%! [qc, mc, vc] = adamupdate ({p}, {g}, {m0}, {v0}, 4, 0.01);
%! assert (isequal (q, qc{1}) && isequal (m, mc{1}) && isequal (v, vc{1}));
%! assert (fieldnames (m), {"W"; "R"; "b"; "by"});   # p's order, updated fields
%! assert (q.Wy, p.Wy); assert (q.flag, true); assert (q.name, "x");
%! assert (class (q.b), "single");
%! [q, m] = adamupdate (p, g, [], [], 1);
%! [qc, mc] = adamupdate ({p}, {g}, [], [], 1);
%! assert (isequal (q, qc{1}) && isequal (m, mc{1}));
%! [q, v] = sgdmupdate (p, g, m0);
%! [qc, vc] = sgdmupdate ({p}, {g}, {m0});
%! assert (isequal (q, qc{1}) && isequal (v, vc{1}));
%! [q, s] = rmspropupdate (p, g, v0, 0.1);
%! [qc, sc] = rmspropupdate ({p}, {g}, {v0}, 0.1);
%! assert (isequal (q, qc{1}) && isequal (s, sc{1}));
%! ## no gradient at all: p as it was, empty states
%! [q, m, v] = adamupdate (p, struct (), [], [], 1);
%! assert (isequal (q, p)); assert (numfields (m), 0); assert (numfields (v), 0);

%!test
%! ## what the struct mode leaves to the walk: the walk's results and errors
%! p = struct ("W", randn (2), "inner", struct ("R", randn (3)));
%! g = struct ("W", randn (2), "inner", struct ("R", randn (3)));
%! [q, m] = sgdmupdate (p, g, []);
%! [qc, mc] = sgdmupdate ({p}, {g}, {[]});
%! assert (isequal (q, qc{1}) && isequal (m, mc{1}));
%! fail ("adamupdate (struct ('W', 1), struct ('W', [1 2]), [], [], 1)", "GRAD.W must be 1x1");
%! fail ("adamupdate (struct ('W', 1), struct ('V', 1), [], [], 1)", "has a field V");
%! fail ("adamupdate (struct ('W', int8 (1)), struct ('W', 1), [], [], 1)", "P.W is an int8");
%! fail ("sgdmupdate (struct ('W', [1 2]), struct ('W', [1 2]), struct ('W', 1))", "VEL.W must be a 1x2");

%!test
%! ## arrays of a megabyte and more: their outputs are made by Octave
%! ## (rnn_mex_create_uninit), also with more than 8 dimensions; the same
%! ## bits as the formulas
%! h = [0.01 0.9 0.999 1e-8 3];
%! for sh = {[1024 256], [300 500 2], [2 2 2 2 2 2 2 2 2 512]}
%!   for cls = {"single", "double"}
%!     randn ("state", 2);
%!     p = randn (sh{1}, cls{1}); g = randn (sh{1}, cls{1});
%!     m = randn (sh{1}, cls{1}); v = rand (sh{1}, cls{1});
%!     [p1, m1, v1] = public ("adam", p, g, m, v, h);
%!     [q1, n1, w1] = reference ("adam", p, g, m, v, h);
%!     assert (isequal (p1, q1) && isequal (m1, n1) && isequal (v1, w1));
%!     assert (size (p1), sh{1}); assert (class (m1), cls{1});
%!     ## the inputs are left as they were (the outputs are new arrays)
%!     randn ("state", 2);
%!     assert (isequal (p, randn (sh{1}, cls{1})));
%!   endfor
%! endfor
