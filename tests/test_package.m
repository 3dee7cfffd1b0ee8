## test_package.m - the Octave package's metadata against the source tree.
##
## - src/pkg/INDEX (the package's function index, `pkg describe -verbose
##   rnn`) lists every public function, octave/*.m, exactly once, and
##   nothing else: a new function must be added there, under its category.
## - The overview `help rnn` (octave/rnn.m) has the same categories and
##   functions in the same order: an "@subsubheading CATEGORY" line, then
##   one "@item NAME" line (and a description) per function.
## - Every public function has Texinfo help with an example and tests.
## - src/pkg/DESCRIPTION.in has the fields pkg install needs.
##
## The tree is the parent of $RNN_TESTS_DIR when set (make check sets it),
## else of the folder of this file.  Run with:  test tests/test_package.m

%!function top = __pkg_top__ ()
%!  d = getenv ("RNN_TESTS_DIR");
%!  if (isempty (d))
%!    d = fileparts (which ("test_package"));
%!  endif
%!  top = fileparts (d);
%!  if (! exist (fullfile (top, "src", "pkg", "INDEX"), "file"))
%!    error ("test_package: no src/pkg/INDEX below %s; set RNN_TESTS_DIR to the tests/ folder", top);
%!  endif
%!endfunction
%!
%!## INDEX -> {category, {names}} rows, parsed as pkg describe does
%!function idx = __pkg_index__ (file)
%!  lines = strsplit (fileread (file), "\n");
%!  idx = cell (0, 2);
%!  assert (! isempty (strfind (lines{1}, ">>")), "INDEX: the first line must be 'rnn >> Title'");
%!  for k = 2:numel (lines)
%!    s = lines{k};
%!    if (isempty (strtrim (s)) || s(1) == "#")
%!      continue;
%!    elseif (! isspace (s(1)))
%!      idx(end+1,:) = {strtrim(s), {}};
%!    else
%!      assert (rows (idx) > 0, "INDEX: function names before the first category");
%!      idx{end,2} = [idx{end,2}, strsplit(strtrim (s))];
%!    endif
%!  endfor
%!endfunction
%!
%!## the overview's @subsubheading / @item lines -> the same shape
%!function idx = __pkg_overview__ (file)
%!  lines = strsplit (fileread (file), "\n");
%!  idx = cell (0, 2);
%!  for k = 1:numel (lines)
%!    t = regexp (lines{k}, '^## @subsubheading (.+)$', "tokens", "once");
%!    if (! isempty (t))
%!      idx(end+1,:) = {strtrim(t{1}), {}};
%!      continue;
%!    endif
%!    t = regexp (lines{k}, '^## @item (\S+)\s*$', "tokens", "once");
%!    if (! isempty (t) && rows (idx) > 0)
%!      idx{end,2}{end+1} = t{1};
%!    endif
%!  endfor
%!endfunction

%!shared top, index, public
%! top = __pkg_top__ ();
%! index = __pkg_index__ (fullfile (top, "src", "pkg", "INDEX"));
%! public = dir (fullfile (top, "octave", "*.m"));
%! public = sort (cellfun (@(f) f(1:end-2), {public.name}, "uniformoutput", false));

%!test
%! ## every public function is in INDEX, once; INDEX lists nothing else
%! listed = [index{:,2}];
%! [u, i] = unique (listed);
%! dup = listed(setdiff (1:numel (listed), i));
%! assert (isempty (dup), ["INDEX lists more than once: " strjoin(dup, " ")]);
%! missing = setdiff (public, listed);
%! assert (isempty (missing),
%!         sprintf ("add to src/pkg/INDEX (under its category) and to the overview in octave/rnn.m: %s",
%!                  strjoin (missing, " ")));
%! stale = setdiff (listed, public);
%! assert (isempty (stale),
%!         sprintf ("src/pkg/INDEX lists functions that octave/ does not have: %s",
%!                  strjoin (stale, " ")));

%!test
%! ## help rnn shows the categories and functions of INDEX, in its order
%! over = __pkg_overview__ (fullfile (top, "octave", "rnn.m"));
%! want = "";
%! for k = 1:rows (index)
%!   want = [want sprintf("## @subsubheading %s\n", index{k,1}) ...
%!           sprintf("## @item %s\n", index{k,2}{:})];
%! endfor
%! assert (isequal (over, index),
%!         ["octave/rnn.m's overview differs from src/pkg/INDEX; its headings and items must read:\n" want]);

%!test
%! ## every public function: Texinfo help with an example, and tests
%! for k = 1:numel (public)
%!   src = fileread (fullfile (top, "octave", [public{k} ".m"]));
%!   assert (! isempty (strfind (src, "-*- texinfo -*-")), [public{k} ": no Texinfo help"]);
%!   assert (! isempty (strfind (src, "@example")), [public{k} ": no example in its help"]);
%!   assert (! isempty (regexp (src, '^%!(test|assert|error)', "lineanchors", "once")),
%!           [public{k} ": no tests"]);
%! endfor

%!test
%! ## DESCRIPTION has what pkg install requires
%! d = fileread (fullfile (top, "src", "pkg", "DESCRIPTION.in"));
%! for f = {"Name", "Version", "Date", "Author", "Maintainer", "Title", ...
%!          "Description", "Depends", "License"}
%!   assert (! isempty (regexp (d, ['^' f{1} ': \S'], "lineanchors", "once")),
%!           ["DESCRIPTION.in has no field " f{1}]);
%! endfor
%! assert (! isempty (regexp (d, '^Name: rnn$', "lineanchors", "once")));
%! assert (! isempty (regexp (d, '^Depends: octave \(>= 7\.0\.0\)$', "lineanchors", "once")));
%! assert (exist (fullfile (top, "src", "pkg", "COPYING"), "file") == 2);
