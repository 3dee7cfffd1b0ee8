## test_interrupt.m - Ctrl-C stops a long layer call (docs/robustness.md):
## the layers poll Octave's flag of a caught signal between time steps, and
## Octave's interrupt then unwinds the call with its buffers freed and the
## pool of caches consistent.  A child octave-cli runs interrupt_child.m
## and gets SIGINT a second after its long call began.

## the child's output for one case of interrupt_child.m
%!function out = interrupted (what)
%!  octave = fullfile (OCTAVE_HOME (), "bin", "octave-cli");
%!  if (! exist (octave, "file")) octave = "octave-cli"; endif
%!  f = [tempname() ".log"];
%!  child = file_in_loadpath ("interrupt_child.m");
%!  cmd = sprintf ('RNN_INTERRUPT_CASE=%s exec "%s" --norc --no-history --quiet --path "%s" --path "%s" "%s" > "%s" 2>&1',
%!                 what, octave, fileparts (which ("rnn_forward")),
%!                 fileparts (child), child, f);
%!  pid = system (cmd, false, "async");
%!  unwind_protect
%!    out = "";
%!    for k = 1:600                     # its calibration, then "start"
%!      pause (0.1);
%!      if (exist (f, "file")) out = fileread (f); endif
%!      if (! isempty (strfind (out, "start"))) break; endif
%!    endfor
%!    assert (! isempty (strfind (out, "start")), "%s", out);
%!    pause (1);
%!    kill (pid, 2);                    # SIGINT
%!    waitpid (pid);
%!    pid = 0;
%!    out = fileread (f);
%!  unwind_protect_cleanup
%!    if (pid > 0)
%!      kill (pid, 9); waitpid (pid);
%!    endif
%!    if (exist (f, "file")) unlink (f); endif
%!  end_unwind_protect
%!endfunction

## what = "backward": the interrupt may come before the backward pass has
## read its cache (in lstm_backward.m); that cache, valid and unread, may
## then still be in the pool beside the small one
## One retry: once in about ten runs on a loaded machine, an interrupt
## was not seen until the call had ended (docs/robustness.md)
%!function out = interrupted_retry (what)
%!  out = interrupted (what);
%!  v = sscanf (out(max ([1, strfind(out, "cleanup ran=")]):end), "cleanup ran=%f full=%f");
%!  if (numel (v) < 2 || v(1) >= v(2) / 2)
%!    out = interrupted (what);
%!  endif
%!endfunction

%!function check (out, what)
%!  assert (isempty (strfind (out, "finished")), "%s", out);
%!  assert (! isempty (strfind (out, "cleanup ran=")), "%s", out);
%!  v = sscanf (out(strfind (out, "cleanup ran=")(end):end), "cleanup ran=%f full=%f pool=%d,%d");
%!  assert (numel (v) == 4, "%s", out);
%!  assert (v(1) < v(2) / 2, "%s", out);  # stopped long before the end
%!  ## the pool: the small cache made after the interrupt
%!  small = 4 * (2 * 256 * 8 * 3 * 2 + 4 * 256 * 8 * 2 * 2);
%!  if (strcmp (what, "backward") && v(3) == 2)
%!    assert (v(4) > small, "%s", out);
%!  else
%!    assert (v(3) == 1 && v(4) == small, "%s", out);
%!  endif
%!endfunction

%!test
%! if (! exist ("fork", "builtin") || ispc ())
%!   return;   # needs POSIX signals
%! endif
%! check (interrupted_retry ("forward"), "forward");
%!test
%! if (! exist ("fork", "builtin") || ispc ())
%!   return;
%! endif
%! check (interrupted_retry ("pooled"), "pooled");
%!test
%! if (! exist ("fork", "builtin") || ispc ())
%!   return;
%! endif
%! check (interrupted_retry ("backward"), "backward");
