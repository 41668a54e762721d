#!/usr/bin/env bash
# Side-by-side deconfliction benchmark: ittifaq-decon engine vs PostGIS.
#
#   bench/decon/run.sh [N ...]          # default: 100000
#   SKIP_INSTALL=1 bench/decon/run.sh 100000 1000000
#
# For every N: generates N activities (seed 2027) and 1,000 probes (seed 4242)
# with the crate's generator, runs the engine half
# (examples/export_and_time.rs), loads the same rows into PostGIS
# (postgis.py) and prints the table (table.py). Output per N in
# $OUT/N/{engine.json,postgis.json,table.md} (OUT defaults to
# /tmp/decon-bench). All pairs are computed for N <= 200,000 only.
#
# Environment: DECON_BENCH_DSN (default postgres://postgres:postgres@127.0.0.1:5432/decon_bench;
# the database is created if missing), CARGO_TARGET_DIR (default
# /work/target-decon-bench), ROUNDS (engine timed rounds over the probes, default 5),
# PG_ROUNDS (PostGIS timed rounds, default 3), PG_INDEX (reach (default) or probe,
# see postgis.py), SKIP_INSTALL=1 (no apt/pip).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${OUT:-/tmp/decon-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-decon-bench}"
DSN="${DECON_BENCH_DSN:-postgres://postgres:postgres@127.0.0.1:5432/decon_bench}"
ADMIN_DSN="${DSN%/*}/postgres"
DB="${DSN##*/}"
ROUNDS="${ROUNDS:-5}"
PG_ROUNDS="${PG_ROUNDS:-3}"
PG_INDEX="${PG_INDEX:-reach}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100000)

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
    if ! dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15-postgis-3
    fi
    python3 -c 'import psycopg' 2>/dev/null || python3 -m pip install 'psycopg[binary]'
fi

if ! psql "$ADMIN_DSN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql "$ADMIN_DSN" -c "CREATE DATABASE $DB"
fi
psql "$DSN" -q -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS btree_gist;"

(cd "$ROOT" && nice -n 10 cargo build --release -p ittifaq-decon --example export_and_time)
BIN="$CARGO_TARGET_DIR/release/examples/export_and_time"

for N in "${SIZES[@]}"; do
    dir="$OUT/$N"
    mkdir -p "$dir"
    extra=()
    pg_extra=()
    if [ "$N" -gt 200000 ]; then extra+=(--no-all-pairs --no-ndjson); pg_extra+=(--no-all-pairs); fi
    echo "== N = $N: engine ($(date -u +%H:%M:%S) UTC, load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    nice -n 10 "$BIN" "$N" "$dir" --rounds "$ROUNDS" "${extra[@]}" > "$dir/engine.json"
    echo "== N = $N: PostGIS ($(date -u +%H:%M:%S) UTC, load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    python3 "$HERE/postgis.py" "$dir" --dsn "$DSN" --rounds "$PG_ROUNDS" --index "$PG_INDEX" "${pg_extra[@]}" > "$dir/postgis.json"
    echo "== N = $N: done ($(date -u +%H:%M:%S) UTC, load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    python3 "$HERE/table.py" "$dir/engine.json" "$dir/postgis.json" | tee "$dir/table.md"
    echo
done
