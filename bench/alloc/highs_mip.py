#!/usr/bin/env python3
"""HiGHS half of the side-by-side seat-allocation benchmark.

Reads an allocation instance (contract JSON, shared/contracts/allocation.md),
builds the exact MIP with highspy and solves it until HiGHS proves a relative
gap of at most --gap (default 0.001) or hits --time-limit. Prints one JSON
line: build_s (JSON read + model build), run_s and run_cpu_s (wall clock and
CPU time of Highs.run(): presolve + branch and bound, i.e. the time to reach
the gap), status, objective, bound (HiGHS
dual bound), gap ((bound - objective) / bound, the engine's definition),
HiGHS' own mip_gap, peak RSS (getrusage), model size.

Model (one binary x per nomination that passes rank and language):
  max   sum w_n x_n
  capacity    sum_{n in s} x_n <= capacity(s)
  quota       sum_{n in s, party(n)=P} x_n <= quota(s, P)
  prereq      for each required qualification q the person lacks:
              x_n <= sum of x_m over the person's nominations m whose course
              grants q and whose session ends before n's session starts
  overlap     per person, one row per maximal set of the person's sessions
              sharing a day (interval cliques): sum <= 1
  limit       per person: sum x <= max_sessions (when it binds)
  unit away   per unit with max_away, one row per maximal set of members'
              sessions sharing a day: sum <= max_away (when it binds)
For interval graphs the maximal cliques are exactly the "all intervals
covering day d" sets, so these rows are equivalent to "on every day".

--check-plan RESULT.json evaluates every row at the engine's plan (to show
the MIP does not cut off a plan the checker accepts) and reports violations.

--envy-free adds rows that every plan without justified envy satisfies (see
envy_rows): the MIP is then a relaxation of the priority-fair problem, and
its bound is an upper bound on every envy-free plan's weight.
"""

import argparse
import datetime
import heapq
import json
import resource
import sys
import time
from collections import defaultdict

import numpy as np

RANKS = (
    [f"OR-{i}" for i in range(1, 10)]
    + [f"WO-{i}" for i in range(1, 6)]
    + [f"OF-{i}" for i in range(1, 11)]
)
RANK_ORD = {r: i for i, r in enumerate(RANKS)}


def peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def interval_cliques(items):
    """items: list of (start, end, var). Yield the var lists of the maximal
    cliques of the interval graph (sets of intervals sharing a day)."""
    items = sorted(items)
    active = []  # heap of (end, var)
    out = []
    i = 0
    n = len(items)
    while i < n:
        d = items[i][0]
        while active and active[0][0] < d:
            heapq.heappop(active)
        while i < n and items[i][0] == d:
            heapq.heappush(active, (items[i][1], items[i][2]))
            i += 1
        nxt = items[i][0] if i < n else None
        # Maximal iff the next start is after some active interval ends
        # (otherwise the set at the next start is a superset).
        if nxt is None or active[0][0] < nxt:
            out.append([v for _, v in active])
    return out


class Rows:
    def __init__(self):
        self.starts = [0]
        self.index = []
        self.value = []
        self.upper = []
        self.kind = []

    def add(self, idx, val, upper, kind):
        self.index.extend(idx)
        self.value.extend(val)
        self.starts.append(len(self.index))
        self.upper.append(upper)
        self.kind.append(kind)


def build(inst, envy_free=False):
    sessions = {}
    for s in inst["sessions"]:
        sessions[s["id"]] = s
        s["_a"] = day(s["start"])
        s["_b"] = day(s["end"])
    courses = {c["id"]: c for c in inst["courses"]}
    people = {p["id"]: p for p in inst["people"]}
    for p in inst["people"]:
        p["_q"] = set(p.get("qualifications", []))
        p["_l"] = set(p.get("languages", []))
    units = {u["id"]: u for u in inst["units"]}

    # Variables: nominations eligible by rank and language.
    var_nom = []  # (person, session, weight)
    for n in inst["nominations"]:
        p = people[n["person"]]
        s = sessions[n["session"]]
        r = RANK_ORD[p["rank"]]
        if s.get("min_rank") and r < RANK_ORD[s["min_rank"]]:
            continue
        if s.get("max_rank") and r > RANK_ORD[s["max_rank"]]:
            continue
        if s.get("language") and s["language"] not in p["_l"]:
            continue
        var_nom.append((n["person"], n["session"], n["weight"]))
    nv = len(var_nom)
    by_person = defaultdict(list)
    by_session = defaultdict(list)
    for j, (pid, sid, _) in enumerate(var_nom):
        by_person[pid].append(j)
        by_session[sid].append(j)

    rows = Rows()
    ub = np.ones(nv)
    # Capacity and quota.
    for sid, js in by_session.items():
        s = sessions[sid]
        if len(js) > s["capacity"]:
            rows.add(js, [1.0] * len(js), s["capacity"], "capacity")
        for party, q in (s.get("quota") or {}).items():
            pj = [j for j in js if people[var_nom[j][0]]["party"] == party]
            if len(pj) > q:
                rows.add(pj, [1.0] * len(pj), q, "quota")
    # Per person: prerequisites, overlap, limit.
    unit_items = defaultdict(list)
    for pid, js in by_person.items():
        p = people[pid]
        for j in js:
            s = sessions[var_nom[j][1]]
            for q in courses[s["course"]].get("requires", []):
                if q in p["_q"]:
                    continue
                grant = [
                    m
                    for m in js
                    if m != j
                    and courses[sessions[var_nom[m][1]]["course"]].get("grants") == q
                    and sessions[var_nom[m][1]]["_b"] < s["_a"]
                ]
                if not grant:
                    ub[j] = 0.0
                    break
                rows.add([j] + grant, [1.0] + [-1.0] * len(grant), 0.0, "prereq")
        live = [j for j in js if ub[j] > 0]
        limit = p.get("max_sessions", 1)
        if len(live) > limit:
            rows.add(live, [1.0] * len(live), limit, "limit")
        if limit > 1:  # with limit 1 the limit row implies every overlap row
            for c in interval_cliques([(sessions[var_nom[j][1]]["_a"], sessions[var_nom[j][1]]["_b"], j) for j in live]):
                if len(c) > 1:
                    rows.add(c, [1.0] * len(c), 1.0, "overlap")
        u = units.get(p["unit"])
        if u is not None and u.get("max_away") is not None:
            for j in live:
                s = sessions[var_nom[j][1]]
                unit_items[p["unit"]].append((s["_a"], s["_b"], j))
    for uid, items in unit_items.items():
        m = units[uid]["max_away"]
        for c in interval_cliques(items):
            if len(c) > m:
                rows.add(c, [1.0] * len(c), m, "unit_away")
    extra = envy_rows(var_nom, ub, rows, sessions, courses, people, units, by_person, by_session) if envy_free else 0
    return var_nom, ub, rows, extra


def envy_rows(var_nom, ub, rows, sessions, courses, people, units, by_person, by_session):
    """Rows that every plan without justified envy satisfies (a relaxation
    of the priority-fair problem, so the MIP's bound with them bounds every
    envy-free plan). For a nomination n of person i (no prerequisite i
    lacks, max_sessions >= 1) and an assigned lighter m of the same session
    and party, with i's unit uncapped or m of i's unit: withdrawing m and
    i's lighter assignments that grant nothing i needs frees a seat, the
    quota place and the unit's days, so n fits unless i's remaining
    assignments S (as heavy as n, or granting a qualification another of
    i's nominations requires) overlap n or fill max_sessions:
        x_m <= x_n + sum_{k in S overlapping n} x_k + sum_{k in S, disjoint} x_k / max_sessions.
    "Some lighter m is assigned" is a chain of continuous variables per
    (session, party) and weight (v_w >= x_m for m of weight w, v_w >= v_w'
    for w' < w); pairs within a capped unit get one row each. Returns the
    number of added variables (indices from len(var_nom))."""
    nv = len(var_nom)
    extra = 0

    def course_of(j):
        return courses[sessions[var_nom[j][1]]["course"]]

    def overlap(j, k):
        a, b = sessions[var_nom[j][1]], sessions[var_nom[k][1]]
        return a["_a"] <= b["_b"] and b["_a"] <= a["_b"]

    # Nominations that grant a qualification another of the person's
    # nominations requires (they may have to stay).
    feeds = set()
    for pid, js in by_person.items():
        held = people[pid]["_q"]
        for j in js:
            g = course_of(j).get("grants")
            if g and g not in held and any(k != j and g in course_of(k).get("requires", []) for k in js):
                feeds.add(j)

    def right_side(n):
        pid, _, w = var_nom[n]
        limit = people[pid].get("max_sessions", 1)
        idx, val = [n], [-1.0]
        for k in by_person[pid]:
            if k != n and ub[k] > 0 and (var_nom[k][2] >= w or k in feeds):
                idx.append(k)
                val.append(-1.0 if overlap(k, n) else -1.0 / limit)
        return idx, val

    for sid, js in by_session.items():
        by_party = defaultdict(list)
        for j in js:
            if ub[j] > 0:
                by_party[people[var_nom[j][0]]["party"]].append(j)
        for party, pj in by_party.items():
            weights = sorted({var_nom[j][2] for j in pj})
            if len(weights) < 2:
                continue
            chain = {}
            prev = None
            for w in weights:
                v = nv + extra
                extra += 1
                chain[w] = v
                for j in pj:
                    if var_nom[j][2] == w:
                        rows.add([j, v], [1.0, -1.0], 0.0, "envy_link")
                if prev is not None:
                    rows.add([prev, v], [1.0, -1.0], 0.0, "envy_chain")
                prev = v
            for n in pj:
                pid, _, w = var_nom[n]
                p = people[pid]
                if p.get("max_sessions", 1) < 1 or any(
                    q not in p["_q"] for q in course_of(n).get("requires", [])
                ):
                    continue
                lighter = [x for x in weights if x < w]
                if not lighter:
                    continue
                idx, val = right_side(n)
                u = units.get(p["unit"])
                if u is None or u.get("max_away") is None:
                    rows.add([chain[lighter[-1]]] + idx, [1.0] + val, 0.0, "envy")
                else:
                    for m in pj:
                        if var_nom[m][2] < w and people[var_nom[m][0]]["unit"] == p["unit"]:
                            rows.add([m] + idx, [1.0] + val, 0.0, "envy")
    return extra


def check_plan(var_nom, ub, rows, extra, result_path):
    res = json.load(open(result_path))
    where = {(p, s): j for j, (p, s, _) in enumerate(var_nom)}
    x = np.zeros(len(var_nom) + extra)
    missing = 0
    for a in res["assignments"]:
        j = where.get((a["person"], a["session"]))
        if j is None:
            missing += 1
        else:
            x[j] = 1.0
    bad_ub = int(np.sum(x[: len(var_nom)] > ub))
    # The envy chains' variables at their least values for the plan (each
    # row of a chain comes after those of the lighter weights).
    for r, kind in enumerate(rows.kind):
        if kind in ("envy_link", "envy_chain"):
            a, v = rows.index[rows.starts[r]], rows.index[rows.starts[r] + 1]
            x[v] = max(x[v], x[a])
    starts = np.asarray(rows.starts, dtype=np.int64)
    idx = np.asarray(rows.index, dtype=np.int64)
    val = np.asarray(rows.value)
    act = np.add.reduceat(val * x[idx], starts[:-1]) if len(idx) else np.zeros(0)
    # reduceat on empty segments is wrong, but every row has >= 1 entry.
    over = act > np.asarray(rows.upper) + 1e-9
    kinds = defaultdict(int)
    for r in np.nonzero(over)[0]:
        kinds[rows.kind[r]] += 1
    obj = float(sum(var_nom[j][2] for j in np.nonzero(x[: len(var_nom)])[0]))
    return {
        "plan_objective": obj,
        "plan_not_a_variable": missing,
        "plan_fixed_zero": bad_ub,
        "plan_rows_violated": int(over.sum()),
        "plan_violated_kinds": dict(kinds),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance")
    ap.add_argument("--gap", type=float, default=0.001, help="mip_rel_gap (default 0.001 = 0.1 %%)")
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--log", default=None, help="HiGHS log file")
    ap.add_argument("--check-plan", default=None, help="engine RESULT.json to evaluate against the rows")
    ap.add_argument(
        "--envy-free",
        action="store_true",
        help="add rows every plan without justified envy satisfies: the bound then bounds every priority-fair plan",
    )
    args = ap.parse_args()

    import highspy

    t0 = time.perf_counter()
    inst = json.load(open(args.instance))
    var_nom, ub, rows, extra = build(inst, args.envy_free)
    del inst
    nv = len(var_nom)
    nr = len(rows.upper)
    nnz = len(rows.index)

    h = highspy.Highs()
    h.setOptionValue("output_flag", args.log is not None)
    h.setOptionValue("log_to_console", False)
    if args.log:
        h.setOptionValue("log_file", args.log)
    h.setOptionValue("mip_rel_gap", args.gap)
    h.setOptionValue("time_limit", args.time_limit)
    h.setOptionValue("threads", args.threads)
    inf = highspy.kHighsInf
    h.addVars(nv, np.zeros(nv), ub)
    cols = np.arange(nv, dtype=np.int32)
    h.changeColsCost(nv, cols, np.array([w for _, _, w in var_nom], dtype=np.float64))
    h.changeColsIntegrality(nv, cols, np.full(nv, highspy.HighsVarType.kInteger, dtype=np.uint8))
    if extra:
        h.addVars(extra, np.zeros(extra), np.ones(extra))
    h.addRows(
        nr,
        np.full(nr, -inf),
        np.asarray(rows.upper, dtype=np.float64),
        nnz,
        np.asarray(rows.starts[:-1], dtype=np.int32),
        np.asarray(rows.index, dtype=np.int32),
        np.asarray(rows.value, dtype=np.float64),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    build_s = time.perf_counter() - t0
    rss_build = peak_rss_kib()

    t1 = time.perf_counter()
    c1 = time.process_time()
    h.run()
    run_cpu_s = time.process_time() - c1
    run_s = time.perf_counter() - t1
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    obj = info.objective_function_value
    bound = info.mip_dual_bound
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    gap = (bound - obj) / bound if has_sol and bound > 0 else None
    counts = defaultdict(int)
    for k in rows.kind:
        counts[k] += 1
    out = {
        "solver": "highs",
        "highs_version": h.version() if hasattr(h, "version") else None,
        "variables": nv,
        "rows": nr,
        "nonzeros": nnz,
        "envy_free_rows": args.envy_free,
        "row_kinds": dict(counts),
        "gap_target": args.gap,
        "time_limit": args.time_limit,
        "threads": args.threads,
        "build_s": build_s,
        "run_s": run_s,
        "run_cpu_s": run_cpu_s,
        "status": status,
        "reached_gap": status == "Optimal" and gap is not None and gap <= args.gap + 1e-12,
        "objective": obj if has_sol else None,
        "bound": bound,
        "gap": gap,
        "highs_mip_gap": info.mip_gap,
        "nodes": info.mip_node_count,
        "peak_rss_build_kib": rss_build,
        "peak_rss_kib": peak_rss_kib(),
    }
    if args.check_plan:
        out.update(check_plan(var_nom, ub, rows, extra, args.check_plan))
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
