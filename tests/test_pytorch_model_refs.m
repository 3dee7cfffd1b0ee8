## Compare the loss and gradient of whole models with PyTorch.
##
## tests/ref/model_*.mat hold a model (two recurrent layers, an output
## layer; with or without an embedding), its input, labels and lengths, and
## the loss and every gradient computed by PyTorch autograd (see
## tests/ref/README.md, "Whole models", and tests/ref/make_refs.py).  Every
## case runs
##
##   [loss, grad] = rnn_loss (model, X, labels, "Lengths", lengths)
##
## in double precision (error at most 1e-10 relative to max (1, max|ref|))
## and in single precision (1e-4, results of class single), and requires
## grad to have the model's shape: exactly the fields of the reference
## gradient (grad.layers(k).W, R, b, bR; grad.Wy, grad.by; grad.E).
##
## The reference folder is found as in test_pytorch_refs.m.
##
## Run with:  test tests/test_pytorch_model_refs.m   (from the top of the tree)

%!function d = __model_ref_dir__ ()
%!  probe = "model_lstm_2layers.mat";
%!  e = getenv ("RNN_TESTS_DIR");
%!  if (! isempty (e))
%!    d = fullfile (e, "ref");
%!    if (! exist (fullfile (d, probe), "file"))
%!      error ("test_pytorch_model_refs: RNN_TESTS_DIR is set but %s has no model references", d);
%!    endif
%!    return;
%!  endif
%!  cands = {};
%!  f = which ("test_pytorch_model_refs");
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
%!  error ("test_pytorch_model_refs: reference folder tests/ref not found; set RNN_TESTS_DIR to the tests/ folder");
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
%!  s = load (fullfile (__model_ref_dir__ (), [name ".mat"]));
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

%!test __check_model_ref__ ("model_lstm_2layers")
%!test __check_model_ref__ ("model_gru_bidirectional_2layers_embedding")
