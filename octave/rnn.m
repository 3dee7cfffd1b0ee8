## Copyright (C) 2026 The rnn toolbox authors
## SPDX-License-Identifier: GPL-3.0-or-later

## -*- texinfo -*-
## @deftypefn {} {} rnn
## Overview of the rnn toolbox: recurrent neural networks for GNU Octave.
##
## @code{help rnn} (or just @code{rnn}) prints this page; @code{help} of
## any function below gives its details, an example and the equations.
##
## Data is laid out features x batch x time: a sequence batch @var{X} is
## @code{[n_x, m, T]}, states are @code{[n_a, m]} (@code{[n_a, m, 2]} for a
## bidirectional layer) and @code{[]} means zeros.  One layer's parameters
## are a struct @var{p} with fields @code{cell} ("rnn", "gru", "lstm"),
## @code{W}, @code{R}, @code{b}, optional @code{bR}, @code{direction},
## @code{merge} and @code{activation} or @code{resetGateMode}; gate blocks
## are stacked as PyTorch and MATLAB stack them (LSTM @code{[i; f; g; o]},
## GRU @code{[r; z; n]}).  Gradients come back as structs with the same
## field names.  A model (@code{rnn_init (cell, n_x, [n_a1 n_a2],
## "OutputSize", n_y, @dots{})}) stacks layers in @code{model.layers},
## with an output layer @code{Wy}, @code{by}, optionally an embedding
## @code{E} and dropout rates; @code{rnn_loss}, @code{rnn_sample} and
## @code{rnn_summary} take it (docs/models.md).
##
## The layers run in C and use as many threads as OpenBLAS may (set
## @env{OPENBLAS_NUM_THREADS} before Octave starts): the two directions of
## a bidirectional layer run at once when they are large enough, a
## direction that runs alone shares each large time step's matrix products
## with a second thread, so do the large matrix products over all steps,
## and results do not depend on the thread count.  Their first call tunes
## glibc's allocator so that large outputs are not mapped afresh on every
## call, which keeps some freed memory for reuse, unless malloc's tunables
## are set in the environment; docs/memory.md in the toolbox's sources
## says what is kept and how to change it.
##
## A forward pass asked for its @var{cache} keeps the cache's arrays
## inside the toolbox and puts only a key in @var{cache}: Octave would copy
## them element by element on the way out.  Up to 256 MiB of caches are
## kept; a cache that does not fit has its arrays in @var{cache}.  A cache
## goes when its backward pass has run and the next forward pass asks for a
## cache, or when no backward pass has read it for a few forward passes (4,
## more once a backward pass came later than that; at most 64).  A
## backward pass whose cache has gone (or that comes from a file saved in
## another session or process) runs the forward pass again from the inputs
## the cache holds: the same result, more time.  A cache whose @var{X},
## @var{p}, initial states or options were changed after its forward pass,
## or that holds another forward pass's key, raises the error
## @code{rnn:@var{function}:staleCache}.  A single @var{dY} with a double
## layer's cache computes in single from the double cache rounded to
## single.  The environment variable
## @env{RNN_CACHE_BYTES} sets the 256 MiB in bytes (0 keeps every cache in
## Octave's arrays; @code{setenv ("RNN_CACHE_BYTES", "0")} does it from a
## script; a value that is not a whole number is ignored); @code{clear
## functions} frees what is kept.  Ask for @var{cache} only for a backward
## pass: a forward pass without it keeps its cache in the layer's
## workspace, which is faster.
##
## @example
## @group
## p = rnn_init ("lstm", 3, 8);          # n_x = 3 inputs, n_a = 8 units
## X = randn (3, 16, 20);                # 16 sequences of 20 steps
## [Y, hN, cN, cache] = lstm_forward (X, [], [], p);
## dY = randn (size (Y));                # gradient from the layers above
## [dX, dp] = lstm_backward (dY, [], [], cache);
## size (dp.W)
##   @result{} 32   3
## @end group
## @end example
##
## @subsubheading Layers
## @table @code
## @item rnn_forward
## vanilla RNN layer (tanh or relu) over a whole sequence batch
## @item rnn_backward
## its backpropagation through time
## @item gru_forward
## GRU layer over a whole sequence batch
## @item gru_backward
## its backpropagation through time
## @item lstm_forward
## LSTM layer over a whole sequence batch
## @item lstm_backward
## its backpropagation through time
## @end table
##
## @subsubheading Cell steps
## @table @code
## @item rnn_cell_forward
## one step of a vanilla RNN cell
## @item rnn_cell_backward
## its gradients
## @item gru_cell_forward
## one step of a GRU cell
## @item gru_cell_backward
## its gradients
## @item lstm_cell_forward
## one step of an LSTM cell
## @item lstm_cell_backward
## its gradients
## @end table
##
## @subsubheading MATLAB-compatible
## @table @code
## @item lstm
## LSTM layer, forward only, with the arguments of MATLAB's @code{lstm}
## @item gru
## GRU layer, forward only, with the arguments of MATLAB's @code{gru}
## @end table
##
## @subsubheading Embedding
## @table @code
## @item embedding_forward
## symbol indices to embedding vectors (a lookup of columns, in C)
## @item embedding_backward
## its gradient (a scatter-add of columns)
## @end table
##
## @subsubheading Output layer and loss
## @table @code
## @item dense_forward
## time-distributed affine output layer
## @item dense_backward
## its gradients
## @item softmax
## softmax over the first dimension
## @item softmax_cross_entropy
## cross-entropy loss of scores, with its gradient
## @item rnn_loss
## loss and gradient of a whole model (embedding, stacked layers, dropout,
## output layer, softmax)
## @end table
##
## @subsubheading Attention and sequence to sequence
## @table @code
## @item attention_init
## parameters of additive, dot or general attention
## @item attention_forward
## one decoder step of attention: weights and context
## @item attention_backward
## its gradients
## @item attention_keys
## the keys of a source sequence, computed once for every decoder step
## @item attention_keys_backward
## their gradients
## @item seq2seq_init
## encoder-decoder model with attention
## @item seq2seq_loss
## its teacher-forced loss and gradient
## @item seq2seq_decode
## greedy and beam-search decoding, with the attention weights
## @end table
##
## @subsubheading Training
## @table @code
## @item rnn_train
## mini-batch training loop: loss, gradient, clipping, regularisation,
## update, validation and early stopping, checkpoints, stateful texts
## @item rnn_predict
## a trained model's outputs over new input, carrying its state
## @item rnn_plot_history
## picture of a training run: loss, validation loss, learning rate
## @item clip_gradients
## clipping by global norm, per-array norm or value
## @item adamupdate
## Adam step
## @item sgdmupdate
## stochastic gradient descent with momentum
## @item rmspropupdate
## RMSProp step
## @item gradcheck
## finite-difference check of a gradient
## @end table
##
## @subsubheading Initialisation
## @table @code
## @item rnn_init
## initialised parameter struct of a layer, or a model: stacked layers,
## embedding, dropout, output layer
## @item rnn_num_params
## number of trainable parameters
## @item rnn_summary
## a model's layers, output shapes and parameter counts
## @end table
##
## @subsubheading Interop
## @table @code
## @item rnn_to_pytorch
## a model or layers as a PyTorch state dict
## @item rnn_from_pytorch
## a model or layers from a PyTorch state dict
## @item rnn_to_matlab
## parameters as MATLAB layer properties
## @item rnn_from_matlab
## parameters from MATLAB layer properties
## @end table
##
## @subsubheading Utilities
## @table @code
## @item rnn
## this overview
## @item text_encode
## text to character indices
## @item text_decode
## character indices to text
## @item seq_batch
## padded next-symbol batches from encoded sequences
## @item rnn_sample
## sampling text from a character-level model
## @end table
##
## The categories and names above are those of the package's INDEX file
## (@code{pkg describe -verbose rnn}); a test keeps the two equal.
## @end deftypefn

function rnn ()
  help ("rnn");
endfunction

%!test
%! ## the overview renders and names every function of the toolbox folder
%! txt = evalc ("rnn ()");
%! here = fileparts (which ("rnn"));
%! names = dir (fullfile (here, "*.m"));
%! for k = 1:numel (names)
%!   name = names(k).name(1:end-2);
%!   assert (! isempty (regexp (txt, ['\<' name '\>'], "once")),
%!           sprintf ("help rnn does not list %s", name));
%! endfor

%!error <called with too many inputs> rnn (1)
