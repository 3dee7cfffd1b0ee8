## test_pytorch_roundtrip.m - weights that go from PyTorch to this toolbox
## and back, with real torch.nn modules.
##
## tests/pytorch_roundtrip.py ("make") builds torch.nn.RNN (tanh and relu),
## GRU and LSTM modules, uni- and bidirectional, with 1 and 2 layers (and an
## LSTM inside a larger model, whose keys need "Prefix", and a float32 GRU),
## runs them and saves each state dict with scipy.io.savemat together with
## the input, the initial states and the outputs.  Here every file is loaded,
## converted with rnn_from_pytorch, run through rnn_forward, gru_forward or
## lstm_forward layer by layer, and compared with PyTorch's outputs (1e-10
## in double, 1e-5 in single).  Then rnn_to_pytorch writes the parameters
## back (they must equal the loaded state dict exactly), and the script
## ("check") loads them into new modules built from rnn_to_pytorch's
## constructor arguments and compares outputs again.
##
## Whole models go the same way: the script saves modules of
## examples/rnn_model.py (embedding, a stack of 1 to 3 layers, uni- and
## bidirectional, an output layer; float64 and float32) with that file's
## save_mat; here rnn_from_pytorch reads each into a model, whose logits
## (embedding, layer functions, dense_forward; no model-level function)
## must equal the module's, rnn_to_pytorch writes it back, and the script
## loads that with rnn_model.load_mat and compares again.
##
## Last, examples/continue_in_pytorch.py: a two-layer LSTM character model
## with an embedding and dropout, written with rnn_to_pytorch (constructor
## arguments as cfg_* fields) with data from seq_batch (..., "Indices",
## true), takes 15 Adam steps with DistributedDataParallel on two processes
## (torch.multiprocessing, gloo over loopback) and comes back through
## rnn_from_pytorch.  PyTorch's loss of the whole data before training (no
## dropout) must equal rnn_loss of the model sent (1e-10), every parameter
## must have changed and the loss gone down, rnn_loss of the model that came
## back must equal PyTorch's loss after training (1e-10), and rnn_sample
## must sample it.  That test takes about 10 s, mostly three Python
## processes importing torch.
##
## Needs Debian's python3-torch and python3-scipy: the interpreter is
## $RNN_PYTHON, else /usr/bin/python3.  Without torch and scipy every test
## counts as skipped.  Run with:  test tests/test_pytorch_roundtrip.m

%!function py = __rt_python__ ()
%!  py = getenv ("RNN_PYTHON");
%!  if (isempty (py))
%!    py = "/usr/bin/python3";
%!  endif
%!endfunction
%!
%!## true when the interpreter can import torch and scipy (asked once)
%!function ok = __rt_have_torch__ ()
%!  persistent have = [];
%!  if (isempty (have))
%!    [status, ~] = system (sprintf ('"%s" -c "import torch, scipy.io" 2>&1',
%!                                   __rt_python__ ()));
%!    have = (status == 0);
%!    if (! have)
%!      printf ("test_pytorch_roundtrip: skipped, %s cannot import torch and scipy\n",
%!              __rt_python__ ());
%!    endif
%!  endif
%!  ok = have;
%!endfunction
%!
%!function d = __rt_tests_dir__ ()
%!  d = getenv ("RNN_TESTS_DIR");
%!  if (isempty (d))
%!    f = which ("test_pytorch_roundtrip");
%!    if (! isempty (f))
%!      d = fileparts (f);
%!    else
%!      d = fullfile (pwd (), "tests");
%!    endif
%!  endif
%!  if (! exist (fullfile (d, "pytorch_roundtrip.py"), "file"))
%!    error ("test_pytorch_roundtrip: %s has no pytorch_roundtrip.py; set RNN_TESTS_DIR", d);
%!  endif
%!endfunction
%!
%!function out = __rt_python_run__ (verb, dir)
%!  cmd = sprintf ('"%s" "%s" %s "%s" 2>&1', __rt_python__ (),
%!                 fullfile (__rt_tests_dir__ (), "pytorch_roundtrip.py"), verb, dir);
%!  [status, out] = system (cmd);
%!  if (status != 0)
%!    error ("test_pytorch_roundtrip: pytorch_roundtrip.py %s failed:\n%s", verb, out);
%!  endif
%!endfunction
%!
%!## PyTorch's (L*D, m, n_a) states -> layer l's [n_a, m, D] ([n_a, m] if D = 1)
%!function s = __rt_state__ (st, l, D)
%!  s = permute (st((l-1)*D + (1:D), :, :), [3 2 1]);
%!endfunction
%!
%!## Octave's Y, hN, cN of a stack p for the case in S, in PyTorch's layout
%!function [Yt, hNt, cNt] = __rt_forward__ (S, p)
%!  D = 1 + strcmp (p(1).direction, "bidirectional");
%!  Y = permute (S.X, [3 2 1]);                       # (T, m, n_x) -> [n_x, m, T]
%!  hNt = cNt = zeros (size (S.h0), class (Y));
%!  for l = 1:numel (p)
%!    idx = (l-1)*D + (1:D);
%!    h0 = __rt_state__ (S.h0, l, D);
%!    switch (p(l).cell)
%!      case "rnn", [Y, hN] = rnn_forward (Y, h0, p(l));
%!      case "gru", [Y, hN] = gru_forward (Y, h0, p(l));
%!      case "lstm"
%!        [Y, hN, cN] = lstm_forward (Y, h0, __rt_state__ (S.c0, l, D), p(l));
%!        cNt(idx,:,:) = permute (cN, [3 2 1]);
%!    endswitch
%!    hNt(idx,:,:) = permute (hN, [3 2 1]);
%!  endfor
%!  Yt = permute (Y, [3 2 1]);                        # [D*n_a, m, T] -> (T, m, D*n_a)
%!endfunction

%!shared dir, files
%! dir = tempname ();
%! files = {};

%!testif ; __rt_have_torch__ ()
%! ## PyTorch -> Octave: the same outputs from the converted parameters
%! mkdir (dir);
%! __rt_python_run__ ("make", dir);
%! files = glob (fullfile (dir, "*.mat"));
%! files = files(cellfun ("isempty", regexp (files, '[/\\]model_[^/\\]*$')));
%! assert (numel (files), 18);
%! seen = {};
%! for k = 1:numel (files)
%!   [~, name] = fileparts (files{k});
%!   S = load (files{k});
%!   opts = {"Prefix", S.case_prefix};
%!   if (strcmp (S.case_cell, "rnn"))
%!     opts(end+1:end+2) = {"Activation", S.case_activation};
%!   endif
%!   p = rnn_from_pytorch (S, opts{:});
%!   single_case = strcmp (S.case_dtype, "single");
%!   assert (class (p(1).W), merge (single_case, "single", "double"));
%!   [Yt, hNt, cNt] = __rt_forward__ (S, p);
%!   tol = merge (single_case, 1e-5, 1e-10);
%!   assert (Yt, S.Y, tol);
%!   assert (hNt, S.hN, tol);
%!   if (strcmp (S.case_cell, "lstm"))
%!     assert (cNt, S.cN, tol);
%!   endif
%!   ## back to a state dict: exactly the keys and numbers that came in
%!   [S2, cfg] = rnn_to_pytorch (p, opts{1:2});
%!   for f = fieldnames (S2)'
%!     assert (S2.(f{1}), S.(f{1}));
%!   endfor
%!   keys = fieldnames (S);
%!   keys = keys(! cellfun ("isempty", regexp (keys, ['^' S.case_prefix '(weight|bias)_'])));
%!   assert (sort (fieldnames (S2)), sort (keys));
%!   out = struct ("Y_octave", Yt);
%!   for f = fieldnames (cfg)'
%!     out.(["cfg_" f{1}]) = cfg.(f{1});
%!   endfor
%!   for f = fieldnames (S2)'
%!     out.(f{1}) = S2.(f{1});
%!   endfor
%!   save ("-v7", fullfile (dir, [name "_back.mat"]), "-struct", "out");
%!   seen{end+1} = sprintf ("%s %s %d", S.case_cell, p(1).direction, numel (p));
%! endfor
%! ## every cell, direction and depth was there
%! for c = {"rnn", "gru", "lstm"}
%!   for d = {"forward", "bidirectional"}
%!     for L = 1:2
%!       assert (any (strcmp (seen, sprintf ("%s %s %d", c{1}, d{1}, L))));
%!     endfor
%!   endfor
%! endfor

%!testif ; __rt_have_torch__ ()
%! ## whole models: PyTorch -> Octave -> PyTorch
%! models = glob (fullfile (dir, "model_*.mat"));
%! assert (numel (models), 4);
%! for k = 1:numel (models)
%!   [~, name] = fileparts (models{k});
%!   S = load (models{k});
%!   model = rnn_from_pytorch (S);          # cfg_nonlinearity, cfg_dropout from the file
%!   assert (model.dropout, S.cfg_dropout);
%!   single_case = strcmp (S.case_dtype, "single");
%!   assert (class (model.Wy), merge (single_case, "single", "double"));
%!   ## the model's logits with the layer functions
%!   if (isfield (S, "idx"))
%!     assert (isfield (model, "E"));
%!     keep = S.idx > 0;
%!     A = zeros ([rows(model.E), size(S.idx)], class (model.E));
%!     A(:, keep) = model.E(:, S.idx(keep));
%!   else
%!     assert (! isfield (model, "E"));
%!     A = S.X;
%!   endif
%!   for l = 1:numel (model.layers)
%!     p = model.layers(l);
%!     switch (p.cell)
%!       case "rnn", A = rnn_forward (A, [], p, "Lengths", S.lengths);
%!       case "gru", A = gru_forward (A, [], p, "Lengths", S.lengths);
%!       case "lstm", A = lstm_forward (A, [], [], p, "Lengths", S.lengths);
%!     endswitch
%!   endfor
%!   Z = dense_forward (A, model.Wy, model.by);
%!   assert (Z, cast (S.Z, class (Z)), merge (single_case, 1e-5, 1e-10));
%!   ## and back, with the constructor arguments as cfg_* fields
%!   [S2, cfg] = rnn_to_pytorch (model);
%!   out = S2;
%!   for [v, key] = cfg
%!     out.(["cfg_" key]) = v;
%!   endfor
%!   save ("-v7", fullfile (dir, [name "_back.mat"]), "-struct", "out");
%!   Z_octave = Z;                          # apart: the state dict file has only keys
%!   save ("-v7", fullfile (dir, [name "_z.mat"]), "Z_octave");
%! endfor

%!testif ; __rt_have_torch__ ()
%! ## Octave -> PyTorch: new modules from cfg load the written state dicts
%! unwind_protect
%!   assert (numel (files), 18, "the PyTorch -> Octave test did not run");
%!   out = __rt_python_run__ ("check", dir);
%!   assert (numel (regexp (out, '^ok ', "lineanchors")), 18 + 4, out);
%! unwind_protect_cleanup
%!   if (exist (dir, "dir"))
%!     confirm_recursive_rmdir (false, "local");
%!     rmdir (dir, "s");
%!   endif
%! end_unwind_protect

%!testif ; __rt_have_torch__ ()
%! ## examples/continue_in_pytorch.py: a model trains in PyTorch and comes back
%! dir = tempname ();
%! mkdir (dir);
%! unwind_protect
%!   vocab = ["a":"z", "\n"];
%!   words = {"the", "cat", "sat", "on", "mat", "and", "then", "ate", "a", "rat"};
%!   [X, labels, lengths] = seq_batch (text_encode (words, vocab), 27, "Boundary", 27,
%!                                     "Indices", true);
%!   model = rnn_init ("lstm", 27, [12 12], "EmbeddingSize", 6, "OutputSize", 27,
%!                     "Dropout", 0.1, "RecurrentBias", true, "Seed", 3);
%!   [S, cfg] = rnn_to_pytorch (model);
%!   for [v, k] = cfg
%!     S.(["cfg_" k]) = v;
%!   endfor
%!   save ("-v7", fullfile (dir, "model.mat"), "-struct", "S");
%!   save ("-v7", fullfile (dir, "data.mat"), "X", "labels", "lengths");
%!   script = fullfile (__rt_tests_dir__ (), "..", "examples", "continue_in_pytorch.py");
%!   cmd = sprintf ('"%s" "%s" "%s" "%s" "%s" --steps 15 --lr 0.02 --procs 2 --log "%s" 2>&1',
%!                  __rt_python__ (), script, fullfile (dir, "model.mat"),
%!                  fullfile (dir, "data.mat"), fullfile (dir, "out.mat"),
%!                  fullfile (dir, "log.mat"));
%!   [status, out] = system (cmd);
%!   assert (status, 0, out);
%!   assert (! isempty (regexp (out, '^2 processes, 15 steps', "lineanchors")), out);
%!   log = load (fullfile (dir, "log.mat"));
%!   back = rnn_from_pytorch (load (fullfile (dir, "out.mat")));
%!
%!   ## PyTorch's module computed the model that was sent ...
%!   opts = {"Lengths", lengths};
%!   assert (rnn_loss (model, X, labels, opts{:}), log.loss_before, 1e-10);
%!   ## ... trained it (every parameter moved, the loss went down) ...
%!   assert (size (back.layers), [1 2]);
%!   assert (back.dropout, 0.1);
%!   for k = 1:2
%!     for f = {"W", "R", "b", "bR"}
%!       assert (size (back.layers(k).(f{1})), size (model.layers(k).(f{1})));
%!       assert (any (back.layers(k).(f{1})(:) != model.layers(k).(f{1})(:)));
%!     endfor
%!   endfor
%!   for f = {"E", "Wy", "by"}
%!     assert (size (back.(f{1})), size (model.(f{1})));
%!     assert (any (back.(f{1})(:) != model.(f{1})(:)));
%!   endfor
%!   assert (numel (log.loss), 15);
%!   assert (log.loss_after < log.loss_before - 0.1);
%!   ## ... and what came back is what PyTorch had: same loss here
%!   assert (rnn_loss (back, X, labels, opts{:}), log.loss_after, 1e-10);
%!   samples = rnn_sample (back, vocab, 3, "Seed", 1, "MaxLength", 10);
%!   assert (iscellstr (samples) && numel (samples) == 3);
%!   assert (all (ismember ([samples{:}], vocab)));
%! unwind_protect_cleanup
%!   confirm_recursive_rmdir (false, "local");
%!   rmdir (dir, "s");
%! end_unwind_protect
