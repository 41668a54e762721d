#!/usr/bin/env bash
# Side-by-side benchmark of ittifaq-alloc and HiGHS on the same generated
# instances. Usage (from anywhere):
#   bench/alloc/run.sh [--sizes 2000/100,20000/1000,200000/8000] \
#       [--time-limits 600] [--gap 0.001] [--seed 1] [--skip-highs]
# Environment: CARGO_TARGET_DIR (default /work/target-alloc-bench), NICE
# (default 10), PYTHON (default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-alloc-bench}"
nice_n="${NICE:-10}"

if ! "$py" -c 'import highspy' 2>/dev/null; then
  echo "installing highspy with pip" >&2
  "$py" -m pip install --quiet highspy
fi
(cd "$root" && nice -n "$nice_n" cargo build -p ittifaq-alloc --release --example alloc_bench -j 1)
"$py" -c 'import highspy, numpy; print("HiGHS", highspy.Highs().version(), "numpy", numpy.__version__)' >&2 || true
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

exec nice -n "$nice_n" "$py" "$here/run.py" --engine "$CARGO_TARGET_DIR/release/examples/alloc_bench" "$@"
