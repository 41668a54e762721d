#!/usr/bin/env bash
# Side-by-side benchmark of ittifaq-alloc and HiGHS on the same generated
# instances of every generator profile. Usage (from anywhere):
#   bench/alloc/run.sh [--profiles loose,seat-scarce,quota-bound,cap-bound,chain-heavy] \
#       [--people 20000,200000] [--seeds 1,2] [--gap 0.001] [--time-limit 600] \
#       [--skip-highs] [--keep] [--table-only] [--out DIR]
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
(cd "$root" && nice -n "$nice_n" cargo build -p ittifaq-alloc --release --example alloc_bench --example alloc_solve -j 1)
"$py" -c 'import highspy, numpy; print("HiGHS", highspy.Highs().version(), "numpy", numpy.__version__)' >&2 || true
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(cd "$root" && git rev-parse --short HEAD)" >&2

exec nice -n "$nice_n" "$py" "$here/run.py" --bench "$CARGO_TARGET_DIR/release/examples/alloc_bench" \
  --solve "$CARGO_TARGET_DIR/release/examples/alloc_solve" "$@"
