#! /bin/sh
# compare.sh OLD NEW [OUTDIR] - bench.m of two builds of the toolbox in turns:
# for each configuration of `make bench` (OpenBLAS's configured and best
# kernels, 1 and 2 threads), OLD's bench.m and NEW's, the first of the two
# alternating from one configuration to the next (so that a drift of the
# machine does not always favour the same side), each with its own
# core_bench and oneDNN harness; then compare.py's table of the new/old
# time of each side.  OLD and NEW are trees built in place (the sources
# and the build in one directory, as ./configure && make makes them) in
# which `make all tests/bench/core_bench` has been run, e.g. a git worktree
# of an older commit.  Each configuration takes 5 to 8 minutes a
# build here: about an hour in all.  Logs go to OUTDIR (default: .).
# As in run.sh, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the
# "best" runs only.
set -u
old=$1; new=$2; outdir=${3:-.}
here=$(cd "$(dirname "$0")" && pwd)
for d in "$old" "$new"; do
  cc -O2 -std=c99 "$d/tests/bench/dnnl_bench.c" -ldnnl -lm -o "$d/tests/bench/dnnl_bench" \
    2>/dev/null && mkoctfile --mex -o "$d/tests/bench/dnnl_mex.mex" \
    "$d/tests/bench/dnnl_mex.c" -ldnnl >/dev/null 2>&1
done
order="old new"
for kernels in configured best; do
  for threads in 1 2; do
    for side in $order; do
      if [ $side = old ]; then d=$old; else d=$new; fi
      if [ $kernels = best ]; then unset_env="-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"; else unset_env=; fi
      echo "## $side ($d): OpenBLAS kernels $kernels, $threads thread(s), $(date +%T)"
      env $unset_env OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads \
        DNNL_BENCH="$d/tests/bench/dnnl_bench" CORE_BENCH="$d/tests/bench/core_bench" \
        "$d/run-octave" "$d/tests/bench/bench.m" > "$outdir/compare-$side-$kernels-$threads.log" 2>&1
    done
    if [ "$order" = "old new" ]; then order="new old"; else order="old new"; fi
  done
done
/usr/bin/python3 "$here/compare.py" "$outdir"
