## test_memory.m - what the toolbox leaves of itself in the session's
## memory (docs/memory.md): glibc's malloc thresholds, which the gateways
## raise for speed, go back to glibc's defaults when Octave unloads them
## (clear functions) and when RNN_MALLOC_TUNING=0; each check runs in a
## fresh octave-cli, as the settings belong to the process.

## The child: resident memory after ten 20 MB arrays are made and freed,
## minus that before, in MB, after `setup` (Octave commands).
%!function kept = kept_mb (setup)
%!  code = [setup "\n" ...
%!          "rss = @() sscanf (fileread ('/proc/self/statm'), '%d')(2) * 4096 / 1e6;\n" ...
%!          "r0 = rss ();\n" ...
%!          "c = cell (1, 10);\n" ...
%!          "for k = 1:10, c{k} = ones (2.5e6, 1); c{k}(1) = k; endfor\n" ...
%!          "clear c;\n" ...
%!          "printf ('kept=%.1f\\n', rss () - r0);\n"];
%!  out = child_octave (code);
%!  kept = sscanf (out(strfind (out, "kept=")(end):end), "kept=%f");
%!endfunction

%!test
%! if (! exist ("/proc/self/statm", "file"))
%!   return;   # resident memory is read from Linux's /proc
%! endif
%! call = "p = rnn_init ('lstm', 2, 3); rnn_forward (randn (2, 1, 2), [], rnn_init ('rnn', 2, 3));";
%! ## a layer call tunes malloc: the freed arrays stay in the heap
%! tuned = kept_mb (call);
%! ## unloaded by clear functions: glibc's thresholds again
%! cleared = kept_mb ([call " clear functions;"]);
%! ## the user's switch
%! off = kept_mb (["setenv ('RNN_MALLOC_TUNING', '0'); " call]);
%! ## switched off after the first call: undone at the next
%! later = kept_mb ([call " setenv ('RNN_MALLOC_TUNING', 'off'); " call]);
%! assert (tuned > 150, sprintf ("kept %.1f MB tuned", tuned));
%! assert (cleared < 30, sprintf ("kept %.1f MB after clear functions", cleared));
%! assert (off < 30, sprintf ("kept %.1f MB with RNN_MALLOC_TUNING=0", off));
%! assert (later < 30, sprintf ("kept %.1f MB after RNN_MALLOC_TUNING=off", later));
