#! /bin/sh
# soak.sh OCTAVE BUILDDIR SRCDIR SECONDS SEED - what `make soak` runs (on
# demand; docs/robustness.md): soak.m for SECONDS/2 with one BLAS thread and
# SECONDS/2 with two, each in its own Octave, then each log made again in a
# fresh Octave (soak ("replay", log)).  Ends with "soak: passed" or
# "soak: FAILED"; exits non-zero on failure.
octave=$1; builddir=$2; srcdir=$3; seconds=$4; seed=$5
half=$((seconds / 2))
status=0
run () {
  "$octave" --norc --no-history --quiet --path "$builddir/octave" \
    --path "$srcdir/tests" --eval "$1"
}
for threads in 1 2; do
  log=$builddir/tests/soak-$threads.log
  mkdir -p "$builddir/tests"
  echo "== soak, OPENBLAS_NUM_THREADS=$threads, $half s"
  OPENBLAS_NUM_THREADS=$threads run "soak ($half, $seed + $threads, '$log')" || status=1
  echo "== replay in a fresh process"
  OPENBLAS_NUM_THREADS=1 run "soak ('replay', '$log')" || status=1
done
if [ $status -eq 0 ]; then echo "soak: passed"; else echo "soak: FAILED"; fi
exit $status
