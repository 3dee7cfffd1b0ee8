## -*- texinfo -*-
## @deftypefn  {} {@var{s} =} fuzz (@var{n_calls}, @var{seed})
## @deftypefnx {} {@var{s} =} fuzz (@dots{}, @var{name}, @var{value})
## Throw @var{n_calls} seeded random malformed calls at every public
## function of the toolbox and count what happens.
##
## The calls run in child @code{octave-cli} processes (tests/fuzz_worker.m,
## which holds the table of functions and the mutations), so that a crash
## of Octave is seen as a crash: the parent notes the call that was running,
## starts a new child after it and goes on.  A child that stops answering
## for @qcode{"Timeout"} seconds is killed and its call counted as a hang.
##
## Every call must return or raise an error with an identifier; an error
## without one is a defect.  @var{s} has fields @code{calls}, @code{ok},
## @code{errors}, @code{ids} (a struct array: id, count, example), @code{defects}
## (calls that raised an error without an identifier: k, fn, message),
## @code{crashes} and @code{hangs} (k, fn, status), @code{untabled} (public
## functions without a row in the table, fuzzed with random arguments only)
## and @code{absent} (table rows whose function does not exist yet).
##
## Options: @qcode{"Chunk"} (calls per child, default 500),
## @qcode{"Jobs"} (children at once, default @code{nproc ()}),
## @qcode{"MemoryLimit"} (GB of address space per child, default 4: an
## allocation beyond it fails with an error instead of waking the kernel's
## OOM killer, which could take other processes with it),
## @qcode{"Timeout"} (seconds a child may take per call on average before
## it counts as hung, default 5, at least 60 a child), @qcode{"Octave"}
## (the octave-cli to run; default the one running this),
## @qcode{"Toolbox"} (the folder of the public .m files; default the one
## holding rnn_forward), @qcode{"Quiet"} (no summary).  A defect or crash at
## call @var{k} is replayed with
## @code{fuzz_worker (@var{seed}, @var{k}, @var{k}, "", @var{toolbox}, true)}.
##
## @example
## s = fuzz (100000, 1);     # make fuzz
## @end example
## @end deftypefn
function s = fuzz (n_calls = 2000, seed = 1, varargin)
  o = struct ("chunk", 500, "timeout", 5, "octave", "", "toolbox", "",
              "quiet", false, "jobs", nproc (), "memorylimit", 4);
  for k = 1:2:numel (varargin)
    o.(lower (varargin{k})) = varargin{k+1};
  endfor
  if (isempty (o.octave))
    o.octave = getenv ("RNN_FUZZ_OCTAVE");
  endif
  if (isempty (o.octave))
    o.octave = fullfile (OCTAVE_HOME (), "bin", "octave-cli");
    if (! exist (o.octave, "file"))
      o.octave = "octave-cli";
    endif
  endif
  if (isempty (o.toolbox))
    o.toolbox = fileparts (which ("rnn_forward"));
  endif
  here = fileparts (mfilename ("fullpath"));
  work = tempname ();
  mkdir (work);

  s = struct ("calls", 0, "ok", 0, "errors", 0, "ids", struct ("id", {}, "count", {}, "example", {}),
              "defects", struct ("k", {}, "fn", {}, "message", {}),
              "crashes", struct ("k", {}, "fn", {}, "status", {}),
              "hangs", struct ("k", {}, "fn", {}, "status", {}),
              "untabled", {{}}, "absent", {{}}, "seconds", 0);
  ids = containers.Map ();
  examples = containers.Map ();
  t0 = time ();
  unwind_protect
    ## chunks of calls still to make; up to "Jobs" children run at once
    todo = [(1:o.chunk:n_calls)', min(n_calls, (1:o.chunk:n_calls)' + o.chunk - 1)];
    while (! isempty (todo))
      run = todo(1:min (o.jobs, rows (todo)), :);
      todo(1:rows (run), :) = [];
      cmd = "";
      for j = 1:rows (run)
        [k0, k1] = deal (run(j,1), run(j,2));
        logf = fullfile (work, sprintf ("calls%d.log", j));
        if (exist (logf, "file"))
          delete (logf);
        endif
        limit = max (60, ceil (o.timeout * (k1 - k0 + 1)));
        cmd = [cmd, sprintf(["(ulimit -v %d; timeout -s KILL %d %s --norc --no-history --quiet " ...
                             "--no-window-system --path %s --path %s --eval %s " ...
                             "> /dev/null 2> %s; echo $? > %s) & "],
                            round (o.memorylimit * 2^20), limit,
                            shell_quote (o.octave), shell_quote (o.toolbox),
                            shell_quote (here),
                            shell_quote (sprintf ("fuzz_worker (%d, %d, %d, '%s', '%s')",
                                                  seed, k0, k1, logf, o.toolbox)),
                            shell_quote ([logf ".err"]), shell_quote ([logf ".status"]))];
      endfor
      system ([cmd "wait"]);
      for j = 1:rows (run)
        logf = fullfile (work, sprintf ("calls%d.log", j));
        status = str2double (fileread ([logf ".status"]));
        [last_k, last_fn, finished] = read_log (logf);
        for r = finished
          s.calls += 1;
          if (isempty (r.id) && r.ok)
            s.ok += 1;
          else
            s.errors += 1;
            if (isempty (r.id))
              s.defects(end+1) = struct ("k", r.k, "fn", r.fn, "message", r.msg);
              id = "(no identifier)";
            else
              id = r.id;
            endif
            if (isKey (ids, id))
              ids(id) += 1;
            else
              ids(id) = 1;
              examples(id) = sprintf ("call %d, %s: %s", r.k, r.fn, r.msg);
            endif
          endif
        endfor
        if (last_k > 0)                 # a call started and never finished
          s.calls += 1;
          rec = struct ("k", last_k, "fn", last_fn, "status", status);
          if (status == 137)            # killed by timeout -s KILL (not
                                        # the OOM killer: see MemoryLimit)
            s.hangs(end+1) = rec;
          else
            s.crashes(end+1) = rec;
          endif
          if (last_k < run(j,2))        # the rest of the chunk, in a new child
            todo(end+1, :) = [last_k + 1, run(j,2)];
          endif
        elseif (status != 0 && ! isempty (finished))   # died after its last call
          s.crashes(end+1) = struct ("k", finished(end).k, "fn", "(exit)", "status", status);
        elseif (isempty (finished))
          error ("fuzz:childFailed", "fuzz: a child Octave failed (status %d) before its first call: %s",
                 status, fileread ([logf ".err"]));
        endif
      endfor
    endwhile
    [s.untabled, s.absent] = coverage (here, o.toolbox);
  unwind_protect_cleanup
    confirm_recursive_rmdir (false, "local");
    rmdir (work, "s");
  end_unwind_protect
  s.seconds = time () - t0;
  keys_ = keys (ids);
  for i = 1:numel (keys_)
    s.ids(end+1) = struct ("id", keys_{i}, "count", ids(keys_{i}),
                           "example", examples(keys_{i}));
  endfor
  if (! o.quiet)
    summary (s, seed, o.toolbox);
  endif
endfunction

## Calls of a child's log: the finished ones, and the one that started and
## never finished (last_k = 0 if none).
function [last_k, last_fn, done] = read_log (file)
  last_k = 0; last_fn = "";
  done = struct ("k", {}, "fn", {}, "ok", {}, "id", {}, "msg", {});
  if (! exist (file, "file"))
    return;
  endif
  fid = fopen (file, "r");
  text = fread (fid, Inf, "*char")';
  fclose (fid);
  lines = strsplit (text, "\n");
  fn = "";
  for i = 1:numel (lines)
    L = lines{i};
    if (numel (L) < 3)
      continue;
    endif
    switch (L(1))
      case "S"
        [k, rest] = strtok (L(3:end));
        last_k = str2double (k); last_fn = strtrim (rest); fn = last_fn;
      case "O"
        done(end+1) = struct ("k", last_k, "fn", fn, "ok", true, "id", "", "msg", "");
        last_k = 0;
      case "E"
        [k, rest] = strtok (L(3:end));
        rest = strtrim (rest);
        bar = find (rest == "|", 1);
        if (isempty (bar))
          bar = numel (rest) + 1;
        endif
        done(end+1) = struct ("k", str2double (k), "fn", fn, "ok", false,
                              "id", rest(1:bar-1), "msg", rest(bar+1:end));
        last_k = 0;
    endswitch
  endfor
endfunction

## Public functions without a table row, and table rows not (yet) present.
function [untabled, absent] = coverage (here, toolbox)
  src = fileread (fullfile (here, "fuzz_worker.m"));
  tab = regexp (src, '^\s*"(\w+)",\s+@\(\)', "tokens", "lineanchors");
  tab = cellfun (@(t) t{1}, tab, "uniformoutput", false);
  files = dir (fullfile (toolbox, "*.m"));
  names = regexprep ({files.name}, '\.m$', "");
  untabled = setdiff (names, tab);
  absent = setdiff (tab, names);
endfunction

function summary (s, seed, toolbox)
  printf ("fuzz: %d calls (seed %d) in %.0f s: %d returned, %d raised an error\n",
          s.calls, seed, s.seconds, s.ok, s.errors);
  printf ("fuzz: %d distinct error identifiers:\n", numel (s.ids));
  [~, i] = sort ({s.ids.id});
  for r = s.ids(i)
    if (strncmp (r.id, "rnn:", 4))
      printf ("  %6d  %s\n", r.count, r.id);
    else                                # Octave's own: where from
      printf ("  %6d  %s  (e.g. %s)\n", r.count, r.id, r.example(1:min (end, 150)));
    endif
  endfor
  printf ("fuzz: errors without an identifier (defects): %d\n", numel (s.defects));
  if (! isempty (s.defects))            # by function: count, first example
    [fns, ~, j] = unique ({s.defects.fn});
    for i = 1:numel (fns)
      d = s.defects(find (j == i));
      printf ("  %-22s %4d, e.g. call %d: %s\n", fns{i}, numel (d), d(1).k,
              d(1).message(1:min (end, 110)));
    endfor
  endif
  printf ("fuzz: crashes: %d\n", numel (s.crashes));
  for r = s.crashes
    printf ("  call %d, %s: child exit status %d; replay with fuzz_worker (%d, %d, %d, \"\", \"%s\", true)\n",
            r.k, r.fn, r.status, seed, r.k, r.k, toolbox);
  endfor
  printf ("fuzz: hangs: %d\n", numel (s.hangs));
  for r = s.hangs
    printf ("  call %d, %s\n", r.k, r.fn);
  endfor
  if (! isempty (s.untabled))
    printf ("fuzz: public functions without a table row (random arguments only): %s\n",
            strjoin (s.untabled, ", "));
  endif
  if (! isempty (s.absent))
    printf ("fuzz: table rows without a function (yet): %s\n", strjoin (s.absent, ", "));
  endif
endfunction

function q = shell_quote (s)
  q = ["'" strrep(s, "'", "'\\''") "'"];
endfunction
