#!/usr/bin/env python3
"""PostGIS half of the side-by-side deconfliction benchmark.

Reads the files written by `examples/export_and_time.rs` (activities.tsv,
probes.tsv, engine_probe_conflicts.tsv, engine_pairs.tsv) from DIR, loads the
activities into PostGIS (geography footprints, tstzrange windows, GiST
indexes with btree_gist), runs the same queries as the engine and prints one
JSON object of figures, including how far the conflict sets agree.

    python3 postgis.py DIR [--dsn DSN] [--rounds R] [--no-all-pairs] [--index reach|probe]

The database named in the DSN (default decon_bench on 127.0.0.1) is used
as is; the tables `acts` and `probes` in it are dropped and recreated.

The contract's rules in SQL (t = declared activity, p = the new one):

- party:    t.party <> p.party
- time:     greatest(t.s, p.s) - least(t.e, p.e) < greatest(t.buf, p.buf)
- altitude: greatest(lo) <= least(hi) or greatest(lo) - least(hi) < greatest(vsep)
- ground:   ST_DWithin(t.geog, p.geog, t.radius + p.radius + greatest(t.sep, p.sep), false)
            (sphere, not spheroid; a circle is its centre point plus radius)

In front of them, one GiST index (btree_gist for the party column) gives
the candidates. Two ways of indexing, `--index`:

- `reach` (default, the faster one): every row is indexed by its footprint's
  box grown by its own reach (radius + separation) and by its window grown
  by its own buffer (`wbuf`); two activities can only conflict when both
  grown boxes and both grown windows overlap, so the index conditions are
      _ST_Expand(t.geog, t.radius + t.sep) && _ST_Expand(p.geog, p.radius + p.sep)
      AND t.wbuf && p.wbuf AND t.party <> p.party
  (index on (_ST_Expand(geog, radius + sep), wbuf, party)).
- `probe`: the plain footprint and window are indexed, and the query grows
  the probe by the table-wide maxima of buffer, separation and radius:
      t.geog && _ST_Expand(p.geog, p.radius + greatest(p.sep, MAXSEP) + MAXRAD)
      AND t.win && tstzrange(p.start - MAXBUF, p.end + MAXBUF) AND t.party <> p.party
  (index on (geog, win, party)).
"""

import argparse
import json
import math
import os
import sys
import time

import psycopg

COLS = "id, party, kind, geog, radius, lo, hi, s, e, sep, vsep, buf"

SCHEMA = """
CREATE TABLE {name} (
    id     text NOT NULL,
    party  text NOT NULL,
    kind   text NOT NULL,
    geog   geography NOT NULL,   -- footprint; a circle's centre point
    radius float8 NOT NULL,      -- circle radius in metres, 0 otherwise
    lo     float8 NOT NULL,      -- altitude band, metres
    hi     float8 NOT NULL,
    s      bigint NOT NULL,      -- start, Unix seconds
    e      bigint NOT NULL,      -- end, Unix seconds
    sep    float8 NOT NULL,      -- separation_m
    vsep   float8 NOT NULL,      -- vertical_separation_m
    buf    float8 NOT NULL,      -- time_buffer_s
    win    tstzrange GENERATED ALWAYS AS (tstzrange(to_timestamp(s), to_timestamp(e), '[)')) STORED,
    -- the window grown by the row's own time buffer
    wbuf   tstzrange GENERATED ALWAYS AS (tstzrange(to_timestamp(s - buf), to_timestamp(e + buf), '[)')) STORED
);
"""

# Exact rules of the contract (t declared, p new).
EXACT = """
      AND greatest(t.s, p.s) - least(t.e, p.e) < greatest(t.buf, p.buf)
      AND (greatest(t.lo, p.lo) <= least(t.hi, p.hi)
           OR greatest(t.lo, p.lo) - least(t.hi, p.hi) < greatest(t.vsep, p.vsep))
      AND ST_DWithin(t.geog, p.geog, t.radius + p.radius + greatest(t.sep, p.sep), false)
"""

# Index conditions (see the module docstring).
CANDIDATES = {
    "probe": """
   ON t.party <> p.party
  AND t.win && tstzrange(to_timestamp(p.s - {maxbuf}), to_timestamp(p.e + {maxbuf}), '[)')
  AND t.geog && _ST_Expand(p.geog, p.radius + greatest(p.sep, {maxsep}) + {maxrad})
""",
    "reach": """
   ON t.party <> p.party
  AND t.wbuf && p.wbuf
  AND _ST_Expand(t.geog, t.radius + t.sep) && _ST_Expand(p.geog, p.radius + p.sep)
""",
}
INDEX = {
    "probe": "CREATE INDEX acts_gist ON acts USING gist (geog, win, party)",
    "reach": "CREATE INDEX acts_gist ON acts USING gist ((_ST_Expand(geog, radius + sep)), wbuf, party)",
}


def probe_sql_of(variant):
    return "SELECT t.id FROM probes p JOIN acts t" + CANDIDATES[variant] + EXACT + "WHERE p.id = %s\n"


def pairs_sql_of(variant):
    return "SELECT p.id, t.id FROM acts p JOIN acts t" + CANDIDATES[variant] + EXACT + "  AND p.id < t.id\n"


def q(sorted_v, p):
    if not sorted_v:
        return float("nan")
    k = min(max(math.ceil(p * len(sorted_v)), 1), len(sorted_v))
    return sorted_v[k - 1]


def stats_us(v):
    v = sorted(v)
    return {
        "samples": len(v),
        "mean_us": sum(v) / max(len(v), 1),
        "p50_us": q(v, 0.50),
        "p90_us": q(v, 0.90),
        "p99_us": q(v, 0.99),
        "max_us": q(v, 1.0),
    }


def copy_file(cur, table, path):
    with open(path, "rb") as f, cur.copy(f"COPY {table} ({COLS}) FROM STDIN") as cp:
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            cp.write(block)


def read_engine(path):
    """{(x, y): (distance_m, sep_m)} from an engine TSV."""
    out = {}
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            a, b, d, sep = line.rstrip("\n").split("\t")
            out[(a, b)] = (float(d), float(sep))
    return out


def tolerance(sep):
    return max(1.0, 0.001 * sep)


def explain_diffs(cur, only_engine, only_pg, engine_info, table_x):
    """Classify differing pairs: near the separation boundary (allowed) or not."""
    boundary, real = 0, []
    for side, pairs in (("engine only", only_engine), ("postgis only", only_pg)):
        for x, y in sorted(pairs):
            cur.execute(
                f"""SELECT greatest(ST_Distance(a.geog, b.geog, false) - a.radius - b.radius, 0),
                          greatest(a.sep, b.sep),
                          greatest(a.s, b.s) - least(a.e, b.e) < greatest(a.buf, b.buf),
                          (greatest(a.lo, b.lo) <= least(a.hi, b.hi)
                           OR greatest(a.lo, b.lo) - least(a.hi, b.hi) < greatest(a.vsep, b.vsep)),
                          a.party <> b.party
                     FROM {table_x} a, acts b WHERE a.id = %s AND b.id = %s""",
                (x, y),
            )
            row = cur.fetchone()
            d, sep, t_ok, alt_ok, party_ok = row
            near = t_ok and alt_ok and party_ok and abs(d - sep) <= tolerance(sep)
            if near:
                boundary += 1
            else:
                real.append(
                    {"side": side, "a": x, "b": y, "postgis_distance_m": d, "sep_m": sep,
                     "engine_distance_m": engine_info.get((x, y), (None,))[0] if engine_info else None,
                     "time_ok": t_ok, "alt_ok": alt_ok, "party_ok": party_ok}
                )
    return boundary, real


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--dsn", default=os.environ.get("DECON_BENCH_DSN",
                                                     "postgres://postgres:postgres@127.0.0.1:5432/decon_bench"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-all-pairs", action="store_true")
    ap.add_argument("--index", choices=["reach", "probe"], default="reach")
    args = ap.parse_args()
    d = args.dir
    out = {"system": "postgis", "index": args.index}

    with psycopg.connect(args.dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SELECT postgis_lib_version(), version()")
        out["postgis_version"], out["pg_version"] = cur.fetchone()
        cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        cur.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for name in ("acts", "probes"):
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            cur.execute(SCHEMA.format(name=name))

        # Load: COPY (parses WKT into geography, computes the range), then indexes.
        t0 = time.perf_counter()
        copy_file(cur, "acts", os.path.join(d, "activities.tsv"))
        t_copy = time.perf_counter() - t0
        cur.execute("SELECT count(*) FROM acts")
        n = cur.fetchone()[0]
        t1 = time.perf_counter()
        cur.execute("ALTER TABLE acts ADD PRIMARY KEY (id)")
        t_pk = time.perf_counter() - t1
        t1 = time.perf_counter()
        cur.execute(INDEX[args.index])
        t_gist = time.perf_counter() - t1
        t1 = time.perf_counter()
        cur.execute("ANALYZE acts")
        t_an = time.perf_counter() - t1
        t_load = time.perf_counter() - t0
        out.update(
            n=n,
            copy_s=t_copy,
            copy_per_s=n / t_copy,
            index_pk_s=t_pk,
            index_gist_s=t_gist,
            index_gist_sql=INDEX[args.index],
            analyze_s=t_an,
            load_s=t_load,
            load_per_s=n / t_load,
        )

        copy_file(cur, "probes", os.path.join(d, "probes.tsv"))
        cur.execute("ALTER TABLE probes ADD PRIMARY KEY (id)")
        cur.execute("ANALYZE probes")

        cur.execute("SELECT max(buf), max(sep), max(radius) FROM acts")
        maxbuf, maxsep, maxrad = cur.fetchone()
        out["index_bounds"] = {"maxbuf_s": maxbuf, "maxsep_m": maxsep, "maxrad_m": maxrad}
        consts = dict(maxbuf=int(math.ceil(maxbuf)), maxsep=repr(float(maxsep)), maxrad=repr(float(maxrad)))

        cur.execute("SELECT pg_total_relation_size('acts'), pg_relation_size('acts'), pg_indexes_size('acts')")
        total, heap, idx = cur.fetchone()
        out.update(memory_bytes=total, table_bytes=heap, index_bytes=idx,
                   memory_per_declaration_b=total / max(n, 1))

        # Conflicts of one new activity.
        cur.execute("SELECT id FROM probes ORDER BY id")
        probe_ids = [r[0] for r in cur.fetchall()]
        probe_sql = probe_sql_of(args.index).format(**consts)
        cur.execute("EXPLAIN " + probe_sql, (probe_ids[0],), prepare=False)
        out["probe_plan"] = [r[0] for r in cur.fetchall()]
        pg_probe = set()
        for pid in probe_ids:  # warm-up round, also the conflict sets
            cur.execute(probe_sql, (pid,), prepare=True)
            for (tid,) in cur.fetchall():
                pg_probe.add((pid, tid))
        lat = []
        for _ in range(args.rounds):
            for pid in probe_ids:
                t = time.perf_counter()
                cur.execute(probe_sql, (pid,), prepare=True)
                cur.fetchall()
                lat.append((time.perf_counter() - t) * 1e6)
        # The same queries timed inside the server (no client round trip,
        # no result transfer): EXPLAIN ANALYZE's execution time.
        srv = []
        for pid in probe_ids:
            cur.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + probe_sql, (pid,))
            plan = cur.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            srv.append(plan[0]["Execution Time"] * 1e3)
        out["conflicts_of_server"] = stats_us(srv)
        out["probes"] = len(probe_ids)
        out["probe_conflicts"] = len(pg_probe)
        out["conflicts_of"] = stats_us(lat)

        eng_probe = read_engine(os.path.join(d, "engine_probe_conflicts.tsv"))
        if eng_probe is not None:
            e_set = set(eng_probe)
            boundary, real = explain_diffs(cur, e_set - pg_probe, pg_probe - e_set, eng_probe, "probes")
            out["probe_agreement"] = {
                "engine": len(e_set), "postgis": len(pg_probe), "both": len(e_set & pg_probe),
                "engine_only": len(e_set - pg_probe), "postgis_only": len(pg_probe - e_set),
                "differences_at_boundary": boundary, "differences_not_at_boundary": len(real),
                "examples": real[:10],
            }

        # All conflicting pairs.
        if not args.no_all_pairs:
            pairs_sql = pairs_sql_of(args.index).format(**consts)
            cur.execute("EXPLAIN " + pairs_sql)
            out["pairs_plan"] = [r[0] for r in cur.fetchall()]
            t = time.perf_counter()
            cur.execute(pairs_sql)
            rows = cur.fetchall()
            out["all_pairs_s"] = time.perf_counter() - t
            pg_pairs = set(rows)
            out["all_pairs"] = len(pg_pairs)
            eng_pairs = read_engine(os.path.join(d, "engine_pairs.tsv"))
            if eng_pairs is not None:
                e_set = set(eng_pairs)
                boundary, real = explain_diffs(cur, e_set - pg_pairs, pg_pairs - e_set, eng_pairs, "acts")
                out["pairs_agreement"] = {
                    "engine": len(e_set), "postgis": len(pg_pairs), "both": len(e_set & pg_pairs),
                    "engine_only": len(e_set - pg_pairs), "postgis_only": len(pg_pairs - e_set),
                    "differences_at_boundary": boundary, "differences_not_at_boundary": len(real),
                    "examples": real[:10],
                }
        cur.execute("SHOW max_parallel_workers_per_gather")
        out["max_parallel_workers_per_gather"] = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        out["shared_buffers"] = cur.fetchone()[0]

    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
