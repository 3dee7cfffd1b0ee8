#! /bin/sh
# check.sh OCTAVE BUILDDIR SRCDIR - what `make check` runs: the C unit tests of
# the core, then every Octave test (BIST blocks of octave/*.m and the
# tests/test_*.m files).  Ends with one line "N passed, N failed"; exits
# non-zero on any failure.
octave=$1; builddir=$2; srcdir=$3
log=$builddir/tests/core.log
mkdir -p "$builddir/tests"

echo "== C unit tests of the core (tests/test_core)"
"$builddir/tests/test_core" > "$log" 2>&1
core_rc=$?
cat "$log"
core_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
core_pass=$(echo "$core_line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
core_fail=$(echo "$core_line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
if [ -z "$core_line" ]; then
  core_pass=0; core_fail=1               # the runner died before its summary
elif [ $core_rc -ne 0 ] && [ "$core_fail" = 0 ]; then
  core_fail=1
fi

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
