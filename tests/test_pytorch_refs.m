## Compare the sequence-level layer functions with PyTorch.
##
## tests/ref/*.mat hold inputs, upstream gradients, outputs and autograd
## gradients computed by PyTorch (see tests/ref/README.md and
## tests/ref/make_refs.py).  Every case runs
##
##   rnn_forward / rnn_backward, gru_forward / gru_backward or
##   lstm_forward / lstm_backward
##
## in double precision (error at most 1e-10 relative to max (1, max|ref|))
## and in single precision (same bound with 1e-4, outputs of class single).
##
## The reference folder is $RNN_TESTS_DIR/ref when that variable is set, else
## the ref/ folder beside this file when tests/ is on the load path, else
## tests/ref or ref below the current directory.
##
## Whole models (tests/ref/model_*.mat: two recurrent layers and an output
## layer, with or without an embedding; tests/ref/README.md, "Whole
## models") run
##
##   [loss, grad] = rnn_loss (model, X, labels, "Lengths", lengths)
##
## in double (1e-10 as above) and single (1e-4), and grad must have the
## model's shape: exactly the fields of the reference gradient
## (grad.layers(k).W, R, b, bR; grad.Wy, grad.by; grad.E).
##
## Run with:  test tests/test_pytorch_refs.m   (from the top of the tree)

%!function d = __pytorch_ref_dir__ ()
%!  probe = "gru_forward_full.mat";
%!  e = getenv ("RNN_TESTS_DIR");
%!  if (! isempty (e))
%!    ## An explicit setting is authoritative: no silent fallback.
%!    d = fullfile (e, "ref");
%!    if (! exist (fullfile (d, probe), "file"))
%!      error ("test_pytorch_refs: RNN_TESTS_DIR is set but %s has no reference files", d);
%!    endif
%!    return;
%!  endif
%!  cands = {};
%!  f = which ("test_pytorch_refs");
%!  if (! isempty (f))
%!    cands{end+1} = fullfile (fileparts (f), "ref");
%!  endif
%!  cands(end+1:end+2) = {fullfile(pwd (), "tests", "ref"), fullfile(pwd (), "ref")};
%!  for i = 1:numel (cands)
%!    if (exist (fullfile (cands{i}, probe), "file"))
%!      d = cands{i};
%!      return;
%!    endif
%!  endfor
%!  error ("test_pytorch_refs: reference folder tests/ref not found; set RNN_TESTS_DIR to the tests/ folder");
%!endfunction
%!
%!## Run one reference case with every numeric input converted by CLS
%!## (@double or @single); returns outputs and gradients named as in the file.
%!function out = __run_pytorch_ref__ (s, cls)
%!  p = struct ("cell", s.cell, "W", cls (s.W), "R", cls (s.R), ...
%!              "b", cls (s.b), "bR", cls (s.bR), "direction", s.direction);
%!  if (isfield (s, "activation"))
%!    p.activation = s.activation;
%!  endif
%!  if (isfield (s, "resetGateMode"))
%!    p.resetGateMode = s.resetGateMode;
%!  endif
%!  opts = {};
%!  if (! isempty (s.lengths))
%!    opts = {"Lengths", s.lengths};
%!  endif
%!  X = cls (s.X);
%!  h0 = cls (s.h0);
%!  dY = cls (s.dY);
%!  dhN = cls (s.dhN);
%!  switch (s.cell)
%!    case "rnn"
%!      [out.Y, out.hN, cache] = rnn_forward (X, h0, p, opts{:});
%!      [out.dX, dp, out.dh0] = rnn_backward (dY, dhN, cache);
%!    case "gru"
%!      [out.Y, out.hN, cache] = gru_forward (X, h0, p, opts{:});
%!      [out.dX, dp, out.dh0] = gru_backward (dY, dhN, cache);
%!    case "lstm"
%!      [out.Y, out.hN, out.cN, cache] = lstm_forward (X, h0, cls (s.c0), p, opts{:});
%!      [out.dX, dp, out.dh0, out.dc0] = lstm_backward (dY, dhN, cls (s.dcN), cache);
%!    otherwise
%!      error ("test_pytorch_refs: unknown cell '%s'", s.cell);
%!  endswitch
%!  out.dW = dp.W;
%!  out.dR = dp.R;
%!  out.db = dp.b;
%!  out.dbR = dp.bR;
%!endfunction
%!
%!## Assert every field of OUT against the reference S: class CLS, and
%!## max abs error <= RELTOL * max (1, max abs of the reference).
%!function __compare_pytorch_ref__ (name, out, s, reltol, cls)
%!  for f = fieldnames (out).'
%!    k = f{1};
%!    got = out.(k);
%!    want = s.(k);
%!    tol = reltol * max (1, max (abs (want(:))));
%!    try
%!      assert (class (got), cls);
%!      assert (double (got), want, tol);
%!    catch err
%!      error ("%s (%s) %s: %s", name, cls, k, err.message);
%!    end_try_catch
%!  endfor
%!endfunction
%!
%!## One whole case: double against PyTorch to round-off, single loosely.
%!function __check_pytorch_ref__ (name)
%!  s = load (fullfile (__pytorch_ref_dir__ (), [name ".mat"]));
%!  __compare_pytorch_ref__ (name, __run_pytorch_ref__ (s, @double), s, 1e-10, "double");
%!  __compare_pytorch_ref__ (name, __run_pytorch_ref__ (s, @single), s, 1e-4, "single");
%!endfunction
%!
%!## the numeric arrays of a model or gradient struct converted by CLS
%!function s = __model_cast__ (s, cls)
%!  for f = fieldnames (s)'
%!    for k = 1:numel (s)
%!      v = s(k).(f{1});
%!      if (isstruct (v))
%!        s(k).(f{1}) = __model_cast__ (v, cls);
%!      elseif (isfloat (v) && ! isscalar (v))
%!        s(k).(f{1}) = cls (v);
%!      endif
%!    endfor
%!  endfor
%!endfunction
%!
%!## GOT against the reference WANT field by field (same fields, same
%!## struct array sizes); class CLS; error <= RELTOL * max (1, max|want|)
%!function __model_compare__ (what, got, want, reltol, cls)
%!  if (! isstruct (got) || ! isequal (size (got), size (want)))
%!    error ("%s: a %s %s, expected a %s struct", what, mat2str (size (got)),
%!           class (got), mat2str (size (want)));
%!  endif
%!  if (! isequal (sort (fieldnames (got)), sort (fieldnames (want))))
%!    error ("%s: fields %s, expected %s", what, strjoin (sort (fieldnames (got))', " "),
%!           strjoin (sort (fieldnames (want))', " "));
%!  endif
%!  for k = 1:numel (want)
%!    for f = fieldnames (want)'
%!      name = sprintf ("%s(%d).%s", what, k, f{1});
%!      w = want(k).(f{1});
%!      g = got(k).(f{1});
%!      if (isstruct (w))
%!        __model_compare__ (name, g, w, reltol, cls);
%!      else
%!        if (! strcmp (class (g), cls) || ! isequal (size (g), size (w)))
%!          error ("%s: a %s %s, expected a %s %s", name, mat2str (size (g)),
%!                 class (g), mat2str (size (w)), cls);
%!        endif
%!        err = max (abs (double (g(:)) - w(:)));
%!        if (! (err <= reltol * max (1, max (abs (w(:))))))
%!          error ("%s: error %g", name, err);
%!        endif
%!      endif
%!    endfor
%!  endfor
%!endfunction
%!
%!function __check_model_ref__ (name)
%!  s = load (fullfile (__pytorch_ref_dir__ (), [name ".mat"]));
%!  opts = {};
%!  if (! isempty (s.lengths))
%!    opts = {"Lengths", s.lengths};
%!  endif
%!  for c = {{@double, "double", 1e-10}, {@single, "single", 1e-4}}
%!    [cls, cname, tol] = c{1}{:};
%!    X = s.X;
%!    if (! isfield (s.model, "E"))
%!      X = cls (X);                        # symbol indices stay double
%!    endif
%!    [loss, grad] = rnn_loss (__model_cast__ (s.model, cls), X, s.labels, opts{:});
%!    try
%!      assert (class (loss), cname);
%!      assert (double (loss), s.loss, tol * max (1, abs (s.loss)));
%!      __model_compare__ ("grad", grad, s.grad, tol, cname);
%!    catch err
%!      error ("%s (%s): %s", name, cname, err.message);
%!    end_try_catch
%!  endfor
%!endfunction

## Vanilla RNN, tanh
%!test __check_pytorch_ref__ ("rnn_tanh_forward_full")
%!test __check_pytorch_ref__ ("rnn_tanh_forward_len")
%!test __check_pytorch_ref__ ("rnn_tanh_reverse_full")
%!test __check_pytorch_ref__ ("rnn_tanh_reverse_len")
%!test __check_pytorch_ref__ ("rnn_tanh_bidirectional_full")
%!test __check_pytorch_ref__ ("rnn_tanh_bidirectional_len")

## Vanilla RNN, ReLU
%!test __check_pytorch_ref__ ("rnn_relu_forward_full")
%!test __check_pytorch_ref__ ("rnn_relu_forward_len")
%!test __check_pytorch_ref__ ("rnn_relu_reverse_full")
%!test __check_pytorch_ref__ ("rnn_relu_reverse_len")
%!test __check_pytorch_ref__ ("rnn_relu_bidirectional_full")
%!test __check_pytorch_ref__ ("rnn_relu_bidirectional_len")

## GRU (reset gate after the recurrent multiplication, as PyTorch)
%!test __check_pytorch_ref__ ("gru_forward_full")
%!test __check_pytorch_ref__ ("gru_forward_len")
%!test __check_pytorch_ref__ ("gru_reverse_full")
%!test __check_pytorch_ref__ ("gru_reverse_len")
%!test __check_pytorch_ref__ ("gru_bidirectional_full")
%!test __check_pytorch_ref__ ("gru_bidirectional_len")

## LSTM
%!test __check_pytorch_ref__ ("lstm_forward_full")
%!test __check_pytorch_ref__ ("lstm_forward_len")
%!test __check_pytorch_ref__ ("lstm_reverse_full")
%!test __check_pytorch_ref__ ("lstm_reverse_len")
%!test __check_pytorch_ref__ ("lstm_bidirectional_full")
%!test __check_pytorch_ref__ ("lstm_bidirectional_len")

## Whole models: embedding, two layers, output layer; loss and every gradient
%!test __check_model_ref__ ("model_lstm_2layers")
%!test __check_model_ref__ ("model_gru_bidirectional_2layers_embedding")
