## [Y, HN, CN] = __matlab_layer__ (FN, CELL, X, H0, C0, W, R, B, OPTS) - what
## MATLAB's forward-only lstm () and gru () share: their options
## ("DataFormat" CBT, CB or CT; the default activation names; for gru
## "ResetGateMode"), their weight checks (errors name W, R, b), [n_a, 1]
## states broadcast over the batch, and the call of the layer gateway.
function [Y, hN, cN] = __matlab_layer__ (fn, cell, X, H0, C0, W, R, b, opts)
  [fmt, mode] = parse_options (fn, cell, opts);
  G = struct ("gru", 3, "lstm", 4).(cell);
  rbias = strcmp (mode, "recurrent-bias-after-multiplication");
  check_weights (fn, W, R, b, G, G * (1 + rbias));
  n_a = columns (R);
  if (any (strcmp (fmt, {"CT", "CB"})) && ndims (X) > 2)
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: X must be a matrix for DataFormat \"%s\", not %s", fn, fmt,
           mat2str (size (X)));
  elseif (strcmp (fmt, "CT"))
    X = reshape (X, rows (X), 1, columns (X));
  endif
  m = size (X, 2);
  p = struct ("cell", cell, "W", W, "R", R, "b", b);
  if (strcmp (cell, "gru"))
    p.resetGateMode = mode;
    if (rbias)                 # MATLAB's b = [input bias; recurrent bias]
      p.b = b(1:3*n_a);
      p.bR = b(3*n_a+1:end);
      p.resetGateMode = "after-multiplication";
    endif
  endif
  [Y, hN, cN] = __layer__ ("forward", fn, cell, X, broadcast (H0, n_a, m),
                           broadcast (C0, n_a, m), p);
  if (strcmp (fmt, "CT"))
    Y = reshape (Y, n_a, size (Y, 3));
  endif
endfunction

function [fmt, mode] = parse_options (fn, cell, opts)
  fmt = "CBT"; mode = "after-multiplication";
  names = "DataFormat, StateActivationFunction, GateActivationFunction";
  if (strcmp (cell, "gru"))
    names = ["ResetGateMode, " names];
  endif
  if (mod (numel (opts), 2) != 0)
    error (sprintf ("rnn:%s:invalidOption", fn),
           "%s: options come in Name, Value pairs", fn);
  endif
  for k = 1:2:numel (opts)
    name = opts{k};
    if (! (ischar (name) && isrow (name)))
      error (sprintf ("rnn:%s:invalidOption", fn),
             "%s: an option name must be a string, not %s", fn, __show__ (name));
    endif
    switch (lower (name))
      case "resetgatemode"
        if (! strcmp (cell, "gru"))
          error (sprintf ("rnn:%s:invalidOption", fn),
                 "%s: unknown option \"%s\" (options: %s)", fn, name, names);
        endif
        modes = {"after-multiplication", "before-multiplication", ...
                 "recurrent-bias-after-multiplication"};
        mode = __choice__ (fn, "ResetGateMode", opts{k+1}, modes);
      case "dataformat"
        fmt = upper (__choice__ (fn, "DataFormat", opts{k+1}, {"cbt", "cb", "ct"}));
      case "stateactivationfunction"
        __choice__ (fn, "StateActivationFunction", opts{k+1}, {"tanh"});
      case "gateactivationfunction"
        __choice__ (fn, "GateActivationFunction", opts{k+1}, {"sigmoid"});
      otherwise
        error (sprintf ("rnn:%s:invalidOption", fn),
               "%s: unknown option \"%s\" (options: %s)", fn, name, names);
    endswitch
  endfor
endfunction

function check_weights (fn, W, R, b, G, GB)
  args = {W, R, b}; names = {"W", "R", "b"};
  for k = 1:3
    v = args{k};
    if (! isfloat (v))
      error (sprintf ("rnn:%s:invalidClass", fn),
             "%s: %s must be a single or double array, not %s", fn, names{k}, class (v));
    elseif (iscomplex (v))
      error (sprintf ("rnn:%s:complexInput", fn), "%s: %s must be real, not complex", fn, names{k});
    elseif (issparse (v))
      error (sprintf ("rnn:%s:sparseInput", fn), "%s: %s must be a full array, not sparse", fn, names{k});
    endif
  endfor
  n_a = columns (R);
  if (! ismatrix (R) || n_a < 1 || rows (R) != G * n_a)
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: R must be [%d*n_a, n_a] (n_a >= 1), not %s", fn, G, mat2str (size (R)));
  elseif (! ismatrix (W) || rows (W) != G * n_a)
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: W must be [%d, n_x] like R's %d rows, not %s", fn, G * n_a, G * n_a,
           mat2str (size (W)));
  elseif (! isvector (b) || numel (b) != GB * n_a)
    error (sprintf ("rnn:%s:sizeMismatch", fn),
           "%s: b must be a vector of %d elements here, not %s", fn, GB * n_a,
           mat2str (size (b)));
  endif
endfunction

function s = broadcast (s, n_a, m)
  if (m != 1 && ismatrix (s) && columns (s) == 1 && rows (s) == n_a)
    s = repmat (s, 1, m);
  endif
endfunction
