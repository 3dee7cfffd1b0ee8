## check_pkg (STAGE, TMP, TARBALL) - one stage of tests/check-pkg.sh, the
## `make check-pkg` life cycle of the Octave package TARBALL.  Every stage
## first points pkg at a prefix and package lists inside the temporary
## folder TMP.  STAGE is "install", "test" (load the package in this fresh
## session, check that the functions come from TMP and run every installed
## function's tests) or "uninstall" (and check that nothing is left).
## Errors on any failure.
function check_pkg (stage, tmp, tarball)
  pkg ("prefix", fullfile (tmp, "share"), fullfile (tmp, "lib"));
  pkg ("local_list", fullfile (tmp, "octave_packages"));
  pkg ("global_list", fullfile (tmp, "global_octave_packages"));
  switch (stage)
    case "install"
      t0 = tic ();
      pkg ("install", "-local", tarball);
      printf ("check-pkg: pkg install %s: %.1f s\n", tarball, toc (t0));
      list = pkg ("list");
      if (numel (list) != 1 || ! strcmp (list{1}.name, "rnn"))
        error ("check_pkg: after pkg install, pkg list does not show rnn alone");
      endif
      printf ("check-pkg: installed rnn %s in %s\n", list{1}.version, list{1}.dir);
    case "test"
      pkg ("load", "rnn");
      dir = fileparts (which ("rnn_forward"));
      if (! strncmp (dir, tmp, numel (tmp)))
        error ("check_pkg: rnn_forward resolves to %s, not into %s", dir, tmp);
      endif
      t0 = tic ();
      log = fullfile (tmp, "test-lstm_forward.log");
      fid = fopen (log, "w");
      [n, nmax] = test ("lstm_forward", "quiet", fid);
      fclose (fid);
      printf ("check-pkg: test lstm_forward: %d of %d passed\n", n, nmax);
      if (n != nmax || nmax == 0)
        error ("check_pkg: test lstm_forward failed:\n%s", fileread (log));
      endif
      check_installed (dir);
      help_text = evalc ("help rnn");
      if (isempty (strfind (help_text, "rnn_forward")))
        error ("check_pkg: help rnn does not list rnn_forward");
      endif
      ## the INDEX categories, as pkg describe shows them
      desc = evalc ('pkg ("describe", "-verbose", "rnn")');
      if (isempty (strfind (desc, "Interop")) || isempty (strfind (desc, "rnn_from_pytorch")))
        error ("check_pkg: pkg describe -verbose rnn does not show the INDEX:\n%s", desc);
      endif
      printf ("check-pkg: %d examples in %s\n",
              numel (glob (fullfile (dir, "doc", "examples", "*.m"))),
              fullfile (dir, "doc", "examples"));
      printf ("check-pkg: tests of the installed package: %.1f s\n", toc (t0));
    case "uninstall"
      pkg ("uninstall", "-local", "rnn");     # -local: also when run as root
      if (! isempty (pkg ("list")))
        error ("check_pkg: pkg list is not empty after pkg uninstall");
      endif
      left = [glob(fullfile (tmp, "share", "*")); glob(fullfile (tmp, "lib", "*"))];
      ## pkg leaves the (empty) architecture folders it made; no file may stay
      for k = 1:numel (left)
        [~, files] = system (sprintf ("find '%s' -type f", left{k}));
        if (! isempty (strtrim (files)))
          error ("check_pkg: files left after pkg uninstall:\n%s", files);
        endif
      endfor
      printf ("check-pkg: pkg uninstall rnn removed every file\n");
    otherwise
      error ("check_pkg: unknown stage %s", stage);
  endswitch
endfunction
