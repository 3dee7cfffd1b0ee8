## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## problems = make_html (OUTDIR, MDIR, INDEXFILE, README) - the HTML manual.
##
## Writes OUTDIR/NAME.html for every public function MDIR/NAME.m (its
## Texinfo help, rendered by makeinfo with Octave's own macros, as `help NAME`
## renders it), OUTDIR/index.html (the functions by category, from the
## package's INDEX file INDEXFILE) and OUTDIR/course.html (the section of
## README whose heading starts "The course", the course's notation mapped
## onto the functions).  MDIR must be on Octave's path.
##
## Returns a cell array of problems, one string each: a help text that is
## not Texinfo, that makeinfo rejects or warns about, a function missing
## from INDEX or an INDEX entry without a function.  `make html` prints them
## and fails on any; tests/test_help.m runs this into a temporary folder so
## that `make check` fails too.

function problems = make_html (outdir, mdir, indexfile, readme)
  problems = {};
  if (! exist (outdir, "dir"))
    mkdir (outdir);
  endif
  files = dir (fullfile (mdir, "*.m"));
  names = sort (cellfun (@(f) f(1:end-2), {files.name}, "UniformOutput", false));
  [title, cats] = read_index (indexfile);

  ## one page per function
  for k = 1:numel (names)
    name = names{k};
    [txt, fmt] = get_help_text (name);
    if (! strcmp (fmt, "texinfo"))
      problems{end+1} = sprintf ("%s: help is %s, not Texinfo", name, fmt);
      continue;
    endif
    [body, msg] = texi_to_html (txt, name);
    if (! isempty (msg))
      problems{end+1} = sprintf ("%s: makeinfo says:\n%s", name, msg);
    endif
    write_page (fullfile (outdir, [name ".html"]), name, title,
                [body "\n<p><a href=\"index.html\">Index</a></p>\n"]);
  endfor

  ## the index by category; every function in exactly one
  listed = {};
  html = sprintf ("<h1>%s</h1>\n<p><a href=\"course.html\">The course's notation</a></p>\n",
                  esc (title));
  for c = 1:numel (cats)
    html = [html sprintf("<h2>%s</h2>\n<table>\n", esc (cats(c).name))];
    for f = cats(c).fns
      name = f{1};
      listed{end+1} = name;
      if (! any (strcmp (name, names)))
        problems{end+1} = sprintf ("INDEX names %s, which has no file in %s", name, mdir);
        continue;
      endif
      html = [html sprintf("<tr><td><a href=\"%s.html\"><code>%s</code></a></td><td>%s</td></tr>\n",
                           name, name, esc (first_sentence (name)))];
    endfor
    html = [html "</table>\n"];
  endfor
  for name = setdiff (names, listed)
    problems{end+1} = sprintf ("%s is in no category of %s", name{1}, indexfile);
  endfor
  write_page (fullfile (outdir, "index.html"), title, title, html);

  ## the course map, from README
  md = fileread (readme);
  s = regexp (md, '(?m)^## The course[^\n]*\n.*?(?=^## |\z)', "match", "once");
  if (isempty (s))
    problems{end+1} = sprintf ("%s has no section \"## The course...\"", readme);
  else
    write_page (fullfile (outdir, "course.html"), "The course's notation", title,
                [md_to_html(s, names) "\n<p><a href=\"index.html\">Index</a></p>\n"]);
  endif
endfunction

## INDEX: "pkg >> Title", then category lines and indented function names
function [title, cats] = read_index (indexfile)
  lines = strsplit (fileread (indexfile), "\n");
  title = strtrim (regexprep (lines{1}, '^.*>>', ''));
  cats = struct ("name", {}, "fns", {});
  for k = 2:numel (lines)
    l = lines{k};
    if (isempty (strtrim (l)) || l(1) == "#")
      continue;
    elseif (any (l(1) == " \t"))
      cats(end).fns = [cats(end).fns, strsplit(strtrim (l))];
    else
      cats(end+1) = struct ("name", strtrim (l), "fns", {{}});
    endif
  endfor
endfunction

## Texinfo help -> HTML body, and makeinfo's messages (errors and warnings)
function [body, msg] = texi_to_html (txt, name)
  ## @seealso{a, b} -> links to the pages of a and b
  [tok, s, e] = regexp (txt, '@seealso\{([^}]*)\}', "tokens", "start", "end");
  for k = numel (tok):-1:1
    refs = strtrim (strsplit (tok{k}{1}, ","));
    links = strjoin (cellfun (@(r) sprintf ("@uref{%s.html,%s}", r, r), refs,
                              "UniformOutput", false), ", ");
    txt = [txt(1:s(k)-1) "\n@noindent\nSee also: " links ".\n" txt(e(k)+1:end)];
  endfor
  if (numel (txt) > 1 && txt(2) == " ")
    txt = strrep (txt, "\n ", "\n");      # as __makeinfo__: help's leading space
  endif
  texi = __makeinfo__ (txt, "texinfo");   # Octave's macros in front
  texi = sprintf (["\\input texinfo\n@setfilename page.info\n@documentencoding UTF-8\n" ...
                   "@node Top\n@top %s\n%s\n@bye\n"], name, texi);
  d = tempname ();
  mkdir (d);
  unwind_protect
    src = fullfile (d, "page.texi");
    fid = fopen (src, "w");
    fputs (fid, texi);
    fclose (fid);
    out = fullfile (d, "page.html");
    [st, msg] = system (sprintf ("makeinfo --html --no-split --no-headers -o %s %s 2>&1",
                                 out, src));
    if (st != 0 && isempty (msg))
      msg = sprintf ("makeinfo exited with status %d", st);
    endif
    if (exist (out, "file"))
      html = fileread (out);
      body = regexp (html, '(?s)<body[^>]*>(.*)</body>', "tokens", "once");
      body = strtrim (body{1});
    else
      body = "<p>(this help text did not render)</p>";
    endif
  unwind_protect_cleanup
    confirm_recursive_rmdir (false, "local");
    rmdir (d, "s");
  end_unwind_protect
endfunction

## the first sentence of a function's help, for the index
function s = first_sentence (name)
  s = "";
  lines = strtrim (strsplit (get_help_text (name), "\n"));
  k = find (strncmp (lines, "@deftypefn", 10), 1, "last") + 1;
  if (! isempty (k) && k <= numel (lines))
    s = regexprep (lines{k}, '@(code|var|emph|env)\{([^}]*)\}', '$2');
    s = regexprep (s, '@@', '@');
  endif
endfunction

## the subset of Markdown the course section uses: headings, paragraphs,
## tables and inline code; names of functions become links
function html = md_to_html (md, names)
  blocks = strsplit (strtrim (md), "\n\n");
  html = "";
  for b = blocks
    lines = strsplit (strtrim (b{1}), "\n");
    if (strncmp (lines{1}, "#", 1))
      lev = numel (regexp (lines{1}, '^#+', "match", "once"));
      html = [html sprintf("<h%d>%s</h%d>\n", lev - 1, inline (regexprep (lines{1}, '^#+\s*', ''), names), lev - 1)];
    elseif (lines{1}(1) == "|")
      html = [html "<table>\n"];
      for k = 1:numel (lines)
        if (regexp (lines{k}, '^\|[\s\-:|]*$'))
          continue;                       # the separator row
        endif
        cells = strtrim (strsplit (regexprep (lines{k}, '^\||\|$', ''), "|"));
        tag = "td";
        if (k == 1)
          tag = "th";
        endif
        html = [html "<tr>"];
        for c = cells
          html = [html sprintf("<%s>%s</%s>", tag, inline (c{1}, names), tag)];
        endfor
        html = [html "</tr>\n"];
      endfor
      html = [html "</table>\n"];
    else
      html = [html "<p>" inline(strjoin (lines, " "), names) "</p>\n"];
    endif
  endfor
endfunction

function s = inline (s, names)
  s = esc (s);
  s = regexprep (s, '\*\*([^*]+)\*\*', '<strong>$1</strong>');
  [tok, st, en] = regexp (s, '`([^`]*)`', "tokens", "start", "end");
  for k = numel (tok):-1:1
    c = tok{k}{1};
    w = regexp (c, '^[a-z_]+', "match", "once");
    if (any (strcmp (w, names)))
      c = sprintf ("<a href=\"%s.html\">%s</a>", w, c);
    endif
    s = [s(1:st(k)-1) "<code>" c "</code>" s(en(k)+1:end)];
  endfor
endfunction

function s = esc (s)
  s = strrep (strrep (strrep (s, "&", "&amp;"), "<", "&lt;"), ">", "&gt;");
endfunction

function write_page (file, heading, title, body)
  fid = fopen (file, "w");
  if (fid < 0)
    error ("make_html: cannot write %s", file);
  endif
  fprintf (fid, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  fprintf (fid, "<title>%s - %s</title>\n", esc (heading), esc (title));
  fprintf (fid, "<style>body{max-width:50em;margin:auto;font-family:sans-serif;line-height:1.4}");
  fprintf (fid, "pre{background:#f4f4f4;padding:.5em;overflow-x:auto}td,th{padding:.2em .6em;");
  fprintf (fid, "vertical-align:top;text-align:left}</style>\n</head>\n<body>\n%s\n</body>\n</html>\n", body);
  fclose (fid);
endfunction
