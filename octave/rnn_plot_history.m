## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn  {} {@var{fig} =} rnn_plot_history (@var{history})
## @deftypefnx {} {@var{fig} =} rnn_plot_history (@var{history}, @var{name}, @var{value}, @dots{})
## Draw a training run: the loss of each batch, the smoothed loss and the
## validation loss against the iteration, and the learning rate below.
##
## @var{history} is the second output of @code{rnn_train} (fields
## @code{Iteration}, @code{Loss}, @code{SmoothedLoss}, @code{LearnRate}
## and, from validation, @code{ValidationLoss} with NaN at iterations
## without one).  The upper axes show the loss (light), the smoothed loss
## (blue) and the validation loss (magenta squares); the lower axes the
## learning rate (a log scale when it varies by more than a factor 10).
##
## Options:
## @table @asis
## @item "File"
## write the figure to this PNG file (in an invisible figure, closed
## afterwards: this works without a display, with the gnuplot toolkit);
## @var{fig} is then empty.  Default: draw in a new figure.
## @item "Title"
## the upper axes' title; default "training".
## @item "Baselines"
## a struct whose fields are names and values losses to draw as dashed
## horizontal lines, e.g. @code{struct ("uniform", log (27))}.
## @end table
##
## @example
## @group
## model = rnn_init ("gru", 27, 8, "OutputSize", 27, "Seed", 1);
## seqs = @{[27 1 14 14 1 27], [27 2 15 2 27], [27 15 20 20 15 27]@};
## [~, history] = rnn_train (model, seqs(1:2), "Iterations", 40,
##                           "MiniBatchSize", 2, "ValidationData", seqs(3),
##                           "ValidationFrequency", 10, "Verbose", false);
## file = [tempname() ".png"];
## rnn_plot_history (history, "File", file,
##                   "Baselines", struct ("uniform", log (27)));
## exist (file, "file")                 # the PNG is written
##   @result{} ans = 2
## @end group
## @end example
##
## @seealso{rnn_train}
## @end deftypefn

function fig = rnn_plot_history (history, varargin)
  if (nargin < 1 || mod (numel (varargin), 2) != 0)
    print_usage ();
  endif
  fn = "rnn_plot_history";
  need = {"Iteration", "Loss", "SmoothedLoss", "LearnRate"};
  if (! (isstruct (history) && isscalar (history) && all (isfield (history, need))))
    error ("rnn:rnn_plot_history:invalidInput",
           "rnn_plot_history: HISTORY must be rnn_train's history (fields %s), not %s",
           strjoin (need, ", "), __show__ (history));
  endif
  n = numel (history.Iteration);
  for f = need
    v = history.(f{1});
    if (! (isnumeric (v) && isreal (v) && numel (v) == n))
      error ("rnn:rnn_plot_history:invalidInput",
             "rnn_plot_history: HISTORY.%s must be a real vector of %d values (one per iteration), not %s",
             f{1}, n, __show__ (v));
    endif
  endfor
  if (n == 0)
    error ("rnn:rnn_plot_history:invalidInput",
           "rnn_plot_history: HISTORY has no iterations");
  endif
  o = __name_value__ (fn, struct ("file", "", "title", "training", "baselines", struct ()),
                      varargin, "File, Title, Baselines");
  if (! (ischar (o.file) && (isempty (o.file) || isrow (o.file))))
    error ("rnn:rnn_plot_history:invalidOption",
           "rnn_plot_history: File must be a file name, not %s", __show__ (o.file));
  endif
  if (! (ischar (o.title) && (isempty (o.title) || isrow (o.title))))
    error ("rnn:rnn_plot_history:invalidOption",
           "rnn_plot_history: Title must be a string, not %s", __show__ (o.title));
  endif
  if (! (isstruct (o.baselines) && isscalar (o.baselines)
         && all (structfun (@(v) isnumeric (v) && isscalar (v) && isreal (v), o.baselines))))
    error ("rnn:rnn_plot_history:invalidOption",
           "rnn_plot_history: Baselines must be a struct of real scalars, not %s",
           __show__ (o.baselines));
  endif

  it = double (history.Iteration(:)');
  loss = double (history.Loss(:)');
  smooth = double (history.SmoothedLoss(:)');
  lr = double (history.LearnRate(:)');
  vl = NaN (1, n);
  if (isfield (history, "ValidationLoss") && numel (history.ValidationLoss) == n)
    vl = double (history.ValidationLoss(:)');
  endif
  hasv = ! isnan (vl);

  if (isempty (o.file))
    fig = figure ();
  else
    warning ("off", "Octave:gnuplot-graphics", "local");  # the toolkit without a display
    fig = figure ("visible", "off", "position", [0 0 800 560]);
  endif
  unwind_protect
    top = subplot (4, 1, 1:3);
    h = plot (it, loss, "color", [0.75 0.8 0.95], it, smooth, "b", "linewidth", 2);
    names = {"batch loss", "smoothed"};
    hold on;
    if (any (hasv))
      h(end+1) = plot (it(hasv), vl(hasv), "m-s", "linewidth", 2, "markersize", 6,
                       "markerfacecolor", "m");
      names{end+1} = "validation";
    endif
    colors = [0 0 0; 0.8 0 0; 0 0.6 0; 0.5 0.5 0];
    b = fieldnames (o.baselines);
    for k = 1:numel (b)
      h(end+1) = plot (it([1 end]), o.baselines.(b{k}) * [1 1], "--",
                       "color", colors(mod (k - 1, 4) + 1,:));
      names{end+1} = strrep (b{k}, "_", " ");
    endfor
    hold off;
    legend (h, names, "location", "northeast");
    ylabel ("loss"); title (o.title); grid on;
    if (it(end) > it(1))
      xlim ([it(1) it(end)]);
    endif
    bottom = subplot (4, 1, 4);
    lo = min (lr(lr > 0)); hi = max (lr);
    if (! isempty (lo) && hi > 10 * lo)
      semilogy (it, lr, "color", [0 0.5 0], "linewidth", 2);
    else
      plot (it, lr, "color", [0 0.5 0], "linewidth", 2);
      if (hi > 0)
        ylim ([0, 1.25 * hi]);          # a constant rate off the grid lines
      endif
    endif
    xlabel ("iteration"); ylabel ("learning rate"); grid on;
    if (it(end) > it(1))
      xlim ([it(1) it(end)]);
    endif
    if (! isempty (o.file))
      print (fig, "-dpng", "-r80", o.file);
    endif
  unwind_protect_cleanup
    if (! isempty (o.file))
      close (fig);
      fig = [];
    endif
  end_unwind_protect
endfunction

%!test
%! ## a PNG without a display; validation points and baselines drawn
%! h = struct ("Iteration", 1:30, "Loss", 3 - (1:30) / 20 + 0.1 * sin (1:30),
%!             "SmoothedLoss", 3 - (1:30) / 20, "LearnRate", logspace (-2, -4, 30),
%!             "ValidationLoss", [NaN(1, 9), 2.6, NaN(1, 9), 2.2, NaN(1, 9), 1.9]);
%! f = [tempname() ".png"];
%! unwind_protect
%!   r = rnn_plot_history (h, "File", f, "Title", "test", "Baselines", struct ("uniform", 3.3));
%!   assert (isempty (r));
%!   fid = fopen (f, "r"); sig = fread (fid, 8, "uint8=>uint8")'; fclose (fid);
%!   assert (sig, uint8 ([137 80 78 71 13 10 26 10]));
%! unwind_protect_cleanup
%!   unlink (f);
%! end_unwind_protect

%!test
%! ## in a figure: two axes, the validation line among the upper one's
%! h = struct ("Iteration", 1:5, "Loss", 5:-1:1, "SmoothedLoss", 5:-1:1,
%!             "LearnRate", ones (1, 5), "ValidationLoss", [NaN 3 NaN NaN 2]);
%! old = get (0, "defaultfigurevisible");
%! set (0, "defaultfigurevisible", "off");
%! warning ("off", "Octave:gnuplot-graphics", "local");
%! fig = rnn_plot_history (h);
%! unwind_protect
%!   ax = findobj (fig, "type", "axes");
%!   ax = ax(! strcmp (get (ax, "tag"), "legend"));
%!   assert (numel (ax), 2);
%!   lines = findobj (ax, "type", "line", "marker", "s");
%!   assert (get (lines, "ydata"), [3 2]);
%! unwind_protect_cleanup
%!   close (fig);
%!   set (0, "defaultfigurevisible", old);
%! end_unwind_protect

%!error <Invalid call> rnn_plot_history ()
%!error id=rnn:rnn_plot_history:invalidInput rnn_plot_history (struct ("Loss", 1))
%!error id=rnn:rnn_plot_history:invalidInput rnn_plot_history (struct ("Iteration", 1:2, "Loss", 1, "SmoothedLoss", 1:2, "LearnRate", 1:2))
%!error id=rnn:rnn_plot_history:invalidInput rnn_plot_history (struct ("Iteration", [], "Loss", [], "SmoothedLoss", [], "LearnRate", []))
%!error id=rnn:rnn_plot_history:invalidOption rnn_plot_history (struct ("Iteration", 1, "Loss", 1, "SmoothedLoss", 1, "LearnRate", 1), "File", 3)
%!error id=rnn:rnn_plot_history:invalidOption rnn_plot_history (struct ("Iteration", 1, "Loss", 1, "SmoothedLoss", 1, "LearnRate", 1), "Baselines", 3)
%!error id=rnn:rnn_plot_history:invalidOption rnn_plot_history (struct ("Iteration", 1, "Loss", 1, "SmoothedLoss", 1, "LearnRate", 1), "Colour", 3)
