#!/bin/bash
# Side by side: the same page under 50 clients without pause, from servers
# that differ only in how many connections they keep to PostgreSQL
# (database_connections). The servers run together on the database that
# bench/load/run.sh left (its seeded year); each round gives every server
# one wrk run in turn, so the host's drift reaches all of them alike.
#
#   ITTIFAQ_BENCH_POSTGRES_URL=postgres://…/ittifaq_load_bench bench/load/connections.sh 4 6 20
#
# Prints, per number of connections, requests/s and server p50/p99 of every
# round and their medians, and the ratio of each median p99 to the last
# column's. Knobs: ITTIFAQ_BENCH_ROUNDS (5), ITTIFAQ_BENCH_DURATION (6s),
# ITTIFAQ_BENCH_PATH (the commander's page of the unit with the most
# nominations).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
url="${ITTIFAQ_BENCH_POSTGRES_URL:?set ITTIFAQ_BENCH_POSTGRES_URL to the database bench/load/run.sh seeded}"
dir="$CARGO_TARGET_DIR/load-bench/run-postgres"
fixture="$dir/bench-fixture.json"
[ -f "$fixture" ] || { echo "no $fixture: run bench/load/run.sh with PostgreSQL first" >&2; exit 1; }
[ $# -ge 2 ] || { echo "usage: $0 CONNECTIONS CONNECTIONS…" >&2; exit 1; }
bin="$CARGO_TARGET_DIR/release/ittifaq"
json() { python3 -c "import json,sys; f=json.load(open(sys.argv[1])); print($1)" "$fixture"; }
password=$(json 'f["password"]')
sender=$(json '"sy" if f["session"]["host"] == "TR" else "tr"')
unit=$(json "f['units']['$(echo "$sender" | tr a-z A-Z)']['id']")
path="${ITTIFAQ_BENCH_PATH:-/units/$unit/nominations}"
rounds="${ITTIFAQ_BENCH_ROUNDS:-5}"
duration="${ITTIFAQ_BENCH_DURATION:-6s}"
results=$(mktemp)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$results"' EXIT
tokens=()
i=0
for n in "$@"; do
  port=$((18700 + i))
  ITTIFAQ_LOG=warn ITTIFAQ_DATABASE_CONNECTIONS=$n "$bin" serve --data-dir "$dir" --database "$url" \
    --bind "127.0.0.1:$port" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.2; done
  tokens+=("$(curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$sender.unit_commander\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')")
  i=$((i + 1))
done
for _ in $(seq "$rounds"); do
  for j in $(seq 0 $(($# - 1))); do
    wrk -t2 -c50 -d"$duration" --latency -s bench/load/request.lua "http://127.0.0.1:$((18700 + j))" -- \
      GET "$path" "${tokens[$j]}" |
      awk -v j="$j" '/Requests\/sec/ { rps = $2 } /^Server time/ { p50 = $(NF - 4); p99 = $(NF - 2) }
        END { sub("ms", "", p50); sub("ms", "", p99); print j, rps, p50, p99 }' >>"$results"
  done
done
echo "GET $path, 50 connections, $rounds rounds of $duration, $(nproc) cores"
python3 - "$results" "$@" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
counts = sys.argv[2:]
med = {}
for j, n in enumerate(counts):
    mine = [(float(r), float(a), float(b)) for k, r, a, b in rows if int(k) == j]
    med[j] = [statistics.median(x[i] for x in mine) for i in range(3)]
    print(f"{n:>4} connections: req/s {' '.join(f'{x[0]:.0f}' for x in mine)} | p50 ms {' '.join(f'{x[1]:.0f}' for x in mine)} | p99 ms {' '.join(f'{x[2]:.0f}' for x in mine)}")
last = len(counts) - 1
print("| connections | req/s (median) | server p50 (median) | server p99 (median) | p99 ÷ p99 with " + counts[last] + " |")
print("|---|---|---|---|---|")
for j, n in enumerate(counts):
    r, a, b = med[j]
    print(f"| {n} | {r:.0f} | {a:.1f} ms | {b:.1f} ms | {b / med[last][2]:.2f} |")
PY
