#!/usr/bin/env python3
"""Run the engine and HiGHS on the same generated instances, print a table.

Called by run.sh (which installs highspy and builds the examples). For each
size, seed and profile:

1. `alloc_bench PROFILE PEOPLE SEED INSTANCE.json` generates the instance and
   writes it as contract JSON;
2. `alloc_solve INSTANCE.json RESULT.json` (what `ittifaq alloc solve` does:
   read, parse, solve, fairness report, write) runs under `/usr/bin/time -v`:
   the engine's figures are that whole process's CPU time (user + system)
   and peak resident memory;
3. `highs_mip.py INSTANCE.json` builds the exact MIP and solves it with one
   thread to the gap target; HiGHS's figure is the CPU time of `Highs.run()`
   alone (JSON reading and model building excluded, which favours HiGHS);
   it also evaluates every MIP row at the engine's plan;
4. `alloc_solve INSTANCE.json SAME.json --gap GAP` solves again with HiGHS's
   gap target instead of the CLI's default (timed like step 2);
5. `alloc_solve INSTANCE.json FAIR.json --priority-fair --check` solves again
   in the priority-fair mode and runs the independent checker on that plan
   (cost of the mode, envy left, violations).

Raw JSON lines go to OUT/results.jsonl; `--table-only` prints the tables
from that file.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES = ["loose", "seat-scarce", "quota-bound", "cap-bound", "chain-heavy"]


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def timed(cmd):
    """Run cmd under /usr/bin/time -v; return (last stdout line as JSON,
    cpu seconds, peak RSS KiB, wall seconds)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    err = p.stderr
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    return json.loads(p.stdout.strip().splitlines()[-1]), user + system, rss, wall


def run_one(args, profile, people, seed, jsonl):
    tag = f"{profile}-{people}-{seed}"
    inst = os.path.join(args.out, f"instance-{tag}.json")
    result = os.path.join(args.out, f"result-{tag}.json")
    fair = os.path.join(args.out, f"fair-{tag}.json")
    row = {"profile": profile, "people": people, "seed": seed, "load_before": loadavg()}
    cmd = [args.bench, profile, str(people), str(seed), inst]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    gen = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    row.update({k: gen[k] for k in ("sessions", "seats", "units", "nominations")})
    cmd = [args.solve, inst, result, "--time-limit", str(args.engine_seconds)]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    eng, cpu, rss, wall = timed(cmd)
    row["engine"] = {"cpu_s": cpu, "wall_s": wall, "peak_rss_kib": rss, **eng}
    if not args.skip_highs:
        cmd = [
            sys.executable,
            os.path.join(HERE, "highs_mip.py"),
            inst,
            "--gap",
            str(args.gap),
            "--time-limit",
            str(args.time_limit),
            "--log",
            os.path.join(args.out, f"highs-{tag}.log"),
            "--check-plan",
            result,
        ]
        print("+", " ".join(cmd), file=sys.stderr, flush=True)
        row["highs_load_before"] = loadavg()
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr[-2000:], file=sys.stderr)
            row["highs"] = {"error": p.returncode}
        else:
            row["highs"] = json.loads(p.stdout.strip().splitlines()[-1])
    # The engine again with HiGHS's gap target instead of the CLI's default
    # (like for like: both stop once the same relative gap is proven).
    same_out = os.path.join(args.out, f"same-gap-{tag}.json")
    cmd = [args.solve, inst, same_out, "--time-limit", str(args.engine_seconds), "--gap", str(args.gap)]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    same, scpu, srss, swall = timed(cmd)
    row["engine_same_gap"] = {"cpu_s": scpu, "wall_s": swall, "peak_rss_kib": srss, **same}
    cmd = [args.solve, inst, fair, "--time-limit", str(args.engine_seconds), "--priority-fair", "--check"]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    fe, fcpu, frss, _ = timed(cmd)
    row["fair"] = {"cpu_s": fcpu, "peak_rss_kib": frss, **fe}
    row["load_after"] = loadavg()
    jsonl.write(json.dumps(row) + "\n")
    jsonl.flush()
    print(json.dumps(row), file=sys.stderr, flush=True)
    if not args.keep:
        for f in (inst, result, same_out, fair):
            os.remove(f)


def table(rows, gap_target):
    print(f"HiGHS gap target {100 * gap_target:g} %; ratio = HiGHS CPU time of run() / engine whole-process CPU time.")
    print()
    print(
        "| profile | people | seed | sessions / seats | nominations | engine CPU (whole process) | engine peak memory "
        "| engine objective / bound | HiGHS CPU (run) | HiGHS objective / bound | ratio | engine vs HiGHS objective "
        "| MIP rows violated by engine plan | engine at HiGHS's gap: CPU, objective vs HiGHS, ratio "
        "| priority-fair: cost, envy left, checker | load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        e, h, f = r["engine"], r.get("highs"), r.get("fair", {})
        hs = "—"
        ho = "—"
        ratio = "—"
        rel = "—"
        viol = "—"
        if h and "error" not in h:
            hs = f"{h['run_cpu_s']:.1f} s"
            if not h["reached_gap"]:
                hs += f" (stopped: {h['status']})"
            ho = "—" if h["objective"] is None else f"{h['objective']:,.0f} / {h['bound']:,.0f}"
            r_ = h["run_cpu_s"] / e["cpu_s"] if e["cpu_s"] > 0 else float("inf")
            ratio = f"{'> ' if not h['reached_gap'] else ''}{r_:.1f}×"
            if h["objective"]:
                rel = f"{100 * (e['objective'] - h['objective']) / h['objective']:+.3f} %"
            viol = str(h.get("plan_rows_violated"))
        elif h:
            hs = f"failed ({h['error']})"
        same = "—"
        sg = r.get("engine_same_gap")
        if sg and h and "error" not in h and h.get("objective"):
            sr = h["run_cpu_s"] / sg["cpu_s"] if sg["cpu_s"] > 0 else float("inf")
            same = (
                f"{sg['cpu_s']:.2f} s, {100 * (sg['objective'] - h['objective']) / h['objective']:+.3f} %, "
                f"{'> ' if not h['reached_gap'] else ''}{sr:.1f}×"
            )
        pf = f.get("priority_fair") or {}
        fair = (
            f"{pf.get('cost', '—')} ({100 * pf.get('cost_share', 0):.2f} %), {pf.get('envy', '—')}, "
            f"{f.get('violations', '—')} violations"
            if pf
            else "—"
        )
        print(
            f"| {r['profile']} | {r['people']:,} | {r['seed']} | {r['sessions']:,} / {r['seats']:,} | {r['nominations']:,} "
            f"| {e['cpu_s']:.2f} s | {e['peak_rss_kib'] / 1024:,.0f} MiB "
            f"| {e['objective']:,} / {e['bound']:,.0f} | {hs} | {ho} | {ratio} | {rel} | {viol} | {same} | {fair} "
            f"| {r['load_before']:.1f} |"
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", help="path of the alloc_bench example binary")
    ap.add_argument("--solve", help="path of the alloc_solve example binary")
    ap.add_argument("--profiles", default=",".join(PROFILES))
    ap.add_argument("--people", default="20000,200000")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--gap", type=float, default=0.001)
    ap.add_argument("--time-limit", type=float, default=600.0, help="HiGHS limit in s")
    ap.add_argument("--engine-seconds", type=float, default=120.0)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--skip-highs", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep instance and result files")
    ap.add_argument("--table-only", action="store_true", help="print the table of OUT/results.jsonl")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "results.jsonl")
    if not args.table_only:
        with open(path, "a") as jsonl:
            for people in [int(x) for x in args.people.split(",") if x]:
                for seed in [int(x) for x in args.seeds.split(",") if x]:
                    for profile in [p for p in args.profiles.split(",") if p]:
                        run_one(args, profile, people, seed, jsonl)
    rows = [json.loads(line) for line in open(path) if line.strip()]
    table(rows, args.gap)


if __name__ == "__main__":
    main()
