#!/bin/bash
# Side by side: the same load of 50 clients, from servers that differ only in
# how many connections they keep to PostgreSQL (database_connections), or in
# their build. The servers run together on one database (with --sqlite, each
# on its own copy of the seeded year); each round gives every server one wrk
# run in turn, so the host's drift reaches all of them alike.
#
#   ITTIFAQ_BENCH_POSTGRES_URL=postgres://…/ittifaq_load_bench bench/load/connections.sh 4 6 20
#   ITTIFAQ_BENCH_POSTGRES_URL=… bench/load/connections.sh --approvals 6 20
#   ITTIFAQ_BENCH_POSTGRES_URL=… bench/load/connections.sh --approvals 6:/tmp/ittifaq-before 6
#
# A count may name another build of the server after a colon (N:BINARY), to
# compare two builds side by side with the same pool:
#   bench/load/connections.sh --sqlite --approvals 4:/tmp/ittifaq-before 4
#
# With --attendance: saves of the day's sheet of the session run.sh marks,
# each changing every mark (bench/load/attendance.lua).
# Otherwise: a page (ITTIFAQ_BENCH_PATH, by default the
# commander's page of the unit with the most nominations), on the database
# bench/load/run.sh left. With --approvals: approvals, each of a different
# waiting nomination (every run its own share of them), on a fresh copy of
# the seeded database run.sh keeps (NAME_seed_PEOPLE_NOMINATIONS).
# Prints, per number of connections, requests/s and server p50/p99 of every
# round and their medians, and the ratio of each median p99 to the last
# column's. Knobs: ITTIFAQ_BENCH_ROUNDS (5; 2 with --approvals, whose
# seeded 9,000 waiting nominations last 2 rounds of two servers at 3 s),
# ITTIFAQ_BENCH_DURATION (6s; 3s with --approvals), WRK_THINK_MS (each client waits that long after an
# answer; none by default), ITTIFAQ_BENCH_PEOPLE and _NOMINATIONS (of the
# seeded copy: 10000, 30000).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
approvals=
attendance=
sqlite=
while [ $# -gt 0 ]; do
  case "$1" in
    --approvals) approvals=1 ;;
    --attendance) attendance=1 ;;
    --sqlite) sqlite=1 ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 2 ] || { echo "usage: $0 [--sqlite] [--approvals|--attendance] CONNECTIONS[:SERVER] CONNECTIONS[:SERVER]…" >&2; exit 1; }
if [ -z "$sqlite" ]; then
  url="${ITTIFAQ_BENCH_POSTGRES_URL:?set ITTIFAQ_BENCH_POSTGRES_URL to the database bench/load/run.sh seeded, or pass --sqlite}"
fi
rounds="${ITTIFAQ_BENCH_ROUNDS:-${approvals:+2}}"
rounds="${rounds:-5}"
backend=postgres
[ -z "$sqlite" ] || backend=sqlite
seeded="$CARGO_TARGET_DIR/load-bench/seed-$backend-${ITTIFAQ_BENCH_PEOPLE:-10000}-${ITTIFAQ_BENCH_NOMINATIONS:-30000}"
[ -f "$seeded/bench-fixture.json" ] || { echo "no $seeded: run bench/load/run.sh (with $backend) first" >&2; exit 1; }
if [ -n "$approvals" ]; then
  duration="${ITTIFAQ_BENCH_DURATION:-3s}"
  dir="$CARGO_TARGET_DIR/load-bench/connections-$backend"
  if [ -z "$sqlite" ]; then
    seed_db="${url##*/}_seed_${ITTIFAQ_BENCH_PEOPLE:-10000}_${ITTIFAQ_BENCH_NOMINATIONS:-30000}"
    psql -q "${url%/*}/postgres" -c "DROP DATABASE IF EXISTS \"${url##*/}\" WITH (FORCE)" \
      -c "CREATE DATABASE \"${url##*/}\" TEMPLATE \"$seed_db\""
  fi
  rm -rf "$dir"
  cp -a "$seeded" "$dir"
else
  duration="${ITTIFAQ_BENCH_DURATION:-6s}"
  dir="$CARGO_TARGET_DIR/load-bench/run-$backend"
  [ -z "$sqlite" ] || { rm -rf "$dir-connections"; cp -a "$seeded" "$dir-connections"; dir="$dir-connections"; }
fi
fixture="$dir/bench-fixture.json"
[ -f "$fixture" ] || { echo "no $fixture: run bench/load/run.sh (with $backend) first" >&2; exit 1; }
bin="$CARGO_TARGET_DIR/release/ittifaq"
json() { python3 -c "import json,sys; f=json.load(open(sys.argv[1])); print($1)" "$fixture"; }
login() { # PORT USERNAME
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$password\"}" "http://127.0.0.1:$1/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
password=$(json 'f["password"]')
sender=$(json '"sy" if f["session"]["host"] == "TR" else "tr"')
unit=$(json "f['units']['$(echo "$sender" | tr a-z A-Z)']['id']")
path="${ITTIFAQ_BENCH_PATH:-/units/$unit/nominations}"
results=$(mktemp)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$results"' EXIT
tokens=()
instructors=()
i=0
for spec in "$@"; do
  port=$((18700 + i))
  n=${spec%%:*}
  server=$bin
  [ "$n" = "$spec" ] || server=${spec#*:}
  if [ -n "$sqlite" ]; then
    # Each server on its own copy of the seeded year: its own writer.
    rm -rf "$dir-$i"
    cp -a "$dir" "$dir-$i"
    ITTIFAQ_LOG=warn ITTIFAQ_DATABASE_CONNECTIONS=$n "$server" serve --data-dir "$dir-$i" \
      --bind "127.0.0.1:$port" >/dev/null 2>&1 &
  else
    ITTIFAQ_LOG=warn ITTIFAQ_DATABASE_CONNECTIONS=$n "$server" serve --data-dir "$dir" --database "$url" \
      --bind "127.0.0.1:$port" >/dev/null 2>&1 &
  fi
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.2; done
  tokens+=("$(login "$port" "$sender.unit_commander")")
  instructors+=("$(login "$port" "$(json 'f["attendance"]["host"].lower()').instructor")")
  i=$((i + 1))
done
if [ -n "$approvals" ]; then
  # The waiting nominations with their party, shuffled, one share a run; each
  # run sends them with the joint office's token of the server it loads.
  rm -f "$dir/all.txt"
  for party in tr sy; do
    json "'\n'.join(str(i) + ' $party' for i in f['waiting'].get('$(echo $party | tr a-z A-Z)', []))" >>"$dir/all.txt"
  done
  shuf "$dir/all.txt" -o "$dir/all.txt"
  # On one database every run needs its own nominations; on copies, only each round.
  shares=$((rounds * $#))
  [ -z "$sqlite" ] || shares=$rounds
  split -d -a 3 -l $(($(wc -l <"$dir/all.txt") / shares)) "$dir/all.txt" "$dir/share-"
  offices=()
  for j in $(seq 0 $(($# - 1))); do
    offices+=("$(login $((18700 + j)) tr.joint_office) $(login $((18700 + j)) sy.joint_office)")
  done
fi
run=0
for round in $(seq 0 $((rounds - 1))); do
  for j in $(seq 0 $(($# - 1))); do
    if [ -n "$approvals" ]; then
      read -r tr_office sy_office <<<"${offices[$j]}"
      share="$dir/share-$(printf %03d "$([ -n "$sqlite" ] && echo "$round" || echo "$run")")"
      awk -v tr="$tr_office" -v sy="$sy_office" '{ print $1, ($2 == "tr" ? tr : sy) }' "$share" >"$share.tokens"
      share="$share.tokens"
      out=$(wrk -t2 -c50 -d"$duration" --latency -s bench/load/approve.lua "http://127.0.0.1:$((18700 + j))" -- "$share" 2)
      ! echo "$out" | grep -q "Non-2xx" || { echo "a share of waiting nominations ran out: shorten ITTIFAQ_BENCH_DURATION" >&2; exit 1; }
    elif [ -n "$attendance" ]; then
      out=$(wrk -t2 -c50 -d"$duration" --latency -s bench/load/attendance.lua "http://127.0.0.1:$((18700 + j))" -- \
        "/api/v1/sessions/$(json 'f["attendance"]["session"]')/attendance" "${instructors[$j]}" \
        "$(json 'f["attendance"]["day"]')" "$(json '",".join(str(i) for i in f["attendance"]["nominations"])')")
    else
      out=$(wrk -t2 -c50 -d"$duration" --latency -s bench/load/request.lua "http://127.0.0.1:$((18700 + j))" -- \
        GET "$path" "${tokens[$j]}")
    fi
    echo "$out" | awk -v j="$j" '/Requests\/sec/ { rps = $2 } /^Server time/ { p50 = $(NF - 4); p99 = $(NF - 2) }
      END { sub("ms", "", p50); sub("ms", "", p99); print j, rps, p50, p99 }' >>"$results"
    run=$((run + 1))
  done
done
what="GET $path"
[ -z "$approvals" ] || what="approvals (POST /api/v1/nominations/{id}/approve)"
[ -z "$attendance" ] || what="attendance saves of one session's sheet (PUT /api/v1/sessions/{id}/attendance)"
echo "$what, 50 connections${WRK_THINK_MS:+, each waiting $WRK_THINK_MS ms after an answer}, $rounds rounds of $duration, $(nproc) cores"
python3 - "$results" "$@" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
counts = sys.argv[2:]
med = {}
for j, n in enumerate(counts):
    mine = [(float(r), float(a), float(b)) for k, r, a, b in rows if int(k) == j]
    med[j] = [statistics.median(x[i] for x in mine) for i in range(3)]
    print(f"{n:>4}: req/s {' '.join(f'{x[0]:.0f}' for x in mine)} | p50 ms {' '.join(f'{x[1]:.0f}' for x in mine)} | p99 ms {' '.join(f'{x[2]:.0f}' for x in mine)}")
last = len(counts) - 1
print("| connections[:server] | req/s (median) | server p50 (median) | server p99 (median) | p99 ÷ p99 with " + counts[last] + " |")
print("|---|---|---|---|---|")
for j, n in enumerate(counts):
    r, a, b = med[j]
    print(f"| {n} | {r:.0f} | {a:.1f} ms | {b:.1f} ms | {b / med[last][2]:.2f} |")
PY
