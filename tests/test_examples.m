## test_examples.m - run every example of examples/ in its quick mode
## (RNN_QUICK=1, a few seconds each) in a scratch directory, and check what
## it leaves there: the PNGs, the checkpoint, the tables, and that training
## lowered the loss.  Run with `test test_examples` (RNN_TESTS_DIR or this
## file's location tells where the source tree is).

%!function d = examples_dir ()
%!  src = getenv ("RNN_TESTS_DIR");           # set by tests/check.sh
%!  if (isempty (src))
%!    src = fileparts (file_in_loadpath ("test_examples.m"));
%!  endif
%!  d = fullfile (src, "..", "examples");
%!endfunction

## run examples/NAME.m in quick mode inside a new scratch directory; return
## the directory and what the script printed.  The script runs in this
## function's workspace (source), not through run(), which would change
## into examples/.
%!function [scratch, out] = run_example (name)
%!  scratch = tempname ();
%!  mkdir (scratch);
%!  script = fullfile (examples_dir (), [name ".m"]);
%!  old_dir = pwd ();
%!  old_quick = getenv ("RNN_QUICK");
%!  old_pwd = getenv ("PWD");
%!  unwind_protect
%!    cd (scratch);
%!    setenv ("RNN_QUICK", "1");
%!    setenv ("PWD", scratch);
%!    out = evalc ("source (script);");
%!  unwind_protect_cleanup
%!    cd (old_dir);
%!    setenv ("RNN_QUICK", old_quick);
%!    setenv ("PWD", old_pwd);
%!    close all;
%!  end_unwind_protect
%!endfunction

%!function assert_png (file)
%!  assert (exist (file, "file") == 2, "%s is missing", file);
%!  fid = fopen (file, "r");
%!  sig = fread (fid, 8, "uint8=>uint8")';
%!  fclose (fid);
%!  assert (sig, uint8 ([137 80 78 71 13 10 26 10]));   # a PNG
%!  info = dir (file);
%!  assert (info.bytes > 2000, "%s is nearly empty", file);
%!endfunction

%!function clean (scratch)
%!  confirm_recursive_rmdir (false, "local");
%!  rmdir (scratch, "s");
%!endfunction

%!test
%! ## the main job: a character-level language model on the word list
%! if (! exist ("/usr/share/dict/words", "file"))
%!   warning ("test_examples: no /usr/share/dict/words (package wamerican): char_lm skipped");
%!   return;
%! endif
%! [d, out] = run_example ("char_lm");
%! unwind_protect
%!   o = fullfile (d, "char_lm_out");
%!   assert_png (fullfile (o, "loss.png"));
%!   ck = load (fullfile (o, "checkpoint.mat"));
%!   assert (all (isfield (ck, {"model", "vocab", "history", "state", "opts"})));
%!   assert (ck.vocab, ["a":"z", "\n"]);
%!   h = ck.history;
%!   assert (h.Loss(1), log (27), 0.1);                     # starts uniform
%!   assert (h.SmoothedLoss(end) < h.SmoothedLoss(1) - 0.2);   # and learns
%!   assert (ck.state.Iteration, numel (h.Loss));
%!   ## the checkpoint samples, and resumes
%!   w = rnn_sample (ck.model, ck.vocab, 5, "Seed", 1);
%!   assert (iscellstr (w) && numel (w) == 5);
%!   assert (all (cellfun (@(s) all (s >= "a" & s <= "z"), w)));
%!   s = fileread (fullfile (o, "samples.txt"));
%!   assert (numel (strfind (s, "T = ")), 3);
%!   assert (! isempty (strfind (out, "held-out loss")));
%!   assert (! isempty (regexp (out, 'iter +\d+/\d+  loss \d\.\d{3}  val \d\.\d{3} \([\d.]+%\)  [\d.]+k? char/s')));
%!   setenv ("RNN_RESUME", fullfile (o, "checkpoint.mat"));
%!   unwind_protect
%!     [d2, out2] = run_example ("char_lm");
%!   unwind_protect_cleanup
%!     setenv ("RNN_RESUME", "");
%!   end_unwind_protect
%!   ck2 = load (fullfile (d2, "char_lm_out", "checkpoint.mat"));
%!   assert (ck2.state.Iteration, 2 * numel (h.Loss));
%!   assert (ck2.history.Iteration, 1:2 * numel (h.Loss));
%!   assert (! isempty (strfind (out2, "resuming")));
%!   clean (d2);
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! ## chunks: stateful training on one long text (the fortunes collections)
%! if (isempty (glob ("/usr/share/games/fortunes/*.dat")))
%!   warning ("test_examples: no /usr/share/games/fortunes (package fortunes): char_lm chunks skipped");
%!   return;
%! endif
%! setenv ("RNN_TEXT_MODE", "chunks");
%! unwind_protect
%!   [d, out] = run_example ("char_lm");
%! unwind_protect_cleanup
%!   setenv ("RNN_TEXT_MODE", "");
%! end_unwind_protect
%! unwind_protect
%!   o = fullfile (d, "char_lm_out");
%!   assert_png (fullfile (o, "loss.png"));
%!   ck = load (fullfile (o, "checkpoint.mat"));
%!   assert (ck.state.Batcher.kind, "stream");          # trained statefully
%!   assert (ck.state.Batcher.m, 32);
%!   h = ck.history;
%!   v = h.ValidationLoss(! isnan (h.ValidationLoss));
%!   assert (numel (v) >= 5);
%!   assert (v(end) < v(1) - 0.5);                       # held-out nats/char fell
%!   ## samples of 8 chunks (512 characters) after a primed text
%!   s = fileread (fullfile (o, "samples.txt"));
%!   assert (numel (strfind (s, "(512 characters, 8 chunks)")), 3);
%!   assert (! isempty (regexp (out, 'unigram \(character frequencies\) \d\.\d{3}')));
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! ## which language is a word from: a bidirectional GRU with an embedding,
%! ## validation and early stopping, against two baselines
%! lists = {"american-english", "ngerman", "french", "spanish", "italian"};
%! if (! all (cellfun (@(f) exist (fullfile ("/usr/share/dict", f), "file"), lists)))
%!   warning ("test_examples: word lists missing (wamerican wngerman wfrench wspanish witalian): word_language skipped");
%!   return;
%! endif
%! [d, out] = run_example ("word_language");
%! unwind_protect
%!   o = fullfile (d, "word_language_out");
%!   assert_png (fullfile (o, "confusion.png"));
%!   assert_png (fullfile (o, "loss.png"));
%!   t = fileread (fullfile (o, "results.txt"));
%!   acc = @(name) str2double (regexp (t, [name ' +([\d.]+)%'], "tokens"){1}{1});
%!   assert (acc ("majority class") < 30);
%!   assert (acc ("character-bigram naive Bayes") > 50);
%!   assert (acc ("bidirectional GRU, byte embedding") > 50);   # far above 20%
%!   ## the confusion matrix: 5 rows whose counts sum to the test words
%!   r = regexp (t, '\n  (English|German|French|Spanish|Italian) +((?:\d+ +){5})', "tokens");
%!   assert (numel (r), 5);
%!   n = sum (cellfun (@(x) sum (str2num (x{2})), r));
%!   assert (n, str2double (regexp (t, '(\d+) test words', "tokens"){1}{1}));
%!   assert (! isempty (strfind (out, "val ")));          # validation in the progress
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! [d, out] = run_example ("adding_problem");
%! unwind_protect
%!   o = fullfile (d, "adding_problem_out");
%!   assert_png (fullfile (o, "adding_problem.png"));
%!   t = fileread (fullfile (o, "results.txt"));
%!   for name = {"tanh RNN", "IRNN", "GRU", "LSTM", "predict 1"}
%!     assert (! isempty (strfind (t, name{1})), "no row for %s", name{1});
%!   endfor
%!   ## every model ends below its starting test MSE
%!   mse = cellfun (@str2double, regexp (t, '\n\S+(?: RNN)? +\d+ +([\d.]+)', "tokens"));
%!   assert (numel (mse), 4);
%!   assert (all (mse < 0.5));
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! [d, out] = run_example ("vanishing_gradients");
%! unwind_protect
%!   o = fullfile (d, "vanishing_gradients_out");
%!   assert_png (fullfile (o, "vanishing_gradients.png"));
%!   assert_png (fullfile (o, "exploding_gradients.png"));
%!   t = fileread (fullfile (o, "results.txt"));
%!   ## the step-by-step gradients equal the whole-sequence backward's dh0
%!   d0 = cellfun (@str2double, regexp (t, 'relative difference (\S+)', "tokens"));
%!   assert (numel (d0), 4); assert (all (d0 < 1e-10));
%!   ## at t = 0 the tanh RNN's gradient has vanished, the IRNN's has not
%!   r = regexp (t, '(tanh RNN|IRNN \(relu, R = I\)) +\S+ +\S+ +\S+ +(\S+)', "tokens");
%!   assert (numel (r), 2);
%!   assert (str2double (r{1}{2}) < 1e-2 * str2double (r{2}{2}));
%!   ## the clipped run trains: its loss fell
%!   c = regexp (t, 'clipped to norm 1 .* loss first (\S+), last (\S+);', "tokens");
%!   assert (str2double (c{1}{2}) < str2double (c{1}{1}));
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! [d, out] = run_example ("bidirectional_classification");
%! unwind_protect
%!   o = fullfile (d, "bidirectional_classification_out");
%!   assert_png (fullfile (o, "accuracy.png"));
%!   t = fileread (fullfile (o, "results.txt"));
%!   ## rows: model, params, one accuracy per Lmax; the last is the longest
%!   rows = regexp (t, '(forward|bidirectional) (RNN|GRU) +\d+((?: +[\d.]+%)+)', "tokens");
%!   assert (numel (rows), 4);
%!   last = cellfun (@(r) str2double (regexp (r{3}, '([\d.]+)%$', "tokens"){1}{1}), rows);
%!   assert (last([2 4]) >= 90);                   # bidirectional: learned
%!   assert (last([2 4]) > last([1 3]) + 20);      # forward: not yet
%!   dp = cellfun (@str2double, regexp (t, 'max \|dP\| = (\S+)', "tokens"));
%!   assert (all (dp < 1e-10));                     # padding is ignored
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect

%!test
%! [d, out] = run_example ("date_translation");
%! unwind_protect
%!   o = fullfile (d, "date_translation_out");
%!   assert_png (fullfile (o, "attention.png"));
%!   assert_png (fullfile (o, "loss.png"));
%!   t = fileread (fullfile (o, "results.txt"));
%!   l = cellfun (@str2double, regexp (t, 'loss first (\S+), last (\S+)', "tokens"){1});
%!   assert (l(2) < 0.8 * l(1));                    # it learns
%!   assert (! isempty (regexp (out, 'exact match: [\d.]+%')));
%!   assert (! isempty (regexp (t, '\n\S.* -> \d{4}-\d\d-\d\d\n')));   # translations
%! unwind_protect_cleanup
%!   clean (d);
%! end_unwind_protect
