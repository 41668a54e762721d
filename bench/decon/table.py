#!/usr/bin/env python3
"""Print the side-by-side table (Markdown) from engine.json and postgis.json.

    python3 table.py ENGINE_JSON POSTGIS_JSON
"""

import json
import sys


def fmt_int(x):
    return "–" if x is None else f"{x:,.0f}"


def fmt_us(x):
    if x is None:
        return "–"
    if x >= 1000:
        return f"{x / 1000:,.2f} ms"
    return f"{x:,.1f} µs"


def fmt_s(x):
    return "–" if x is None else f"{x:,.2f} s"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:,.1f}×"


def main():
    e = json.load(open(sys.argv[1]))
    p = json.load(open(sys.argv[2]))
    n = e["n"]
    ec, pc = e["conflicts_of"], p["conflicts_of"]
    rows = [
        ("declarations loaded per second (engine: `declare`, each with its conflict check; PostGIS: COPY only)",
         fmt_int(e["load_per_s"]), fmt_int(p["copy_per_s"]), ratio(e["load_per_s"], p["copy_per_s"])),
        ("declarations loaded per second (PostGIS: COPY + primary key + GiST index + ANALYZE)",
         fmt_int(e["load_per_s"]), fmt_int(p["load_per_s"]), ratio(e["load_per_s"], p["load_per_s"])),
        ("load time", fmt_s(e["load_s"]), fmt_s(p["load_s"]), ratio(p["load_s"], e["load_s"])),
    ]
    if "index_load_per_s" in e:
        # Loading what is already declared (a restart): the index alone, like COPY + GiST.
        rows.insert(2, ("declarations loaded per second (engine: `load`, the index alone, as at a restart; "
                        "PostGIS: COPY + primary key + GiST index + ANALYZE)",
                        fmt_int(e["index_load_per_s"]), fmt_int(p["load_per_s"]),
                        ratio(e["index_load_per_s"], p["load_per_s"])))
    for k, label in (("p50_us", "p50"), ("p90_us", "p90"), ("p99_us", "p99"), ("max_us", "max")):
        rows.append((f"conflicts of a new activity, {label} ({ec['samples']:,} / {pc['samples']:,} timed calls)",
                     fmt_us(ec[k]), fmt_us(pc[k]), ratio(pc[k], ec[k])))
    ps = p.get("conflicts_of_server")
    if ps:
        for k, label in (("p50_us", "p50"), ("p99_us", "p99")):
            rows.append((f"conflicts of a new activity, {label}, PostGIS timed inside the server (EXPLAIN ANALYZE, "
                         f"{ps['samples']:,} calls)", fmt_us(ec[k]), fmt_us(ps[k]), ratio(ps[k], ec[k])))
    rows.append(("conflicts found for the 1,000 probes", fmt_int(e["probe_conflicts"]),
                 fmt_int(p["probe_conflicts"]), ""))
    rows.append((f"all conflicting pairs of {n:,} activities", fmt_s(e.get("all_pairs_s")),
                 fmt_s(p.get("all_pairs_s")), ratio(p.get("all_pairs_s"), e.get("all_pairs_s"))))
    rows.append(("conflicting pairs found", fmt_int(e.get("all_pairs")), fmt_int(p.get("all_pairs")), ""))
    rows.append(("memory per declaration (engine: estimate of its heap; PostGIS: table + TOAST + indexes on disk)",
                 f"{e['memory_per_declaration_b']:,.0f} B", f"{p['memory_per_declaration_b']:,.0f} B",
                 ratio(p["memory_per_declaration_b"], e["memory_per_declaration_b"])))

    print(f"N = {n:,} active declarations; PostGIS index variant: {p.get('index', 'probe')}")
    print()
    print("| measure | engine | PostGIS | PostGIS / engine |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    for key, what in (("probe_agreement", "probe conflict sets"), ("pairs_agreement", "all-pairs sets")):
        a = p.get(key)
        if a:
            print(f"- {what}: both {a['both']:,}, engine only {a['engine_only']:,}, PostGIS only "
                  f"{a['postgis_only']:,}; of the differences {a['differences_at_boundary']:,} are within the "
                  f"contract's boundary tolerance, {a['differences_not_at_boundary']:,} are not")
            for ex in a.get("examples", []):
                print(f"  - {json.dumps(ex)}")
    print()
    goals = [
        ("p99 of conflicts of a new activity < 1 ms", ec["p99_us"] < 1000),
        ("p99 at least 20× faster than PostGIS (client-timed)", pc["p99_us"] >= 20 * ec["p99_us"]),
        ("p99 at least 20× faster than PostGIS (server-timed)",
         p.get("conflicts_of_server", {}).get("p99_us", 0) >= 20 * ec["p99_us"]),
        (f"all pairs of {n:,} < 5 s", None if e.get("all_pairs_s") is None else e["all_pairs_s"] < 5),
        ("≥ 100,000 declarations loaded per second, each with its conflict check", e["load_per_s"] >= 100_000),
        ("≥ 100,000 declarations loaded per second into the index (a restart)",
         e["index_load_per_s"] >= 100_000 if "index_load_per_s" in e else None),
    ]
    verdict = {True: "met", False: "NOT met", None: "not measured"}
    print(f"Goals at N = {n:,}: " + "; ".join(f"{g}: {verdict[ok]}" for g, ok in goals))


if __name__ == "__main__":
    main()
