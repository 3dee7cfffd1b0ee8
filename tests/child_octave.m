## -*- texinfo -*-
## @deftypefn {} {@var{out} =} child_octave (@var{code})
## Runs @var{code} (Octave commands) in a fresh @code{octave-cli}, the one
## running this session if it has one, with the toolbox of this session
## and tests/ on the path, and returns what it printed.  Raises an error
## with that output unless the child exits with status 0.  For tests that
## need a process of their own: process-wide state such as malloc's
## settings, or a signal sent to Octave.
## @end deftypefn
function out = child_octave (code)
  octave = fullfile (OCTAVE_HOME (), "bin", "octave-cli");
  if (! exist (octave, "file"))
    octave = "octave-cli";
  endif
  f = [tempname() ".m"];
  fid = fopen (f, "w");
  fputs (fid, code);
  fclose (fid);
  unwind_protect
    [st, out] = system (sprintf ('"%s" --norc --no-history --quiet --path "%s" --path "%s" "%s" 2>&1',
                                 octave, fileparts (which ("rnn_forward")),
                                 fileparts (mfilename ("fullpath")), f));
  unwind_protect_cleanup
    unlink (f);
  end_unwind_protect
  if (st != 0)
    error ("child_octave:failed", "child octave exited with %d:\n%s", st, out);
  endif
endfunction
