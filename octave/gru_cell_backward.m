## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {[@var{dxt}, @var{dp}, @var{dh_prev}] =} gru_cell_backward (@var{dh}, @var{cache})
## Backward pass of one GRU step.
##
## @var{dh} @code{[n_a, m]} is the gradient of the loss with respect to the
## step's output @var{h}; @var{cache} comes from @code{gru_cell_forward}.
## Returns the gradients with respect to @var{xt}, the parameters (a struct
## with fields @code{W}, @code{R}, @code{b} and, if present, @code{bR},
## gate blocks @code{[r; z; n]}) and @var{h_prev}.  Accumulate @var{dp}
## over the steps of a hand-written loop.
##
## Discarded (@code{[~, dp, dh_prev] = @dots{}}), @var{dxt} is not computed.
##
## @example
## @group
## p = rnn_init ("gru", 3, 5);
## [h, cache] = gru_cell_forward (randn (3, 2), [], p);
## [dxt, dp, dh_prev] = gru_cell_backward (ones (5, 2), cache);
## size (dp.W)                      # gate blocks [r; z; n]
##   @result{} 15   3
## size (dh_prev)
##   @result{} 5   2
## @end group
## @end example
##
## @seealso{gru_cell_forward, gru_backward}
## @end deftypefn

function [dxt, dp, dh_prev] = gru_cell_backward (dh, cache)
  if (nargin != 2)
    print_usage ();
  endif
  fn = "gru_cell_backward";
  [dxt, dp, dh_prev] = __layer__ ("backward", fn, "gru", [], dh, [], cache,
                                   isargout (1));
endfunction

%!test
%! ## against the chain rule by hand, both modes
%! for mode = {"after-multiplication", "before-multiplication"}
%!   p = rnn_init ("gru", 3, 4, "RecurrentBias", true, "ResetGateMode", mode{1}, "Seed", 3);
%!   p.bR = 0.1 * randn (12, 1); p.b = 0.1 * randn (12, 1);
%!   x = randn (3, 2); h0 = randn (4, 2); dh = randn (4, 2);
%!   [h, cache] = gru_cell_forward (x, h0, p);
%!   [dxt, dp, dh_prev] = gru_cell_backward (dh, cache);
%!   [~, dp2, dh2] = gru_cell_backward (dh, cache);   # dxt discarded: not computed
%!   assert (isequal (dp2, dp) && isequal (dh2, dh_prev));
%!   sg = @(a) 1 ./ (1 + exp (-a)); i1 = 1:4; i2 = 5:8; i3 = 9:12;
%!   a = p.W * x + p.b; q = p.R * h0 + p.bR;
%!   r = sg (a(i1,:) + q(i1,:)); z = sg (a(i2,:) + q(i2,:));
%!   after = strcmp (mode{1}, "after-multiplication");
%!   if (after)
%!     n = tanh (a(i3,:) + r .* q(i3,:));
%!   else
%!     u = r .* h0; n = tanh (a(i3,:) + p.R(i3,:) * u + p.bR(i3));
%!   endif
%!   assert (h, (1 - z) .* n + z .* h0, 1e-14);
%!   dn = dh .* (1 - z) .* (1 - n.^2); dz = dh .* (h0 - n) .* z .* (1 - z);
%!   if (after)
%!     dr = dn .* q(i3,:) .* r .* (1 - r);
%!     dhp = dh .* z + p.R' * [dr; dz; dn .* r];
%!     dR = [dr; dz; dn .* r] * h0';
%!   else
%!     du = p.R(i3,:)' * dn; dr = du .* h0 .* r .* (1 - r);
%!     dhp = dh .* z + du .* r + p.R([i1 i2],:)' * [dr; dz];
%!     dR = [[dr; dz] * h0'; dn * u'];
%!   endif
%!   assert (dxt, p.W' * [dr; dz; dn], 1e-14);
%!   assert (dp.W, [dr; dz; dn] * x', 1e-14);
%!   assert (dp.R, dR, 1e-14);
%!   assert (dp.b, sum ([dr; dz; dn], 2), 1e-14);
%!   assert (dp.bR, sum ([dr; dz; dn .* (after * r + ! after)], 2), 1e-14);
%!   assert (dh_prev, dhp, 1e-14);
%! endfor

%!error <Invalid call> gru_cell_backward (1)
%!error id=rnn:gru_cell_backward:invalidCache gru_cell_backward (ones (4, 2), struct ("a", 1))
%!error id=rnn:gru_cell_backward:invalidCache
%! [~, ~, c] = gru_forward (randn (3, 2, 5), [], rnn_init ("gru", 3, 4));
%! gru_cell_backward (ones (4, 2), c);
%!error id=rnn:gru_cell_backward:invalidCache
%! [~, c] = rnn_cell_forward (randn (3, 2), [], rnn_init ("rnn", 3, 4));
%! gru_cell_backward (ones (4, 2), c);
%!error id=rnn:gru_cell_backward:sizeMismatch
%! [~, c] = gru_cell_forward (randn (3, 2), [], rnn_init ("gru", 3, 4));
%! gru_cell_backward (ones (4, 3), c);
%!error id=rnn:gru_cell_backward:invalidClass
%! [~, c] = gru_cell_forward (randn (3, 2), [], rnn_init ("gru", 3, 4));
%! gru_cell_backward ("abcd", c);
