#!/usr/bin/env python3
"""Run the engine and HiGHS on the same generated instances, print a table.

Called by run.sh (which installs highspy and builds the example). Each size
is PEOPLE/SESSIONS; for each: the engine example generates the instance,
writes it as JSON, solves and checks it; then highs_mip.py builds the MIP
from that JSON and solves it to the gap target (or the time limit). Raw JSON
lines go to OUT/results.jsonl, the HiGHS logs to OUT/highs-PEOPLE.log.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def fmt_int(x):
    return "—" if x is None else f"{x:,.0f}"


def fmt_gap(g):
    return "—" if g is None else f"{100 * g:.4f} %"


def fmt_mib(kib):
    return "—" if kib is None else f"{kib / 1024:,.0f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True, help="path of the alloc_bench example binary")
    ap.add_argument("--sizes", default="2000/100,20000/1000,200000/8000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gap", type=float, default=0.001)
    ap.add_argument("--time-limits", default="600", help="HiGHS limit(s) in s, one per size or one for all")
    ap.add_argument("--engine-seconds", type=int, default=120)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--skip-highs", action="store_true")
    ap.add_argument(
        "--exact-up-to",
        type=int,
        default=2000,
        help="also solve sizes up to this many people with HiGHS to proven optimality (gap 0) as a sanity check",
    )
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    sizes = [tuple(int(v) for v in s.split("/")) for s in args.sizes.split(",") if s]
    limits = [float(v) for v in args.time_limits.split(",")]
    rows = []
    jsonl = open(os.path.join(args.out, "results.jsonl"), "a")
    for k, (people, sessions) in enumerate(sizes):
        limit = limits[k] if k < len(limits) else limits[-1]
        inst = os.path.join(args.out, f"instance-{people}-{sessions}-{args.seed}.json")
        result = os.path.join(args.out, f"result-{people}-{sessions}-{args.seed}.json")
        load0 = loadavg()
        cmd = [args.engine, str(people), str(sessions), str(args.seed), inst, str(args.engine_seconds), result]
        print("+", " ".join(cmd), file=sys.stderr, flush=True)
        eng = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        eng["load_before"] = load0
        jsonl.write(json.dumps(eng) + "\n")
        jsonl.flush()
        print(json.dumps(eng), file=sys.stderr, flush=True)
        hi = None
        if not args.skip_highs:
            load1 = loadavg()
            cmd = [
                sys.executable,
                os.path.join(HERE, "highs_mip.py"),
                inst,
                "--gap",
                str(args.gap),
                "--time-limit",
                str(limit),
                "--log",
                os.path.join(args.out, f"highs-{people}-{sessions}-{args.seed}.log"),
                "--check-plan",
                result,
            ]
            print("+", " ".join(cmd), file=sys.stderr, flush=True)
            t = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stderr, file=sys.stderr)
                hi = {"solver": "highs", "error": p.returncode, "wall_s": time.perf_counter() - t}
            else:
                hi = json.loads(p.stdout.strip().splitlines()[-1])
            hi["load_before"] = load1
            hi["load_after"] = loadavg()
            hi["people"] = people
            hi["sessions"] = sessions
            jsonl.write(json.dumps(hi) + "\n")
            jsonl.flush()
            print(json.dumps(hi), file=sys.stderr, flush=True)
        exact = None
        if not args.skip_highs and people <= args.exact_up_to:
            cmd = [sys.executable, os.path.join(HERE, "highs_mip.py"), inst, "--gap", "0", "--time-limit", str(limit)]
            print("+", " ".join(cmd), file=sys.stderr, flush=True)
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode == 0:
                exact = json.loads(p.stdout.strip().splitlines()[-1])
                exact["people"] = people
                exact["sessions"] = sessions
                jsonl.write(json.dumps(exact) + "\n")
                jsonl.flush()
                print(json.dumps(exact), file=sys.stderr, flush=True)
        rows.append((people, sessions, eng, hi, exact))

    print()
    print(f"Gap target {100 * args.gap:g} %. Gap = (bound - objective) / bound.")
    print()
    print(
        "| people | sessions | nominations | solver | time | objective | bound | gap | peak memory | notes |\n"
        "|-------:|---------:|------------:|--------|-----:|----------:|------:|----:|------------:|-------|"
    )
    for people, sessions, eng, hi, exact in rows:
        print(
            f"| {people:,} | {sessions:,} | {eng['nominations']:,} | ittifaq-alloc | {eng['solve_s']:.2f} s "
            f"| {fmt_int(eng['objective'])} | {fmt_int(eng['bound'])} | {fmt_gap(eng['gap'])} "
            f"| {fmt_mib(eng['peak_rss_solve_kib'])} | checker: {eng['violations']} violations; load {eng['load_before']:.1f} |"
        )
        if hi is None:
            continue
        if "error" in hi:
            print(f"| | | | HiGHS | — | — | — | — | — | failed (exit {hi['error']}) |")
            continue
        note = "reached gap" if hi["reached_gap"] else f"did NOT reach {100 * args.gap:g} % within {hi['time_limit']:.0f} s ({hi['status']})"
        note += f"; build {hi['build_s']:.1f} s; {hi['variables']:,} vars, {hi['rows']:,} rows; load {hi['load_before']:.1f}"
        if hi.get("plan_rows_violated") is not None:
            note += f"; engine plan violates {hi['plan_rows_violated']} MIP rows"
        print(
            f"| | | | HiGHS | {hi['run_s']:.2f} s | {fmt_int(hi['objective'])} | {fmt_int(hi['bound'])} "
            f"| {fmt_gap(hi['gap'])} | {fmt_mib(hi['peak_rss_kib'])} | {note} |"
        )
    print()
    for people, sessions, eng, hi, exact in rows:
        if hi is None or "error" in hi:
            continue
        ratio = hi["run_s"] / eng["solve_s"] if eng["solve_s"] > 0 else float("inf")
        sane = ""
        if hi["objective"] is not None:
            # Each side's bound must be at least the other side's plan.
            ok = hi["bound"] >= eng["objective"] - 1e-6 and eng["bound"] >= hi["objective"] - 1e-6
            sane = (
                f"; HiGHS bound {hi['bound']:,.0f} >= engine objective and engine bound "
                f"{eng['bound']:,.0f} >= HiGHS objective: {'yes' if ok else 'NO (inconsistent)'}"
            )
        verdict = (
            f"{ratio:.1f}x (HiGHS run time / engine solve time)"
            if hi["reached_gap"]
            else f"> {ratio:.1f}x (HiGHS stopped at its limit without the gap)"
        )
        print(f"{people:,} people: speed ratio {verdict}{sane}")
        if exact is not None and exact["status"] == "Optimal":
            opt = exact["objective"]
            ok = eng["objective"] <= opt + 1e-6 and opt <= eng["bound"] + 1e-6
            print(
                f"{people:,} people: HiGHS proven optimum {opt:,.0f} (gap 0, {exact['run_s']:.2f} s); "
                f"engine objective {eng['objective']:,} <= optimum <= engine bound {eng['bound']:,.0f}: "
                f"{'yes' if ok else 'NO'}"
            )


if __name__ == "__main__":
    main()
