/* lstm.c - placeholder until the lstm cell lands: the sweep links against it. */
#ifndef REAL
#include "internal.h"
const rnn_cell_shape rnn_shape_lstm = { 1, 0, 1, 0, 0 };
#define RNN_SELF "lstm.c"
#include "typed.h"
#else
const F(rnn_cell_ops) F(rnn_ops_lstm) = { 0, 0, 0 };
#endif
