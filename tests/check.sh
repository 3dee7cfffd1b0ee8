#! /bin/sh
# check.sh OCTAVE BUILDDIR SRCDIR PROG... - what `make check` runs: the C unit
# test programs PROG of the core, then every Octave test (BIST blocks of octave/*.m and the
# tests/test_*.m files).  Ends with one line "N passed, N failed"; exits
# non-zero on any failure.
octave=$1; builddir=$2; srcdir=$3
mkdir -p "$builddir/tests"
shift 3
# the C unit test programs, each ending with "N passed, N failed"
core_pass=0; core_fail=0
for prog in "$@"; do
  echo "== C unit tests: $prog"
  log=$builddir/$prog.log
  "$builddir/$prog" > "$log" 2>&1
  rc=$?
  cat "$log"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
  f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
  if [ -z "$line" ]; then
    p=0; f=1                           # the program died before its summary
  elif [ $rc -ne 0 ] && [ "$f" = 0 ]; then
    f=1
  fi
  core_pass=$((core_pass + p)); core_fail=$((core_fail + f))
done

echo "== Octave tests"
olog=$builddir/tests/octave.log
RNN_TESTS_DIR=$srcdir/tests "$octave" --norc --no-history --quiet \
  --path "$builddir/octave" --path "$srcdir/tests" \
  --eval "run_tests ('$builddir', '$srcdir')" 2>&1 | tee "$olog"
oct_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$olog" | tail -n 1)
oct_pass=$(echo "$oct_line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
oct_fail=$(echo "$oct_line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
[ -n "$oct_line" ] || oct_fail=1      # Octave died before its summary

pass=$((${core_pass:-0} + ${oct_pass:-0}))
fail=$((${core_fail:-0} + ${oct_fail:-0}))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
