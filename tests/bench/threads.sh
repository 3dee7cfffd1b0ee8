#! /bin/sh
# threads.sh BUILDDIR SRCDIR - is the toolbox slower with 2 threads than
# with 1?  Times our side only (bench.m with BENCH_SIDES=ours), one shape at
# a time, with OPENBLAS_NUM_THREADS=1 and =2 in alternation, ROUNDS
# (default 3) times, so that both thread counts see the same machine load
# (this machine is a shared VM: two runs minutes apart can differ by 1.5x
# on the small shapes).  Prints, per row, the median over the rounds of
# (time with 2 threads) / (time with 1), and a summary.
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for these runs (OpenBLAS's
# best kernels, as in make bench's "best" tables); THREADS_SHAPES selects
# shapes (default "C S M L").
builddir=$1; srcdir=$2
rounds=${ROUNDS:-3}
tmp=${TMPDIR:-/tmp}/rnn-threads.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
for shape in ${THREADS_SHAPES:-C S M L}; do
  r=1
  while [ $r -le $rounds ]; do
    for t in 1 2; do
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t \
        OMP_NUM_THREADS=$t BENCH_SIDES=ours BENCH_SHAPES=$shape \
        "$builddir/run-octave" "$srcdir/tests/bench/bench.m" 2>/dev/null \
        | grep "^| $shape " > "$tmp/$shape.$t.$r" || exit 1
    done
    r=$((r + 1))
  done
done
# rows: shape cell dir prec mode; column 7 of the table is "ours ms"
cat "$tmp"/*.1.* | cut -d'|' -f2-6 | sort -u > "$tmp/rows"
echo "| shape | cell | dir | prec | mode | 1 thread ms | 2 threads ms | 2/1 (median of $rounds rounds) |"
echo "|---|---|---|---|---|---:|---:|---:|"
while IFS= read -r row; do
  key=$(echo "$row" | sed 's/[][\.*^$/]/\\&/g')
  ratios= ; one= ; two=
  r=1
  while [ $r -le $rounds ]; do
    shape=$(echo "$row" | cut -d'|' -f1 | tr -d ' ')
    a=$(grep "|$key|" "$tmp/$shape.1.$r" | cut -d'|' -f7 | tr -d ' ')
    b=$(grep "|$key|" "$tmp/$shape.2.$r" | cut -d'|' -f7 | tr -d ' ')
    ratios="$ratios $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')"
    one="$one $a"; two="$two $b"
    r=$((r + 1))
  done
  med() { echo "$@" | tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  echo "|$row| $(med $one) | $(med $two) | $(med $ratios) |"
done < "$tmp/rows" | tee "$tmp/table"
cut -d'|' -f9 "$tmp/table" | sort -g > "$tmp/ratios"
awk '{ v[NR] = $1; if ($1 > 1.05) w++ }
  END { printf "\n%d rows: median 2/1 = %.2f, %d rows above 1.05, largest %.2f\n",
        NR, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, w, v[NR] }' "$tmp/ratios"
