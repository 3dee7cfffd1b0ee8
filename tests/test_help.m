## test_help.m - the help texts of the public functions, as a user reads them.
##
## - Every help text renders: docs/make_html.m (what `make html` runs) turns
##   each octave/*.m function's Texinfo help into HTML, and any error or
##   warning of makeinfo fails the test, as does a function missing from
##   src/pkg/INDEX.
## - Every example runs and prints what it shows: Octave Forge's doctest
##   package runs each @example block of each public function and compares
##   its output with the @result{} lines.  Every public function needs at
##   least one such line; where an output is random the line is marked
##   "# doctest: +SKIP" or compared with a "..." wildcard.  Skipped where
##   the doctest package is not installed (Debian: octave-doctest, which
##   .ci/setup installs).
##
## Functions are found in the folder of the toolbox on the path, so new
## ones are covered without an edit here.  The tree is the parent of
## $RNN_TESTS_DIR when set (make check sets it), else of this file's folder.
## Run with:  test tests/test_help.m

%!function top = __help_top__ ()
%!  d = getenv ("RNN_TESTS_DIR");
%!  if (isempty (d))
%!    d = fileparts (which ("test_help"));
%!  endif
%!  top = fileparts (d);
%!  if (! exist (fullfile (top, "docs", "make_html.m"), "file"))
%!    error ("test_help: no docs/make_html.m below %s; set RNN_TESTS_DIR to the tests/ folder", top);
%!  endif
%!endfunction

%!function names = __help_names__ ()
%!  f = dir (fullfile (fileparts (which ("rnn")), "*.m"));
%!  names = cellfun (@(s) s(1:end-2), {f.name}, "UniformOutput", false);
%!endfunction

%!test
%! top = __help_top__ ();
%! addpath (fullfile (top, "docs"));
%! out = tempname ();
%! unwind_protect
%!   p = make_html (out, fileparts (which ("rnn")),
%!                  fullfile (top, "src", "pkg", "INDEX"), fullfile (top, "README.md"));
%!   assert (exist (fullfile (out, "index.html"), "file") == 2);
%!   assert (exist (fullfile (out, "course.html"), "file") == 2);
%!   for name = __help_names__ ()
%!     assert (exist (fullfile (out, [name{1} ".html"]), "file") == 2);
%!   endfor
%! unwind_protect_cleanup
%!   rmpath (fullfile (top, "docs"));
%!   confirm_recursive_rmdir (false, "local");
%!   if (exist (out, "dir"))
%!     rmdir (out, "s");
%!   endif
%! end_unwind_protect
%! assert (isempty (p), sprintf ("help texts that do not render:\n%s", strjoin (p, "\n")));

%!testif ; ! isempty (pkg ("list", "doctest"))
%! pkg load doctest
%! names = __help_names__ ();
%! bad = {};
%! here = pwd ();
%! d = tempname ();                      # examples may write files
%! mkdir (d);
%! cd (d);
%! unwind_protect
%!   for k = 1:numel (names)
%!     [np, nt, ~] = doctest (names{k});   # three outputs: quiet
%!     if (nt == 0)
%!       bad{end+1} = sprintf ("%s: no example with a @result{} line", names{k});
%!     elseif (np < nt)
%!       bad{end+1} = evalc ("doctest (names{k});");
%!     endif
%!   endfor
%! unwind_protect_cleanup
%!   cd (here);
%!   confirm_recursive_rmdir (false, "local");
%!   rmdir (d, "s");
%! end_unwind_protect
%! assert (isempty (bad), sprintf ("examples that do not print what they show:\n%s",
%!                                 strjoin (bad, "\n")));

%!test
%! ## the check can fail: a help text with an unclosed brace, a function
%! ## missing from INDEX and an INDEX entry without a function are reported
%! top = __help_top__ ();
%! addpath (fullfile (top, "docs"));
%! d = tempname ();
%! mkdir (d);
%! unwind_protect
%!   fid = fopen (fullfile (d, "bad_help_fn.m"), "w");
%!   fprintf (fid, "## -*- texinfo -*-\n## @deftypefn {} {} bad_help_fn ()\n");
%!   fprintf (fid, "## An @code{unclosed brace.\n## @end deftypefn\n\n");
%!   fprintf (fid, "function bad_help_fn ()\nendfunction\n");
%!   fclose (fid);
%!   fid = fopen (fullfile (d, "unlisted_fn.m"), "w");
%!   fprintf (fid, "## -*- texinfo -*-\n## @deftypefn {} {} unlisted_fn ()\n");
%!   fprintf (fid, "## Fine.\n## @end deftypefn\n\nfunction unlisted_fn ()\nendfunction\n");
%!   fclose (fid);
%!   fid = fopen (fullfile (d, "INDEX"), "w");
%!   fprintf (fid, "x >> X\nCategory\n bad_help_fn missing_fn\n");
%!   fclose (fid);
%!   addpath (d);
%!   p = make_html (fullfile (d, "html"), d, fullfile (d, "INDEX"),
%!                  fullfile (top, "README.md"));
%!   rmpath (d);
%!   assert (numel (p), 3);
%!   assert (strncmp (p{1}, "bad_help_fn: makeinfo says:", 27));
%!   assert (! isempty (strfind (p{2}, "missing_fn")));
%!   assert (! isempty (strfind (p{3}, "unlisted_fn")));
%! unwind_protect_cleanup
%!   rmpath (fullfile (top, "docs"));
%!   confirm_recursive_rmdir (false, "local");
%!   rmdir (d, "s");
%! end_unwind_protect

%!## a demo block in a workspace of its own, as demo () runs it
%!function __help_run_demo__ (__code__)
%!  eval (__code__);
%!endfunction

%!test
%! ## every %!demo block of every public function runs without an error
%! ## (demo NAME in the REPL); figures, if any, stay invisible
%! old = get (0, "defaultfigurevisible");
%! set (0, "defaultfigurevisible", "off");
%! bad = {};
%! unwind_protect
%!   for name = __help_names__ ()
%!     [code, idx] = test (name{1}, "grabdemo");
%!     for k = 1:numel (idx) - 1
%!       try
%!         evalc ("__help_run_demo__ (code(idx(k):idx(k+1)-1))");
%!       catch err
%!         bad{end+1} = sprintf ("demo %d of %s: %s", k, name{1}, err.message);
%!       end_try_catch
%!     endfor
%!   endfor
%! unwind_protect_cleanup
%!   close all;
%!   set (0, "defaultfigurevisible", old);
%! end_unwind_protect
%! assert (isempty (bad), strjoin (bad, "\n"));
