#! /bin/sh
# run.sh BUILDDIR SRCDIR - what `make bench` runs: build the oneDNN harness
# (a program, and the same as a MEX file for bench.m; MKOCTFILE from make),
# print the CPU and one core's FMA peak (fma_peak: the bound), then bench.m
# four times: 1 and 2 threads, with the machine's OpenBLAS
# settings and with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that
# command alone (so that OpenBLAS picks its own, best kernels, as oneDNN
# does); then, with python3-torch, char_lm_bench.m (make demo's training
# speed against PyTorch's).  Tables go to stdout and to
# BUILDDIR/bench-results.md.
# Extra packages it uses when present: python3-torch, libdnnl-dev.
builddir=$1; srcdir=$2
out=$builddir/bench-results.md
: > "$out"
# the CPU and its bound: the hosts of a shared VM differ from day to day
cpu=$(awk -F': ' '/^model name/ {m=$2} /^cpu family/ {f=$2} /^model\t/ {n=$2}
                 END {printf "%s (cpu family %s, model %s)", m, f, n}' /proc/cpuinfo 2>/dev/null)
{
  echo "## The machine: $cpu, $(nproc) cores"
  for prec in single double; do
    "$builddir/tests/bench/fma_peak" $prec | sed -n 's/^# \(.*\)/- \1/p'
  done
} | tee -a "$out"
if cc -O2 -std=c99 "$srcdir/tests/bench/dnnl_bench.c" -ldnnl -lm \
     -o "$builddir/tests/bench/dnnl_bench" 2>/dev/null; then
  # the same harness as a MEX file: bench.m then times oneDNN in its own
  # process, in turn with the toolbox (without it: the program, apart)
  "${MKOCTFILE:-mkoctfile}" --mex -o "$builddir/tests/bench/dnnl_mex.mex" \
    "$srcdir/tests/bench/dnnl_mex.c" -ldnnl >/dev/null 2>&1 \
    || echo "# dnnl_mex.mex not built: oneDNN timed by the dnnl_bench program"
else
  echo "# oneDNN not found (Debian: apt-get install libdnnl-dev): no dnnl column"
fi
for kernels in configured best; do
  for threads in 1 2; do
    echo "## OpenBLAS kernels: $kernels, threads: $threads" | tee -a "$out"
    if [ $kernels = best ]; then unset_env="-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"; else unset_env=; fi
    env $unset_env OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads \
      BENCH_OUT="$out" DNNL_BENCH="$builddir/tests/bench/dnnl_bench" \
      CORE_BENCH="$builddir/tests/bench/core_bench" \
      "$builddir/run-octave" "$srcdir/tests/bench/bench.m"
  done
done
# make demo's training speed against a PyTorch script of the same model
# and step (char_lm_bench.m; 1 and 2 threads, both sides in turns)
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "## make demo's model: characters per second, rnn against PyTorch" | tee -a "$out"
  RUN_OCTAVE="$builddir/run-octave" "$builddir/run-octave" \
    "$srcdir/tests/bench/char_lm_bench.m" | tee -a "$out"
else
  echo "# python3-torch not found: no char_lm_bench section"
fi
echo "results: $out"
