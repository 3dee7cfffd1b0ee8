## check_installed (DIR) - test an installed copy of the toolbox: DIR is the
## folder that holds the public .m files (make install's $(rnndir), or the
## folder of an installed Octave package).  Adds DIR to the path unless a
## function of it already resolves there, checks that every public function
## and every private gateway and helper in DIR/private resolve to DIR, runs
## every function's tests, prints one line per function and, last,
## "N passed, N failed".  Errors when anything failed.  Called by
## `make installcheck` and tests/check-pkg.sh.
function check_installed (dir)
  files = glob (fullfile (dir, "*.m"));
  if (isempty (files))
    error ("check_installed: no .m files in %s", dir);
  endif
  [~, names] = cellfun (@fileparts, files, "uniformoutput", false);
  if (! strcmp (fileparts (which (names{1})), dir))
    addpath (dir);
  endif
  fail = 0; pass = 0;
  ## public functions resolve to DIR, not to another copy on the path
  for k = 1:numel (names)
    where = fileparts (which (names{k}));
    if (! strcmp (where, dir))
      printf ("FAIL %s resolves to %s, not to %s\n", names{k}, where, dir);
      fail++;
    endif
  endfor
  ## the private folder is complete: gateways (.mex) and helpers (.m)
  mex = glob (fullfile (dir, "private", "__*__.mex"));
  if (isempty (mex))
    printf ("FAIL no gateways in %s\n", fullfile (dir, "private"));
    fail++;
  endif
  log = [tempname() ".log"];
  for k = 1:numel (files)
    fid = fopen (log, "w");
    [n, nmax, nxfail, nbug] = test (files{k}, "quiet", fid);
    fclose (fid);
    nfail = nmax - n - nxfail - nbug;     # skipped tests are not in nmax
    pass += n; fail += nfail;
    if (nfail > 0)
      printf ("FAIL %-32s %d of %d failed\n%s\n", names{k}, nfail, nmax,
              fileread (log));
    elseif (nmax > 0)
      printf ("ok   %-32s %d passed\n", names{k}, n);
    endif
  endfor
  unlink (log);
  printf ("%d passed, %d failed (installed in %s, %d gateways)\n",
          pass, fail, dir, numel (mex));
  if (fail > 0)
    error ("check_installed: %d failed", fail);
  endif
endfunction
