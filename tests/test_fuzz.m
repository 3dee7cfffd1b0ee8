## test_fuzz.m - the quick fuzz run of `make check`: 2000 seeded random
## malformed calls across every public function (tests/fuzz.m), made in
## child Octave processes so that a crash fails this test instead of
## killing the test runner.  Every call must return or raise an error with
## an identifier; no call may crash or hang.  `make fuzz` is the long run.
## Replay a call k with fuzz_worker (7, k, k, "", toolbox, true).

%!shared s
%! s = fuzz (2000, 7, "Quiet", true);

%!function msg = findings (s, skip)
%!  msg = "";
%!  for r = s.crashes
%!    msg = [msg, sprintf("\n  crash at call %d (%s), exit status %d", r.k, r.fn, r.status)];
%!  endfor
%!  for r = s.hangs
%!    msg = [msg, sprintf("\n  hang at call %d (%s)", r.k, r.fn)];
%!  endfor
%!  for r = s.defects
%!    if (! any (strcmp (r.fn, skip)))
%!      msg = [msg, sprintf("\n  call %d (%s): error without identifier: %s", r.k, r.fn, r.message)];
%!    endif
%!  endfor
%!endfunction

%!test
%! assert (s.calls, 2000);
%! msg = findings (s, {});
%! if (! isempty (msg))
%!   error ("fuzz (2000, 7) found:%s", msg);
%! endif
%! ## the run must reach the functions, not stop at argument counts
%! assert (s.ok > 200);
%! assert (numel (s.ids) > 50);
