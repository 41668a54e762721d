#!/bin/sh
# Force integration's benchmarks: duplicate detection on generated rosters
# (four profiles, two seeds, 50,000 rows) beside name-blocked pairwise
# comparison, and the import of a 50,000-row CSV roster beside a bulk insert
# with no check, on SQLite and (with ITTIFAQ_TEST_POSTGRES_URL) PostgreSQL.
#
#   ITTIFAQ_TEST_POSTGRES_URL=postgres://… bench/integration/run.sh [ROWS]
set -eu
rows="${1:-50000}"
out="bench/integration/results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
ROSTER_BENCH_ROWS="$rows" nice -n 10 cargo bench -j 1 -p ittifaq-core --bench roster -- --quick | tee "$out/dedupe-$rows.txt"
ROSTER_IMPORT_ROWS="$rows" nice -n 10 cargo bench -j 1 -p ittifaq-store --bench roster_import -- --quick | tee "$out/import-$rows.txt"
