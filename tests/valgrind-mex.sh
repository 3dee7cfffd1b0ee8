#! /bin/sh
# valgrind-mex.sh OCTAVE BUILDDIR SRCDIR [N] - run Octave under valgrind's
# memcheck while tests/valgrind_gateways.m exercises every MEX gateway N
# times (default 2), error paths included, and report the errors and leaks
# whose stack goes through our code (the gateways, mexutil, the core).
# Octave itself leaves reports of its own (one-off allocations of the
# interpreter, JIT-less parser tables, ...): those are counted but not
# shown.  Exits non-zero if any report is ours.  (make check-valgrind-mex)
octave=$1; builddir=$2; srcdir=$3; n=${4:-2}
log=$builddir/tests/valgrind-mex.log
mkdir -p "$builddir/tests"
echo "== valgrind: octave-cli exercising the MEX gateways ($n passes; a few minutes)"
valgrind --leak-check=full --num-callers=40 --error-limit=no --track-origins=yes \
  --log-file="$log" "$octave" --norc --no-history --quiet \
  --path "$builddir/octave" --path "$srcdir/tests" \
  --eval "[c, e] = valgrind_gateways ($n); printf ('%d calls, %d expected errors\n', c, e);" \
  2>&1 | grep -v 'ignoring const execution_exception'
# A report is a run of lines between blank ones ("==PID== "); ours if a
# frame is in a gateway (__*__.mex), mexutil, layer_args or the core
# (rnn_*), or below Octave's call_mex: the only MEX files are ours, and
# their frames show as ??? once Octave has unloaded them at exit.
ours='call_mex|__layer__|rnn_pool_|__clip_gradients__|__update__|__attention__|rnn_att_|rnn_adam_|rnn_sgdm_|rnn_rmsprop_|mexFunction|rnn_mex_|rnn_layer_|rnn_clip_|rnn_gemm|sweep_|step_forward|step_backward'
awk -v ours="$ours" '
  /^==[0-9]+== *$/ { flush(); next }
  { rec = rec $0 "\n" }
  /ERROR SUMMARY/ { summary = $0 }
  /definitely lost:|indirectly lost:|possibly lost:/ { totals = totals $0 "\n" }
  function flush() {
    if (rec ~ /(Invalid|uninitialised|Mismatched|Syscall param|Source and destination|lost in loss record)/) {
      all++
      if (rec ~ ours) { mine++; printf "%s\n", rec }
    }
    rec = ""
  }
  END {
    flush()
    printf "valgrind: %s\n", summary
    printf "%s", totals
    printf "valgrind: %d reports in all, %d through our code (log: %s)\n", all, mine + 0, FILENAME
    exit (mine > 0)
  }' "$log"
