## [W, b, type] = __attention_keyproj__ (FN, H, P) - the key projection of
## the attention parameters P for H: additive Wh, b; general Wa, 0; dot [],
## 0 (the keys are H); TYPE is P's form.  Checks P's type and the arrays it uses against H;
## errors rnn:FN:<reason>.
function [W, b, type] = __attention_keyproj__ (fn, H, p)
  __check_float__ (fn, H, "H");
  if (! (isstruct (p) && isscalar (p) && isfield (p, "type")))
    error (["rnn:" fn ":invalidParams"],
           "%s: p must be a struct made by attention_init, not %s", fn, __show__ (p));
  endif
  type = __choice__ (fn, "p.type", p.type, {"additive", "dot", "general"});
  W = []; b = 0;
  switch (type)
    case "additive"
      need = {"Wh", "b"};
    case "general"
      need = {"Wa"};
    otherwise
      need = {};
  endswitch
  for f = need
    if (! isfield (p, f{1}))
      error (["rnn:" fn ":missingField"], "%s: p must have a field \"%s\"", fn, f{1});
    endif
    __check_float__ (fn, p.(f{1}), ["p." f{1}]);
  endfor
  if (ndims (H) > 3)
    error (["rnn:" fn ":sizeMismatch"], "%s: H must be [n_h, m, Tx], not %s",
           fn, __dims__ (H));
  endif
  if (isempty (need))
    return;
  endif
  W = p.(need{1});
  if (ndims (W) > 2 || columns (W) != rows (H))
    error (["rnn:" fn ":sizeMismatch"], "%s: p.%s must have %d columns (rows of H), not %s",
           fn, need{1}, rows (H), __dims__ (W));
  endif
  if (strcmp (type, "additive"))
    b = p.b;
    if (! (iscolumn (b) && rows (b) == rows (W)))
      error (["rnn:" fn ":sizeMismatch"], "%s: p.b must be %dx1, not %s",
             fn, rows (W), __dims__ (b));
    endif
  endif
endfunction
