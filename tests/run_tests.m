## run_tests (BUILDDIR, SRCDIR) - run every Octave test of the toolbox: the
## %!test blocks of each public function (BUILDDIR/octave/*.m) and of each
## test file (SRCDIR/tests/test_*.m).  Prints one line per file and, last,
## "N passed, N failed" counting test blocks.  Called by tests/check.sh.
function run_tests (builddir, srcdir)
  files = [glob(fullfile (builddir, "octave", "*.m")); ...
           glob(fullfile (srcdir, "tests", "test_*.m"))];
  pass = 0; fail = 0;
  logfile = fullfile (builddir, "tests", "octave-test-details.log");
  for k = 1:numel (files)
    f = files{k};
    [~, name] = fileparts (f);
    fid = fopen (logfile, "w");
    try
      [n, nmax, nxfail, nbug, nskip, nrtskip] = test (f, "quiet", fid);
    catch err
      n = 0; nmax = 1; nxfail = 0; nbug = 0; nskip = 0; nrtskip = 0;
      fprintf (fid, "test itself failed: %s\n", err.message);
    end_try_catch
    fclose (fid);
    ## nmax counts the tests that ran (expected failures and known bugs
    ## included); skipped tests are not in it
    nfail = nmax - n - nxfail - nbug;
    pass += n; fail += nfail;
    if (nmax == 0 && nskip + nrtskip > 0)
      printf ("skip %-32s %d skipped\n", name, nskip + nrtskip);
      continue;
    elseif (nmax == 0)
      continue;                          # a file without tests
    elseif (nfail > 0)
      printf ("FAIL %-32s %d of %d failed\n", name, nfail, nmax);
      printf ("%s\n", fileread (logfile));
    else
      skipped = "";
      if (nskip + nrtskip > 0)
        skipped = sprintf (" (%d skipped)", nskip + nrtskip);
      endif
      printf ("ok   %-32s %d passed%s\n", name, n, skipped);
    endif
  endfor
  printf ("%d passed, %d failed\n", pass, fail);
endfunction
