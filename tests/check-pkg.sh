#! /bin/sh
# check-pkg.sh OCTAVE TARBALL TESTSDIR - what `make check-pkg` runs: the life
# cycle of the Octave package TARBALL (made by `make pkg`) in a temporary
# package prefix with its own package lists, so the user's installed
# packages are neither seen nor touched.  Three fresh Octave sessions:
#   1. pkg install -local TARBALL   (builds the MEX files with src/Makefile)
#   2. pkg load rnn, then every installed function's tests (check_installed)
#   3. pkg uninstall rnn, and nothing may be left in the prefix
# Ends with "check-pkg: passed" or "check-pkg: FAILED"; exits non-zero on
# failure.  TESTSDIR holds check_pkg.m and check_installed.m.
octave=$1; tarball=$2; tests=$3
[ -f "$tarball" ] || { echo "check-pkg: no tarball $tarball"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rnn-check-pkg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

run () {
  # a fresh session that cannot read the user's configuration either
  XDG_CONFIG_HOME=$tmp/config "$octave" --norc --no-history --quiet \
    --path "$tests" --eval "check_pkg ('$1', '$tmp', '$tarball')"
}

# the user's package lists, to prove afterwards that they did not change
lists=$("$octave" --norc --no-history --quiet \
  --eval 'printf ("%s\n%s\n", pkg ("local_list"), pkg ("global_list"))')
snapshot () {
  for f in $lists; do
    if [ -f "$f" ]; then cksum < "$f"; else echo "absent"; fi
  done
}
before=$(snapshot)

start=$(date +%s)
status=0
run install && run test && run uninstall || status=1
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "check-pkg: the user's package lists changed: $lists"
  status=1
fi
end=$(date +%s)
if [ $status -eq 0 ]; then
  echo "check-pkg: passed ($((end - start)) s)"
else
  echo "check-pkg: FAILED"
fi
exit $status
