#!/bin/sh
# The ledger benchmarks at the sizes: the engine (tree build, in-memory
# proofs, streaming verification, each against SHA-256 measured in the same run)
# and the store (proofs from stored subtree hashes of an N-leaf SQLite log,
# appends per second on SQLite and, with ITTIFAQ_TEST_POSTGRES_URL, PostgreSQL).
#
#   bench/ledger/run.sh [N]        # N defaults to 10000000
#
# The store's N-leaf database is generated once under $CARGO_TARGET_DIR/ledger-bench/.
set -eu
n="${1:-10000000}"
out="bench/ledger/results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
LEDGER_BENCH_LEAVES="$n" nice -n 10 cargo bench -j 1 -p ittifaq-ledger --bench ledger -- --quick | tee "$out/engine-$n.txt"
LEDGER_STORE_LEAVES="$n" nice -n 10 cargo bench -j 1 -p ittifaq-store --bench ledger_store -- --quick | tee "$out/store-$n.txt"
