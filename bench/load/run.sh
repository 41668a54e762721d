#!/bin/sh
# The load benchmark of issue 3 ("Scale and speed"): a year of data (10,000
# people, 300 sessions, 30,000 nominations) seeded by `ittifaq bench-seed`,
# then wrk with 50 connections against the catalog, a session's nominations,
# a unit's nominations, approvals and attendance entry, on SQLite and, when
# ITTIFAQ_BENCH_POSTGRES_URL is set (a database this script may drop and
# create again, from a seeded copy it keeps beside it), on PostgreSQL.
#
#   bench/load/run.sh
#
# Three ways of loading the server, each in its own table:
# - wrk, 50 connections with no think time: the most the server answers
#   (requests/s), and the latency of a saturated server (table.md);
# - wrk, 50 users who each wait ITTIFAQ_BENCH_THINK_MS (100) after an answer
#   before the next request: the pages, attendance entry and approvals as 50
#   busy users meet them (rows "(50 users, …)" of table.md);
# - with oha installed (cargo install oha), the reads and attendance entry at
#   a fixed rate, ITTIFAQ_BENCH_RATE requests/s (400), with oha's correction
#   for coordinated omission (fixed-rate.md).
# Every attendance save changes marks (a save of the sheet the server holds
# is not written); the tables say how many did, counted from the audit log.
# Approvals take a different waiting nomination each, half of the seeded pool
# for each of the two wrk runs, ITTIFAQ_BENCH_APPROVAL_DURATION (3s) each (at
# 1,172 approvals a second, PostgreSQL on 2026-12-03, 5 s spent the 4,500 of
# the first run; the rest answered 409 and showed as non-2xx).
#
# Before and after: ITTIFAQ_BENCH_BASELINE=REV builds that commit too (in a
# worktree under the work directory) and runs every table with it first,
# rows tagged `@REV`, then with this tree, from the same seeded year (seeded
# by the baseline; the newer binary migrates its copy when it opens it).
#
# Technical assistance (issue 19): the seed deploys 150 advisors with 36
# months of monthly reports (bench-seed --advisors --months); a plan's
# progress page and the completeness page are measured saturated and with 50
# users when the seed has them (not with a baseline older than them).
# ITTIFAQ_BENCH_ROWS=assistance measures those rows alone.
#
# Force integration (issue 20): the board (the demo's formations and their
# rosters), saturated and with 50 users; ITTIFAQ_BENCH_ROWS=integration
# measures those rows alone.
#
# Knobs: ITTIFAQ_BENCH_DURATION (20s), ITTIFAQ_BENCH_CONNECTIONS (50),
# ITTIFAQ_BENCH_THREADS (2), ITTIFAQ_BENCH_PEOPLE/SESSIONS/NOMINATIONS;
# ITTIFAQ_BENCH_SQLITE=0 runs PostgreSQL only.
# The seeded SQLite directory is kept under $CARGO_TARGET_DIR/load-bench/ and
# copied for each run, because approvals use up nominations.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
duration="${ITTIFAQ_BENCH_DURATION:-20s}"
conns="${ITTIFAQ_BENCH_CONNECTIONS:-50}"
threads="${ITTIFAQ_BENCH_THREADS:-2}"
people="${ITTIFAQ_BENCH_PEOPLE:-10000}"
sessions="${ITTIFAQ_BENCH_SESSIONS:-300}"
nominations="${ITTIFAQ_BENCH_NOMINATIONS:-30000}"
work="$CARGO_TARGET_DIR/load-bench"
out="bench/load/results/$(date -u +%Y-%m-%d-%H%M)"
mkdir -p "$out" "$work"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

nice -n 10 cargo build --release -p ittifaq
bin="$CARGO_TARGET_DIR/release/ittifaq"
tag=""
baseline="${ITTIFAQ_BENCH_BASELINE:-}"
seed_bin="$bin"
if [ -n "$baseline" ]; then
  rev=$(git rev-parse --short "$baseline")
  tree="$work/baseline-$rev"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$rev"
  (cd "$tree" && CARGO_TARGET_DIR="$work/baseline-target" nice -n 10 cargo build --release -p ittifaq)
  baseline_bin="$work/baseline-target/release/ittifaq"
  seed_bin="$baseline_bin"
  nominations="$nominations-$rev" # the baseline's seed is kept apart from this tree's
fi

# PostgreSQL: the seeded year is kept in a database of its own beside the
# benchmark's (NAME_seed_PEOPLE_NOMINATIONS), and each run starts from a copy
# of it (CREATE DATABASE … TEMPLATE), as SQLite's runs start from a copy of
# the seeded directory: seeding takes minutes, copying seconds.
pg_admin() { # SQL…: run on the server's postgres database
  psql -q "${pg_url%/*}/postgres" "$@"
}
pg_url="${ITTIFAQ_BENCH_POSTGRES_URL:-}"
pg_name="${pg_url##*/}"
pg_seed="${pg_name}_seed_${people}_${nominations}"

seed() { # NAME
  name=$1
  dir="$work/seed-$name-$people-$nominations"
  set --
  if [ "$name" = postgres ]; then
    set -- --database "${pg_url%/*}/$pg_seed"
    if [ -z "$(pg_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$pg_seed'")" ]; then
      rm -rf "$dir" # the directory's keys and fixture belong to the seeded database
    fi
  fi
  if [ ! -f "$dir/bench-fixture.json" ]; then
    rm -rf "$dir"
    if [ "$name" = postgres ]; then
      pg_admin -c "DROP DATABASE IF EXISTS \"$pg_seed\"" -c "CREATE DATABASE \"$pg_seed\""
    fi
    echo "seeding $name ($people people, $sessions sessions, $nominations nominations)"
    /usr/bin/time -f "seeded $name in %e s (max RSS %M KB)" \
      "$seed_bin" bench-seed --data-dir "$dir" "$@" --people "$people" --sessions "$sessions" \
      --nominations "${nominations%%-*}" 2>&1 | tee "$out/seed-$name.txt"
  fi
  if [ "$name" = postgres ]; then
    pg_admin -c "DROP DATABASE IF EXISTS \"$pg_name\" WITH (FORCE)" \
      -c "CREATE DATABASE \"$pg_name\" TEMPLATE \"$pg_seed\""
  fi
}

json() { # FILE EXPRESSION: a value of the fixture, by a Python expression on `f`
  python3 -c "import json,sys; f=json.load(open(sys.argv[1])); print($2)" "$1"
}

login() { # USERNAME PASSWORD
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

fixed_rate() { # LABEL METHOD PATH TOKEN [BODY-FILE]: oha at a fixed rate, corrected for coordinated omission
  label=$1
  file="$out/$backend$tag-rate-$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-').json"
  body= # a file of one body, or of several (one a line) that oha picks from at random
  if [ -n "${5:-}" ]; then
    if [ "$(wc -l <"$5")" -gt 1 ]; then body="-Z $5"; else body="-D $5"; fi
  fi
  set -- --no-tui --output-format json -z "$duration" -c "$conns" -q "$rate" --latency-correction \
    -m "$2" -H "Authorization: Bearer $4" ${body:+$body -H "Content-Type: application/json"} "$base$3"
  oha "$@" >"$file"
  python3 - "$file" "$label" "$backend$tag" "$rate" <<'PY' | tee -a "$rate_table"
import json, sys
r = json.load(open(sys.argv[1]))
ms = lambda v: f"{v * 1000:.1f} ms"
codes = r["statusCodeDistribution"]
bad = sum(n for code, n in codes.items() if not code.startswith("2"))
p = r["latencyPercentiles"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {r['summary']['requestsPerSec']:.0f} | {ms(p['p50'])} | {ms(p['p99'])} | {sum(codes.values())} | {bad} |")
PY
}

row() { # LABEL WRK-OUTPUT-FILE
  awk -v label="$1" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    / requests in / { total = $1 }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i == "timeout") timeouts = $(i + 1) }
    /^Server time/ { sp50 = $(NF - 4); sp99 = $(NF - 2) }
    END {
      printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n", label, backend, rps, p50, p99, sp50, sp99,
        total, (bad == "" ? 0 : bad), (timeouts == "" ? 0 : timeouts)
    }
  ' backend="$backend$tag" "$2"
}

audited() { # ACTION: how many audit entries of that action the database holds
  if [ "$backend" = postgres ]; then
    psql -tA "$ITTIFAQ_BENCH_POSTGRES_URL" -c "SELECT count(*) FROM audit_log WHERE action = '$1'"
  else
    python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM audit_log WHERE action = ?", (sys.argv[2],)).fetchone()[0])' \
      "$dir/ittifaq.db" "$1"
  fi
}

approve() { # LABEL POOL-FILE NAME: approvals, each of a different waiting nomination of the pool
  file="$out/$backend$tag-$3.txt"
  wrk -t"$threads" -c"$conns" -d"$approvals_duration" --latency -s bench/load/approve.lua "$base" -- \
    "$2" "$threads" >"$file"
  echo "(pool of $(wc -l <"$2") waiting nominations)" >>"$file"
  row "$1" "$file" | tee -a "$table"
}

attend() { # LABEL: attendance saves that each set every mark to the next of
  # present, absent, excused (a save that changes nothing is neither written
  # nor audited, so it would not measure a write); says how many changed marks.
  saved=$(audited attendance)
  script=bench/load/attendance.lua
  bench "$1" "/api/v1/sessions/$attendance/attendance" "$instructor" "$(json "$fixture" 'f["attendance"]["day"]')" \
    "$(json "$fixture" '",".join(str(i) for i in f["attendance"]["nominations"])')"
  script=
  echo "($backend: $(($(audited attendance) - saved)) of these attendance saves changed marks, each written and audited)" |
    tee -a "$table" >>"$file"
}

bench() { # LABEL ARGUMENTS-OF-THE-SCRIPT… (request.lua: METHOD PATH TOKEN [BODY-FILE]; or $script)
  label=$1
  shift
  file="$out/$backend$tag-$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-').txt"
  wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "${script:-bench/load/request.lua}" "$base" -- "$@" >"$file"
  row "$label" "$file" | tee -a "$table"
}

run() { # BACKEND [--database URL]
  backend=$1
  shift
  seed "$backend"
  dir="$work/run-$backend"
  rm -rf "$dir"
  cp -a "$work/seed-$backend-$people-$nominations" "$dir"
  fixture="$dir/bench-fixture.json"
  port=18$(shuf -i 100-999 -n 1)
  base="http://127.0.0.1:$port"
  ITTIFAQ_LOG=warn "$bin" serve --data-dir "$dir" "$@" --bind "127.0.0.1:$port" >"$out/server-$backend$tag.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "$base/api/v1/openapi.json" >/dev/null 2>&1 && break; sleep 0.2; done
  password=$(json "$fixture" 'f["password"]')
  session=$(json "$fixture" 'f["session"]["id"]')
  host=$(json "$fixture" 'f["attendance"]["host"]' | tr 'A-Z' 'a-z')
  attendance=$(json "$fixture" 'f["attendance"]["session"]')
  # The commander of the party that sends people to the session (not its host).
  sender=$(json "$fixture" '"sy" if f["session"]["host"] == "TR" else "tr"')
  commander=$(login "$sender.unit_commander" "$password")
  unit=$(json "$fixture" "f['units']['$(echo "$sender" | tr a-z A-Z)']['id']")
  instructor=$(login "$host.instructor" "$password")
  : >"$dir/approvals.txt"
  for party in tr sy; do
    office=$(login "$party.joint_office" "$password")
    json "$fixture" "'\n'.join(str(i) + ' $office' for i in f['waiting'].get('$(echo $party | tr a-z A-Z)', []))" >>"$dir/approvals.txt"
  done
  shuf "$dir/approvals.txt" -o "$dir/approvals.txt"
  # Half the waiting nominations for the approvals without think time, half for the users'.
  half=$(($(wc -l <"$dir/approvals.txt") / 2))
  head -n "$half" "$dir/approvals.txt" >"$dir/approvals-busy.txt"
  tail -n +"$((half + 1))" "$dir/approvals.txt" >"$dir/approvals-users.txt"
  # Three sheets of the attendance day, every mark present, absent or excused.
  json "$fixture" '"\n".join(json.dumps({"day": f["attendance"]["day"], "marks": {str(i): m for i in f["attendance"]["nominations"]}}) for m in ["present", "absent", "excused"])' >"$dir/attendance-sheets.txt"
  only="${ITTIFAQ_BENCH_ROWS:-all}"
  if [ "$only" != integration ] && [ "$(json "$fixture" "'assistance' in f")" = True ]; then
    plan=$(json "$fixture" 'f["assistance"]["plan"]')
    scale=$(json "$fixture" '"%d advisors, %d months" % (f["assistance"]["advisors"], f["assistance"]["months"])')
    office=$(login sy.joint_office "$password")
    bench "a plan's progress ($scale) GET /assistance/plans/{id}/progress" GET "/assistance/plans/$plan/progress" "$office"
    bench "completeness ($scale) GET /assistance/completeness" GET /assistance/completeness "$office"
    export WRK_THINK_MS="$think"
    bench "(50 users, $think ms think time) a plan's progress ($scale) GET /assistance/plans/{id}/progress" GET "/assistance/plans/$plan/progress" "$office"
    bench "(50 users, $think ms think time) completeness ($scale) GET /assistance/completeness" GET /assistance/completeness "$office"
    unset WRK_THINK_MS
  fi
  # Force integration (issue 20): the board of the demo's three formations
  # (rosters of 8,000 candidates) as the integrating party and as the other.
  if [ "$only" = all ] || [ "$only" = integration ]; then
    office=$(login sy.joint_office "$password")
    other=$(login tr.joint_office "$password")
    bench "integration board (SY) GET /integration" GET /integration "$office"
    bench "integration board (TR, aggregates) GET /integration" GET /integration "$other"
    bench "integration board (API) GET /api/v1/formations" GET /api/v1/formations "$office"
    export WRK_THINK_MS="$think"
    bench "(50 users, $think ms think time) integration board (SY) GET /integration" GET /integration "$office"
    bench "(50 users, $think ms think time) integration board (TR) GET /integration" GET /integration "$other"
    unset WRK_THINK_MS
  fi
  if [ "$only" = assistance ] || [ "$only" = integration ]; then
    kill "$server"
    wait "$server" 2>/dev/null || true
    trap - EXIT
    return
  fi
  bench "catalog (API, all 300) GET /api/v1/sessions" GET /api/v1/sessions "$commander"
  bench "catalog (API, a page of 50) GET /api/v1/sessions?per_page=50" GET "/api/v1/sessions?per_page=50" "$commander"
  bench "catalog (page of 50) GET /sessions" GET /sessions "$commander"
  bench "a session's nominations (API, all of them) GET /api/v1/sessions/{id}/nominations" GET "/api/v1/sessions/$session/nominations" "$commander"
  bench "a session's nominations (API, a page of 50) GET /api/v1/sessions/{id}/nominations?per_page=50" GET "/api/v1/sessions/$session/nominations?per_page=50" "$commander"
  bench "a session's nominations (commander's page) GET /sessions/{id}" GET "/sessions/$session" "$commander"
  bench "a unit's nominations (commander's page) GET /units/{id}/nominations" GET "/units/$unit/nominations" "$commander"
  bench "a unit's nominations (API, a page of 50) GET /api/v1/units/{id}/nominations?per_page=50" GET "/api/v1/units/$unit/nominations?per_page=50" "$commander"
  attend "attendance entry PUT /api/v1/sessions/{id}/attendance"
  # The same reads and attendance at a fixed rate (oha, when installed): 50
  # connections, the latency of each request counted from when it was due.
  if command -v oha >/dev/null; then
    fixed_rate "catalog (page of 50) GET /sessions" GET /sessions "$commander"
    fixed_rate "a session's nominations (API, a page of 50)" GET "/api/v1/sessions/$session/nominations?per_page=50" "$commander"
    fixed_rate "a session's nominations (commander's page)" GET "/sessions/$session" "$commander"
    fixed_rate "a unit's nominations (commander's page)" GET "/units/$unit/nominations" "$commander"
    saved=$(audited attendance)
    fixed_rate "attendance entry (one of three sheets at random)" PUT "/api/v1/sessions/$attendance/attendance" "$instructor" "$dir/attendance-sheets.txt"
    echo "($backend: $(($(audited attendance) - saved)) of these attendance saves at a fixed rate changed marks)" >>"$rate_table"
  fi
  # Approvals last: each request takes a different waiting nomination.
  approve "an approval POST /api/v1/nominations/{id}/approve" "$dir/approvals-busy.txt" approve
  # 50 users, each waiting $think ms after an answer before the next request.
  export WRK_THINK_MS="$think"
  users="(50 users, $think ms think time)"
  bench "$users catalog (page of 50) GET /sessions" GET /sessions "$commander"
  bench "$users a session's nominations (commander's page) GET /sessions/{id}" GET "/sessions/$session" "$commander"
  bench "$users a unit's nominations (commander's page) GET /units/{id}/nominations" GET "/units/$unit/nominations" "$commander"
  attend "$users attendance entry PUT /api/v1/sessions/{id}/attendance"
  approve "$users an approval POST /api/v1/nominations/{id}/approve" "$dir/approvals-users.txt" approve-users
  unset WRK_THINK_MS
  kill "$server"
  wait "$server" 2>/dev/null || true
  trap - EXIT
}

rate="${ITTIFAQ_BENCH_RATE:-400}"
think="${ITTIFAQ_BENCH_THINK_MS:-100}"
approvals_duration="${ITTIFAQ_BENCH_APPROVAL_DURATION:-3s}"
rate_table="$out/fixed-rate.md"
echo "| endpoint | backend | rate asked (req/s) | req/s | p50 (corrected) | p99 (corrected) | requests | non-2xx |" >"$rate_table"
echo "|---|---|---|---|---|---|---|---|" >>"$rate_table"
table="$out/table.md"
echo "| endpoint | backend | requests/s | client p50 | client p99 | server p50 | server p99 | requests | non-2xx | timeouts (> 2 s, not in p50/p99) |" >"$table"
echo "|---|---|---|---|---|---|---|---|---|---|" >>"$table"
both() { # BACKEND [--database URL]: with the baseline first when there is one, then this tree
  if [ -n "$baseline" ]; then
    current="$bin"
    bin="$baseline_bin"
    tag="@$rev"
    run "$@"
    bin="$current"
    tag=""
  fi
  run "$@"
}
if [ "${ITTIFAQ_BENCH_SQLITE:-1}" != 0 ]; then
  both sqlite
fi
if [ -n "${ITTIFAQ_BENCH_POSTGRES_URL:-}" ]; then
  both postgres --database "$ITTIFAQ_BENCH_POSTGRES_URL"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)" | tee -a "$table"
echo "results in $out"
